//! The loader's peak memory with and without the file's size (`LoadOptions::size`).
//!
//! A counting allocator records the most bytes held at once, counting a
//! `realloc` as an allocator that cannot grow a buffer in place does (wasm's
//! dlmalloc, mostly): the new buffer, then the old one freed. That is where
//! columns that grow by doubling hurt: near the end of a big file each needs
//! its old and its doubled buffer at once.
#![cfg(not(target_arch = "wasm32"))]

use cxkpi::engine::{FileLoader, LoadOptions, LoadedFile};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// One measurement at a time: the test harness runs tests on several threads.
static MEASURING: Mutex<()> = Mutex::new(());

fn hold(bytes: usize) {
    let now = HELD.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        hold(layout.size());
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        hold(new_size);
        let out = System.realloc(ptr, layout, new_size);
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        out
    }
}

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
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let mut loader = FileLoader::new("tickets.csv", options);
    for chunk in bytes.chunks(1 << 20) {
        loader.push(chunk).expect("push");
    }
    let file = loader.finish().expect("finish");
    (file, PEAK.load(Ordering::Relaxed) - before)
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
    assert!(
        (sized_peak as f64) < 0.75 * plain_peak as f64,
        "with the size {sized_peak} B, without {plain_peak} B"
    );
}
