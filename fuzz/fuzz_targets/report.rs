//! The whole pipeline, bytes to report JSON. The input is cut into files at
//! each `\x00\x01` pair (so one run can hold tickets, surveys and calls); a
//! first file that starts with `{` is the config instead. Checks: no panic,
//! and the report serialises to JSON twice the same way.
#![no_main]

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(2).position(|w| w == b"\x00\x01") {
        parts.push(&rest[..i]);
        rest = &rest[i + 2..];
    }
    parts.push(rest);
    let mut config = Config::default();
    if parts[0].first() == Some(&b'{') {
        match std::str::from_utf8(parts[0]).ok().map(Config::from_json) {
            Some(Ok(c)) => config = c,
            _ => return,
        }
        parts.remove(0);
    }
    let mut set = Dataset::new();
    for (i, bytes) in parts.iter().take(6).enumerate() {
        let options = LoadOptions {
            time_zone: config.time_zone,
            ..LoadOptions::default()
        };
        if let Ok(file) = load(&format!("f{i}.csv"), bytes, options) {
            let _ = set.add(file);
        }
    }
    if let Ok(r) = report(&set, &config) {
        let a = serde_json::to_string(&r).unwrap();
        let b = serde_json::to_string(&report(&set, &config).unwrap()).unwrap();
        assert_eq!(a, b, "report is not deterministic");
    }
});
