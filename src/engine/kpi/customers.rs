//! Customer KPIs (SPEC section 4, "customers"): how many customers are active,
//! how many came and went over a span, churn and retention, and the monthly
//! cohort retention matrix ([`Cohorts`]).
//!
//! **Two forms.** With a customers table (the *subscription form*) each row is
//! one customer or subscription, active at instant `t` ⇔ `started_at < t` and
//! (`ended_at` empty or `ended_at > t`). Without a customers table but with an
//! orders table that has `customer_id` (the *order form*) each distinct
//! `customer_id` is one customer, active at `t` ⇔ it placed an order in
//! `[t − inactivity_days × 86400 s, t)`; every order counts, returned and
//! cancelled ones included, and orders without a customer id are left out.
//! With both tables the customers table decides; with neither (or orders
//! without `customer_id`) there are no customer metrics and no cohorts.
//!
//! Over a span `[start, end)` (the period, a trend bucket):
//! - `customers.active_at_start`, `customers.active_at_end`: active at `start`, at `end`;
//! - `customers.new`: `started_at` in the span (order form: the first order ever in it);
//! - `customers.lost`: active at `start` and not at `end`. A customer who starts
//!   and ends inside one span is new, never lost (it was not active at the
//!   start), and not active at the end;
//! - `customers.churn_rate` = lost / active_at_start, a rate with the Wilson interval;
//! - `customers.retention_rate` = (active_at_start − lost) / active_at_start;
//! - `customers.revenue_churn_rate` (subscription form with `mrr`) = mrr of the
//!   lost / mrr of those active at start, a money ratio. An empty or negative
//!   `mrr` counts as 0 in both (a negative one is an `out_of_range` issue).
//!
//! All boundaries are half-open, so consecutive buckets chain exactly:
//! `active_at_end` of one bucket is `active_at_start` of the next. A customer
//! starting exactly at a span's start is new in that span, not active at its
//! start; one ending exactly at a span's end is not active at that end.
//!
//! A row whose `ended_at` is before its `started_at` is reported once as
//! `negative_duration` and left out of every customer metric and the cohorts.
//! (`ended_at` equal to `started_at` is a subscription that was never active:
//! it counts as new, never as active.)
//!
//! **Groups.** Subscription form: by any text column of the customers table
//! (`plan`, `segment`, ...). A customer appears under its value when it is
//! active at some instant of the period or starts or ends in it, i.e.
//! `started_at < end` and (`ended_at` empty or `ended_at ≥ start`). Order
//! form: orders carry no customer attributes (and a customer's orders may
//! differ in, say, channel), so customer metrics have no group breakdown;
//! were one added, a customer would appear when it has an order in the period.
//! The cohort matrix is computed over all customers, once per report.

use super::{put_count, put_rate, table_group_column, Family, Metrics, Rows, Tally};
use crate::engine::config::Config;
use crate::engine::dataset::Dataset;
use crate::engine::error::{IssueKind, IssueLog};
use crate::engine::period::{local_date, local_midnight, Span};
use crate::engine::report::MetricValue;
use crate::engine::schema::TableKind;
use crate::engine::stats::ratio;
use crate::engine::table::{StrColumn, Table, NO_STR, NO_TS};
use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

/// Prepare the customers family: the subscription form from a customers
/// file, else the order form from an orders file with `customer_id`.
pub fn families<'a>(data: &'a Dataset, config: &Config) -> Vec<Box<dyn Family + 'a>> {
    prepare(data, config)
        .map(|c| Box::new(c) as Box<dyn Family + 'a>)
        .into_iter()
        .collect()
}

/// The customers of the loaded files in the form they allow (see the module doc).
pub fn prepare<'a>(data: &'a Dataset, config: &Config) -> Option<Customers<'a>> {
    if let Some(table) = data.table(TableKind::Customers) {
        return Customers::subscriptions(table);
    }
    data.table(TableKind::Orders)
        .and_then(|table| Customers::from_orders(table, config.inactivity_days))
}

/// When one customer is active: at every `t` with `from < t < to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Life {
    /// `started_at`.
    from: i64,
    /// `ended_at`; `i64::MAX` while not ended.
    to: i64,
}

/// How activity is decided.
enum Form<'a> {
    /// One row per customer / subscription.
    Subscriptions {
        /// Per row; `None` for a row left out (ended before it started).
        lives: Vec<Option<Life>>,
        /// Per row, monthly recurring revenue; 0 when empty or negative.
        /// `None` without an `mrr` column.
        mrr: Option<Vec<f64>>,
        /// The table, for group columns.
        table: &'a Table,
    },
    /// One customer per distinct `customer_id` of an orders table.
    Orders {
        /// `times[offsets[c]..offsets[c + 1]]`: the order times of customer
        /// code `c`, ascending.
        offsets: Vec<usize>,
        /// Order times, UTC seconds, grouped by customer.
        times: Vec<i64>,
        /// The inactivity window, seconds.
        window: i64,
    },
}

/// The order times of customer code `c` (order form), ascending.
fn orders_of<'t>(offsets: &[usize], times: &'t [i64], c: usize) -> &'t [i64] {
    &times[offsets[c]..offsets[c + 1]]
}

/// Customer counts over one span (before they become metrics).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Movement {
    /// Active at the span's start.
    pub active_at_start: u64,
    /// Started in the span (order form: first order in the span).
    pub new: u64,
    /// Active at the start and not at the end.
    pub lost: u64,
    /// Active at the span's end.
    pub active_at_end: u64,
    /// Sum of `mrr` over those active at the start (subscription form).
    pub mrr_at_start: f64,
    /// Sum of `mrr` over the lost (subscription form).
    pub mrr_lost: f64,
}

/// The customers family, prepared for one report. Its rows are the customers
/// table's rows (subscription form) or the customer codes of the orders
/// table's `customer_id` column (order form).
pub struct Customers<'a> {
    form: Form<'a>,
    issues: IssueLog,
}

impl<'a> Customers<'a> {
    /// The subscription form over `table` (a customers table); `None` without `started_at`.
    pub fn subscriptions(table: &'a Table) -> Option<Customers<'a>> {
        let started = &table.ts("started_at")?.secs;
        let ended = table.ts("ended_at").map(|c| &c.secs);
        let mut issues = IssueLog::default();
        let mut lives = Vec::with_capacity(started.len());
        for (i, from) in started.iter().enumerate() {
            let to = ended.map_or(NO_TS, |e| e.get(i));
            lives.push(if from == NO_TS {
                None
            } else if to == NO_TS {
                Some(Life { from, to: i64::MAX })
            } else if to < from {
                issues.push(table.issue(
                    i,
                    IssueKind::NegativeDuration,
                    "ended_at",
                    &format!("{} s", to - from),
                    format!(
                        "{} is before {}; the customer is left out of the customer metrics",
                        table.header("ended_at"),
                        table.header("started_at")
                    ),
                ));
                None
            } else {
                Some(Life { from, to })
            });
        }
        let mrr = table.num("mrr").map(|values| {
            values
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    if m < 0.0 {
                        issues.push(table.issue(
                            i,
                            IssueKind::OutOfRange,
                            "mrr",
                            &m.to_string(),
                            "a negative mrr; counted as 0",
                        ));
                    }
                    if m > 0.0 {
                        m
                    } else {
                        0.0
                    }
                })
                .collect()
        });
        Some(Customers {
            form: Form::Subscriptions { lives, mrr, table },
            issues,
        })
    }

    /// The order form over `table` (an orders table) with an inactivity window
    /// of `inactivity_days`; `None` without `ordered_at` or `customer_id`.
    pub fn from_orders(table: &'a Table, inactivity_days: f64) -> Option<Customers<'a>> {
        let ordered = &table.ts("ordered_at")?.secs;
        let customer = table.str("customer_id")?;
        let n = customer.values.len();
        // Counting sort by customer code, then each customer's times sorted.
        let mut offsets = vec![0usize; n + 1];
        for (c, t) in customer.codes.iter().zip(ordered.iter()) {
            if c != NO_STR && t != NO_TS {
                offsets[c as usize + 1] += 1;
            }
        }
        for c in 0..n {
            offsets[c + 1] += offsets[c];
        }
        let mut next = offsets.clone();
        let mut times = vec![0i64; offsets[n]];
        for (c, t) in customer.codes.iter().zip(ordered.iter()) {
            if c != NO_STR && t != NO_TS {
                times[next[c as usize]] = t;
                next[c as usize] += 1;
            }
        }
        for c in 0..n {
            times[offsets[c]..offsets[c + 1]].sort_unstable();
        }
        Some(Customers {
            form: Form::Orders {
                offsets,
                times,
                window: (inactivity_days * 86_400.0).round() as i64,
            },
            issues: IssueLog::default(),
        })
    }

    /// When customer `i` starts (`started_at`, or its first order); `None` if left out.
    pub fn start_of(&self, i: usize) -> Option<i64> {
        match &self.form {
            Form::Subscriptions { lives, .. } => lives[i].map(|l| l.from),
            Form::Orders { offsets, times, .. } => orders_of(offsets, times, i).first().copied(),
        }
    }

    /// Whether customer `i` is active at instant `t`. O(log orders) in the order form.
    pub fn active_at(&self, i: usize, t: i64) -> bool {
        match &self.form {
            Form::Subscriptions { lives, .. } => lives[i].is_some_and(|l| l.from < t && t < l.to),
            Form::Orders {
                offsets,
                times,
                window,
            } => {
                let mine = orders_of(offsets, times, i);
                // The first order at or after t − window; active if it is before t.
                let k = mine.partition_point(|&o| o < t.saturating_sub(*window));
                mine.get(k).is_some_and(|&o| o < t)
            }
        }
    }

    /// Customer counts over `span` for the customers `rows`.
    pub fn movement(&self, span: Span, rows: Rows) -> Movement {
        let mrr = match &self.form {
            Form::Subscriptions { mrr, .. } => mrr.as_deref(),
            Form::Orders { .. } => None,
        };
        let mut m = Movement::default();
        for i in rows.iter() {
            let at_start = self.active_at(i, span.start);
            let at_end = self.active_at(i, span.end);
            let money = mrr.map_or(0.0, |v| v[i]);
            if at_start {
                m.active_at_start += 1;
                m.mrr_at_start += money;
                if !at_end {
                    m.lost += 1;
                    m.mrr_lost += money;
                }
            }
            m.active_at_end += at_end as u64;
            m.new += self.start_of(i).is_some_and(|s| span.contains(s)) as u64;
        }
        m
    }

    /// Calls `mark(lo, hi)` for disjoint ranges of indices into the sorted
    /// `cuts` such that customer `i` is active exactly at `cuts[lo..hi]`.
    fn active_cuts(&self, i: usize, cuts: &[i64], mut mark: impl FnMut(usize, usize)) {
        // after(t): the first index whose cut is after `t`; from(t): at or after `t`.
        let after = |t: i64| cuts.partition_point(|&c| c <= t);
        let from = |t: i64| cuts.partition_point(|&c| c < t);
        match &self.form {
            Form::Subscriptions { lives, .. } => {
                if let Some(l) = lives[i] {
                    let (lo, hi) = (after(l.from), from(l.to));
                    if lo < hi {
                        mark(lo, hi);
                    }
                }
            }
            Form::Orders {
                offsets,
                times,
                window,
            } => {
                // Order o makes the customer active on (o, o + window]; merge
                // the ranges of consecutive orders, which come sorted.
                let mut open: Option<(usize, usize)> = None;
                for &o in orders_of(offsets, times, i) {
                    let (lo, hi) = (after(o), after(o.saturating_add(*window)));
                    if lo >= hi {
                        continue;
                    }
                    open = match open {
                        Some((a, b)) if lo <= b => Some((a, b.max(hi))),
                        Some((a, b)) => {
                            mark(a, b);
                            Some((lo, hi))
                        }
                        None => Some((lo, hi)),
                    };
                }
                if let Some((a, b)) = open {
                    mark(a, b);
                }
            }
        }
    }

    /// The monthly cohort retention matrix over `span` in zone `tz` (see [`Cohorts`]).
    pub fn cohorts(&self, span: Span, tz: Tz) -> Cohorts {
        // Month j covers [cuts[j], cuts[j + 1]): local months cut to the span.
        let mut labels = Vec::new();
        let mut cuts = Vec::new();
        if span.start < span.end {
            let first = local_date(span.start, tz);
            let mut month =
                NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
            cuts.push(span.start);
            loop {
                if labels.len() == MAX_COHORT_MONTHS {
                    // Too long a period (a mistyped year): no matrix.
                    return Cohorts {
                        months: Vec::new(),
                        rows: Vec::new(),
                    };
                }
                labels.push(format!("{:04}-{:02}", month.year(), month.month()));
                let Some(next) = month.checked_add_months(Months::new(1)) else {
                    cuts.push(span.end);
                    break;
                };
                let end = local_midnight(next, tz);
                if end >= span.end {
                    cuts.push(span.end);
                    break;
                }
                cuts.push(end);
                month = next;
            }
        }
        let n = labels.len();
        // Per cohort j: its size, and a difference array over the cut indices
        // at which its members are active (cut c is the end of month c − 1).
        let mut sizes = vec![0u64; n];
        let mut diffs = vec![vec![0i64; n + 2]; n];
        for i in 0..self.rows() {
            let Some(s) = self.start_of(i).filter(|&s| span.contains(s)) else {
                continue;
            };
            // The month j with cuts[j] <= s < cuts[j + 1].
            let j = cuts.partition_point(|&c| c <= s) - 1;
            sizes[j] += 1;
            self.active_cuts(i, &cuts, |lo, hi| {
                diffs[j][lo] += 1;
                diffs[j][hi] -= 1;
            });
        }
        let rows = sizes
            .iter()
            .zip(&diffs)
            .enumerate()
            .map(|(j, (&customers, diff))| {
                let active: Vec<u64> = diff
                    .iter()
                    .take(n + 1)
                    .scan(0i64, |acc, d| {
                        *acc += d;
                        Some(*acc as u64)
                    })
                    .skip(j + 1)
                    .collect();
                let retention = active
                    .iter()
                    .map(|&a| (customers > 0).then(|| a as f64 / customers as f64))
                    .collect();
                CohortRow {
                    cohort: labels[j].clone(),
                    customers,
                    active,
                    retention,
                }
            })
            .collect();
        Cohorts {
            months: labels,
            rows,
        }
    }
}

/// The monthly cohort retention matrix (the report's `cohorts` field):
///
/// ```json
/// {"months": ["2026-01", "2026-02", "2026-03"],
///  "rows": [{"cohort": "2026-01", "customers": 40, "active": [40, 38, 35], "retention": [1.0, 0.95, 0.875]},
///           {"cohort": "2026-02", "customers": 10, "active": [9, 9], "retention": [0.9, 0.9]},
///           {"cohort": "2026-03", "customers": 0, "active": [0], "retention": [null]}]}
/// ```
///
/// `months` are the local calendar months (`YYYY-MM`, in the config's
/// `time_zone`) that overlap the period, in order; `rows[j]` is the cohort of
/// `months[j]`: the customers whose start (`started_at`, or in the order form
/// the first order ever) falls in that month *and* in the period (customers
/// who started before the period are in no cohort). `active[k]` counts those
/// of them active (as in the customer metrics) at the end of month `j + k`,
/// the first entry being the end of the start month; a month end after the
/// period end is replaced by the period end. `retention[k] = active[k] /
/// customers`, `null` for an empty cohort. The matrix is a triangle: row `j`
/// has `months.len() − j` entries. Every month has a row, empty or not.
/// `active[0]` can be below `customers`: a subscription that ended within its
/// start month; in the order form only when `inactivity_days` is shorter than
/// the time from the first order to the month's end.
///
/// The matrix grows with the square of the number of months, so a period of
/// more than [`MAX_COHORT_MONTHS`] months (100 years: usually one mistyped
/// year such as `9999` stretching the default period) has no matrix: `months`
/// and `rows` are empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohorts {
    /// The months of the period, `YYYY-MM`, oldest first.
    pub months: Vec<String>,
    /// One row per month, in the same order.
    pub rows: Vec<CohortRow>,
}

/// Longest period with a cohort matrix, in months (at most 720,600 cells).
pub const MAX_COHORT_MONTHS: usize = 1200;

/// One cohort: the customers who started in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    /// The start month, `YYYY-MM`.
    pub cohort: String,
    /// Customers who started in it (within the period).
    pub customers: u64,
    /// `active[k]`: of them, active at the end of month `cohort + k` (cut to the period end).
    pub active: Vec<u64>,
    /// `active[k] / customers`; `null` when `customers` is 0.
    pub retention: Vec<Option<f64>>,
}

/// The cohort matrix of the loaded files over `span`, when customers can be
/// computed (subscription or order form); `None` otherwise.
pub fn cohorts(data: &Dataset, config: &Config, span: Span) -> Option<Cohorts> {
    prepare(data, config).map(|c| c.cohorts(span, config.time_zone))
}

impl Family for Customers<'_> {
    fn rows(&self) -> usize {
        match &self.form {
            Form::Subscriptions { lives, .. } => lives.len(),
            Form::Orders { offsets, .. } => offsets.len() - 1,
        }
    }

    fn group_column(&self, column: &str) -> Option<&StrColumn> {
        match &self.form {
            Form::Subscriptions { table, .. } => table_group_column(table, column),
            Form::Orders { .. } => None,
        }
    }

    fn anchored(&self, i: usize, span: Span) -> bool {
        match &self.form {
            Form::Subscriptions { lives, .. } => {
                lives[i].is_some_and(|l| l.from < span.end && l.to >= span.start)
            }
            Form::Orders { offsets, times, .. } => {
                let mine = orders_of(offsets, times, i);
                let k = mine.partition_point(|&o| o < span.start);
                mine.get(k).is_some_and(|&o| o < span.end)
            }
        }
    }

    fn time_range(&self) -> Option<(i64, i64)> {
        let mut range: Option<(i64, i64)> = None;
        let mut see = |t: i64| {
            range = Some(range.map_or((t, t), |(lo, hi)| (lo.min(t), hi.max(t))));
        };
        match &self.form {
            Form::Subscriptions { lives, .. } => {
                for l in lives.iter().flatten() {
                    see(l.from);
                    if l.to != i64::MAX {
                        see(l.to);
                    }
                }
            }
            Form::Orders { times, .. } => times.iter().for_each(|&t| see(t)),
        }
        range
    }

    fn compute(&self, span: Span, rows: Rows, out: &mut Metrics) {
        let m = self.movement(span, rows);
        put_count(out, "customers.active_at_start", m.active_at_start);
        put_count(out, "customers.new", m.new);
        put_count(out, "customers.lost", m.lost);
        put_count(out, "customers.active_at_end", m.active_at_end);
        let churn = Tally {
            hits: m.lost,
            total: m.active_at_start,
        };
        put_rate(out, "customers.churn_rate", churn);
        let retained = Tally {
            hits: m.active_at_start - m.lost,
            total: m.active_at_start,
        };
        put_rate(out, "customers.retention_rate", retained);
        if matches!(&self.form, Form::Subscriptions { mrr: Some(_), .. }) {
            out.insert(
                "customers.revenue_churn_rate".to_string(),
                MetricValue::Ratio(ratio(m.mrr_lost, m.mrr_at_start)),
            );
        }
    }

    fn issues(&self) -> &IssueLog {
        &self.issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::table::{ColumnData, NamedColumn, TsColumn};

    const DAY: i64 = 86_400;

    fn ts(name: &str, values: &[Option<i64>]) -> NamedColumn {
        let mut c = TsColumn::default();
        for &v in values {
            c.push(v, false);
        }
        NamedColumn {
            name: name.into(),
            header: name.into(),
            data: ColumnData::Ts(c),
        }
    }

    fn text(name: &str, values: &[&str]) -> NamedColumn {
        let mut c = StrColumn::default();
        for v in values {
            c.push(v);
        }
        NamedColumn {
            name: name.into(),
            header: name.into(),
            data: ColumnData::Str(c),
        }
    }

    fn table(kind: TableKind, columns: Vec<NamedColumn>) -> Table {
        let rows = columns[0].data.len();
        Table {
            kind,
            rows,
            lines: (2..rows as u32 + 2).collect(),
            files: vec![(0, "t.csv".into())],
            columns,
        }
    }

    fn all(c: &Customers) -> Rows<'static> {
        Rows::All(c.rows())
    }

    #[test]
    fn subscription_boundaries_are_half_open() {
        let t = table(
            TableKind::Customers,
            vec![
                ts(
                    "started_at",
                    &[Some(0), Some(10), Some(5), Some(20), Some(5)],
                ),
                ts("ended_at", &[None, Some(20), Some(10), Some(20), Some(4)]),
            ],
        );
        let c = Customers::subscriptions(&t).unwrap();
        // Row 4 ends before it starts: one issue, left out.
        assert_eq!(c.issues.counts.get(&IssueKind::NegativeDuration), Some(&1));
        assert_eq!(c.issues.examples[0].line, 6);
        assert!(!c.active_at(0, 0) && c.active_at(0, 1));
        assert!(!c.active_at(1, 10) && c.active_at(1, 19) && !c.active_at(1, 20));
        let m = c.movement(Span { start: 10, end: 20 }, all(&c));
        // Active at 10: rows 0 (row 2 ends at 10 exactly). New: 1 (starts at 10).
        // Active at 20: row 0 (row 1 ends at 20 exactly, row 3 never active).
        assert_eq!(
            m,
            Movement {
                active_at_start: 1,
                new: 1,
                lost: 0,
                active_at_end: 1,
                ..Movement::default()
            }
        );
        // Row 2 is lost in [0, 10): active at 6..9, not at 10.
        let m = c.movement(Span { start: 6, end: 10 }, all(&c));
        assert_eq!((m.active_at_start, m.lost, m.active_at_end), (2, 1, 1));
        assert!(c.anchored(1, Span { start: 20, end: 30 }));
        assert!(!c.anchored(1, Span { start: 21, end: 30 }));
        assert!(!c.anchored(3, Span { start: 0, end: 20 }));
        assert!(!c.anchored(4, Span { start: 0, end: 30 }));
        assert_eq!(c.time_range(), Some((0, 20)));
    }

    #[test]
    fn order_form_window_is_half_open() {
        let t = table(
            TableKind::Orders,
            vec![
                ts(
                    "ordered_at",
                    &[
                        Some(50 * DAY),
                        Some(0),
                        Some(10 * DAY),
                        Some(5 * DAY),
                        Some(DAY),
                    ],
                ),
                text("customer_id", &["A", "A", "A", "B", ""]),
            ],
        );
        let c = Customers::from_orders(&t, 30.0).unwrap();
        assert_eq!(c.rows(), 2);
        assert_eq!(c.start_of(0), Some(0));
        // A orders at day 0, 10 and 50: active on (0, 40] and (50, 80].
        assert!(!c.active_at(0, 0) && c.active_at(0, 1) && c.active_at(0, 40 * DAY));
        assert!(!c.active_at(0, 40 * DAY + 1) && !c.active_at(0, 50 * DAY));
        assert!(c.active_at(0, 80 * DAY) && !c.active_at(0, 80 * DAY + 1));
        // B orders at day 5: active on (5, 35].
        let m = c.movement(
            Span {
                start: 20 * DAY,
                end: 60 * DAY,
            },
            all(&c),
        );
        assert_eq!(
            (m.active_at_start, m.new, m.lost, m.active_at_end),
            (2, 0, 1, 1)
        );
        assert!(c.anchored(
            0,
            Span {
                start: 50 * DAY,
                end: 51 * DAY
            }
        ));
        assert!(!c.anchored(
            0,
            Span {
                start: 11 * DAY,
                end: 50 * DAY
            }
        ));
        assert_eq!(c.time_range(), Some((0, 50 * DAY)));
        assert!(c.group_column("customer_id").is_none());
    }
}
