//! Vendor adapters on fixtures that reproduce each vendor's real header
//! rows, value formats and quirks (tests/data/vendors). Every expected value
//! is computed by hand; the working is in the comments. Period: March 2026,
//! UTC, unless a test says otherwise.

use cxkpi::engine::{
    load, report, shape_formats, Config, Dataset, IssueKind, LoadOptions, LoadedFile, ADAPTERS,
};
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
    // No header row: recognised from the shape of the first record.
    ("vendors/asterisk_master.csv", "asterisk_cdr"),
    ("vendors/queue_log", "asterisk_queue_log"),
];

/// Every format that claims a file whose first record is `first`: header
/// fingerprints and the shapes of files without a header row.
fn claimants(first: &[String]) -> Vec<&'static str> {
    let mut claimed: Vec<&str> = ADAPTERS
        .iter()
        .filter(|a| a.matches(first))
        .map(|a| a.name)
        .collect();
    claimed.extend(shape_formats(first));
    claimed
}

#[test]
fn each_fingerprint_matches_only_its_own_fixtures() {
    for (name, format) in FIXTURES {
        let claimed = claimants(&header_row(name));
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
            let claimed = claimants(&header_row(&name));
            assert!(claimed.is_empty(), "{name}: {claimed:?}");
            seen += 1;
        }
    }
    assert!(seen > 10);
}

#[test]
fn freshdesk_ticket_export() {
    // Timestamps win over the "(in hrs)" columns for calendar durations; the
    // HH:MM:SS business columns fill the business metrics.
    let r = run(&["freshdesk.csv"], MARCH);
    let m = &r["metrics"];
    assert_eq!(count(m, "tickets.created"), json!(3));
    // Solved: 1 (Resolved time 13:00) and 2; ticket 3 is open.
    assert_eq!(count(m, "tickets.solved"), json!(2));
    assert_eq!(count(m, "tickets.unanswered"), json!(1));
    // Created → Initial response time: 30 min, 2 h.
    assert_dist(
        m,
        "tickets.first_response_seconds",
        2,
        9000.0,
        4500.0,
        6660.0,
    );
    // Created → Resolved time: 4 h, 24 h; p90 = 14400 + 0.9 × 72000.
    assert_dist(
        m,
        "tickets.resolution_seconds",
        2,
        100800.0,
        50400.0,
        79200.0,
    );
    // "(in hrs)" columns: 00:30:00, 02:00:00 and 04:00:00, 08:00:00.
    assert_dist(
        m,
        "tickets.first_response_business_seconds",
        2,
        9000.0,
        4500.0,
        6660.0,
    );
    assert_dist(
        m,
        "tickets.resolution_business_seconds",
        2,
        43200.0,
        21600.0,
        27360.0,
    );
    // Agent interactions 1 and 3.
    assert_rate(m, "tickets.one_touch_rate", 1, 2);
    // Time tracked 00:20:00 and 01:00:00.
    assert_dist(m, "tickets.handle_seconds", 2, 4800.0, 2400.0, 3360.0);
    // "Extremely satisfied" good, "Not satisfied" bad.
    assert_rate(m, "surveys.csat_rate", 1, 2);
    assert_eq!(input(&r)["format"], "freshdesk");
}

#[test]
fn helpscout_semicolons_and_ratings() {
    let r = run(&["helpscout.csv"], r#"{"group_by": ["team", "channel"]}"#);
    let m = &r["metrics"];
    assert_eq!(input(&r)["delimiter"], ";");
    assert_eq!(count(m, "tickets.created"), json!(3));
    assert_eq!(count(m, "tickets.solved"), json!(2));
    // First responses 1 h, 5 min, 2 h.
    assert_dist(
        m,
        "tickets.first_response_seconds",
        3,
        11100.0,
        3600.0,
        6480.0,
    );
    // Resolutions 3 h, 24 h.
    assert_dist(
        m,
        "tickets.resolution_seconds",
        2,
        97200.0,
        48600.0,
        78840.0,
    );
    // Great → good, Not Good → bad.
    assert_rate(m, "surveys.csat_rate", 1, 2);
    assert_eq!(
        r["groups"]["team"]["Sales"]["tickets.created"]["value"],
        json!(1)
    );
    assert_eq!(
        r["groups"]["channel"]["chat"]["tickets.created"]["value"],
        json!(1)
    );
}

#[test]
fn intercom_conversations() {
    let r = run(&["intercom.csv"], r#"{"group_by": ["status"]}"#);
    let m = &r["metrics"];
    assert_eq!(count(m, "tickets.created"), json!(3));
    assert_eq!(count(m, "tickets.solved"), json!(1));
    // 2 min and 10 min; c3 never answered.
    assert_dist(m, "tickets.first_response_seconds", 2, 720.0, 360.0, 552.0);
    assert_eq!(count(m, "tickets.unanswered"), json!(1));
    assert_dist(m, "tickets.resolution_seconds", 1, 1800.0, 1800.0, 1800.0);
    // snoozed → pending.
    assert_eq!(
        r["groups"]["status"]["pending"]["tickets.created"]["value"],
        json!(1)
    );
}

#[test]
fn zammad_excel_csv() {
    // ';', CRLF, DD.MM.YYYY, "#" ids, "2 normal" priorities, "-" owner.
    let r = run(
        &["zammad.csv"],
        r#"{"group_by": ["priority", "channel", "agent"]}"#,
    );
    let m = &r["metrics"];
    assert_eq!(count(m, "tickets.created"), json!(3));
    assert_eq!(count(m, "tickets.solved"), json!(2));
    // First Response At − Created At: 15 min, 10 min.
    assert_dist(m, "tickets.first_response_seconds", 2, 1500.0, 750.0, 870.0);
    // Closed At − Created At: 2 h, 30 min.
    assert_dist(m, "tickets.resolution_seconds", 2, 9000.0, 4500.0, 6660.0);
    // Time units 10, 0, 5 minutes.
    assert_dist(m, "tickets.handle_seconds", 3, 900.0, 300.0, 540.0);
    let g = &r["groups"];
    for p in ["normal", "high", "low"] {
        assert_eq!(
            g["priority"][p]["tickets.created"]["value"],
            json!(1),
            "{p}"
        );
    }
    assert_eq!(g["agent"]["(none)"]["tickets.created"]["value"], json!(1));
    assert_eq!(input(&r)["columns"]["id"], "#");
}

#[test]
fn hubspot_milliseconds() {
    let r = run(&["hubspot.csv"], r#"{"group_by": ["status", "priority"]}"#);
    let m = &r["metrics"];
    assert_eq!(count(m, "tickets.created"), json!(3));
    assert_eq!(count(m, "tickets.solved"), json!(2));
    // From the response dates: 45 min, 10 min; p90 = 600 + 0.9 × 2100.
    assert_dist(
        m,
        "tickets.first_response_seconds",
        2,
        3300.0,
        1650.0,
        2490.0,
    );
    // From the close dates: 4 h, 24 h.
    assert_dist(
        m,
        "tickets.resolution_seconds",
        2,
        100800.0,
        50400.0,
        79200.0,
    );
    let g = &r["groups"];
    assert_eq!(g["status"]["pending"]["tickets.created"]["value"], json!(1));
    assert_eq!(
        g["priority"]["medium"]["tickets.created"]["value"],
        json!(1)
    );
}

#[test]
fn zoho_desk_export() {
    let r = run(&["zohodesk.csv"], MARCH);
    let m = &r["metrics"];
    assert_eq!(count(m, "tickets.created"), json!(3));
    assert_eq!(count(m, "tickets.solved"), json!(2));
    // The vendor's durations: 20 min, 1 h.
    assert_dist(
        m,
        "tickets.first_response_seconds",
        2,
        4800.0,
        2400.0,
        3360.0,
    );
    // Closed − Created: 1 h, 24 h; p90 = 3600 + 0.9 × 82800.
    assert_dist(
        m,
        "tickets.resolution_seconds",
        2,
        90000.0,
        45000.0,
        78120.0,
    );
    assert_rate(m, "tickets.reopen_rate", 1, 2);
    // Good → good, Okay → bad.
    assert_rate(m, "surveys.csat_rate", 1, 2);
}

#[test]
fn chatwoot_csat_with_trailing_reporting_period() {
    let r = run(&["chatwoot_csat.csv"], r#"{"group_by": ["agent"]}"#);
    let m = &r["metrics"];
    assert_eq!(input(&r)["rows"], json!(4));
    assert_eq!(r["issues"]["counts"], json!({}));
    // Ratings 5, 4, 2, 3: satisfied (≥ 4) 2 of 4; sorted 2, 3, 4, 5.
    assert_rate(m, "surveys.csat_rate", 2, 4);
    assert_dist(m, "surveys.csat_score", 4, 14.0, 3.5, 4.7);
    assert_rate(&r["groups"]["agent"]["Anna"], "surveys.csat_rate", 1, 2);
}

#[test]
fn chatwoot_reporting_period_first() {
    let csv = "Reporting period 2026-03-01 to 2026-03-31\n\nContact Name,Contact Email Address,Contact Phone Number,Link to the conversation,Agent Name,Rating,Feedback Comment,Recorded date,Review Notes\nAda,a@x,,https://x/conversations/7,Anna,5,,2026-03-02 10:00:00 UTC,\n";
    let f = load("c.csv", csv.as_bytes(), LoadOptions::default()).unwrap();
    assert_eq!(f.info.format, "chatwoot");
    assert_eq!(f.info.rows, 1);
    assert_eq!(f.table.str("ticket_id").unwrap().values, ["7"]);
}

#[test]
fn five9_call_log() {
    let r = run(&["five9.csv"], MARCH);
    let m = &r["metrics"];
    // Inbound 1001–1003; 1004 is outbound.
    assert_eq!(count(m, "calls.offered"), json!(3));
    assert_eq!(count(m, "calls.answered"), json!(2));
    assert_rate(m, "calls.abandonment_rate", 1, 3);
    // Waits 12 s and 30 s: one within 20 s.
    assert_rate(m, "calls.service_level", 1, 3);
    assert_dist(m, "calls.speed_of_answer_seconds", 2, 42.0, 21.0, 28.2);
    // Handle: 300+30+60 = 390, 600+120 = 720, outbound 180+30 = 210.
    assert_dist(m, "calls.handle_seconds", 3, 1320.0, 390.0, 654.0);
    // TRANSFERS 1 on 1003, empty (zero) elsewhere.
    assert_rate(m, "calls.transfer_rate", 1, 2);
}

#[test]
fn talkdesk_contacts() {
    let r = run(&["talkdesk.csv"], MARCH);
    let m = &r["metrics"];
    assert_eq!(count(m, "calls.offered"), json!(3));
    // 102 has no Answered At: abandoned.
    assert_eq!(count(m, "calls.answered"), json!(2));
    assert_rate(m, "calls.service_level", 1, 3);
    assert_dist(m, "calls.speed_of_answer_seconds", 2, 40.0, 20.0, 24.0);
    // 240+60 = 300, 360+30+30 = 420.
    assert_dist(m, "calls.handle_seconds", 2, 720.0, 360.0, 408.0);
    assert_rate(m, "calls.transfer_rate", 1, 2);
}

#[test]
fn genesys_and_twilio_calls() {
    let r = run(&["genesys.csv"], MARCH);
    let m = &r["metrics"];
    assert_eq!(count(m, "calls.offered"), json!(2));
    assert_rate(m, "calls.abandonment_rate", 1, 2);
    // 300 talk + 50 ACW.
    assert_dist(m, "calls.handle_seconds", 1, 350.0, 350.0, 350.0);
    let r = run(&["twilio_flex.csv"], MARCH);
    let m = &r["metrics"];
    assert_eq!(count(m, "calls.answered"), json!(1));
    assert_rate(m, "calls.abandonment_rate", 1, 2);
    // 240 talk + 60 wrap.
    assert_dist(m, "calls.handle_seconds", 1, 300.0, 300.0, 300.0);
}

#[test]
fn surveymonkey_two_header_rows() {
    let r = run(&["surveymonkey.csv"], MARCH);
    let m = &r["metrics"];
    // The sub-label row is not a response.
    assert_eq!(input(&r)["rows"], json!(5));
    assert_eq!(r["issues"]["counts"], json!({}));
    // 10, 9 promoters; 8 passive; 6, 0 detractors: (2 − 2) / 5 = 0.
    assert_eq!(m["surveys.nps"]["value"], json!(0.0));
    assert_eq!(m["surveys.nps"]["promoters"], json!(2));
    // Very satisfied 5, Satisfied 4, Neither 3, Dissatisfied 2, "5".
    assert_rate(m, "surveys.csat_rate", 3, 5);
    assert_dist(m, "surveys.csat_score", 5, 19.0, 4.0, 5.0);
    assert_eq!(
        input(&r)["columns"]["nps"],
        "How likely is it that you would recommend Acme to a friend or colleague?"
    );
}

#[test]
fn qualtrics_three_header_rows() {
    let r = run(&["qualtrics.csv"], MARCH);
    let m = &r["metrics"];
    assert_eq!(input(&r)["rows"], json!(4));
    // NPS 9, 10, 5, 7: 2 promoters, 1 detractor of 4 → 25. The _NPS_GROUP
    // column (3, 3, 1, 2) is not read.
    assert_eq!(m["surveys.nps"]["value"], json!(25.0));
    assert_eq!(m["surveys.nps"]["count"], json!(4));
    // CES 7, 5, 3, 6 on 1..7: easy (> 4) 3 of 4; sorted 3, 5, 6, 7.
    assert_rate(m, "surveys.ces_easy_rate", 3, 4);
    assert_dist(m, "surveys.ces_score", 4, 21.0, 5.5, 6.7);
}

#[test]
fn typeform_questions_and_partial_responses() {
    let r = run(&["typeform.csv"], MARCH);
    let m = &r["metrics"];
    // The partial response has no Submit Date: skipped and reported.
    assert_eq!(input(&r)["skipped"], json!(1));
    assert_eq!(r["issues"]["counts"]["missing_required"], json!(1));
    // CSAT 5, 4, 1: 2 of 3. NPS 10, 6, 9: (2 − 1) / 3.
    assert_rate(m, "surveys.csat_rate", 2, 3);
    let nps = m["surveys.nps"]["value"].as_f64().unwrap();
    assert!((nps - 100.0 / 3.0).abs() < 1e-9);
}

#[test]
fn delighted_unix_timestamps() {
    let r = run(&["delighted.csv"], MARCH);
    let m = &r["metrics"];
    // 10 promoter, 8 passive, 3 detractor → 0.
    assert_eq!(m["surveys.nps"]["value"], json!(0.0));
    assert_eq!(m["surveys.nps"]["count"], json!(3));
}

#[test]
fn asterisk_cdr_without_a_header_row() {
    // Master.csv: no header; recognised from the shape of the first record,
    // which is a call like the others.
    let f = file("asterisk_master.csv");
    assert_eq!(f.info.format, "asterisk_cdr");
    assert_eq!(f.info.rows, 3);
    let r = run(&["asterisk_master.csv"], r#"{"group_by": ["agent"]}"#);
    let m = &r["metrics"];
    assert_eq!(count(m, "calls.offered"), json!(3));
    // NO ANSWER: abandoned.
    assert_rate(m, "calls.abandonment_rate", 1, 3);
    // Waits from answer − start: 10 s and 30 s.
    assert_dist(m, "calls.speed_of_answer_seconds", 2, 40.0, 20.0, 28.0);
    // billsec 300 and 600.
    assert_dist(m, "calls.talk_seconds", 2, 900.0, 450.0, 570.0);
    assert_eq!(
        r["groups"]["agent"]["SIP/2001"]["calls.answered"]["value"],
        json!(1)
    );
    // A header row with the same names is the same adapter.
    let csv = "accountcode,src,dst,dcontext,clid,channel,dstchannel,lastapp,lastdata,start,answer,end,duration,billsec,disposition,amaflags,uniqueid,userfield\n,1,600,c,x,SIP/a-1,SIP/b-2,Queue,q,2026-03-02 09:00:00,2026-03-02 09:00:05,2026-03-02 09:01:00,60,55,ANSWERED,3,1.1,\n";
    let f = load("cdr.csv", csv.as_bytes(), LoadOptions::default()).unwrap();
    assert_eq!(f.info.format, "asterisk_cdr");
}

#[test]
fn asterisk_queue_log_events_joined_into_calls() {
    // queue_log: no header row, one event a line, joined by callid. Calls
    // (line of ENTERQUEUE: outcome, wait, talk, agent):
    //   7 C1 support: RINGNOANSWER SIP/1002, CONNECT Local/1001@agents/n,
    //     COMPLETEAGENT: answered, wait 18, talk 300
    //  10 C2 support: ABANDON, wait 45
    //  13 C3 support: CONNECT SIP/1002 with holdtime "x10" (bad_duration),
    //     COMPLETECALLER holdtime 10: answered, wait 10, talk 240
    //  16 C4 sales: EXITWITHTIMEOUT, wait 120 (abandoned)
    //  20 C5 support (caller of C1 again): CONNECT Local/1001, BLINDTRANSFER:
    //     answered, transferred, wait 25, talk 120
    //  23 C5#2 sales (the same channel enters again): CONNECT SIP/2001,
    //     COMPLETEAGENT: answered, wait 6, talk 180
    //  26 C6 support, caller "anonymous": EXITEMPTY, wait 5 (abandoned)
    //  28 C7 support: CONNECT SIP/1002, ATTENDEDTRANSFER BRIDGE|…|40|60|1:
    //     answered, transferred, wait 40, talk 60
    //  32 C8 sales (3 March): ABANDON, wait 3
    //  35 C9 support: CONNECT SIP/1002, wait 12, still talking at the end
    //  37 C10 support: never answered nor left: skipped
    // Not rows: QUEUESTART, ADDMEMBER, AGENTLOGIN, PAUSE, UNPAUSE, AGENTLOGOFF.
    // Rows left out: line 6 (COMPLETEAGENT of a call that entered before the
    // log), 34 (unknown event FOOBAR), 38 (time "17725x8815"), C10.
    let f = file("queue_log");
    assert_eq!(f.info.format, "asterisk_queue_log");
    assert_eq!(f.info.delimiter, "|");
    assert_eq!((f.info.rows, f.info.skipped, f.table.rows), (14, 4, 10));
    assert_eq!(f.issues.count(IssueKind::MissingRequired), 4);
    assert_eq!(f.issues.count(IssueKind::BadDuration), 1);
    let lines: Vec<(u64, &str, &str)> = f
        .issues
        .examples
        .iter()
        .map(|i| (i.line, i.column.as_str(), i.value.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (6, "callid", "1772441000.5"),
            (15, "CONNECT holdtime", "x10"),
            (34, "event", "FOOBAR"),
            (38, "time", "17725x8815"),
            (37, "event", "ENTERQUEUE"),
        ]
    );
    let ids = f.table.str("id").unwrap();
    assert!((0..10).any(|i| ids.get(i) == Some("1772445600.6#2")));

    let r = run(
        &["queue_log"],
        r#"{"period": {"start": "2026-03-01", "end": "2026-04-01"}, "group_by": ["agent", "queue"]}"#,
    );
    let m = &r["metrics"];
    assert_eq!(count(m, "calls.offered"), json!(10));
    assert_eq!(count(m, "calls.answered"), json!(6));
    // C2, C4, C6, C8.
    assert_rate(m, "calls.abandonment_rate", 4, 10);
    // Waits ≤ 20 s among the answered: 18, 10, 6, 12.
    assert_rate(m, "calls.service_level", 4, 10);
    // Waits 6 10 12 18 25 40: median 15, p90 25 + 0.5·15.
    assert_dist(m, "calls.speed_of_answer_seconds", 6, 111.0, 15.0, 32.5);
    // Talk 60 120 180 240 300 (C9's is not known yet): p90 240 + 0.6·60.
    assert_dist(m, "calls.talk_seconds", 5, 900.0, 180.0, 276.0);
    assert_dist(m, "calls.handle_seconds", 5, 900.0, 180.0, 276.0);
    // C5 and C7 of 6 answered.
    assert_rate(m, "calls.transfer_rate", 2, 6);
    // C1 is called again by C5, and C5 by its own second visit C5#2.
    assert_rate(m, "calls.fcr_rate", 4, 6);
    let agent = |name: &str, id: &str| r["groups"]["agent"][name][id]["value"].clone();
    assert_eq!(agent("Local/1001@agents", "calls.answered"), json!(2));
    assert_eq!(agent("SIP/1002", "calls.answered"), json!(3));
    assert_eq!(agent("SIP/2001", "calls.answered"), json!(1));
    assert_eq!(agent("(none)", "calls.offered"), json!(4));
    let queue = |name: &str| r["groups"]["queue"][name]["calls.offered"]["value"].clone();
    assert_eq!((queue("support"), queue("sales")), (json!(7), json!(3)));
    assert_eq!(input(&r)["rows"], json!(14));
    assert_eq!(input(&r)["skipped"], json!(4));
    assert_eq!(
        input(&r)["columns"]["wait_seconds"]
            .as_str()
            .map(|s| s.starts_with("CONNECT holdtime")),
        Some(true)
    );
}

#[test]
fn queue_log_with_a_chosen_kind_or_without_calls() {
    let log = "1772442000|1.1|q|NONE|ENTERQUEUE||555|1\n1772442010|1.1|q|SIP/1|CONNECT|10|2.2|1\n1772442070|1.1|q|SIP/1|COMPLETECALLER|10|60|1\n";
    // Read as calls whether the kind is left to detection or chosen.
    for kind in [None, Some(cxkpi::engine::TableKind::Calls)] {
        let options = LoadOptions {
            kind,
            ..LoadOptions::default()
        };
        let f = load("queue_log", log.as_bytes(), options).unwrap();
        assert_eq!(
            (f.info.format.as_str(), f.table.rows),
            ("asterisk_queue_log", 1)
        );
    }
    // Another kind chosen: not a queue_log, so its first line is a header.
    let options = LoadOptions {
        kind: Some(cxkpi::engine::TableKind::Tickets),
        ..LoadOptions::default()
    };
    assert!(load("queue_log", log.as_bytes(), options).is_err());
    // Only queue and agent events: no calls, an error that says so.
    let idle = "1772442000|NONE|NONE|NONE|QUEUESTART|\n1772442001|NONE|q|SIP/1|ADDMEMBER|\n";
    let err = load("queue_log", idle.as_bytes(), LoadOptions::default()).unwrap_err();
    assert!(
        matches!(err.kind, cxkpi::engine::ErrorKind::NoRows { rows: 0 }),
        "{err}"
    );
}

#[test]
fn older_qualtrics_export_with_two_header_rows() {
    let csv = "StartDate,EndDate,RecordedDate,ResponseId,Q1\nStart Date,End Date,Recorded Date,Response ID,How likely are you to recommend us?\n2026-03-02 10:00:00,2026-03-02 10:01:00,2026-03-02 10:01:00,R_1,10\n2026-03-03 10:00:00,2026-03-03 10:01:00,2026-03-03 10:01:00,R_2,3\n";
    let f = load("q.csv", csv.as_bytes(), LoadOptions::default()).unwrap();
    assert_eq!(f.info.format, "qualtrics");
    assert_eq!(f.info.rows, 2);
    assert_eq!(f.table.rows, 2);
    assert_eq!(f.info.columns["nps"], "How likely are you to recommend us?");
}

#[test]
fn surveymonkey_export_without_the_sub_label_row() {
    let csv = "Respondent ID,Collector ID,Start Date,End Date,How likely is it that you would recommend us?\n1,2,03/14/2026 10:00:00 AM,03/14/2026 10:01:00 AM,9\n";
    let f = load("s.csv", csv.as_bytes(), LoadOptions::default()).unwrap();
    assert_eq!(f.info.format, "surveymonkey");
    assert_eq!(f.table.rows, 1);
}

#[test]
fn header_rows_only() {
    let csv = "Respondent ID,Collector ID,Start Date,End Date,Q\n,,,,Response\n";
    let err = load("s.csv", csv.as_bytes(), LoadOptions::default()).unwrap_err();
    assert!(err.to_string().contains("no"), "{err}");
}

#[test]
fn any_chunking_gives_the_same_result() {
    use cxkpi::engine::FileLoader;
    let names: Vec<&str> = FIXTURES
        .iter()
        .map(|(n, _)| n.trim_start_matches("vendors/"))
        .collect();
    let config = Config::from_json(MARCH).unwrap();
    let report_of = |f: LoadedFile| {
        let mut data = Dataset::new();
        data.add(f).unwrap();
        serde_json::to_value(report(&data, &config).unwrap()).unwrap()
    };
    for name in names {
        let whole = file(name);
        let (info, rows) = (whole.info.clone(), whole.table.rows);
        let want = report_of(whole);
        let path = format!("{}/tests/data/vendors/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        for size in [1, 7, 64] {
            let mut loader = FileLoader::new(name, LoadOptions::default());
            for chunk in bytes.chunks(size) {
                loader.push(chunk).unwrap();
            }
            let got = loader.finish().unwrap();
            assert_eq!(got.info, info, "{name} in chunks of {size}");
            assert_eq!(got.table.rows, rows, "{name} in chunks of {size}");
            assert_eq!(report_of(got), want, "{name} in chunks of {size}");
        }
    }
}

#[test]
fn localized_exports_in_each_language() {
    // sv: BOM, ';'; nb: ';'; bg: windows-1251; tr: ISO-8859-9. Each has
    // 3 tickets: one solved 3 h after creation with a reply after 30 min,
    // one open replied after 1 h, one closed after 1 h with no reply.
    for (name, agent) in [
        ("sv.csv", "Anna"),
        ("nb.csv", "Anna"),
        ("bg.csv", "Анна"),
        ("tr.csv", "Ayşe"),
    ] {
        let path = format!("{}/tests/data/localized/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        let f = load(name, &bytes, LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.info.kind, cxkpi::engine::TableKind::Tickets, "{name}");
        for col in [
            "id",
            "created_at",
            "first_response_at",
            "solved_at",
            "status",
            "channel",
            "agent",
            "team",
            "priority",
            "customer_id",
            "tags",
        ] {
            assert!(f.info.columns.contains_key(col), "{name}: {col}");
        }
        let mut data = Dataset::new();
        data.add(f).unwrap();
        let config = Config::from_json(
            r#"{"period": {"start": "2026-03-01", "end": "2026-04-01"}, "group_by": ["agent", "status", "channel", "priority"]}"#,
        )
        .unwrap();
        let r = serde_json::to_value(report(&data, &config).unwrap()).unwrap();
        let m = &r["metrics"];
        assert_eq!(count(m, "tickets.created"), json!(3), "{name}");
        assert_eq!(count(m, "tickets.solved"), json!(2), "{name}");
        assert_dist(
            m,
            "tickets.first_response_seconds",
            2,
            5400.0,
            2700.0,
            3420.0,
        );
        assert_eq!(count(m, "tickets.unanswered"), json!(1), "{name}");
        // The complaint word of each language is in the default keywords.
        assert_eq!(count(m, "tickets.complaints"), json!(1), "{name}");
        assert_eq!(
            r["groups"]["agent"][agent]["tickets.created"]["value"],
            json!(2),
            "{name}"
        );
        // Status, channel and priority words under a localized header are
        // normalised: one solved, one open, one closed; email, phone, chat.
        for (group, value) in [
            ("status", "solved"),
            ("status", "open"),
            ("status", "closed"),
            ("channel", "email"),
            ("channel", "phone"),
            ("channel", "chat"),
            ("priority", "high"),
            ("priority", "low"),
            ("priority", "medium"),
        ] {
            assert_eq!(
                r["groups"][group][value]["tickets.created"]["value"],
                json!(1),
                "{name}: {group} {value}"
            );
        }
    }
}

#[test]
fn truncated_and_mangled_exports_never_panic() {
    let names: Vec<&str> = FIXTURES
        .iter()
        .map(|(n, _)| n.trim_start_matches("vendors/"))
        .collect();
    for name in names {
        let path = format!("{}/tests/data/vendors/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        for cut in (0..bytes.len()).step_by(13) {
            let _ = load(name, &bytes[..cut], LoadOptions::default());
            // The same with one byte replaced by a quote, a delimiter or a newline.
            let mut mangled = bytes.clone();
            mangled[cut] = [b'"', b',', b'\n', b';'][cut % 4];
            let _ = load(name, &mangled, LoadOptions::default());
        }
    }
}

#[test]
fn a_custom_field_named_like_another_vendors_column_does_not_steal_the_file() {
    // A Freshdesk export with a custom "Department" field also fits Zoho
    // Desk's fingerprint; Freshdesk knows more of its headers.
    let csv = "Ticket ID,Subject,Status,Priority,Source,Agent,Group,Created time,Resolved time,Initial response time,First response time (in hrs),Agent interactions,Department\n1,x,Closed,Low,Email,Anna,Support,2026-03-02 09:00:00,2026-03-02 10:00:00,2026-03-02 09:10:00,00:10:00,1,Sales\n";
    let f = load("f.csv", csv.as_bytes(), LoadOptions::default()).unwrap();
    assert_eq!(f.info.format, "freshdesk");
}

#[test]
fn zendesk_scaled_satisfaction() {
    // Accounts on the newer scaled CSAT export 1–5 scores.
    let csv = "Id,Created at,Solved at,Via,First reply time in minutes,Satisfaction Score\n1,2026-03-02 09:00:00,2026-03-02 10:00:00,Mail,5,5\n2,2026-03-02 09:00:00,2026-03-02 11:00:00,Mail,5,4\n3,2026-03-02 09:00:00,2026-03-02 12:00:00,Chat,5,2\n4,2026-03-02 09:00:00,2026-03-02 12:00:00,Chat,5,Offered\n";
    let f = load("z.csv", csv.as_bytes(), LoadOptions::default()).unwrap();
    assert_eq!(f.info.format, "zendesk");
    let mut data = Dataset::new();
    data.add(f).unwrap();
    let r =
        serde_json::to_value(report(&data, &Config::from_json(MARCH).unwrap()).unwrap()).unwrap();
    // 5 and 4 satisfied (≥ 4 of 5), 2 not; Offered is no rating.
    assert_rate(&r["metrics"], "surveys.csat_rate", 2, 3);
}
