//! Properties of the call KPIs on generated call files: per-agent offered
//! counts sum to the total, answered never exceeds offered, and the trend
//! buckets add up to the period.
#![cfg(not(target_arch = "wasm32"))]

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions, TableKind};
use proptest::prelude::*;
use serde_json::Value;

/// One generated call: agent (4 = none), start day in March ± a few days,
/// second of the day, direction, abandoned cell, answered, wait, talk.
type Row = (u8, i64, u32, u8, u8, bool, Option<u16>, Option<u16>);

fn row() -> impl Strategy<Value = Row> {
    (
        0u8..5,
        -3i64..35,
        0u32..86_400,
        0u8..4,
        0u8..3,
        any::<bool>(),
        proptest::option::of(0u16..90),
        proptest::option::of(0u16..900),
    )
}

/// UTC seconds as ISO 8601 with `Z`.
fn iso(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn csv(rows: &[Row]) -> String {
    let mut out = String::from(
        "id,started_at,answered_at,wait_seconds,talk_seconds,agent,direction,abandoned\n",
    );
    // 2026-03-01T00:00:00Z
    const MARCH: i64 = 1_772_323_200;
    for (n, &(agent, day, second, direction, abandoned, answered, wait, talk)) in
        rows.iter().enumerate()
    {
        let start = MARCH + day * 86_400 + second as i64;
        let answered_at = if answered {
            iso(start + wait.unwrap_or(7) as i64)
        } else {
            String::new()
        };
        let start = iso(start);
        let cell = |v: Option<u16>| v.map_or(String::new(), |v| v.to_string());
        let agent = ["Ann", "Ben", "Cy", "Di", ""][agent as usize];
        let direction = ["inbound", "outbound", "", "in"][direction as usize];
        let abandoned = ["yes", "no", ""][abandoned as usize];
        out.push_str(&format!(
            "X{n},{start},{answered_at},{},{},{agent},{direction},{abandoned}\n",
            cell(wait),
            cell(talk)
        ));
    }
    out
}

fn run(rows: &[Row], short: u16) -> Value {
    let config = Config::from_json(&format!(
        r#"{{"period": {{"start": "2026-03-01", "end": "2026-04-01"}}, "granularity": "week",
            "group_by": ["agent"], "short_abandon_seconds": {short}}}"#
    ))
    .unwrap();
    let options = LoadOptions {
        kind: Some(TableKind::Calls),
        ..LoadOptions::default()
    };
    let file = load("gen.csv", csv(rows).as_bytes(), options).unwrap();
    let mut data = Dataset::new();
    data.add(file).unwrap();
    serde_json::to_value(report(&data, &config).unwrap()).unwrap()
}

fn value(metrics: &Value, id: &str) -> u64 {
    metrics[id]["value"].as_u64().unwrap_or(0)
}

proptest! {
    #[test]
    fn prop_offered_adds_up_and_answered_stays_below(rows in proptest::collection::vec(row(), 1..40), short in 0u16..30) {
        let r = run(&rows, short);
        let total = &r["metrics"];
        let offered = value(total, "calls.offered");
        prop_assert!(value(total, "calls.answered") <= offered);
        let abandoned = total["calls.abandonment_rate"]["numerator"].as_u64().unwrap();
        prop_assert!(abandoned + value(total, "calls.answered") <= offered);

        let groups = r["groups"]["agent"].as_object().unwrap();
        let per_agent: u64 = groups.values().map(|m| value(m, "calls.offered")).sum();
        prop_assert_eq!(per_agent, offered);
        for m in groups.values() {
            prop_assert!(value(m, "calls.answered") <= value(m, "calls.offered"));
        }

        let buckets = r["trend"]["buckets"].as_array().unwrap();
        let per_bucket: u64 = buckets.iter().map(|b| value(&b["metrics"], "calls.offered")).sum();
        prop_assert_eq!(per_bucket, offered);
    }
}
