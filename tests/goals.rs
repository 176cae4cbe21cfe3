//! Goals over `data/tickets_basic.csv` (see tests/kpi_tickets.rs for the rows).
//! Baseline 1–16 March, work from 16 March to a 16 April deadline, period ends
//! 1 April: elapsed = 16 / 31 days.

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions};
use serde_json::{json, Value};

fn goals_report(goals: Value) -> Result<Value, String> {
    goals_report_with(goals, Value::Null)
}

/// The same, with a trend of `granularity` (`null`: none).
fn goals_report_with(goals: Value, granularity: Value) -> Result<Value, String> {
    let mut config =
        json!({"period": {"start": "2026-03-01", "end": "2026-04-01"}, "goals": goals});
    if !granularity.is_null() {
        config["granularity"] = granularity;
    }
    let config = Config::from_json(&config.to_string()).map_err(|e| e.to_string())?;
    let file = load(
        "t.csv",
        include_bytes!("data/tickets_basic.csv"),
        LoadOptions::default(),
    )
    .unwrap();
    let mut data = Dataset::new();
    data.add(file).unwrap();
    let r = report(&data, &config).map_err(|e| e.to_string())?;
    Ok(serde_json::to_value(r).unwrap()["goals"].clone())
}

fn goal(id: &str, metric: &str, target: Value, parent: &str) -> Value {
    json!({"id": id, "metric": metric, "target": target, "parent": parent,
           "baseline": {"start": "2026-03-01", "end": "2026-03-16"},
           "start": "2026-03-16", "deadline": "2026-04-16"})
}

#[test]
fn outcomes_and_roll_up() {
    let mut b = goal(
        "alice-frt",
        "tickets.first_response_seconds.median",
        json!({"absolute": 600}),
        "vision",
    );
    b["filter"] = json!({"agent": "Alice"});
    let goals = goals_report(json!([
        {"id": "vision", "name": "Happy customers"},
        {"id": "dept", "parent": "vision"},
        goal("fewer", "tickets.created", json!({"relative": -0.5}), "vision"),
        b,
        goal("fcr", "tickets.fcr_rate", json!({"absolute": 0.9}), "dept"),
        goal("double", "tickets.created", json!({"relative": 1.0}), "vision"),
    ]))
    .unwrap();
    let elapsed = 16.0 / 31.0;
    // Created 1–16 March: T1 T2 T3 T4 T5 T9 = 6; target 3; since 16 March: T6 T8 = 2.
    let fewer = &goals[2];
    assert_eq!(fewer["baseline"], 6.0);
    assert_eq!(fewer["target"], 3.0);
    assert_eq!(fewer["current"], 2.0);
    assert!((fewer["progress"].as_f64().unwrap() - 4.0 / 3.0).abs() < 1e-12);
    assert!((fewer["elapsed"].as_f64().unwrap() - elapsed).abs() < 1e-12);
    assert_eq!(fewer["status"], "achieved");
    // Alice: T1 1800 and T3 237600 before; nothing created since.
    assert_eq!(goals[3]["baseline"], 119_700.0);
    assert_eq!(goals[3]["current"], Value::Null);
    assert_eq!(goals[3]["status"], "no_data");
    // FCR before: T2 T3 T5 of T1 T2 T3 T4 T5 T9 = 0.5; since: T6 = 1.0.
    assert_eq!(goals[4]["baseline"], 0.5);
    assert_eq!(goals[4]["current"], 1.0);
    assert!((goals[4]["progress"].as_f64().unwrap() - 1.25).abs() < 1e-12);
    assert_eq!(goals[4]["status"], "achieved");
    // Double 6 to 12 but 2: progress (2 - 6) / 6 below elapsed.
    assert!((goals[5]["progress"].as_f64().unwrap() + 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(goals[5]["status"], "behind");
    // dept's only child is achieved; vision takes its worst child: behind.
    assert_eq!(goals[1]["status"], "achieved");
    assert_eq!(goals[0]["status"], "behind");
    assert_eq!(goals[0]["id"], "vision");
}

#[test]
fn goal_errors_name_the_field() {
    let e = goals_report(json!([goal(
        "a",
        "tickets.handle_seconds",
        json!({"absolute": 1}),
        "nobody"
    )]))
    .unwrap_err();
    assert!(e.starts_with("config field \"goals[0].parent\""), "{e}");
    let mut g = goal("a", "tickets.handle_seconds", json!({"absolute": 1}), "x");
    g.as_object_mut().unwrap().remove("parent");
    let e = goals_report(json!([g])).unwrap_err();
    assert!(
        e.starts_with("config field \"goals[0].metric\": tickets.handle_seconds is a distribution"),
        "{e}"
    );
    let e =
        goals_report(json!([{"id": "a", "parent": "b"}, {"id": "b", "parent": "a"}])).unwrap_err();
    assert!(e.contains("cycle"), "{e}");
}

#[test]
fn series_follow_the_trend_buckets_under_the_filter() {
    let mut alice = goal(
        "alice-frt",
        "tickets.first_response_seconds.median",
        json!({"absolute": 600}),
        "x",
    );
    alice["filter"] = json!({"agent": "Alice"});
    let mut bob = goal("bob", "tickets.created", json!({"absolute": 1}), "x");
    bob["filter"] = json!({"agent": "Bob"});
    let all = goal("all", "tickets.created", json!({"absolute": 1}), "x");
    let goals = goals_report_with(json!([{"id": "x"}, alice, bob, all]), json!("week")).unwrap();
    // ISO weeks cut to March 2026 (1 March is a Sunday): 1, 2–8, 9–15, 16–22, 23–29, 30–31.
    // Alice: T1 (2 March, 1800 s) and T3 (6 March, 237600 s) in the second week.
    assert_eq!(
        goals[1]["series"],
        json!([null, 119_700.0, null, null, null, null])
    );
    // Bob: T2 (2 March), T9 (5 March), T4 (10 March).
    assert_eq!(goals[2]["series"], json!([0.0, 2.0, 1.0, 0.0, 0.0, 0.0]));
    // Everyone: T1 T2 T9 T3; T4 T5; T6; none; T8.
    assert_eq!(goals[3]["series"], json!([0.0, 4.0, 2.0, 1.0, 0.0, 1.0]));
    // A goal without a metric has no series; without a trend no goal has one.
    assert!(goals[0].get("series").is_none());
    let mut lone = goal("all", "tickets.created", json!({"absolute": 1}), "");
    lone.as_object_mut().unwrap().remove("parent");
    let plain = goals_report(json!([lone])).unwrap();
    assert!(plain[0].get("series").is_none());
}
