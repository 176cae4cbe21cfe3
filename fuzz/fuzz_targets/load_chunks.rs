//! The byte-level reader: encoding and delimiter sniffing, CSV splitting,
//! header mapping and typed values, with the bytes pushed in chunks cut at
//! fuzzer-chosen places. The first byte picks the chunk sizes and the zone.
//! Checks: no panic; the chunked result equals the whole-buffer one; every
//! row read is kept or skipped; every column has one value per kept row.
#![no_main]

use cxkpi::engine::{load, FileLoader, IssueKind, LoadOptions, LoadedFile};
use libfuzzer_sys::fuzz_target;

fn options(seed: u8) -> LoadOptions {
    let zone = if seed & 0x80 == 0 {
        "UTC"
    } else {
        "Europe/Oslo"
    };
    LoadOptions {
        time_zone: zone.parse().unwrap(),
        ..LoadOptions::default()
    }
}

/// Text form of the parts that must not depend on chunking (floats by bits).
fn canon(f: &LoadedFile) -> String {
    let mut s = format!("{:?}\n{:?}\n{}\n", f.info, f.issues, f.table.rows);
    for c in &f.table.columns {
        s += &format!("{} {} {}\n", c.name, c.header, c.data.len());
    }
    s
}

fuzz_target!(|data: &[u8]| {
    let Some((&seed, bytes)) = data.split_first() else {
        return;
    };
    let whole = load("f.csv", bytes, options(seed));
    let mut loader = FileLoader::new("f.csv", options(seed));
    // Chunk sizes 1..=16 cycling with the seed, so cuts land everywhere.
    let mut at = 0;
    let mut step = usize::from(seed & 0x0f) + 1;
    let mut pushed = Ok(());
    while at < bytes.len() && pushed.is_ok() {
        let end = (at + step).min(bytes.len());
        pushed = loader.push(&bytes[at..end]);
        at = end;
        step = step % 16 + 1;
    }
    let chunked = pushed.and_then(|()| loader.finish());
    match (&whole, &chunked) {
        (Ok(a), Ok(b)) => {
            assert_eq!(canon(a), canon(b), "chunking changed the result");
            assert_eq!(a.info.rows, a.table.rows as u64 + a.info.skipped);
            let skipping =
                a.issues.count(IssueKind::MissingRequired) + a.issues.count(IssueKind::DuplicateId);
            assert_eq!(skipping, a.info.skipped);
            for c in &a.table.columns {
                assert_eq!(c.data.len(), a.table.rows, "column {}", c.name);
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "chunking changed the error"),
        _ => panic!("chunking changed success: {whole:?} vs {chunked:?}"),
    }
});
