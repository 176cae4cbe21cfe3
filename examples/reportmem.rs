//! The report's peak heap over the loaded table, counted by a global
//! allocator (the process's RSS, as `loadmem` prints it, also holds freed
//! pages): `cargo run --release --example reportmem FILE [CONFIG.json]`.
//! Prints the bytes live after loading, the load's peak, and how far the
//! report's peak went above the loaded table.
mod support;

#[path = "support/counting.rs"]
mod counting;

use counting::Counting;
use cxkpi::engine::{report, Config, Dataset};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("FILE");
    let config = match args.next() {
        Some(c) => Config::from_json(&std::fs::read_to_string(c).expect("config")).expect("config"),
        None => Config::default(),
    };
    let mut data = Dataset::new();
    data.add(support::load_path(&path)).expect("dataset");
    let (loaded, load_peak) = (Counting::held(), Counting::peak());
    Counting::restart_peak();
    let out = report(&data, &config).expect("report");
    std::hint::black_box(&out);
    let mib = |bytes: usize| bytes as f64 / (1 << 20) as f64;
    println!(
        "live after load {:.1} MiB (load peak {:.1} MiB); report peak +{:.1} MiB over it",
        mib(loaded),
        mib(load_peak),
        mib(Counting::peak() - loaded)
    );
}
