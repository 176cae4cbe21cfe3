//! Customer KPIs and cohorts, every expected value computed by hand (the
//! working is in the comments).
//!
//! Subscription form: `data/customers_basic.csv`, Q1 2026 in UTC, by month and plan.
//!
//! | id  | started_at       | ended_at         | plan  | mrr | note |
//! |-----|------------------|------------------|-------|-----|------|
//! | C1  | 2025-11-15       |                  | basic | 100 | |
//! | C2  | 2025-12-01       | 2026-02-10 12:00 | pro   | 300 | lost in February |
//! | C3  | 2025-12-20       | 2026-01-01 00:00 | basic |  50 | ends exactly at the start: not active then |
//! | C4  | 2026-01-01 00:00 |                  | pro   | 200 | starts exactly at the start: new, not active then |
//! | C5  | 2026-01-10       | 2026-01-20       | basic |  80 | starts and ends in January: new, never lost |
//! | C6  | 2026-02-05       | 2026-04-01 00:00 | pro   | 150 | ends exactly at the end: lost in March |
//! | C7  | 2025-10-01       | 2026-03-15       | basic |     | lost in March, mrr unknown (0) |
//! | C8  | 2025-06-01       | 2026-05-01       | pro   | 400 | |
//! | C9  | 2026-03-31 23:00 |                  |       |  60 | |
//! | C10 | 2025-09-01       | 2025-08-01       | basic |  10 | ends before it starts: issue, left out |
//! | C11 | 2026-04-01 00:00 |                  | basic |  70 | starts exactly at the end: not new |
//!
//! Active at 1 Jan: C1 C2 C7 C8. 1 Feb: C1 C2 C4 C7 C8. 1 Mar: C1 C4 C6 C7 C8.
//! 1 Apr: C1 C4 C8 C9.
//!
//! Order form: `data/orders_customers.csv`, no customers table, 30 inactivity
//! days; active at t ⇔ an order in [t − 30 d, t). Windows: 1 Jan [2 Dec, 1 Jan),
//! 1 Feb [2 Jan, 1 Feb), 1 Mar [30 Jan, 1 Mar), 1 Apr [2 Mar, 1 Apr).
//!
//! | customer | orders | 1 Jan | 1 Feb | 1 Mar | 1 Apr |
//! |---|---|---|---|---|---|
//! | P | 10 Dec, 20 Jan, 25 Mar | ✓ | ✓ | ✗ | ✓ |
//! | Q | 2 Dec 00:00 (window start, inclusive) | ✓ | ✗ | ✗ | ✗ |
//! | S | 1 Feb 00:00 (at t: not inside [t − w, t)) | ✗ | ✗ | ✓ | ✗ |
//! | T | 10 Jan, 31 Mar 23:59 | ✗ | ✓ | ✗ | ✓ |
//! | U | 1 Nov 2025 | ✗ | ✗ | ✗ | ✗ |
//! | V | 10 Feb, 20 Feb (cancelled: still counts) | ✗ | ✗ | ✓ | ✗ |
//!
//! plus one order without a customer id (left out).

use cxkpi::engine::{load, report, Config, Dataset, LoadOptions, TableKind};
use serde_json::{json, Value};

mod common;
use common::*;

fn run(files: &[(&str, &[u8], TableKind)], config: &str) -> Value {
    let config = Config::from_json(config).unwrap();
    let mut data = Dataset::new();
    for &(name, bytes, kind) in files {
        let options = LoadOptions {
            kind: Some(kind),
            time_zone: config.time_zone,
            ..LoadOptions::default()
        };
        data.add(load(name, bytes, options).unwrap()).unwrap();
    }
    serde_json::to_value(report(&data, &config).unwrap()).unwrap()
}

const CUSTOMERS: (&str, &[u8], TableKind) = (
    "customers_basic.csv",
    include_bytes!("data/customers_basic.csv"),
    TableKind::Customers,
);
const ORDERS: (&str, &[u8], TableKind) = (
    "orders_customers.csv",
    include_bytes!("data/orders_customers.csv"),
    TableKind::Orders,
);

fn subscriptions() -> Value {
    run(
        &[CUSTOMERS],
        include_str!("data/customers_basic.config.json"),
    )
}

fn order_form() -> Value {
    run(&[ORDERS], include_str!("data/orders_customers.config.json"))
}

/// Asserts active_at_start, new, lost, active_at_end, and the two rates built from them.
fn assert_movement(metrics: &Value, start: u64, new: u64, lost: u64, end: u64) {
    let got: Vec<&Value> = ["active_at_start", "new", "lost", "active_at_end"]
        .iter()
        .map(|k| &metrics[format!("customers.{k}")]["value"])
        .collect();
    assert_eq!(got, [&json!(start), &json!(new), &json!(lost), &json!(end)]);
    if start > 0 {
        assert_rate(metrics, "customers.churn_rate", lost, start);
        assert_rate(metrics, "customers.retention_rate", start - lost, start);
    }
}

fn assert_ratio(metrics: &Value, id: &str, numerator: f64, denominator: f64) {
    let m = &metrics[id];
    assert_eq!(m["numerator"].as_f64(), Some(numerator), "{id}");
    assert_eq!(m["denominator"].as_f64(), Some(denominator), "{id}");
    let value = m["value"].as_f64().unwrap();
    assert!(
        (value - numerator / denominator).abs() < 1e-12,
        "{id}: {value}"
    );
    assert!(m.get("ci95").is_none(), "{id}: a ratio has no interval");
}

fn bucket_metrics(r: &Value) -> Vec<&Value> {
    r["trend"]["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| &b["metrics"])
        .collect()
}

#[test]
fn subscriptions_whole_period() {
    let r = subscriptions();
    let m = &r["metrics"];
    // Start {C1 C2 C7 C8}; new C4 C5 C6 C9; lost C2 C7; end {C1 C4 C8 C9}.
    assert_movement(m, 4, 4, 2, 4);
    // mrr at start 100 + 300 + 0 + 400; lost 300 + 0.
    assert_ratio(m, "customers.revenue_churn_rate", 300.0, 800.0);
}

#[test]
fn subscriptions_per_month_chain() {
    let r = subscriptions();
    let b = bucket_metrics(&r);
    assert_eq!(b.len(), 3);
    // January: start {C1 C2 C7 C8}; new C4 C5; nobody lost; end {C1 C2 C4 C7 C8}.
    assert_movement(b[0], 4, 2, 0, 5);
    assert_ratio(b[0], "customers.revenue_churn_rate", 0.0, 800.0);
    // February: new C6; lost C2; end {C1 C4 C6 C7 C8}. mrr 100 + 300 + 200 + 0 + 400.
    assert_movement(b[1], 5, 1, 1, 5);
    assert_ratio(b[1], "customers.revenue_churn_rate", 300.0, 1000.0);
    // March: new C9; lost C6 (ends exactly 1 April) and C7; end {C1 C4 C8 C9}.
    assert_movement(b[2], 5, 1, 2, 4);
    assert_ratio(b[2], "customers.revenue_churn_rate", 150.0, 850.0);
    for k in 0..2 {
        assert_eq!(
            b[k]["customers.active_at_end"],
            b[k + 1]["customers.active_at_start"]
        );
    }
}

#[test]
fn subscriptions_by_plan() {
    let r = subscriptions();
    let g = &r["groups"]["plan"];
    let names: Vec<&str> = g.as_object().unwrap().keys().map(String::as_str).collect();
    // basic is anchored (C3 ends at the period start, C1 C5 C7 live in it); C10
    // is left out and C11 starts at the end, but basic has others.
    assert_eq!(names, ["(none)", "basic", "pro"]);
    // basic: start {C1 C7}; new C5; lost C7; end {C1}. mrr 100 at start, 0 lost.
    assert_movement(&g["basic"], 2, 1, 1, 1);
    assert_ratio(&g["basic"], "customers.revenue_churn_rate", 0.0, 100.0);
    // pro: start {C2 C8}; new C4 C6; lost C2; end {C4 C8}.
    assert_movement(&g["pro"], 2, 2, 1, 2);
    assert_ratio(&g["pro"], "customers.revenue_churn_rate", 300.0, 700.0);
    // (none): C9 only, new in March. Empty denominators give null.
    let none = &g["(none)"];
    assert_movement(none, 0, 1, 0, 1);
    assert_eq!(
        none["customers.churn_rate"],
        json!({"value": null, "numerator": 0, "denominator": 0, "ci95": null})
    );
    assert_eq!(none["customers.retention_rate"]["value"], Value::Null);
    assert_eq!(
        none["customers.revenue_churn_rate"],
        json!({"value": null, "numerator": 0.0, "denominator": 0.0})
    );
}

#[test]
fn subscription_ending_before_start_is_one_issue() {
    let r = subscriptions();
    assert_eq!(r["issues"]["counts"], json!({"negative_duration": 1}));
    let e = &r["issues"]["examples"][0];
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_str()),
        (Some(11), Some("ended_at"))
    );
    assert_eq!(e["file"], "customers_basic.csv");
}

#[test]
fn subscription_cohorts() {
    let r = subscriptions();
    // January cohort C4 C5: active at 1 Feb, 1 Mar, 1 Apr: C4 only.
    // February cohort C6: active 1 Mar, gone at 1 Apr (ends exactly then).
    // March cohort C9 (23:00 on the 31st): active 1 Apr.
    assert_eq!(
        r["cohorts"],
        json!({
            "months": ["2026-01", "2026-02", "2026-03"],
            "rows": [
                {"cohort": "2026-01", "customers": 2, "active": [1, 1, 1], "retention": [0.5, 0.5, 0.5]},
                {"cohort": "2026-02", "customers": 1, "active": [1, 0], "retention": [1.0, 0.0]},
                {"cohort": "2026-03", "customers": 1, "active": [1], "retention": [1.0]}
            ]
        })
    );
}

#[test]
fn cohorts_cut_to_a_period_ending_mid_month() {
    let r = run(
        &[CUSTOMERS],
        r#"{"period": {"start": "2026-01-15", "end": "2026-02-07"}}"#,
    );
    // Starts in [15 Jan, 1 Feb): C5 (10 Jan) is before the period, so none;
    // in [1 Feb, 7 Feb): C6, active at the period end (7 Feb).
    assert_eq!(
        r["cohorts"],
        json!({
            "months": ["2026-01", "2026-02"],
            "rows": [
                {"cohort": "2026-01", "customers": 0, "active": [0, 0], "retention": [null, null]},
                {"cohort": "2026-02", "customers": 1, "active": [1], "retention": [1.0]}
            ]
        })
    );
}

#[test]
fn order_form_whole_period() {
    let r = order_form();
    let m = &r["metrics"];
    // Start {P Q}; new (first order ever in Q1) S T V; lost Q; end {P T}.
    assert_movement(m, 2, 3, 1, 2);
    assert!(m.get("customers.revenue_churn_rate").is_none());
    // Orders still count every order, the one without a customer included.
    // R1 R4 R5 R7 R8 R9 R10 R11 are in Q1.
    assert_eq!(m["orders.count"], json!({"value": 8}));
}

#[test]
fn order_form_per_month_chain() {
    let r = order_form();
    let b = bucket_metrics(&r);
    // January: start {P Q}; new T; lost Q; end {P T}.
    assert_movement(b[0], 2, 1, 1, 2);
    // February: start {P T}; new S V; lost P T; end {S V}.
    assert_movement(b[1], 2, 2, 2, 2);
    // March: start {S V}; nobody new; lost S V; end {P T} (both came back).
    assert_movement(b[2], 2, 0, 2, 2);
}

#[test]
fn order_form_default_inactivity_is_90_days() {
    let r = run(
        &[ORDERS],
        r#"{"period": {"start": "2026-01-01", "end": "2026-04-01"}}"#,
    );
    // 1 Jan window [3 Oct, 1 Jan): P Q U. 1 Apr window [1 Jan, 1 Apr): P S T V.
    assert_movement(&r["metrics"], 3, 3, 2, 4);
}

#[test]
fn order_form_cohorts() {
    let r = order_form();
    // January: T (10 Jan): active 1 Feb, not 1 Mar, again 1 Apr.
    // February: S (1 Feb 00:00) and V: both active 1 Mar, neither 1 Apr.
    assert_eq!(
        r["cohorts"],
        json!({
            "months": ["2026-01", "2026-02", "2026-03"],
            "rows": [
                {"cohort": "2026-01", "customers": 1, "active": [1, 0, 1], "retention": [1.0, 0.0, 1.0]},
                {"cohort": "2026-02", "customers": 2, "active": [2, 0], "retention": [1.0, 0.0]},
                {"cohort": "2026-03", "customers": 0, "active": [0], "retention": [null]}
            ]
        })
    );
}

#[test]
fn order_form_has_no_group_breakdown() {
    let r = run(
        &[ORDERS],
        r#"{"period": {"start": "2026-01-01", "end": "2026-04-01"}, "group_by": ["customer_id"]}"#,
    );
    for (value, metrics) in r["groups"]["customer_id"].as_object().unwrap() {
        assert!(metrics.get("customers.new").is_none(), "{value}");
        assert!(metrics.get("orders.count").is_some(), "{value}");
    }
}

#[test]
fn customers_table_beats_the_order_form() {
    let r = run(
        &[CUSTOMERS, ORDERS],
        include_str!("data/customers_basic.config.json"),
    );
    assert_movement(&r["metrics"], 4, 4, 2, 4);
    assert!(r["metrics"].get("customers.revenue_churn_rate").is_some());
    assert_eq!(r["cohorts"]["rows"][0]["customers"], 2);
}

#[test]
fn no_customers_no_cohorts() {
    let r = run(
        &[(
            "tickets_basic.csv",
            include_bytes!("data/tickets_basic.csv"),
            TableKind::Tickets,
        )],
        include_str!("data/tickets_basic.config.json"),
    );
    assert!(r.as_object().unwrap().get("cohorts").is_none());
    assert!(r["metrics"].get("customers.new").is_none());
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    //! Customer counts over consecutive spans chain, by construction of the
    //! half-open boundaries, for any data and any cuts.

    use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone};
    use chrono_tz::Tz;
    use cxkpi::engine::kpi::customers::{Customers, Movement};
    use cxkpi::engine::kpi::{Family, Rows};
    use cxkpi::engine::{
        report, ColumnData, Config, Dataset, Granularity, InputInfo, IssueLog, LoadedFile,
        NamedColumn, Span, StrColumn, Table, TableKind, TsColumn,
    };
    use proptest::prelude::*;

    fn ts_column(name: &str, values: impl IntoIterator<Item = Option<i64>>) -> NamedColumn {
        let mut c = TsColumn::default();
        for v in values {
            c.push(v, false);
        }
        NamedColumn {
            name: name.into(),
            header: name.into(),
            data: ColumnData::Ts(c),
        }
    }

    fn customers_table(subs: &[(i64, Option<i64>)]) -> Table {
        Table {
            kind: TableKind::Customers,
            rows: subs.len(),
            lines: (2..subs.len() as u32 + 2).collect(),
            files: vec![(0, "p.csv".into())],
            columns: vec![
                ts_column("started_at", subs.iter().map(|s| Some(s.0))),
                ts_column("ended_at", subs.iter().map(|s| s.1)),
            ],
        }
    }

    fn orders_table(orders: &[(u8, i64)]) -> Table {
        let mut customer = StrColumn::default();
        for (c, _) in orders {
            customer.push(&format!("K{c}"));
        }
        Table {
            kind: TableKind::Orders,
            rows: orders.len(),
            lines: (2..orders.len() as u32 + 2).collect(),
            files: vec![(0, "p.csv".into())],
            columns: vec![
                ts_column("ordered_at", orders.iter().map(|o| Some(o.1))),
                NamedColumn {
                    name: "customer_id".into(),
                    header: "customer_id".into(),
                    data: ColumnData::Str(customer),
                },
            ],
        }
    }

    /// Movements over the spans between consecutive `cuts` (sorted, deduplicated).
    fn chain(c: &Customers, cuts: &[i64]) -> Vec<Movement> {
        let rows = Rows::All(c.rows());
        cuts.windows(2)
            .map(|w| {
                c.movement(
                    Span {
                        start: w[0],
                        end: w[1],
                    },
                    rows,
                )
            })
            .collect()
    }

    fn check_chain(moves: &[Movement]) -> Result<(), TestCaseError> {
        for m in moves {
            prop_assert!(m.lost <= m.active_at_start);
            // Those active at both ends are still there at the end.
            prop_assert!(m.active_at_end >= m.active_at_start - m.lost);
        }
        for w in moves.windows(2) {
            prop_assert_eq!(w[0].active_at_end, w[1].active_at_start);
        }
        Ok(())
    }

    /// 2026-01-01T00:00:00Z.
    const ORIGIN: i64 = 1_767_225_600;

    /// The cohort matrix by its definition: for each local month of `span`
    /// (cut to it), the customers starting in it and, at each later month end
    /// (cut to the span end), how many of them `active_at` says are active.
    fn cohorts_by_definition(c: &Customers, span: Span, tz: Tz) -> Vec<(u64, Vec<u64>)> {
        let midnight = |d: NaiveDate| {
            tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
                .earliest()
                .unwrap()
                .timestamp()
        };
        let first = DateTime::from_timestamp(span.start, 0)
            .unwrap()
            .with_timezone(&tz)
            .date_naive()
            .with_day(1)
            .unwrap();
        let mut cuts = vec![span.start];
        let mut month = first;
        loop {
            month = month.checked_add_months(Months::new(1)).unwrap();
            let t = midnight(month);
            if t >= span.end {
                cuts.push(span.end);
                break;
            }
            cuts.push(t);
        }
        (0..cuts.len() - 1)
            .map(|j| {
                let members: Vec<usize> = (0..c.rows())
                    .filter(|&i| {
                        c.start_of(i)
                            .is_some_and(|s| cuts[j] <= s && s < cuts[j + 1])
                    })
                    .collect();
                let active = cuts[j + 1..]
                    .iter()
                    .map(|&t| members.iter().filter(|&&i| c.active_at(i, t)).count() as u64)
                    .collect();
                (members.len() as u64, active)
            })
            .collect()
    }

    fn check_cohorts(c: &Customers, span: Span, tz: Tz) -> Result<(), TestCaseError> {
        let got = c.cohorts(span, tz);
        let want = cohorts_by_definition(c, span, tz);
        prop_assert_eq!(got.rows.len(), want.len());
        for (row, (customers, active)) in got.rows.iter().zip(&want) {
            prop_assert_eq!(row.customers, *customers, "{}", row.cohort);
            prop_assert_eq!(&row.active, active, "{}", row.cohort);
        }
        Ok(())
    }

    fn sorted(mut cuts: Vec<i64>) -> Vec<i64> {
        cuts.sort_unstable();
        cuts.dedup();
        cuts
    }

    proptest! {
        #[test]
        fn prop_subscription_cohorts_match_the_definition(
            subs in prop::collection::vec(
                (0i64..150 * 24, prop::option::of(-5i64..150 * 24)), 0..40),
            span_days in (0i64..20, 1i64..160),
        ) {
            // Whole hours, so that starts and ends fall on month ends (local midnight) too.
            let shifted: Vec<(i64, Option<i64>)> = subs
                .iter()
                .map(|&(s, d)| (ORIGIN + s * 3_600, d.map(|d| ORIGIN + (s + d) * 3_600)))
                .collect();
            let table = customers_table(&shifted);
            let c = Customers::subscriptions(&table).unwrap();
            let span = Span {
                start: ORIGIN + span_days.0 * 86_400 + 3_600,
                end: ORIGIN + (span_days.0 + span_days.1) * 86_400,
            };
            check_cohorts(&c, span, chrono_tz::Europe::Oslo)?;
        }

        #[test]
        fn prop_order_form_cohorts_match_the_definition(
            orders in prop::collection::vec((0u8..8, 0i64..150 * 24), 0..60),
            days in 0u32..70,
            span_days in (0i64..20, 1i64..160),
        ) {
            // Whole hours, so that orders and their windows' ends fall on month ends too.
            let shifted: Vec<(u8, i64)> = orders.iter().map(|&(k, o)| (k, ORIGIN + o * 3_600)).collect();
            let table = orders_table(&shifted);
            let c = Customers::from_orders(&table, days as f64).unwrap();
            let span = Span {
                start: ORIGIN + span_days.0 * 86_400,
                end: ORIGIN + (span_days.0 + span_days.1) * 86_400 + 7_200,
            };
            check_cohorts(&c, span, chrono_tz::Europe::Oslo)?;
        }

        #[test]
        fn prop_subscription_buckets_chain(
            subs in prop::collection::vec((0i64..1000, prop::option::of(0i64..1200)), 0..40),
            cuts in prop::collection::vec(0i64..1200, 2..8),
        ) {
            let table = customers_table(&subs);
            let c = Customers::subscriptions(&table).unwrap();
            let cuts = sorted(cuts);
            let moves = chain(&c, &cuts);
            check_chain(&moves)?;
            // Subscription form: whoever is active at the end and not at the
            // start started inside the span, so is new.
            for m in &moves {
                prop_assert!(m.active_at_end <= m.active_at_start - m.lost + m.new);
            }
            // New customers over the whole span = the sum over its buckets.
            if cuts.len() >= 2 {
                let whole = c.movement(Span { start: cuts[0], end: *cuts.last().unwrap() }, Rows::All(c.rows()));
                prop_assert_eq!(whole.new, moves.iter().map(|m| m.new).sum::<u64>());
            }
        }

        #[test]
        fn prop_order_form_buckets_chain(
            orders in prop::collection::vec((0u8..6, 0i64..100 * 86_400), 0..60),
            days in 0u32..60,
            cuts in prop::collection::vec(0i64..120 * 86_400, 2..8),
        ) {
            let table = orders_table(&orders);
            let c = Customers::from_orders(&table, days as f64).unwrap();
            check_chain(&chain(&c, &sorted(cuts.clone())))?;
            // Binary-search activity = the definition, order by order.
            let window = days as i64 * 86_400;
            for code in 0..c.rows() {
                let value = match &table.columns[1].data {
                    ColumnData::Str(s) => s.values[code].to_string(),
                    _ => unreachable!(),
                };
                for &t in &cuts {
                    let brute = orders
                        .iter()
                        .any(|&(k, o)| format!("K{k}") == value && t - window <= o && o < t);
                    prop_assert_eq!(c.active_at(code, t), brute, "customer {} at {}", value, t);
                }
            }
        }

        /// Through the whole report: monthly buckets chain, bucket `new`
        /// sums to the period's, and the cohorts hold exactly the new customers.
        #[test]
        fn prop_report_trend_and_cohorts(
            subs in prop::collection::vec(
                (0i64..200 * 86_400, prop::option::of(0i64..120 * 86_400)), 1..30),
        ) {
            // Each subscription lasts 0..120 days or goes on.
            let shifted: Vec<(i64, Option<i64>)> = subs
                .iter()
                .map(|&(s, d)| (ORIGIN + s, d.map(|d| ORIGIN + s + d)))
                .collect();
            let file = LoadedFile {
                info: InputInfo {
                    file: "p.csv".into(),
                    kind: TableKind::Customers,
                    format: "canonical".into(),
                    encoding: "UTF-8".into(),
                    delimiter: ",".into(),
                    rows: shifted.len() as u64,
                    skipped: 0,
                    columns: Default::default(),
                    definitions: Vec::new(),
                },
                table: customers_table(&shifted),
                issues: IssueLog::default(),
                time_zone: chrono_tz::Tz::UTC,
            };
            let mut data = Dataset::new();
            data.add(file).unwrap();
            let config = Config {
                granularity: Some(Granularity::Month),
                ..Config::default()
            };
            let r = serde_json::to_value(report(&data, &config).unwrap()).unwrap();
            let count = |m: &serde_json::Value, k: &str| m[format!("customers.{k}")]["value"].as_u64().unwrap();
            let buckets: Vec<&serde_json::Value> =
                r["trend"]["buckets"].as_array().unwrap().iter().map(|b| &b["metrics"]).collect();
            for w in buckets.windows(2) {
                prop_assert_eq!(count(w[0], "active_at_end"), count(w[1], "active_at_start"));
            }
            let m = &r["metrics"];
            prop_assert_eq!(count(buckets[0], "active_at_start"), count(m, "active_at_start"));
            prop_assert_eq!(count(buckets[buckets.len() - 1], "active_at_end"), count(m, "active_at_end"));
            let new: u64 = buckets.iter().map(|b| count(b, "new")).sum();
            prop_assert_eq!(new, count(m, "new"));
            let rows = r["cohorts"]["rows"].as_array().unwrap();
            prop_assert_eq!(rows.len(), buckets.len());
            let cohort_total: u64 = rows.iter().map(|c| c["customers"].as_u64().unwrap()).sum();
            prop_assert_eq!(cohort_total, count(m, "new"));
            // Cohort members active at the period end are among those active then.
            let still: u64 = rows
                .iter()
                .map(|c| c["active"].as_array().unwrap().last().unwrap().as_u64().unwrap())
                .sum();
            prop_assert!(still <= count(m, "active_at_end"));
            for (j, c) in rows.iter().enumerate() {
                prop_assert_eq!(c["active"].as_array().unwrap().len(), rows.len() - j);
            }
        }
    }
}
