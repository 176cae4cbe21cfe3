//! Properties of the streaming loader: cutting the same bytes into chunks in
//! any way gives the same result; every data row is either kept or counted as
//! skipped; no input makes it panic.
#![cfg(not(target_arch = "wasm32"))]

use cxkpi::engine::{load, ColumnData, Error, FileLoader, LoadOptions, LoadedFile};
use proptest::prelude::*;

/// Everything in a load result, as text (NaN-safe, unlike `==` on `f64`).
fn canon(r: &Result<LoadedFile, Error>) -> String {
    let f = match r {
        Err(e) => return format!("Err({e:?})"),
        Ok(f) => f,
    };
    let mut s = format!(
        "{:?}\n{:?}\n{:?} {}\n",
        f.info, f.issues, f.time_zone, f.table.rows
    );
    for c in &f.table.columns {
        s += &format!("{} / {}: ", c.name, c.header);
        s += &match &c.data {
            ColumnData::Ts(t) => format!("{:?} {:?}", t.secs, t.date_only),
            ColumnData::Dur(v) | ColumnData::Num(v) => {
                format!("{:?}", v.iter().map(|x| x.to_bits()).collect::<Vec<_>>())
            }
            ColumnData::Int(v) => format!("{v:?}"),
            ColumnData::Bool(v) | ColumnData::Criterion(v) => format!("{v:?}"),
            ColumnData::Str(c) => format!("{:?} {:?}", c.codes, c.values),
        };
        s.push('\n');
    }
    s
}

/// The first line where two canonical forms differ, shortened.
fn diff(a: &str, b: &str) -> Option<String> {
    let cut = |s: &str| s.chars().take(300).collect::<String>();
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            let at = x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count();
            let at = at.saturating_sub(100);
            return Some(format!(
                "line {i}:\n  {}\n  {}",
                cut(x.get(at..).unwrap_or(x)),
                cut(y.get(at..).unwrap_or(y))
            ));
        }
    }
    (a.lines().count() != b.lines().count()).then(|| "different number of lines".to_string())
}

fn options() -> LoadOptions {
    LoadOptions {
        time_zone: "Europe/Oslo".parse().unwrap(),
        ..LoadOptions::default()
    }
}

/// Load `bytes` pushed in pieces that end at each of `cuts` (ascending).
fn load_cut(bytes: &[u8], cuts: &[usize]) -> Result<LoadedFile, Error> {
    let mut l = FileLoader::new("f.csv", options());
    let mut at = 0;
    for &cut in cuts.iter().chain([&bytes.len()]) {
        let cut = cut.clamp(at, bytes.len());
        l.push(&bytes[at..cut])?;
        at = cut;
    }
    assert_eq!(l.bytes_read(), bytes.len() as u64);
    l.finish()
}

fn check_invariants(r: &Result<LoadedFile, Error>) {
    if let Ok(f) = r {
        assert_eq!(f.info.rows, f.table.rows as u64 + f.info.skipped);
        assert!(f.table.rows > 0);
        for c in &f.table.columns {
            assert_eq!(c.data.len(), f.table.rows, "column {}", c.name);
        }
    }
}

const FIXTURES: &[&[u8]] = &[
    include_bytes!("data/load/semicolon_comma.csv"),
    include_bytes!("data/load/bulgarian_1251.csv"),
    include_bytes!("data/load/swedish_1252.csv"),
    include_bytes!("data/load/turkish_8859_9.csv"),
    include_bytes!("data/load/utf16le.csv"),
    include_bytes!("data/load/utf16be.csv"),
    include_bytes!("data/load/quoted.csv"),
    include_bytes!("data/load/ragged.csv"),
    include_bytes!("data/load/duplicates.csv"),
    include_bytes!("data/load/issues.csv"),
    include_bytes!("data/load/mmdd_late.csv"),
    include_bytes!("data/load/dst_oslo.csv"),
    include_bytes!("data/load/qa.csv"),
];

#[test]
fn every_split_of_every_fixture_gives_the_same_file() {
    for bytes in FIXTURES {
        let whole = canon(&load("f.csv", bytes, options()));
        for cut in 0..=bytes.len() {
            if let Some(d) = diff(&canon(&load_cut(bytes, &[cut])), &whole) {
                panic!("cut at {cut}: {d}");
            }
        }
        let ones: Vec<usize> = (1..bytes.len()).collect();
        if let Some(d) = diff(&canon(&load_cut(bytes, &ones)), &whole) {
            panic!("one byte at a time: {d}");
        }
    }
}

/// A file longer than the first block, with quoted line breaks, CR LF,
/// windows-1251 and UTF-8 text and defects past the 64 KiB mark.
fn big_file(utf16: bool) -> Vec<u8> {
    let mut text = String::from("id,created_at,solved_at,agent,handle_seconds,note\r\n");
    for i in 0..2000 {
        let note = match i % 5 {
            0 => "\"a, \"\"b\"\"\r\nc\"".to_string(),
            1 => "Ива́н 😀".to_string(),
            _ => format!("n{i}"),
        };
        let solved = ["03/04/2026", "", "13/04/2026", "2026-03-29 02:30", "bad"][i % 5];
        let id = if i % 97 == 0 { 7 } else { i };
        text += &format!(
            "{id},2026-03-01 09:{:02},{solved},Ann,{},{note}\r\n",
            i % 60,
            i % 7
        );
        if i % 301 == 0 {
            text += "\r\n,,,\r\n9999,,,\r\n";
        }
        if i % 401 == 0 {
            text += &format!("{i}x,2026-03-02,,,,,extra\r\n");
        }
    }
    if utf16 {
        let mut b = vec![0xff, 0xfe];
        b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        b
    } else {
        let mut b = text.into_bytes();
        // Two windows-1251 rows after the first block.
        b.extend_from_slice(b"5000,2026-03-01 09:00,,\xc8\xe2\xe0\xed,1,\xe4\xe0\r\n");
        b.extend_from_slice(
            b"5001,2026-03-01 09:00,,\xcc\xe0\xf0\xe8\xff,2,\"\xed\xe5\r\n\xe4\xe0\"\r\n",
        );
        b
    }
}

#[test]
fn splits_around_the_first_block_and_the_end() {
    for utf16 in [false, true] {
        let bytes = big_file(utf16);
        assert!(bytes.len() > 70_000);
        let whole = load("f.csv", &bytes, options());
        check_invariants(&whole);
        let whole = canon(&whole);
        let n = bytes.len();
        let cuts = (65_536 - 24..65_536 + 24).chain(n - 60..n);
        for cut in cuts {
            if let Some(d) = diff(&canon(&load_cut(&bytes, &[cut])), &whole) {
                panic!("utf16 {utf16}, cut at {cut}: {d}");
            }
        }
        let ones: Vec<usize> = (1..n).collect();
        if let Some(d) = diff(&canon(&load_cut(&bytes, &ones)), &whole) {
            panic!("utf16 {utf16}, one byte at a time: {d}");
        }
    }
}

/// Load `bytes` in 64 KiB pieces, telling the loader the file's size is `size`.
fn load_sized(bytes: &[u8], size: Option<u64>) -> Result<LoadedFile, Error> {
    let mut l = FileLoader::new("f.csv", LoadOptions { size, ..options() });
    for piece in bytes.chunks(65_536) {
        l.push(piece)?;
    }
    l.finish()
}

/// 20,000 tickets whose rows grow longer halfway (a long `Note`), with duplicate ids:
/// the estimate of the rows to come changes on the way.
fn growing_file() -> Vec<u8> {
    let mut text =
        String::from("id,created_at,solved_at,replies,escalated,handle_seconds,agent,Note\n");
    for i in 0..20_000u32 {
        let id = if i % 997 == 0 { i / 2 } else { i };
        let note = if i < 10_000 {
            ""
        } else {
            "a longer note than before, , ,"
        };
        text += &format!(
            "t{id},2026-03-{:02} 09:{:02},,{},no,{},Agent {},\"{note}\"\n",
            1 + i % 28,
            i % 60,
            i % 5,
            i % 900,
            i % 40
        );
    }
    text.into_bytes()
}

#[test]
fn a_size_hint_changes_nothing_but_the_room_made() {
    let bytes = growing_file();
    let n = bytes.len() as u64;
    let plain = load_sized(&bytes, None);
    check_invariants(&plain);
    let plain_canon = canon(&plain);
    // Right, too small, too large and absurd sizes: the same table and issues.
    for size in [n, n / 2, n + n / 3, 3 * n, 0, 1, 65_536, u64::MAX] {
        let sized = load_sized(&bytes, Some(size));
        if let Some(d) = diff(&canon(&sized), &plain_canon) {
            panic!("size {size}: {d}");
        }
    }
}

/// One generated row: its cells, and how it is written.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("2026-03-01 09:00".to_string()),
        Just("2026-03-29 02:30".to_string()),
        Just("03/04/2026".to_string()),
        Just("13/04/2026".to_string()),
        Just("04/13/2026".to_string()),
        Just("1.234".to_string()),
        Just("12,5".to_string()),
        Just("yes".to_string()),
        Just("да".to_string()),
        Just("\"quoted, with\nnewline\"".to_string()),
        Just("\"".to_string()),
        Just("Şikayet 😀".to_string()),
        "[a-z0-9 ]{0,12}",
        (0u32..20).prop_map(|n| n.to_string()),
    ]
}

fn row() -> impl Strategy<Value = String> {
    prop::collection::vec(cell(), 0..9).prop_map(|cells| cells.join(","))
}

#[derive(Debug, Clone)]
struct Generated {
    bytes: Vec<u8>,
    cuts: Vec<usize>,
}

fn generated() -> impl Strategy<Value = Generated> {
    let header = prop_oneof![
        Just("id,created_at,solved_at,replies,escalated,handle_seconds,agent,Note"),
        Just("id;ordered_at;amount;returned;customer_id"),
        Just("reviewed_at,agent,Greeting,Empathy"),
        Just("submitted_at\tscore\tkind\tagent"),
    ];
    (
        header,
        prop::collection::vec(row(), 0..40),
        0usize..3,
        0usize..4,
        0usize..2000,
        prop::collection::vec(1usize..300, 1..40),
    )
        .prop_map(|(header, rows, nl, enc, filler, sizes)| {
            let nl = ["\n", "\r\n", "\r"][nl];
            let delim = if header.contains(';') {
                ";"
            } else if header.contains('\t') {
                "\t"
            } else {
                ","
            };
            let mut text = String::from(header);
            // Filler rows push the generated ones past the first block.
            for i in 0..filler {
                text += nl;
                text +=
                    &format!("f{i},2026-01-0{} 10:00,x,1,no,5,Bo,n", 1 + i % 9).replace(',', delim);
            }
            for r in rows {
                text += nl;
                text += &r.replace(',', delim);
            }
            let bytes = match enc {
                0 => text.into_bytes(),
                1 => {
                    let mut b = vec![0xff, 0xfe];
                    b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                    b
                }
                2 => {
                    let mut b = vec![0xfe, 0xff];
                    b.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
                    b
                }
                _ => {
                    // Legacy: Cyrillic and Turkish letters as single bytes.
                    text.chars()
                        .flat_map(|c| match c {
                            'д' => vec![0xe4],
                            'а' => vec![0xe0],
                            'Ş' => vec![0xde],
                            _ => c.to_string().into_bytes(),
                        })
                        .collect()
                }
            };
            let mut cuts = Vec::new();
            let mut at = 0;
            for s in sizes.iter().cycle() {
                at += if bytes.len() > 20_000 { s * 61 } else { *s };
                if at >= bytes.len() {
                    break;
                }
                cuts.push(at);
            }
            Generated { bytes, cuts }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn prop_chunking_is_invisible(g in generated()) {
        let whole = load("f.csv", &g.bytes, options());
        check_invariants(&whole);
        let d = diff(&canon(&load_cut(&g.bytes, &g.cuts)), &canon(&whole));
        prop_assert!(d.is_none(), "{}", d.unwrap_or_default());
    }

    #[test]
    fn prop_rows_are_kept_or_skipped(g in generated()) {
        if let Ok(f) = load("f.csv", &g.bytes, options()) {
            prop_assert_eq!(f.info.rows, f.table.rows as u64 + f.info.skipped);
            let skipping = f.issues.count(cxkpi::engine::IssueKind::MissingRequired)
                + f.issues.count(cxkpi::engine::IssueKind::DuplicateId);
            prop_assert_eq!(skipping, f.info.skipped);
        }
    }

    #[test]
    fn prop_any_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..3000),
        cuts in prop::collection::vec(0usize..3000, 0..20),
    ) {
        let whole = load("f.csv", &bytes, options());
        check_invariants(&whole);
        let mut cuts = cuts;
        cuts.sort_unstable();
        let d = diff(&canon(&load_cut(&bytes, &cuts)), &canon(&whole));
        prop_assert!(d.is_none(), "{}", d.unwrap_or_default());
    }

    #[test]
    fn prop_csv_like_bytes_never_panic(
        pieces in prop::collection::vec(prop_oneof![
            Just(&b","[..]), Just(&b";"[..]), Just(&b"\""[..]), Just(&b"\r"[..]), Just(&b"\n"[..]),
            Just(&b"id"[..]), Just(&b"created_at"[..]), Just(&b"2026-03-01"[..]), Just(&b"1/2/2026"[..]),
            Just(&b"\xff"[..]), Just(&b"\xd0"[..]), Just(&b"\x00"[..]), Just(&b"\xef\xbb\xbf"[..]),
        ], 0..400),
        cuts in prop::collection::vec(0usize..4000, 0..20),
    ) {
        let bytes: Vec<u8> = pieces.concat();
        let whole = load("f.csv", &bytes, options());
        check_invariants(&whole);
        let mut cuts = cuts;
        cuts.sort_unstable();
        let d = diff(&canon(&load_cut(&bytes, &cuts)), &canon(&whole));
        prop_assert!(d.is_none(), "{}", d.unwrap_or_default());
    }
}

/// A defect injected into one row of a clean tickets file, and what the
/// loader must make of it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Defect {
    None,
    /// Empty `created_at`: skipped, one `missing_required`.
    NoCreated,
    /// Unreadable `created_at`: skipped, one `missing_required`.
    BadCreated,
    /// Unreadable optional timestamp: kept, one `bad_timestamp`.
    BadReply,
    /// Unreadable boolean: kept, one `bad_boolean`.
    BadBool,
    /// Unreadable duration: kept, one `bad_duration`.
    BadDuration,
    /// Two fields short: kept, one `ragged_row`.
    Short,
    /// An extra non-empty field: kept, one `ragged_row`.
    Long,
    /// Blank lines before the row: not rows at all.
    BlankBefore,
    /// The id of row 0: the earlier row with it is skipped, one `duplicate_id`.
    Duplicate,
    /// Invalid UTF-8, markup, a quoted line break or zero-width text in `agent`: kept, no issue.
    HostileText(u8),
}

fn defect() -> impl Strategy<Value = Defect> {
    prop_oneof![
        4 => Just(Defect::None),
        1 => Just(Defect::NoCreated),
        1 => Just(Defect::BadCreated),
        1 => Just(Defect::BadReply),
        1 => Just(Defect::BadBool),
        1 => Just(Defect::BadDuration),
        1 => Just(Defect::Short),
        1 => Just(Defect::Long),
        1 => Just(Defect::BlankBefore),
        1 => Just(Defect::Duplicate),
        2 => (0u8..4).prop_map(Defect::HostileText),
    ]
}

/// The file, and each row's defect (row 0 is always clean).
fn defective_file(defects: &[Defect], crlf: bool) -> Vec<u8> {
    let nl: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut out = b"id,created_at,first_response_at,agent,escalated,handle_seconds".to_vec();
    for (i, &d) in defects.iter().enumerate() {
        let day = 1 + i % 28;
        let mut cells: Vec<Vec<u8>> = vec![
            format!("t{i}").into_bytes(),
            format!("2026-03-{day:02} 09:00").into_bytes(),
            format!("2026-03-{day:02} 10:00").into_bytes(),
            b"ann".to_vec(),
            b"no".to_vec(),
            b"60".to_vec(),
        ];
        match d {
            Defect::None | Defect::BlankBefore => {}
            Defect::NoCreated => cells[1].clear(),
            Defect::BadCreated => cells[1] = b"yesterday-ish".to_vec(),
            Defect::BadReply => cells[2] = b"soon".to_vec(),
            Defect::BadBool => cells[4] = b"maybe".to_vec(),
            Defect::BadDuration => cells[5] = b"forever".to_vec(),
            Defect::Short => cells.truncate(4),
            Defect::Long => cells.push(b"surplus".to_vec()),
            Defect::Duplicate => cells[0] = b"t0".to_vec(),
            Defect::HostileText(k) => {
                cells[3] = match k {
                    0 => b"J\xf6rg \xff\xfe".to_vec(),
                    1 => b"\"<img src=x onerror=alert(1)>, </script>\"".to_vec(),
                    2 => b"\"two\r\nlines\"".to_vec(),
                    _ => "\u{200b}\u{202e}nna".as_bytes().to_vec(),
                }
            }
        }
        out.extend_from_slice(nl);
        if d == Defect::BlankBefore {
            out.extend_from_slice(nl);
            out.extend_from_slice(b",,");
            out.extend_from_slice(nl);
        }
        out.extend_from_slice(&cells.join(&b","[..]));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Injected defects are each counted exactly once, as the right issue, and
    /// rows read = rows used + rows skipped, however the file is cut.
    #[test]
    fn prop_injected_defects_are_each_accounted_for(
        defects in prop::collection::vec(defect(), 0..80),
        crlf in any::<bool>(),
        cuts in prop::collection::vec(0usize..6000, 0..12),
    ) {
        use cxkpi::engine::IssueKind as K;
        let mut defects = defects;
        defects.insert(0, Defect::None);
        let bytes = defective_file(&defects, crlf);
        let f = load("f.csv", &bytes, options()).unwrap();
        let n = |d: Defect| defects.iter().filter(|&&x| x == d).count() as u64;
        let skipped = n(Defect::NoCreated) + n(Defect::BadCreated) + n(Defect::Duplicate);
        prop_assert_eq!(f.info.rows, defects.len() as u64);
        prop_assert_eq!(f.info.skipped, skipped);
        prop_assert_eq!(f.table.rows as u64, defects.len() as u64 - skipped);
        prop_assert_eq!(f.issues.count(K::MissingRequired), n(Defect::NoCreated) + n(Defect::BadCreated));
        prop_assert_eq!(f.issues.count(K::DuplicateId), n(Defect::Duplicate));
        prop_assert_eq!(f.issues.count(K::BadTimestamp), n(Defect::BadReply));
        prop_assert_eq!(f.issues.count(K::BadBoolean), n(Defect::BadBool));
        prop_assert_eq!(f.issues.count(K::BadDuration), n(Defect::BadDuration));
        prop_assert_eq!(f.issues.count(K::RaggedRow), n(Defect::Short) + n(Defect::Long));
        prop_assert_eq!(f.issues.total(), skipped + n(Defect::BadReply) + n(Defect::BadBool)
            + n(Defect::BadDuration) + n(Defect::Short) + n(Defect::Long));
        let mut cuts = cuts;
        cuts.sort_unstable();
        let d = diff(&canon(&load_cut(&bytes, &cuts)), &canon(&Ok(f)));
        prop_assert!(d.is_none(), "{}", d.unwrap_or_default());
    }
}
