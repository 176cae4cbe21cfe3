//! Opens the containers cxkpi reads: ZIP archives of exports and Excel
//! `.xlsx` workbooks. [`open`] lists one level of a container as
//! [`Entry`]s, in archive (or sheet) order; the engine
//! (`cxkpi::engine::InputLoader`) names them, reads each like a file of its
//! own (opening a member that is itself a ZIP in turn) and keeps the errors.
//!
//! Its own crate so that the page's engine stays small: in the browser this
//! is a second wasm module (`pkg/cxkpi_archive.js`), fetched only when a
//! ZIP or workbook is dropped; its entries cross to the engine as postcard
//! bytes ([`open_encoded`]). Native builds link it into the engine.
//!
//! - A workbook (a ZIP holding `xl/workbook.xml`) gives each sheet that
//!   holds a cell. Cells become the text a CSV export would hold ([`Rows`]).
//! - Any other ZIP gives each member named `*.csv`, `*.tsv`, `*.txt`,
//!   `*.xlsx` or `*.zip` (case ignored), or `queue_log*` (Asterisk's, rotated
//!   or not). Directories, `__MACOSX/` and `._*`
//!   / `.DS_Store` files are skipped; other members are listed in
//!   [`OpenError::NoInputs`] when nothing is usable.

#![warn(missing_docs)]

use serde::{Deserialize, Serialize};

/// One input found in a container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    /// A ZIP member read as a file: its path in the archive and its bytes,
    /// or why they could not be read (encrypted, corrupt data).
    Member {
        /// The path in the archive, as stored (`exports/tickets.csv`).
        path: String,
        /// The member's bytes, uncompressed.
        bytes: Result<serde_bytes::ByteBuf, String>,
    },
    /// A workbook sheet that holds a cell, or why it could not be read.
    Sheet {
        /// The sheet's name (`Sheet1`).
        name: String,
        /// Its rows as text.
        rows: Result<Rows, String>,
    },
}

/// A sheet's rows as the text a CSV export of it would hold: numbers keep
/// every digit (the shortest text that reads back as the same `f64`); date
/// cells become `YYYY-MM-DDTHH:MM:SS` (the workbook's local time, rounded to
/// the second); duration cells (`[h]:mm:ss`) and times of day without a date
/// become `HH:MM:SS`; error cells keep their text (`#N/A`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    /// The sheet's row number (1-based) of `cells[0]`.
    pub first_line: u64,
    /// One `Vec` per row, one `String` per cell, from the first used column.
    pub cells: Vec<Vec<String>>,
}

/// Why a container as a whole cannot be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OpenError {
    /// Not a readable ZIP archive or workbook: the reader's message.
    Unreadable(String),
    /// Nothing usable in it: the members or sheets that are there.
    NoInputs {
        /// Member paths that are no input, and sheets without a cell.
        found: Vec<String>,
    },
}

/// The first bytes of an empty ZIP archive (the end of the central directory).
#[cfg(feature = "read")]
const EMPTY_ZIP_MAGIC: &[u8; 4] = b"PK\x05\x06";

/// Hand each input of the container `bytes` to `visit`, one at a time (so
/// only one member is held uncompressed).
///
/// ```
/// let err = cxkpi_archive::open(b"PK\x03\x04 not really", |_| {}).unwrap_err();
/// assert!(matches!(err, cxkpi_archive::OpenError::Unreadable(_)));
/// ```
#[cfg(feature = "read")]
pub fn open(bytes: &[u8], mut visit: impl FnMut(Entry)) -> Result<(), OpenError> {
    use std::io::Cursor;

    if bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return Err(OpenError::NoInputs { found: Vec::new() });
    }
    let unreadable = |e: &dyn std::fmt::Display| OpenError::Unreadable(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    if zip.index_for_name("xl/workbook.xml").is_some() {
        return workbook(bytes, visit);
    }
    let mut found = Vec::new();
    let mut inputs = 0;
    for i in 0..zip.len() {
        let path = zip.name_for_index(i).unwrap_or("?").to_string();
        if path.ends_with('/') || skipped(&path) {
            continue;
        }
        if !readable(&path) {
            found.push(path);
            continue;
        }
        let bytes = match zip.by_index(i) {
            Ok(member) if member.is_dir() => continue,
            Ok(member) => {
                let size = member.size();
                read_member(member, size, MAX_MEMBER_BYTES).map(serde_bytes::ByteBuf::from)
            }
            Err(e) => Err(e.to_string()),
        };
        inputs += 1;
        visit(Entry::Member { path, bytes });
    }
    if inputs == 0 {
        return Err(OpenError::NoInputs { found });
    }
    Ok(())
}

/// A ZIP member larger than this uncompressed is an error for that member
/// alone: members are held whole while they are read, and this bounds what
/// a small archive can make the reader allocate (a "zip bomb").
pub const MAX_MEMBER_BYTES: u64 = 1 << 30;

/// A member's bytes, at most `limit` of them; `size` is what the archive
/// claims, only a hint.
#[cfg(feature = "read")]
fn read_member(member: impl std::io::Read, size: u64, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(size.min(limit).min(1 << 26) as usize);
    match member.take(limit + 1).read_to_end(&mut bytes) {
        Ok(n) if n as u64 > limit => Err(format!(
            "the member is larger than {} MiB uncompressed: unzip it and read the file itself",
            limit >> 20
        )),
        Ok(_) => Ok(bytes),
        Err(e) => Err(e.to_string()),
    }
}

/// [`open`], with every entry and the result encoded for the trip from the
/// archive module to the engine (postcard of `Result<Vec<Entry>, OpenError>`).
#[cfg(all(feature = "read", target_arch = "wasm32"))]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = open)]
pub fn open_encoded(bytes: &[u8]) -> Vec<u8> {
    let mut entries = Vec::new();
    let result = open(bytes, |entry| entries.push(entry)).map(|()| entries);
    postcard::to_allocvec(&result).expect("entries always encode")
}

/// Members that are never data: directories' metadata written by macOS.
#[cfg(feature = "read")]
fn skipped(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("__MACOSX/") || base.starts_with("._") || base == ".DS_Store"
}

/// Members read as inputs, by their extension; and Asterisk's queue log,
/// which has none (`queue_log`, rotated `queue_log.1`, `queue_log-20260301`).
#[cfg(feature = "read")]
fn readable(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let base = path.rsplit('/').next().unwrap_or(path);
    matches!(ext.as_deref(), Some("csv" | "tsv" | "txt" | "xlsx" | "zip"))
        || base.starts_with("queue_log")
}

/// Each sheet with a cell.
#[cfg(feature = "read")]
fn workbook(bytes: &[u8], mut visit: impl FnMut(Entry)) -> Result<(), OpenError> {
    use calamine::{Reader, Xlsx};

    let cursor = std::io::Cursor::new(bytes);
    let mut book: Xlsx<_> = Xlsx::new(cursor).map_err(|e| OpenError::Unreadable(e.to_string()))?;
    let mut found = Vec::new();
    let mut inputs = 0;
    for name in book.sheet_names() {
        let rows = match book.worksheet_range(&name) {
            Ok(range) => {
                let Some((first_row, _)) = range.start() else {
                    found.push(name);
                    continue;
                };
                let cells = range.rows().map(|row| row.iter().map(cell_text).collect());
                Ok(Rows {
                    first_line: u64::from(first_row) + 1,
                    cells: cells.collect(),
                })
            }
            Err(e) => Err(e.to_string()),
        };
        inputs += 1;
        visit(Entry::Sheet { name, rows });
    }
    if inputs == 0 {
        return Err(OpenError::NoInputs { found });
    }
    Ok(())
}

/// Seconds in a day: Excel stores dates as days since 1899-12-30.
#[cfg(feature = "read")]
const DAY_SECONDS: f64 = 86_400.0;

/// A cell as the text a CSV export of it would hold.
#[cfg(feature = "read")]
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Display is the shortest text that reads back as the same f64.
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(dt) => {
            let days = dt.as_f64();
            if dt.is_duration() || (0.0..1.0).contains(&days) {
                return clock((days * DAY_SECONDS).round());
            }
            let Some(at) = dt.as_datetime() else {
                return days.to_string();
            };
            // Round to the second (Excel keeps sub-millisecond float noise).
            let ms = at.and_utc().timestamp_millis();
            match chrono::DateTime::from_timestamp((ms + 500).div_euclid(1000), 0) {
                Some(at) => at.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string(),
                None => days.to_string(),
            }
        }
    }
}

/// `HH:MM:SS` for a number of seconds (hours may pass 24; negative gets a `-`).
#[cfg(feature = "read")]
fn clock(seconds: f64) -> String {
    let sign = if seconds < 0.0 { "-" } else { "" };
    let s = seconds.abs() as u64;
    format!("{sign}{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(all(test, feature = "read"))]
mod tests {
    use super::*;
    use calamine::{Data, ExcelDateTime, ExcelDateTimeType};

    fn date(days: f64) -> Data {
        Data::DateTime(ExcelDateTime::new(days, ExcelDateTimeType::DateTime, false))
    }

    #[test]
    fn cells_read_like_csv_text() {
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(cell_text(&Data::Float(1234.5)), "1234.5");
        assert_eq!(cell_text(&Data::Float(42.0)), "42");
        assert_eq!(cell_text(&Data::Int(-7)), "-7");
        assert_eq!(cell_text(&Data::Bool(true)), "true");
        assert_eq!(cell_text(&Data::Empty), "");
        // 2024-03-01 09:00 is serial 45352.375; float noise rounds away.
        assert_eq!(cell_text(&date(45352.375)), "2024-03-01T09:00:00");
        assert_eq!(cell_text(&date(45_352.375_000_001)), "2024-03-01T09:00:00");
        assert_eq!(cell_text(&date(45352.0)), "2024-03-01T00:00:00");
        assert_eq!(cell_text(&date(25569.0)), "1970-01-01T00:00:00");
        // A time of day alone, and a [h]:mm:ss duration past a day.
        assert_eq!(cell_text(&date(0.5 + 90.0 / DAY_SECONDS)), "12:01:30");
        let long = ExcelDateTime::new(1.25, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_text(&Data::DateTime(long)), "30:00:00");
    }

    #[test]
    fn members_by_name() {
        assert!(readable("a/Tickets.CSV"));
        assert!(readable("book.xlsx"));
        assert!(!readable("readme.md"));
        assert!(!readable("noext"));
        assert!(readable("var/log/asterisk/queue_log"));
        assert!(readable("queue_log.1"));
        assert!(skipped("__MACOSX/a/._t.csv"));
        assert!(skipped("x/._t.csv"));
        assert!(!skipped("x/t.csv"));
    }

    #[test]
    fn members_past_the_limit_are_an_error() {
        let data = vec![b'x'; 3 << 20];
        assert_eq!(read_member(&data[..], 0, 3 << 20).unwrap().len(), 3 << 20);
        let err = read_member(&data[..], 1 << 40, 2 << 20).unwrap_err();
        assert_eq!(
            err,
            "the member is larger than 2 MiB uncompressed: unzip it and read the file itself"
        );
    }

    #[test]
    fn an_empty_zip_has_no_inputs() {
        let mut empty = b"PK\x05\x06".to_vec();
        empty.extend([0; 18]);
        let err = open(&empty, |_| panic!("no entry")).unwrap_err();
        assert_eq!(err, OpenError::NoInputs { found: Vec::new() });
    }
}
