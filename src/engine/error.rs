//! Errors and issues.
//!
//! An [`Error`] stops the work: a file whose required columns cannot be mapped,
//! a file with no usable rows, an invalid config. An [`Issue`] is a problem with
//! one cell or one row; the row is kept (the cell becomes empty) or skipped, and
//! the issue is counted in the report (SPEC section 1, "Bad input").

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Where a problem is. `line` starts at 1 and the header is line 1 (a quoted
/// field holding newlines makes one record span several lines; the record's
/// first line is given). `column` is the header text as found in the file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Position {
    /// File name as given by the caller.
    pub file: String,
    /// 1-based physical line of the record's start; 0 when the whole file is meant.
    pub line: u64,
    /// Header text of the column, if one column is meant.
    pub column: Option<String>,
}

/// What went wrong with a whole file or the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Required canonical columns are missing. `found` lists the headers of the file.
    MissingColumns {
        /// Canonical table the file was read as.
        kind: &'static str,
        /// Canonical names of the required columns that could not be mapped.
        missing: Vec<&'static str>,
        /// Headers found in the file, as written.
        found: Vec<String>,
    },
    /// The headers fit no canonical table and no kind was chosen.
    UnknownKind {
        /// Headers found in the file, as written.
        found: Vec<String>,
    },
    /// The file has a header but not one usable data row.
    NoRows {
        /// Data rows read (all of them were skipped).
        rows: u64,
    },
    /// The file is empty or holds no header line.
    Empty,
    /// The bytes are not text (a PDF, an image, a zip...).
    NotText {
        /// What the bytes look like.
        looks_like: &'static str,
    },
    /// A ZIP archive or XLSX workbook that cannot be read (corrupt, cut short, encrypted).
    Archive {
        /// What the reader said.
        message: String,
    },
    /// A ZIP archive or workbook with nothing to read in it.
    NoInputs {
        /// Members (or sheets) found, as named in the archive.
        found: Vec<String>,
    },
    /// A config field is unknown or has an invalid value.
    Config {
        /// Dotted path of the field, e.g. `sla.urgent.first_response`.
        field: String,
        /// What is wrong, in a few words.
        message: String,
    },
    /// The caller used the API in a wrong order (e.g. a chunk after `finish`).
    Usage {
        /// What was wrong.
        message: String,
    },
}

/// A whole-file or config error. `Display` is one sentence naming the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The file it concerns; `None` for config errors.
    pub pos: Option<Position>,
}

impl Error {
    /// An error about the file `file` as a whole.
    pub fn file(file: &str, kind: ErrorKind) -> Error {
        Error {
            kind,
            pos: Some(Position {
                file: file.to_string(),
                line: 0,
                column: None,
            }),
        }
    }

    /// An error about the config field `field`.
    pub fn config(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Config {
                field: field.into(),
                message: message.into(),
            },
            pos: None,
        }
    }
}

fn list(items: &[impl AsRef<str>]) -> String {
    items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(pos) = &self.pos {
            write!(f, "{}", pos.file)?;
            if pos.line > 0 {
                write!(f, ":{}", pos.line)?;
            }
            write!(f, ": ")?;
        }
        match &self.kind {
            ErrorKind::MissingColumns {
                kind,
                missing,
                found,
            } => write!(
                f,
                "cannot read as {kind}: no column for {} (headers found: {})",
                list(missing),
                list(found)
            ),
            ErrorKind::UnknownKind { found } => write!(
                f,
                "cannot tell which table this is (tickets, calls, surveys, customers, orders, qa_reviews); \
                 name it as KIND=FILE or map its columns (headers found: {})",
                list(found)
            ),
            ErrorKind::NoRows { rows } => {
                write!(f, "no usable data rows ({rows} read, all skipped)")
            }
            ErrorKind::Empty => write!(f, "the file is empty (no header line)"),
            ErrorKind::NotText { looks_like } => {
                write!(f, "this is not a CSV file (it looks like {looks_like})")
            }
            ErrorKind::Archive { message } => {
                write!(f, "cannot read this ZIP archive or Excel workbook: {message}")
            }
            ErrorKind::NoInputs { found } if found.is_empty() => write!(
                f,
                "nothing to read: the archive is empty (expected .csv, .tsv, .txt or .xlsx files, or sheets with data)"
            ),
            ErrorKind::NoInputs { found } => write!(
                f,
                "nothing to read: no .csv, .tsv, .txt or .xlsx file and no sheet with data (found: {})",
                list(found)
            ),
            ErrorKind::Config { field, message } => {
                write!(f, "config field \"{field}\": {message}")
            }
            ErrorKind::Usage { message } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Error {}

/// The kinds of cell- and row-level problems (SPEC section 1). Serialized in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// A timestamp cell could not be read.
    BadTimestamp,
    /// A column of `a/b/yyyy` dates never shows which part is the day.
    AmbiguousDate,
    /// A local time that does not exist (DST gap) or exists twice (DST fold).
    NonexistentLocalTime,
    /// A duration cell could not be read.
    BadDuration,
    /// A duration that ends before it starts.
    NegativeDuration,
    /// A number cell could not be read.
    BadNumber,
    /// A yes/no cell could not be read.
    BadBoolean,
    /// A value outside its allowed range (e.g. a score outside its scale).
    OutOfRange,
    /// A repeated id; the last row wins.
    DuplicateId,
    /// A row with too few or too many fields.
    RaggedRow,
    /// A survey or review names a ticket that is not loaded.
    UnknownTicket,
    /// A required value is missing or bad; the row is skipped.
    MissingRequired,
}

impl IssueKind {
    /// The snake_case id used in the report.
    pub fn id(self) -> &'static str {
        match self {
            IssueKind::BadTimestamp => "bad_timestamp",
            IssueKind::AmbiguousDate => "ambiguous_date",
            IssueKind::NonexistentLocalTime => "nonexistent_local_time",
            IssueKind::BadDuration => "bad_duration",
            IssueKind::NegativeDuration => "negative_duration",
            IssueKind::BadNumber => "bad_number",
            IssueKind::BadBoolean => "bad_boolean",
            IssueKind::OutOfRange => "out_of_range",
            IssueKind::DuplicateId => "duplicate_id",
            IssueKind::RaggedRow => "ragged_row",
            IssueKind::UnknownTicket => "unknown_ticket",
            IssueKind::MissingRequired => "missing_required",
        }
    }
}

/// One problem in the data: where, the raw value (cut to 80 characters) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// What kind of problem.
    pub kind: IssueKind,
    /// File name.
    pub file: String,
    /// 1-based line of the record (header = line 1).
    pub line: u64,
    /// Header text of the column; empty when the whole row is meant.
    pub column: String,
    /// The raw value, cut to 80 characters.
    pub value: String,
    /// Why it is a problem and what was expected, one phrase.
    pub reason: String,
}

/// Longest raw value kept in an issue, in characters.
pub const ISSUE_VALUE_CHARS: usize = 80;
/// Examples kept in the report.
pub const ISSUE_EXAMPLES: usize = 20;

impl Issue {
    /// A new issue; `value` is cut to [`ISSUE_VALUE_CHARS`] characters.
    pub fn new(
        kind: IssueKind,
        file: &str,
        line: u64,
        column: &str,
        value: &str,
        reason: impl Into<String>,
    ) -> Issue {
        Issue {
            kind,
            file: file.to_string(),
            line,
            column: column.to_string(),
            value: value.chars().take(ISSUE_VALUE_CHARS).collect(),
            reason: reason.into(),
        }
    }
}

/// Counts issues per kind and keeps the first examples (by order of arrival).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueLog {
    /// Number of issues per kind.
    pub counts: BTreeMap<IssueKind, u64>,
    /// The first [`ISSUE_EXAMPLES`] issues.
    pub examples: Vec<Issue>,
}

impl IssueLog {
    /// Count `issue` and keep it if fewer than [`ISSUE_EXAMPLES`] are kept.
    pub fn push(&mut self, issue: Issue) {
        *self.counts.entry(issue.kind).or_insert(0) += 1;
        if self.examples.len() < ISSUE_EXAMPLES {
            self.examples.push(issue);
        }
    }

    /// Add every issue of `other` after those of `self`.
    pub fn extend(&mut self, other: &IssueLog) {
        for (kind, n) in &other.counts {
            *self.counts.entry(*kind).or_insert(0) += n;
        }
        let room = ISSUE_EXAMPLES.saturating_sub(self.examples.len());
        self.examples
            .extend(other.examples.iter().take(room).cloned());
    }

    /// Total number of issues.
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Number of issues of one kind.
    pub fn count(&self, kind: IssueKind) -> u64 {
        self.counts.get(&kind).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_columns_names_file_missing_and_found() {
        let e = Error::file(
            "t.csv",
            ErrorKind::MissingColumns {
                kind: "tickets",
                missing: vec!["created_at"],
                found: vec!["Id".into(), "Subject".into()],
            },
        );
        assert_eq!(
            e.to_string(),
            "t.csv: cannot read as tickets: no column for \"created_at\" (headers found: \"Id\", \"Subject\")"
        );
    }

    #[test]
    fn issue_value_is_cut_to_80_chars() {
        let long = "é".repeat(200);
        let i = Issue::new(IssueKind::BadNumber, "f", 2, "c", &long, "x");
        assert_eq!(i.value.chars().count(), 80);
    }

    #[test]
    fn log_keeps_first_20_and_counts_all() {
        let mut log = IssueLog::default();
        for n in 0..30 {
            log.push(Issue::new(IssueKind::BadNumber, "f", n, "c", "v", "r"));
        }
        assert_eq!(log.count(IssueKind::BadNumber), 30);
        assert_eq!(log.examples.len(), 20);
        assert_eq!(log.examples[19].line, 19);
    }
}
