//! Assertions shared by the KPI tests: expected values are written by hand,
//! numbers compared to 1e-9.
// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

use serde_json::{json, Value};

/// An expected distribution.
pub fn dist(count: u64, sum: f64, mean: f64, median: f64, p90: f64) -> Value {
    json!({"count": count, "sum": sum, "mean": mean, "median": median, "p90": p90})
}

/// An expected distribution: a `dist(...)` value or `[count, sum, mean, median, p90]`.
pub trait DistExpectation {
    /// As a JSON object with the five keys.
    fn into_value(self) -> Value;
}

impl DistExpectation for Value {
    fn into_value(self) -> Value {
        self
    }
}

impl DistExpectation for [f64; 5] {
    fn into_value(self) -> Value {
        let [count, sum, mean, median, p90] = self;
        json!({"count": count, "sum": sum, "mean": mean, "median": median, "p90": p90})
    }
}

/// `got` is a number within 1e-9 of `want`.
pub fn close(got: &Value, want: f64, what: &str) {
    let got = got
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: {got} is not a number"));
    assert!((got - want).abs() < 1e-9, "{what}: got {got}, want {want}");
}

/// Each of count, sum, mean, median and p90 of metric `id` is as expected (null where expected null).
pub fn assert_dist(metrics: &Value, id: &str, expected: impl DistExpectation) {
    let expected = expected.into_value();
    for key in ["count", "sum", "mean", "median", "p90"] {
        match expected[key].as_f64() {
            Some(want) => close(&metrics[id][key], want, &format!("{id}.{key}")),
            None => assert_eq!(metrics[id][key], expected[key], "{id}.{key}"),
        }
    }
}

/// A rate's value, numerator and denominator, and a 95 % interval inside 0..1 holding the value.
pub fn assert_rate(metrics: &Value, id: &str, numerator: u64, denominator: u64) {
    let m = &metrics[id];
    assert_eq!(m["numerator"], json!(numerator), "{id}");
    assert_eq!(m["denominator"], json!(denominator), "{id}");
    let value = numerator as f64 / denominator as f64;
    close(&m["value"], value, id);
    let (lo, hi) = (
        m["ci95"][0].as_f64().unwrap(),
        m["ci95"][1].as_f64().unwrap(),
    );
    assert!(
        lo <= value && value <= hi && lo >= 0.0 && hi <= 1.0,
        "{id}: {lo}..{hi}"
    );
}

/// A rate over nothing: value and interval null.
pub fn assert_null_rate(metrics: &Value, id: &str) {
    assert_eq!(
        metrics[id],
        json!({"value": null, "numerator": 0, "denominator": 0, "ci95": null}),
        "{id}"
    );
}

/// Metric `id` has a `value` within 1e-9 of `want`.
pub fn assert_value(metrics: &Value, id: &str, want: f64) {
    close(&metrics[id]["value"], want, id);
}
