//! Containers: ZIP archives of exports and Excel `.xlsx` workbooks.
//!
//! A file is a container when it starts with a ZIP signature ([`is_zip`]);
//! the name does not matter. A container cannot be streamed (a ZIP's
//! directory is at its end), so its bytes are held until the end; every
//! other file streams straight into a [`FileLoader`].
//!
//! What a container yields, each as its own input with its own
//! [`LoadedFile`]:
//! - a workbook (a ZIP holding `xl/workbook.xml`): each sheet that holds a
//!   cell, named `book.xlsx#Sheet1`. Cells become text and go through the
//!   CSV path's typing ([`RowLoader`]); an issue's line is the sheet's row
//!   number. Numbers keep every digit (shortest text that reads back as the
//!   same `f64`); date cells become `YYYY-MM-DDTHH:MM:SS`, local time in the
//!   config's zone like a CSV timestamp without offset, rounded to the
//!   second; duration cells (`[h]:mm:ss`) and times of day without a date
//!   become `HH:MM:SS`; error cells keep their text (`#N/A`), so a typed
//!   column reports them as issues.
//! - any other ZIP: each member named `*.csv`, `*.tsv`, `*.txt`, `*.xlsx` or
//!   `*.zip` (case ignored), or `queue_log*` (Asterisk's, rotated or not), named `export.zip/path/in/archive.csv`, read
//!   like a file of its own (a member that is itself a ZIP is opened too,
//!   [`MAX_DEPTH`] levels deep). Directories, `__MACOSX/` and `._*` /
//!   `.DS_Store` files are skipped; other members are listed in the error
//!   when nothing is usable.
//!
//! A container that cannot be read is one error naming the file. One member
//! that cannot be read (unknown headers, encrypted, corrupt data) is an
//! error for that member only: [`InputLoader::finish`] returns one result
//! per input, and the caller decides whether the others go on.

use super::error::{Error, ErrorKind};
use super::load::{FileLoader, LoadOptions, LoadedFile, RowLoader};
use calamine::{Data, Reader, Xlsx};
use std::io::{Cursor, Read};

/// The first bytes of a ZIP archive (a local file header); an `.xlsx` is one.
pub const ZIP_MAGIC: &[u8; 4] = b"PK\x03\x04";

/// The first bytes of an empty ZIP archive (the end of the central directory).
const EMPTY_ZIP_MAGIC: &[u8; 4] = b"PK\x05\x06";

/// Containers opened inside containers, at most (a ZIP in a ZIP is 2).
pub const MAX_DEPTH: u32 = 3;

/// Bytes copied from a ZIP member to its loader at a time.
const MEMBER_CHUNK: usize = 1 << 20;

/// Whether a file starting with `head` (at least its first 4 bytes) is a ZIP
/// archive or an `.xlsx` workbook.
pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(ZIP_MAGIC) || head.starts_with(EMPTY_ZIP_MAGIC)
}

/// Reads one file pushed in chunks, whatever it is: a CSV streams into a
/// [`FileLoader`]; a ZIP or workbook is held and opened at the end.
///
/// ```
/// use cxkpi::engine::{InputLoader, LoadOptions};
/// let mut input = InputLoader::new("t.csv", LoadOptions::default());
/// input.push(b"id,created_at\n1,2024-03-01T09:00:00Z\n").unwrap();
/// let files = input.finish().unwrap();
/// assert_eq!(files.len(), 1);
/// assert_eq!(files[0].as_ref().unwrap().table.rows, 1);
/// ```
pub struct InputLoader {
    name: String,
    options: LoadOptions,
    depth: u32,
    bytes_read: u64,
    state: State,
}

enum State {
    /// Fewer than 4 bytes seen: not known yet.
    Head(Vec<u8>),
    Text(Box<FileLoader>),
    Container(Vec<u8>),
}

impl InputLoader {
    /// Start reading `file_name`.
    pub fn new(file_name: &str, options: LoadOptions) -> InputLoader {
        InputLoader::nested(file_name, options, 0)
    }

    fn nested(file_name: &str, options: LoadOptions, depth: u32) -> InputLoader {
        InputLoader {
            name: file_name.to_string(),
            options,
            depth,
            bytes_read: 0,
            state: State::Head(Vec::new()),
        }
    }

    /// Feed the next chunk; chunks may end anywhere.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.bytes_read += chunk.len() as u64;
        match &mut self.state {
            State::Text(loader) => loader.push(chunk),
            State::Container(bytes) => {
                bytes.extend_from_slice(chunk);
                Ok(())
            }
            State::Head(head) => {
                head.extend_from_slice(chunk);
                if head.len() < ZIP_MAGIC.len() {
                    return Ok(());
                }
                let head = std::mem::take(head);
                self.decide(head)
            }
        }
    }

    /// Choose text or container from the first bytes, and hand them on.
    fn decide(&mut self, head: Vec<u8>) -> Result<(), Error> {
        if is_zip(&head) {
            self.state = State::Container(head);
            return Ok(());
        }
        let mut loader = FileLoader::new(&self.name, self.options.clone());
        let pushed = loader.push(&head);
        self.state = State::Text(Box::new(loader));
        pushed
    }

    /// Bytes pushed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// End of input. A text file gives one result; a container one per
    /// input found in it, in archive (or sheet) order. `Err` when the file
    /// itself cannot be read: a CSV error, a corrupt archive, or an
    /// archive with nothing usable in it.
    pub fn finish(mut self) -> Result<Vec<Result<LoadedFile, Error>>, Error> {
        if let State::Head(head) = &mut self.state {
            let head = std::mem::take(head);
            self.decide(head)?;
        }
        match self.state {
            State::Head(_) => unreachable!("decided above"),
            State::Text(loader) => Ok(vec![Ok(loader.finish()?)]),
            State::Container(bytes) => open(&self.name, &bytes, &self.options, self.depth),
        }
    }
}

/// The inputs of a container held in memory.
fn open(
    name: &str,
    bytes: &[u8],
    options: &LoadOptions,
    depth: u32,
) -> Result<Vec<Result<LoadedFile, Error>>, Error> {
    let archive_error = |e: &dyn std::fmt::Display| {
        Error::file(
            name,
            ErrorKind::Archive {
                message: e.to_string(),
            },
        )
    };
    if depth >= MAX_DEPTH {
        return Err(archive_error(&format!(
            "archives nested more than {MAX_DEPTH} levels deep are not opened"
        )));
    }
    if bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return Err(Error::file(name, ErrorKind::NoInputs { found: Vec::new() }));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| archive_error(&e))?;
    if zip.index_for_name("xl/workbook.xml").is_some() {
        return workbook(name, bytes, options);
    }
    let mut found = Vec::new();
    let mut inputs = Vec::new();
    for i in 0..zip.len() {
        let path = zip.name_for_index(i).unwrap_or("?").to_string();
        if path.ends_with('/') || skipped(&path) {
            continue;
        }
        if !readable(&path) {
            found.push(path);
            continue;
        }
        let mut member = match zip.by_index(i) {
            Ok(member) => member,
            Err(e) => {
                inputs.push(Err(Error::file(
                    &format!("{name}/{path}"),
                    ErrorKind::Archive {
                        message: e.to_string(),
                    },
                )));
                continue;
            }
        };
        if member.is_dir() {
            continue;
        }
        let inner = format!("{name}/{path}");
        let mut loader = InputLoader::nested(&inner, options.clone(), depth + 1);
        match copy(&mut member, &mut loader, &inner) {
            Ok(()) => match loader.finish() {
                Ok(files) => inputs.extend(files),
                Err(e) => inputs.push(Err(e)),
            },
            Err(e) => inputs.push(Err(e)),
        }
    }
    if inputs.is_empty() {
        return Err(Error::file(name, ErrorKind::NoInputs { found }));
    }
    Ok(inputs)
}

/// Members that are never data: directories' metadata written by macOS.
fn skipped(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("__MACOSX/") || base.starts_with("._") || base == ".DS_Store"
}

/// Members read as inputs, by their extension; and Asterisk's queue log,
/// which has none (`queue_log`, rotated `queue_log.1`, `queue_log-20260301`).
fn readable(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let base = path.rsplit('/').next().unwrap_or(path);
    matches!(ext.as_deref(), Some("csv" | "tsv" | "txt" | "xlsx" | "zip"))
        || base.starts_with("queue_log")
}

/// Stream a ZIP member into its loader.
fn copy(member: &mut impl Read, loader: &mut InputLoader, inner: &str) -> Result<(), Error> {
    let mut buf = vec![0u8; MEMBER_CHUNK];
    loop {
        let n = match member.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Error::file(
                    inner,
                    ErrorKind::Archive {
                        message: e.to_string(),
                    },
                ))
            }
        };
        loader.push(&buf[..n])?;
    }
}

/// Each sheet with a cell, as its own input.
fn workbook(
    name: &str,
    bytes: &[u8],
    options: &LoadOptions,
) -> Result<Vec<Result<LoadedFile, Error>>, Error> {
    let archive_error = |e: &dyn std::fmt::Display| {
        Error::file(
            name,
            ErrorKind::Archive {
                message: e.to_string(),
            },
        )
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| archive_error(&e))?;
    let mut found = Vec::new();
    let mut inputs = Vec::new();
    for sheet in book.sheet_names() {
        let inner = format!("{name}#{sheet}");
        let range = match book.worksheet_range(&sheet) {
            Ok(range) => range,
            Err(e) => {
                inputs.push(Err(Error::file(
                    &inner,
                    ErrorKind::Archive {
                        message: e.to_string(),
                    },
                )));
                continue;
            }
        };
        let Some((first_row, _)) = range.start() else {
            found.push(sheet);
            continue;
        };
        let mut loader = RowLoader::new(&inner, options.clone());
        let mut cells = Vec::new();
        let rows = range.rows().zip(u64::from(first_row) + 1..);
        let pushed = rows.into_iter().try_for_each(|(row, line)| {
            cells.clear();
            cells.extend(row.iter().map(cell_text));
            loader.push_row(line, &cells)
        });
        inputs.push(pushed.and_then(|()| loader.finish()));
    }
    if inputs.is_empty() {
        return Err(Error::file(name, ErrorKind::NoInputs { found }));
    }
    Ok(inputs)
}

/// Seconds in a day: Excel stores dates as days since 1899-12-30.
const DAY_SECONDS: f64 = 86_400.0;

/// A cell as the text a CSV export of it would hold.
fn cell_text(cell: &Data) -> String {
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
fn clock(seconds: f64) -> String {
    let sign = if seconds < 0.0 { "-" } else { "" };
    let s = seconds.abs() as u64;
    format!("{sign}{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

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
    fn short_and_empty_files() {
        let mut input = InputLoader::new("e.zip", LoadOptions::default());
        input.push(b"PK\x05\x06").unwrap();
        input.push(&[0; 18]).unwrap();
        let err = input.finish().unwrap_err();
        assert_eq!(
            err.to_string(),
            "e.zip: nothing to read: the archive is empty (expected .csv, .tsv, .txt or .xlsx files, or sheets with data)"
        );
        let err = InputLoader::new("t.csv", LoadOptions::default())
            .finish()
            .unwrap_err();
        assert_eq!(err.to_string(), "t.csv: the file is empty (no header line)");
        let mut input = InputLoader::new("t.csv", LoadOptions::default());
        input.push(b"P").unwrap();
        assert_eq!(input.bytes_read(), 1);
        assert!(input.finish().is_err());
    }
}
