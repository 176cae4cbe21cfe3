//! The loader's peak memory with and without the file's size (`LoadOptions::size`).
//!
//! A counting allocator (`examples/support/counting.rs`) records the most
//! bytes held at once, a `realloc` counted as the new buffer, then the old
//! one freed. That is where columns that grow by doubling hurt: near the end
//! of a big file each needs its old and its doubled buffer at once.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../examples/support/counting.rs"]
mod counting;

use counting::Counting;
use cxkpi::engine::{FileLoader, LoadOptions, LoadedFile};
use std::sync::Mutex;

/// One measurement at a time: the test harness runs tests on several threads.
static MEASURING: Mutex<()> = Mutex::new(());

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// 140,000 tickets (just past 2^17 rows, where doubled columns have the most
/// room to spare), in the columns of SPEC's tickets table.
fn tickets() -> Vec<u8> {
    let mut text = String::from(
        "id,created_at,first_response_at,solved_at,status,channel,agent,priority,customer_id,replies,escalated,handle_seconds\n",
    );
    for i in 0..140_000u32 {
        let day = 1 + i % 28;
        text += &format!(
            "{},2026-03-{day:02}T09:{:02}:00Z,2026-03-{day:02}T10:00:00Z,2026-03-{day:02}T17:30:00Z,solved,email,Agent {},normal,C{},{},0,{}\n",
            100_000 + i,
            i % 60,
            i % 40,
            i % 9_973,
            i % 6,
            60 + i % 900
        );
    }
    text.into_bytes()
}

/// Load `bytes` in 1 MiB chunks as the CLI does; the peak bytes held while loading.
fn peak_while_loading(bytes: &[u8], size: Option<u64>) -> (LoadedFile, usize) {
    let options = LoadOptions {
        size,
        ..LoadOptions::default()
    };
    let before = Counting::held();
    Counting::restart_peak();
    let mut loader = FileLoader::new("tickets.csv", options);
    for chunk in bytes.chunks(1 << 20) {
        loader.push(chunk).expect("push");
    }
    let file = loader.finish().expect("finish");
    (file, Counting::peak() - before)
}

#[test]
fn knowing_the_size_lowers_the_peak_and_changes_nothing_else() {
    let _one = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let bytes = tickets();
    let (plain, plain_peak) = peak_while_loading(&bytes, None);
    let (sized, sized_peak) = peak_while_loading(&bytes, Some(bytes.len() as u64));
    assert_eq!(sized.table, plain.table);
    assert_eq!(sized.info, plain.info);
    assert_eq!(sized.table.rows, 140_000);
    let (csv, mib) = (bytes.len() as f64, |b: usize| b as f64 / (1 << 20) as f64);
    println!(
        "CSV {:.1} MiB; peak while loading: {:.1} MiB without the size ({:.2}× the CSV), {:.1} MiB with it ({:.2}×)",
        mib(bytes.len()),
        mib(plain_peak),
        plain_peak as f64 / csv,
        mib(sized_peak),
        sized_peak as f64 / csv
    );
    // Columns of a few bits a row leave the chunk and the dictionaries a
    // larger share of the peak than they did: a quarter less became a fifth.
    assert!(
        (sized_peak as f64) < 0.8 * plain_peak as f64,
        "with the size {sized_peak} B, without {plain_peak} B"
    );
    assert!(
        sized_peak as f64 <= 0.4 * csv,
        "{sized_peak} B for {csv} B of CSV"
    );
}
