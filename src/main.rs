//! The cxkpi command line: argument parsing and file I/O around the engine.
//!
//! ```text
//! cxkpi report [--config CONFIG.json] [--map MAPPING.json]... [KIND=]FILE...
//! ```
//! A FILE may be a ZIP archive of CSV/XLSX files or an `.xlsx` workbook
//! (recognised by its bytes): each member or sheet is read as a file.
//! A mapping file holds what the page stores for a file it could not
//! recognise, `{"kind": "tickets", "columns": {"created_at": "Opened on"}}`
//! (or a list of them); it applies to every file whose headers include all
//! the headers it names. Prints the report JSON on stdout. Exit 0 on success,
//! 2 on bad input or usage, with one sentence on stderr.

use cxkpi::engine::{
    self, Config, Dataset, InputLoader, LoadOptions, LoadedFile, SavedMapping, TableKind,
};
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage: cxkpi report [--config CONFIG.json] [--map MAPPING.json]... [KIND=]FILE...
  KIND is one of tickets, calls, surveys, customers, orders, qa_reviews
  (detected from the headers when left out), or goals for a goals CSV
  (one goal per row, added to the config's goals). A FILE may also be an
  .xlsx workbook (each sheet is read) or a .zip of CSV and .xlsx files.
  MAPPING.json is a column mapping saved by the page, {\"kind\": ..., \"columns\": {canonical: header}},
  or a list of them; it applies to files that have every header it names.";

/// Bytes read from a file per chunk: files stream through the engine.
const CHUNK_BYTES: usize = 1 << 20;

struct Args {
    config: Option<String>,
    maps: Vec<String>,
    files: Vec<(Option<TableKind>, String)>,
    goals: Vec<String>,
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
        maps: Vec::new(),
        files: Vec::new(),
        goals: Vec::new(),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" => {
                parsed.config = Some(args.next().ok_or("--config needs a file name")?);
            }
            "--map" => {
                parsed
                    .maps
                    .push(args.next().ok_or("--map needs a file name")?);
            }
            "-h" | "--help" => return Ok(Command::Print(USAGE.to_string())),
            s if s.starts_with("--") => return Err(format!("unknown option {s}\n{USAGE}")),
            s => {
                let (kind, path) = match s.split_once('=') {
                    Some(("goals", p)) if !Path::new(s).exists() => {
                        parsed.goals.push(p.to_string());
                        continue;
                    }
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

/// The name a file goes by in the report: its last path component.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Stream one file through a loader in [`CHUNK_BYTES`] pieces. A ZIP archive
/// or `.xlsx` workbook gives one file per member or sheet; a member that
/// cannot be read is left out with a warning on stderr, unless none can.
fn load_file(path: &str, options: LoadOptions) -> Result<Vec<LoadedFile>, String> {
    let name = file_name(path);
    let mut file = std::fs::File::open(path).map_err(|e| format!("{path}: cannot open: {e}"))?;
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    let mut loader = InputLoader::new(&name, LoadOptions { size, ..options });
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
    let mut config = match &args.config {
        None => Config::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{path}: cannot read config: {e}"))?;
            Config::from_json(&text).map_err(|e| format!("{path}: {e}"))?
        }
    };
    for path in &args.goals {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read goals: {e}"))?;
        let goals = engine::goals_from_csv(&file_name(path), &text).map_err(|e| e.to_string())?;
        config
            .add_goals(goals)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    let mut saved = Vec::new();
    for path in &args.maps {
        saved.extend(read_mapping(path)?);
    }
    let mut data = Dataset::new();
    for (kind, path) in &args.files {
        let options = LoadOptions {
            kind: *kind,
            time_zone: config.time_zone,
            saved: saved.clone(),
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

/// Read a mapping file: one saved mapping or a list of them.
fn read_mapping(path: &str) -> Result<Vec<SavedMapping>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read mapping: {e}"))?;
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(SavedMapping),
        Many(Vec<SavedMapping>),
    }
    match serde_json::from_str(&text) {
        Ok(OneOrMany::One(m)) => Ok(vec![m]),
        Ok(OneOrMany::Many(ms)) => Ok(ms),
        Err(e) => Err(format!(
            "{path}: not a column mapping ({{\"kind\": ..., \"columns\": {{canonical: header}}}}): {e}"
        )),
    }
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
