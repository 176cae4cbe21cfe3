//! KPI families, one module each (SPEC section 4).
//!
//! A family is prepared once per report ([`Family`]): it reports each bad
//! cell once and derives, row by row, what would cost more to recompute per
//! slice (flags, repeat contacts); what is a look-up or a subtraction
//! (durations, ratings) is read from the table's columns when a slice needs
//! it, so the report holds few bytes per row. The report then asks it for its
//! metrics over any *slice*: a span of time (the period, a trend bucket, a
//! goal's baseline) and a selection of rows ([`Rows`]: all rows, or the rows
//! of one group value).

pub mod calls;
pub mod contacts;
pub mod customers;
pub mod goals;
pub mod orders;
pub mod qa;
pub mod surveys;
pub mod tickets;

use super::error::{Issue, IssueKind, IssueLog};
use super::period::{first_ending_after, Span};
use super::report::{MetricValue, NO_GROUP};
use super::stats::{rate, Sample};
use super::table::{Codes, Floats, Stamps, StrColumn, Table, TsColumn, NO_STR};
use std::collections::BTreeMap;

/// Metric id → value, sorted by id so the report is deterministic.
pub type Metrics = BTreeMap<String, MetricValue>;

/// A KPI family prepared for one report.
pub trait Family {
    /// Number of rows of the family's table; row selections index into it.
    fn rows(&self) -> usize;

    /// The text column used to group this family's rows by `column`
    /// (`agent`, `channel`, ...), if its table has one. Its codes cover every
    /// row; a row coded `NOT_GROUPED` takes no part in the breakdown.
    fn group_column(&self, column: &str) -> Option<&StrColumn>;

    /// Whether row `i` has one of the family's anchor timestamps in `span`.
    fn anchored(&self, i: usize, span: Span) -> bool;

    /// Earliest and latest anchor timestamp over all rows (for the default period).
    fn time_range(&self) -> Option<(i64, i64)>;

    /// Add the family's metrics over the rows `rows` anchored in `span`.
    fn compute(&self, span: Span, rows: Rows, out: &mut Metrics);

    /// Add the family's metrics over each of `slots` (a span of the trend's
    /// buckets, or a group and a span) to the matching entry of `outs`, as
    /// [`Family::compute`] would slot by slot. A family whose tables are
    /// large places each row in its slot in one pass instead.
    fn compute_each(&self, slots: Slots, rows: Rows, outs: &mut [Metrics]) {
        let spans = slots.spans;
        match slots.split {
            None => {
                for (&span, out) in spans.iter().zip(outs) {
                    self.compute(span, rows, out);
                }
            }
            Some(split) => {
                for (g, group) in split.partition(rows).iter().enumerate() {
                    if group.is_empty() {
                        continue;
                    }
                    let outs = &mut outs[g * spans.len()..(g + 1) * spans.len()];
                    for (&span, out) in spans.iter().zip(outs) {
                        self.compute(span, Rows::Only(group), out);
                    }
                }
            }
        }
    }

    /// Problems found while preparing (each bad cell once).
    fn issues(&self) -> &IssueLog;
}

/// A selection of a family's rows, in ascending order.
#[derive(Debug, Clone, Copy)]
pub enum Rows<'r> {
    /// Rows `0..n`, every row: the whole period, the trend and unfiltered
    /// goals need no list of them (4 bytes a row).
    All(usize),
    /// These rows: one group value's, or a goal filter's.
    Only(&'r [u32]),
}

impl<'r> Rows<'r> {
    /// The row indices, ascending.
    pub fn iter(self) -> impl Iterator<Item = usize> + 'r {
        let (all, only): (std::ops::Range<usize>, &[u32]) = match self {
            Rows::All(n) => (0..n, &[]),
            Rows::Only(rows) => (0..0, rows),
        };
        all.chain(only.iter().map(|&r| r as usize))
    }

    /// Number of rows.
    pub fn len(self) -> usize {
        match self {
            Rows::All(n) => n,
            Rows::Only(rows) => rows.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Call `f` on each row, ascending, as a pass ([`for_each_index`]).
    pub fn for_each(self, mut f: impl FnMut(usize)) {
        for_each_index(self.len(), |k| {
            f(match self {
                Rows::All(_) => k,
                Rows::Only(rows) => rows[k] as usize,
            })
        });
    }
}

/// Call `f` on each of `0..n`, ascending, for a pass over many rows: in
/// blocks of [`BLOCK_ROWS`], each a call of a function of its own. A
/// browser's wasm engine (V8) starts each function in a baseline compiler and
/// runs its optimized code only from a later call on: a pass that is one long
/// loop would run unoptimized to its end in the first report, the one the
/// page shows (a third of that report's time over 1e6 tickets).
pub(crate) fn for_each_index(n: usize, mut f: impl FnMut(usize)) {
    // The first block is called apart: wasm-opt inlines a function with one
    // call site, whatever rustc was told.
    for_block(0, n, &mut f);
    for block in 1..n.div_ceil(BLOCK_ROWS) {
        for_block(block, n, &mut f);
    }
}

/// Indices per call of a pass ([`for_each_index`]): enough that the calls
/// cost nothing, few enough that the optimized code takes over early.
const BLOCK_ROWS: usize = 1 << 13;

/// Block `block` of [`for_each_index`]; never inlined, so that each block is a call.
#[inline(never)]
fn for_block(block: usize, n: usize, f: &mut impl FnMut(usize)) {
    let start = block * BLOCK_ROWS;
    (start..n.min(start + BLOCK_ROWS)).for_each(f);
}

/// Seconds per row, read when asked.
pub(crate) enum Seconds<'a> {
    /// `end − created` where `end` is known, else the vendor's seconds.
    Elapsed {
        created: &'a Stamps,
        end: Option<&'a TsColumn>,
        given: Option<&'a Floats>,
    },
    /// The vendor's seconds as given.
    Given(&'a Floats),
    /// Counted once (business hours by the configured clock, a call's talk +
    /// hold + wrap); NaN when unknown.
    Counted(Vec<f64>),
}

impl Seconds<'_> {
    /// Row `i`'s seconds; negative or NaN when not counted.
    ///
    /// Always inlined, as is [`Seconds::get`]: a pass reads several of them per
    /// row, and wasm's opt-level "s" otherwise leaves each read a call.
    #[inline(always)]
    pub(crate) fn raw(&self, i: usize) -> f64 {
        match self {
            Seconds::Elapsed {
                created,
                end,
                given,
            } => match end.and_then(|e| e.get(i)) {
                Some(e) => (e - created.get(i)) as f64,
                None => given.map_or(f64::NAN, |g| g.get(i)),
            },
            Seconds::Given(values) => values.get(i),
            Seconds::Counted(values) => values[i],
        }
    }

    /// Row `i`'s seconds; `None` when unknown or negative (negatives are
    /// reported once, when the family is prepared).
    #[inline(always)]
    pub(crate) fn get(&self, i: usize) -> Option<f64> {
        let secs = self.raw(i);
        (secs >= 0.0).then_some(secs)
    }
}

/// Where a pass puts each row: in the one of `spans` (ascending, disjoint)
/// that holds its anchor and, when the rows are split by a group column, in
/// its group's run of slots. Slot `g * spans.len() + k` is span `k` of group
/// `g`; unsplit, slot `k` is span `k`.
#[derive(Debug, Clone, Copy)]
pub struct Slots<'s> {
    /// The spans, ascending and disjoint.
    pub spans: &'s [Span],
    /// The group of each row, if split.
    pub split: Option<Split<'s>>,
}

/// Rows split by the codes of a group column.
#[derive(Debug, Clone, Copy)]
pub struct Split<'s> {
    /// The column's codes: a value's code is its group.
    codes: &'s Codes,
    /// The group of an empty cell: a group of its own after the values (or
    /// the value `(none)`'s, if the column holds that text).
    empty: u32,
    /// Number of groups.
    groups: usize,
}

impl<'s> Slots<'s> {
    /// One slot per span.
    pub fn spans(spans: &'s [Span]) -> Slots<'s> {
        Slots { spans, split: None }
    }

    /// One slot per group of `split` and span.
    pub fn split(spans: &'s [Span], split: Split<'s>) -> Slots<'s> {
        Slots {
            spans,
            split: Some(split),
        }
    }

    /// Number of slots.
    pub fn len(&self) -> usize {
        self.spans.len() * self.groups()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of groups (1 unsplit).
    pub fn groups(&self) -> usize {
        self.split.map_or(1, |s| s.groups)
    }

    /// Row `i`'s group (0 unsplit); `None` when the row takes no part in
    /// the split.
    #[inline]
    pub fn group(&self, i: usize) -> Option<usize> {
        match self.split {
            None => Some(0),
            Some(split) => split.group(i),
        }
    }

    /// The slot of `group` for the span holding `t`.
    #[inline]
    pub fn holding(&self, group: usize, t: i64) -> Option<usize> {
        self.holding_at(group, first_ending_after(self.spans, t), t)
    }

    /// [`Slots::holding`], given `k = first_ending_after(spans, t)`: for a
    /// pass that needs that index too, one binary search instead of two.
    #[inline]
    pub fn holding_at(&self, group: usize, k: usize, t: i64) -> Option<usize> {
        let span = self.spans.get(k)?;
        (span.start <= t).then_some(group * self.spans.len() + k)
    }
}

impl<'s> Split<'s> {
    /// One group per value of `key`, and one for its empty cells.
    pub fn new(key: &'s StrColumn) -> Split<'s> {
        Split {
            codes: &key.codes,
            empty: key.code_of(NO_GROUP).unwrap_or(key.values.len() as u32),
            groups: key.values.len() + 1,
        }
    }

    /// Number of groups.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// The group of row `i`, `None` for [`NOT_GROUPED`].
    #[inline]
    pub fn group(&self, i: usize) -> Option<usize> {
        match self.codes.get(i) {
            NOT_GROUPED => None,
            NO_STR => Some(self.empty as usize),
            code => Some(code as usize),
        }
    }

    /// The rows of each group, ascending.
    fn partition(&self, rows: Rows) -> Vec<Vec<u32>> {
        let mut groups = vec![Vec::new(); self.groups];
        for i in rows.iter() {
            if let Some(g) = self.group(i) {
                groups[g].push(i as u32);
            }
        }
        groups
    }
}

/// The metrics of every family over each of `spans` (ascending, disjoint),
/// on the rows chosen per family (`None`: the family takes no part).
pub(crate) fn metrics_each<'r>(
    families: &[Box<dyn Family + '_>],
    rows: impl IntoIterator<Item = Option<Rows<'r>>>,
    spans: &[Span],
) -> Vec<Metrics> {
    let mut outs = vec![Metrics::new(); spans.len()];
    for (family, rows) in families.iter().zip(rows) {
        if let Some(rows) = rows {
            family.compute_each(Slots::spans(spans), rows, &mut outs);
        }
    }
    outs
}

/// Group-key code of a row whose table lacks the group column: the row is left
/// out of that breakdown (not grouped as `(none)`). Used by families that span
/// two tables (contacts).
pub(crate) const NOT_GROUPED: u32 = u32::MAX - 1;

/// The text column `name` of `table`, as a group key.
pub(crate) fn table_group_column<'t>(table: &'t Table, name: &str) -> Option<&'t StrColumn> {
    table.str(name)
}

/// Earliest and latest value over several timestamp columns.
pub(crate) fn min_max<'a>(columns: impl IntoIterator<Item = &'a Stamps>) -> Option<(i64, i64)> {
    let mut range: Option<(i64, i64)> = None;
    for col in columns {
        for_each_index(col.len(), |i| {
            let t = col.get(i);
            if t != super::table::NO_TS {
                widen_range(&mut range, t);
            }
        });
    }
    range
}

/// Widen `range` (earliest, latest) to hold `t`.
#[inline]
pub(crate) fn widen_range(range: &mut Option<(i64, i64)>, t: i64) {
    *range = Some(match *range {
        None => (t, t),
        Some((lo, hi)) => (lo.min(t), hi.max(t)),
    });
}

/// Accumulates a rate's numerator and denominator.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tally {
    /// Cases counted.
    pub hits: u64,
    /// Cases eligible.
    pub total: u64,
}

impl Tally {
    /// Count one eligible case, a hit if `hit`.
    #[inline]
    pub fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hits += hit as u64;
    }

    /// The rate metric.
    pub fn metric(self) -> MetricValue {
        MetricValue::Rate(rate(self.hits, self.total))
    }
}

/// The issue of a negative vendor duration `seconds` in row `i`'s `column`.
pub(crate) fn negative_duration(table: &Table, i: usize, column: &str, seconds: f64) -> Issue {
    table.issue(
        i,
        IssueKind::NegativeDuration,
        column,
        &seconds.to_string(),
        "a negative duration; left out of the metric",
    )
}

/// Put a count metric.
pub(crate) fn put_count(out: &mut Metrics, id: &str, value: u64) {
    out.insert(id.to_string(), MetricValue::Count { value });
}

/// Put a distribution metric over `values` (reordered in place).
pub(crate) fn put_dist(out: &mut Metrics, id: &str, values: &mut Sample) {
    out.insert(id.to_string(), MetricValue::Dist(values.dist()));
}

/// Put a rate metric.
pub(crate) fn put_rate(out: &mut Metrics, id: &str, tally: Tally) {
    out.insert(id.to_string(), tally.metric());
}
