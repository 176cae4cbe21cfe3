//! Native throughput of the reader (bytes → table) and of the report (table → KPIs).
//!
//! ```text
//! node benches/gen-tickets.mjs 1000000 benches/data/tickets-1e6.csv
//! cargo bench --bench engine [-- FILE [RUNS]]
//! ```
//!
//! A plain timed harness (`harness = false`): each phase runs `RUNS` times
//! (default 5) and the median is printed. The build machines are shared, so
//! both the CPU time of this thread (`/proc/thread-self/schedstat`, Linux) and
//! the wall time are shown; CPU time is the figure to compare between runs.

use cxkpi::engine::{self, Config, Dataset, FileLoader, LoadOptions, LoadedFile};
use std::time::Instant;

/// Chunk size the CLI and the page use.
const CHUNK_BYTES: usize = 1 << 20;

/// Nanoseconds this thread has spent on a CPU (0 where unsupported).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// CPU and wall seconds of one call of `f`, and its result.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, f64, T) {
    let (wall, cpu) = (Instant::now(), cpu_ns());
    let out = f();
    let cpu_s = (cpu_ns() - cpu) as f64 / 1e9;
    (cpu_s, wall.elapsed().as_secs_f64(), out)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Load `bytes` as the CLI loads a file: in chunks, told the file's size.
fn load(name: &str, bytes: &[u8]) -> LoadedFile {
    let options = LoadOptions {
        size: Some(bytes.len() as u64),
        ..LoadOptions::default()
    };
    let mut loader = FileLoader::new(name, options);
    for piece in bytes.chunks(CHUNK_BYTES) {
        loader.push(piece).expect("load");
    }
    loader.finish().expect("load")
}

fn main() {
    // `cargo bench` passes `--bench`; anything else is FILE and RUNS.
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let path = args
        .next()
        .unwrap_or_else(|| "benches/data/tickets-1e6.csv".to_string());
    let runs: usize = args.next().map_or(5, |s| s.parse().expect("RUNS"));
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("{path}: not found; make it with: node benches/gen-tickets.mjs 1000000 {path}");
        return;
    };
    let mib = bytes.len() as f64 / (1 << 20) as f64;

    let (mut load_cpu, mut load_wall, mut rep_cpu, mut rep_wall) = (vec![], vec![], vec![], vec![]);
    let mut rows = 0;
    for _ in 0..runs {
        let (cpu, wall, file) = timed(|| load(&path, &bytes));
        rows = file.table.rows;
        load_cpu.push(cpu);
        load_wall.push(wall);
        let mut data = Dataset::new();
        data.add(file).expect("dataset");
        let config = Config::default();
        let (cpu, wall, report) = timed(|| engine::report(&data, &config).expect("report"));
        std::hint::black_box(report);
        rep_cpu.push(cpu);
        rep_wall.push(wall);
    }
    let (lc, lw) = (median(load_cpu), median(load_wall));
    let (rc, rw) = (median(rep_cpu), median(rep_wall));
    println!("{path}: {mib:.1} MiB, {rows} rows, median of {runs} runs");
    println!(
        "load    cpu {lc:.3} s = {:6.1} MiB/s = {:5.2} M rows/s   (wall {lw:.3} s = {:.1} MiB/s)",
        mib / lc,
        rows as f64 / lc / 1e6,
        mib / lw
    );
    println!(
        "report  cpu {rc:.3} s = {:6.1} MiB/s = {:5.2} M rows/s   (wall {rw:.3} s)",
        mib / rc,
        rows as f64 / rc / 1e6
    );
    println!(
        "total   cpu {:.3} s                                     (wall {:.3} s)",
        lc + rc,
        lw + rw
    );
}
