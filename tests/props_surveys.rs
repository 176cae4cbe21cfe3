//! Properties of the survey metrics over generated survey files: NPS stays in
//! −100..100 with an interval that holds it, and responses attributed to
//! agents (own cell or through the ticket) add up to the totals.
#![cfg(not(target_arch = "wasm32"))]

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions, TableKind};
use proptest::prelude::*;
use serde_json::Value;
use std::fmt::Write;

/// One generated response: day of March, kind, score (some outside every
/// scale), own agent, ticket (3 is not among the tickets).
type Response = (u32, usize, i32, Option<usize>, Option<usize>);

const KINDS: [&str; 3] = ["csat", "NPS", "ces"];
const AGENTS: [&str; 3] = ["Alice", "Bob", "Carol"];
const TICKETS: &str =
    "id,created_at,agent\nT0,2026-03-01,Alice\nT1,2026-03-01,Bob\nT2,2026-03-01,\n";

fn surveys_csv(responses: &[Response]) -> String {
    let mut csv = String::from("submitted_at,kind,score,agent,ticket_id\n");
    for &(day, kind, score, agent, ticket) in responses {
        let agent = agent.map_or("", |a| AGENTS[a]);
        let ticket = ticket.map_or(String::new(), |t| format!("T{t}"));
        writeln!(
            csv,
            "2026-03-{:02} 12:00,{},{score},{agent},{ticket}",
            day, KINDS[kind]
        )
        .unwrap();
    }
    csv
}

fn survey_report(responses: &[Response]) -> Value {
    let as_kind = |kind| LoadOptions {
        kind: Some(kind),
        ..LoadOptions::default()
    };
    let tickets = load("t.csv", TICKETS.as_bytes(), as_kind(TableKind::Tickets)).unwrap();
    let surveys = load(
        "s.csv",
        surveys_csv(responses).as_bytes(),
        as_kind(TableKind::Surveys),
    )
    .unwrap();
    let config = Config::from_json(
        r#"{"period": {"start": "2026-03-01", "end": "2026-04-01"}, "group_by": ["agent"]}"#,
    )
    .unwrap();
    let mut data = Dataset::new();
    data.add(tickets).unwrap();
    data.add(surveys).unwrap();
    serde_json::to_value(report(&data, &config).unwrap()).unwrap()
}

fn responses() -> impl Strategy<Value = Vec<Response>> {
    prop::collection::vec(
        (
            1u32..=31,
            0usize..3,
            -1i32..=11,
            prop::option::of(0usize..3),
            prop::option::of(0usize..4),
        ),
        1..40,
    )
}

proptest! {
    #[test]
    fn prop_nps_is_bounded_and_inside_its_interval(responses in responses()) {
        let r = survey_report(&responses);
        let nps = &r["metrics"]["surveys.nps"];
        // Present as soon as one NPS cell has a score, even an out-of-range one.
        if !responses.iter().any(|r| r.1 == 1) {
            prop_assert!(nps.is_null());
            return Ok(());
        }
        let valid = responses.iter().filter(|r| r.1 == 1 && (0..=10).contains(&r.2)).count();
        prop_assert_eq!(nps["count"].as_u64(), Some(valid as u64));
        if valid == 0 {
            prop_assert!(nps["value"].is_null() && nps["ci95"].is_null());
        } else {
            let value = nps["value"].as_f64().unwrap();
            let (lo, hi) = (nps["ci95"][0].as_f64().unwrap(), nps["ci95"][1].as_f64().unwrap());
            prop_assert!((-100.0..=100.0).contains(&value), "{}", value);
            prop_assert!(-100.0 <= lo && lo <= value && value <= hi && hi <= 100.0, "{} {}..{}", value, lo, hi);
        }
    }

    #[test]
    fn prop_agent_counts_sum_to_the_total(responses in responses()) {
        let r = survey_report(&responses);
        let groups = r["groups"]["agent"].as_object().unwrap();
        for (id, key) in [
            ("surveys.csat_rate", "denominator"),
            ("surveys.csat_rate", "numerator"),
            ("surveys.nps", "count"),
            ("surveys.nps", "promoters"),
            ("surveys.ces_score", "count"),
            ("surveys.ces_easy_rate", "numerator"),
        ] {
            let total = r["metrics"][id][key].as_u64();
            let Some(total) = total else {
                // Absent when no response of the kind exists at all.
                prop_assert!(groups.values().all(|g| g.get(id).is_none()));
                continue;
            };
            let sum: u64 = groups.values().filter_map(|g| g[id][key].as_u64()).sum();
            prop_assert_eq!(sum, total, "{}.{}", id, key);
        }
    }
}
