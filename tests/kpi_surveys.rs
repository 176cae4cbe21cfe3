//! Survey KPIs on hand-made fixtures, every expected value computed by hand
//! (the working is in the comments).
//!
//! - `surveys_long.csv` (long form, CSAT on 1..5, CES on 1..7 higher is
//!   easier), with `surveys_tickets.csv` for agent attribution; March 2026, UTC.
//! - `surveys_wide.csv` (wide form plus one long-form row, CSAT on 1..10, CES on
//!   1..5 lower is easier); the period comes from the data.
//! - `surveys_tickets.csv` / `surveys_tickets_numeric.csv` alone: the tickets'
//!   satisfaction ratings stand in for surveys.
//! - `surveys_good_bad.csv`: CSAT as Good/Bad words (Zendesk's `Good, I'm
//!   satisfied`, `Offered`) in a survey file's score column; March 2026, UTC.

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

fn long() -> LoadedFile {
    file(
        TableKind::Surveys,
        "surveys_long.csv",
        include_bytes!("data/surveys_long.csv"),
    )
}

fn tickets() -> LoadedFile {
    file(
        TableKind::Tickets,
        "surveys_tickets.csv",
        include_bytes!("data/surveys_tickets.csv"),
    )
}

fn run(config: &str, files: Vec<LoadedFile>) -> Value {
    let config = Config::from_json(config).unwrap();
    let mut data = Dataset::new();
    for f in files {
        data.add(f).unwrap();
    }
    serde_json::to_value(report(&data, &config).unwrap()).unwrap()
}

const LONG_CONFIG: &str = include_str!("data/surveys_long.config.json");

/// surveys_long.csv with the tickets it names.
fn long_report() -> Value {
    run(LONG_CONFIG, vec![tickets(), long()])
}

fn wide_report() -> Value {
    let wide = file(
        TableKind::Surveys,
        "surveys_wide.csv",
        include_bytes!("data/surveys_wide.csv"),
    );
    run(include_str!("data/surveys_wide.config.json"), vec![wide])
}

fn assert_empty_dist(metrics: &Value, id: &str) {
    assert_eq!(
        metrics[id],
        json!({"count": 0, "sum": 0.0, "mean": null, "median": null, "p90": null}),
        "{id}"
    );
}

/// NPS from its counts: value = 100·(p − d)/n, ci95 = value ± 1.96·100·sqrt((p + d − (p − d)²)/n)
/// with p, d the shares, clamped to −100..100.
fn assert_nps(metrics: &Value, id: &str, promoters: u64, passives: u64, detractors: u64) {
    let m = &metrics[id];
    let n = promoters + passives + detractors;
    assert_eq!(m["promoters"], json!(promoters), "{id}");
    assert_eq!(m["passives"], json!(passives), "{id}");
    assert_eq!(m["detractors"], json!(detractors), "{id}");
    assert_eq!(m["count"], json!(n), "{id}");
    if n == 0 {
        assert_eq!(m["value"], Value::Null, "{id}");
        assert_eq!(m["ci95"], Value::Null, "{id}");
        return;
    }
    let (p, d) = (promoters as f64 / n as f64, detractors as f64 / n as f64);
    let value = 100.0 * (p - d);
    let half = 1.96 * 100.0 * ((p + d - (p - d).powi(2)) / n as f64).sqrt();
    close(&m["value"], value, id);
    close(&m["ci95"][0], (value - half).max(-100.0), id);
    close(&m["ci95"][1], (value + half).min(100.0), id);
}

#[test]
fn long_form_whole_period() {
    let r = long_report();
    let m = &r["metrics"];
    // CSAT in March (S19 is 1 April 00:00, S5's 6 is out of range, S21 has no score):
    // S1 5, S2 4 (kind "CSAT"), S3 3, S4 1, S18 2 (23:59:59 on 31 March). Satisfied: ≥ 4.
    assert_rate(m, "surveys.csat_rate", 2, 5);
    // Sorted 1 2 3 4 5; p90 at rank 3.6: 4 + 0.6.
    assert_dist(m, "surveys.csat_score", dist(5, 15.0, 3.0, 3.0, 4.6));
    // NPS: S6 10, S7 9 promoters; S8 8, S9 7 passives; S10 0 detractor (S11's 11 is
    // out of range, S20 is February). 100·(2 − 1)/5 = 20.
    assert_nps(m, "surveys.nps", 2, 2, 1);
    close(&m["surveys.nps"]["value"], 20.0, "nps");
    // ±1.96·100·sqrt((0.4 + 0.2 − 0.04)/5) = ±65.5697...
    close(
        &m["surveys.nps"]["ci95"][0],
        20.0 - 196.0 * 0.112f64.sqrt(),
        "nps lo",
    );
    // CES: S12 7, S13 4, S14 5 (S15's 0 is out of range). Easy ⇔ score > 4: 7 and 5.
    assert_dist(m, "surveys.ces_score", dist(3, 16.0, 16.0 / 3.0, 5.0, 6.6));
    assert_rate(m, "surveys.ces_easy_rate", 2, 3);
    // The tickets' own satisfaction is not used when surveys are loaded.
    assert_eq!(m["tickets.created"], json!({"value": 7}));
}

#[test]
fn long_form_issues() {
    let r = long_report();
    assert_eq!(
        r["issues"]["counts"],
        json!({"out_of_range": 5, "unknown_ticket": 1})
    );
    let found: Vec<(String, u64, String, String)> = r["issues"]["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_string(),
                e["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        (6, "score", "6"),         // S5: CSAT 6 on 1..5
        (12, "score", "11"),       // S11: NPS 11
        (16, "score", "0"),        // S15: CES 0 on 1..7
        (17, "kind", "survey"),    // S16: not a kind
        (18, "kind", ""),          // S17: a score without a kind
        (11, "ticket_id", "T404"), // S10: no such ticket
    ];
    let want: Vec<(String, u64, String, String)> = want
        .iter()
        .map(|&(line, column, value)| {
            ("surveys_long.csv".into(), line, column.into(), value.into())
        })
        .collect();
    assert_eq!(found, want);
}

#[test]
fn long_form_groups_by_attributed_agent() {
    let r = long_report();
    let g = &r["groups"]["agent"];
    let names: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(names, ["(none)", "Alice", "Bob", "Carol", "Dave"]);

    // Alice: S1 (via T1) 5, S4 (own cell beats T2's Bob) 1; S6 10 (via T1); S12 7 (via T1).
    let alice = &g["Alice"];
    assert_rate(alice, "surveys.csat_rate", 1, 2);
    assert_dist(alice, "surveys.csat_score", dist(2, 6.0, 3.0, 3.0, 4.6));
    assert_nps(alice, "surveys.nps", 1, 0, 0);
    assert_eq!(alice["surveys.nps"]["ci95"], json!([100.0, 100.0]));
    assert_rate(alice, "surveys.ces_easy_rate", 1, 1);
    // Bob: S2 4 (own), S3 3 (via T2); S8 8 (own), S9 7 (via T2); S13 4 (via T2).
    let bob = &g["Bob"];
    assert_rate(bob, "surveys.csat_rate", 1, 2);
    assert_nps(bob, "surveys.nps", 0, 2, 0);
    assert_eq!(bob["surveys.nps"]["ci95"], json!([0.0, 0.0]));
    assert_rate(bob, "surveys.ces_easy_rate", 0, 1);
    // Carol: S7 9 (via T3), S14 5; no CSAT at all: null rate, empty distribution.
    let carol = &g["Carol"];
    assert_null_rate(carol, "surveys.csat_rate");
    assert_empty_dist(carol, "surveys.csat_score");
    assert_nps(carol, "surveys.nps", 1, 0, 0);
    assert_dist(carol, "surveys.ces_score", dist(1, 5.0, 5.0, 5.0, 5.0));
    // Dave: S18 2; S19 is after the period. No NPS: null value and interval.
    let dave = &g["Dave"];
    assert_rate(dave, "surveys.csat_rate", 0, 1);
    assert_nps(dave, "surveys.nps", 0, 0, 0);
    assert!(dave.get("tickets.created").is_none());
    // (none): S10 names a ticket that is not loaded.
    assert_nps(&g["(none)"], "surveys.nps", 0, 0, 1);
    close(&g["(none)"]["surveys.nps"]["value"], -100.0, "(none) nps");

    // Per-agent responses add up to the total.
    let sum = |id: &str, key: &str| -> u64 {
        g.as_object()
            .unwrap()
            .values()
            .map(|m| m[id][key].as_u64().unwrap())
            .sum()
    };
    assert_eq!(sum("surveys.csat_rate", "denominator"), 5);
    assert_eq!(sum("surveys.nps", "count"), 5);
    assert_eq!(sum("surveys.ces_score", "count"), 3);
}

#[test]
fn long_form_weekly_trend() {
    let r = long_report();
    let buckets = r["trend"]["buckets"].as_array().unwrap();
    // Weeks from Monday, cut to March: [1, 2), [2, 9), [9, 16), [16, 23), [23, 30), [30, 1 April).
    assert_eq!(buckets.len(), 6);
    let col = |id: &str, key: &str| -> Vec<u64> {
        buckets
            .iter()
            .map(|b| b["metrics"][id][key].as_u64().unwrap())
            .collect()
    };
    // CSAT: S1 | S2 S3 | S4 | - | - | S18.
    assert_eq!(col("surveys.csat_rate", "denominator"), [1, 2, 1, 0, 0, 1]);
    assert_eq!(col("surveys.csat_rate", "numerator"), [1, 1, 0, 0, 0, 0]);
    // NPS: S6 S7 S8 in the third week, S9 S10 in the fourth.
    assert_eq!(col("surveys.nps", "count"), [0, 0, 3, 2, 0, 0]);
    assert_nps(&buckets[2]["metrics"], "surveys.nps", 2, 1, 0);
    assert_nps(&buckets[3]["metrics"], "surveys.nps", 0, 1, 1);
    close(
        &buckets[3]["metrics"]["surveys.nps"]["value"],
        -50.0,
        "week 4 nps",
    );
    // CES: S12 (20 March) | S13 S14.
    assert_eq!(col("surveys.ces_score", "count"), [0, 0, 0, 1, 2, 0]);
    assert_null_rate(&buckets[3]["metrics"], "surveys.csat_rate");
    assert_rate(&buckets[4]["metrics"], "surveys.ces_easy_rate", 1, 2);
}

#[test]
fn without_tickets_only_own_agents_and_no_unknown_tickets() {
    let r = run(LONG_CONFIG, vec![long()]);
    assert_eq!(r["issues"]["counts"], json!({"out_of_range": 5}));
    let g = &r["groups"]["agent"];
    // (none): S1 5 and S3 3; S6 10, S7 9, S9 7, S10 0; S12 7, S13 4.
    assert_rate(&g["(none)"], "surveys.csat_rate", 1, 2);
    assert_nps(&g["(none)"], "surveys.nps", 2, 1, 1);
    assert_rate(&g["Alice"], "surveys.csat_rate", 0, 1);
    assert_rate(&g["Bob"], "surveys.csat_rate", 1, 1);
    assert_nps(&g["Bob"], "surveys.nps", 0, 1, 0);
    // The totals do not depend on attribution.
    assert_rate(&r["metrics"], "surveys.csat_rate", 2, 5);
    assert_nps(&r["metrics"], "surveys.nps", 2, 2, 1);
}

#[test]
fn wide_form_scale_10_and_ces_lower_is_easier() {
    let r = wide_report();
    // Default period: the first day with data to the day after the last.
    assert_eq!(r["period"]["start"], "2026-05-04T00:00:00+00:00");
    assert_eq!(r["period"]["end"], "2026-05-08T00:00:00+00:00");
    let m = &r["metrics"];
    // CSAT on 1..10: 10, 8, 9, 1 and the long-form 9 (row 7); 0 is out of range.
    // Satisfied ⇔ ≥ 9: 10, 9, 9.
    assert_rate(m, "surveys.csat_rate", 3, 5);
    // Sorted 1 8 9 9 10: p90 at rank 3.6: 9 + 0.6.
    assert_dist(m, "surveys.csat_score", dist(5, 37.0, 7.4, 9.0, 9.6));
    // NPS 9, 6, 10, 7: 100·(2 − 1)/4 = 25; ±1.96·100·sqrt((0.75 − 0.0625)/4) = ±81.26,
    // the upper end clamped to 100.
    assert_nps(m, "surveys.nps", 2, 1, 1);
    close(&m["surveys.nps"]["ci95"][1], 100.0, "nps hi");
    // CES on 1..5, lower is easier: ease = 6 − score, easy ⇔ ease > 3 ⇔ score 1 or 2.
    // Scores 1, 2, 3, 5 (6 is out of range). p90 at rank 2.7: 3 + 0.7·2.
    assert_dist(m, "surveys.ces_score", dist(4, 11.0, 2.75, 2.5, 4.4));
    assert_rate(m, "surveys.ces_easy_rate", 2, 4);

    assert_eq!(r["issues"]["counts"], json!({"out_of_range": 2}));
    let cells: Vec<(u64, &str)> = r["issues"]["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["column"].as_str().unwrap()))
        .collect();
    assert_eq!(cells, [(6, "csat"), (6, "ces")]);
}

#[test]
fn wide_form_groups_and_daily_trend() {
    let r = wide_report();
    let g = &r["groups"]["agent"];
    // Ann: CSAT 10, 8, 9; NPS 9; CES 1, 2.
    assert_rate(&g["Ann"], "surveys.csat_rate", 2, 3);
    assert_nps(&g["Ann"], "surveys.nps", 1, 0, 0);
    assert_rate(&g["Ann"], "surveys.ces_easy_rate", 2, 2);
    // Ben: CSAT 9; NPS 6, 10, 7; CES 3.
    assert_rate(&g["Ben"], "surveys.csat_rate", 1, 1);
    assert_nps(&g["Ben"], "surveys.nps", 1, 1, 1);
    assert_rate(&g["Ben"], "surveys.ces_easy_rate", 0, 1);
    // No agent: CSAT 1, CES 5, no NPS.
    assert_rate(&g["(none)"], "surveys.csat_rate", 0, 1);
    assert_nps(&g["(none)"], "surveys.nps", 0, 0, 0);
    assert_rate(&g["(none)"], "surveys.ces_easy_rate", 0, 1);

    let buckets = r["trend"]["buckets"].as_array().unwrap();
    assert_eq!(buckets.len(), 4);
    let b = |i: usize| &buckets[i]["metrics"];
    assert_rate(b(0), "surveys.csat_rate", 1, 2);
    assert_nps(b(1), "surveys.nps", 1, 0, 1);
    // 6 May: one passive only: NPS 0 with a zero-width interval.
    assert_nps(b(2), "surveys.nps", 0, 1, 0);
    assert_rate(b(3), "surveys.csat_rate", 1, 1);
    assert_nps(b(3), "surveys.nps", 0, 0, 0);
    assert_empty_dist(b(3), "surveys.ces_score");
    assert_null_rate(b(3), "surveys.ces_easy_rate");
}

#[test]
fn ticket_good_bad_ratings_stand_in_without_surveys() {
    let r = run(LONG_CONFIG, vec![tickets()]);
    let m = &r["metrics"];
    // Solved in March with a rating: T1 good, T2 bad, T7 "Good with comment", T8 bad
    // (solved 1 March 00:00). T3 has no solved_at, T4/T5 offered/unoffered, T6 none,
    // T10 is solved 1 April 00:00.
    assert_rate(m, "surveys.csat_rate", 2, 4);
    // Good/bad only: no score distribution, and no NPS or CES.
    for id in [
        "surveys.csat_score",
        "surveys.nps",
        "surveys.ces_score",
        "surveys.ces_easy_rate",
    ] {
        assert!(m.get(id).is_none(), "{id}");
    }
    assert_eq!(r["issues"]["counts"], json!({}));
    let g = &r["groups"]["agent"];
    assert_rate(&g["Alice"], "surveys.csat_rate", 2, 2);
    assert_rate(&g["Bob"], "surveys.csat_rate", 0, 2);
    // Carol's tickets carry no usable rating: she has ticket metrics only.
    assert!(g["Carol"].get("surveys.csat_rate").is_none());
    assert!(g["Carol"].get("tickets.created").is_some());
    // By week of solved_at: T1 T8 | T2 | T7.
    let buckets = r["trend"]["buckets"].as_array().unwrap();
    assert_rate(&buckets[0]["metrics"], "surveys.csat_rate", 1, 2);
    assert_rate(&buckets[1]["metrics"], "surveys.csat_rate", 0, 1);
    assert_rate(&buckets[2]["metrics"], "surveys.csat_rate", 1, 1);
    assert_null_rate(&buckets[5]["metrics"], "surveys.csat_rate");
}

#[test]
fn ticket_numeric_ratings_stand_in_without_surveys() {
    let numeric = file(
        TableKind::Tickets,
        "surveys_tickets_numeric.csv",
        include_bytes!("data/surveys_tickets_numeric.csv"),
    );
    let r = run(LONG_CONFIG, vec![numeric]);
    let m = &r["metrics"];
    // N1 5, N2 3, N3 4 in March; N4's 7 and N5's "meh" are not on 1..5; N6 is April.
    assert_rate(m, "surveys.csat_rate", 2, 3);
    assert_dist(m, "surveys.csat_score", dist(3, 12.0, 4.0, 4.0, 4.8));
    assert_eq!(r["issues"]["counts"], json!({"out_of_range": 2}));
    let cells: Vec<(u64, &str, &str)> = r["issues"]["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_str().unwrap(),
                e["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [(5, "satisfaction", "7"), (6, "satisfaction", "meh")]
    );
}

#[test]
fn survey_file_with_good_bad_ratings() {
    // Detected from its headers, no kind given. Score cells are words: read
    // as tickets' satisfaction is, so no bad_number from the loader.
    let bytes = include_bytes!("data/surveys_good_bad.csv");
    let f = load("surveys_good_bad.csv", bytes, LoadOptions::default()).unwrap();
    assert_eq!(f.info.kind, TableKind::Surveys);
    assert_eq!((f.info.rows, f.info.skipped), (11, 0));
    assert_eq!(f.issues.total(), 0);
    let r = run(
        r#"{"period": {"start": "2026-03-01", "end": "2026-04-01"}, "group_by": ["agent"]}"#,
        vec![f],
    );
    let m = &r["metrics"];
    // CSAT: R1 good, R2 bad, R3 good, R6 bad, R7 good, R10 4 (≥ 4 of 5:
    // satisfied); R4 Offered and R5 Unoffered are no answer; R11 "meh" is
    // out of range.
    assert_rate(m, "surveys.csat_rate", 4, 6);
    // Only R10 is a number.
    assert_dist(m, "surveys.csat_score", dist(1, 4.0, 4.0, 4.0, 4.0));
    // NPS: R8 9, a promoter; R9's "Good" is no NPS score.
    assert_nps(m, "surveys.nps", 1, 0, 0);
    assert_eq!(r["issues"]["counts"], json!({"out_of_range": 2}));
    let cells: Vec<(u64, &str, &str)> = r["issues"]["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap();
            (e["line"].as_u64().unwrap(), s("column"), s("value"))
        })
        .collect();
    assert_eq!(cells, [(10, "score", "Good"), (12, "score", "meh")]);
    let g = &r["groups"]["agent"];
    // Alice: R1, R3, R7 good; Bob: R2 and R6 bad, R10 satisfied.
    assert_rate(&g["Alice"], "surveys.csat_rate", 3, 3);
    assert_rate(&g["Bob"], "surveys.csat_rate", 1, 3);
}

#[test]
fn wide_csat_column_with_words_and_numbers() {
    // Localized words and a number in one `csat` column.
    let csv = "id,submitted_at,csat\nA,2026-03-02,Good\nB,2026-03-02,Dålig\nC,2026-03-03,5\nD,2026-03-03,Offered\n";
    let f = load("w.csv", csv.as_bytes(), LoadOptions::default()).unwrap();
    let r = run(
        r#"{"period": {"start": "2026-03-01", "end": "2026-04-01"}}"#,
        vec![f],
    );
    assert_rate(&r["metrics"], "surveys.csat_rate", 2, 3);
    assert_dist(
        &r["metrics"],
        "surveys.csat_score",
        dist(1, 5.0, 5.0, 5.0, 5.0),
    );
    assert_eq!(r["issues"]["counts"], json!({}));
}
