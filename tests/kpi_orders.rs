//! Order KPIs on `data/orders_basic.csv`, every expected value computed by
//! hand (the working is in the comments). Period: March to October 2026 in
//! Europe/Oslo (CET +01:00 until 29 March 02:00, then CEST +02:00 until 25
//! October 03:00), by month and by the extra column `store`.
//!
//! | id | cust | ordered_at (local) | amount | promised_at | delivered_at | on time | delivery s |
//! |----|------|--------------------|--------|-------------|--------------|---------|------------|
//! | O1 | A | 03-02 10:00 | 100 | 03-05 (date) | 03-05 18:00 | yes (before 03-06 00:00) | 288000 (3 d 8 h) |
//! | O2 | A | 03-10 09:00 |  50 | 03-12 12:00 | 03-12 12:00 | yes (equal) | 183600 (2 d 3 h) |
//! | O3 | B | 03-27 08:00 | 200 | 03-29 (date, 23 h DST day) | 03-29 23:30 | yes | 225000 (07:00Z → 21:30Z two days on) |
//! | O4 | B | 03-28 12:00 |  30 | 03-29 (date) | 03-30 00:30 | no: the day ends 03-29T22:00Z; promised + 24 h would wrongly allow it | 127800 (11:00Z → 22:30Z next day) |
//! | O5 | C | 03-31 20:00 |  80 | | 03-31 (date) | – | 0 (same-day, time unknown) |
//! | O6 |   | 03-15 12:00 |  40 | 03-20 10:00 | 03-19 (date) | yes | 302400 (3 d 12 h) |
//! | O7 | D | 03-20 10:00 |  60 | | 03-18 10:00 | – | negative: issue, left out |
//! | O8 | D | 10-23 09:00 |     | 10-25 (date, 25 h DST day) | 10-25 23:30 | yes: the day ends 10-25T23:00Z; promised + 24 h would wrongly refuse it | 228600 (07:00Z → 22:30Z two days on) |
//! | O9 | A | 11-01 00:00 | 999 | | | after the period | |
//! | O10 | E | 02-28 23:30 | 70 | | | before the period | |

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions, TableKind};
use serde_json::{json, Value};

mod common;
use common::*;

fn run(name: &str, bytes: &[u8], config: &str) -> Value {
    let config = Config::from_json(config).unwrap();
    let options = LoadOptions {
        kind: Some(TableKind::Orders),
        time_zone: config.time_zone,
        ..LoadOptions::default()
    };
    let mut data = Dataset::new();
    data.add(load(name, bytes, options).unwrap()).unwrap();
    serde_json::to_value(report(&data, &config).unwrap()).unwrap()
}

fn basic_report() -> Value {
    run(
        "orders_basic.csv",
        include_bytes!("data/orders_basic.csv"),
        include_str!("data/orders_basic.config.json"),
    )
}

/// A rate over nothing.
fn null_rate() -> Value {
    json!({"value": null, "numerator": 0, "denominator": 0, "ci95": null})
}

#[test]
fn whole_period() {
    let r = basic_report();
    assert_eq!(r["period"]["start"], "2026-03-01T00:00:00+01:00");
    assert_eq!(r["period"]["end"], "2026-11-01T00:00:00+01:00");
    let m = &r["metrics"];
    // O1..O8.
    assert_eq!(m["orders.count"], json!({"value": 8}));
    // 100 + 50 + 200 + 30 + 80 + 40 + 60; O8 has no amount.
    assert_value(m, "orders.revenue", 560.0);
    // Customers A B C D; O6 (40) names none: 520 / 4.
    assert_value(m, "orders.revenue_per_customer", 130.0);
    // Both dates: O1 O2 O3 O4 O6 O8; all but O4 on time.
    assert_rate(m, "orders.on_time_delivery_rate", 5, 6);
    // 0, 127800, 183600, 225000, 228600, 288000, 302400 (O7 negative, left out).
    // Sum 1355400; median the 4th; p90 rank 5.4 -> 288000 + 0.4 * 14400.
    assert_dist(
        m,
        "orders.delivery_seconds",
        [7.0, 1_355_400.0, 1_355_400.0 / 7.0, 225_000.0, 293_760.0],
    );
    // returned known for all but O4: O2 returned.
    assert_rate(m, "orders.return_rate", 1, 7);
    // cancelled known for all eight: O5.
    assert_rate(m, "orders.cancellation_rate", 1, 8);
    // invoice_error known for all but O4: O2 wrong.
    assert_rate(m, "orders.billing_accuracy_rate", 6, 7);
    // entry_error known for all but O4: O3 wrong.
    assert_rate(m, "orders.entry_accuracy_rate", 6, 7);
    // claim known for all but O4 and O5: O2 claimed.
    assert_rate(m, "orders.claim_free_rate", 5, 6);
    // A (O1 O2), B (O3 O4), D (O7 O8) twice; C once.
    assert_rate(m, "orders.repeat_purchase_rate", 3, 4);
}

#[test]
fn negative_delivery_is_one_issue() {
    let r = basic_report();
    assert_eq!(r["issues"]["counts"], json!({"negative_duration": 1}));
    let e = &r["issues"]["examples"][0];
    assert_eq!(e["file"], "orders_basic.csv");
    assert_eq!(e["line"], 8);
    assert_eq!(e["column"], "delivered_at");
    assert_eq!(e["value"], "-172800 s");
}

#[test]
fn monthly_buckets() {
    let r = basic_report();
    let buckets = r["trend"]["buckets"].as_array().unwrap();
    assert_eq!(buckets.len(), 8);
    assert_eq!(buckets[7]["start"], "2026-10-01T00:00:00+02:00");
    let march = &buckets[0]["metrics"];
    assert_eq!(march["orders.count"], json!({"value": 7}));
    // A and B twice; C and D (O7 only) once.
    assert_rate(march, "orders.repeat_purchase_rate", 2, 4);
    assert_rate(march, "orders.on_time_delivery_rate", 4, 5);

    // April: nothing. Empty denominators are null.
    let april = &buckets[1]["metrics"];
    assert_eq!(april["orders.count"], json!({"value": 0}));
    assert_eq!(april["orders.revenue"], json!({"value": 0.0}));
    assert_eq!(april["orders.revenue_per_customer"], json!({"value": null}));
    for id in [
        "orders.on_time_delivery_rate",
        "orders.return_rate",
        "orders.cancellation_rate",
        "orders.billing_accuracy_rate",
        "orders.entry_accuracy_rate",
        "orders.claim_free_rate",
        "orders.repeat_purchase_rate",
    ] {
        assert_eq!(april[id], null_rate(), "{id}");
    }
    assert_eq!(
        april["orders.delivery_seconds"],
        json!({"count": 0, "sum": 0.0, "mean": null, "median": null, "p90": null})
    );

    // October: O8, on time across the 25-hour day, no amount.
    let october = &buckets[7]["metrics"];
    assert_eq!(october["orders.count"], json!({"value": 1}));
    assert_rate(october, "orders.on_time_delivery_rate", 1, 1);
    assert_rate(october, "orders.repeat_purchase_rate", 0, 1);
    assert_value(october, "orders.revenue", 0.0);
}

#[test]
fn by_store() {
    let r = basic_report();
    let g = &r["groups"]["store"];
    let names: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(names, ["shop", "web"]);
    // web: O1 O2 O5 O7 O8: 100 + 50 + 80 + 60; customers A C D.
    let web = &g["web"];
    assert_eq!(web["orders.count"], json!({"value": 5}));
    assert_value(web, "orders.revenue", 290.0);
    assert_value(web, "orders.revenue_per_customer", 290.0 / 3.0);
    assert_rate(web, "orders.repeat_purchase_rate", 2, 3);
    assert_rate(web, "orders.on_time_delivery_rate", 3, 3);
    // shop: O3 O4 O6: 200 + 30 + 40; only B is named (230).
    let shop = &g["shop"];
    assert_eq!(shop["orders.count"], json!({"value": 3}));
    assert_value(shop, "orders.revenue", 270.0);
    assert_value(shop, "orders.revenue_per_customer", 230.0);
    assert_rate(shop, "orders.repeat_purchase_rate", 1, 1);
    assert_rate(shop, "orders.on_time_delivery_rate", 2, 3);
}

#[test]
fn metrics_without_inputs_are_absent() {
    let r = run(
        "bare.csv",
        b"ordered_at\n2026-03-02 10:00\n2026-03-03 11:00\n",
        r#"{"period": {"start": "2026-03-01", "end": "2026-04-01"}}"#,
    );
    let ids: Vec<&str> = r["metrics"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(ids, ["orders.count"]);
    assert_eq!(r["metrics"]["orders.count"], json!({"value": 2}));
    // Without customer_id there are no customers either.
    assert!(r.as_object().unwrap().get("cohorts").is_none());
}

#[test]
fn on_time_only_needs_both_dates() {
    let r = run(
        "dates.csv",
        b"ordered_at,promised_at,delivered_at\n\
          2026-03-02 10:00,2026-03-04 10:00,2026-03-04 10:00:01\n\
          2026-03-02 11:00,2026-03-04,2026-03-04 23:59:59\n\
          2026-03-02 12:00,,2026-03-03\n",
        r#"{"period": {"start": "2026-03-01", "end": "2026-04-01"}}"#,
    );
    let m = &r["metrics"];
    // One second late; in time to the last second of a date-only deadline; no promise.
    assert_rate(m, "orders.on_time_delivery_rate", 1, 2);
    assert!(m.get("orders.revenue").is_none());
    assert!(m.get("orders.return_rate").is_none());
}
