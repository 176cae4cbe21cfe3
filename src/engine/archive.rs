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
//!
//! Reading the ZIP and the workbook is the `cxkpi-archive` crate's part
//! ([`OpenContainer`]); naming the inputs, loading them and every error and
//! issue are this module's. Native builds link the reader (the `archive`
//! feature); the page's wasm leaves it out and is handed the archive module
//! when a container is dropped ([`InputLoader::finish_with`]).

use super::error::{Error, ErrorKind};
use super::load::{FileLoader, LoadOptions, LoadedFile, RowLoader};
pub use cxkpi_archive::{Entry, OpenError, Rows};

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

    /// Whether the file is a ZIP archive or workbook (known once 4 bytes are
    /// in), so that [`InputLoader::finish_with`] needs a container reader.
    pub fn is_container(&self) -> bool {
        matches!(self.state, State::Container(_))
    }

    /// End of input. A text file gives one result; a container one per
    /// input found in it, in archive (or sheet) order. `Err` when the file
    /// itself cannot be read: a CSV error, a corrupt archive, or an
    /// archive with nothing usable in it.
    #[cfg(feature = "archive")]
    pub fn finish(self) -> Result<Vec<Result<LoadedFile, Error>>, Error> {
        self.finish_with(&|bytes, visit| cxkpi_archive::open(bytes, visit))
    }

    /// [`InputLoader::finish`], with `unpack` reading containers (also those
    /// inside containers).
    pub fn finish_with(
        mut self,
        unpack: OpenContainer,
    ) -> Result<Vec<Result<LoadedFile, Error>>, Error> {
        if let State::Head(head) = &mut self.state {
            let head = std::mem::take(head);
            self.decide(head)?;
        }
        match self.state {
            State::Head(_) => unreachable!("decided above"),
            State::Text(loader) => Ok(vec![Ok(loader.finish()?)]),
            State::Container(bytes) => open(&self.name, &bytes, &self.options, self.depth, unpack),
        }
    }
}

/// Reads one level of a container, handing each entry to the visitor:
/// [`cxkpi_archive::open`] in native builds (the `archive` feature); in the
/// browser, the archive module, loaded when a container is dropped.
pub type OpenContainer<'a> = &'a dyn Fn(&[u8], &mut dyn FnMut(Entry)) -> Result<(), OpenError>;

/// The inputs of a container held in memory.
fn open(
    name: &str,
    bytes: &[u8],
    options: &LoadOptions,
    depth: u32,
    unpack: OpenContainer,
) -> Result<Vec<Result<LoadedFile, Error>>, Error> {
    let archive_error =
        |name: &str, message: String| Error::file(name, ErrorKind::Archive { message });
    if depth >= MAX_DEPTH {
        let message = format!("archives nested more than {MAX_DEPTH} levels deep are not opened");
        return Err(archive_error(name, message));
    }
    let mut inputs = Vec::new();
    let opened = unpack(bytes, &mut |entry| match entry {
        Entry::Member { path, bytes } => {
            let inner = format!("{name}/{path}");
            let files = bytes
                .map_err(|message| archive_error(&inner, message))
                .and_then(|bytes| member_files(&inner, &bytes, options, depth, unpack));
            match files {
                Ok(files) => inputs.extend(files),
                Err(e) => inputs.push(Err(e)),
            }
        }
        Entry::Sheet { name: sheet, rows } => {
            let inner = format!("{name}#{sheet}");
            let rows = rows.map_err(|message| archive_error(&inner, message));
            inputs.push(rows.and_then(|rows| sheet_file(&inner, rows, options)));
        }
    });
    match opened {
        Ok(()) => Ok(inputs),
        Err(OpenError::Unreadable(message)) => Err(archive_error(name, message)),
        Err(OpenError::NoInputs { found }) => Err(Error::file(name, ErrorKind::NoInputs { found })),
    }
}

/// A member read like a file of its own (a container is opened in turn).
fn member_files(
    name: &str,
    bytes: &[u8],
    options: &LoadOptions,
    depth: u32,
    unpack: OpenContainer,
) -> Result<Vec<Result<LoadedFile, Error>>, Error> {
    let options = LoadOptions {
        size: Some(bytes.len() as u64),
        ..options.clone()
    };
    let mut loader = InputLoader::nested(name, options, depth + 1);
    for chunk in bytes.chunks(MEMBER_CHUNK) {
        loader.push(chunk)?;
    }
    loader.finish_with(unpack)
}

/// A sheet's rows through the CSV path's typing; an issue's line is the
/// sheet's row number.
fn sheet_file(name: &str, rows: Rows, options: &LoadOptions) -> Result<LoadedFile, Error> {
    let mut loader = RowLoader::new(name, options.clone());
    let mut lines = rows.cells.into_iter().zip(rows.first_line..);
    lines.try_for_each(|(cells, line)| loader.push_row(line, &cells))?;
    loader.finish()
}

#[cfg(all(test, feature = "archive"))]
mod tests {
    use super::*;

    #[test]
    fn short_and_empty_files() {
        let mut input = InputLoader::new("e.zip", LoadOptions::default());
        input.push(b"PK\x05\x06").unwrap();
        input.push(&[0; 18]).unwrap();
        assert!(input.is_container());
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
        assert!(!input.is_container());
        assert!(input.finish().is_err());
    }
}
