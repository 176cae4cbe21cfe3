//! Vendor adapters on fixtures that reproduce each vendor's real header
//! rows, value formats and quirks (tests/data/vendors). Every expected value
//! is computed by hand; the working is in the comments. Period: March 2026,
//! UTC, unless a test says otherwise.

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions, LoadedFile, ADAPTERS};
use serde_json::{json, Value};

const MARCH: &str = r#"{"period": {"start": "2026-03-01", "end": "2026-04-01"}}"#;

fn file(name: &str) -> LoadedFile {
    let path = format!("{}/tests/data/vendors/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    load(name, &bytes, LoadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(names: &[&str], config: &str) -> Value {
    let config = Config::from_json(config).unwrap();
    let mut data = Dataset::new();
    for name in names {
        data.add(file(name)).unwrap();
    }
    serde_json::to_value(report(&data, &config).unwrap()).unwrap()
}

fn assert_dist(metrics: &Value, id: &str, count: u64, sum: f64, median: f64, p90: f64) {
    let m = &metrics[id];
    assert_eq!(m["count"], json!(count), "{id}.count: {m}");
    let close = |key: &str, want: f64| {
        let got = m[key].as_f64().unwrap_or(f64::NAN);
        assert!(
            (got - want).abs() < 1e-9,
            "{id}.{key}: got {got}, want {want}"
        );
    };
    close("sum", sum);
    close("mean", sum / count as f64);
    close("median", median);
    close("p90", p90);
}

fn assert_rate(metrics: &Value, id: &str, numerator: u64, denominator: u64) {
    let m = &metrics[id];
    assert_eq!(m["numerator"], json!(numerator), "{id}: {m}");
    assert_eq!(m["denominator"], json!(denominator), "{id}: {m}");
}

fn count(metrics: &Value, id: &str) -> Value {
    metrics[id]["value"].clone()
}

/// The `inputs[0]` entry: format and mapping.
fn input(r: &Value) -> &Value {
    &r["inputs"][0]
}

#[test]
fn zendesk_full_export() {
    // BOM, every column of the full CSV export, a quoted multi-line subject,
    // durations in minutes, stations, Offered/Unoffered ratings.
    let r = run(
        &["zendesk.csv"],
        r#"{"period": {"start": "2026-03-01", "end": "2026-04-01"}, "group_by": ["channel", "agent"]}"#,
    );
    let m = &r["metrics"];
    assert_eq!(input(&r)["format"], "zendesk");
    assert_eq!(input(&r)["columns"]["transfers"], "Assignee stations");
    assert_eq!(
        input(&r)["columns"]["first_response_seconds"],
        "First reply time in minutes"
    );
    assert!(input(&r)["definitions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d.as_str().unwrap().starts_with("one-touch")));
    assert_eq!(count(m, "tickets.created"), json!(5));
    // Solved: 101, 102, 104, 105 (103 is open).
    assert_eq!(count(m, "tickets.solved"), json!(4));
    assert_eq!(count(m, "tickets.backlog"), json!(1));
    // First reply minutes 30, 120, 15 → 1800, 7200, 900 s; sorted 900, 1800,
    // 7200: median 1800, p90 at rank 1.8 = 1800 + 0.8 × 5400 = 6120.
    assert_dist(
        m,
        "tickets.first_response_seconds",
        3,
        9900.0,
        1800.0,
        6120.0,
    );
    // Resolution from the timestamps: 3 h, 48 h, 30 min, 2 h → 10800,
    // 172800, 1800, 7200; sorted median (7200 + 10800) / 2 = 9000; p90 at
    // rank 2.7 = 10800 + 0.7 × 162000 = 124200.
    assert_dist(
        m,
        "tickets.resolution_seconds",
        4,
        192600.0,
        9000.0,
        124200.0,
    );
    // Business minutes 30, 60, 15 → 1800, 3600, 900.
    assert_dist(
        m,
        "tickets.first_response_business_seconds",
        3,
        6300.0,
        1800.0,
        3240.0,
    );
    // One-touch (replies ≤ 1) among solved: 101 (1), 104 (0) of 4.
    assert_rate(m, "tickets.one_touch_rate", 2, 4);
    assert_rate(m, "tickets.reopen_rate", 1, 4);
    // Transfers = assignee stations − 1: 0, 1, 0, 2, 0.
    assert_rate(m, "tickets.transfer_rate", 2, 5);
    // CSAT from the ratings of solved tickets: Good, Bad, (Unoffered), Good.
    assert_rate(m, "surveys.csat_rate", 2, 3);
    let channels = &r["groups"]["channel"];
    for ch in ["email", "web", "chat", "phone", "social"] {
        assert_eq!(channels[ch]["tickets.created"]["value"], json!(1), "{ch}");
    }
    assert_eq!(
        r["groups"]["agent"]["(none)"]["tickets.created"]["value"],
        json!(1)
    );
    assert_eq!(
        r["groups"]["agent"]["Anna"]["tickets.created"]["value"],
        json!(2)
    );
}

/// The first header row of a fixture: after a BOM and preamble lines, split
/// on the delimiter with quotes honoured (enough for these fixtures).
fn header_row(name: &str) -> Vec<String> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let line = text
        .lines()
        .find(|l| {
            !l.trim().is_empty() && !l.starts_with("Reporting period") && !l.starts_with("sep=")
        })
        .unwrap();
    let delim = [';', '\t', '|', ',']
        .into_iter()
        .max_by_key(|d| line.matches(*d).count())
        .unwrap();
    let (mut fields, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            c if c == delim && !quoted => fields.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    fields.push(cur);
    fields
}

const FIXTURES: &[(&str, &str)] = &[
    ("vendors/zendesk.csv", "zendesk"),
    ("vendors/freshdesk.csv", "freshdesk"),
    ("vendors/helpscout.csv", "helpscout"),
    ("vendors/intercom.csv", "intercom"),
    ("vendors/zammad.csv", "zammad"),
    ("vendors/hubspot.csv", "hubspot"),
    ("vendors/zohodesk.csv", "zoho_desk"),
    ("vendors/chatwoot_csat.csv", "chatwoot"),
    ("vendors/five9.csv", "five9"),
    ("vendors/talkdesk.csv", "talkdesk"),
    ("vendors/genesys.csv", "genesys"),
    ("vendors/twilio_flex.csv", "twilio_flex"),
    ("vendors/surveymonkey.csv", "surveymonkey"),
    ("vendors/qualtrics.csv", "qualtrics"),
    ("vendors/typeform.csv", "typeform"),
    ("vendors/delighted.csv", "delighted"),
];

#[test]
fn each_fingerprint_matches_only_its_own_fixtures() {
    for (name, format) in FIXTURES {
        let headers = header_row(name);
        let claimed: Vec<&str> = ADAPTERS
            .iter()
            .filter(|a| a.matches(&headers))
            .map(|a| a.name)
            .collect();
        assert_eq!(claimed, [*format], "{name}");
        let loaded = file(name.trim_start_matches("vendors/"));
        assert_eq!(loaded.info.format, *format, "{name}");
    }
    // Every adapter has a fixture.
    for a in ADAPTERS {
        assert!(FIXTURES.iter().any(|(_, f)| *f == a.name), "{}", a.name);
    }
}

#[test]
fn canonical_fixtures_are_claimed_by_no_adapter() {
    let dir = format!("{}/tests/data", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let headers = header_row(&name);
            let claimed: Vec<&str> = ADAPTERS
                .iter()
                .filter(|a| a.matches(&headers))
                .map(|a| a.name)
                .collect();
            assert!(claimed.is_empty(), "{name}: {claimed:?}");
            seen += 1;
        }
    }
    assert!(seen > 10);
}
