//! Ticket KPIs (SPEC section 4, "tickets").
//!
//! Anchors: `created_at` for volume, first response, escalation, transfers,
//! complaints, FCR, handle time and first-response SLA; `solved_at` for
//! solved, resolution, one-touch, replies, reopens and resolution SLA. Backlog
//! is a stock at the slice's end.
//!
//! Per row:
//! - first response = `first_response_at − created_at`, else the vendor's
//!   `first_response_seconds`; resolution = `solved_at − created_at`, else
//!   `resolution_seconds`. A negative duration is left out and reported once.
//! - business-hours versions: counted with the configured business hours when
//!   set, else the vendor's business columns.
//! - complaint: a known `is_complaint` decides; otherwise tags or category
//!   containing a complaint keyword (case-insensitive substring).
//! - repeat contact: another ticket of the same customer created in
//!   `(t, t + repeat_contact_days]`; FCR counts tickets without one.
//! - SLA: first response (resolution) within the priority's target, calendar time.
//!
//! Durations are not kept per row (8 bytes a row each): a slice reads them
//! from the table's columns. Only business hours by the configured clock are
//! counted once, as counting them costs more per row than a pass.

use super::{
    min_max, negative_duration, put_count, put_dist, put_rate, table_group_column, Family, Metrics,
    Rows, Seconds, Slots, Tally,
};
use crate::engine::config::Config;
use crate::engine::dataset::Dataset;
use crate::engine::error::{IssueKind, IssueLog};
use crate::engine::period::{first_ending_after, BusinessClock, Span};
use crate::engine::schema::TableKind;
use crate::engine::stats::Sample;
use crate::engine::table::{
    Codes, Ints, Stamps, StrColumn, Table, TsColumn, NO_BOOL, NO_STR, NO_TS,
};

/// Prepare the tickets family of each tickets file.
pub fn families<'a>(data: &'a Dataset, config: &Config) -> Vec<Box<dyn Family + 'a>> {
    data.table(TableKind::Tickets)
        .and_then(|t| Tickets::new(t, config))
        .map(|t| Box::new(t) as Box<dyn Family + 'a>)
        .into_iter()
        .collect()
}

/// Tri-state flag per row: 0 no, 1 yes, [`NO_BOOL`] unknown.
type Flags = Vec<u8>;

/// From this many rows on, the handle times and the replies per solved
/// ticket are each gathered in a pass of their own, once the distributions
/// gathered beside them are summarised and freed: 4 bytes a row less at the
/// report's peak (150 MB for a 5 GB export), for two passes more (about a
/// tenth of the report's time). Below, memory is not what limits.
const ROWS_FOR_PASSES_APART: usize = 1 << 22;

/// The tickets family, prepared for one report.
pub struct Tickets<'a> {
    table: &'a Table,
    /// Rows from which distributions are gathered apart ([`ROWS_FOR_PASSES_APART`]).
    rows_for_passes_apart: usize,
    created: &'a Stamps,
    solved: Option<&'a Stamps>,
    first_response_at: Option<&'a TsColumn>,
    first_response: Option<Seconds<'a>>,
    resolution: Option<Seconds<'a>>,
    first_response_business: Option<Seconds<'a>>,
    resolution_business: Option<Seconds<'a>>,
    /// Status is solved or closed (for backlog).
    closed_status: Option<ValueTest<'a>>,
    complaint: Option<Complaints<'a>>,
    /// 1: another ticket of the same customer followed within the window.
    repeat: Option<Flags>,
    first_response_sla_met: Option<Flags>,
    resolution_sla_met: Option<Flags>,
    replies: Option<&'a Ints>,
    reopens: Option<&'a Ints>,
    escalated: Option<&'a [u8]>,
    transfers: Option<&'a Ints>,
    expert_transfer: Option<&'a [u8]>,
    /// Agent work seconds.
    handle: Option<Seconds<'a>>,
    issues: IssueLog,
}

/// Whether `flags[i]` is known and set.
#[inline]
fn is(flags: &[u8], i: usize) -> bool {
    flags[i] == 1
}

/// Known tri-state as `Option<bool>`.
#[inline]
fn known(flags: &[u8], i: usize) -> Option<bool> {
    (flags[i] != NO_BOOL).then_some(flags[i] == 1)
}

impl<'a> Tickets<'a> {
    /// Prepare the tickets of `table` (a tickets table) under `config`.
    pub fn new(table: &'a Table, config: &Config) -> Option<Tickets<'a>> {
        let created = &table.ts("created_at")?.secs;
        let solved = table.ts("solved_at").map(|c| &c.secs);
        let mut issues = IssueLog::default();
        let clock = config
            .business_hours
            .clone()
            .map(|h| BusinessClock::new(h, config.time_zone));

        let mut durations = |to: &str, given: &str, business_given: &str| {
            let calendar = elapsed(table, created, to, given, &mut issues);
            let business = match &clock {
                Some(clock) => table
                    .ts(to)
                    .map(|end| business_elapsed(clock, created, &end.secs)),
                None => given_seconds(table, business_given, &mut issues),
            };
            (calendar, business)
        };
        let (first_response, first_response_business) = durations(
            "first_response_at",
            "first_response_seconds",
            "first_response_business_seconds",
        );
        let (resolution, resolution_business) = durations(
            "solved_at",
            "resolution_seconds",
            "resolution_business_seconds",
        );

        let priority = table.str("priority");
        let sla_met = |secs: &Option<Seconds>, resolution: bool| -> Option<Flags> {
            let secs = secs.as_ref()?;
            let targets = sla_targets(config, priority, resolution);
            let flags: Flags = (0..table.rows)
                .map(|i| {
                    let target = match priority {
                        Some(p) if p.codes.get(i) != NO_STR => targets[p.codes.get(i) as usize],
                        _ => targets.last().copied().flatten(),
                    };
                    match (target, secs.get(i)) {
                        (Some(t), Some(s)) => (s <= t) as u8,
                        _ => NO_BOOL,
                    }
                })
                .collect();
            Some(flags)
        };
        let (first_response_sla_met, resolution_sla_met) = if config.sla.is_empty() {
            (None, None)
        } else {
            (sla_met(&first_response, false), sla_met(&resolution, true))
        };

        Some(Tickets {
            table,
            rows_for_passes_apart: ROWS_FOR_PASSES_APART,
            created,
            solved,
            first_response_at: table.ts("first_response_at"),
            first_response,
            resolution,
            first_response_business,
            resolution_business,
            closed_status: table.str("status").map(|s| {
                ValueTest::new(s, |v| {
                    matches!(v.to_lowercase().as_str(), "solved" | "closed" | "resolved")
                })
            }),
            complaint: Complaints::new(table, &config.complaint_keywords),
            repeat: table
                .str("customer_id")
                .map(|c| repeats(created, c, config.repeat_contact_days * 86_400.0)),
            first_response_sla_met,
            resolution_sla_met,
            replies: table.int("replies"),
            reopens: table.int("reopens"),
            escalated: table.bool("escalated"),
            transfers: table.int("transfers"),
            expert_transfer: table.bool("expert_transfer"),
            handle: given_seconds(table, "handle_seconds", &mut issues),
            issues,
        })
    }

    /// Count row `i`, created in span `open_from` or before it, in the
    /// backlog of the spans it is open at the end of (a stock, not an
    /// event): created before their end and not yet solved, leaving out
    /// tickets marked solved/closed that lack a solved_at.
    #[inline]
    fn count_backlog(
        &self,
        i: usize,
        group: usize,
        open_from: usize,
        spans: &[Span],
        backlog_change: &mut [i64],
    ) {
        let open_until = match self.solved_at(i) {
            Some(s) => first_ending_after(spans, s),
            None if self.closed_status.as_ref().is_some_and(|s| s.passes(i)) => open_from,
            None => spans.len(),
        };
        if open_from < open_until {
            let changes = group * (spans.len() + 1);
            backlog_change[changes + open_from] += 1;
            backlog_change[changes + open_until] -= 1;
        }
    }

    #[inline]
    fn solved_at(&self, i: usize) -> Option<i64> {
        self.solved.map(|s| s.get(i)).filter(|&t| t != NO_TS)
    }
}

/// Per dictionary value of `priority` the SLA target, then the `default` target last.
fn sla_targets(
    config: &Config,
    priority: Option<&StrColumn>,
    resolution: bool,
) -> Vec<Option<f64>> {
    let mut targets: Vec<Option<f64>> = priority
        .map(|p| {
            p.values
                .iter()
                .map(|v| config.sla_target(Some(v), resolution))
                .collect()
        })
        .unwrap_or_default();
    targets.push(config.sla_target(None, resolution));
    targets
}

/// `to − created_at` per row, else the vendor's seconds column `given`.
/// `None` when neither column exists. Each negative duration is an issue.
fn elapsed<'a>(
    table: &'a Table,
    created: &'a Stamps,
    to: &str,
    given: &str,
    issues: &mut IssueLog,
) -> Option<Seconds<'a>> {
    let end = table.ts(to);
    let vendor = table.dur(given);
    if end.is_none() && vendor.is_none() {
        return None;
    }
    let seconds = Seconds::Elapsed {
        created,
        end,
        given: vendor,
    };
    for i in 0..table.rows {
        let secs = seconds.raw(i);
        if secs < 0.0 {
            let (column, raw) = match end.and_then(|e| e.get(i)) {
                Some(_) => (to, format!("{secs} s")),
                None => (given, secs.to_string()),
            };
            issues.push(table.issue(
                i,
                IssueKind::NegativeDuration,
                column,
                &raw,
                format!(
                    "{} ends before created_at; left out of the metric",
                    table.header(column)
                ),
            ));
        }
    }
    Some(seconds)
}

/// A vendor duration column as given; each negative one is an issue.
fn given_seconds<'a>(table: &'a Table, column: &str, issues: &mut IssueLog) -> Option<Seconds<'a>> {
    let values = table.dur(column)?;
    for (i, s) in values.iter().enumerate() {
        if s < 0.0 {
            issues.push(negative_duration(table, i, column, s));
        }
    }
    Some(Seconds::Given(values))
}

/// Business seconds from `created` to `end` per row; NaN when either is missing
/// or `end` is before `created` (already reported by the calendar version).
fn business_elapsed(clock: &BusinessClock, created: &Stamps, end: &Stamps) -> Seconds<'static> {
    Seconds::Counted(
        created
            .iter()
            .zip(end.iter())
            .map(|(c, e)| {
                if c == NO_TS || e == NO_TS || e < c {
                    f64::NAN
                } else {
                    clock.seconds_between(c, e) as f64
                }
            })
            .collect(),
    )
}

/// Whether a row's value in a text column passes a test, decided once per
/// distinct value and looked up by the row's code: no byte a row to hold
/// while the report runs.
struct ValueTest<'a> {
    codes: &'a Codes,
    /// Per code, whether its value passes.
    passes: Vec<bool>,
}

impl<'a> ValueTest<'a> {
    fn new(column: &'a StrColumn, test: impl Fn(&str) -> bool) -> ValueTest<'a> {
        ValueTest {
            codes: &column.codes,
            passes: column.values.iter().map(test).collect(),
        }
    }

    /// Whether row `i` holds a value that passes (an empty cell does not).
    #[inline]
    fn passes(&self, i: usize) -> bool {
        // `NO_STR` is past every code.
        self.passes.get(self.codes.get(i) as usize) == Some(&true)
    }
}

/// Which tickets are complaints: `is_complaint` when known, else a
/// complaint keyword in tags or category (case-insensitive substring).
struct Complaints<'a> {
    given: Option<&'a [u8]>,
    keyword: Vec<ValueTest<'a>>,
}

impl<'a> Complaints<'a> {
    /// `None` when the table has none of these columns.
    fn new(table: &'a Table, keywords: &[String]) -> Option<Complaints<'a>> {
        let given = table.bool("is_complaint");
        let keyword: Vec<ValueTest> = ["tags", "category"]
            .iter()
            .filter_map(|name| table.str(name))
            .map(|column| {
                ValueTest::new(column, |v| {
                    let v = v.to_lowercase();
                    keywords.iter().any(|k| v.contains(k.as_str()))
                })
            })
            .collect();
        (given.is_some() || !keyword.is_empty()).then_some(Complaints { given, keyword })
    }

    /// Whether row `i` is a complaint.
    #[inline]
    fn is(&self, i: usize) -> bool {
        match self.given.map(|f| f[i]) {
            Some(f) if f != NO_BOOL => f == 1,
            _ => self.keyword.iter().any(|k| k.passes(i)),
        }
    }
}

/// Per row: 1 if the same customer created another ticket in `(t, t + window]`,
/// 0 if not, [`NO_BOOL`] without a customer or creation time.
pub(crate) fn repeats(created: &Stamps, customers: &StrColumn, window_seconds: f64) -> Flags {
    // The rows grouped by customer with a counting sort on the dictionary
    // codes (4 bytes a row and 4 a customer, where sorting (customer, time,
    // row) triples took 16 bytes a row), then each customer's few tickets
    // sorted by time in a scratch buffer, so their times sit side by side.
    let customer = &customers.codes;
    let counted = |i: usize| customer.get(i) != NO_STR && created.get(i) != NO_TS;
    // ends[c]: first, after counting, where customer c's rows start; then,
    // once they are placed, where they end (and customer c + 1's start).
    let mut ends = vec![0u32; customers.values.len()];
    let mut total = 0;
    for i in (0..created.len()).filter(|&i| counted(i)) {
        ends[customer.get(i) as usize] += 1;
    }
    for end in &mut ends {
        (*end, total) = (total, total + *end);
    }
    let mut by_customer = vec![0u32; total as usize];
    for i in (0..created.len()).filter(|&i| counted(i)) {
        let end = &mut ends[customer.get(i) as usize];
        by_customer[*end as usize] = i as u32;
        *end += 1;
    }

    let mut out = vec![NO_BOOL; created.len()];
    let mut tickets: Vec<(i64, u32)> = Vec::new();
    let mut start = 0;
    for &end in &ends {
        tickets.clear();
        tickets.extend(
            by_customer[start as usize..end as usize]
                .iter()
                .map(|&i| (created.get(i as usize), i)),
        );
        tickets.sort_unstable_by_key(|&(t, _)| t);
        for (k, &(t, i)) in tickets.iter().enumerate() {
            // The first later ticket (equal times are not "later").
            let next = tickets[k + 1..].iter().map(|&(u, _)| u).find(|&u| u > t);
            out[i as usize] = next.is_some_and(|u| (u - t) as f64 <= window_seconds) as u8;
        }
        start = end;
    }
    out
}

impl Family for Tickets<'_> {
    fn rows(&self) -> usize {
        self.table.rows
    }

    fn group_column(&self, column: &str) -> Option<&StrColumn> {
        table_group_column(self.table, column)
    }

    fn anchored(&self, i: usize, span: Span) -> bool {
        span.contains(self.created.get(i)) || self.solved_at(i).is_some_and(|t| span.contains(t))
    }

    fn time_range(&self) -> Option<(i64, i64)> {
        min_max([Some(self.created), self.solved].into_iter().flatten())
    }

    fn issues(&self) -> &IssueLog {
        &self.issues
    }

    fn compute(&self, span: Span, rows: Rows, out: &mut Metrics) {
        self.compute_each(Slots::spans(&[span]), rows, std::slice::from_mut(out));
    }

    /// One pass over `rows`: each row's anchors are placed in their span by
    /// binary search, and the backlog (a stock, not an event) is counted per
    /// span from the range of spans each open ticket stays open across.
    fn compute_each(&self, slots: Slots, rows: Rows, outs: &mut [Metrics]) {
        // Over all rows (the period, the trend, the groups), each slot's
        // tickets by anchor are counted first, in a pass that reads three
        // columns in order, and each distribution's buffer is allocated once,
        // at most that large: grown by doubling, the buffers held up to twice
        // their values, and the copies on the way fragment wasm's memory. A
        // goal's filtered rows are fewer and scattered, so its buffers grow
        // as they go.
        let spans = slots.spans;
        let mut anchored = vec![(0, 0); slots.len()];
        if let Rows::All(_) = rows {
            rows.for_each(|i| {
                let Some(group) = slots.group(i) else {
                    return;
                };
                if let Some(k) = slots.holding(group, self.created.get(i)) {
                    anchored[k].0 += 1;
                }
                if let Some(k) = self.solved_at(i).and_then(|s| slots.holding(group, s)) {
                    anchored[k].1 += 1;
                }
            });
        }
        // The created tickets' metrics first, then, in a second pass, the
        // solved ones': each distribution's values are held only until its
        // summary is taken, so the two sets never take memory at once (the
        // report's peak 40 % lower on a tickets export; the second pass
        // costs about what it saves in the first).
        let passes = Gather::passes(rows.len(), self.rows_for_passes_apart);
        // Per group, backlog[k] − backlog[k − 1], from the spans each row is
        // open at the end of: group g's changes are at g * (spans.len() + 1).
        let mut backlog_change = vec![0i64; slots.groups() * (spans.len() + 1)];
        for &gather in passes {
            let mut opened: Vec<Opened> = anchored
                .iter()
                .map(|&(created, _)| Opened::with_capacity(self, created, gather))
                .collect();
            rows.for_each(|i| {
                let Some(group) = slots.group(i) else {
                    return;
                };
                let c = self.created.get(i);
                let open_from = first_ending_after(spans, c);
                if gather.rest() {
                    self.count_backlog(i, group, open_from, spans, &mut backlog_change);
                }
                let Some(k) = slots.holding_at(group, open_from, c) else {
                    return;
                };
                let slice = &mut opened[k];
                if gather.held_back() {
                    push_seconds(&mut slice.handle, &self.handle, i);
                }
                if !gather.rest() {
                    return;
                }
                slice.created += 1;
                push_seconds(&mut slice.first_response, &self.first_response, i);
                push_seconds(
                    &mut slice.first_response_business,
                    &self.first_response_business,
                    i,
                );
                if self.first_response_at.is_some_and(|f| f.get(i).is_none()) {
                    slice.unanswered += 1;
                }
                if let Some(e) = self.escalated.and_then(|e| known(e, i)) {
                    slice.escalation.add(e);
                }
                if let Some(n) = self.transfers.and_then(|t| t.get(i)) {
                    let moved = n > 0;
                    slice.transfer.add(moved);
                    let wanted = self.expert_transfer.and_then(|e| known(e, i));
                    slice.expert.add(moved && wanted == Some(true));
                    slice.unnecessary.add(moved && wanted == Some(false));
                }
                if let Some(complaint) = &self.complaint {
                    if complaint.is(i) {
                        slice.complaints += 1;
                        if self.escalated.is_some_and(|e| is(e, i)) {
                            slice.escalated_complaints += 1;
                        }
                    }
                }
                if let Some(repeat) = self.repeat.as_ref().and_then(|f| known(f, i)) {
                    slice.fcr.add(!repeat);
                }
                if let Some(met) = self
                    .first_response_sla_met
                    .as_ref()
                    .and_then(|f| known(f, i))
                {
                    slice.first_response_sla.add(met);
                }
            });
            for (slice, out) in opened.into_iter().zip(outs.iter_mut()) {
                slice.put(self, gather, out);
            }
        }

        for &gather in passes {
            let mut solved: Vec<Solved> = anchored
                .iter()
                .map(|&(_, solved)| Solved::with_capacity(self, solved, gather))
                .collect();
            rows.for_each(|i| {
                let Some(group) = slots.group(i) else {
                    return;
                };
                if let Some(k) = self.solved_at(i).and_then(|s| slots.holding(group, s)) {
                    let slice = &mut solved[k];
                    let replies = self.replies.and_then(|r| r.get(i));
                    if let Some(n) = replies.filter(|_| gather.held_back()) {
                        slice.replies_per_solved.push(n as f64);
                    }
                    if !gather.rest() {
                        return;
                    }
                    slice.solved += 1;
                    push_seconds(&mut slice.resolution, &self.resolution, i);
                    push_seconds(&mut slice.resolution_business, &self.resolution_business, i);
                    if let Some(n) = replies {
                        slice.one_touch.add(n <= 1);
                    }
                    if let Some(n) = self.reopens.and_then(|r| r.get(i)) {
                        slice.reopen.add(n > 0);
                    }
                    if let Some(met) = self.resolution_sla_met.as_ref().and_then(|f| known(f, i)) {
                        slice.resolution_sla.add(met);
                    }
                } else if self.solved.is_none() && gather.rest() {
                    // No solved_at column: resolution comes from the vendor's
                    // seconds, anchored at creation + resolution.
                    if let Some(s) = self.resolution.as_ref().and_then(|r| r.get(i)) {
                        if let Some(k) =
                            slots.holding(group, self.created.get(i).saturating_add(s as i64))
                        {
                            solved[k].resolution.push(s);
                        }
                    }
                }
            });

            let mut backlog = 0;
            for (slot, (slice, out)) in solved.into_iter().zip(outs.iter_mut()).enumerate() {
                let (group, k) = (slot / spans.len(), slot % spans.len());
                if k == 0 {
                    backlog = 0;
                }
                backlog += backlog_change[group * (spans.len() + 1) + k];
                slice.put(self, backlog as u64, gather, out);
            }
        }
    }
}

/// What a pass over the rows gathers. Files of [`ROWS_FOR_PASSES_APART`]
/// rows or more hold one distribution back (the handle times in the
/// created tickets' pass, the replies in the solved ones') for a pass of
/// its own.
#[derive(Clone, Copy, PartialEq)]
enum Gather {
    /// Everything, in one pass.
    All,
    /// All but the distribution held back, ...
    AllButOne,
    /// ... then that one alone.
    HeldBack,
}

impl Gather {
    /// The passes over `rows` rows.
    fn passes(rows: usize, apart_from: usize) -> &'static [Gather] {
        if rows >= apart_from {
            &[Gather::AllButOne, Gather::HeldBack]
        } else {
            &[Gather::All]
        }
    }

    /// Whether the counts, the rates and most distributions are gathered.
    fn rest(self) -> bool {
        self != Gather::HeldBack
    }

    /// Whether the distribution that may be held back is gathered.
    fn held_back(self) -> bool {
        self != Gather::AllButOne
    }
}

/// Add row `i`'s `seconds`, when known, to `sample`. Always inlined: a pass
/// calls it per row and distribution, and wasm's opt-level "s" left it a call.
#[inline(always)]
fn push_seconds(sample: &mut Sample, seconds: &Option<Seconds>, i: usize) {
    // Matched, not `and_then`: opt-level "s" left that closure a call.
    if let Some(seconds) = seconds {
        if let Some(x) = seconds.get(i) {
            sample.push(x);
        }
    }
}

/// What the created tickets' metrics of one slot accumulate.
#[derive(Default)]
struct Opened {
    created: u64,
    unanswered: u64,
    first_response: Sample,
    first_response_business: Sample,
    handle: Sample,
    escalation: Tally,
    transfer: Tally,
    expert: Tally,
    unnecessary: Tally,
    complaints: u64,
    escalated_complaints: u64,
    fcr: Tally,
    first_response_sla: Tally,
}

impl Opened {
    /// Room for the distributions of `t` over `created` tickets that a
    /// pass gathers (the handle times are the ones held back).
    fn with_capacity(t: &Tickets, created: usize, gather: Gather) -> Opened {
        let room = |column: bool| Sample::with_capacity(if column { created } else { 0 });
        let rest = gather.rest();
        Opened {
            first_response: room(t.first_response.is_some() && rest),
            first_response_business: room(t.first_response_business.is_some() && rest),
            handle: room(t.handle.is_some() && gather.held_back()),
            ..Opened::default()
        }
    }

    /// Put the metrics the columns of `t` allow that a pass gathered.
    fn put(mut self, t: &Tickets, gather: Gather, out: &mut Metrics) {
        if t.handle.is_some() && gather.held_back() {
            put_dist(out, "tickets.handle_seconds", &mut self.handle);
        }
        if !gather.rest() {
            return;
        }
        put_count(out, "tickets.created", self.created);
        if t.first_response.is_some() {
            put_dist(
                out,
                "tickets.first_response_seconds",
                &mut self.first_response,
            );
        }
        if t.first_response_at.is_some() {
            put_count(out, "tickets.unanswered", self.unanswered);
        }
        if t.first_response_business.is_some() {
            put_dist(
                out,
                "tickets.first_response_business_seconds",
                &mut self.first_response_business,
            );
        }
        if t.complaint.is_some() {
            put_count(out, "tickets.complaints", self.complaints);
            put_rate(
                out,
                "tickets.complaint_rate",
                Tally {
                    hits: self.complaints,
                    total: self.created,
                },
            );
            if t.escalated.is_some() {
                put_count(
                    out,
                    "tickets.escalated_complaints",
                    self.escalated_complaints,
                );
            }
        }
        if t.escalated.is_some() {
            put_rate(out, "tickets.escalation_rate", self.escalation);
        }
        if t.transfers.is_some() {
            put_rate(out, "tickets.transfer_rate", self.transfer);
            if t.expert_transfer.is_some() {
                put_rate(out, "tickets.expert_transfer_rate", self.expert);
                put_rate(out, "tickets.unnecessary_transfer_rate", self.unnecessary);
            }
        }
        if t.repeat.is_some() {
            put_rate(out, "tickets.fcr_rate", self.fcr);
        }
        if t.first_response_sla_met.is_some() {
            put_rate(
                out,
                "tickets.first_response_sla_rate",
                self.first_response_sla,
            );
        }
    }
}

/// What the solved tickets' metrics of one slot accumulate.
#[derive(Default)]
struct Solved {
    solved: u64,
    resolution: Sample,
    resolution_business: Sample,
    replies_per_solved: Sample,
    one_touch: Tally,
    reopen: Tally,
    resolution_sla: Tally,
}

impl Solved {
    /// Room for the distributions of `t` over `solved` tickets that a pass
    /// gathers (the replies are the ones held back).
    fn with_capacity(t: &Tickets, solved: usize, gather: Gather) -> Solved {
        let room = |column: bool| Sample::with_capacity(if column { solved } else { 0 });
        let rest = gather.rest();
        Solved {
            resolution: room(t.resolution.is_some() && rest),
            resolution_business: room(t.resolution_business.is_some() && rest),
            replies_per_solved: room(t.replies.is_some() && gather.held_back()),
            ..Solved::default()
        }
    }

    /// Put the metrics the columns of `t` allow that a pass gathered, with
    /// the span's `backlog`.
    fn put(mut self, t: &Tickets, backlog: u64, gather: Gather, out: &mut Metrics) {
        if t.solved.is_some() && t.replies.is_some() && gather.held_back() {
            put_dist(
                out,
                "tickets.replies_per_solved",
                &mut self.replies_per_solved,
            );
        }
        if !gather.rest() {
            return;
        }
        if t.solved.is_some() {
            put_count(out, "tickets.solved", self.solved);
            put_count(out, "tickets.backlog", backlog);
        }
        if t.resolution.is_some() {
            put_dist(out, "tickets.resolution_seconds", &mut self.resolution);
        }
        if t.resolution_business.is_some() {
            put_dist(
                out,
                "tickets.resolution_business_seconds",
                &mut self.resolution_business,
            );
        }
        if t.solved.is_some() && t.replies.is_some() {
            put_rate(out, "tickets.one_touch_rate", self.one_touch);
        }
        if t.solved.is_some() && t.reopens.is_some() {
            put_rate(out, "tickets.reopen_rate", self.reopen);
        }
        if t.resolution_sla_met.is_some() && t.solved.is_some() {
            put_rate(out, "tickets.resolution_sla_rate", self.resolution_sla);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::kpi::surveys::tests::{table, text, ts};
    use crate::engine::kpi::Split;
    use crate::engine::table::ColumnData;

    #[test]
    fn one_pass_over_buckets_matches_each_bucket_alone() {
        const H: i64 = 3_600;
        // Created, solved (NO_TS: open), status: tickets before, inside, across
        // and after the buckets, solved at a bucket's edge, and closed without
        // a solved time (left out of the backlog).
        let rows = [
            (-5 * H, 2 * H, "solved"),
            (-H, NO_TS, "open"),
            (0, H, "solved"),
            (H / 2, 3 * H, "solved"),
            (H, NO_TS, "closed"),
            (2 * H, 2 * H + 5, "solved"),
            (3 * H - 1, NO_TS, "pending"),
            (4 * H, 5 * H, "solved"),
        ];
        let data = table(
            TableKind::Tickets,
            vec![
                ("created_at", ts(&rows.map(|r| r.0))),
                ("solved_at", ts(&rows.map(|r| r.1))),
                ("status", text(&rows.map(|r| r.2))),
                (
                    "replies",
                    ColumnData::Int(
                        [
                            Some(1),
                            Some(2),
                            None,
                            Some(3),
                            Some(1),
                            Some(0),
                            Some(2),
                            Some(1),
                        ]
                        .into_iter()
                        .collect(),
                    ),
                ),
            ],
        );
        let tickets = Tickets::new(&data, &Config::default()).expect("tickets");
        let all = Rows::All(rows.len());
        // Buckets with a gap between the second and the third.
        let spans = [(0, H), (H, 2 * H), (3 * H, 4 * H), (4 * H, 6 * H)]
            .map(|(start, end)| Span { start, end });
        let mut together: [Metrics; 4] = Default::default();
        tickets.compute_each(Slots::spans(&spans), all, &mut together);
        for (span, metrics) in spans.iter().zip(&together) {
            let mut alone = Metrics::new();
            tickets.compute(*span, all, &mut alone);
            assert_eq!(&alone, metrics, "{span:?}");
        }
        let backlog = |m: &Metrics| match m.get("tickets.backlog") {
            Some(crate::engine::report::MetricValue::Count { value }) => *value,
            other => panic!("backlog: {other:?}"),
        };
        // Open at 1 h: rows 0, 1, 3, and 2 solved at that very second (row 4
        // is closed); at 2 h: 0, 1, 3; at 4 h and 6 h: 1 and 6.
        assert_eq!(together.map(|m| backlog(&m)), [4, 3, 2, 2]);
    }

    #[test]
    fn distributions_gathered_apart_match_those_gathered_together() {
        const H: i64 = 3_600;
        // 400 tickets over two days: some unsolved, some without replies or
        // handle time, three agents and some without one.
        let n = 400;
        let created: Vec<i64> = (0..n).map(|i| i * 431 % (48 * H)).collect();
        let solved: Vec<i64> = (0..n)
            .map(|i| match i % 7 {
                0 => NO_TS,
                k => created[i as usize] + k * 1_999 + i,
            })
            .collect();
        let replies = (0..n).map(|i| (i % 5 != 0).then_some(i % 4));
        let handle = (0..n).map(|i| {
            if i % 6 == 0 {
                f64::NAN
            } else {
                (i * 37 % 900) as f64
            }
        });
        let agents: Vec<&str> = (0..n)
            .map(|i| ["A", "B", "", "C"][i as usize % 4])
            .collect();
        let data = table(
            TableKind::Tickets,
            vec![
                ("created_at", ts(&created)),
                ("solved_at", ts(&solved)),
                ("replies", ColumnData::Int(replies.collect())),
                ("handle_seconds", ColumnData::Dur(handle.collect())),
                ("agent", text(&agents)),
            ],
        );
        let together = Tickets::new(&data, &Config::default()).expect("tickets");
        let apart = Tickets {
            rows_for_passes_apart: 0,
            ..Tickets::new(&data, &Config::default()).expect("tickets")
        };
        let spans = [(0, 12 * H), (12 * H, 30 * H), (36 * H, 50 * H)]
            .map(|(start, end)| Span { start, end });
        let some: Vec<u32> = (0..n as u32).filter(|i| i % 3 != 1).collect();
        let split = Split::new(data.str("agent").expect("agent"));
        for rows in [Rows::All(n as usize), Rows::Only(&some)] {
            for slots in [Slots::spans(&spans), Slots::split(&spans, split)] {
                let mut expected = vec![Metrics::new(); slots.len()];
                together.compute_each(slots, rows, &mut expected);
                let mut got = vec![Metrics::new(); slots.len()];
                apart.compute_each(slots, rows, &mut got);
                assert_eq!(got, expected);
                assert!(got.iter().all(|m| m.contains_key("tickets.handle_seconds")));
                assert!(got
                    .iter()
                    .all(|m| m.contains_key("tickets.replies_per_solved")));
            }
        }
    }

    #[test]
    fn one_pass_over_groups_matches_each_group_alone() {
        const H: i64 = 3_600;
        // Created, solved, agent: an empty agent and one literally named
        // "(none)" share a group, as they share a name in the report.
        let rows = [
            (0, 2 * H, "Ann"),
            (H, NO_TS, ""),
            (H / 2, 3 * H, "Bo"),
            (2 * H, 2 * H + 5, "(none)"),
            (3 * H, 5 * H, "Ann"),
            (-H, H, "Bo"),
            (4 * H, NO_TS, "Cy"),
        ];
        let data = table(
            TableKind::Tickets,
            vec![
                ("created_at", ts(&rows.map(|r| r.0))),
                ("solved_at", ts(&rows.map(|r| r.1))),
                ("agent", text(&rows.map(|r| r.2))),
                (
                    "replies",
                    ColumnData::Int(
                        [Some(1), Some(2), Some(0), Some(3), Some(1), None, Some(2)]
                            .into_iter()
                            .collect(),
                    ),
                ),
            ],
        );
        let tickets = Tickets::new(&data, &Config::default()).expect("tickets");
        let key = data.str("agent").expect("agent");
        let spans = [(0, 2 * H), (2 * H, 4 * H)].map(|(start, end)| Span { start, end });
        let split = Split::new(key);
        let slots = Slots::split(&spans, split);
        let mut together = vec![Metrics::new(); slots.len()];
        tickets.compute_each(slots, Rows::All(rows.len()), &mut together);
        for g in 0..split.groups() {
            let group: Vec<u32> = (0..rows.len() as u32)
                .filter(|&i| split.group(i as usize) == Some(g))
                .collect();
            for (k, span) in spans.iter().enumerate() {
                let mut alone = Metrics::new();
                tickets.compute(*span, Rows::Only(&group), &mut alone);
                assert_eq!(alone, together[g * spans.len() + k], "group {g}, {span:?}");
            }
        }
        // Ann, Bo, "(none)" with the empty cell, Cy; the spare group is empty.
        assert_eq!(split.group(1), split.group(3));
        assert_eq!(split.groups(), 5);
    }

    /// A timestamp column of `secs`.
    fn stamps(secs: &[i64]) -> Stamps {
        secs.iter().copied().collect()
    }

    /// A customer column whose code `c` is the value `c{c}` ([`NO_STR`]: empty).
    fn column(codes: &[u32]) -> StrColumn {
        let mut column = StrColumn::default();
        for &c in codes {
            column.push(&if c == NO_STR {
                String::new()
            } else {
                format!("c{c}")
            });
        }
        column
    }

    #[test]
    fn repeats_match_a_search_of_every_other_ticket() {
        // Pseudo-random tickets: few customers, few distinct times (ties),
        // some without a customer or a time, in no order.
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let (mut created, mut customer) = (Vec::new(), Vec::new());
        for _ in 0..2_000 {
            created.push(match next(20) {
                0 => NO_TS,
                _ => next(40) as i64 * 3_600,
            });
            customer.push(match next(15) {
                0 => NO_STR,
                _ => next(60) as u32,
            });
        }
        let window = 5.0 * 3_600.0;
        let expected = |created: &[i64], customer: &[u32]| -> Vec<u8> {
            (0..created.len())
                .map(|i| {
                    if customer[i] == NO_STR || created[i] == NO_TS {
                        return NO_BOOL;
                    }
                    let later = (0..created.len()).filter(|&j| {
                        customer[j] == customer[i] && created[j] != NO_TS && created[j] > created[i]
                    });
                    let first = later.map(|j| created[j]).min();
                    first.is_some_and(|u| (u - created[i]) as f64 <= window) as u8
                })
                .collect()
        };
        assert_eq!(
            repeats(&stamps(&created), &column(&customer), window),
            expected(&created, &customer)
        );
        // In time order (rows without a time left where they are), as
        // exports usually are.
        let mut order: Vec<usize> = (0..created.len()).collect();
        let mut timed: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| created[i] != NO_TS)
            .collect();
        timed.sort_by_key(|&i| created[i]);
        let mut timed = timed.into_iter();
        for i in &mut order {
            if created[*i] != NO_TS {
                *i = timed.next().unwrap();
            }
        }
        let created: Vec<i64> = order.iter().map(|&i| created[i]).collect();
        let customer: Vec<u32> = order.iter().map(|&i| customer[i]).collect();
        assert_eq!(
            repeats(&stamps(&created), &column(&customer), window),
            expected(&created, &customer)
        );
    }

    #[test]
    fn repeat_contact_window_is_half_open_after_t() {
        const DAY: i64 = 86_400;
        // Customer 0: tickets at 0, 0 (same time), 7 days, 20 days. Customer 1: one ticket.
        let created = [0, 0, 7 * DAY, 20 * DAY, 5, NO_TS];
        let customer = [0, 0, 0, 0, 1, 0];
        let r = repeats(&stamps(&created), &column(&customer), 7.0 * 86_400.0);
        // Both tickets at 0 see the one at exactly 7 days (inside (t, t+7d]).
        assert_eq!(r, vec![1, 1, 0, 0, 0, NO_BOOL]);
        let none = repeats(&stamps(&[1, 2]), &column(&[NO_STR, NO_STR]), 1.0);
        assert_eq!(none, vec![NO_BOOL, NO_BOOL]);
    }
}
