//! Streaming file loader: bytes in chunks of any size → one canonical [`Table`].
//!
//! Pipeline: encoding (BOM, UTF-16, UTF-8, else a Windows code page) →
//! delimiter and quoting (sniffed from the first block) → records (csv-core) →
//! header mapping (schema) → typed, columnar values, with every problem logged
//! as an [`Issue`]. Column-level decisions that need the whole column (day/month
//! order of `a/b/yyyy` dates, decimal comma) are settled in [`FileLoader::finish`].

use super::error::{Error, IssueLog};
use super::schema::TableKind;
use super::table::Table;
use chrono_tz::Tz;
use serde::Serialize;
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
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            kind: None,
            time_zone: Tz::UTC,
            columns: BTreeMap::new(),
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
pub struct FileLoader {
    _private: (),
}

impl FileLoader {
    /// Start reading `file_name`.
    pub fn new(_file_name: &str, _options: LoadOptions) -> FileLoader {
        unimplemented!()
    }

    /// Feed the next chunk; chunks may end anywhere (mid-field, mid-character).
    pub fn push(&mut self, _chunk: &[u8]) -> Result<(), Error> {
        unimplemented!()
    }

    /// Bytes pushed so far.
    pub fn bytes_read(&self) -> u64 {
        unimplemented!()
    }

    /// End of input: settle column decisions and return the table.
    pub fn finish(self) -> Result<LoadedFile, Error> {
        unimplemented!()
    }
}

/// Read a whole file held in memory.
pub fn load(file_name: &str, bytes: &[u8], options: LoadOptions) -> Result<LoadedFile, Error> {
    let mut loader = FileLoader::new(file_name, options);
    loader.push(bytes)?;
    loader.finish()
}
