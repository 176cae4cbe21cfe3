//! Hostile and huge inputs (issue 8): every fixture's rows are accounted
//! for, adversarial content (markup, RTL and zero-width text, huge cells,
//! 10,000 columns, a million blank lines, runaway quotes, invalid UTF-8 in
//! every position, NUL bytes, files that are not CSV) gives a clear error or
//! issues and never a panic, in time proportional to its size, and the same
//! input always gives byte-identical report JSON. Fixtures are generated
//! here, not committed.
#![cfg(not(target_arch = "wasm32"))]

use cxkpi::engine::{
    load, report, Config, Dataset, Error, ErrorKind, FileLoader, IssueKind, LoadOptions,
    LoadedFile, TableKind, ISSUE_VALUE_CHARS,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Rows read = rows kept + rows skipped, and every skipped row has its issue.
fn check_accounting(name: &str, f: &LoadedFile) {
    assert_eq!(
        f.info.rows,
        f.table.rows as u64 + f.info.skipped,
        "{name}: rows read = kept + skipped"
    );
    let skipping =
        f.issues.count(IssueKind::MissingRequired) + f.issues.count(IssueKind::DuplicateId);
    assert_eq!(
        skipping, f.info.skipped,
        "{name}: one issue per skipped row"
    );
    for c in &f.table.columns {
        assert_eq!(c.data.len(), f.table.rows, "{name}: column {}", c.name);
    }
    for issue in &f.issues.examples {
        assert!(
            issue.value.chars().count() <= ISSUE_VALUE_CHARS,
            "{name}: long issue value"
        );
    }
}

fn csv_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            csv_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "csv") {
            out.push(path);
        }
    }
}

/// Data records by an independent count: csv-core over the raw bytes with the
/// loader's delimiter, not counting the header nor records whose fields are
/// all blank. Only for single-byte-compatible encodings (not UTF-16).
fn count_records(bytes: &[u8], delimiter: u8) -> u64 {
    use csv_core::ReadRecordResult::*;
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut input = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut out = vec![0u8; bytes.len() + 1];
    let mut ends = vec![0usize; 70_000];
    let (mut out_len, mut ends_len, mut records) = (0, 0, 0u64);
    loop {
        let (result, read, wrote, ended) =
            reader.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        input = &input[read..];
        out_len += wrote;
        ends_len += ended;
        match result {
            InputEmpty => continue,
            OutputFull | OutputEndsFull => panic!("count_records: buffers too small"),
            Record => {
                // Field ends are relative to where each call started writing;
                // all fields of the whole record being blank is what counts.
                let blank = out[..out_len].iter().all(u8::is_ascii_whitespace);
                if !blank {
                    records += 1;
                }
                out_len = 0;
                ends_len = 0;
            }
            End => break,
        }
    }
    records.saturating_sub(1)
}

/// Every CSV under tests/data, in every directory: each either loads with
/// rows read = used + skipped (and, where the text is not UTF-16, with as
/// many rows read as an independent CSV reader finds), or fails with an
/// error; the report's `inputs[]` says the same per file.
#[test]
fn every_fixture_accounts_for_every_row() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files = Vec::new();
    csv_files(&root, &mut files);
    files.sort();
    assert!(files.len() >= 30, "found only {} fixtures", files.len());
    let mut loaded = 0;
    let mut unmapped = Vec::new();
    for path in &files {
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        let bytes = std::fs::read(path).unwrap();
        // Fixtures whose headers need a hand-made mapping (tests/load.rs
        // gives them one) may fail here, but only with a clear error.
        let f = match load(&name, &bytes, LoadOptions::default()) {
            Ok(f) => f,
            Err(e) => {
                assert!(
                    matches!(
                        e.kind,
                        ErrorKind::UnknownKind { .. } | ErrorKind::MissingColumns { .. }
                    ),
                    "{name}: {e}"
                );
                unmapped.push(name);
                continue;
            }
        };
        loaded += 1;
        check_accounting(&name, &f);
        // Vendor formats may have preamble lines, several header rows or none
        // (tests/adapters.rs checks their row counts by hand); one header row here.
        if !f.info.encoding.starts_with("UTF-16") && f.info.format == "canonical" {
            let delimiter = match f.info.delimiter.as_str() {
                "\\t" | "\t" | "tab" => b'\t',
                d => d.as_bytes()[0],
            };
            assert_eq!(
                f.info.rows,
                count_records(&bytes, delimiter),
                "{name}: rows read vs an independent count"
            );
        }
        let info = f.info.clone();
        let mut data = Dataset::new();
        data.add(f).unwrap();
        let json = serde_json::to_value(report(&data, &Config::default()).unwrap()).unwrap();
        let input = &json["inputs"][0];
        assert_eq!(input["rows"], info.rows, "{name}: report inputs[].rows");
        assert_eq!(
            input["skipped"], info.skipped,
            "{name}: report inputs[].skipped"
        );
    }
    assert!(
        loaded >= 30,
        "only {loaded} fixtures loaded; not mapped: {unmapped:?}"
    );
}

// ---------------------------------------------------------------- adversarial

/// Load, check the accounting, and run a report over it: no panic anywhere.
fn survive(name: &str, bytes: &[u8]) -> Result<LoadedFile, Error> {
    let r = load(name, bytes, LoadOptions::default());
    if let Ok(f) = &r {
        check_accounting(name, f);
        let mut data = Dataset::new();
        data.add_ref(f).unwrap();
        let config = Config::from_json(r#"{"group_by": ["agent", "channel"]}"#).unwrap();
        let rep = report(&data, &config).unwrap();
        serde_json::to_string(&rep).unwrap();
    }
    r
}

const MARKUP: [&str; 4] = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "\"><svg onload=alert(1)>",
    "javascript:alert(1)",
];

#[test]
fn markup_in_every_string_column_is_kept_as_text() {
    let mut text = String::from("id,created_at,agent,channel,priority,status,subject,tags\n");
    for (i, m) in MARKUP.iter().enumerate() {
        let q = format!("\"{}\"", m.replace('"', "\"\""));
        text += &format!("{q},2026-03-0{} 09:00,{q},{q},{q},{q},{q},{q}\n", i + 1);
    }
    let f = survive("markup.csv", text.as_bytes()).unwrap();
    assert_eq!(f.table.rows, MARKUP.len());
    let agents = f.table.str("agent").unwrap();
    let mut got: Vec<&str> = agents.values.iter().collect();
    got.sort_unstable();
    let mut want = MARKUP.to_vec();
    want.sort_unstable();
    assert_eq!(
        got, want,
        "markup is data, kept verbatim (escaping is the page's job)"
    );
}

#[test]
fn rtl_and_zero_width_characters() {
    // Zero-width space and BOM inside headers, RTL override and Arabic in values.
    let text = "\u{200b}id,Created\u{200d} At,\u{feff}agent,channel\n\
                1,2026-03-01 09:00,\u{202e}evil\u{202c},\u{0627}\u{0644}\u{0628}\u{0631}\u{064a}\u{062f}\n\
                2,\u{200b}2026-03-02 09:00,\u{2066}x\u{2069},\u{200f}chat\n";
    let f = survive("rtl.csv", text.as_bytes()).unwrap();
    assert_eq!(f.info.rows, 2);
    assert_eq!(f.info.kind, TableKind::Tickets);
    let agents = &f.table.str("agent").unwrap().values;
    assert!(agents.iter().any(|a| a.contains('\u{202e}')), "{agents:?}");
}

#[test]
fn a_one_megabyte_cell_in_every_kind_of_column() {
    let big = "x".repeat(1 << 20);
    for column in 0..5 {
        let mut cells = [
            "7".to_string(),
            "2026-03-01 09:00".to_string(),
            "2026-03-01 10:00".to_string(),
            "5".to_string(),
            "ann".to_string(),
        ];
        cells[column] = format!("\"{big}\"");
        let text = format!(
            "id,created_at,first_response_at,csat,agent\n1,2026-03-01 09:00,,,bo\n{}\n",
            cells.join(",")
        );
        let f = survive("big_cell.csv", text.as_bytes()).unwrap();
        assert_eq!(f.info.rows, 2, "column {column}");
        for issue in &f.issues.examples {
            assert!(issue.value.chars().count() <= ISSUE_VALUE_CHARS);
        }
    }
}

#[test]
fn ten_thousand_columns() {
    let mut header = String::from("id,created_at");
    let mut row = String::from("1,2026-03-01 09:00");
    for i in 0..10_000 {
        header += &format!(",extra {i}");
        row += &format!(",v{i}");
    }
    let text = format!("{header}\n{row}\n{row}\n");
    let f = survive("wide.csv", text.as_bytes()).unwrap();
    assert_eq!(f.info.rows, 2);
    assert_eq!(f.issues.count(IssueKind::DuplicateId), 1);
}

#[test]
fn a_million_empty_lines() {
    let mut text = String::from("id,created_at\n");
    text += &"\n".repeat(500_000);
    text += &"\r\n,\r\n".repeat(250_000);
    text += "1,2026-03-01 09:00\n";
    let f = survive("empty_lines.csv", text.as_bytes()).unwrap();
    assert_eq!(f.info.rows, 1, "blank lines are not rows");
    assert_eq!(f.issues.total(), 0);
    assert_eq!(
        f.table.lines.get(0),
        1_000_002,
        "line numbers still count blank lines"
    );
}

#[test]
fn deeply_quoted_fields() {
    // 200,000 doubled quotes in a cell, a quote never closed, quotes in a
    // timestamp, and a field that is only quotes.
    let quotes = "\"".repeat(400_000);
    let text = format!(
        "id,created_at,agent\n1,2026-03-01 09:00,\"{quotes}\"\n2,\"2026-03-01\"\" 09:00\",bo\n3,\"\"\"\"\"\"\"\",x\n4,2026-03-02 09:00,\"never closed\n5,2026-03-03 09:00,ann\n"
    );
    let f = survive("quotes.csv", text.as_bytes()).unwrap();
    assert!(f.info.rows >= 3);
    let agent = f.table.str("agent").unwrap();
    assert!(agent
        .values
        .iter()
        .any(|v| v.len() == 200_000 && v.bytes().all(|b| b == b'"')));
}

#[test]
fn an_unclosed_quote_swallowing_a_big_file_stays_bounded() {
    let mut text = String::from("id,created_at,agent\n1,2026-03-01 09:00,\"open\n");
    for i in 0..200_000 {
        text += &format!("{i},2026-03-01 09:00,bo\n");
    }
    let f = survive("unclosed.csv", text.as_bytes()).unwrap();
    assert_eq!(f.info.rows, 1, "the rest of the file is one field");
    assert_eq!(f.table.rows, 1);
}

const SMALL: &str = "id,created_at,first_response_at,agent,csat,handle_seconds\n\
                     1,2026-03-01 09:00,2026-03-01 09:30,ann,5,60\n\
                     2,2026-03-02 10:00,2026-03-02 11:00,bo,4,90\n";

#[test]
fn invalid_utf8_in_every_position() {
    let bytes = SMALL.as_bytes();
    for at in 0..=bytes.len() {
        for bad in [
            &b"\xff"[..],
            b"\xc3",
            b"\xe2\x82",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
        ] {
            let mut b = bytes[..at].to_vec();
            b.extend_from_slice(bad);
            b.extend_from_slice(&bytes[at..]);
            let name = format!("utf8_{at}.csv");
            if let Ok(f) = survive(&name, &b) {
                // A stray byte on a line of its own is a (skipped) row.
                assert!(f.info.rows <= 3, "{name}");
            }
            // Replacing instead of inserting.
            if at < bytes.len() {
                let mut b = bytes.to_vec();
                b[at] = bad[0];
                let _ = survive(&name, &b);
            }
        }
    }
}

#[test]
fn nul_bytes() {
    // In the first block: not text.
    let mut b = SMALL.as_bytes().to_vec();
    b.insert(70, 0);
    match survive("nul.csv", &b) {
        Err(e) => assert!(matches!(e.kind, ErrorKind::NotText { .. }), "{e}"),
        Ok(f) => assert_eq!(f.info.rows, 2),
    }
    // Past the first block, inside a cell of each column.
    for column in 0..6 {
        let mut text = String::from(SMALL);
        while text.len() < 100_000 {
            text += "3,2026-03-03 10:00,2026-03-03 11:00,cy,3,30\n";
        }
        let mut row = vec!["9", "2026-03-04 10:00", "2026-03-04 11:00", "di", "2", "10"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        row[column].insert(1, '\0');
        text += &row.join(",");
        text += "\n";
        let f = survive("nul_late.csv", text.as_bytes()).unwrap();
        assert!(f.info.rows > 2000);
    }
}

#[test]
fn header_only_and_empty_files_are_clear_errors() {
    for (text, what) in [
        ("id,created_at,agent\n", "header only"),
        ("id,created_at,agent", "header only, no newline"),
        ("id,created_at,agent\n\n\n,,\n", "header and blank lines"),
        ("", "empty"),
        ("\u{feff}", "only a BOM"),
        ("\n\n\n", "only blank lines"),
    ] {
        let e = survive("header_only.csv", text.as_bytes()).unwrap_err();
        let message = e.to_string();
        assert!(!message.is_empty(), "{what}");
        assert!(message.contains("header_only.csv"), "{what}: {message}");
    }
}

#[test]
fn files_that_are_not_csv() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82";
    let pdf: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    let gzip: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c\x4a\x06\x00\xc2\x41\x24\x35\x03\x00\x00\x00";
    let zip: &[u8] = b"PK\x03\x04\x14\x00\x00\x00\x08\x00";
    for (name, bytes) in [
        ("a.png", png),
        ("a.pdf", pdf),
        ("a.gz", gzip),
        ("a.xlsx", zip),
    ] {
        let e = survive(name, bytes).unwrap_err();
        assert!(
            matches!(e.kind, ErrorKind::NotText { .. }),
            "{name}: {e} ({:?})",
            e.kind
        );
        // Also pushed one byte at a time.
        let mut loader = FileLoader::new(name, LoadOptions::default());
        let chunked = bytes
            .iter()
            .try_for_each(|b| loader.push(std::slice::from_ref(b)))
            .and_then(|()| loader.finish().map(drop));
        assert_eq!(chunked.unwrap_err(), e, "{name}");
    }
    // Random binary that happens to have no magic number: an error, no panic.
    let noise: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let _ = survive("noise.bin", &noise);
}

// ------------------------------------------------------------- linear time

/// This thread's CPU time, where Linux tells it: other processes on a busy
/// machine do not count in it.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

/// Time of one load: the shortest of three batches (one scheduling hiccup
/// does not count), each batch repeating the load until it has taken at
/// least 40 ms, since this thread's CPU time can advance in whole clock
/// ticks (4 ms here); in CPU time where there is one, else on the wall clock.
fn best_time(bytes: &[u8]) -> Duration {
    let started = Instant::now();
    let clock = || match thread_cpu() {
        Some(cpu) => cpu,
        None => started.elapsed(),
    };
    (0..3)
        .map(|_| {
            let (from, mut loads) = (clock(), 0u32);
            while clock() - from < Duration::from_millis(40) {
                let _ = std::hint::black_box(load("t.csv", bytes, LoadOptions::default()));
                loads += 1;
            }
            (clock() - from) / loads
        })
        .min()
        .unwrap()
}

/// Time grows about linearly with size: 8 times the input may take at most
/// 24 times as long (quadratic work would take 64 times). Ratios, not
/// wall-clock limits, so a slow machine does not fail it.
fn assert_linear(what: &str, make: impl Fn(usize) -> Vec<u8>, unit: usize) {
    let small = make(unit);
    let large = make(unit * 8);
    let _ = best_time(&small); // warm up
    let (a, b) = (best_time(&small), best_time(&large));
    let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-4);
    assert!(
        ratio < 24.0,
        "{what}: {} bytes took {a:?}, {} bytes took {b:?} (x{ratio:.1})",
        small.len(),
        large.len()
    );
}

#[test]
fn hostile_shapes_take_time_proportional_to_size() {
    assert_linear(
        "wide header",
        |n| {
            let mut s = String::from("id,created_at");
            for i in 0..n {
                s += &format!(",c{i}");
            }
            s += "\n1,2026-03-01 09:00\n";
            s.into_bytes()
        },
        2_000,
    );
    assert_linear(
        "blank lines",
        |n| format!("id,created_at\n{}1,2026-03-01 09:00\n", "\n".repeat(n)).into_bytes(),
        200_000,
    );
    assert_linear(
        "one huge cell",
        |n| {
            format!(
                "id,created_at,agent\n1,2026-03-01 09:00,\"{}\"\n",
                "ab\"\"".repeat(n)
            )
            .into_bytes()
        },
        100_000,
    );
    assert_linear(
        "unclosed quote",
        |n| {
            let mut s = String::from("id,created_at,agent\n1,2026-03-01 09:00,\"");
            s += &"2,2026-03-01 09:00,bo\n".repeat(n);
            s.into_bytes()
        },
        20_000,
    );
    assert_linear(
        "distinct bad values",
        |n| {
            let mut s = String::from("id,created_at,csat\n");
            for i in 0..n {
                s += &format!("{i},2026-03-01 09:00,bad{i}\n");
            }
            s.into_bytes()
        },
        10_000,
    );
    assert_linear(
        "distinct agents",
        |n| {
            let mut s = String::from("id,created_at,agent\n");
            for i in 0..n {
                s += &format!("{i},2026-03-01 09:00,agent {i}\n");
            }
            s.into_bytes()
        },
        10_000,
    );
}

// ------------------------------------------------------------- determinism

fn sample_report_json(chunk: usize) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sample");
    let config =
        Config::from_json(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    names.sort();
    let mut data = Dataset::new();
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let mut loader = FileLoader::new(
            name,
            LoadOptions {
                time_zone: config.time_zone,
                ..LoadOptions::default()
            },
        );
        for piece in bytes.chunks(chunk) {
            loader.push(piece).unwrap();
        }
        data.add(loader.finish().unwrap()).unwrap();
    }
    serde_json::to_string_pretty(&report(&data, &config).unwrap()).unwrap()
}

#[test]
fn the_same_input_gives_byte_identical_reports() {
    let first = sample_report_json(1 << 16);
    assert_eq!(first, sample_report_json(1 << 16), "twice in one process");
    assert_eq!(first, sample_report_json(777), "other chunk sizes");
    assert_eq!(first, sample_report_json(1 << 20));
    assert!(first.len() > 1000);
}

#[test]
fn a_config_parses_or_names_its_field() {
    for text in [
        "",
        "null",
        "[]",
        "{",
        "{\"time_zone\": \"Mars/Olympus\"}",
        "{\"granularity\": \"fortnight\"}",
        "{\"csat_scale\": 1e999}",
        "{\"csat_scale\": -1}",
        "{\"period\": {\"start\": \"2026-02-30\", \"end\": \"2026-03-01\"}}",
        "{\"group_by\": [\"\\u0000\"]}",
        &format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)),
        &format!("{{\"goals\": {}}}", "[".repeat(100_000)),
    ] {
        if let Err(e) = Config::from_json(text) {
            assert!(!e.to_string().is_empty());
        }
    }
}

// ------------------------------------------ regressions from the fuzzers

/// fuzz/report found it: one customer starting in year 9999 stretched the
/// default period over 8,000 years and the cohort matrix (months squared)
/// ran out of memory. Over 100 years there is no matrix; the report works.
#[test]
fn a_mistyped_year_does_not_blow_up_the_cohort_matrix() {
    for year in ["2366", "9999", "1066"] {
        let text = format!(
            "id,started_at,ended_at,plan,segment,mrr\nC1,{year}-11-15,,basic,smb,100\n\
             C5,2026-01-10,2026-01-20,basic,smb,80\n"
        );
        let f = survive("customers.csv", text.as_bytes()).unwrap();
        let mut data = Dataset::new();
        data.add(f).unwrap();
        let json = serde_json::to_value(report(&data, &Config::default()).unwrap()).unwrap();
        let months = json["cohorts"]["months"].as_array().unwrap().len();
        assert!(
            months <= cxkpi::engine::kpi::customers::MAX_COHORT_MONTHS,
            "{year}: {months}"
        );
        // A day trend over such a period is a clear config error.
        let config = Config::from_json(r#"{"granularity": "day"}"#).unwrap();
        match report(&data, &config) {
            Ok(r) => assert!(r.trend.unwrap().buckets.len() <= 20_000, "{year}"),
            Err(e) => assert!(e.to_string().contains("granularity"), "{year}: {e}"),
        }
    }
}

#[test]
fn five_hundred_small_files_at_once() {
    let mut data = Dataset::new();
    for i in 0..500 {
        let text = format!(
            "id,created_at,agent\nf{i}a,2026-03-01 09:00,ann\nf{i}b,2026-03-02 09:00,bo\n,2026-03-03 09:00,cy\n"
        );
        data.add(survive(&format!("f{i:03}.csv"), text.as_bytes()).unwrap())
            .unwrap();
    }
    let json = serde_json::to_value(report(&data, &Config::default()).unwrap()).unwrap();
    let inputs = json["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 500);
    assert!(inputs.iter().all(|i| i["rows"] == 3 && i["skipped"] == 1));
    assert_eq!(json["metrics"]["tickets.created"]["value"], 1000);
}
