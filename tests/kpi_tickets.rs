//! Ticket KPIs on `data/tickets_basic.csv`, every expected value computed by
//! hand (the working is in the comments). Period: March 2026, UTC.

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions};
use serde_json::{json, Value};

mod common;
use common::*;

fn basic_report() -> Value {
    let config = Config::from_json(include_str!("data/tickets_basic.config.json")).unwrap();
    let file = load(
        "tickets_basic.csv",
        include_bytes!("data/tickets_basic.csv"),
        LoadOptions::default(),
    )
    .unwrap();
    let mut data = Dataset::new();
    data.add(file).unwrap();
    serde_json::to_value(report(&data, &config).unwrap()).unwrap()
}

#[test]
fn whole_period() {
    let r = basic_report();
    assert_eq!(r["schema"], "cxkpi.report/1");
    assert_eq!(
        r["period"],
        json!({"start": "2026-03-01T00:00:00+00:00", "end": "2026-04-01T00:00:00+00:00", "time_zone": "UTC"})
    );
    let m = &r["metrics"];
    // Created in March: T1 T2 T3 T4 T5 T6 T8 T9 (T7 is February, T10 is 1 April 00:00).
    assert_eq!(m["tickets.created"], json!({"value": 8}));
    // Solved in March: T1 T2 T5 T7 T9 (T6 is solved 2 April).
    assert_eq!(m["tickets.solved"], json!({"value": 5}));
    // Open at 1 April: T3 T4 (never solved), T6 (solved after); T8 is closed without solved_at.
    assert_eq!(m["tickets.backlog"], json!({"value": 3}));
    // T4 and T8 have no first response.
    assert_eq!(m["tickets.unanswered"], json!({"value": 2}));
    // 300 (T9), 600 (T6), 1800 (T1), 7200 (T2), 237600 (T3, over a weekend); T5 is negative.
    // p90: rank 3.6 -> 7200 + 0.6 * 230400.
    assert_dist(
        m,
        "tickets.first_response_seconds",
        dist(5, 247_500.0, 49_500.0, 1800.0, 145_440.0),
    );
    // 3600 (T9), 10800 (T1), 86400 (T5), 172800 (T2), 518400 (T7).
    assert_dist(
        m,
        "tickets.resolution_seconds",
        dist(5, 792_000.0, 158_400.0, 86_400.0, 380_160.0),
    );
    // Business hours Mon-Fri 08-16, 4 March a holiday. T3: Fri 15-16 + Mon 08-09.
    assert_dist(
        m,
        "tickets.first_response_business_seconds",
        dist(5, 17_100.0, 3420.0, 1800.0, 7200.0),
    );
    // T2: Mon 10-16 + Tue 8 h + Wed holiday = 50400; T5: Tue 09-16 + Wed 08-09 = 28800;
    // T7: Wed 10-16 + Thu + Fri + Mon + Tue 08-10 = 115200.
    assert_dist(
        m,
        "tickets.resolution_business_seconds",
        dist(5, 208_800.0, 41_760.0, 28_800.0, 89_280.0),
    );
    // Replies of solved tickets: T1 1, T2 3, T5 0, T7 1, T9 1.
    assert_rate(m, "tickets.one_touch_rate", 4, 5);
    assert_dist(m, "tickets.replies_per_solved", dist(5, 6.0, 1.2, 1.0, 2.2));
    assert_rate(m, "tickets.reopen_rate", 1, 5);
    // Escalated known for T1 T2 T3 T5 T6 T9; only T2 escalated.
    assert_rate(m, "tickets.escalation_rate", 1, 6);
    // Transfers known for the same six; T2 (expert) and T3 (not expert) moved.
    assert_rate(m, "tickets.transfer_rate", 2, 6);
    assert_rate(m, "tickets.expert_transfer_rate", 1, 6);
    assert_rate(m, "tickets.unnecessary_transfer_rate", 1, 6);
    // T2 by keyword, T3 by flag; T4's flag "no" beats its "klagomål" tag.
    assert_eq!(m["tickets.complaints"], json!({"value": 2}));
    assert_rate(m, "tickets.complaint_rate", 2, 8);
    assert_eq!(m["tickets.escalated_complaints"], json!({"value": 1}));
    // With a customer: T1 (T2 follows), T4 (T5 follows), T9 (T3 follows) repeat; T2 T3 T5 T6 don't.
    assert_rate(m, "tickets.fcr_rate", 4, 7);
    assert_dist(
        m,
        "tickets.handle_seconds",
        dist(5, 3200.0, 640.0, 600.0, 1080.0),
    );
    // T1 1800<=3600, T2 7200>600 (urgent), T3 237600>3600, T6 600<=600, T9 300<=3600.
    assert_rate(m, "tickets.first_response_sla_rate", 3, 5);
    // Resolution target 86400 for all: T1 yes, T2 no, T5 yes (equal), T7 no, T9 yes.
    assert_rate(m, "tickets.resolution_sla_rate", 3, 5);
}

#[test]
fn negative_first_response_is_one_issue() {
    let r = basic_report();
    assert_eq!(r["issues"]["counts"], json!({"negative_duration": 1}));
    let example = &r["issues"]["examples"][0];
    assert_eq!(example["file"], "tickets_basic.csv");
    assert_eq!(example["line"], 6);
    assert_eq!(example["column"], "first_response_at");
}

#[test]
fn groups_by_agent() {
    let r = basic_report();
    let g = &r["groups"]["agent"];
    let names: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(names, ["(none)", "Alice", "Bob", "Carol"]);
    let created = |a: &str| g[a]["tickets.created"]["value"].as_u64().unwrap();
    assert_eq!(
        [
            created("Alice"),
            created("Bob"),
            created("Carol"),
            created("(none)")
        ],
        [2, 3, 2, 1]
    );
    assert_eq!(g["Alice"]["tickets.solved"], json!({"value": 2}));
    assert_eq!(g["Alice"]["tickets.backlog"], json!({"value": 1}));
    assert_eq!(g["Carol"]["tickets.backlog"], json!({"value": 1}));
    assert_eq!(g["(none)"]["tickets.backlog"], json!({"value": 0}));
    assert_rate(&g["Bob"], "tickets.fcr_rate", 1, 3);
}

#[test]
fn weekly_trend_is_cut_to_the_period() {
    let r = basic_report();
    assert_eq!(r["trend"]["granularity"], "week");
    let buckets = r["trend"]["buckets"].as_array().unwrap();
    let starts: Vec<&str> = buckets
        .iter()
        .map(|b| b["start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-03-01T00:00:00+00:00",
            "2026-03-02T00:00:00+00:00",
            "2026-03-09T00:00:00+00:00",
            "2026-03-16T00:00:00+00:00",
            "2026-03-23T00:00:00+00:00",
            "2026-03-30T00:00:00+00:00"
        ]
    );
    assert_eq!(buckets[5]["end"], "2026-04-01T00:00:00+00:00");
    let created: Vec<u64> = buckets
        .iter()
        .map(|b| b["metrics"]["tickets.created"]["value"].as_u64().unwrap())
        .collect();
    assert_eq!(created, [0, 4, 2, 1, 0, 1]);
    // At 2 March only T7 (created in February, solved 3 March) is open.
    assert_eq!(
        buckets[0]["metrics"]["tickets.backlog"],
        json!({"value": 1})
    );
}

#[test]
fn inputs_name_the_mapping() {
    let r = basic_report();
    let input = &r["inputs"][0];
    assert_eq!(input["kind"], "tickets");
    assert_eq!(input["rows"], 10);
    assert_eq!(input["skipped"], 0);
    assert_eq!(input["columns"]["created_at"], "Created At");
}

#[test]
fn overlapping_exports_merge_and_the_later_row_wins() {
    let mut data = Dataset::new();
    for (name, bytes) in [
        (
            "tickets_basic.csv",
            &include_bytes!("data/tickets_basic.csv")[..],
        ),
        (
            "tickets_april.csv",
            &include_bytes!("data/tickets_april.csv")[..],
        ),
    ] {
        data.add(load(name, bytes, LoadOptions::default()).unwrap())
            .unwrap();
    }
    let config =
        Config::from_json(r#"{"period": {"start": "2026-04-01", "end": "2026-05-01"}}"#).unwrap();
    let r = serde_json::to_value(report(&data, &config).unwrap()).unwrap();
    // T10 of the first file is replaced by the April file's T10 (solved 3 April).
    assert_eq!(r["inputs"][0]["rows"], 10);
    assert_eq!(r["inputs"][0]["skipped"], 1);
    assert_eq!(r["inputs"][1]["skipped"], 0);
    assert_eq!(r["issues"]["counts"]["duplicate_id"], 1);
    let dup = r["issues"]["examples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "duplicate_id")
        .unwrap();
    assert_eq!(
        (dup["file"].as_str(), dup["line"].as_u64()),
        (Some("tickets_basic.csv"), Some(11))
    );
    // April: T10 and T11 created; T6 (2 April) and T10 (3 April) solved.
    assert_eq!(r["metrics"]["tickets.created"], json!({"value": 2}));
    assert_eq!(r["metrics"]["tickets.solved"], json!({"value": 2}));
}

#[test]
fn negative_handle_time_is_left_out_and_reported() {
    let csv = "id,created_at,handle_seconds\nA,2026-03-02 09:00,300\nB,2026-03-02 10:00,-30\n";
    let mut data = Dataset::new();
    data.add(load("h.csv", csv.as_bytes(), LoadOptions::default()).unwrap())
        .unwrap();
    let r = serde_json::to_value(report(&data, &Config::default()).unwrap()).unwrap();
    assert_dist(
        &r["metrics"],
        "tickets.handle_seconds",
        dist(1, 300.0, 300.0, 300.0, 300.0),
    );
    assert_eq!(r["issues"]["counts"], json!({"negative_duration": 1}));
    assert_eq!(r["issues"]["examples"][0]["line"], 3);
}
