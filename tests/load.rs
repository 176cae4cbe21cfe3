//! The loader on small fixtures (tests/data/load/): encodings, dialects,
//! header mapping, typed values, and each issue with its exact position.

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use cxkpi::engine::{
    load, Error, ErrorKind, FileLoader, IssueKind, LoadOptions, LoadedFile, TableKind,
};
use std::collections::BTreeMap;

macro_rules! fixture {
    ($name:literal) => {
        ($name, &include_bytes!(concat!("data/load/", $name))[..])
    };
}

fn read(f: (&str, &[u8]), options: LoadOptions) -> LoadedFile {
    let file = load(f.0, f.1, options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        file.info.rows,
        file.table.rows as u64 + file.info.skipped,
        "rows = kept + skipped"
    );
    file
}

fn read_default(f: (&str, &[u8])) -> LoadedFile {
    read(f, LoadOptions::default())
}

fn err(name: &str, bytes: &[u8], options: LoadOptions) -> Error {
    match load(name, bytes, options) {
        Ok(f) => panic!("expected an error, got {:?}", f.info),
        Err(e) => e,
    }
}

fn opts(kind: Option<TableKind>, tz: Tz, columns: &[(&str, &str)]) -> LoadOptions {
    LoadOptions {
        kind,
        time_zone: tz,
        columns: columns
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        ..LoadOptions::default()
    }
}

/// UTC seconds of `YYYY-MM-DD HH:MM`.
fn utc(s: &str) -> i64 {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc()
        .timestamp()
}

fn ts(f: &LoadedFile, name: &str) -> Vec<Option<i64>> {
    let c = f
        .table
        .ts(name)
        .unwrap_or_else(|| panic!("no ts column {name}"));
    (0..f.table.rows).map(|i| c.get(i)).collect()
}

fn strs(f: &LoadedFile, name: &str) -> Vec<Option<String>> {
    let c = f
        .table
        .str(name)
        .unwrap_or_else(|| panic!("no str column {name}"));
    (0..f.table.rows)
        .map(|i| c.get(i).map(str::to_string))
        .collect()
}

fn some(v: &[&str]) -> Vec<Option<String>> {
    v.iter()
        .map(|s| (!s.is_empty()).then(|| s.to_string()))
        .collect()
}

/// (kind, line, column, value) of each issue kept.
fn issues(f: &LoadedFile) -> Vec<(&'static str, u64, &str, &str)> {
    f.issues
        .examples
        .iter()
        .map(|i| (i.kind.id(), i.line, i.column.as_str(), i.value.as_str()))
        .collect()
}

fn reason(f: &LoadedFile, kind: IssueKind) -> &str {
    f.issues
        .examples
        .iter()
        .find(|i| i.kind == kind)
        .map(|i| i.reason.as_str())
        .unwrap_or_else(|| panic!("no {} issue", kind.id()))
}

#[test]
fn semicolon_decimal_comma_and_dotted_dates() {
    let f = read_default(fixture!("semicolon_comma.csv"));
    assert_eq!(f.info.kind, TableKind::Orders);
    assert_eq!(f.info.delimiter, ";");
    assert_eq!(f.info.encoding, "UTF-8");
    assert_eq!(f.info.format, "canonical");
    assert_eq!(
        f.info.columns,
        [
            ("amount", "Amount"),
            ("customer_id", "Customer ID"),
            ("delivered_at", "Delivered"),
            ("id", "Order ID"),
            ("ordered_at", "Order date"),
            ("returned", "Returned"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect::<BTreeMap<_, _>>()
    );
    // `1.234` reads both ways; the column's evidence (`1 234,50`, `12,5`) says comma.
    assert_eq!(f.table.num("amount").unwrap(), &[1234.5, 12.5, 1234.0]);
    assert_eq!(
        ts(&f, "ordered_at"),
        [
            Some(utc("2026-03-01 00:00")),
            Some(utc("2026-03-02 00:00")),
            Some(utc("2026-03-15 09:15"))
        ]
    );
    let ordered = f.table.ts("ordered_at").unwrap();
    assert!(ordered.is_date_only(0) && ordered.is_date_only(1) && !ordered.is_date_only(2));
    assert_eq!(
        ts(&f, "delivered_at"),
        [Some(utc("2026-03-03 14:30")), None, None]
    );
    assert_eq!(f.table.bool("returned").unwrap(), &[0, 1, 2]);
    assert_eq!(issues(&f), [("bad_boolean", 4, "Returned", "nein")]);
}

#[test]
fn windows_1251_bulgarian_headers_mapped_by_hand() {
    let columns = [
        ("id", "Номер"),
        ("created_at", "Създаден"),
        ("agent", "Агент"),
        ("channel", "Канал"),
        ("escalated", "Ескалиран"),
    ];
    let f = read(
        fixture!("bulgarian_1251.csv"),
        opts(None, Tz::UTC, &columns),
    );
    assert_eq!(f.info.kind, TableKind::Tickets);
    assert_eq!(f.info.encoding, "windows-1251");
    assert_eq!(f.info.columns["created_at"], "Създаден");
    assert_eq!(strs(&f, "agent"), some(&["Иван Петров", "Мария Иванова"]));
    assert_eq!(strs(&f, "channel"), some(&["телефон", "имейл"]));
    assert_eq!(f.table.bool("escalated").unwrap(), &[1, 0]);
    assert!(f.issues.examples.is_empty(), "{:?}", f.issues);
}

#[test]
fn windows_1252_swedish() {
    let f = read_default(fixture!("swedish_1252.csv"));
    assert_eq!(f.info.encoding, "windows-1252");
    assert_eq!(f.info.delimiter, ";");
    assert_eq!(strs(&f, "agent"), some(&["Åsa Öberg", "Jörgen Müller"]));
    assert_eq!(strs(&f, "category"), some(&["klagomål", "fråga – pris"]));
    assert_eq!(f.table.bool("escalated").unwrap(), &[1, 0]);
}

#[test]
fn iso_8859_9_turkish() {
    let f = read_default(fixture!("turkish_8859_9.csv"));
    assert_eq!(f.info.encoding, "ISO-8859-9");
    assert_eq!(strs(&f, "agent"), some(&["Ayşe Yılmaz", "Gül Doğan"]));
    assert_eq!(strs(&f, "category"), some(&["Şikayet", "soru"]));
    assert_eq!(f.table.bool("escalated").unwrap(), &[1, 0]);
}

#[test]
fn utf16_with_bom_both_byte_orders() {
    for (f, encoding) in [
        (fixture!("utf16le.csv"), "UTF-16LE"),
        (fixture!("utf16be.csv"), "UTF-16BE"),
    ] {
        let f = read_default(f);
        assert_eq!(f.info.encoding, encoding);
        assert_eq!(f.info.delimiter, "\t");
        assert_eq!(strs(&f, "agent"), some(&["Иван", "Zoë 😀"]));
        assert_eq!(
            ts(&f, "created_at"),
            [Some(utc("2026-03-01 09:00")), Some(utc("2026-03-02 10:00"))]
        );
    }
}

#[test]
fn utf16_without_bom_is_recognised() {
    let text = "id,created_at\n1,2026-03-01 09:00\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let f = read(("t.csv", &le), LoadOptions::default());
    assert_eq!(f.info.encoding, "UTF-16LE");
    assert_eq!(f.table.rows, 1);
}

#[test]
fn utf8_bom_is_skipped() {
    let f = read_default(("t.csv", b"\xef\xbb\xbfid,created_at\n1,2026-03-01 09:00\n"));
    assert_eq!(f.info.columns["id"], "id");
    assert_eq!(f.info.encoding, "UTF-8");
}

#[test]
fn quoted_fields_hold_delimiters_and_newlines() {
    let f = read_default(fixture!("quoted.csv"));
    assert_eq!(
        strs(&f, "category"),
        some(&["billing, refunds", "multi\nline \"quoted\"\ntext", "other"])
    );
    // The record on lines 3-5 does not shift the line of the next one.
    assert_eq!(issues(&f), [("bad_duration", 6, "handle_seconds", "abc")]);
}

#[test]
fn ragged_rows() {
    let f = read_default(fixture!("ragged.csv"));
    assert_eq!(strs(&f, "agent"), some(&["", "Ann", "Bob"]));
    // Line 4 has two extra fields, both empty (a trailing delimiter): not reported.
    assert_eq!(
        issues(&f),
        [("ragged_row", 2, "", ""), ("ragged_row", 3, "", "extra")]
    );
    assert_eq!(
        f.issues.examples[0].reason,
        "the row has 3 fields but the header has 4; the missing ones are read as empty"
    );
    assert_eq!(
        f.issues.examples[1].reason,
        "the row has 5 fields but the header has 4; the extra ones are ignored"
    );
}

#[test]
fn duplicate_ids_last_row_wins() {
    let f = read_default(fixture!("duplicates.csv"));
    assert_eq!((f.info.rows, f.info.skipped, f.table.rows), (4, 2, 2));
    assert_eq!(strs(&f, "id"), some(&["2", "1"]));
    assert_eq!(f.table.lines, [3, 5]);
    assert_eq!(f.table.files, [(0, "duplicates.csv".to_string())]);
    assert_eq!(f.table.origin(1), ("duplicates.csv", 5));
    assert_eq!(strs(&f, "status"), some(&["open", "closed"]));
    assert_eq!(
        ts(&f, "created_at"),
        [Some(utc("2026-03-01 10:00")), Some(utc("2026-03-03 09:00"))]
    );
    assert_eq!(
        issues(&f),
        [
            ("duplicate_id", 2, "id", "1"),
            ("duplicate_id", 4, "id", "1")
        ]
    );
    assert_eq!(
        f.issues.examples[0].reason,
        "the id comes again on line 4; the last row wins and this one is skipped"
    );
    // "solved" was only on a removed row: the dictionary no longer holds it.
    assert_eq!(f.table.str("status").unwrap().values, ["open", "closed"]);
}

#[test]
fn every_cell_issue_with_its_position() {
    let f = read_default(fixture!("issues.csv"));
    // Line 5 is blank: not a row.
    assert_eq!((f.info.rows, f.info.skipped, f.table.rows), (8, 3, 5));
    assert_eq!(
        issues(&f),
        [
            ("bad_timestamp", 2, "first_response_at", "not a date"),
            ("bad_number", 3, "replies", "two"),
            ("bad_boolean", 4, "escalated", "maybe"),
            ("bad_duration", 6, "handle_seconds", "1h"),
            ("missing_required", 7, "created_at", ""),
            ("missing_required", 8, "id", ""),
            ("missing_required", 9, "created_at", "yesterday"),
        ]
    );
    assert!(
        reason(&f, IssueKind::BadTimestamp).starts_with("cannot read as a timestamp (expected ")
    );
    assert!(
        reason(&f, IssueKind::BadNumber).starts_with("cannot read as a whole number (expected ")
    );
    assert!(reason(&f, IssueKind::BadBoolean).starts_with("cannot read as yes/no (expected "));
    assert!(reason(&f, IssueKind::BadDuration).starts_with("cannot read as a duration (expected "));
    assert_eq!(
        f.issues.examples[4].reason,
        "the required value is empty; the row is skipped"
    );
    assert!(f.issues.examples[6]
        .reason
        .starts_with("cannot read the required timestamp (expected "));
    assert!(f.issues.examples[6]
        .reason
        .ends_with("; the row is skipped"));
    // Bad optional cells are empty; the rest of their row is kept.
    assert_eq!(strs(&f, "id"), some(&["1", "2", "3", "4", "7"]));
    assert_eq!(f.table.lines, [2, 3, 4, 6, 10]);
    let replies = f.table.int("replies").unwrap();
    assert_eq!([replies.get(0), replies.get(1)], [Some(2), None]);
    assert_eq!(f.table.bool("escalated").unwrap(), &[1, 0, 2, 2, 0]);
    let handle = f.table.dur("handle_seconds").unwrap();
    assert_eq!((handle.get(0), handle.get(4)), (60.0, 120.0));
    assert!(handle.get(3).is_nan());
    assert_eq!(ts(&f, "first_response_at")[0], None);
}

#[test]
fn month_first_evidence_late_in_the_column() {
    let f = read_default(fixture!("mmdd_late.csv"));
    // Rows 1-3 read either way; 03/25 and 03/26 settle it as month first;
    // 25/03 (line 7) is then no valid date, and created_at is required.
    assert_eq!(
        ts(&f, "created_at"),
        [
            Some(utc("2026-03-01 09:00")),
            Some(utc("2026-04-02 10:00")),
            Some(utc("2026-05-06 00:00")),
            Some(utc("2026-03-25 08:00")),
            Some(utc("2026-03-26 08:00")),
        ]
    );
    assert_eq!((f.info.rows, f.info.skipped), (6, 1));
    // solved_at only has 03/02/2026: day first is assumed, and said once.
    assert_eq!(ts(&f, "solved_at")[0], Some(utc("2026-02-03 00:00")));
    assert_eq!(
        issues(&f),
        [
            ("missing_required", 7, "created_at", "25/03/2026 08:00"),
            ("ambiguous_date", 2, "solved_at", "03/02/2026"),
        ]
    );
    assert_eq!(
        f.issues.examples[0].reason,
        "this column's dates are MM/DD/YYYY (2 values show it) and this required date is not \
         a valid MM/DD/YYYY date; the row is skipped"
    );
    assert_eq!(
        reason(&f, IssueKind::AmbiguousDate),
        "cannot tell day from month: no date in this column has a part above 12; read as \
         DD/MM/YYYY (day first)"
    );
}

#[test]
fn outvoted_slashed_date_in_optional_column() {
    let csv = "id,created_at,solved_at\n\
               1,2026-03-01 09:00,13/03/2026\n\
               2,2026-03-01 09:00,03/14/2026\n\
               3,2026-03-01 09:00,15/03/2026\n\
               4,2026-03-01 09:00,07/03/2026\n";
    let f = read_default(("t.csv", csv.as_bytes()));
    assert_eq!(
        ts(&f, "solved_at"),
        [
            Some(utc("2026-03-13 00:00")),
            None,
            Some(utc("2026-03-15 00:00")),
            Some(utc("2026-03-07 00:00")),
        ]
    );
    assert!(!f.table.ts("solved_at").unwrap().is_date_only(1));
    assert_eq!(
        issues(&f),
        [("bad_timestamp", 3, "solved_at", "03/14/2026")]
    );
    assert_eq!(
        f.issues.examples[0].reason,
        "this column's dates are DD/MM/YYYY (2 values show it) and this value is not a valid \
         DD/MM/YYYY date"
    );
}

#[test]
fn slashed_dates_valid_neither_way() {
    let csv = "id,created_at,solved_at\n1,2026-03-01 09:00,31/31/2026\n";
    let f = read_default(("t.csv", csv.as_bytes()));
    assert_eq!(
        issues(&f),
        [("bad_timestamp", 2, "solved_at", "31/31/2026")]
    );
}

#[test]
fn dst_gap_and_fold_keep_the_value() {
    let oslo: Tz = "Europe/Oslo".parse().unwrap();
    let f = read(fixture!("dst_oslo.csv"), opts(None, oslo, &[]));
    assert_eq!(
        ts(&f, "created_at"),
        [
            // 02:30 does not exist on 29 March: read as 03:30 CEST.
            Some(utc("2026-03-29 01:30")),
            // 02:30 happens twice on 25 October: the first (CEST) is taken.
            Some(utc("2026-10-25 00:30")),
            Some(utc("2026-06-01 10:00")),
            Some(utc("2026-03-29 01:15")),
        ]
    );
    assert_eq!(
        issues(&f),
        [
            (
                "nonexistent_local_time",
                2,
                "created_at",
                "2026-03-29 02:30"
            ),
            (
                "nonexistent_local_time",
                3,
                "created_at",
                "2026-10-25 02:30"
            ),
            (
                "nonexistent_local_time",
                5,
                "created_at",
                "29/03/2026 02:15"
            ),
        ]
    );
    assert_eq!(
        f.issues.examples[0].reason,
        "2026-03-29 02:30:00 does not exist in Europe/Oslo (the clocks jump forward); read as \
         the time after the jump"
    );
    assert_eq!(
        f.issues.examples[1].reason,
        "2026-10-25 02:30:00 happens twice in Europe/Oslo (the clocks go back); the first one is used"
    );
    assert_eq!(f.time_zone, oslo);
}

#[test]
fn qa_extra_columns_are_criteria() {
    let f = read_default(fixture!("qa.csv"));
    assert_eq!(f.info.kind, TableKind::QaReviews);
    let criteria: Vec<(&str, &[u8])> = f.table.criteria().collect();
    assert_eq!(
        criteria,
        [
            ("Greeting", &[1u8, 1][..]),
            ("Empathy", &[2, 2][..]),
            ("Resolution", &[0, 0][..])
        ]
    );
    assert_eq!(issues(&f), [("bad_boolean", 3, "Empathy", "maybe")]);
    assert!(!f.info.columns.contains_key("greeting"));
}

#[test]
fn decimal_separator_by_majority_and_by_delimiter() {
    // Dot evidence (0.5, 2.25) wins over one comma cell; 1,234 is then 1234.
    let f = read_default((
        "o.csv",
        b"id,ordered_at,amount\n1,2026-03-01,0.5\n2,2026-03-01,2.25\n3,2026-03-01,\"1,234\"\n4,2026-03-01,\"3,5\"\n",
    ));
    assert_eq!(f.table.num("amount").unwrap(), &[0.5, 2.25, 1234.0, 3.5]);
    // No evidence and `;`: comma, so 1.234 is 1234.
    let f = read_default((
        "o.csv",
        b"id;ordered_at;amount\n1;2026-03-01;1.234\n2;2026-03-01;7\n",
    ));
    assert_eq!(f.table.num("amount").unwrap(), &[1234.0, 7.0]);
    // No evidence and `,`: dot.
    let f = read_default(("o.csv", b"id,ordered_at,amount\n1,2026-03-01,1.234\n"));
    assert_eq!(f.table.num("amount").unwrap(), &[1.234]);
}

#[test]
fn extra_text_columns_kept_free_text_dropped() {
    let mut csv = String::from("id,created_at,Region,Subject\n");
    for i in 0..5000 {
        csv.push_str(&format!(
            "{i},2026-03-01 09:00,{},Question number {i}\n",
            ["North", "South", "East"][i % 3]
        ));
    }
    let f = read_default(("t.csv", csv.as_bytes()));
    assert_eq!(f.table.rows, 5000);
    assert_eq!(
        f.table.str("region").unwrap().values,
        ["North", "South", "East"]
    );
    assert_eq!(f.table.header("region"), "Region");
    assert!(!f.table.has("subject"));
    assert!(f.issues.examples.is_empty());
    // Not canonical: not in the mapping report.
    assert!(!f.info.columns.contains_key("region"));
}

#[test]
fn blank_lines_and_line_endings() {
    for nl in ["\n", "\r\n", "\r"] {
        let csv = [
            "",
            "id,created_at",
            "",
            "1,2026-03-01 09:00",
            ",,",
            "2,bad",
            "  ",
            "3,x",
        ]
        .join(nl);
        let f = read_default(("t.csv", csv.as_bytes()));
        assert_eq!((f.info.rows, f.table.rows), (3, 1), "{nl:?}");
        assert_eq!(
            issues(&f),
            [
                ("missing_required", 6, "created_at", "bad"),
                ("missing_required", 8, "created_at", "x"),
            ],
            "{nl:?}"
        );
    }
}

#[test]
fn kind_override_and_mapping() {
    // Without a kind this is tickets (id, created_at); forced, it is orders.
    let csv = b"id,created_at,amount\n1,2026-03-01,5\n";
    let f = read(("t.csv", csv), opts(Some(TableKind::Orders), Tz::UTC, &[]));
    assert_eq!(f.info.kind, TableKind::Orders);
    assert_eq!(f.info.columns["ordered_at"], "created_at");
    // A hand mapping wins over matching.
    let csv = b"id,created_at,Opened\n1,2026-03-01,2026-02-01\n";
    let f = read(
        ("t.csv", csv),
        opts(None, Tz::UTC, &[("created_at", "Opened")]),
    );
    assert_eq!(f.info.columns["created_at"], "Opened");
    assert_eq!(ts(&f, "created_at"), [Some(utc("2026-02-01 00:00"))]);
    // A mapping naming a column the table does not have.
    let e = err(
        "t.csv",
        csv,
        opts(Some(TableKind::Tickets), Tz::UTC, &[("nope", "Opened")]),
    );
    assert_eq!(
        e.to_string(),
        "t.csv: the column mapping names \"nope\", which is not a column of tickets"
    );
}

#[test]
fn whole_file_errors() {
    let e = err(
        "t.csv",
        b"Id,Subject\n1,x\n",
        opts(Some(TableKind::Tickets), Tz::UTC, &[]),
    );
    assert_eq!(
        e.to_string(),
        "t.csv: cannot read as tickets: no column for \"created_at\" (headers found: \"Id\", \"Subject\")"
    );
    assert_eq!(
        e.kind,
        ErrorKind::MissingColumns {
            kind: "tickets",
            missing: vec!["created_at"],
            found: vec!["Id".into(), "Subject".into()]
        }
    );
    let e = err("t.csv", b"foo;bar\n1;2\n", LoadOptions::default());
    assert_eq!(
        e.kind,
        ErrorKind::UnknownKind {
            found: vec!["foo".into(), "bar".into()]
        }
    );
    for empty in [&b""[..], b"\n\n", b"\xef\xbb\xbf", b" ,, \r\n"] {
        assert_eq!(
            err("t.csv", empty, LoadOptions::default()).kind,
            ErrorKind::Empty
        );
    }
    let e = err("t.csv", b"id,created_at\n\n", LoadOptions::default());
    assert_eq!(e.kind, ErrorKind::NoRows { rows: 0 });
    let e = err(
        "t.csv",
        b"id,created_at\n1,\n2,never\n",
        LoadOptions::default(),
    );
    assert_eq!(e.kind, ErrorKind::NoRows { rows: 2 });
    assert_eq!(
        e.to_string(),
        "t.csv: no usable data rows (2 read, all skipped)"
    );
    let e = err(
        "r.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        LoadOptions::default(),
    );
    assert_eq!(
        e.to_string(),
        "r.pdf: this is not a CSV file (it looks like a PDF document)"
    );
    let e = err(
        "x.xlsx",
        b"PK\x03\x04\x14\x00\x06\x00",
        LoadOptions::default(),
    );
    assert!(matches!(e.kind, ErrorKind::NotText { .. }));
    let e = err(
        "b.bin",
        b"id,created_at\n\x00\x01\x02\x03\xff\xfe\x00",
        LoadOptions::default(),
    );
    assert_eq!(
        e.kind,
        ErrorKind::NotText {
            looks_like: "binary data (it holds NUL bytes)"
        }
    );
}

#[test]
fn errors_stick_and_bytes_are_counted() {
    let mut l = FileLoader::new("t.csv", LoadOptions::default());
    l.push(b"foo,bar\n").unwrap(); // still in the first block
    assert_eq!(l.bytes_read(), 8);
    let e = l.finish().unwrap_err();
    assert!(matches!(e.kind, ErrorKind::UnknownKind { .. }));

    // Past the first block the header error comes from `push`, and again after.
    let mut big = b"foo,bar\n".to_vec();
    big.resize(70_000, b'\n');
    let mut l = FileLoader::new("t.csv", LoadOptions::default());
    let e = l.push(&big).unwrap_err();
    assert_eq!(l.push(b"1,2\n").unwrap_err(), e);
    assert_eq!(l.finish().unwrap_err(), e);
}

#[test]
fn code_page_chosen_from_the_first_record_that_needs_one() {
    // 70 KB of ASCII rows, so the first block is all UTF-8; then a
    // windows-1251 row, then a windows-1252-looking one (decoded as 1251 too:
    // one code page per file).
    let mut csv = b"id,created_at,agent\n".to_vec();
    for i in 0..2000 {
        csv.extend_from_slice(format!("{i},2026-03-01 09:00,Ann Smith-Jones\n").as_bytes());
    }
    csv.extend_from_slice(b"x1,2026-03-01 09:00,\xc8\xe2\xe0\xed \xcf\xe5\xf2\xf0\xee\xe2\n");
    csv.extend_from_slice(b"x2,2026-03-01 09:00,UTF-8 \xd0\x98\xd0\xb2\n");
    let f = read_default(("t.csv", &csv));
    assert_eq!(f.info.encoding, "windows-1251");
    let agents = strs(&f, "agent");
    assert_eq!(agents[2000].as_deref(), Some("Иван Петров"));
    // A field that is valid UTF-8 stays UTF-8.
    assert_eq!(agents[2001].as_deref(), Some("UTF-8 Ив"));
}

#[test]
fn wide_rows_and_huge_cells() {
    let mut csv = String::from("id,created_at");
    for i in 0..10_000 {
        csv.push_str(&format!(",c{i}"));
    }
    csv.push('\n');
    csv.push_str("1,2026-03-01 09:00");
    for i in 0..10_000 {
        csv.push_str(&format!(",{}", i % 7));
    }
    csv.push('\n');
    csv.push_str("2,2026-03-01 09:00,\"");
    csv.push_str(&"x\"\"y,\n".repeat(200_000));
    csv.push_str("\"\n");
    let f = read_default(("t.csv", csv.as_bytes()));
    assert_eq!(f.table.rows, 2);
    assert_eq!(f.table.columns.len(), 10_002);
    assert_eq!(f.table.str("c9999").unwrap().get(0), Some("3")); // 9999 % 7
    assert_eq!(
        f.table.str("c0").unwrap().get(1).map(str::len),
        Some(999_999)
    ); // x"y,\n × 200 000, trimmed
       // Row 2 is short: one ragged_row issue, whose value is empty.
    assert_eq!(issues(&f), [("ragged_row", 3, "", "")]);
}

#[test]
fn rows_past_the_record_limits_are_cut() {
    let mut csv = String::from("id,created_at\n1,2026-03-01 09:00");
    csv.push_str(&",x".repeat(70_000));
    csv.push_str("\n2,2026-03-01 10:00\n");
    let f = read_default(("t.csv", csv.as_bytes()));
    assert_eq!(f.table.rows, 2);
    assert_eq!(issues(&f), [("ragged_row", 2, "", "")]);
    assert_eq!(
        f.issues.examples[0].reason,
        "the row is longer than 64 MiB or 65536 fields (is a quote never closed?); the rest of it is ignored"
    );
}
