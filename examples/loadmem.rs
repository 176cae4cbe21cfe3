//! Peak memory of loading and of the report, reading the file as the CLI
//! does: `cargo run --release --example loadmem FILE`.
//! Prints the process's peak and current resident memory (`VmHWM`, `VmRSS`
//! from `/proc/self/status`, Linux) after each step.
mod support;

use cxkpi::engine::{report, Config, Dataset};

fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let loaded = support::load_path(&path);
    println!("after load:   {}", memory());
    let mut data = Dataset::new();
    data.add(loaded).expect("dataset");
    let out = report(&data, &Config::default()).expect("report");
    std::hint::black_box(&out);
    println!("after report: {}", memory());
}
