//! The cxkpi command line: argument parsing and file I/O around the engine.
//!
//! ```text
//! cxkpi report [--config CONFIG.json] [KIND=]FILE...
//! ```
//! A FILE may be a ZIP archive of CSV/XLSX files or an `.xlsx` workbook
//! (recognised by its bytes): each member or sheet is read as a file.
//! Prints the report JSON on stdout. Exit 0 on success, 2 on bad input or
//! usage, with one sentence on stderr.

use cxkpi::engine::{self, Config, Dataset, InputLoader, LoadOptions, LoadedFile, TableKind};
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage: cxkpi report [--config CONFIG.json] [KIND=]FILE...
  KIND is one of tickets, calls, surveys, customers, orders, qa_reviews
  (detected from the headers when left out). A FILE may also be an .xlsx
  workbook (each sheet is read) or a .zip of CSV and .xlsx files.";

/// Bytes read from a file per chunk: files stream through the engine.
const CHUNK_BYTES: usize = 1 << 20;

struct Args {
    config: Option<String>,
    files: Vec<(Option<TableKind>, String)>,
}

/// What the command line asks for.
enum Command {
    Report(Args),
    /// Print this text on stdout and exit 0 (`--help`, `--version`).
    Print(String),
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    match args.next().as_deref() {
        Some("report") => {}
        Some("--version" | "-V") => {
            return Ok(Command::Print(format!(
                "cxkpi {}",
                env!("CARGO_PKG_VERSION")
            )))
        }
        Some("-h" | "--help" | "help") => return Ok(Command::Print(USAGE.to_string())),
        _ => return Err(USAGE.to_string()),
    }
    let mut parsed = Args {
        config: None,
        files: Vec::new(),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" => {
                parsed.config = Some(args.next().ok_or("--config needs a file name")?);
            }
            "-h" | "--help" => return Ok(Command::Print(USAGE.to_string())),
            s if s.starts_with("--") => return Err(format!("unknown option {s}\n{USAGE}")),
            s => {
                let (kind, path) = match s.split_once('=') {
                    Some((k, p)) if !Path::new(s).exists() => {
                        let kind = TableKind::from_id(k).ok_or_else(|| {
                            format!("unknown table kind \"{k}\" in \"{s}\"\n{USAGE}")
                        })?;
                        (Some(kind), p.to_string())
                    }
                    _ => (None, s.to_string()),
                };
                parsed.files.push((kind, path));
            }
        }
    }
    if parsed.files.is_empty() {
        return Err(format!("no input files\n{USAGE}"));
    }
    Ok(Command::Report(parsed))
}

/// Stream one file through a loader in [`CHUNK_BYTES`] pieces. A ZIP archive
/// or `.xlsx` workbook gives one file per member or sheet; a member that
/// cannot be read is left out with a warning on stderr, unless none can.
fn load_file(path: &str, options: LoadOptions) -> Result<Vec<LoadedFile>, String> {
    let name = Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
    let mut file = std::fs::File::open(path).map_err(|e| format!("{path}: cannot open: {e}"))?;
    let mut loader = InputLoader::new(&name, options);
    let mut buf = vec![0u8; CHUNK_BYTES];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("{path}: cannot read: {e}")),
        };
        loader.push(&buf[..n]).map_err(|e| e.to_string())?;
    }
    let results = loader.finish().map_err(|e| e.to_string())?;
    let (loaded, failed): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    let mut failed = failed.into_iter().filter_map(Result::err);
    if loaded.is_empty() {
        return Err(failed
            .next()
            .map_or(format!("{path}: no input"), |e| e.to_string()));
    }
    for e in failed {
        eprintln!("warning: {e}; left out");
    }
    Ok(loaded.into_iter().filter_map(Result::ok).collect())
}

fn run(args: Args) -> Result<(), String> {
    let config = match &args.config {
        None => Config::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{path}: cannot read config: {e}"))?;
            Config::from_json(&text).map_err(|e| format!("{path}: {e}"))?
        }
    };
    let mut data = Dataset::new();
    for (kind, path) in &args.files {
        let options = LoadOptions {
            kind: *kind,
            time_zone: config.time_zone,
            ..LoadOptions::default()
        };
        for file in load_file(path, options)? {
            data.add(file).map_err(|e| e.to_string())?;
        }
    }
    let report = engine::report(&data, &config).map_err(|e| e.to_string())?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    serde_json::to_writer_pretty(&mut out, &report)
        .map_err(|e| format!("cannot write the report: {e}"))?;
    writeln!(out)
        .and_then(|_| out.flush())
        .map_err(|e| format!("cannot write the report: {e}"))
}

fn main() -> ExitCode {
    let outcome = parse_args(std::env::args().skip(1)).and_then(|command| match command {
        Command::Report(args) => run(args),
        Command::Print(text) => {
            println!("{text}");
            Ok(())
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
