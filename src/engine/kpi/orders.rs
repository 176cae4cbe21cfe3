//! Order KPIs (SPEC section 4, "orders"). Every metric is anchored at
//! `ordered_at`: an order belongs to the span its order time falls in.
//!
//! - `orders.count`: orders.
//! - `orders.revenue`: sum of the known `amount`s, returned and cancelled
//!   orders included (a plain value; an empty amount adds nothing).
//! - `orders.revenue_per_customer`: the revenue of orders naming a customer /
//!   the distinct customers among them (`{"value"}`, `null` without any);
//!   orders without `customer_id` are left out of both sides.
//! - `orders.on_time_delivery_rate`: `delivered_at ≤ promised_at` / orders
//!   with both. A date-only `promised_at` is a deadline: delivery is on time
//!   until the end of that local day (before the next local midnight in the
//!   config's `time_zone`, so a 23- or 25-hour DST day is one day). A
//!   date-only `delivered_at` means that day's local midnight, as any date.
//! - `orders.delivery_seconds`: `delivered_at − ordered_at` (distribution). A
//!   negative one is reported once (`negative_duration`) and left out, except
//!   a date-only `delivered_at` on the order's own local day: that is a
//!   same-day delivery whose time is unknown, counted as 0 s.
//! - `orders.return_rate`, `orders.cancellation_rate`: returned (cancelled) /
//!   orders with it known.
//! - `orders.billing_accuracy_rate`, `orders.entry_accuracy_rate`,
//!   `orders.claim_free_rate`: not `invoice_error` (`entry_error`, `claim`) /
//!   orders with it known.
//! - `orders.repeat_purchase_rate`: customers with ≥ 2 orders in the span /
//!   customers with ≥ 1 (orders without `customer_id` left out).
//!
//! A metric whose columns are missing is absent. Groups: any text column of
//! the orders table; an order appears under its value when `ordered_at` is in
//! the period.

use super::{
    min_max, put_count, put_dist, put_rate, table_group_column, Family, Metrics, Rows, Tally,
};
use crate::engine::config::Config;
use crate::engine::dataset::Dataset;
use crate::engine::error::{IssueKind, IssueLog};
use crate::engine::period::{local_date, local_midnight, Span};
use crate::engine::report::MetricValue;
use crate::engine::schema::TableKind;
use crate::engine::stats::Sample;
use crate::engine::table::{Codes, Floats, Stamps, StrColumn, Table, NO_BOOL, NO_STR, NO_TS};
use chrono_tz::Tz;

/// Prepare the orders family of the orders table (all orders files merged).
pub fn families<'a>(data: &'a Dataset, config: &Config) -> Vec<Box<dyn Family + 'a>> {
    data.table(TableKind::Orders)
        .and_then(|t| Orders::new(t, config.time_zone))
        .map(|o| Box::new(o) as Box<dyn Family + 'a>)
        .into_iter()
        .collect()
}

/// The orders family, prepared for one report.
pub struct Orders<'a> {
    table: &'a Table,
    ordered: &'a Stamps,
    amount: Option<&'a Floats>,
    customer: Option<&'a Codes>,
    /// Per row: 1 on time, 0 late, [`NO_BOOL`] without both dates.
    on_time: Option<Vec<u8>>,
    /// Per row, seconds from order to delivery; NaN when unknown or negative.
    delivery: Option<Vec<f64>>,
    returned: Option<&'a [u8]>,
    cancelled: Option<&'a [u8]>,
    invoice_error: Option<&'a [u8]>,
    entry_error: Option<&'a [u8]>,
    claim: Option<&'a [u8]>,
    issues: IssueLog,
}

/// The next local midnight after the local day of `t`.
fn end_of_local_day(t: i64, tz: Tz) -> i64 {
    match local_date(t, tz).succ_opt() {
        Some(next) => local_midnight(next, tz),
        None => i64::MAX,
    }
}

impl<'a> Orders<'a> {
    /// Prepare the orders of `table` (an orders table); local days are cut in `tz`.
    /// `None` without `ordered_at`.
    pub fn new(table: &'a Table, tz: Tz) -> Option<Orders<'a>> {
        let ordered = &table.ts("ordered_at")?.secs;
        let promised = table.ts("promised_at");
        let delivered = table.ts("delivered_at");
        let mut issues = IssueLog::default();

        let on_time = promised.zip(delivered).map(|(p, d)| {
            (0..table.rows)
                .map(|i| match (p.get(i), d.get(i)) {
                    (Some(promise), Some(done)) => {
                        let deadline = if p.is_date_only(i) {
                            end_of_local_day(promise, tz)
                        } else {
                            promise.saturating_add(1)
                        };
                        (done < deadline) as u8
                    }
                    _ => NO_BOOL,
                })
                .collect()
        });

        let delivery = delivered.map(|d| {
            (0..table.rows)
                .map(|i| {
                    let (Some(done), o) = (d.get(i), ordered.get(i)) else {
                        return f64::NAN;
                    };
                    if o == NO_TS {
                        return f64::NAN;
                    }
                    let secs = done - o;
                    if secs >= 0 {
                        return secs as f64;
                    }
                    if d.is_date_only(i) && local_date(done, tz) == local_date(o, tz) {
                        return 0.0;
                    }
                    issues.push(table.issue(
                        i,
                        IssueKind::NegativeDuration,
                        "delivered_at",
                        &format!("{secs} s"),
                        format!(
                            "{} is before {}; left out of the metric",
                            table.header("delivered_at"),
                            table.header("ordered_at")
                        ),
                    ));
                    f64::NAN
                })
                .collect()
        });

        Some(Orders {
            table,
            ordered,
            amount: table.num("amount"),
            customer: table.str("customer_id").map(|c| &c.codes),
            on_time,
            delivery,
            returned: table.bool("returned"),
            cancelled: table.bool("cancelled"),
            invoice_error: table.bool("invoice_error"),
            entry_error: table.bool("entry_error"),
            claim: table.bool("claim"),
            issues,
        })
    }
}

/// Count row `i` of a yes/no column into `tally` when known; a hit is `hit_when`.
#[inline]
fn tally(tally: &mut Tally, column: Option<&[u8]>, i: usize, hit_when: u8) {
    if let Some(v) = column.map(|c| c[i]).filter(|&v| v != NO_BOOL) {
        tally.add(v == hit_when);
    }
}

impl Family for Orders<'_> {
    fn rows(&self) -> usize {
        self.table.rows
    }

    fn group_column(&self, column: &str) -> Option<&StrColumn> {
        table_group_column(self.table, column)
    }

    fn anchored(&self, i: usize, span: Span) -> bool {
        span.contains(self.ordered.get(i))
    }

    fn time_range(&self) -> Option<(i64, i64)> {
        min_max([self.ordered])
    }

    fn issues(&self) -> &IssueLog {
        &self.issues
    }

    fn compute(&self, span: Span, rows: Rows, out: &mut Metrics) {
        let mut count = 0;
        let mut revenue = 0.0;
        let mut customer_revenue = 0.0;
        // Customer code of each order in the span that names one.
        let mut buyers: Vec<u32> = Vec::new();
        let mut delivery = Sample::default();
        let mut on_time = Tally::default();
        let (mut returned, mut cancelled) = (Tally::default(), Tally::default());
        let (mut billing, mut entry, mut claim_free) =
            (Tally::default(), Tally::default(), Tally::default());

        for i in rows.iter() {
            if !span.contains(self.ordered.get(i)) {
                continue;
            }
            count += 1;
            let amount = self.amount.map_or(f64::NAN, |a| a.get(i));
            if !amount.is_nan() {
                revenue += amount;
            }
            if let Some(c) = self.customer.map(|c| c.get(i)).filter(|&c| c != NO_STR) {
                buyers.push(c);
                if !amount.is_nan() {
                    customer_revenue += amount;
                }
            }
            if let Some(s) = self.delivery.as_ref().map(|d| d[i]).filter(|s| !s.is_nan()) {
                delivery.push(s);
            }
            tally(&mut on_time, self.on_time.as_deref(), i, 1);
            tally(&mut returned, self.returned, i, 1);
            tally(&mut cancelled, self.cancelled, i, 1);
            tally(&mut billing, self.invoice_error, i, 0);
            tally(&mut entry, self.entry_error, i, 0);
            tally(&mut claim_free, self.claim, i, 0);
        }

        // Orders per customer: runs of equal codes.
        buyers.sort_unstable();
        let mut repeat = Tally::default();
        for run in buyers.chunk_by(|a, b| a == b) {
            repeat.add(run.len() >= 2);
        }

        put_count(out, "orders.count", count);
        if self.amount.is_some() {
            out.insert(
                "orders.revenue".into(),
                MetricValue::Value {
                    value: Some(revenue),
                },
            );
            if self.customer.is_some() {
                let per_customer =
                    (repeat.total > 0).then(|| customer_revenue / repeat.total as f64);
                out.insert(
                    "orders.revenue_per_customer".into(),
                    MetricValue::Value {
                        value: per_customer,
                    },
                );
            }
        }
        if self.on_time.is_some() {
            put_rate(out, "orders.on_time_delivery_rate", on_time);
        }
        if self.delivery.is_some() {
            put_dist(out, "orders.delivery_seconds", &mut delivery);
        }
        for (column, id, t) in [
            (self.returned, "orders.return_rate", returned),
            (self.cancelled, "orders.cancellation_rate", cancelled),
            (self.invoice_error, "orders.billing_accuracy_rate", billing),
            (self.entry_error, "orders.entry_accuracy_rate", entry),
            (self.claim, "orders.claim_free_rate", claim_free),
        ] {
            if column.is_some() {
                put_rate(out, id, t);
            }
        }
        if self.customer.is_some() {
            put_rate(out, "orders.repeat_purchase_rate", repeat);
        }
    }
}
