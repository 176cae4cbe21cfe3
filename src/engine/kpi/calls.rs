//! Call-center KPIs (SPEC section 4, "calls"). Every metric is anchored at
//! `started_at` (the call entered the queue).
//!
//! Per row, prepared once:
//! - **direction**: `inbound`, `in`, `incoming` (and sv, nb, bg, tr words) or an
//!   empty cell or no column are inbound; `outbound`, `out`, `outgoing`,
//!   `outbound-api`, `internal`, `manual`, `autodial`, `preview`, `predictive`
//!   (and sv, nb, bg, tr words) are not. Any other value is an `out_of_range`
//!   issue and the call counts as inbound, the SPEC default.
//! - **abandoned**: a known `abandoned` cell decides. Otherwise (no column, or
//!   an empty cell) it is derived: true iff `answered_at` is empty; without
//!   that column, true iff `talk_seconds` is 0 or empty (a negative talk time
//!   leaves it unknown). Without any of the three columns it is unknown.
//! - **wait**: a known `wait_seconds` cell, else `answered_at − started_at`
//!   for answered calls and `ended_at − started_at` for abandoned ones. A
//!   negative wait (given or derived) is a `negative_duration` issue and is
//!   left out (unknown).
//! - **outcome** of an inbound call: *answered* (offered, not abandoned),
//!   *abandoned* (offered), *short abandon* (abandoned with a known wait below
//!   `short_abandon_seconds`: not offered at all; an abandon with unknown wait
//!   is never short) or *unknown* (abandonment cannot be told: offered, but
//!   neither answered nor abandoned).
//! - **handle** = talk + hold + wrap of a *connected* call: an answered inbound
//!   call, or an outbound call known not to be abandoned. A missing part counts
//!   0, but a call with no part known is left out (a gap in the export, not a
//!   zero-second call), and so is a call with a negative part (reported).
//! - **repeat contact**: another *offered* inbound call of the same
//!   `customer_id` started in `(t, t + repeat_contact_days]`, anywhere in the
//!   loaded calls (outside the period too). Outbound calls and short abandons are not
//!   customer contacts and are never repeats. Tickets are not looked at.
//!
//! Metrics over the calls started in a slice:
//! - `calls.offered`: inbound calls less short abandons. Always present.
//! - `calls.answered`, `calls.abandonment_rate` (abandoned / offered): present
//!   when abandonment can be told (`abandoned`, `answered_at` or `talk_seconds`).
//! - `calls.service_level` (answered with wait ≤ `service_level_seconds` /
//!   offered; an answered call of unknown wait is not within) and
//!   `calls.speed_of_answer_seconds` (waits of answered calls): need, besides,
//!   `wait_seconds` or `answered_at`.
//! - `calls.handle_seconds` over connected calls, outbound included;
//!   `calls.talk_seconds`, `calls.hold_seconds`, `calls.wrap_seconds` over
//!   answered inbound calls where the part is known: present with their column.
//! - `calls.transfer_rate`: transferred / answered; an empty `transferred`
//!   cell counts as not transferred. Needs the `transferred` column.
//! - `calls.fcr_rate`: answered calls with a `customer_id` and no repeat
//!   contact / answered calls with a `customer_id`. Needs `customer_id`.

use super::tickets::repeats;
use super::{
    min_max, negative_duration, put_count, put_dist, put_rate, table_group_column, Family, Metrics,
    Rows, Tally,
};
use crate::engine::config::Config;
use crate::engine::dataset::Dataset;
use crate::engine::error::{IssueKind, IssueLog};
use crate::engine::period::Span;
use crate::engine::schema::TableKind;
use crate::engine::stats::Sample;
use crate::engine::table::{Stamps, StrColumn, Table, NO_BOOL, NO_STR, NO_TS};

/// Prepare the calls family of the calls table, if one was loaded.
pub fn families<'a>(data: &'a Dataset, config: &Config) -> Vec<Box<dyn Family + 'a>> {
    data.table(TableKind::Calls)
        .and_then(|t| Calls::new(t, config))
        .map(|c| Box::new(c) as Box<dyn Family + 'a>)
        .into_iter()
        .collect()
}

/// Tri-state flag per row: 0 no, 1 yes, [`NO_BOOL`] unknown.
type Flags = Vec<u8>;

/// Direction words that mean a customer called in (compared lower-cased, on
/// the value's first word: `inbound-call` is `inbound`).
const INBOUND_WORDS: &[&str] = &[
    "inbound",
    "in",
    "incoming",
    "inkommande",
    "inkommende",
    "innkommende",
    "inngående",
    "входящ",
    "входящо",
    "входящи",
    "gelen",
];

/// Direction words of calls placed by the agent (or internal ones): they count
/// only in handle time.
const OUTBOUND_WORDS: &[&str] = &[
    "outbound",
    "out",
    "outgoing",
    "utgående",
    "utgaende",
    "изходящ",
    "изходящо",
    "изходящи",
    "giden",
    "internal",
    "manual",
    "autodial",
    "preview",
    "predictive",
];

/// Whether a direction value means inbound: `Some(true)` inbound,
/// `Some(false)` outbound, `None` not a direction word.
fn direction_of(value: &str) -> Option<bool> {
    let lower = value.trim().to_lowercase();
    let head = lower
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if INBOUND_WORDS.contains(&head) {
        Some(true)
    } else if OUTBOUND_WORDS.contains(&head) {
        Some(false)
    } else {
        None
    }
}

/// Per row whether the call is inbound. An unknown direction value is an
/// issue and counts as inbound.
fn inbound_flags(table: &Table, issues: &mut IssueLog) -> Vec<bool> {
    let Some(direction) = table.str("direction") else {
        return vec![true; table.rows];
    };
    // Classify each distinct value once: exports repeat two or three words.
    let kinds: Vec<Option<bool>> = direction.values.iter().map(direction_of).collect();
    direction
        .codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            if code == NO_STR {
                return true;
            }
            kinds[code as usize].unwrap_or_else(|| {
                issues.push(table.issue(
                    i,
                    IssueKind::OutOfRange,
                    "direction",
                    &direction.values[code as usize],
                    "not a call direction (inbound, outbound); counted as inbound",
                ));
                true
            })
        })
        .collect()
}

/// Abandoned per row: the `abandoned` cell when known, else derived from
/// `answered_at` (empty → abandoned), else from `talk_seconds` (0 or empty →
/// abandoned). `None` when the table has none of the three columns.
fn abandonment(table: &Table) -> Option<Flags> {
    let given = table.bool("abandoned");
    let answered_at = table.ts("answered_at");
    let talk = table.dur("talk_seconds");
    if given.is_none() && answered_at.is_none() && talk.is_none() {
        return None;
    }
    Some(
        (0..table.rows)
            .map(|i| match given.map(|g| g[i]) {
                Some(g) if g != NO_BOOL => g,
                _ => match (answered_at, talk.map(|t| t.get(i))) {
                    (Some(a), _) => (a.secs.get(i) == NO_TS) as u8,
                    (None, Some(t)) if t.is_nan() || t == 0.0 => 1,
                    (None, Some(t)) if t > 0.0 => 0,
                    _ => NO_BOOL,
                },
            })
            .collect(),
    )
}

/// Wait per row in seconds (NaN when unknown or negative): `wait_seconds`,
/// else derived from `answered_at` (answered) or `ended_at` (abandoned).
/// `None` when the table has none of these columns.
fn waits(
    table: &Table,
    started: &Stamps,
    abandoned: Option<&[u8]>,
    issues: &mut IssueLog,
) -> Option<Vec<f64>> {
    let given = table.dur("wait_seconds");
    let answered_at = table.ts("answered_at");
    let ended_at = table.ts("ended_at");
    if given.is_none() && answered_at.is_none() && ended_at.is_none() {
        return None;
    }
    let mut out = Vec::with_capacity(table.rows);
    for (i, start) in started.iter().enumerate() {
        if let Some(w) = given.map(|g| g.get(i)).filter(|w| !w.is_nan()) {
            if w < 0.0 {
                issues.push(table.issue(
                    i,
                    IssueKind::NegativeDuration,
                    "wait_seconds",
                    &w.to_string(),
                    "a negative wait; left out of the metric",
                ));
                out.push(f64::NAN);
            } else {
                out.push(w);
            }
            continue;
        }
        let end = match abandoned.map(|a| a[i]) {
            Some(0) => answered_at.map(|c| (c, "answered_at")),
            Some(1) => ended_at.map(|c| (c, "ended_at")),
            _ => None,
        };
        let Some((end, column)) = end.and_then(|(c, name)| Some((c.get(i)?, name))) else {
            out.push(f64::NAN);
            continue;
        };
        if start == NO_TS {
            out.push(f64::NAN);
            continue;
        }
        let secs = end - start;
        if secs < 0 {
            issues.push(table.issue(
                i,
                IssueKind::NegativeDuration,
                column,
                &format!("{secs} s"),
                format!(
                    "{} is before started_at; left out of the wait",
                    table.header(column)
                ),
            ));
            out.push(f64::NAN);
        } else {
            out.push(secs as f64);
        }
    }
    Some(out)
}

/// The three handle-time parts and their sum per connected call.
struct Parts {
    /// `talk_seconds`, `hold_seconds`, `wrap_seconds`: seconds, NaN when
    /// unknown or negative; `None` without the column.
    parts: [Option<Vec<f64>>; 3],
    /// Per row: talk + hold + wrap of a connected call (missing parts 0); NaN
    /// when not connected, no part is known or a part is negative. `None`
    /// without any part column or any way to tell abandonment.
    handle: Option<Vec<f64>>,
}

/// The part columns, in the order of [`Parts::parts`].
const PART_COLUMNS: [&str; 3] = ["talk_seconds", "hold_seconds", "wrap_seconds"];

impl Parts {
    fn new(table: &Table, abandoned: Option<&[u8]>, issues: &mut IssueLog) -> Parts {
        let columns = PART_COLUMNS.map(|name| table.dur(name));
        let mut parts = columns.map(|c| c.map(|_| Vec::with_capacity(table.rows)));
        let mut handle = (columns.iter().any(Option::is_some) && abandoned.is_some())
            .then(|| Vec::with_capacity(table.rows));
        for i in 0..table.rows {
            let (mut sum, mut known, mut negative) = (0.0, false, false);
            for ((column, name), clean) in columns.iter().zip(PART_COLUMNS).zip(&mut parts) {
                let (Some(column), Some(clean)) = (column, clean) else {
                    continue;
                };
                let mut v = column.get(i);
                if v < 0.0 {
                    issues.push(negative_duration(table, i, name, v));
                    negative = true;
                    v = f64::NAN;
                }
                if !v.is_nan() {
                    sum += v;
                    known = true;
                }
                clean.push(v);
            }
            if let Some(h) = &mut handle {
                let connected = abandoned.is_some_and(|a| a[i] == 0);
                h.push(if connected && known && !negative {
                    sum
                } else {
                    f64::NAN
                });
            }
        }
        Parts { parts, handle }
    }
}

/// Per row the handle seconds of a connected call (NaN otherwise), as
/// `calls.handle_seconds` counts them; `None` when the table has no handle
/// input. Issues are left to the calls family, which reports them.
pub(crate) fn connected_handle_seconds(table: &Table) -> Option<Vec<f64>> {
    let abandoned = abandonment(table);
    Parts::new(table, abandoned.as_deref(), &mut IssueLog::default()).handle
}

/// What became of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Inbound and answered: offered and answered.
    Answered,
    /// Inbound and abandoned, not a short abandon: offered.
    Abandoned,
    /// Inbound, abandoned before `short_abandon_seconds`: not offered.
    ShortAbandon,
    /// Inbound, abandonment unknown: offered, neither answered nor abandoned.
    Unknown,
    /// Not inbound: counts only in handle time (when connected).
    Outbound,
}

impl Outcome {
    fn offered(self) -> bool {
        matches!(
            self,
            Outcome::Answered | Outcome::Abandoned | Outcome::Unknown
        )
    }
}

/// The calls family, prepared for one report.
pub struct Calls<'a> {
    table: &'a Table,
    started: &'a Stamps,
    outcome: Vec<Outcome>,
    /// Whether abandonment can be told at all (answered / abandonment metrics exist).
    abandonment_known: bool,
    /// Seconds; NaN when unknown or negative. `None` when the answered calls'
    /// waits cannot be known (no `wait_seconds` nor `answered_at`).
    wait: Option<Vec<f64>>,
    parts: Parts,
    transferred: Option<&'a [u8]>,
    /// 1: another offered call of the same customer followed within the window.
    repeat: Option<Flags>,
    service_level_seconds: f64,
    issues: IssueLog,
}

impl<'a> Calls<'a> {
    /// Prepare the calls of `table` (a calls table) under `config`.
    pub fn new(table: &'a Table, config: &Config) -> Option<Calls<'a>> {
        let started = &table.ts("started_at")?.secs;
        let mut issues = IssueLog::default();
        let inbound = inbound_flags(table, &mut issues);
        let abandoned = abandonment(table);
        let wait = waits(table, started, abandoned.as_deref(), &mut issues);
        let parts = Parts::new(table, abandoned.as_deref(), &mut issues);

        let outcome: Vec<Outcome> = (0..table.rows)
            .map(|i| {
                if !inbound[i] {
                    return Outcome::Outbound;
                }
                match abandoned.as_ref().map_or(NO_BOOL, |a| a[i]) {
                    0 => Outcome::Answered,
                    1 if wait
                        .as_ref()
                        .is_some_and(|w| w[i] < config.short_abandon_seconds) =>
                    {
                        Outcome::ShortAbandon
                    }
                    1 => Outcome::Abandoned,
                    _ => Outcome::Unknown,
                }
            })
            .collect();

        // Only offered calls are customer contacts that can repeat one.
        let contacts: Stamps = started
            .iter()
            .zip(&outcome)
            .map(|(t, o)| if o.offered() { t } else { NO_TS })
            .collect();
        let repeat = table
            .str("customer_id")
            .map(|c| repeats(&contacts, c, config.repeat_contact_days * 86_400.0));

        let answer_wait_known = table.has("wait_seconds") || table.has("answered_at");
        Some(Calls {
            table,
            started,
            outcome,
            abandonment_known: abandoned.is_some(),
            wait: wait.filter(|_| answer_wait_known),
            parts,
            transferred: table.bool("transferred"),
            repeat,
            service_level_seconds: config.service_level_seconds,
            issues,
        })
    }
}

impl Family for Calls<'_> {
    fn rows(&self) -> usize {
        self.table.rows
    }

    fn group_column(&self, column: &str) -> Option<&StrColumn> {
        table_group_column(self.table, column)
    }

    fn anchored(&self, i: usize, span: Span) -> bool {
        span.contains(self.started.get(i))
    }

    fn time_range(&self) -> Option<(i64, i64)> {
        min_max([self.started])
    }

    fn issues(&self) -> &IssueLog {
        &self.issues
    }

    fn compute(&self, span: Span, rows: Rows, out: &mut Metrics) {
        let (mut offered, mut answered) = (0, 0);
        let (mut abandonment, mut service_level) = (Tally::default(), Tally::default());
        let (mut transfer, mut fcr) = (Tally::default(), Tally::default());
        let mut speed_of_answer = Sample::default();
        let mut handle = Sample::default();
        let mut parts: [Sample; 3] = Default::default();

        for i in rows.iter() {
            if !span.contains(self.started.get(i)) {
                continue;
            }
            // Connected calls, outbound ones included.
            if let Some(h) = self
                .parts
                .handle
                .as_ref()
                .map(|h| h[i])
                .filter(|h| !h.is_nan())
            {
                handle.push(h);
            }
            match self.outcome[i] {
                Outcome::Outbound | Outcome::ShortAbandon => {}
                Outcome::Unknown => {
                    offered += 1;
                    abandonment.add(false);
                    service_level.add(false);
                }
                Outcome::Abandoned => {
                    offered += 1;
                    abandonment.add(true);
                    service_level.add(false);
                }
                Outcome::Answered => {
                    offered += 1;
                    answered += 1;
                    abandonment.add(false);
                    let wait = self.wait.as_ref().map_or(f64::NAN, |w| w[i]);
                    // NaN compares false: an unknown wait is not within the target.
                    service_level.add(wait <= self.service_level_seconds);
                    if !wait.is_nan() {
                        speed_of_answer.push(wait);
                    }
                    for (values, part) in parts.iter_mut().zip(&self.parts.parts) {
                        if let Some(v) = part.as_ref().map(|p| p[i]).filter(|v| !v.is_nan()) {
                            values.push(v);
                        }
                    }
                    transfer.add(self.transferred.is_some_and(|t| t[i] == 1));
                    if let Some(&rep) = self
                        .repeat
                        .as_ref()
                        .map(|f| &f[i])
                        .filter(|&&f| f != NO_BOOL)
                    {
                        fcr.add(rep == 0);
                    }
                }
            }
        }

        put_count(out, "calls.offered", offered);
        if !self.abandonment_known {
            return;
        }
        put_count(out, "calls.answered", answered);
        put_rate(out, "calls.abandonment_rate", abandonment);
        if self.wait.is_some() {
            put_rate(out, "calls.service_level", service_level);
            put_dist(out, "calls.speed_of_answer_seconds", &mut speed_of_answer);
        }
        if self.parts.handle.is_some() {
            put_dist(out, "calls.handle_seconds", &mut handle);
        }
        let ids = [
            "calls.talk_seconds",
            "calls.hold_seconds",
            "calls.wrap_seconds",
        ];
        for ((id, values), part) in ids.iter().zip(&mut parts).zip(&self.parts.parts) {
            if part.is_some() {
                put_dist(out, id, values);
            }
        }
        if self.transferred.is_some() {
            put_rate(out, "calls.transfer_rate", transfer);
        }
        if self.repeat.is_some() {
            put_rate(out, "calls.fcr_rate", fcr);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::table::{ColumnData, NamedColumn, TsColumn};

    fn table(columns: Vec<(&str, ColumnData)>, rows: usize) -> Table {
        Table {
            kind: TableKind::Calls,
            rows,
            lines: (2..2 + rows as u32).collect(),
            files: vec![(0, "f.csv".to_string())],
            columns: columns
                .into_iter()
                .map(|(name, data)| NamedColumn {
                    name: name.to_string(),
                    header: name.to_string(),
                    data,
                })
                .collect(),
        }
    }

    fn ts(values: &[Option<i64>]) -> ColumnData {
        let mut c = TsColumn::default();
        for &v in values {
            c.push(v, false);
        }
        ColumnData::Ts(c)
    }

    fn text(values: &[&str]) -> ColumnData {
        let mut c = StrColumn::default();
        for v in values {
            c.push(v);
        }
        ColumnData::Str(c)
    }

    #[test]
    fn direction_words() {
        for v in [
            "inbound",
            "Inbound",
            "IN",
            "incoming",
            "inbound-call",
            "Inkommande",
            "входящ",
            "gelen",
        ] {
            assert_eq!(direction_of(v), Some(true), "{v}");
        }
        for v in [
            "outbound",
            "outbound-api",
            "Outgoing",
            "OUT",
            "utgående",
            "изходящ",
            "giden",
            "Internal",
            "manual",
        ] {
            assert_eq!(direction_of(v), Some(false), "{v}");
        }
        for v in ["inboud", "callback", "trunking-originating", "input"] {
            assert_eq!(direction_of(v), None, "{v}");
        }
    }

    #[test]
    fn unknown_direction_is_one_issue_per_cell_and_inbound() {
        let t = table(
            vec![(
                "direction",
                text(&["outbound", "", "sideways", "sideways", "in"]),
            )],
            5,
        );
        let mut issues = IssueLog::default();
        assert_eq!(
            inbound_flags(&t, &mut issues),
            [false, true, true, true, true]
        );
        assert_eq!(issues.count(IssueKind::OutOfRange), 2);
        assert_eq!(issues.examples[1].line, 5);
        assert_eq!(issues.examples[1].value, "sideways");
    }

    #[test]
    fn abandonment_falls_back_cell_by_cell() {
        let given = ColumnData::Bool(vec![1, 0, NO_BOOL, NO_BOOL]);
        let answered = ts(&[None, None, Some(5), None]);
        let t = table(
            vec![("abandoned", given.clone()), ("answered_at", answered)],
            4,
        );
        assert_eq!(abandonment(&t), Some(vec![1, 0, 0, 1]));
        // Without answered_at: talk 0 or empty is abandoned; negative is unknown.
        let talk = ColumnData::Dur([f64::NAN, 0.0, 0.0, -3.0].into_iter().collect());
        let t = table(
            vec![("abandoned", given.clone()), ("talk_seconds", talk)],
            4,
        );
        assert_eq!(abandonment(&t), Some(vec![1, 0, 1, NO_BOOL]));
        let t = table(vec![("abandoned", given)], 4);
        assert_eq!(abandonment(&t), Some(vec![1, 0, NO_BOOL, NO_BOOL]));
        assert_eq!(abandonment(&table(vec![], 4)), None);
    }

    #[test]
    fn waits_are_derived_from_the_outcome() {
        let started = [100, 100, 100, 100, 100];
        let t = table(
            vec![
                (
                    "wait_seconds",
                    ColumnData::Dur(
                        [7.0, f64::NAN, f64::NAN, f64::NAN, -1.0]
                            .into_iter()
                            .collect(),
                    ),
                ),
                (
                    "answered_at",
                    ts(&[Some(90), Some(130), None, Some(90), None]),
                ),
                ("ended_at", ts(&[None, Some(500), Some(160), None, None])),
            ],
            5,
        );
        let mut issues = IssueLog::default();
        let started: Stamps = started.into_iter().collect();
        let w = waits(&t, &started, Some(&[0, 0, 1, 0, 1]), &mut issues).unwrap();
        assert_eq!(w[..3], [7.0, 30.0, 60.0]);
        assert!(w[3].is_nan() && w[4].is_nan());
        assert_eq!(issues.count(IssueKind::NegativeDuration), 2);
        assert_eq!(issues.examples[0].column, "answered_at");
        assert_eq!(issues.examples[0].value, "-10 s");
        assert_eq!(issues.examples[1].column, "wait_seconds");
    }

    #[test]
    fn handle_counts_connected_calls_with_a_known_part() {
        let t = table(
            vec![
                (
                    "talk_seconds",
                    ColumnData::Dur([100.0, f64::NAN, 50.0, -5.0, 80.0].into_iter().collect()),
                ),
                (
                    "wrap_seconds",
                    ColumnData::Dur([20.0, f64::NAN, f64::NAN, 10.0, 5.0].into_iter().collect()),
                ),
            ],
            5,
        );
        let mut issues = IssueLog::default();
        let p = Parts::new(&t, Some(&[0, 0, 0, 0, 1]), &mut issues);
        let h = p.handle.unwrap();
        assert_eq!(h[0], 120.0);
        assert!(h[1].is_nan(), "no part known");
        assert_eq!(h[2], 50.0, "missing wrap counts 0");
        assert!(h[3].is_nan(), "negative talk");
        assert!(h[4].is_nan(), "abandoned");
        assert_eq!(issues.count(IssueKind::NegativeDuration), 1);
        assert!(p.parts[1].is_none());
        assert_eq!(p.parts[2].as_ref().unwrap()[3], 10.0);
        // Without a way to tell abandonment there is no handle time.
        assert!(Parts::new(&t, None, &mut issues).handle.is_none());
    }
}
