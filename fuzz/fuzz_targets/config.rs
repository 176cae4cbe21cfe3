//! The config parser: any text either becomes a validated config or an error
//! naming a field. Checks: no panic; a config that parses can drive a report.
#![no_main]

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions};
use libfuzzer_sys::fuzz_target;

const TICKETS: &[u8] = b"id,created_at,first_response_at,solved_at,priority,channel,csat\n\
1,2026-03-01 09:00,2026-03-01 09:30,2026-03-02 10:00,high,email,5\n\
2,2026-03-03 10:00,2026-03-03 12:00,,low,chat,2\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = Config::from_json(text) else {
        return;
    };
    let options = LoadOptions {
        time_zone: config.time_zone,
        ..LoadOptions::default()
    };
    let mut set = Dataset::new();
    set.add(load("t.csv", TICKETS, options).unwrap()).unwrap();
    if let Ok(r) = report(&set, &config) {
        serde_json::to_string(&r).unwrap();
    }
});
