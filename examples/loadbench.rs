//! Loader throughput: `cargo run --release --example loadbench FILE [CHUNK] [RUNS]`.
//! Reports CPU time of this thread (the build box is shared) and wall time.
use cxkpi::engine::*;
use std::time::Instant;

fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("FILE");
    let chunk: usize = args.next().map_or(1 << 20, |s| s.parse().unwrap());
    let runs: usize = args.next().map_or(3, |s| s.parse().unwrap());
    let bytes = std::fs::read(&path).unwrap();
    let mib = bytes.len() as f64 / 1048576.0;
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_ns());
        let size = Some(bytes.len() as u64); // as the CLI and the page tell the loader
        let mut l = FileLoader::new(
            &path,
            LoadOptions {
                size,
                ..LoadOptions::default()
            },
        );
        for piece in bytes.chunks(chunk) {
            l.push(piece).unwrap();
        }
        let f = l.finish().unwrap();
        let (wall, cpu) = (t.elapsed().as_secs_f64(), (cpu_ns() - c) as f64 / 1e9);
        println!(
            "{} rows, {} issues: cpu {cpu:.3}s = {:.0} MiB/s, wall {wall:.3}s = {:.0} MiB/s",
            f.table.rows,
            f.issues.total(),
            mib / cpu,
            mib / wall
        );
    }
}
