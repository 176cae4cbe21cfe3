//! Every value parser on the same text: timestamps, durations, numbers (with
//! decimal evidence), integers, booleans, QA criteria. Checks: no panic, and
//! the cheap contracts (a number that parses is finite; evidence agrees with
//! the reading it names).
#![no_main]

use cxkpi::engine::{
    decimal_evidence, parse_bool, parse_criterion, parse_duration, parse_int, parse_number,
    parse_ts, Decimal,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_ts(s);
    if let Ok(d) = parse_duration(s) {
        assert!(!d.is_nan(), "duration {s:?} parsed to NaN");
    }
    for dec in [Decimal::Dot, Decimal::Comma] {
        if let Ok(n) = parse_number(s, dec) {
            assert!(n.is_finite(), "number {s:?} parsed to {n}");
        }
    }
    if let Some(dec) = decimal_evidence(s) {
        assert!(
            parse_number(s, dec).is_ok(),
            "evidence {dec:?} for unreadable {s:?}"
        );
    }
    let _ = parse_int(s);
    let _ = parse_bool(s);
    let _ = parse_criterion(s);
});
