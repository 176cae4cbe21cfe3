//! Streaming file loader: bytes in chunks of any size → one canonical [`Table`].
//!
//! Pipeline: encoding (BOM, UTF-16, UTF-8, else a Windows code page) →
//! delimiter and quoting (sniffed from the first block) → records (csv-core) →
//! header mapping (schema) → typed, columnar values, with every problem logged
//! as an [`Issue`]. Column-level decisions that need the whole column (day/month
//! order of `a/b/yyyy` dates, decimal comma) are settled in [`FileLoader::finish`].
//!
//! # Encodings
//!
//! A UTF-8 byte-order mark is skipped. UTF-16 (with a byte-order mark, or
//! without one when the first block has the NUL bytes of UTF-16 text) is
//! transcoded to UTF-8 before splitting. Otherwise each field is taken as
//! UTF-8 when it is valid, else decoded with one code page for the whole
//! file, guessed from the first block when that is not UTF-8, else from the
//! first record holding a field that is not (windows-1251 for Cyrillic,
//! ISO-8859-9 for Turkish, else windows-1252); `InputInfo::encoding` names it
//! once a field needed it. A first block with NUL bytes (and not UTF-16), or
//! that starts like a PDF, an image, a ZIP (xlsx), xls or gzip file, is
//! [`ErrorKind::NotText`].
//!
//! # Columns
//!
//! A vendor export is recognised from its first header row by an adapter
//! (see `adapters`): it names the format, may read more header rows
//! (SurveyMonkey, Qualtrics) and maps the columns, each with a conversion of
//! its cell text before the typed step (minutes → seconds, channel words, …).
//! Preamble lines (`Reporting period …`, `sep=;`) are skipped; an Asterisk
//! CDR without a header row is recognised from its first record, and so is
//! an Asterisk queue_log, whose event lines `queue_log` joins into calls. A
//! hand-made mapping (`LoadOptions::columns`, or a `LoadOptions::saved` one
//! whose headers are all in the file) turns adapters off.
//!
//! Otherwise the kind is `LoadOptions::kind`, else detected from the headers. A
//! hand-made mapping (`LoadOptions::columns`) is applied first, then each
//! header is matched by the schema; the first header wins a canonical column.
//! Headers left over are extra columns named by their normalised text:
//! checklist criteria in `qa_reviews` (a cell that is no answer is a
//! `bad_boolean` issue and reads as not applicable), text columns elsewhere.
//! Required columns that cannot be mapped are [`ErrorKind::MissingColumns`];
//! headers that fit no table, [`ErrorKind::UnknownKind`].
//!
//! # Streaming
//!
//! Chunks may end anywhere: inside a field, a line, a UTF-8 or a UTF-16
//! character. Only the first block of the file (64 KiB) is held back, to decide the encoding and the delimiter; after that each
//! chunk is split into records as it arrives and each record is turned into
//! typed values straight from the CSV reader's buffer. The result is the same
//! for every way of cutting the same bytes into chunks.
//!
//! # Rows, lines, issues
//!
//! Lines are physical lines counted from 1 (the header is line 1); a record
//! whose quoted fields hold line breaks is reported at its first line.
//! Blank lines, and lines whose fields are all empty (`;;;;`), are skipped
//! and not counted as rows. Cells are trimmed of surrounding ASCII
//! whitespace. `InputInfo::rows` counts the data rows read; every one of them
//! is either in the table or counted in `InputInfo::skipped`.
//!
//! - A bad value in an optional column is one issue of its kind
//!   (`bad_timestamp`, `bad_duration`, `bad_number`, `bad_boolean`) and the
//!   cell becomes empty.
//! - A required value that is empty or bad skips the row with exactly one
//!   `missing_required` issue, whose reason says what was wrong with the
//!   value; the other cells of a skipped row are not read (one bad cell, one
//!   issue).
//! - A row with fewer fields than the header is one `ragged_row` issue and
//!   the missing cells are empty; more fields is one `ragged_row` issue and
//!   the extra fields are ignored, unless they are all empty (Excel's
//!   trailing `;`), which is not reported.
//! - A record longer than 64 MiB of text or 65536 fields (usually a quote
//!   that is never closed and swallows the rest of the file) is cut there,
//!   with one `ragged_row` issue, so memory stays bounded.
//! - A repeated `id` (any table that has an `id` column): the last row wins.
//!   Each earlier row is one `duplicate_id` issue at its own line, is left
//!   out of the table and counted in `skipped`.
//! - A local time in a daylight-saving gap or fold keeps its resolved value
//!   and is one `nonexistent_local_time` issue.
//!
//! # Column decisions
//!
//! *Day/month order.* `a/b/yyyy` dates are kept aside (row, numbers, time:
//! 32 bytes a cell, only for such cells) and placed at the end.
//! A cell that is only valid one way is evidence for that order; the order
//! with more evidence wins (a tie goes to day first). Cells valid only the
//! other way are `bad_timestamp` issues and empty (`missing_required`, row
//! skipped, in a required column). A column whose cells are all valid both
//! ways is read day first (European users) and gets one `ambiguous_date`
//! issue at its first cell whose reading depends on the order. The raw text
//! of an outvoted cell is kept for the issue while its order was not clearly
//! winning (up to 256 cells ahead); past that the issue shows the value
//! rebuilt as `a/b/yyyy[ HH:MM:SS]`.
//!
//! *Decimal separator.* A number cell readable only one way (`12,5`, `0.5`,
//! `1.234,5`) is read that way and counts as evidence; the column's
//! separator is the one with more evidence (on a tie, or with none, comma
//! when the delimiter is `;`, else dot). A cell readable both ways with
//! different results (`1,234`, `1.234`) is stored with the dot reading and
//! its comma reading is kept aside (16 bytes) until the column is settled.
//!
//! # Memory
//!
//! Besides the table itself (which includes `Table::lines`, none to 4 bytes a row):
//! the 64 KiB first block (freed once read), the CSV reader's buffer for one
//! record, the side lists above, and the `id` column's last row per id (4
//! bytes per distinct id). Rows superseded by a later duplicate id stay in
//! the columns until [`FileLoader::finish`] removes them. Text columns the
//! schema does not know are kept, dictionary-encoded, for `group_by`, until
//! they hold more than 1000 distinct values and more distinct values than a
//! quarter of their rows (free text such as subjects): then they are
//! dropped and their memory freed.

use super::adapters::{self, Adapter, Conv};
use super::decode::{utf16_block, CodePage, Legacy, Utf16};
use super::error::{Error, ErrorKind, Issue, IssueKind, IssueLog, ISSUE_EXAMPLES};
use super::queue_log::{self, QueueLog};
use super::schema::{self, Column, ColumnType, TableKind};
use super::sniff::{self, Form, SNIFF_BYTES};
use super::table::{
    make_room, ColumnData, Floats, Ints, Lines, NamedColumn, Set, StrColumn, Table, TsColumn,
    NO_BOOL, NO_STR, NO_TS,
};
use super::value::{self, Decimal, LocalFit, TsValue};
use chrono::{NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;
use csv_core::ReadRecordResult;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// How to read a file.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadOptions {
    /// The table kind; `None`: detected from the headers.
    pub kind: Option<TableKind>,
    /// Zone of timestamps that carry no offset.
    pub time_zone: Tz,
    /// Hand-made mapping, canonical column → header text; overrides matching.
    pub columns: BTreeMap<String, String>,
    /// Saved mappings (the page's stored shape, `--map` on the command
    /// line): the first whose headers are all in the file is used when
    /// `columns` is empty; it wins over a vendor adapter.
    pub saved: Vec<SavedMapping>,
    /// The file's size in bytes, when known before reading (a `File`, a file
    /// on disk): the table then makes room for all of its rows at once.
    pub size: Option<u64>,
}

/// A mapping made once by hand and reused for files with the same headers:
/// `{"kind": "tickets", "columns": {"created_at": "Skapad"}}`.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
pub struct SavedMapping {
    /// The table kind; `None`: detected.
    #[serde(default, deserialize_with = "kind_id")]
    pub kind: Option<TableKind>,
    /// Canonical column → header text.
    pub columns: BTreeMap<String, String>,
}

fn kind_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<TableKind>, D::Error> {
    let id: Option<String> = serde::Deserialize::deserialize(d)?;
    id.map(|id| {
        TableKind::from_id(&id)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown table kind \"{id}\"")))
    })
    .transpose()
}

impl SavedMapping {
    /// Whether every header it names is in `headers` (compared trimmed and
    /// case-insensitively, as the page keys its saved mappings).
    pub fn fits(&self, headers: &[String]) -> bool {
        !self.columns.is_empty()
            && self.columns.values().all(|want| {
                let want = want.trim().to_lowercase();
                headers.iter().any(|h| h.trim().to_lowercase() == want)
            })
    }
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            kind: None,
            time_zone: Tz::UTC,
            columns: BTreeMap::new(),
            saved: Vec::new(),
            size: None,
        }
    }
}

/// What was read from one file: the report's `inputs[]` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputInfo {
    /// File name as given.
    pub file: String,
    /// Canonical table.
    pub kind: TableKind,
    /// Adapter that mapped the headers (`canonical` when none applied).
    pub format: String,
    /// Text encoding found (`UTF-8`, `UTF-16LE`, `windows-1251`, ...).
    pub encoding: String,
    /// Field delimiter found.
    pub delimiter: String,
    /// Data rows read (header excluded).
    pub rows: u64,
    /// Rows left out (missing required value, or superseded by a later duplicate id).
    pub skipped: u64,
    /// Canonical column → header text.
    pub columns: BTreeMap<String, String>,
    /// Where the adapter's vendor defines a metric differently, in short
    /// sentences (empty for canonical files).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub definitions: Vec<String>,
}

/// One loaded file.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedFile {
    /// The `inputs[]` entry.
    pub info: InputInfo,
    /// The rows kept, columnar.
    pub table: Table,
    /// Problems found while reading.
    pub issues: IssueLog,
    /// Zone used for local timestamps.
    pub time_zone: Tz,
}

/// Reads one file pushed in chunks.
///
/// ```
/// use cxkpi::engine::{FileLoader, LoadOptions};
/// let mut loader = FileLoader::new("t.csv", LoadOptions::default());
/// for chunk in [&b"id,created_at\n1,2024-03-01T09:0"[..], b"0:00Z\n"] {
///     loader.push(chunk).unwrap();
/// }
/// let file = loader.finish().unwrap();
/// assert_eq!(file.table.rows, 1);
/// ```
pub struct FileLoader {
    bytes_read: u64,
    /// The first error; every later call returns it again.
    failed: Option<Error>,
    /// The first block while it is being collected; `None` once read.
    sniff: Option<Vec<u8>>,
    form: Form,
    utf16: Option<Utf16>,
    split: Splitter,
    sink: Sink,
    /// Rows the columns have room for, once the file's size told how many to expect.
    reserved_rows: usize,
}

/// Rows read before the bytes per row are taken as known.
const ROWS_TO_ESTIMATE: usize = 4096;

impl FileLoader {
    /// Start reading `file_name`.
    pub fn new(file_name: &str, options: LoadOptions) -> FileLoader {
        FileLoader {
            bytes_read: 0,
            failed: None,
            sniff: Some(Vec::new()),
            form: Form::Bytes { bom: 0 },
            utf16: None,
            split: Splitter::new(b',', false),
            sink: Sink::new(file_name, options),
            reserved_rows: 0,
        }
    }

    /// Feed the next chunk; chunks may end anywhere (mid-field, mid-character).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        self.bytes_read += chunk.len() as u64;
        let result = self.push_inner(chunk);
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        self.make_room();
        result
    }

    /// In a file of known size, make room for all its rows at the rows per
    /// byte read so far, plus 2 %; again whenever that estimate comes within
    /// 1 % of the room. Columns then grow once or twice by exact amounts
    /// instead of doubling: near the end of a big file a doubling column
    /// needs three times its size for a moment, which wasm32's 4 GiB cannot
    /// give for a 2 GB file, and the buffers it leaves are holes in memory.
    fn make_room(&mut self) {
        let (Some(size), Some(body)) = (self.sink.options.size, &mut self.sink.body) else {
            return;
        };
        let stored = body.stored;
        if stored < ROWS_TO_ESTIMATE || self.bytes_read >= size {
            return;
        }
        let rows = size as f64 / self.bytes_read as f64 * stored as f64;
        if rows * 1.01 > self.reserved_rows as f64 {
            // `as` saturates: a wrong size far too large asks for usize::MAX rows, which is refused.
            let room = (rows * 1.02) as usize;
            body.reserve_rows(room.saturating_sub(stored));
            self.reserved_rows = room;
        }
    }

    fn push_inner(&mut self, mut chunk: &[u8]) -> Result<(), Error> {
        if let Some(block) = &mut self.sniff {
            let take = (SNIFF_BYTES - block.len()).min(chunk.len());
            block.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            if block.len() < SNIFF_BYTES {
                return Ok(());
            }
            let block = self.sniff.take().unwrap_or_default();
            self.start(&block, false)?;
        }
        if chunk.is_empty() {
            return Ok(());
        }
        self.feed(chunk, false)
    }

    /// Decide encoding and dialect from the first block, then read it.
    fn start(&mut self, block: &[u8], complete: bool) -> Result<(), Error> {
        let form = sniff::form(block).map_err(|looks_like| {
            Error::file(&self.sink.log.file, ErrorKind::NotText { looks_like })
        })?;
        let body = block.get(form.bom()..).unwrap_or_default();
        let text: Cow<[u8]> = match form {
            Form::Utf16 { big_endian, .. } => Cow::Owned(utf16_block(body, big_endian, complete)),
            Form::Bytes { .. } => Cow::Borrowed(body),
        };
        let delimiter = sniff::delimiter(&text, complete);
        self.split = Splitter::new(delimiter, sniff::cr_only(&text));
        self.sink.delimiter = delimiter;
        self.form = form;
        match form {
            Form::Utf16 { big_endian, .. } => self.utf16 = Some(Utf16::new(big_endian)),
            Form::Bytes { .. } => {
                let utf8 = match std::str::from_utf8(body) {
                    Ok(_) => true,
                    // Cut inside a character at the end of the block: fine.
                    Err(e) => e.error_len().is_none() && !complete,
                };
                if !utf8 {
                    self.sink.text.legacy = Some(Legacy::new(CodePage::guess(body)));
                }
            }
        }
        if body.is_empty() {
            return Ok(());
        }
        self.feed(body, false)
    }

    /// Send bytes (after the first block) down the pipeline; `last`: end of input.
    fn feed(&mut self, bytes: &[u8], last: bool) -> Result<(), Error> {
        let FileLoader {
            utf16, split, sink, ..
        } = self;
        let mut sink = |rec: Record, line, cut| sink.record(rec, line, cut);
        match utf16 {
            Some(t) => t.decode(bytes, last, |piece| split.feed(piece, &mut sink))?,
            None if !bytes.is_empty() => split.feed(bytes, &mut sink)?,
            None => {}
        }
        if last {
            split.feed(&[], &mut sink)?;
        }
        Ok(())
    }

    /// Bytes pushed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// End of input: settle column decisions and return the table.
    pub fn finish(mut self) -> Result<LoadedFile, Error> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if let Some(block) = self.sniff.take() {
            self.start(&block, true)?;
        }
        self.feed(&[], true)?;
        let encoding = match (self.form, &self.sink.text.legacy) {
            (Form::Utf16 { big_endian, .. }, _) if big_endian => "UTF-16BE",
            (Form::Utf16 { .. }, _) => "UTF-16LE",
            (Form::Bytes { .. }, Some(legacy)) => legacy.page().name(),
            (Form::Bytes { .. }, None) => "UTF-8",
        };
        self.sink.finish(encoding)
    }
}

/// Read a whole file held in memory.
pub fn load(file_name: &str, bytes: &[u8], options: LoadOptions) -> Result<LoadedFile, Error> {
    let mut loader = FileLoader::new(file_name, options);
    loader.push(bytes)?;
    loader.finish()
}

/// Reads a file whose rows come already split into cells: a spreadsheet
/// sheet. Rows go through the same header detection, column typing and
/// issues as CSV records; `line` is the row number that issues name.
///
/// ```
/// use cxkpi::engine::{LoadOptions, RowLoader};
/// let mut sheet = RowLoader::new("book.xlsx#Sheet1", LoadOptions::default());
/// sheet.push_row(1, ["id", "created_at"]).unwrap();
/// sheet.push_row(2, ["1", "2024-03-01T09:00:00Z"]).unwrap();
/// let file = sheet.finish().unwrap();
/// assert_eq!(file.table.rows, 1);
/// assert_eq!(file.info.delimiter, "");
/// ```
pub struct RowLoader {
    sink: Sink,
    /// Cell bytes of the row being pushed, back to back, and their ends.
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl RowLoader {
    /// Start reading `file_name`.
    pub fn new(file_name: &str, options: LoadOptions) -> RowLoader {
        RowLoader {
            sink: Sink::new(file_name, options),
            out: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Add one row; `line` is its 1-based row number in the sheet. The first
    /// row that is not blank is the header.
    pub fn push_row<S: AsRef<str>>(
        &mut self,
        line: u64,
        cells: impl IntoIterator<Item = S>,
    ) -> Result<(), Error> {
        self.out.clear();
        self.ends.clear();
        for cell in cells {
            self.out.extend_from_slice(cell.as_ref().as_bytes());
            self.ends.push(self.out.len());
        }
        self.sink
            .record(Record::new(&self.out, &self.ends), line, false)
    }

    /// End of input: settle column decisions and return the table. The
    /// input's `encoding` is `UTF-8` and its `delimiter` empty.
    pub fn finish(self) -> Result<LoadedFile, Error> {
        let mut file = self.sink.finish("UTF-8")?;
        file.info.delimiter.clear();
        Ok(file)
    }
}

/// Splits bytes into records and tracks physical lines. A complete line with
/// no quote and no CR but before its LF is split in place at the delimiter,
/// with no copy; csv-core reads every other record
/// (quoted fields, lone CRs, a line cut by the end of a chunk), so both give
/// the same records for every way of cutting the input.
struct Splitter {
    core: csv_core::Reader,
    delimiter: u8,
    /// Line breaks of the lines split in place (csv-core does not see them).
    plain_lines: u64,
    /// Field ends of the line split in place.
    plain_ends: Vec<usize>,
    /// Field bytes of the record being read, unescaped, back to back.
    out: Vec<u8>,
    outlen: usize,
    /// End offset of each field in `out`.
    ends: Vec<usize>,
    endlen: usize,
    /// Lines end with a lone CR, which csv-core does not count.
    cr_only: bool,
    /// Line breaks consumed, when `cr_only`.
    cr_lines: u64,
    /// Line breaks consumed before the current record's first call.
    lines_before: u64,
    /// The previous record ended with CR, so an LF may follow it.
    after_cr: bool,
    /// The current record has not been given input yet.
    at_start: bool,
    /// Its first input byte is the LF of the previous record's CR LF.
    lf_first: bool,
    done: bool,
    /// Longest record kept, in bytes and in fields; the rest of a longer
    /// one (a quote never closed swallows the file) goes to `spill`.
    max_bytes: usize,
    max_fields: usize,
    /// Where csv-core writes what is past those limits; thrown away.
    spill: Vec<u8>,
    spill_ends: Vec<usize>,
    /// Line breaks in the bytes thrown away from the current record.
    spilled_breaks: u64,
    /// The current record was cut.
    cut: bool,
}

/// The high bit of each byte of `word` that equals `byte`, and no other bit
/// (exact for every byte: no carry crosses from one byte to the next).
#[inline]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x) & !LOW7
}

/// A record is cut after this many bytes of field text (64 MiB) ...
const MAX_RECORD_BYTES: usize = 64 << 20;
/// ... or after this many fields.
const MAX_RECORD_FIELDS: usize = 1 << 16;

impl Splitter {
    fn new(delimiter: u8, cr_only: bool) -> Splitter {
        Splitter {
            core: csv_core::ReaderBuilder::new()
                .delimiter(delimiter)
                .quote(b'"')
                .double_quote(true)
                .build(),
            delimiter,
            plain_lines: 0,
            plain_ends: Vec::new(),
            out: vec![0; 4096],
            outlen: 0,
            ends: vec![0; 64],
            endlen: 0,
            cr_only,
            cr_lines: 0,
            lines_before: 0,
            after_cr: false,
            at_start: true,
            lf_first: false,
            done: false,
            max_bytes: MAX_RECORD_BYTES,
            max_fields: MAX_RECORD_FIELDS,
            spill: Vec::new(),
            spill_ends: Vec::new(),
            spilled_breaks: 0,
            cut: false,
        }
    }

    /// Which of the (up to) 8 bytes of `input` from `start` are a delimiter,
    /// LF, CR or quote: the high bit of byte `k` of the result for byte
    /// `start + k`; `None` past the end. A word at a time (SWAR): a loop that
    /// stops at each byte mispredicts a branch at the end of every field.
    #[inline]
    fn specials(&self, input: &[u8], start: usize) -> Option<u64> {
        let rest = input.get(start..).filter(|r| !r.is_empty())?;
        let (word, valid) = match rest.first_chunk::<8>() {
            Some(word) => (*word, u64::MAX),
            None => {
                let mut word = [0; 8];
                word[..rest.len()].copy_from_slice(rest);
                (word, (1 << (8 * rest.len())) - 1)
            }
        };
        let word = u64::from_le_bytes(word);
        let hits = bytes_equal(word, self.delimiter)
            | bytes_equal(word, b'\n')
            | bytes_equal(word, b'\r')
            | bytes_equal(word, b'"');
        Some(hits & valid)
    }

    /// Line breaks consumed so far.
    fn lines(&self) -> u64 {
        if self.cr_only {
            self.cr_lines
        } else {
            self.core.line().saturating_sub(1) + self.plain_lines
        }
    }

    /// At the start of a record: hand the complete lines at the start of
    /// `input` that need no unquoting to `sink`, split in place, and return
    /// the rest, from the first line that csv-core must read.
    fn plain_lines<'i>(
        &mut self,
        mut input: &'i [u8],
        sink: &mut impl FnMut(Record, u64, bool) -> Result<(), Error>,
    ) -> Result<&'i [u8], Error> {
        if self.after_cr && input.first() == Some(&b'\n') {
            // The LF of the previous record's CR LF.
            input = &input[1..];
            self.plain_lines += 1;
            self.after_cr = false;
            self.lines_before = self.lines();
        }
        'lines: loop {
            // Field ends up to the LF (and the CR before it), or back to csv-core.
            self.plain_ends.clear();
            let mut word_start = 0;
            let (text_end, lf) = 'line: loop {
                let Some(mut specials) = self.specials(input, word_start) else {
                    break 'lines; // the end of the chunk
                };
                while specials != 0 {
                    let i = word_start + specials.trailing_zeros() as usize / 8;
                    specials &= specials - 1;
                    match input.get(i) {
                        Some(&b'\n') => break 'line (i, i),
                        Some(b'\r') if input.get(i + 1) == Some(&b'\n') => break 'line (i, i + 1),
                        Some(&b) if b == self.delimiter => {
                            if self.plain_ends.len() + 1 >= self.max_fields {
                                break 'lines;
                            }
                            self.plain_ends.push(i);
                        }
                        // A quote or a lone CR.
                        _ => break 'lines,
                    }
                }
                word_start += 8;
            };
            let text = &input[..text_end];
            if text.len() > self.max_bytes {
                break;
            }
            self.plain_ends.push(text.len());
            let first = self.lines() + 1;
            self.plain_lines += 1;
            self.lines_before = self.lines();
            input = &input[lf + 1..];
            // csv-core skips blank lines too.
            if !text.is_empty() {
                sink(Record::in_place(text, &self.plain_ends), first, false)?;
            }
        }
        Ok(input)
    }

    /// Split `input` and hand each complete record (its fields, first line,
    /// whether it was cut) to `sink`; empty `input` means the end of the file.
    fn feed(
        &mut self,
        mut input: &[u8],
        sink: &mut impl FnMut(Record, u64, bool) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if self.done {
            return Ok(());
        }
        let brk = if self.cr_only { b'\r' } else { b'\n' };
        let eof = input.is_empty();
        loop {
            // csv-core takes empty input as the end of the file.
            if input.is_empty() && !eof {
                return Ok(());
            }
            if self.at_start && !self.cr_only && !input.is_empty() {
                input = self.plain_lines(input, sink)?;
                if input.is_empty() {
                    return Ok(());
                }
            }
            if self.at_start && !input.is_empty() {
                self.at_start = false;
                self.lf_first = self.after_cr && input[0] == b'\n';
            }
            let out_full = self.outlen >= self.max_bytes;
            let ends_full = self.endlen >= self.max_fields;
            if out_full && self.spill.is_empty() {
                self.spill = vec![0; 64 * 1024];
            }
            if ends_full && self.spill_ends.is_empty() {
                self.spill_ends = vec![0; 1024];
            }
            let out_cap = self.max_bytes.min(self.out.len());
            let ends_cap = self.max_fields.min(self.ends.len());
            let (res, nin, nout, nend) = self.core.read_record(
                input,
                if out_full {
                    &mut self.spill[..]
                } else {
                    &mut self.out[self.outlen..out_cap]
                },
                if ends_full {
                    &mut self.spill_ends[..]
                } else {
                    &mut self.ends[self.endlen..ends_cap]
                },
            );
            let consumed = &input[..nin];
            input = &input[nin..];
            if self.cr_only {
                self.cr_lines += consumed.iter().filter(|&&b| b == b'\r').count() as u64;
            }
            if out_full {
                let spilled = &self.spill[..nout];
                self.spilled_breaks += spilled.iter().filter(|&&b| b == brk).count() as u64;
                self.cut |= nout > 0;
            } else {
                self.outlen += nout;
            }
            if ends_full {
                self.cut |= nend > 0;
            } else {
                self.endlen += nend;
            }
            match res {
                ReadRecordResult::InputEmpty if eof => {
                    // Not expected at the end; stop rather than loop.
                    self.done = true;
                    return Ok(());
                }
                ReadRecordResult::InputEmpty => {}
                // Past the limits the spill buffers are reused as they are.
                ReadRecordResult::OutputFull if !out_full => {
                    let n = (self.out.len() * 2).min(self.max_bytes);
                    self.out.resize(n, 0);
                }
                ReadRecordResult::OutputEndsFull if !ends_full => {
                    let n = (self.ends.len() * 2).min(self.max_fields);
                    self.ends.resize(n, 0);
                }
                ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::Record => {
                    let after = self.lines();
                    let last = consumed.last().copied();
                    let term = u64::from(last == Some(brk));
                    let expected = term + u64::from(self.lf_first && !self.cr_only);
                    let inside = if after.saturating_sub(self.lines_before) == expected {
                        0
                    } else {
                        let rec = &self.out[..self.outlen];
                        rec.iter().filter(|&&b| b == brk).count() as u64 + self.spilled_breaks
                    };
                    let line = after.saturating_sub(inside + term) + 1;
                    self.lines_before = after;
                    self.after_cr = last == Some(b'\r');
                    self.at_start = true;
                    let (outlen, endlen, cut) = (self.outlen, self.endlen, self.cut);
                    self.outlen = 0;
                    self.endlen = 0;
                    self.spilled_breaks = 0;
                    self.cut = false;
                    sink(
                        Record::new(&self.out[..outlen], &self.ends[..endlen]),
                        line,
                        cut,
                    )?;
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(());
                }
            }
        }
    }
}

/// Issues of one file; an issue is only built when it will be kept as an example.
struct Log {
    file: String,
    issues: IssueLog,
}

impl Log {
    fn add(
        &mut self,
        kind: IssueKind,
        line: u64,
        column: &str,
        value: &str,
        reason: impl FnOnce() -> String,
    ) {
        if self.issues.examples.len() < ISSUE_EXAMPLES {
            let issue = Issue::new(kind, &self.file, line, column, value, reason());
            self.issues.push(issue);
        } else {
            *self.issues.counts.entry(kind).or_insert(0) += 1;
        }
    }
}

/// Field bytes → text: UTF-8 when valid, else the file's code page.
#[derive(Default)]
struct Text {
    legacy: Option<Legacy>,
    scratch: String,
}

impl Text {
    /// `bytes` as text; `record` (the fields of the record) picks the
    /// code page if this is the first field of the file that is not UTF-8.
    #[cold]
    fn get<'a>(&'a mut self, bytes: &'a [u8], record: &Record) -> &'a str {
        match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(_) => {
                let legacy = self
                    .legacy
                    .get_or_insert_with(|| Legacy::new(CodePage::guess(&record.joined())));
                legacy.decode_into(bytes, &mut self.scratch);
                &self.scratch
            }
        }
    }
}

/// One record: field bytes with `sep` bytes between fields (0 as csv-core
/// writes them, 1 for a line split in place), and the end of each field.
#[derive(Clone, Copy)]
struct Record<'a> {
    out: &'a [u8],
    ends: &'a [usize],
    sep: usize,
    /// The whole record as text, when it is valid UTF-8 (checked once, not per field).
    utf8: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// Fields back to back.
    fn new(out: &'a [u8], ends: &'a [usize]) -> Record<'a> {
        Record {
            out,
            ends,
            sep: 0,
            utf8: std::str::from_utf8(out).ok(),
        }
    }

    /// Fields with one delimiter between them.
    fn in_place(line: &'a [u8], ends: &'a [usize]) -> Record<'a> {
        Record {
            sep: 1,
            ..Record::new(line, ends)
        }
    }

    /// The fields' bytes back to back, untrimmed, as csv-core writes them.
    fn joined(&self) -> Cow<'a, [u8]> {
        if self.sep == 0 {
            return Cow::Borrowed(self.out);
        }
        let mut start = 0;
        let mut all = Vec::with_capacity(self.out.len());
        for &end in self.ends {
            all.extend_from_slice(&self.out[start.min(end)..end]);
            start = end + self.sep;
        }
        Cow::Owned(all)
    }

    /// Number of fields.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Byte range of field `i`, trimmed; empty when the record is short.
    #[inline(always)]
    fn span(&self, i: usize) -> (usize, usize) {
        let Some(&end) = self.ends.get(i) else {
            return (0, 0);
        };
        // Ends past the buffer belong to a record that was cut.
        let mut end = end.min(self.out.len());
        let mut start = if i == 0 {
            0
        } else {
            (self.ends[i - 1] + self.sep).min(end)
        };
        while start < end && self.out[start].is_ascii_whitespace() {
            start += 1;
        }
        while end > start && self.out[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        (start, end)
    }

    /// Whether field `i` is empty after trimming.
    fn is_empty(&self, i: usize) -> bool {
        let (a, b) = self.span(i);
        a == b
    }

    /// Field `i` as text, trimmed: a slice of the record when it is UTF-8,
    /// else decoded by `text`.
    #[inline(always)]
    fn text<'b>(&self, i: usize, text: &'b mut Text) -> &'b str
    where
        'a: 'b,
    {
        let (a, b) = self.span(i);
        if let Some(s) = self.utf8.and_then(|u| u.get(a..b)) {
            return s;
        }
        text.get(&self.out[a..b], self)
    }

    /// Every field as owned text: for the few records read whole (headers,
    /// preambles, event lines), never for table rows.
    fn owned(&self, text: &mut Text) -> Vec<String> {
        (0..self.len())
            .map(|i| self.text(i, text).to_string())
            .collect()
    }
}

/// Takes records: the first non-blank one is the header, the rest are rows.
struct Sink {
    log: Log,
    options: LoadOptions,
    delimiter: u8,
    text: Text,
    /// Header rows read so far, and the adapter that wants more of them.
    pending: Option<(Option<&'static Adapter>, Vec<Vec<String>>)>,
    body: Option<Body>,
    /// An Asterisk queue_log: its lines are events, joined into calls there.
    queue_log: Option<Box<QueueLog>>,
}

impl Sink {
    /// Nothing read yet of `file_name`.
    fn new(file_name: &str, options: LoadOptions) -> Sink {
        Sink {
            log: Log {
                file: file_name.to_string(),
                issues: IssueLog::default(),
            },
            options,
            delimiter: b',',
            text: Text::default(),
            pending: None,
            body: None,
            queue_log: None,
        }
    }

    fn record(&mut self, rec: Record, line: u64, cut: bool) -> Result<(), Error> {
        if (0..rec.len()).all(|i| rec.is_empty(i)) {
            return Ok(());
        }
        if let Some(events) = &mut self.queue_log {
            let fields = rec.owned(&mut self.text);
            return events.line(&fields, line);
        }
        match &mut self.body {
            Some(body) => {
                // Chatwoot puts its "Reporting period" line after the rows too.
                if body.format == "chatwoot" && rec.text(0, &mut self.text).starts_with("Reporting")
                {
                    let fields = rec.owned(&mut self.text);
                    let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
                    if adapters::is_preamble(&refs) {
                        return Ok(());
                    }
                }
                body.row(rec, line, cut, &mut self.text, &mut self.log);
                Ok(())
            }
            None => {
                let fields = rec.owned(&mut self.text);
                let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
                if self.pending.is_none() && adapters::is_preamble(&refs) {
                    return Ok(());
                }
                if self.pending.is_none()
                    && self.options.columns.is_empty()
                    && self.options.kind.is_none_or(|k| k == TableKind::Calls)
                    && queue_log::detect(&fields)
                {
                    let mut events = QueueLog::new(&self.log.file, &self.options)?;
                    events.line(&fields, line)?;
                    self.queue_log = Some(Box::new(events));
                    return Ok(());
                }
                if self.pending.is_none() && self.options.columns.is_empty() {
                    let headerless = adapters::headerless(&fields)
                        .filter(|(a, _)| self.options.kind.is_none_or(|k| k == a.kind));
                    if let Some((adapter, headers)) = headerless {
                        let mapping = map_adapter(adapter, &[headers])
                            .map_err(|kind| Error::file(&self.log.file, kind))?;
                        let mut body = Body::new(mapping, &self.options);
                        body.row(rec, line, cut, &mut self.text, &mut self.log);
                        self.body = Some(body);
                        return Ok(());
                    }
                }
                let (adapter, mut rows) = match self.pending.take() {
                    Some(pending) => pending,
                    None => (choose_adapter(&fields, &self.options), Vec::new()),
                };
                // A later header row that turns out to be data (an older
                // export with fewer header rows) ends the header.
                let data = !rows.is_empty()
                    && adapter.is_some_and(|a| !adapters::is_header_row(a, rows.len(), &fields));
                if !data {
                    rows.push(fields);
                    if adapter.is_some_and(|a| rows.len() < a.header_rows) {
                        self.pending = Some((adapter, rows));
                        return Ok(());
                    }
                }
                let mapping = match adapter {
                    Some(adapter) => map_adapter(adapter, &rows),
                    None => map_columns(&rows[0], &self.options),
                }
                .map_err(|kind| Error::file(&self.log.file, kind))?;
                let mut body = Body::new(mapping, &self.options);
                if data {
                    body.row(rec, line, cut, &mut self.text, &mut self.log);
                }
                self.body = Some(body);
                Ok(())
            }
        }
    }

    fn finish(self, encoding: &str) -> Result<LoadedFile, Error> {
        if let Some(events) = self.queue_log {
            return events.finish(encoding, self.delimiter);
        }
        let Sink {
            mut log,
            options,
            delimiter,
            body,
            pending,
            ..
        } = self;
        let body = match (body, pending) {
            (Some(body), _) => body,
            // Only header rows: map them, so a mapping error is still named.
            (None, Some((Some(adapter), rows))) => {
                let mapping = map_adapter(adapter, &rows).map_err(|k| Error::file(&log.file, k))?;
                Body::new(mapping, &options)
            }
            (None, _) => return Err(Error::file(&log.file, ErrorKind::Empty)),
        };
        let (table, info) = body.finish(delimiter, &mut log);
        if table.rows == 0 {
            return Err(Error::file(
                &log.file,
                ErrorKind::NoRows { rows: info.rows },
            ));
        }
        let info = InputInfo {
            file: log.file.clone(),
            encoding: encoding.to_string(),
            ..info
        };
        Ok(LoadedFile {
            info,
            table,
            issues: log.issues,
            time_zone: options.time_zone,
        })
    }
}

/// How the columns of a file map onto a canonical table. This is the one
/// step vendor adapters extend: they choose the kind, name the format and
/// map their headers; the rest of the loader only sees this.
#[derive(Debug, Clone, PartialEq)]
struct Mapping {
    kind: TableKind,
    /// `canonical`, `mapping` (a saved mapping), or the adapter's name.
    format: &'static str,
    /// Header text of each file column (a survey question's text for its
    /// column when the export has several header rows).
    headers: Vec<String>,
    /// (file column, canonical column), in schema order.
    canonical: Vec<(usize, &'static Column)>,
    /// The conversion of each `canonical` column's values.
    conv: Vec<Conv>,
    /// Other columns kept: (file column, normalised header), in file order.
    extra: Vec<(usize, String)>,
    /// The adapter's notes on definitions.
    definitions: &'static [&'static str],
}

/// The vendor adapter for a file whose first header row is `headers`: none
/// when the user mapped columns by hand (or saved a mapping that fits these
/// headers) or chose a kind the adapter does not make.
fn choose_adapter(headers: &[String], options: &LoadOptions) -> Option<&'static Adapter> {
    if !options.columns.is_empty() || options.saved.iter().any(|m| m.fits(headers)) {
        return None;
    }
    adapters::detect(headers).filter(|a| options.kind.is_none_or(|k| k == a.kind))
}

/// Map the header rows of a vendor export with its adapter.
fn map_adapter(adapter: &'static Adapter, rows: &[Vec<String>]) -> Result<Mapping, ErrorKind> {
    let kind = adapter.kind;
    let am = adapters::map(adapter, rows);
    let headers = am.headers;
    let found = rows.first().cloned().unwrap_or_default();
    let missing: Vec<&'static str> = kind
        .columns()
        .iter()
        .filter(|c| {
            c.required
                && !am
                    .assigned
                    .iter()
                    .any(|a| a.is_some_and(|(a, _)| a.name == c.name))
        })
        .map(|c| c.name)
        .collect();
    if !missing.is_empty() {
        return Err(ErrorKind::MissingColumns {
            kind: kind.id(),
            missing,
            found,
        });
    }
    let mut canonical = Vec::new();
    let mut conv = Vec::new();
    for c in kind.columns() {
        let hit = am
            .assigned
            .iter()
            .position(|a| a.is_some_and(|(a, _)| a.name == c.name));
        if let Some(i) = hit {
            canonical.push((i, c));
            conv.push(am.assigned[i].map_or(Conv::Keep, |(_, v)| v));
        }
    }
    let mut names: Set<String> = kind.columns().iter().map(|c| c.name.to_string()).collect();
    let mut extra = Vec::new();
    for (i, h) in found.iter().enumerate() {
        if am.assigned[i].is_none() {
            let name = schema::normalize_header(h);
            if !name.is_empty() && names.insert(name.clone()) {
                extra.push((i, name));
            }
        }
    }
    Ok(Mapping {
        kind,
        format: adapter.name,
        headers,
        canonical,
        conv,
        extra,
        definitions: adapter.definitions,
    })
}

/// Map `headers` onto a canonical table: the kind is `options.kind` or
/// detected; `options.columns` (canonical → header text) wins over matching;
/// then each header matches by [`schema::match_header`], the first header
/// winning for a canonical column. Unmatched headers are extra columns named
/// by their normalised text (the first wins on a clash; empty names are
/// dropped).
fn map_columns(headers: &[String], options: &LoadOptions) -> Result<Mapping, ErrorKind> {
    let saved = options
        .saved
        .iter()
        .find(|m| options.columns.is_empty() && m.fits(headers));
    let (user, wanted) = match saved {
        Some(m) => (&m.columns, options.kind.or(m.kind)),
        None => (&options.columns, options.kind),
    };
    let kind = match wanted {
        Some(kind) => Some(kind),
        None if user.is_empty() => schema::detect_kind(headers),
        None => detect_with(headers, user),
    }
    .ok_or_else(|| ErrorKind::UnknownKind {
        found: headers.to_vec(),
    })?;
    if let Some(name) = user.keys().find(|name| kind.column(name).is_none()) {
        return Err(ErrorKind::Usage {
            message: format!(
                "the column mapping names \"{name}\", which is not a column of {}",
                kind.id()
            ),
        });
    }
    let assigned = assign(kind, headers, user);
    let missing: Vec<&'static str> = kind
        .columns()
        .iter()
        .filter(|c| c.required && !assigned.iter().any(|a| a.is_some_and(|a| a.name == c.name)))
        .map(|c| c.name)
        .collect();
    if !missing.is_empty() {
        return Err(ErrorKind::MissingColumns {
            kind: kind.id(),
            missing,
            found: headers.to_vec(),
        });
    }
    let canonical: Vec<(usize, &'static Column)> = kind
        .columns()
        .iter()
        .filter_map(|c| {
            let i = assigned
                .iter()
                .position(|a| a.is_some_and(|a| a.name == c.name))?;
            Some((i, c))
        })
        .collect();
    let mut extra = Vec::new();
    if kind.keeps_extra_columns() {
        let mut names: Set<String> = kind.columns().iter().map(|c| c.name.to_string()).collect();
        for (i, h) in headers.iter().enumerate() {
            if assigned[i].is_none() {
                let name = schema::normalize_header(h);
                if !name.is_empty() && names.insert(name.clone()) {
                    extra.push((i, name));
                }
            }
        }
    }
    Ok(Mapping {
        kind,
        format: if saved.is_some() {
            "mapping"
        } else {
            "canonical"
        },
        headers: headers.to_vec(),
        conv: {
            let foreign = user.is_empty()
                && canonical
                    .iter()
                    .any(|&(i, c)| schema::normalize_header(&headers[i]) != c.name);
            canonical
                .iter()
                .map(|&(_, c)| foreign_values(kind, c, foreign))
                .collect()
        },
        canonical,
        extra,
        definitions: &[],
    })
}

/// The value conversion of a column matched by name: a file mapped by hand,
/// or whose headers are all our column names, is read as it is; a file
/// with any other header
/// (a synonym, another language) is someone's export, and its ticket status,
/// priority and channel words are normalised as an adapter's are (`Löst` →
/// solved, `E-post` → email).
fn foreign_values(kind: TableKind, col: &Column, foreign: bool) -> Conv {
    if kind != TableKind::Tickets || !foreign {
        return Conv::Keep;
    }
    match col.name {
        "status" => Conv::Status,
        "priority" => Conv::Priority,
        "channel" => Conv::Channel,
        _ => Conv::Keep,
    }
}

/// The canonical column each header is mapped to.
fn assign(
    kind: TableKind,
    headers: &[String],
    user: &BTreeMap<String, String>,
) -> Vec<Option<&'static Column>> {
    let mut assigned: Vec<Option<&'static Column>> = vec![None; headers.len()];
    for (name, header) in user {
        let Some(col) = kind.column(name) else {
            continue;
        };
        let wanted = header.trim();
        let i = headers
            .iter()
            .enumerate()
            .position(|(i, h)| assigned[i].is_none() && h == wanted)
            .or_else(|| {
                let norm = schema::normalize_header(wanted);
                headers
                    .iter()
                    .enumerate()
                    .position(|(i, h)| assigned[i].is_none() && schema::normalize_header(h) == norm)
            });
        if let Some(i) = i {
            assigned[i] = Some(col);
        }
    }
    for (i, h) in headers.iter().enumerate() {
        if assigned[i].is_some() {
            continue;
        }
        if let Some(col) = schema::match_header(kind, h) {
            if !assigned
                .iter()
                .any(|a| a.is_some_and(|a| a.name == col.name))
            {
                assigned[i] = Some(col);
            }
        }
    }
    assigned
}

/// Detection when the user mapped some columns: the kind that has every
/// mapped column, all its required columns, and the most columns matched.
fn detect_with(headers: &[String], user: &BTreeMap<String, String>) -> Option<TableKind> {
    let mut best: Option<(TableKind, usize)> = None;
    for kind in TableKind::ALL {
        if user.keys().any(|name| kind.column(name).is_none()) {
            continue;
        }
        let assigned = assign(kind, headers, user);
        let has = |name: &str| assigned.iter().any(|a| a.is_some_and(|a| a.name == name));
        if !kind.columns().iter().all(|c| !c.required || has(c.name)) {
            continue;
        }
        if kind == TableKind::Surveys && !["score", "csat", "nps", "ces"].iter().any(|n| has(n)) {
            continue;
        }
        let score = assigned.iter().filter(|a| a.is_some()).count();
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((kind, score));
        }
    }
    best.map(|(kind, _)| kind)
}

/// A growable bit set over row indexes.
#[derive(Default)]
struct Bits(Vec<u64>);

impl Bits {
    fn set(&mut self, i: usize) -> bool {
        let w = i / 64;
        if w >= self.0.len() {
            self.0.resize(w + 1, 0);
        }
        let was = self.0[w] & (1 << (i % 64)) != 0;
        self.0[w] |= 1 << (i % 64);
        !was
    }

    fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// Which order an `a/b/yyyy` cell supports.
const DAY_FIRST: usize = 0;
const MONTH_FIRST: usize = 1;
/// No raw text kept for a slashed cell.
const NO_RAW: u32 = u32::MAX;
/// Outvoted cells whose raw text is kept while their order is this close.
const RAW_MARGIN: u64 = 256;

/// An `a/b/yyyy` cell waiting for its column's day/month order.
struct Slashed {
    row: usize,
    time: NaiveTime,
    year: i32,
    /// Index into the column's kept raw texts, or [`NO_RAW`].
    raw: u32,
    a: u8,
    b: u8,
    date_only: bool,
    /// [`DAY_FIRST`], [`MONTH_FIRST`], or 2 when valid both ways.
    order: u8,
}

/// A column's values while the file is read.
enum Cells {
    Ts {
        col: TsColumn,
        slashed: Vec<Slashed>,
        /// Cells valid only day first, only month first.
        votes: [u64; 2],
        raws: Vec<String>,
        /// First cell whose reading depends on the order: line and text.
        first_ambiguous: Option<(u64, String)>,
    },
    Dur(Floats),
    Int(Ints),
    Num {
        vals: Floats,
        /// Cells readable only with a dot, only with a comma.
        votes: [u64; 2],
        /// (row, comma reading) of cells readable both ways, differently.
        alt: Vec<(usize, f64)>,
    },
    Bool(Vec<u8>),
    Criterion(Vec<u8>),
    Str(StrColumn),
    /// An extra text column dropped as free text.
    Dropped,
}

impl Cells {
    fn new(ty: ColumnType) -> Cells {
        match ty {
            ColumnType::Ts => Cells::Ts {
                col: TsColumn::default(),
                slashed: Vec::new(),
                votes: [0; 2],
                raws: Vec::new(),
                first_ambiguous: None,
            },
            ColumnType::Dur => Cells::Dur(Floats::default()),
            ColumnType::Int => Cells::Int(Ints::default()),
            ColumnType::Num => Cells::Num {
                vals: Floats::default(),
                votes: [0; 2],
                alt: Vec::new(),
            },
            ColumnType::Bool => Cells::Bool(Vec::new()),
            ColumnType::Criterion => Cells::Criterion(Vec::new()),
            ColumnType::Str => Cells::Str(StrColumn::default()),
        }
    }

    /// Room for exactly `rows` more rows, where memory allows.
    fn reserve_rows(&mut self, rows: usize) {
        match self {
            Cells::Ts { col, .. } => col.reserve_rows(rows),
            Cells::Dur(v) | Cells::Num { vals: v, .. } => v.reserve_rows(rows),
            Cells::Int(v) => v.reserve_rows(rows),
            Cells::Bool(v) | Cells::Criterion(v) => make_room(v, rows),
            Cells::Str(c) => c.reserve_rows(rows),
            Cells::Dropped => {}
        }
    }
}

/// One column of the table being built.
struct Col {
    /// Canonical name, or the normalised header of an extra column.
    name: String,
    header: String,
    /// Index of the field in each record.
    field: usize,
    required: bool,
    /// Not a canonical column: a QA criterion, or a text column kept for
    /// `group_by` (dropped when it turns out to be free text).
    extra: bool,
    /// The adapter's conversion of the cell text.
    conv: Conv,
    cells: Cells,
    /// A required timestamp of the current row, parsed while checking the row.
    pre: Option<TsValue>,
}

/// Settings a cell needs besides its text.
struct Ctx {
    tz: Tz,
    utc: bool,
}

impl Ctx {
    fn resolve(&self, at: NaiveDateTime) -> (i64, LocalFit) {
        if self.utc {
            (at.and_utc().timestamp(), LocalFit::Exact)
        } else {
            value::resolve_local(at, self.tz)
        }
    }

    fn fit_issue(
        &self,
        log: &mut Log,
        fit: LocalFit,
        at: NaiveDateTime,
        line: u64,
        header: &str,
        s: &str,
    ) {
        let tz = self.tz;
        match fit {
            LocalFit::Exact => {}
            LocalFit::Gap => log.add(IssueKind::NonexistentLocalTime, line, header, s, || {
                format!("{at} does not exist in {tz} (the clocks jump forward); read as the time after the jump")
            }),
            LocalFit::Fold => log.add(IssueKind::NonexistentLocalTime, line, header, s, || {
                format!("{at} happens twice in {tz} (the clocks go back); the first one is used")
            }),
        }
    }
}

/// `1 field`, `3 fields`.
fn n_fields(n: usize) -> String {
    if n == 1 {
        "1 field".to_string()
    } else {
        format!("{n} fields")
    }
}

/// What a value parser expected, without a leading "expected".
fn what(expected: &str) -> &str {
    expected.strip_prefix("expected ").unwrap_or(expected)
}

/// Whether `a/b/year` is a valid date day first, month first.
fn slashed_valid(a: u32, b: u32, year: i32) -> [bool; 2] {
    [
        value::slashed_date(a, b, year, true).is_some(),
        value::slashed_date(a, b, year, false).is_some(),
    ]
}

impl Col {
    /// Append the cell `s` of row `row` (its timestamp may be in `pre` already).
    /// Text, the most common cell, in the caller's loop; the rest in
    /// [`Col::push_typed`], whose frame the opt-level s wasm build sets up on
    /// the shadow stack for every call.
    #[inline]
    fn push(&mut self, s: &str, row: usize, line: u64, ctx: &Ctx, log: &mut Log) {
        let Cells::Str(c) = &mut self.cells else {
            return self.push_typed(s, row, line, ctx, log);
        };
        let before = c.values.len();
        c.push(s);
        let n = c.values.len();
        if self.extra && n != before && n > 1000 && n * 4 > c.codes.len() {
            self.cells = Cells::Dropped;
        }
    }

    /// [`Col::push`] for every column but text.
    #[inline(never)]
    fn push_typed(&mut self, s: &str, row: usize, line: u64, ctx: &Ctx, log: &mut Log) {
        let header = self.header.as_str();
        match &mut self.cells {
            Cells::Ts {
                col,
                slashed,
                votes,
                raws,
                first_ambiguous,
            } => {
                if s.is_empty() {
                    col.push(None, false);
                    return;
                }
                match self.pre.take().map_or_else(|| value::parse_ts(s), Ok) {
                    Err(expected) => {
                        log.add(IssueKind::BadTimestamp, line, header, s, || {
                            format!("cannot read as a timestamp (expected {})", what(expected))
                        });
                        col.push(None, false);
                    }
                    Ok(TsValue::Utc(secs)) => col.push(Some(secs), false),
                    Ok(TsValue::Local { at, date_only }) => {
                        let (secs, fit) = ctx.resolve(at);
                        ctx.fit_issue(log, fit, at, line, header, s);
                        col.push(Some(secs), date_only);
                    }
                    Ok(TsValue::Slashed {
                        a,
                        b,
                        year,
                        time,
                        date_only,
                    }) => {
                        let valid = slashed_valid(a, b, year);
                        let order = match valid {
                            [false, false] => {
                                log.add(IssueKind::BadTimestamp, line, header, s, || {
                                    "cannot read as a date: not valid as DD/MM/YYYY nor as MM/DD/YYYY"
                                        .to_string()
                                });
                                col.push(None, false);
                                return;
                            }
                            [true, false] => DAY_FIRST,
                            [false, true] => MONTH_FIRST,
                            [true, true] => 2,
                        };
                        let mut raw = NO_RAW;
                        if order < 2 {
                            if votes[order] < votes[1 - order] + RAW_MARGIN {
                                raw = raws.len() as u32;
                                raws.push(s.to_string());
                            }
                            votes[order] += 1;
                        } else if a != b && first_ambiguous.is_none() {
                            *first_ambiguous = Some((line, s.to_string()));
                        }
                        slashed.push(Slashed {
                            row,
                            time,
                            year,
                            raw,
                            a: a as u8,
                            b: b as u8,
                            date_only,
                            order: order as u8,
                        });
                        col.push(None, date_only);
                    }
                }
            }
            Cells::Dur(v) => {
                if s.is_empty() {
                    v.push(f64::NAN);
                    return;
                }
                match value::parse_duration(s) {
                    Ok(x) => v.push(x),
                    Err(expected) => {
                        log.add(IssueKind::BadDuration, line, header, s, || {
                            format!("cannot read as a duration (expected {})", what(expected))
                        });
                        v.push(f64::NAN);
                    }
                }
            }
            Cells::Int(v) => {
                if s.is_empty() {
                    v.push(None);
                    return;
                }
                match value::parse_int(s) {
                    Ok(x) => v.push(Some(x)),
                    Err(expected) => {
                        log.add(IssueKind::BadNumber, line, header, s, || {
                            format!(
                                "cannot read as a whole number (expected {})",
                                what(expected)
                            )
                        });
                        v.push(None);
                    }
                }
            }
            Cells::Num { vals, votes, alt } => {
                if s.is_empty() {
                    vals.push(f64::NAN);
                    return;
                }
                let parsed = match value::decimal_evidence(s) {
                    Some(decimal) => {
                        votes[(decimal == Decimal::Comma) as usize] += 1;
                        value::parse_number(s, decimal)
                    }
                    None if !s.bytes().any(|b| b == b'.' || b == b',') => {
                        value::parse_number(s, Decimal::Dot)
                    }
                    None => match (
                        value::parse_number(s, Decimal::Dot),
                        value::parse_number(s, Decimal::Comma),
                    ) {
                        (Ok(dot), Ok(comma)) => {
                            if dot.to_bits() != comma.to_bits() {
                                alt.push((row, comma));
                            }
                            Ok(dot)
                        }
                        (Ok(x), Err(_)) | (Err(_), Ok(x)) => Ok(x),
                        (Err(e), Err(_)) => Err(e),
                    },
                };
                match parsed {
                    Ok(x) => vals.push(x),
                    Err(expected) => {
                        log.add(IssueKind::BadNumber, line, header, s, || {
                            format!("cannot read as a number (expected {})", what(expected))
                        });
                        vals.push(f64::NAN);
                    }
                }
            }
            Cells::Bool(v) => {
                if s.is_empty() {
                    v.push(NO_BOOL);
                    return;
                }
                match value::parse_bool(s) {
                    Ok(x) => v.push(x as u8),
                    Err(expected) => {
                        log.add(IssueKind::BadBoolean, line, header, s, || {
                            format!("cannot read as yes/no (expected {})", what(expected))
                        });
                        v.push(NO_BOOL);
                    }
                }
            }
            Cells::Criterion(v) => {
                if s.is_empty() {
                    v.push(NO_BOOL);
                    return;
                }
                match value::parse_criterion(s) {
                    Ok(x) => v.push(x.map_or(NO_BOOL, u8::from)),
                    Err(expected) => {
                        log.add(IssueKind::BadBoolean, line, header, s, || {
                            format!("cannot read as a checklist answer (expected {}); read as not applicable", what(expected))
                        });
                        v.push(NO_BOOL);
                    }
                }
            }
            // Text is pushed by `Col::push`.
            Cells::Str(_) | Cells::Dropped => {}
        }
    }
}

/// The table being built, once the header is known.
struct Body {
    kind: TableKind,
    format: &'static str,
    definitions: &'static [&'static str],
    /// Fields a row must have: up to the last named header.
    min_width: usize,
    /// Fields a row may have: the header's.
    width: usize,
    cols: Vec<Col>,
    /// Indexes into `cols` of the required columns.
    required: Vec<usize>,
    /// Index into `cols` of the `id` column.
    id_col: Option<usize>,
    /// Per id code: its last row, or `u32::MAX`.
    id_last: Vec<u32>,
    /// 1-based line of each stored row.
    lines: Lines,
    ctx: Ctx,
    /// Data rows read.
    rows: u64,
    /// Rows skipped before being stored.
    skipped: u64,
    /// Rows stored (each column's length).
    stored: usize,
    /// Stored rows to leave out at the end.
    removed: Bits,
    removed_count: usize,
}

impl Body {
    /// Make room for `rows` more stored rows in every column, exactly, where
    /// memory allows (else the columns grow as they would have).
    fn reserve_rows(&mut self, rows: usize) {
        self.lines.reserve_rows(rows);
        for col in &mut self.cols {
            col.cells.reserve_rows(rows);
        }
        if self.id_col.is_some() {
            make_room(&mut self.id_last, rows); // at most a new id per row
        }
    }

    fn new(mapping: Mapping, options: &LoadOptions) -> Body {
        let headers = mapping.headers;
        let mut cols = Vec::with_capacity(mapping.canonical.len() + mapping.extra.len());
        for (&(field, c), &conv) in mapping.canonical.iter().zip(&mapping.conv) {
            cols.push(Col {
                name: c.name.to_string(),
                header: headers[field].clone(),
                field,
                required: c.required,
                extra: false,
                conv,
                cells: Cells::new(c.ty),
                pre: None,
            });
        }
        let qa = mapping.kind == TableKind::QaReviews;
        for (field, name) in mapping.extra {
            let ty = if qa {
                ColumnType::Criterion
            } else {
                ColumnType::Str
            };
            cols.push(Col {
                name,
                header: headers[field].clone(),
                field,
                required: false,
                extra: true,
                conv: Conv::Keep,
                cells: Cells::new(ty),
                pre: None,
            });
        }
        let required: Vec<usize> = (0..cols.len()).filter(|&i| cols[i].required).collect();
        Body {
            kind: mapping.kind,
            format: mapping.format,
            definitions: mapping.definitions,
            min_width: headers
                .iter()
                .rposition(|h| !h.is_empty())
                .map_or(0, |i| i + 1),
            width: headers.len(),
            required,
            id_col: cols.iter().position(|c| c.name == "id"),
            id_last: Vec::new(),
            lines: Lines::default(),
            cols,
            ctx: Ctx {
                tz: options.time_zone,
                utc: options.time_zone == Tz::UTC,
            },
            rows: 0,
            skipped: 0,
            stored: 0,
            removed: Bits::default(),
            removed_count: 0,
        }
    }

    /// Read one data row.
    fn row(&mut self, rec: Record, line: u64, cut: bool, text: &mut Text, log: &mut Log) {
        self.rows += 1;
        let fields = rec.len();
        if cut {
            log.add(IssueKind::RaggedRow, line, "", "", || {
                format!(
                    "the row is longer than {} MiB or {MAX_RECORD_FIELDS} fields (is a quote never \
                     closed?); the rest of it is ignored",
                    MAX_RECORD_BYTES >> 20
                )
            });
        } else if fields < self.min_width {
            let width = self.width;
            log.add(IssueKind::RaggedRow, line, "", "", || {
                format!(
                    "the row has {} but the header has {width}; the missing ones are read as empty",
                    n_fields(fields)
                )
            });
        } else if let Some(i) = (self.width..fields).find(|&i| !rec.is_empty(i)) {
            let width = self.width;
            let extra = rec.text(i, text);
            log.add(IssueKind::RaggedRow, line, "", extra, || {
                format!(
                    "the row has {} but the header has {width}; the extra ones are ignored",
                    n_fields(fields)
                )
            });
        }
        // Required values first: a row without them is not stored at all.
        for &ci in &self.required {
            let col = &mut self.cols[ci];
            let s = col.conv.apply(rec.text(col.field, text));
            let s = s.as_ref();
            let problem = if s.is_empty() {
                Some(Cow::Borrowed(
                    "the required value is empty; the row is skipped",
                ))
            } else if let Cells::Ts { .. } = col.cells {
                match value::parse_ts(s) {
                    Err(expected) => Some(Cow::Owned(format!(
                        "cannot read the required timestamp (expected {}); the row is skipped",
                        what(expected)
                    ))),
                    Ok(TsValue::Slashed { a, b, year, .. }) if slashed_valid(a, b, year) == [false; 2] => {
                        Some(Cow::Borrowed(
                            "the required date is not valid as DD/MM/YYYY nor as MM/DD/YYYY; the row is skipped",
                        ))
                    }
                    Ok(v) => {
                        col.pre = Some(v);
                        None
                    }
                }
            } else {
                None
            };
            if let Some(reason) = problem {
                log.add(IssueKind::MissingRequired, line, &col.header, s, || {
                    reason.into_owned()
                });
                self.skipped += 1;
                for &ci in &self.required {
                    self.cols[ci].pre = None;
                }
                return;
            }
        }
        let row = self.stored;
        for col in &mut self.cols {
            if matches!(col.cells, Cells::Dropped) {
                continue;
            }
            let s = rec.text(col.field, text);
            match col.conv {
                // Not through `apply`'s `Cow` (the opt-level s wasm build
                // called `Cow::deref` for every cell).
                Conv::Keep => col.push(s, row, line, &self.ctx, log),
                conv => col.push(&conv.apply(s), row, line, &self.ctx, log),
            }
        }
        self.stored += 1;
        self.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
        if let Some(ic) = self.id_col {
            self.dedupe(ic, row, line, log);
        }
    }

    /// The last row with an id wins: the previous one is removed.
    fn dedupe(&mut self, ic: usize, row: usize, line: u64, log: &mut Log) {
        let col = &self.cols[ic];
        let Cells::Str(ids) = &col.cells else { return };
        let code = ids.codes.last().unwrap_or(NO_STR);
        if code == NO_STR {
            return;
        }
        let (code, Ok(row)) = (code as usize, u32::try_from(row)) else {
            return;
        };
        if code >= self.id_last.len() {
            self.id_last.resize(code + 1, u32::MAX);
        }
        let prev = std::mem::replace(&mut self.id_last[code], row) as usize;
        if prev != u32::MAX as usize && self.removed.set(prev) {
            self.removed_count += 1;
            let prev_line = u64::from(self.lines.get(prev));
            let id = ids.values.get(code).unwrap_or("");
            log.add(IssueKind::DuplicateId, prev_line, &col.header, id, || {
                format!(
                    "the id comes again on line {line}; the last row wins and this one is skipped"
                )
            });
        }
    }

    /// Settle column decisions, drop removed rows, build the table.
    fn finish(mut self, delimiter: u8, log: &mut Log) -> (Table, InputInfo) {
        let semicolon = delimiter == b';';
        for col in &mut self.cols {
            match &mut col.cells {
                Cells::Num { vals, votes, alt } => {
                    let [dot, comma] = *votes;
                    if comma > dot || (comma == dot && semicolon) {
                        for &(row, x) in alt.iter() {
                            vals.set(row, x);
                        }
                    }
                    *alt = Vec::new();
                }
                Cells::Ts { .. } => {
                    settle_slashed(
                        col,
                        &self.lines,
                        &self.ctx,
                        log,
                        &mut self.removed,
                        &mut self.removed_count,
                    );
                }
                _ => {}
            }
        }
        if self.removed_count > 0 {
            let removed = &self.removed;
            for col in &mut self.cols {
                compact(&mut col.cells, removed);
            }
            self.lines.retain_rows(|i| !removed.get(i));
        }
        let rows = self.stored - self.removed_count;
        let mut columns = BTreeMap::new();
        let mut out = Vec::with_capacity(self.cols.len());
        for col in self.cols {
            if !col.extra {
                columns.insert(col.name.clone(), col.header.clone());
            }
            let mut data = match col.cells {
                Cells::Ts { col, .. } => ColumnData::Ts(col),
                Cells::Dur(v) => ColumnData::Dur(v),
                Cells::Int(v) => ColumnData::Int(v),
                Cells::Num { vals, .. } => ColumnData::Num(vals),
                Cells::Bool(v) => ColumnData::Bool(v),
                Cells::Criterion(v) => ColumnData::Criterion(v),
                Cells::Str(c) => ColumnData::Str(c),
                Cells::Dropped => continue,
            };
            data.shrink_to_fit();
            debug_assert_eq!(data.len(), rows);
            out.push(NamedColumn {
                name: col.name,
                header: col.header,
                data,
            });
        }
        self.lines.shrink_to_fit();
        let table = Table {
            kind: self.kind,
            rows,
            lines: self.lines,
            files: vec![(0, log.file.clone())],
            columns: out,
        };
        let info = InputInfo {
            file: String::new(),
            kind: self.kind,
            format: self.format.to_string(),
            encoding: String::new(),
            delimiter: (delimiter as char).to_string(),
            rows: self.rows,
            skipped: self.skipped + self.removed_count as u64,
            columns,
            definitions: self.definitions.iter().map(|d| d.to_string()).collect(),
        };
        (table, info)
    }
}

/// Place the `a/b/yyyy` cells of a timestamp column once its order is known.
fn settle_slashed(
    col: &mut Col,
    lines: &Lines,
    ctx: &Ctx,
    log: &mut Log,
    removed: &mut Bits,
    removed_count: &mut usize,
) {
    let header = col.header.as_str();
    let required = col.required;
    let Cells::Ts {
        col: ts,
        slashed,
        votes,
        raws,
        first_ambiguous,
    } = &mut col.cells
    else {
        return;
    };
    if slashed.is_empty() {
        return;
    }
    let [df, mf] = *votes;
    let day_first = df >= mf;
    if df == 0 && mf == 0 {
        if let Some((line, raw)) = first_ambiguous.take() {
            log.add(IssueKind::AmbiguousDate, line, header, &raw, || {
                "cannot tell day from month: no date in this column has a part above 12; read as DD/MM/YYYY (day first)"
                    .to_string()
            });
        }
    }
    let (winner, count, form) = if day_first {
        (DAY_FIRST, df, "DD/MM/YYYY")
    } else {
        (MONTH_FIRST, mf, "MM/DD/YYYY")
    };
    for cell in slashed.iter() {
        if usize::from(cell.order) == 1 - winner {
            let raw = match raws.get(cell.raw as usize) {
                Some(raw) => Cow::Borrowed(raw.as_str()),
                None => {
                    let mut s = format!("{}/{}/{}", cell.a, cell.b, cell.year);
                    if !cell.date_only {
                        let t = cell.time;
                        s.push_str(&format!(
                            " {:02}:{:02}:{:02}",
                            t.hour(),
                            t.minute(),
                            t.second()
                        ));
                    }
                    Cow::Owned(s)
                }
            };
            let i = cell.row;
            ts.secs.set(i, NO_TS);
            if let Some(w) = ts.date_only.get_mut(i / 64) {
                *w &= !(1u64 << (i % 64));
            }
            if required {
                if removed.set(i) {
                    *removed_count += 1;
                    log.add(IssueKind::MissingRequired, u64::from(lines.get(cell.row)), header, &raw, || {
                        format!("this column's dates are {form} ({count} values show it) and this required date is not a valid {form} date; the row is skipped")
                    });
                }
                continue;
            }
            log.add(IssueKind::BadTimestamp, u64::from(lines.get(cell.row)), header, &raw, || {
                format!("this column's dates are {form} ({count} values show it) and this value is not a valid {form} date")
            });
            continue;
        }
        let Some(date) =
            value::slashed_date(u32::from(cell.a), u32::from(cell.b), cell.year, day_first)
        else {
            continue;
        };
        let at = date.and_time(cell.time);
        let (secs, fit) = ctx.resolve(at);
        if fit != LocalFit::Exact {
            let raw = match raws.get(cell.raw as usize) {
                Some(raw) => raw.clone(),
                None => at.to_string(),
            };
            ctx.fit_issue(log, fit, at, u64::from(lines.get(cell.row)), header, &raw);
        }
        ts.secs.set(cell.row, secs);
    }
    *slashed = Vec::new();
    *raws = Vec::new();
}

/// Drop the removed rows of a vector.
fn retain_kept<T>(v: &mut Vec<T>, removed: &Bits) {
    let mut i = 0;
    v.retain(|_| {
        i += 1;
        !removed.get(i - 1)
    });
}

/// Drop the removed rows of a column.
fn compact(cells: &mut Cells, removed: &Bits) {
    match cells {
        Cells::Ts { col, .. } => {
            let mut kept = TsColumn::default();
            for i in 0..col.secs.len() {
                if !removed.get(i) {
                    kept.push(col.get(i), col.is_date_only(i));
                }
            }
            *col = kept;
        }
        Cells::Dur(v) | Cells::Num { vals: v, .. } => v.retain_rows(|i| !removed.get(i)),
        Cells::Int(v) => v.retain_rows(|i| !removed.get(i)),
        Cells::Bool(v) | Cells::Criterion(v) => retain_kept(v, removed),
        Cells::Str(c) => {
            c.codes.retain_rows(|i| !removed.get(i));
            let mut used = vec![false; c.values.len()];
            for code in c.codes.iter() {
                if let Some(u) = used.get_mut(code as usize) {
                    *u = true;
                }
            }
            if used.iter().any(|u| !u) {
                // A value only the removed rows had: rebuild the dictionary.
                let mut fresh = StrColumn::default();
                for i in 0..c.codes.len() {
                    fresh.push(c.get(i).unwrap_or(""));
                }
                *c = fresh;
            }
        }
        Cells::Dropped => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Split `input` in chunks of `chunk` bytes, records cut past `max`
    /// (bytes, fields): (first line, fields, cut) of each record.
    fn split_max(
        input: &[u8],
        cr_only: bool,
        chunk: usize,
        max: (usize, usize),
    ) -> Vec<(u64, Vec<String>, bool)> {
        let mut s = Splitter::new(b',', cr_only);
        (s.max_bytes, s.max_fields) = max;
        let mut got = Vec::new();
        let mut sink = |rec: Record, line: u64, cut: bool| {
            let fields = (0..rec.len())
                .map(|i| rec.text(i, &mut Text::default()).to_string())
                .collect();
            got.push((line, fields, cut));
            Ok(())
        };
        for piece in input.chunks(chunk.max(1)) {
            s.feed(piece, &mut sink).unwrap();
        }
        s.feed(&[], &mut sink).unwrap();
        got
    }

    fn split(input: &[u8], cr_only: bool, chunk: usize) -> Vec<(u64, Vec<String>)> {
        split_max(input, cr_only, chunk, (MAX_RECORD_BYTES, MAX_RECORD_FIELDS))
            .into_iter()
            .map(|(line, fields, cut)| {
                assert!(!cut);
                (line, fields)
            })
            .collect()
    }

    #[test]
    fn long_records_are_cut_and_lines_still_counted() {
        let input = b"a,b\n\"xxxxxxxxxxxxxxxxxxxxxxxx\nyy\nyy\"\n1,2,3,4,5,6\n7,8\n";
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let want = vec![
            (1, owned(&["a", "b"]), false),
            (2, owned(&["xxxxxxxxxxxxxxxx"]), true),
            (5, owned(&["1", "2", "3", "4"]), true),
            (6, owned(&["7", "8"]), false),
        ];
        for chunk in 1..=input.len() {
            assert_eq!(
                split_max(input, false, chunk, (16, 4)),
                want,
                "chunks of {chunk}"
            );
        }
    }

    macro_rules! lines {
        ($name:ident, $input:expr, $cr_only:expr, [$(($line:expr, [$($f:expr),*])),*]) => {
            #[test]
            fn $name() {
                let want: Vec<(u64, Vec<String>)> =
                    vec![$(($line, vec![$($f.to_string()),*])),*];
                let input: &[u8] = $input;
                for chunk in 1..=input.len().max(1) {
                    assert_eq!(split(input, $cr_only, chunk), want, "chunks of {chunk}");
                }
            }
        };
    }

    lines!(lf, b"a,b\n1,2\n", false, [(1, ["a", "b"]), (2, ["1", "2"])]);
    lines!(
        crlf,
        b"a,b\r\n1,2\r\n",
        false,
        [(1, ["a", "b"]), (2, ["1", "2"])]
    );
    lines!(no_final_break, b"a\n1", false, [(1, ["a"]), (2, ["1"])]);
    lines!(
        blank_lines,
        b"\n\na\r\n\r\n\r\n1\n",
        false,
        [(3, ["a"]), (6, ["1"])]
    );
    lines!(
        quoted_breaks,
        b"a,\"x\ny\r\nz\"\n1,2\n",
        false,
        [(1, ["a", "x\ny\r\nz"]), (4, ["1", "2"])]
    );
    lines!(
        cr_only,
        b"a,b\r\r1,\"x\ry\"\r2,3",
        true,
        [(1, ["a", "b"]), (3, ["1", "x\ry"]), (5, ["2", "3"])]
    );
    lines!(trimmed, b" a , b \t\n", false, [(1, ["a", "b"])]);
    lines!(
        lone_quote_runs_to_the_end,
        b"a\n\"1,2\n3\n",
        false,
        [(1, ["a"]), (2, ["1,2\n3"])]
    );
    lines!(empty, b"", false, []);
    lines!(
        lone_cr_ends_a_record,
        b"a,b\n1\r2,3\n4\r\r\n5\n",
        false,
        [
            (1, ["a", "b"]),
            (2, ["1"]),
            (2, ["2", "3"]),
            (3, ["4"]),
            (4, ["5"])
        ]
    );

    /// Lines split in place (whole lines in a chunk) and by csv-core (one
    /// byte at a time) give the same records, through CR LF after a quoted
    /// record, blank lines, stray quotes and lone CRs.
    #[test]
    fn lines_split_in_place_match_csv_core() {
        let inputs: [&[u8]; 6] = [
            b"id,x\r\n1,\"q\"\r\n2,y\r\n\r\n3, z \r\n,,\r\n4,a\"b\r\n5,\r6\r\n",
            b"\"h\"\n1,2\n\n\n 3 ,4\n5,\"x\ny\"\n6",
            b"a\r\n\"\"\r\nb\r\n",
            b"\n,\n\r\n\"\n\"\n7\n",
            // Lines longer than the splitter's 8-byte words, with the
            // special bytes at every offset in a word, and bytes one above
            // them (`-` after `,`, `#` after `"`) and non-ASCII ones.
            "2025-01-01T00:00:08Z,-1,Agent 3,Åsa Öberg,x\n\
             1234567,2,,,,,,,,\"q,\"\"\",-,#\r\n\
             abcdefgh,ijklmnop\r\n,,,,,,,,,,,,,,,,\n\
             12345678\n123456789\n1234567\r\n12345678\r\n\
             a,b\rc,d\n\u{e9}\u{e9}\u{e9}\u{e9},\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\n"
                .as_bytes(),
            b"1234567,\"12345678\",123\n1234567\"x\",y\n",
        ];
        for input in inputs {
            let by_byte = split(input, false, 1);
            for chunk in 2..=input.len() {
                assert_eq!(split(input, false, chunk), by_byte, "chunks of {chunk}");
            }
        }
    }

    #[test]
    fn bytes_equal_marks_exactly_the_equal_bytes() {
        let interesting = [
            0x00, 0x01, 0x0a, 0x0b, 0x0d, 0x22, 0x23, 0x2c, 0x2d, 0x7f, 0x80, 0xff,
        ];
        for byte in 0..=255u8 {
            for &x in &interesting {
                for &y in &interesting {
                    let bytes = [x, y, byte, x, byte, y, y, x];
                    let want = bytes
                        .iter()
                        .enumerate()
                        .fold(0u64, |m, (k, &b)| m | (u64::from(b == byte) << (8 * k + 7)));
                    let word = u64::from_le_bytes(bytes);
                    assert_eq!(bytes_equal(word, byte), want, "{byte:#x} in {bytes:x?}");
                }
            }
        }
    }

    fn headers(hs: &[&str]) -> Vec<String> {
        hs.iter().map(|s| s.to_string()).collect()
    }

    /// (file column, name) of the canonical columns, then of the extra ones.
    type Names<'a> = (Vec<(usize, &'a str)>, Vec<(usize, &'a str)>);

    fn names(m: &Mapping) -> Names<'_> {
        (
            m.canonical.iter().map(|(i, c)| (*i, c.name)).collect(),
            m.extra.iter().map(|(i, n)| (*i, n.as_str())).collect(),
        )
    }

    #[test]
    fn mapping_first_header_wins_and_extras_are_named() {
        let hs = headers(&[
            "Ticket ID",
            "Created",
            "id",
            "Region",
            "",
            "region",
            "Created at",
        ]);
        let m = map_columns(&hs, &LoadOptions::default()).unwrap();
        assert_eq!(m.kind, TableKind::Tickets);
        assert_eq!(m.format, "canonical");
        // "Ticket ID" is a synonym of id and comes first; "id" is then a clash
        // with a canonical name and dropped; the empty header is dropped; the
        // second "region" clashes with the first.
        assert_eq!(
            names(&m),
            (vec![(0, "id"), (1, "created_at")], vec![(3, "region")])
        );
    }

    #[test]
    fn mapping_by_hand_wins() {
        let hs = headers(&["Nr", "created_at", "Opened"]);
        let mut options = LoadOptions::default();
        options.columns.insert("id".into(), "Nr".into());
        options.columns.insert("created_at".into(), "opened".into());
        let m = map_columns(&hs, &options).unwrap();
        assert_eq!(m.kind, TableKind::Tickets);
        // "opened" finds "Opened" once normalised. The header spelled
        // created_at is then left over, and dropped: an extra column may not
        // take a canonical name.
        assert_eq!(names(&m), (vec![(0, "id"), (2, "created_at")], vec![]));
    }

    #[test]
    fn mapping_errors() {
        let hs = headers(&["Id", "Subject"]);
        let mut options = LoadOptions {
            kind: Some(TableKind::Calls),
            ..LoadOptions::default()
        };
        assert_eq!(
            map_columns(&hs, &options),
            Err(ErrorKind::MissingColumns {
                kind: "calls",
                missing: vec!["started_at"],
                found: hs.clone()
            })
        );
        options.kind = None;
        assert_eq!(
            map_columns(&hs, &options),
            Err(ErrorKind::UnknownKind { found: hs.clone() })
        );
        options.columns.insert("score".into(), "Subject".into());
        assert_eq!(
            map_columns(&hs, &options),
            Err(ErrorKind::UnknownKind { found: hs.clone() })
        );
    }

    #[test]
    fn bits() {
        let mut b = Bits::default();
        assert!(b.set(130) && !b.set(130));
        assert!(b.get(130) && !b.get(129) && !b.get(100_000));
    }

    #[test]
    fn reasons_read_well() {
        assert_eq!(n_fields(1), "1 field");
        assert_eq!(n_fields(3), "3 fields");
        assert_eq!(what("expected a date"), "a date");
        assert_eq!(what("a date"), "a date");
    }
}
