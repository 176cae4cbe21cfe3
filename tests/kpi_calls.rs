//! Call and contact KPIs on small fixtures, every expected value computed by
//! hand (the working is in the comments).
//!
//! `data/calls_basic.csv`, March 2026 in UTC, service level 20 s, short
//! abandons below 5 s, repeat window 7 days. Per call in the period:
//!
//! | call | outcome | wait | handle | notes |
//! |---|---|---|---|---|
//! | C11 | abandoned | 60 | | 1 March 00:00, the period's first second |
//! | C1 | answered | 10 | 330 | K1 calls again 30 min later (C2): a repeat |
//! | C2 | answered | 30 | 330 | transferred; K1's next offered call is C14, 23 days on |
//! | C3 | short abandon | 3 | | not offered; K1, so it is not C2's repeat either |
//! | C4 | abandoned | 45 | | |
//! | C5 | outbound, connected | | 150 | only in handle time |
//! | C6 | answered | 20 | 660 | K2's C9 follows exactly 7 days later: a repeat |
//! | C7 | answered | 15 | | no talk, hold or wrap: left out of handle; no customer |
//! | C9 | answered | 5 | 100 | |
//! | C8 | answered | 25 | 300 | direction empty: inbound |
//! | C13 | answered | (−30) | 90 | answered_at before started_at: an issue, wait unknown |
//! | C14 | answered | 12 | 80 | wait from answered_at; transferred; C10 (1 April) repeats it |
//! | C15 | outbound, not connected | | | K6 after C13, but outbound calls are no repeats |
//! | C16 | answered | 8 | 180 | abandoned empty: derived from answered_at |
//! | C17 | answered | 40 | | talk −30: an issue, left out of handle and talk |
//! | C18 | abandoned | 10 | | 31 March 23:59:59; abandoned and wait derived (ended_at) |
//!
//! C10 (1 April 00:00) and C12 (28 February) are outside the period.

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions, LoadedFile, TableKind};
use serde_json::{json, Value};

mod common;
use common::*;

fn load_as(kind: TableKind, name: &str, bytes: &[u8], config: &Config) -> LoadedFile {
    let options = LoadOptions {
        kind: Some(kind),
        time_zone: config.time_zone,
        ..LoadOptions::default()
    };
    load(name, bytes, options).unwrap()
}

/// The report of `files` under `config`, as JSON.
fn report_of(files: Vec<LoadedFile>, config: &Config) -> Value {
    let mut data = Dataset::new();
    for file in files {
        data.add(file).unwrap();
    }
    serde_json::to_value(report(&data, config).unwrap()).unwrap()
}

/// The report of calls file `bytes` under `config` (JSON text).
fn calls_report(name: &str, bytes: &[u8], config: &str) -> Value {
    let config = Config::from_json(config).unwrap();
    let file = load_as(TableKind::Calls, name, bytes, &config);
    report_of(vec![file], &config)
}

fn basic_report() -> Value {
    calls_report(
        "calls_basic.csv",
        include_bytes!("data/calls_basic.csv"),
        include_str!("data/calls_basic.config.json"),
    )
}

/// The metric ids of `metrics` that start with `prefix`.
fn ids<'a>(metrics: &'a Value, prefix: &str) -> Vec<&'a str> {
    metrics
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| k.starts_with(prefix))
        .collect()
}

#[test]
fn whole_period() {
    let r = basic_report();
    assert_eq!(
        r["period"],
        json!({"start": "2026-03-01T00:00:00+00:00", "end": "2026-04-01T00:00:00+00:00", "time_zone": "UTC"})
    );
    let m = &r["metrics"];
    // Inbound in March: 14 calls (C5 and C15 are outbound), less the short abandon C3.
    assert_eq!(m["calls.offered"], json!({"value": 13}));
    // C1 C2 C6 C7 C8 C9 C13 C14 C16 C17; the other three offered (C4 C11 C18) abandoned.
    assert_eq!(m["calls.answered"], json!({"value": 10}));
    assert_rate(m, "calls.abandonment_rate", 3, 13);
    // Waits ≤ 20 s: C1 10, C6 20, C7 15, C9 5, C14 12, C16 8; C13's wait is unknown.
    assert_rate(m, "calls.service_level", 6, 13);
    // 5 8 10 12 15 20 25 30 40: p90 at rank 7.2 = 30 + 0.2 · 10.
    assert_dist(
        m,
        "calls.speed_of_answer_seconds",
        dist(9, 165.0, 165.0 / 9.0, 15.0, 32.0),
    );
    // 80 90 100 150 180 300 330 330 660 (C5 outbound included): p90 = 330 + 0.2 · 330.
    assert_dist(
        m,
        "calls.handle_seconds",
        dist(9, 2220.0, 2220.0 / 9.0, 180.0, 396.0),
    );
    // Talk of answered calls: 60 90 100 180 200 240 300 600 (C17's −30 left out).
    assert_dist(
        m,
        "calls.talk_seconds",
        dist(8, 1770.0, 221.25, 190.0, 390.0),
    );
    // Hold: C1 30, C6 60, C8 0, C17 10 (C17's hold is fine, only its talk is not).
    assert_dist(m, "calls.hold_seconds", dist(4, 100.0, 25.0, 20.0, 51.0));
    // Wrap: C1 60, C2 30, C6 0, C8 100, C14 20, C17 50.
    assert_dist(
        m,
        "calls.wrap_seconds",
        dist(6, 260.0, 260.0 / 6.0, 40.0, 80.0),
    );
    // C2 and C14 of 10 answered (C7's empty cell is not a transfer).
    assert_rate(m, "calls.transfer_rate", 2, 10);
    // Answered with a customer: all but C7 (9); C1, C6, C14 were repeated within 7 days.
    assert_rate(m, "calls.fcr_rate", 6, 9);
    // Without tickets the pooled handle time is the calls' handle time.
    assert_eq!(m["contacts.handle_seconds"], m["calls.handle_seconds"]);
    assert_eq!(
        ids(m, ""),
        [
            "calls.abandonment_rate",
            "calls.answered",
            "calls.fcr_rate",
            "calls.handle_seconds",
            "calls.hold_seconds",
            "calls.offered",
            "calls.service_level",
            "calls.speed_of_answer_seconds",
            "calls.talk_seconds",
            "calls.transfer_rate",
            "calls.wrap_seconds",
            "contacts.handle_seconds",
        ]
    );
}

#[test]
fn negative_durations_are_issues() {
    let r = basic_report();
    assert_eq!(r["issues"]["counts"], json!({"negative_duration": 2}));
    let mut places: Vec<(u64, &str)> = r["issues"]["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["column"].as_str().unwrap()))
        .collect();
    places.sort();
    // C13 on line 14 (derived wait), C17 on line 18 (given talk); each once.
    assert_eq!(places, [(14, "answered_at"), (18, "talk_seconds")]);
}

#[test]
fn groups_by_agent_and_queue() {
    let r = basic_report();
    let g = &r["groups"]["agent"];
    let names: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(names, ["(none)", "Alice", "Bob", "Carol"]);
    // Alice: C1 C11 C13 offered, C5 outbound; C10 and C12 are outside the period.
    assert_eq!(g["Alice"]["calls.offered"], json!({"value": 3}));
    assert_eq!(g["Alice"]["calls.answered"], json!({"value": 2}));
    assert_rate(&g["Alice"], "calls.abandonment_rate", 1, 3);
    assert_rate(&g["Alice"], "calls.service_level", 1, 3);
    // C1 330, C5 150, C13 90.
    assert_dist(
        &g["Alice"],
        "calls.handle_seconds",
        dist(3, 570.0, 190.0, 150.0, 294.0),
    );
    // Bob: C2 C6 C9 C14 C17, all answered; within 20 s: C6 C9 C14.
    assert_eq!(g["Bob"]["calls.offered"], json!({"value": 5}));
    assert_rate(&g["Bob"], "calls.service_level", 3, 5);
    assert_rate(&g["Bob"], "calls.transfer_rate", 2, 5);
    // Carol: C7 C8 C16 (C15 is outbound).
    assert_eq!(g["Carol"]["calls.offered"], json!({"value": 3}));
    // No agent: C4 and C18 abandoned (C3 a short abandon).
    let none = &g["(none)"];
    assert_eq!(none["calls.offered"], json!({"value": 2}));
    assert_eq!(none["calls.answered"], json!({"value": 0}));
    assert_rate(none, "calls.abandonment_rate", 2, 2);
    assert_rate(none, "calls.service_level", 0, 2);
    // Nothing answered: empty denominators and distributions.
    assert_null_rate(none, "calls.transfer_rate");
    assert_null_rate(none, "calls.fcr_rate");
    assert_dist(
        none,
        "calls.speed_of_answer_seconds",
        json!({"count": 0, "sum": 0.0, "mean": null, "median": null, "p90": null}),
    );
    let q = &r["groups"]["queue"];
    // sales: C1 C7 C8 C11 C13 C16; support: C2 C4 C6 C9 C14 C17 C18.
    assert_eq!(q["sales"]["calls.offered"], json!({"value": 6}));
    assert_eq!(q["support"]["calls.offered"], json!({"value": 7}));
    assert_eq!(q["sales"]["calls.answered"], json!({"value": 5}));
    assert_eq!(q["support"]["calls.answered"], json!({"value": 5}));
}

#[test]
fn weekly_trend() {
    let r = basic_report();
    let buckets = r["trend"]["buckets"].as_array().unwrap();
    let count = |id: &str| -> Vec<u64> {
        buckets
            .iter()
            .map(|b| b["metrics"][id]["value"].as_u64().unwrap())
            .collect()
    };
    // 1 March (Sunday): C11. 2–8: C1 C2 C4 C6 (C3 short, C5 outbound). 9–15: C7 C9.
    // 16–22: C8 C13. 23–29: C14 C16. 30–31: C17 C18.
    assert_eq!(count("calls.offered"), [1, 4, 2, 2, 2, 2]);
    assert_eq!(count("calls.answered"), [0, 3, 2, 2, 2, 1]);
    assert_eq!(buckets[5]["end"], "2026-04-01T00:00:00+00:00");
    // Week of 2 March: C1 330, C2 330, C5 150, C6 660.
    let week = &buckets[1]["metrics"];
    assert_dist(
        week,
        "calls.handle_seconds",
        dist(4, 1470.0, 367.5, 330.0, 561.0),
    );
    assert_rate(week, "calls.service_level", 2, 4);
    // 1 March: the abandoned C11 only.
    assert_rate(&buckets[0]["metrics"], "calls.abandonment_rate", 1, 1);
    assert_null_rate(&buckets[0]["metrics"], "calls.transfer_rate");
}

#[test]
fn short_abandons_follow_the_config() {
    let config = |short: u32| {
        format!(
            r#"{{"period": {{"start": "2026-03-01", "end": "2026-04-01"}}, "short_abandon_seconds": {short}}}"#
        )
    };
    let bytes = include_bytes!("data/calls_basic.csv");
    // Default 0: nothing is short, C3 is offered and abandoned.
    let r = calls_report("calls_basic.csv", bytes, &config(0));
    assert_eq!(r["metrics"]["calls.offered"], json!({"value": 14}));
    assert_rate(&r["metrics"], "calls.abandonment_rate", 4, 14);
    // 46 s: C3 (3), C18 (10) and C4 (45) are short; C11 (60) is the one abandon left.
    let r = calls_report("calls_basic.csv", bytes, &config(46));
    assert_eq!(r["metrics"]["calls.offered"], json!({"value": 11}));
    assert_rate(&r["metrics"], "calls.abandonment_rate", 1, 11);
    // Answered calls are never short abandons, however short their wait.
    assert_eq!(r["metrics"]["calls.answered"], json!({"value": 10}));
}

/// `calls_no_abandoned.csv`: no `abandoned` and no `wait_seconds` column.
/// Short abandons below 10 s. On 4 May: A1 answered (wait 12), A2 abandoned
/// after 8 s (short), A3 abandoned after 40 s, A4 answered (25), A5 abandoned
/// with no ended_at (wait unknown: not short), A8 answered before it started
/// (an issue). On 5 May only outbound calls: A6 connected (talk 115), A7 not.
#[test]
fn derived_from_answered_at_and_ended_at() {
    let r = calls_report(
        "calls_no_abandoned.csv",
        include_bytes!("data/calls_no_abandoned.csv"),
        r#"{"period": {"start": "2026-05-04", "end": "2026-05-06"}, "granularity": "day",
            "short_abandon_seconds": 10}"#,
    );
    let m = &r["metrics"];
    assert_eq!(m["calls.offered"], json!({"value": 5}));
    assert_eq!(m["calls.answered"], json!({"value": 3}));
    assert_rate(m, "calls.abandonment_rate", 2, 5);
    assert_rate(m, "calls.service_level", 1, 5);
    // 12 and 25.
    assert_dist(
        m,
        "calls.speed_of_answer_seconds",
        dist(2, 37.0, 18.5, 18.5, 23.7),
    );
    // A8 60, A6 115 (outbound), A4 150, A1 276: p90 at rank 2.7 = 150 + 0.7 · 126.
    assert_dist(
        m,
        "calls.handle_seconds",
        dist(4, 601.0, 150.25, 132.5, 238.2),
    );
    assert_dist(m, "calls.talk_seconds", dist(3, 486.0, 162.0, 150.0, 250.8));
    // No columns for these.
    for id in [
        "calls.hold_seconds",
        "calls.wrap_seconds",
        "calls.transfer_rate",
        "calls.fcr_rate",
    ] {
        assert!(m.get(id).is_none(), "{id}");
    }
    assert_eq!(r["issues"]["counts"], json!({"negative_duration": 1}));
    assert_eq!(r["issues"]["examples"][0]["line"], 9);
    assert_eq!(r["issues"]["examples"][0]["column"], "answered_at");

    // 5 May: nothing offered, so every rate is empty; the outbound call still has handle time.
    let day = &r["trend"]["buckets"][1]["metrics"];
    assert_eq!(day["calls.offered"], json!({"value": 0}));
    assert_null_rate(day, "calls.abandonment_rate");
    assert_null_rate(day, "calls.service_level");
    assert_dist(
        day,
        "calls.handle_seconds",
        dist(1, 115.0, 115.0, 115.0, 115.0),
    );
    assert_dist(
        day,
        "calls.talk_seconds",
        json!({"count": 0, "sum": 0.0, "mean": null, "median": null, "p90": null}),
    );
}

/// `calls_talk_only.csv`: no `abandoned`, no `answered_at`: a call is
/// abandoned iff its talk time is 0 or empty. B1 (wait 5, talk 100), B4 (50,
/// 200) and B5 (wait empty and not derivable, 30) answered; B2 (talk 0) and B3
/// (talk empty) abandoned.
#[test]
fn derived_from_talk_seconds() {
    let r = calls_report(
        "calls_talk_only.csv",
        include_bytes!("data/calls_talk_only.csv"),
        r#"{"period": {"start": "2026-05-04", "end": "2026-05-05"}, "group_by": ["agent"]}"#,
    );
    let m = &r["metrics"];
    assert_eq!(m["calls.offered"], json!({"value": 5}));
    assert_eq!(m["calls.answered"], json!({"value": 3}));
    assert_rate(m, "calls.abandonment_rate", 2, 5);
    assert_rate(m, "calls.service_level", 1, 5);
    assert_dist(
        m,
        "calls.speed_of_answer_seconds",
        dist(2, 55.0, 27.5, 27.5, 45.5),
    );
    assert_dist(
        m,
        "calls.handle_seconds",
        dist(3, 330.0, 110.0, 100.0, 180.0),
    );
    assert_eq!(
        r["groups"]["agent"]["Ann"]["calls.answered"],
        json!({"value": 1})
    );
    assert_eq!(
        r["groups"]["agent"]["Ben"]["calls.answered"],
        json!({"value": 2})
    );
}

/// `calls_minimal.csv`: only id, started_at, agent, direction. M3's
/// `callback` is no direction: an issue, counted as inbound. M4 is outbound.
#[test]
fn without_outcome_columns_only_offered_is_reported() {
    let r = calls_report(
        "calls_minimal.csv",
        include_bytes!("data/calls_minimal.csv"),
        r#"{"group_by": ["agent", "channel"]}"#,
    );
    assert_eq!(r["metrics"], json!({"calls.offered": {"value": 3}}));
    assert_eq!(
        r["groups"]["agent"]["Ben"],
        json!({"calls.offered": {"value": 1}})
    );
    // The calls table has no channel column, and there is no handle time to pool.
    assert_eq!(r["groups"]["channel"], json!({}));
    assert_eq!(r["issues"]["counts"], json!({"out_of_range": 1}));
    let issue = &r["issues"]["examples"][0];
    assert_eq!(
        (issue["line"].as_u64(), issue["value"].as_str()),
        (Some(4), Some("callback"))
    );
}

/// `calls_dst.csv` in Europe/Stockholm, 28–30 March 2026; clocks go from
/// 02:00 to 03:00 on 29 March, so that day has 23 hours. Local times:
/// D1 28th 23:30 (wait 10); D2 29th 01:59:50, answered 03:00:10 — 20 s later,
/// not 1 h 20 s; D3 29th 23:30 (30); D4 given in UTC, 29th 22:10Z = 30th 00:10
/// local (5); D7 30th 12:00 abandoned (no answered_at). D5 (27th 23:59:59) and
/// D6 (31st 00:00) are outside the period.
#[test]
fn dst_day_in_local_time() {
    let r = calls_report(
        "calls_dst.csv",
        include_bytes!("data/calls_dst.csv"),
        r#"{"time_zone": "Europe/Stockholm", "period": {"start": "2026-03-28", "end": "2026-03-31"},
            "granularity": "day"}"#,
    );
    assert_eq!(r["period"]["start"], "2026-03-28T00:00:00+01:00");
    assert_eq!(r["period"]["end"], "2026-03-31T00:00:00+02:00");
    let m = &r["metrics"];
    assert_eq!(m["calls.offered"], json!({"value": 5}));
    assert_eq!(m["calls.answered"], json!({"value": 4}));
    // D1 10, D2 20 (equal to the target: within), D4 5; D3 30 is not.
    assert_rate(m, "calls.service_level", 3, 5);
    assert_dist(
        m,
        "calls.speed_of_answer_seconds",
        dist(4, 65.0, 16.25, 15.0, 27.0),
    );
    let buckets = r["trend"]["buckets"].as_array().unwrap();
    let bounds: Vec<(&str, &str)> = buckets
        .iter()
        .map(|b| (b["start"].as_str().unwrap(), b["end"].as_str().unwrap()))
        .collect();
    assert_eq!(
        bounds,
        [
            ("2026-03-28T00:00:00+01:00", "2026-03-29T00:00:00+01:00"),
            ("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"),
            ("2026-03-30T00:00:00+02:00", "2026-03-31T00:00:00+02:00"),
        ]
    );
    let offered: Vec<u64> = buckets
        .iter()
        .map(|b| b["metrics"]["calls.offered"]["value"].as_u64().unwrap())
        .collect();
    assert_eq!(offered, [1, 2, 2]);
    assert_dist(
        &buckets[1]["metrics"],
        "calls.speed_of_answer_seconds",
        dist(2, 50.0, 25.0, 25.0, 29.0),
    );
    assert_rate(&buckets[2]["metrics"], "calls.abandonment_rate", 1, 2);
    assert_eq!(r["issues"]["counts"], json!({}));
}

/// Tickets and calls of 1–7 June 2026 (UTC).
fn contacts_report(config: &str) -> Value {
    let config = Config::from_json(config).unwrap();
    let tickets = load_as(
        TableKind::Tickets,
        "contacts_tickets.csv",
        include_bytes!("data/contacts_tickets.csv"),
        &config,
    );
    let calls = load_as(
        TableKind::Calls,
        "contacts_calls.csv",
        include_bytes!("data/contacts_calls.csv"),
        &config,
    );
    report_of(vec![tickets, calls], &config)
}

const CONTACTS_CONFIG: &str = r#"{"period": {"start": "2026-06-01", "end": "2026-06-08"},
    "group_by": ["channel", "agent", "team", "queue"]}"#;

/// Ticket handle times in the period: T1 300 (email), T2 200 (phone), T3
/// unknown (chat), T4 100 (no channel, no team), T6 500 (email); T5 is 9 June.
/// Calls: P1 150 (inbound), P2 abandoned, P3 450 (outbound, connected), P4
/// 250 (no queue); P5 is 31 May.
#[test]
fn contacts_pool_tickets_and_calls() {
    let r = contacts_report(CONTACTS_CONFIG);
    let m = &r["metrics"];
    assert_dist(
        m,
        "tickets.handle_seconds",
        dist(4, 1100.0, 275.0, 250.0, 440.0),
    );
    assert_dist(
        m,
        "calls.handle_seconds",
        dist(3, 850.0, 850.0 / 3.0, 250.0, 410.0),
    );
    // 100 150 200 250 300 450 500: p90 at rank 5.4 = 450 + 0.4 · 50.
    assert_dist(
        m,
        "contacts.handle_seconds",
        dist(7, 1950.0, 1950.0 / 7.0, 250.0, 470.0),
    );
    assert_eq!(ids(m, "contacts."), ["contacts.handle_seconds"]);
}

#[test]
fn contacts_by_channel_is_the_time_with_customer_table() {
    let r = contacts_report(CONTACTS_CONFIG);
    let g = &r["groups"]["channel"];
    let names: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(names, ["(none)", "chat", "email", "phone"]);
    let id = "contacts.handle_seconds";
    assert_dist(&g["email"], id, dist(2, 800.0, 400.0, 400.0, 480.0));
    // The phone ticket T2 200 and the calls P1 150, P3 450, P4 250.
    assert_dist(&g["phone"], id, dist(4, 1050.0, 262.5, 225.0, 390.0));
    assert_dist(&g["(none)"], id, dist(1, 100.0, 100.0, 100.0, 100.0));
    // T3 was created in the period but has no handle time.
    assert_eq!(g["chat"][id]["count"], 0);
    // The calls family itself has no channel column.
    assert!(ids(&g["phone"], "calls.").is_empty());
    assert_eq!(g["phone"]["tickets.created"], json!({"value": 1}));
}

#[test]
fn contacts_by_columns_of_one_or_both_tables() {
    let r = contacts_report(CONTACTS_CONFIG);
    let id = "contacts.handle_seconds";
    let sum = |column: &str, value: &str| r["groups"][column][value][id]["sum"].as_f64().unwrap();
    let count =
        |column: &str, value: &str| r["groups"][column][value][id]["count"].as_u64().unwrap();
    // agent, in both tables: Alice T1 + P1, Bob T2 + T4 + P3, Carol T6, Dave P4.
    assert_eq!([sum("agent", "Alice"), sum("agent", "Bob")], [450.0, 750.0]);
    assert_eq!(
        [sum("agent", "Carol"), sum("agent", "Dave")],
        [500.0, 250.0]
    );
    // team, tickets only: calls take no part, not even under (none).
    assert_eq!(
        [
            count("team", "A"),
            count("team", "B"),
            count("team", "(none)")
        ],
        [1, 2, 1]
    );
    assert_eq!(sum("team", "(none)"), 100.0);
    // queue, calls only: P1; P2 and P3; P4 without a queue.
    assert_eq!(
        [
            count("queue", "sales"),
            count("queue", "support"),
            count("queue", "(none)")
        ],
        [1, 1, 1]
    );
    assert_eq!(sum("queue", "(none)"), 250.0);
    assert!(r["groups"]["queue"]["(none)"]
        .get("tickets.created")
        .is_none());
}

#[test]
fn contacts_goal_filter_on_a_calls_column() {
    let config = r#"{"period": {"start": "2026-06-01", "end": "2026-06-08"},
        "goals": [{"id": "support-time", "metric": "contacts.handle_seconds.sum",
                   "filter": {"queue": "support"}, "target": {"absolute": 300},
                   "baseline": {"start": "2026-06-01", "end": "2026-06-08"},
                   "start": "2026-06-01", "deadline": "2026-06-08"}]}"#;
    let r = contacts_report(config);
    // Only P3 (450) of the support queue has handle time; tickets have no queue.
    assert_eq!(r["goals"][0]["baseline"], 450.0);
    assert_eq!(r["goals"][0]["current"], 450.0);
}
