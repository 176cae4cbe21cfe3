//! Properties of the whole report on the bundled sample dataset (all six
//! tables): the order of rows does not change any number, group counts add
//! up to the total, and every distribution has median ≤ p90.
#![cfg(not(target_arch = "wasm32"))]

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions};
use proptest::prelude::*;
use serde_json::Value;

const SAMPLE: [(&str, &str); 6] = [
    ("tickets.csv", include_str!("data/sample/tickets.csv")),
    ("calls.csv", include_str!("data/sample/calls.csv")),
    ("surveys.csv", include_str!("data/sample/surveys.csv")),
    ("customers.csv", include_str!("data/sample/customers.csv")),
    ("orders.csv", include_str!("data/sample/orders.csv")),
    ("qa_reviews.csv", include_str!("data/sample/qa_reviews.csv")),
];

/// Records of a CSV text: split at line ends outside quotes, so a quoted
/// field holding a newline stays in its record.
fn records(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                out.push(&text[start..=i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn config() -> Config {
    Config::from_json(include_str!("data/sample/config.json")).unwrap()
}

/// The report of the sample files, each file's data rows permuted by `perm(len)`.
fn sample_report(config: &Config, mut order: impl FnMut(usize) -> Vec<usize>) -> Value {
    let mut data = Dataset::new();
    for (name, text) in SAMPLE {
        let recs = records(text);
        let mut csv = recs[0].to_string();
        let body = &recs[1..];
        for i in order(body.len()) {
            csv.push_str(body[i]);
            if !body[i].ends_with('\n') {
                csv.push('\n');
            }
        }
        let options = LoadOptions {
            time_zone: config.time_zone,
            ..LoadOptions::default()
        };
        data.add(load(name, csv.as_bytes(), options).unwrap())
            .unwrap();
    }
    let mut r = serde_json::to_value(report(&data, config).unwrap()).unwrap();
    // Issue examples name lines, which move with the rows; their counts must not.
    r["issues"]["examples"] = Value::Null;
    r
}

/// Every distribution object anywhere in `v`.
fn dists(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) if m.contains_key("median") && m.contains_key("p90") => {
            out.push(v.clone())
        }
        Value::Object(m) => m.values().for_each(|x| dists(x, out)),
        Value::Array(a) => a.iter().for_each(|x| dists(x, out)),
        _ => {}
    }
}

/// Compares numbers to a relative 1e-9: sums of the same values in another
/// order may differ in the last bits.
fn assert_close(a: &Value, b: &Value, path: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(y.abs()),
                "{path}: {x} != {y}"
            );
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{path}"
            );
            for (k, v) in x {
                assert_close(v, &y[k], &format!("{path}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}");
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                assert_close(p, q, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

#[test]
fn sample_groups_add_up_and_medians_stay_below_p90() {
    let config = config();
    let r = sample_report(&config, |n| (0..n).collect());
    for (column, values) in r["groups"].as_object().unwrap() {
        for id in [
            "tickets.created",
            "tickets.solved",
            "calls.offered",
            "qa.reviews",
        ] {
            let total = r["metrics"][id]["value"].as_u64().unwrap();
            let sum: u64 = values
                .as_object()
                .unwrap()
                .values()
                .filter_map(|m| m[id]["value"].as_u64())
                .sum();
            if values
                .as_object()
                .unwrap()
                .values()
                .any(|m| m.get(id).is_some())
            {
                assert_eq!(sum, total, "{column}: {id}");
            }
        }
    }
    let mut all = Vec::new();
    dists(&r, &mut all);
    assert!(all.len() > 50);
    for d in all {
        if let (Some(m), Some(p)) = (d["median"].as_f64(), d["p90"].as_f64()) {
            assert!(m <= p, "{d}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn prop_row_order_changes_no_number(seed in any::<u64>()) {
        let config = config();
        let baseline = sample_report(&config, |n| (0..n).collect());
        let mut state = seed | 1;
        let shuffled = sample_report(&config, |n| {
            // Fisher–Yates with a xorshift generator seeded by proptest.
            let mut order: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                order.swap(i, (state % (i as u64 + 1)) as usize);
            }
            order
        });
        assert_close(&baseline, &shuffled, "report");
    }
}
