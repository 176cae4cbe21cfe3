//! ZIP archives and `.xlsx` workbooks. The fixtures are written here, at
//! test time (the `zip` writer; `rust_xlsxwriter` for workbooks), so the
//! repository holds no binary files. Expected values computed by hand.
#![cfg(not(target_arch = "wasm32"))]

use cxkpi::engine::{load, report, Config, Dataset, InputLoader, LoadOptions, LoadedFile};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::{json, Value};
use std::io::{Cursor, Write};
use std::process::Command;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

const TICKETS: &[u8] = include_bytes!("data/tickets_basic.csv");
const CALLS: &[u8] = include_bytes!("data/calls_basic.csv");
const QUEUE_LOG: &[u8] = include_bytes!("data/vendors/queue_log");

/// A ZIP of `(path, bytes)`; a path ending in `/` is a directory. Odd
/// members are deflated, even ones stored.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (i, (path, bytes)) in members.iter().enumerate() {
        let method = if i % 2 == 0 {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default().compression_method(method);
        if path.ends_with('/') {
            zip.add_directory(*path, options).unwrap();
        } else {
            zip.start_file(*path, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

/// Serial numbers of March 2024 dates: 2024-03-01 is day 45352 after 1899-12-30.
const MAR_1_2024: f64 = 45352.0;

/// A workbook: sheet "Tickets" with dates as serial numbers under a date
/// format, an empty sheet, and a "Notes" sheet that is no table.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let sheet = book.add_worksheet().set_name("Tickets").unwrap();
    let headers = [
        "id",
        "created_at",
        "first_response_at",
        "solved_at",
        "channel",
        "handle_seconds",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    // Row 2: T1, 1 March 09:00, replied 09:30, solved 12:00.
    sheet.write_string(1, 0, "T1").unwrap();
    sheet
        .write_number_with_format(1, 1, MAR_1_2024 + 9.0 / 24.0, &when)
        .unwrap();
    sheet
        .write_number_with_format(1, 2, MAR_1_2024 + 9.5 / 24.0, &when)
        .unwrap();
    sheet
        .write_number_with_format(1, 3, MAR_1_2024 + 0.5, &when)
        .unwrap();
    sheet.write_string(1, 4, "email").unwrap();
    sheet.write_number(1, 5, 600.0).unwrap();
    // Row 3: T2 (a number id), 2 March 10:00, replied 12:00, not solved.
    sheet.write_number(2, 0, 2.0).unwrap();
    sheet
        .write_number_with_format(2, 1, MAR_1_2024 + 1.0 + 10.0 / 24.0, &when)
        .unwrap();
    sheet
        .write_number_with_format(2, 2, MAR_1_2024 + 1.5, &when)
        .unwrap();
    sheet.write_string(2, 4, "chat").unwrap();
    sheet.write_number(2, 5, 1234.5).unwrap();
    // Row 4 blank; row 5: T3, a date typed as text, a reply that is no date.
    sheet.write_string(4, 0, "T3").unwrap();
    sheet.write_string(4, 1, "2024-03-03 08:00").unwrap();
    sheet.write_string(4, 2, "not yet").unwrap();
    book.add_worksheet().set_name("Empty").unwrap();
    let notes = book.add_worksheet().set_name("Notes").unwrap();
    notes.write_string(0, 0, "Exported by hand").unwrap();
    book.save_to_buffer().unwrap()
}

/// Everything an input loader gives for `bytes` pushed in `chunk`-byte pieces.
fn read(name: &str, bytes: &[u8], chunk: usize) -> Vec<Result<LoadedFile, String>> {
    let mut input = InputLoader::new(name, LoadOptions::default());
    for piece in bytes.chunks(chunk) {
        input.push(piece).unwrap();
    }
    let results = input.finish().unwrap();
    results
        .into_iter()
        .map(|r| r.map_err(|e| e.to_string()))
        .collect()
}

fn whole_error(name: &str, bytes: &[u8]) -> String {
    let mut input = InputLoader::new(name, LoadOptions::default());
    input.push(bytes).unwrap();
    input.finish().err().unwrap().to_string()
}

fn report_json(files: Vec<LoadedFile>, config: &str) -> Value {
    let config = Config::from_json(config).unwrap();
    let mut data = Dataset::new();
    for file in files {
        data.add(file).unwrap();
    }
    serde_json::to_value(report(&data, &config).unwrap()).unwrap()
}

#[test]
fn zipped_asterisk_queue_log_equals_the_log() {
    // Asterisk's log has no extension; rotated copies have a number.
    let archive = zip_of(&[
        ("asterisk/queue_log", QUEUE_LOG),
        ("asterisk/queue_log.1", QUEUE_LOG),
    ]);
    let config = r#"{"group_by": ["agent", "queue"]}"#;
    let plain = report_json(
        vec![load("queue_log", QUEUE_LOG, LoadOptions::default()).unwrap()],
        config,
    );
    for chunk in [1, 4096] {
        let files: Vec<LoadedFile> = read("logs.zip", &archive, chunk)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(files.len(), 2);
        let first = report_json(files.into_iter().take(1).collect(), config);
        assert_eq!(first["metrics"], plain["metrics"]);
        assert_eq!(first["groups"], plain["groups"]);
        assert_eq!(first["issues"]["counts"], plain["issues"]["counts"]);
        assert_eq!(first["inputs"][0]["format"], "asterisk_queue_log");
        assert_eq!(first["inputs"][0]["rows"], 14);
        assert_eq!(first["inputs"][0]["file"], "logs.zip/asterisk/queue_log");
    }
}

#[test]
fn zip_of_two_csvs_equals_the_two_csvs() {
    let archive = zip_of(&[
        ("export/", b""),
        ("export/tickets_basic.csv", TICKETS),
        ("__MACOSX/export/._tickets_basic.csv", b"\0\x05\x16\x07junk"),
        ("export/Calls_Basic.CSV", CALLS),
        ("export/readme.md", b"# not data"),
    ]);
    let config = include_str!("data/calls_basic.config.json");
    for chunk in [1, 3, 4096, archive.len()] {
        let files: Vec<LoadedFile> = read("export.zip", &archive, chunk)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let names: Vec<&str> = files.iter().map(|f| f.info.file.as_str()).collect();
        assert_eq!(
            names,
            [
                "export.zip/export/tickets_basic.csv",
                "export.zip/export/Calls_Basic.CSV"
            ]
        );
        let from_zip = report_json(files, config);
        let plain = report_json(
            vec![
                load("tickets_basic.csv", TICKETS, LoadOptions::default()).unwrap(),
                load("calls_basic.csv", CALLS, LoadOptions::default()).unwrap(),
            ],
            config,
        );
        assert_eq!(from_zip["metrics"], plain["metrics"]);
        assert_eq!(from_zip["trend"], plain["trend"]);
        assert_eq!(from_zip["groups"], plain["groups"]);
        assert_eq!(from_zip["issues"]["counts"], plain["issues"]["counts"]);
        for i in 0..2 {
            let (z, p) = (&from_zip["inputs"][i], &plain["inputs"][i]);
            for key in ["kind", "format", "encoding", "delimiter", "rows", "skipped"] {
                assert_eq!(z[key], p[key], "inputs[{i}].{key}");
            }
        }
        assert_eq!(from_zip["metrics"]["tickets.created"], json!({"value": 8}));
    }
}

#[test]
fn xlsx_sheets_with_serial_dates() {
    let results = read("book.xlsx", &workbook(), 1000);
    assert_eq!(results.len(), 2, "Tickets and Notes; Empty is skipped");
    assert_eq!(
        results[1].as_ref().err().unwrap(),
        "book.xlsx#Notes: cannot tell which table this is (tickets, calls, surveys, customers, orders, qa_reviews); \
         name it as KIND=FILE or map its columns (headers found: \"Exported by hand\")"
    );
    let file = results.into_iter().next().unwrap().unwrap();
    assert_eq!(file.info.file, "book.xlsx#Tickets");
    assert_eq!((file.info.rows, file.info.skipped), (3, 0));
    assert_eq!(file.info.delimiter, "");
    // The reply "not yet" on sheet row 5 (row 4 is blank).
    let issue = &file.issues.examples[0];
    assert_eq!(file.issues.examples.len(), 1);
    assert_eq!(
        (issue.file.as_str(), issue.line, issue.column.as_str()),
        ("book.xlsx#Tickets", 5, "first_response_at")
    );
    let r = report_json(
        vec![file],
        r#"{"period": {"start": "2024-03-01", "end": "2024-04-01"}, "group_by": ["channel"]}"#,
    );
    let m = &r["metrics"];
    assert_eq!(m["tickets.created"], json!({"value": 3}));
    assert_eq!(m["tickets.solved"], json!({"value": 1}));
    // First responses: T1 09:00 → 09:30 = 1800 s, T2 10:00 → 12:00 = 7200 s.
    // p90 = 1800 + 0.9 · 5400 = 6660. Resolution: T1 3 h.
    let frt = &m["tickets.first_response_seconds"];
    assert_eq!(
        (&frt["count"], &frt["sum"], &frt["median"], &frt["p90"]),
        (&json!(2), &json!(9000.0), &json!(4500.0), &json!(6660.0))
    );
    assert_eq!(m["tickets.resolution_seconds"]["sum"], json!(10800.0));
    // Handle time keeps the half second: 600 + 1234.5.
    assert_eq!(m["tickets.handle_seconds"]["sum"], json!(1834.5));
    // One ticket per channel; the number id 2 reads as "2", a ticket like the others.
    let groups = &r["groups"]["channel"];
    assert_eq!(groups["email"]["tickets.created"], json!({"value": 1}));
    assert_eq!(groups["chat"]["tickets.created"], json!({"value": 1}));
}

#[test]
fn xlsx_inside_zip() {
    let archive = zip_of(&[("book.xlsx", &workbook()), ("tickets.csv", TICKETS)]);
    let results = read("all.zip", &archive, 65536);
    let names: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(f) => f.info.file.clone(),
            Err(e) => e.split(':').next().unwrap().to_string(),
        })
        .collect();
    assert_eq!(
        names,
        [
            "all.zip/book.xlsx#Tickets",
            "all.zip/book.xlsx#Notes",
            "all.zip/tickets.csv"
        ]
    );
    assert!(results[1].is_err());
}

#[test]
fn broken_archives_are_one_clear_error() {
    let archive = zip_of(&[("tickets.csv", TICKETS), ("calls.csv", CALLS)]);
    // Cut short: the central directory at the end is gone.
    let cut = whole_error("export.zip", &archive[..archive.len() / 2]);
    assert!(
        cut.starts_with("export.zip: cannot read this ZIP archive or Excel workbook: "),
        "{cut}"
    );
    // A file that only starts like a ZIP.
    let fake = whole_error("tickets.csv", b"PK\x03\x04 this is not really a zip");
    assert!(
        fake.starts_with("tickets.csv: cannot read this ZIP archive or Excel workbook: "),
        "{fake}"
    );
    // Nothing usable: the error lists what is there.
    let none = zip_of(&[
        ("docs/", b""),
        ("docs/readme.md", b"hi"),
        ("logo.png", b"png"),
    ]);
    assert_eq!(
        whole_error("export.zip", &none),
        "export.zip: nothing to read: no .csv, .tsv, .txt or .xlsx file and no sheet with data \
         (found: \"docs/readme.md\", \"logo.png\")"
    );
    // A workbook whose sheets are all empty.
    let mut book = Workbook::new();
    book.add_worksheet();
    let empty = book.save_to_buffer().unwrap();
    assert_eq!(
        whole_error("empty.xlsx", &empty),
        "empty.xlsx: nothing to read: no .csv, .tsv, .txt or .xlsx file and no sheet with data \
         (found: \"Sheet1\")"
    );
}

#[test]
fn a_corrupt_member_fails_alone() {
    let mut archive = zip_of(&[("tickets.csv", TICKETS), ("calls.csv", CALLS)]);
    // Flip bytes in the deflated data of the first member (after its 30-byte
    // header and 11-byte name).
    for b in &mut archive[60..80] {
        *b ^= 0x5a;
    }
    let results = read("export.zip", &archive, 4096);
    assert_eq!(results.len(), 2);
    let err = results[0].as_ref().err().unwrap();
    assert!(err.starts_with("export.zip/tickets.csv: "), "{err}");
    let calls = load("calls.csv", CALLS, LoadOptions::default()).unwrap();
    assert_eq!(results[1].as_ref().unwrap().info.rows, calls.info.rows);
}

#[test]
fn cli_reads_zip_and_xlsx() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("archives-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let zip_path = dir.join("export.zip");
    std::fs::write(&zip_path, zip_of(&[("calls.csv", CALLS)])).unwrap();
    // Named .dat: detection is by the bytes, not the name.
    let book_path = dir.join("tickets.dat");
    std::fs::write(&book_path, workbook()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cxkpi"))
        .arg("report")
        .args([&zip_path, &book_path])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.starts_with("warning: tickets.dat#Notes: cannot tell which table this is"),
        "{stderr}"
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = r["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["export.zip/calls.csv", "tickets.dat#Tickets"]);
    assert_eq!(r["metrics"]["tickets.created"]["value"], 3);
    // A broken archive: exit 2, one sentence naming the file.
    let bad = dir.join("bad.zip");
    std::fs::write(&bad, b"PK\x03\x04garbage").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cxkpi"))
        .arg("report")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("bad.zip: cannot read this ZIP archive or Excel workbook: "),
        "{stderr}"
    );
}

/// Writes the committed fixtures of the browser test (tests/wasm), which has
/// no ZIP writer: `cargo test --test archives -- --ignored`.
#[test]
#[ignore]
fn write_fixture_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/archives");
    std::fs::create_dir_all(&dir).unwrap();
    let export = zip_of(&[
        ("tickets_basic.csv", TICKETS),
        ("__MACOSX/._tickets_basic.csv", b"\0\x05\x16\x07"),
        ("calls_basic.csv", CALLS),
    ]);
    std::fs::write(dir.join("export.zip"), export).unwrap();
    std::fs::write(dir.join("book.xlsx"), workbook()).unwrap();
}

/// Damaged workbooks and archives are errors, never a panic (a panic traps
/// the wasm engine): bytes flipped, cut short, at many places.
#[test]
fn damaged_containers_never_panic() {
    let book = workbook();
    let archive = zip_of(&[("book.xlsx", &book), ("tickets.csv", TICKETS)]);
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for original in [&book, &archive] {
        for round in 0..300 {
            let mut bytes = original.clone();
            for _ in 0..1 + round % 4 {
                let at = (next() % bytes.len() as u64) as usize;
                bytes[at] ^= (next() % 255 + 1) as u8;
            }
            if round % 10 == 9 {
                bytes.truncate((next() % bytes.len() as u64) as usize);
            }
            let mut input = InputLoader::new("damaged", LoadOptions::default());
            input.push(&bytes).unwrap();
            let _ = input.finish();
        }
    }
}
