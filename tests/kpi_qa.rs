//! QA review KPIs on `data/qa_reviews.csv`, every expected value computed by
//! hand (the working is in the comments). March 2026, UTC; "Verified identity"
//! is critical (named "verified IDENTITY" in the config).
//!
//! Per review (applicable criteria: passes / (passes + fails)):
//! Q1 Bob    1 March 00:00  4/4                      → 100
//! Q2 Alice  2 March        4/4                      → 100
//! Q3 Alice  3 March        Greeting fails, Tone n/a → 2/3 = 66.67
//! Q4 Bob    4 March        Verified identity fails  → 0 (critical; else 75)
//! Q5 Bob    5 March        nothing applies          → no score; ticket T404 unknown
//! Q6 Carol  9 March        ✓ ✓ ✗ 1                  → 75
//! Q7 Carol 31 March 23:59  y y n 0                  → 50
//! Q8 Alice  1 April 00:00  after the period

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions, LoadedFile, TableKind};
use serde_json::{json, Value};

mod common;
use common::*;

fn file(kind: TableKind, name: &str, bytes: &[u8]) -> LoadedFile {
    let options = LoadOptions {
        kind: Some(kind),
        ..LoadOptions::default()
    };
    load(name, bytes, options).unwrap()
}

fn reviews() -> LoadedFile {
    file(
        TableKind::QaReviews,
        "qa_reviews.csv",
        include_bytes!("data/qa_reviews.csv"),
    )
}

fn tickets() -> LoadedFile {
    file(
        TableKind::Tickets,
        "surveys_tickets.csv",
        include_bytes!("data/surveys_tickets.csv"),
    )
}

fn run(files: Vec<LoadedFile>) -> Value {
    let config = Config::from_json(include_str!("data/qa_reviews.config.json")).unwrap();
    report_of(files, &config)
}

/// The report of `files` under `config`.
fn report_of(files: Vec<LoadedFile>, config: &Config) -> Value {
    let mut data = Dataset::new();
    for f in files {
        data.add(f).unwrap();
    }
    serde_json::to_value(report(&data, config).unwrap()).unwrap()
}

const GREETING: &str = "qa.criterion_pass_rate.Greeting";
const VERIFIED: &str = "qa.criterion_pass_rate.Verified identity";
const SOLVED: &str = "qa.criterion_pass_rate.Solved the issue";
const TONE: &str = "qa.criterion_pass_rate.Tone";

#[test]
fn whole_period() {
    let r = run(vec![tickets(), reviews()]);
    let m = &r["metrics"];
    // Q1..Q7; Q8 is 1 April 00:00.
    assert_eq!(m["qa.reviews"], json!({"value": 7}));
    // Scores 0, 50, 66.67, 75, 100, 100 (Q5 has none): sum 391.67,
    // median (66.67 + 75)/2, p90 at rank 4.5 between 100 and 100.
    let third = 200.0 / 3.0;
    let sum = 325.0 + third;
    assert_dist(
        m,
        "qa.score",
        [6.0, sum, sum / 6.0, (third + 75.0) / 2.0, 100.0],
    );
    // Greeting fails on Q3 only; Verified identity on Q4; Solved on Q6, Q7; Q5 applies none.
    assert_rate(m, GREETING, 5, 6);
    assert_rate(m, VERIFIED, 5, 6);
    assert_rate(m, SOLVED, 4, 6);
    // Tone: n/a on Q3 and Q5; fails on Q7.
    assert_rate(m, TONE, 4, 5);
    let qa_ids: Vec<&str> = m
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| k.starts_with("qa."))
        .collect();
    assert_eq!(
        qa_ids,
        [GREETING, SOLVED, TONE, VERIFIED, "qa.reviews", "qa.score"]
    );
}

#[test]
fn unknown_ticket_only_with_tickets_loaded() {
    let r = run(vec![tickets(), reviews()]);
    assert_eq!(r["issues"]["counts"], json!({"unknown_ticket": 1}));
    let e = &r["issues"]["examples"][0];
    assert_eq!(
        (&e["file"], &e["line"], &e["column"], &e["value"]),
        (
            &json!("qa_reviews.csv"),
            &json!(6),
            &json!("ticket_id"),
            &json!("T404")
        )
    );
    let r = run(vec![reviews()]);
    assert_eq!(r["issues"]["counts"], json!({}));
    // The metrics do not depend on the tickets.
    assert_eq!(r["metrics"]["qa.reviews"], json!({"value": 7}));
}

#[test]
fn groups_by_agent() {
    let r = run(vec![reviews()]);
    let g = &r["groups"]["agent"];
    let names: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(names, ["Alice", "Bob", "Carol"]);
    // Alice: Q2 100, Q3 66.67 (Q8 is after the period); p90 at rank 0.9.
    let third = 200.0 / 3.0;
    assert_eq!(g["Alice"]["qa.reviews"], json!({"value": 2}));
    let (sum, mean) = (100.0 + third, (100.0 + third) / 2.0);
    assert_dist(
        &g["Alice"],
        "qa.score",
        [2.0, sum, mean, mean, third + 0.9 * (100.0 - third)],
    );
    assert_rate(&g["Alice"], GREETING, 1, 2);
    assert_rate(&g["Alice"], TONE, 1, 1);
    // Bob: Q1 100, Q4 0, Q5 without a score.
    assert_eq!(g["Bob"]["qa.reviews"], json!({"value": 3}));
    assert_dist(&g["Bob"], "qa.score", [2.0, 100.0, 50.0, 50.0, 90.0]);
    assert_rate(&g["Bob"], VERIFIED, 1, 2);
    // Carol: Q6 75, Q7 50.
    assert_dist(&g["Carol"], "qa.score", [2.0, 125.0, 62.5, 62.5, 72.5]);
    assert_rate(&g["Carol"], SOLVED, 0, 2);
    let reviews: u64 = g
        .as_object()
        .unwrap()
        .values()
        .map(|m| m["qa.reviews"]["value"].as_u64().unwrap())
        .sum();
    assert_eq!(reviews, 7);
}

#[test]
fn weekly_trend_and_empty_weeks() {
    let r = run(vec![reviews()]);
    let buckets = r["trend"]["buckets"].as_array().unwrap();
    // [1, 2): Q1 | [2, 9): Q2-Q5 | [9, 16): Q6 | - | - | [30, 1 April): Q7.
    let reviews: Vec<u64> = buckets
        .iter()
        .map(|b| b["metrics"]["qa.reviews"]["value"].as_u64().unwrap())
        .collect();
    assert_eq!(reviews, [1, 4, 1, 0, 0, 1]);
    // Q2 100, Q3 66.67, Q4 0; Q5 skipped.
    let third = 200.0 / 3.0;
    let week = &buckets[1]["metrics"];
    assert_dist(
        week,
        "qa.score",
        [
            3.0,
            100.0 + third,
            (100.0 + third) / 3.0,
            third,
            100.0 - 0.2 * (100.0 - third),
        ],
    );
    // Nothing reviewed: an empty distribution and null rates.
    let empty = &buckets[3]["metrics"];
    assert_eq!(
        empty["qa.score"],
        json!({"count": 0, "sum": 0.0, "mean": null, "median": null, "p90": null})
    );
    assert_eq!(
        empty[TONE],
        json!({"value": null, "numerator": 0, "denominator": 0, "ci95": null})
    );
    // The last, cut week holds Q7 (31 March 23:59): 2 of 4.
    assert_dist(
        &buckets[5]["metrics"],
        "qa.score",
        [1.0, 50.0, 50.0, 50.0, 50.0],
    );
}

#[test]
fn without_critical_criteria_a_failure_only_lowers_the_score() {
    let config = Config::from_json(
        r#"{"period": {"start": "2026-03-04", "end": "2026-03-05"}, "qa": {"critical": ["Greeting"]}}"#,
    )
    .unwrap();
    let r = report_of(vec![reviews()], &config);
    // Only Q4: Verified identity fails but is not critical now: 3/4.
    assert_dist(&r["metrics"], "qa.score", [1.0, 75.0, 75.0, 75.0, 75.0]);
}

#[test]
fn a_comment_column_is_text_not_a_criterion() {
    let csv = "reviewed_at,agent,Greeting,Comments\n2026-03-02,Alice,yes,Friendly but slow\n";
    let f = file(TableKind::QaReviews, "qa.csv", csv.as_bytes());
    assert_eq!(
        f.info.columns.get("comment").map(String::as_str),
        Some("Comments")
    );
    assert_eq!(f.issues.total(), 0);
    let mut data = Dataset::new();
    data.add(f).unwrap();
    let r = serde_json::to_value(report(&data, &Config::default()).unwrap()).unwrap();
    let ids: Vec<&String> = r["metrics"].as_object().unwrap().keys().collect();
    assert_eq!(
        ids,
        ["qa.criterion_pass_rate.Greeting", "qa.reviews", "qa.score"]
    );
}
