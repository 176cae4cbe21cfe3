//! Survey KPIs (SPEC section 4, "surveys"): CSAT, NPS and CES, anchored at
//! `submitted_at`.
//!
//! **Responses.** A row gives one response per answered score cell:
//! - long form: `kind` (`csat`, `nps` or `ces`, any case, trimmed) and `score`;
//! - wide form: each non-empty cell of the columns `csat`, `nps` and `ces`.
//!
//! A file may use both: a row's `kind`/`score` pair and its wide cells are all
//! responses. An empty `score` is no response. A score whose `kind` is empty
//! or not one of the three is an `out_of_range` issue on `kind` and left out.
//!
//! **Scales.** CSAT 1..=`csat_scale`, NPS 0..=10, CES 1..=`ces_scale`; a score
//! outside its scale is an `out_of_range` issue (once per cell) and left out.
//! Scores need not be whole numbers; the thresholds below apply as written.
//! - `surveys.csat_rate` = satisfied / CSAT responses; satisfied ⇔ score ≥
//!   `csat_scale` − 1, or a `good` rating.
//! - `surveys.csat_score`: the numeric CSAT scores.
//! - `surveys.nps`: promoters 9–10, passives 7–8 (7 ≤ score < 9), detractors below 7.
//! - `surveys.ces_score`: the raw CES scores; `surveys.ces_easy_rate`: ease =
//!   score if `ces_higher_is_easier`, else `ces_scale` + 1 − score; easy ⇔
//!   ease > (`ces_scale` + 1) / 2 (on 1..7: 5, 6, 7; the middle is not easy).
//!
//! **Text ratings.** A score column that the loader hands over as text is
//! read here: a first word `good` / `bad` (`Good with comment`, Zendesk's
//! `Good, I'm satisfied` / `Bad, I'm unsatisfied`), or the same in sv, nb,
//! bg and tr (`bra`, `dålig`, `dårlig`, `добре`, `лошо`, `iyi`, `kötü`), is a
//! CSAT rating; `offered`, `unoffered`, `not offered`, `n/a`, `na`, `-` are
//! no answer, and a number (decimal point or comma) is a score. Any other
//! text, or good/bad in an NPS or CES cell, is `out_of_range`. The schema
//! hands over `score` and `csat` of a surveys file and tickets'
//! `satisfaction` as text, so the three are read by this one reader; `nps`
//! and `ces` are numbers.
//!
//! **Metric presence.** A kind's metrics are present when the file has its
//! wide column or a long-form row of that kind with a score (even an
//! out-of-range one); `surveys.csat_score` also needs a numeric CSAT cell (a
//! numeric `csat` column, or a CSAT score given as a number).
//!
//! **Agents.** A response's agent is its own `agent` cell if not empty, else
//! the agent of the ticket its `ticket_id` names, among the loaded tickets
//! (the last row of a repeated id). When tickets are loaded, a `ticket_id` not
//! among them is an `unknown_ticket` issue. Grouping by `agent` uses this
//! attributed agent; every other group column comes from the survey file.
//!
//! **Without a surveys table.** When no surveys file is loaded at all, the
//! tickets' `satisfaction` column (read as text ratings above, numbers on
//! 1..=`csat_scale`) gives `surveys.csat_rate`, and `surveys.csat_score` when
//! some rating is a number. Each rated ticket is anchored at its `solved_at`;
//! a rated ticket without `solved_at` is not counted, and a tickets file
//! without a `solved_at` column gives no survey metrics. Only rated tickets
//! make a group value appear in the survey metrics.

use super::{
    for_each_index, min_max, put_dist, put_rate, table_group_column, widen_range, Family, Metrics,
    Rows, Slots, Tally,
};
use crate::engine::config::Config;
use crate::engine::dataset::Dataset;
use crate::engine::error::{IssueKind, IssueLog};
use crate::engine::period::Span;
use crate::engine::report::MetricValue;
use crate::engine::schema::TableKind;
use crate::engine::stats::{nps, Sample};
use crate::engine::table::{Floats, Map, Stamps, StrColumn, Table, NO_STR, NO_TS};
use crate::engine::value::{decimal_evidence, parse_number, Decimal};

/// Prepare the survey family: from the surveys table, or, when no surveys
/// file is loaded, from the tickets' satisfaction ratings.
pub fn families<'a>(data: &'a Dataset, config: &Config) -> Vec<Box<dyn Family + 'a>> {
    let family: Option<Box<dyn Family + 'a>> = match data.table(TableKind::Surveys) {
        Some(surveys) => {
            let tickets = TicketIndex::of(data);
            Surveys::new(surveys, tickets.as_ref(), config).map(|s| Box::new(s) as _)
        }
        None => data
            .table(TableKind::Tickets)
            .and_then(|t| TicketRatings::new(t, config))
            .map(|t| Box::new(t) as _),
    };
    family.into_iter().collect()
}

/// The loaded tickets by id: the agent of a survey's or review's ticket, and
/// whether a named ticket is loaded at all.
pub(crate) struct TicketIndex<'a> {
    /// Ticket id → row of the tickets table (the last row of a repeated id).
    rows: Map<&'a str, u32>,
    /// The tickets' `agent` column, if any.
    agent: Option<&'a StrColumn>,
}

impl<'a> TicketIndex<'a> {
    /// The index of the loaded tickets; `None` when no tickets file is loaded.
    pub fn of(data: &'a Dataset) -> Option<TicketIndex<'a>> {
        data.table(TableKind::Tickets).map(TicketIndex::new)
    }

    /// The index of `table`, a tickets table.
    pub(crate) fn new(table: &'a Table) -> TicketIndex<'a> {
        let mut rows = Map::default();
        if let Some(ids) = table.str("id") {
            for (i, code) in ids.codes.iter().enumerate() {
                if code != NO_STR {
                    rows.insert(&ids.values[code as usize], i as u32);
                }
            }
        }
        TicketIndex {
            rows,
            agent: table.str("agent"),
        }
    }

    /// The agent of tickets row `row`.
    fn agent(&self, row: u32) -> Option<&'a str> {
        self.agent?.get(row as usize)
    }

    /// Per row of `table`, the tickets row its `ticket_id` names, [`NO_STR`]
    /// when empty or not loaded; each id not among the tickets is an
    /// `unknown_ticket` issue. `None` when `table` has no `ticket_id` column.
    pub fn resolve(&self, table: &Table, issues: &mut IssueLog) -> Option<Vec<u32>> {
        let ids = table.str("ticket_id")?;
        let found: Vec<Option<u32>> = ids
            .values
            .iter()
            .map(|v| self.rows.get(v).copied())
            .collect();
        let mut out = Vec::with_capacity(ids.codes.len());
        for (i, code) in ids.codes.iter().enumerate() {
            if code == NO_STR {
                out.push(NO_STR);
                continue;
            }
            match found[code as usize] {
                Some(row) => out.push(row),
                None => {
                    issues.push(table.issue(
                        i,
                        IssueKind::UnknownTicket,
                        "ticket_id",
                        &ids.values[code as usize],
                        "no loaded ticket has this id",
                    ));
                    out.push(NO_STR);
                }
            }
        }
        Some(out)
    }
}

/// The three survey kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csat,
    Nps,
    Ces,
}

impl Kind {
    /// The long-form `kind` cell, trimmed and case-insensitive.
    fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_lowercase().as_str() {
            "csat" => Some(Kind::Csat),
            "nps" => Some(Kind::Nps),
            "ces" => Some(Kind::Ces),
            _ => None,
        }
    }
}

/// One rating cell, read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rating {
    /// Empty, or a word that means "no answer" (`offered`, `unoffered`, `n/a`).
    Empty,
    /// A number.
    Score(f64),
    /// `good` (true) or `bad` (false).
    Good(bool),
    /// Text that is none of the above.
    Unreadable,
}

/// Read a text rating: good/bad, a "no answer" word, or a number.
fn read_rating(text: &str) -> Rating {
    let text = text.trim();
    if let Some(x) = read_score(text) {
        return Rating::Score(x);
    }
    // Turkish `İ` lower-cases to `i` and a combining dot; the dot goes.
    let lower = text
        .to_lowercase()
        .replace('\u{307}', "")
        .replace(['_', '-'], " ");
    let lower = lower.trim();
    if matches!(
        lower,
        "" | "offered" | "unoffered" | "not offered" | "n/a" | "na"
    ) {
        return Rating::Empty;
    }
    match lower.split(|c: char| !c.is_alphanumeric()).next() {
        Some("good" | "bra" | "добре" | "iyi") => Rating::Good(true),
        Some("bad" | "dålig" | "dårlig" | "лошо" | "kötü") => Rating::Good(false),
        _ => Rating::Unreadable,
    }
}

/// A score written as a number, with a decimal point or comma.
fn read_score(text: &str) -> Option<f64> {
    let decimal = decimal_evidence(text).unwrap_or(Decimal::Dot);
    parse_number(text, decimal).ok().filter(|x| x.is_finite())
}

/// The cells of a score column, numeric or text.
enum Cells<'a> {
    /// A numeric column: `NaN` is empty (an unreadable number was reported by the loader).
    Num(&'a Floats),
    /// A text column, each distinct value read once.
    Text(&'a StrColumn, Vec<Rating>),
}

impl<'a> Cells<'a> {
    /// Column `name` of `table`, if mapped as a number or text.
    fn of(table: &'a Table, name: &str) -> Option<Cells<'a>> {
        if let Some(values) = table.num(name) {
            return Some(Cells::Num(values));
        }
        let column = table.str(name)?;
        let read = column.values.iter().map(read_rating).collect();
        Some(Cells::Text(column, read))
    }

    /// The rating of row `i`.
    #[inline]
    fn get(&self, i: usize) -> Rating {
        match self {
            Cells::Num(v) => match v.get(i) {
                x if x.is_nan() => Rating::Empty,
                x => Rating::Score(x),
            },
            Cells::Text(c, _) if c.codes.get(i) == NO_STR => Rating::Empty,
            Cells::Text(c, read) => read[c.codes.get(i) as usize],
        }
    }

    /// The cell of row `i` as written, for issues.
    fn raw(&self, i: usize) -> String {
        match self {
            Cells::Num(v) => v.get(i).to_string(),
            Cells::Text(c, _) => c.get(i).unwrap_or_default().to_string(),
        }
    }

    /// Whether the column holds numbers (not text).
    fn is_numeric(&self) -> bool {
        matches!(self, Cells::Num(_))
    }
}

/// One valid response.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Answer {
    /// A CSAT score on 1..=`csat_scale`.
    Csat(f64),
    /// A CSAT rating: good (true) or bad (false).
    CsatGood(bool),
    /// An NPS score on 0..=10.
    Nps(f64),
    /// A CES score on 1..=`ces_scale`.
    Ces(f64),
}

/// The configured scales.
#[derive(Debug, Clone, Copy)]
struct Scales {
    csat: f64,
    ces: f64,
    ces_higher_is_easier: bool,
}

impl Scales {
    fn of(config: &Config) -> Scales {
        Scales {
            csat: config.csat_scale as f64,
            ces: config.ces_scale as f64,
            ces_higher_is_easier: config.ces_higher_is_easier,
        }
    }

    /// The lowest and highest score of `kind`, and its name with an article.
    fn scale(self, kind: Kind) -> (f64, f64, &'static str) {
        match kind {
            Kind::Csat => (1.0, self.csat, "a CSAT"),
            Kind::Nps => (0.0, 10.0, "an NPS"),
            Kind::Ces => (1.0, self.ces, "a CES"),
        }
    }

    /// The response a rating gives for `kind`: `Ok(None)` for no answer,
    /// `Err` for a rating that is not one ([`Scales::reason`] says why).
    /// Allocates nothing: families that read ratings per slice call it per row.
    fn answer(self, kind: Kind, rating: Rating) -> Result<Option<Answer>, Rejected> {
        let (lo, hi, _) = self.scale(kind);
        match (kind, rating) {
            (_, Rating::Empty) => Ok(None),
            (Kind::Csat, Rating::Good(good)) => Ok(Some(Answer::CsatGood(good))),
            (_, Rating::Score(x)) if !(lo..=hi).contains(&x) => Err(Rejected::OutsideScale),
            (Kind::Csat, Rating::Score(x)) => Ok(Some(Answer::Csat(x))),
            (Kind::Nps, Rating::Score(x)) => Ok(Some(Answer::Nps(x))),
            (Kind::Ces, Rating::Score(x)) => Ok(Some(Answer::Ces(x))),
            _ => Err(Rejected::NotAScore),
        }
    }

    /// Why a rating `rejected` for `kind` is left out, for its issue.
    fn reason(self, kind: Kind, rejected: Rejected) -> String {
        let (lo, hi, name) = self.scale(kind);
        match (kind, rejected) {
            (_, Rejected::OutsideScale) => {
                format!("outside the scale of {name} score, {lo}..{hi}; left out")
            }
            (Kind::Csat, Rejected::NotAScore) => {
                format!("expected good, bad or {name} score {lo}..{hi}; left out")
            }
            (_, Rejected::NotAScore) => format!("expected {name} score {lo}..{hi}; left out"),
        }
    }
}

/// Why a rating is not a response of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rejected {
    /// A score outside the kind's scale.
    OutsideScale,
    /// Text that is no score (or good/bad for NPS or CES).
    NotAScore,
}

/// Which survey metrics a source can give, decided once over all its rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Present {
    csat: bool,
    csat_score: bool,
    nps: bool,
    ces: bool,
}

impl Present {
    /// Note a non-empty cell of `kind` (valid or not); `numeric` if it was a number.
    fn see(&mut self, kind: Kind, numeric: bool) {
        match kind {
            Kind::Csat => {
                self.csat = true;
                self.csat_score |= numeric;
            }
            Kind::Nps => self.nps = true,
            Kind::Ces => self.ces = true,
        }
    }
}

/// Survey metrics accumulated over one slice.
#[derive(Debug, Default)]
struct Totals {
    csat: Tally,
    csat_scores: Sample,
    promoters: u64,
    passives: u64,
    detractors: u64,
    ces_scores: Sample,
    ces_easy: Tally,
}

impl Totals {
    fn add(&mut self, answer: Answer, scales: Scales) {
        match answer {
            Answer::Csat(x) => {
                self.csat.add(x >= scales.csat - 1.0);
                self.csat_scores.push(x);
            }
            Answer::CsatGood(good) => self.csat.add(good),
            Answer::Nps(x) if x >= 9.0 => self.promoters += 1,
            Answer::Nps(x) if x >= 7.0 => self.passives += 1,
            Answer::Nps(_) => self.detractors += 1,
            Answer::Ces(x) => {
                let ease = if scales.ces_higher_is_easier {
                    x
                } else {
                    scales.ces + 1.0 - x
                };
                self.ces_easy.add(2.0 * ease > scales.ces + 1.0);
                self.ces_scores.push(x);
            }
        }
    }

    fn put(mut self, present: Present, out: &mut Metrics) {
        if present.csat {
            put_rate(out, "surveys.csat_rate", self.csat);
        }
        if present.csat_score {
            put_dist(out, "surveys.csat_score", &mut self.csat_scores);
        }
        if present.nps {
            out.insert(
                "surveys.nps".to_string(),
                MetricValue::Nps(nps(self.promoters, self.passives, self.detractors)),
            );
        }
        if present.ces {
            put_dist(out, "surveys.ces_score", &mut self.ces_scores);
            put_rate(out, "surveys.ces_easy_rate", self.ces_easy);
        }
    }
}

/// The survey family of one surveys file.
pub struct Surveys<'a> {
    table: &'a Table,
    submitted: &'a Stamps,
    /// The responses of row `i` are `answers[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    answers: Vec<Answer>,
    /// The attributed agent per row; `None` when neither the file nor its tickets name agents.
    agent: Option<StrColumn>,
    present: Present,
    scales: Scales,
    issues: IssueLog,
}

impl<'a> Surveys<'a> {
    /// Prepare the responses of `table` (a surveys table); `tickets` are the
    /// loaded tickets, if any.
    fn new(
        table: &'a Table,
        tickets: Option<&TicketIndex<'_>>,
        config: &Config,
    ) -> Option<Surveys<'a>> {
        let submitted = &table.ts("submitted_at")?.secs;
        let scales = Scales::of(config);
        let kind = table.str("kind");
        let kinds: Vec<Option<Kind>> = kind
            .map(|k| k.values.iter().map(Kind::parse).collect())
            .unwrap_or_default();
        let score = Cells::of(table, "score");
        let wide: Vec<(Kind, &str, Cells)> =
            [(Kind::Csat, "csat"), (Kind::Nps, "nps"), (Kind::Ces, "ces")]
                .into_iter()
                .filter_map(|(k, name)| Cells::of(table, name).map(|c| (k, name, c)))
                .collect();
        let mut prep = Prep {
            table,
            scales,
            present: Present::default(),
            issues: IssueLog::default(),
        };
        let mut answers = Vec::with_capacity(table.rows);
        for (k, _, cells) in &wide {
            prep.present.see(*k, cells.is_numeric());
        }

        let mut starts = Vec::with_capacity(table.rows + 1);
        starts.push(0);
        for i in 0..table.rows {
            if let Some(score) = &score {
                if score.get(i) != Rating::Empty {
                    let code = kind.map_or(NO_STR, |k| k.codes.get(i));
                    match kinds.get(code as usize).copied().flatten() {
                        Some(k) => answers.extend(prep.take(k, score, "score", i)),
                        None => {
                            let raw = kind.and_then(|k| k.get(i)).unwrap_or_default();
                            let reason = if raw.is_empty() {
                                "a score without a kind (csat, nps or ces); left out"
                            } else {
                                "not a survey kind (csat, nps or ces); its score is left out"
                            };
                            prep.out_of_range(i, "kind", raw, reason);
                        }
                    }
                }
            }
            for (k, name, cells) in &wide {
                answers.extend(prep.take(*k, cells, name, i));
            }
            starts.push(answers.len() as u32);
        }

        let Prep {
            present,
            mut issues,
            ..
        } = prep;
        let ticket_rows = tickets.and_then(|t| t.resolve(table, &mut issues));
        let agent = attributed_agents(table, tickets, ticket_rows.as_deref());
        Some(Surveys {
            table,
            submitted,
            starts,
            answers,
            agent,
            present,
            scales,
            issues,
        })
    }

    /// The responses of row `i`.
    fn answers_of(&self, i: usize) -> &[Answer] {
        &self.answers[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// Responses and issues gathered while reading a table's score cells.
struct Prep<'t> {
    table: &'t Table,
    scales: Scales,
    present: Present,
    issues: IssueLog,
}

impl Prep<'_> {
    /// Read row `i` of `cells` as a response of `kind`.
    fn take(&mut self, kind: Kind, cells: &Cells, column: &str, i: usize) -> Option<Answer> {
        let rating = cells.get(i);
        if rating == Rating::Empty {
            return None;
        }
        self.present.see(kind, matches!(rating, Rating::Score(_)));
        match self.scales.answer(kind, rating) {
            Ok(answer) => answer,
            Err(rejected) => {
                let reason = self.scales.reason(kind, rejected);
                self.out_of_range(i, column, &cells.raw(i), &reason);
                None
            }
        }
    }

    /// Report an `out_of_range` issue on `column` of row `i`.
    fn out_of_range(&mut self, i: usize, column: &str, raw: &str, reason: &str) {
        self.issues.push(
            self.table
                .issue(i, IssueKind::OutOfRange, column, raw, reason),
        );
    }
}

/// Per row of a surveys table: its own `agent`, else its ticket's agent.
/// `None` when the file has no `agent` column and no ticket gives one.
fn attributed_agents(
    table: &Table,
    tickets: Option<&TicketIndex>,
    ticket_rows: Option<&[u32]>,
) -> Option<StrColumn> {
    let own = table.str("agent");
    let linked = match (tickets, ticket_rows) {
        (Some(t), Some(rows)) if t.agent.is_some() => Some((t, rows)),
        _ => None,
    };
    if own.is_none() && linked.is_none() {
        return None;
    }
    let mut agent = StrColumn::default();
    for i in 0..table.rows {
        let name = own.and_then(|c| c.get(i)).or_else(|| {
            let (t, rows) = linked?;
            (rows[i] != NO_STR).then(|| t.agent(rows[i])).flatten()
        });
        agent.push(name.unwrap_or_default());
    }
    Some(agent)
}

impl Family for Surveys<'_> {
    fn rows(&self) -> usize {
        self.table.rows
    }

    fn group_column(&self, column: &str) -> Option<&StrColumn> {
        if column == "agent" {
            self.agent.as_ref()
        } else {
            table_group_column(self.table, column)
        }
    }

    fn anchored(&self, i: usize, span: Span) -> bool {
        span.contains(self.submitted.get(i))
    }

    fn time_range(&self) -> Option<(i64, i64)> {
        min_max([self.submitted])
    }

    fn compute(&self, span: Span, rows: Rows, out: &mut Metrics) {
        self.compute_each(Slots::spans(&[span]), rows, std::slice::from_mut(out));
    }

    fn compute_each(&self, slots: Slots, rows: Rows, outs: &mut [Metrics]) {
        let answers = |i| self.answers_of(i).iter().copied();
        put_totals(
            slots,
            rows,
            self.submitted,
            answers,
            self.scales,
            self.present,
            outs,
        );
    }

    fn issues(&self) -> &IssueLog {
        &self.issues
    }
}

/// Each slot's totals over `rows`, put into `outs`: the answers
/// `answers(i)` of row `i`, placed by its anchor time `anchor.get(i)`.
fn put_totals<A: IntoIterator<Item = Answer>>(
    slots: Slots,
    rows: Rows,
    anchor: &Stamps,
    answers: impl Fn(usize) -> A,
    scales: Scales,
    present: Present,
    outs: &mut [Metrics],
) {
    let mut totals: Vec<Totals> = (0..slots.len()).map(|_| Totals::default()).collect();
    rows.for_each(|i| {
        let Some(group) = slots.group(i) else {
            return;
        };
        if let Some(k) = slots.holding(group, anchor.get(i)) {
            for a in answers(i) {
                totals[k].add(a, scales);
            }
        }
    });
    for (totals, out) in totals.into_iter().zip(outs) {
        totals.put(present, out);
    }
}

/// The survey family from tickets' `satisfaction`, used when no surveys file is loaded.
///
/// A ticket's rating is read from its cell whenever a slice needs it, rather
/// than kept per ticket (16 bytes a row): reading it is a look-up.
pub struct TicketRatings<'a> {
    table: &'a Table,
    solved: &'a Stamps,
    cells: Cells<'a>,
    present: Present,
    scales: Scales,
    issues: IssueLog,
}

impl<'a> TicketRatings<'a> {
    /// Prepare the ratings of `table` (a tickets table); `None` without a
    /// `satisfaction` or a `solved_at` column.
    fn new(table: &'a Table, config: &Config) -> Option<TicketRatings<'a>> {
        let cells = Cells::of(table, "satisfaction")?;
        let solved = &table.ts("solved_at")?.secs;
        let mut prep = Prep {
            table,
            scales: Scales::of(config),
            present: Present {
                csat: true,
                csat_score: cells.is_numeric(),
                ..Present::default()
            },
            issues: IssueLog::default(),
        };
        // Once over every row, for the issues and what is present.
        for i in 0..table.rows {
            prep.take(Kind::Csat, &cells, "satisfaction", i);
        }
        let Prep {
            scales,
            present,
            issues,
            ..
        } = prep;
        Some(TicketRatings {
            table,
            solved,
            cells,
            present,
            scales,
            issues,
        })
    }
}

impl TicketRatings<'_> {
    /// The rating of ticket `i`; `None` when unrated or unusable (reported
    /// once, while preparing).
    #[inline]
    fn rating(&self, i: usize) -> Option<Answer> {
        self.scales
            .answer(Kind::Csat, self.cells.get(i))
            .ok()
            .flatten()
    }
}

impl Family for TicketRatings<'_> {
    fn rows(&self) -> usize {
        self.table.rows
    }

    fn group_column(&self, column: &str) -> Option<&StrColumn> {
        table_group_column(self.table, column)
    }

    fn anchored(&self, i: usize, span: Span) -> bool {
        self.rating(i).is_some() && span.contains(self.solved.get(i))
    }

    fn time_range(&self) -> Option<(i64, i64)> {
        let mut range = None;
        for_each_index(self.table.rows, |i| {
            let t = self.solved.get(i);
            if t != NO_TS && self.rating(i).is_some() {
                widen_range(&mut range, t);
            }
        });
        range
    }

    fn compute(&self, span: Span, rows: Rows, out: &mut Metrics) {
        self.compute_each(Slots::spans(&[span]), rows, std::slice::from_mut(out));
    }

    fn compute_each(&self, slots: Slots, rows: Rows, outs: &mut [Metrics]) {
        let rating = |i| self.rating(i);
        put_totals(
            slots,
            rows,
            self.solved,
            rating,
            self.scales,
            self.present,
            outs,
        );
    }

    fn issues(&self) -> &IssueLog {
        &self.issues
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::table::{ColumnData, NamedColumn, TsColumn};

    /// A table of `kind` from (name, column) pairs; rows start at file line 2.
    pub(crate) fn table(kind: TableKind, columns: Vec<(&str, ColumnData)>) -> Table {
        let rows = columns.first().map_or(0, |(_, c)| c.len());
        Table {
            kind,
            rows,
            lines: (2..rows as u32 + 2).collect(),
            files: vec![(0, format!("{}.csv", kind.id()))],
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

    pub(crate) fn ts(secs: &[i64]) -> ColumnData {
        let mut c = TsColumn::default();
        for &t in secs {
            c.push((t != NO_TS).then_some(t), false);
        }
        ColumnData::Ts(c)
    }

    pub(crate) fn text(values: &[&str]) -> ColumnData {
        let mut c = StrColumn::default();
        for v in values {
            c.push(v);
        }
        ColumnData::Str(c)
    }

    fn num(values: &[f64]) -> ColumnData {
        ColumnData::Num(values.iter().copied().collect())
    }

    const E: f64 = f64::NAN;

    #[test]
    fn ratings_are_read_from_text() {
        use Rating::*;
        let cases = [
            ("5", Score(5.0)),
            (" 4.5 ", Score(4.5)),
            ("4,5", Score(4.5)),
            ("-1", Score(-1.0)),
            ("Good", Good(true)),
            ("good_with_comment", Good(true)),
            ("Bad with comment", Good(false)),
            ("BAD", Good(false)),
            ("Good, I'm satisfied", Good(true)),
            ("Bad, I'm unsatisfied", Good(false)),
            ("Dålig", Good(false)),
            ("İyi", Good(true)),
            ("Kötü", Good(false)),
            ("Offered", Empty),
            ("unoffered", Empty),
            ("Not Offered", Empty),
            ("n/a", Empty),
            ("-", Empty),
            ("", Empty),
            ("meh", Unreadable),
            ("NaN", Unreadable),
            ("goodish", Unreadable),
        ];
        for (text, want) in cases {
            assert_eq!(read_rating(text), want, "{text:?}");
        }
    }

    #[test]
    fn scales_bound_each_kind() {
        let s = Scales {
            csat: 5.0,
            ces: 7.0,
            ces_higher_is_easier: true,
        };
        use Rating::*;
        assert_eq!(
            s.answer(Kind::Csat, Score(1.0)),
            Ok(Some(Answer::Csat(1.0)))
        );
        assert_eq!(
            s.answer(Kind::Csat, Score(5.0)),
            Ok(Some(Answer::Csat(5.0)))
        );
        assert!(s.answer(Kind::Csat, Score(0.0)).is_err());
        assert!(s.answer(Kind::Csat, Score(5.5)).is_err());
        assert_eq!(
            s.answer(Kind::Csat, Good(false)),
            Ok(Some(Answer::CsatGood(false)))
        );
        assert!(s.answer(Kind::Csat, Unreadable).is_err());
        assert_eq!(s.answer(Kind::Nps, Score(0.0)), Ok(Some(Answer::Nps(0.0))));
        assert_eq!(
            s.answer(Kind::Nps, Score(10.0)),
            Ok(Some(Answer::Nps(10.0)))
        );
        assert!(s.answer(Kind::Nps, Score(-1.0)).is_err());
        assert!(s.answer(Kind::Nps, Good(true)).is_err());
        assert!(s.answer(Kind::Ces, Score(0.0)).is_err());
        assert!(s.answer(Kind::Ces, Score(8.0)).is_err());
        assert_eq!(s.answer(Kind::Ces, Empty), Ok(None));
    }

    #[test]
    fn totals_apply_the_thresholds() {
        let s = Scales {
            csat: 10.0,
            ces: 7.0,
            ces_higher_is_easier: false,
        };
        let mut t = Totals::default();
        for a in [
            Answer::Csat(9.0),
            Answer::Csat(8.9),
            Answer::CsatGood(true),
            Answer::Nps(9.0),
            Answer::Nps(8.5),
            Answer::Nps(7.0),
            Answer::Nps(6.9),
            // Lower is easier on 1..7: ease = 8 − score; easy iff ease > 4.
            Answer::Ces(3.0),
            Answer::Ces(4.0),
        ] {
            t.add(a, s);
        }
        assert_eq!((t.csat.hits, t.csat.total), (2, 3));
        assert!(matches!(&t.csat_scores, Sample::Any(v) if v == &[9.0, 8.9]));
        assert_eq!((t.promoters, t.passives, t.detractors), (1, 2, 1));
        assert_eq!((t.ces_easy.hits, t.ces_easy.total), (1, 2));
    }

    fn tickets() -> Table {
        table(
            TableKind::Tickets,
            vec![
                ("id", text(&["T1", "T2", "T1"])),
                ("created_at", ts(&[0, 0, 0])),
                ("agent", text(&["Old", "Bob", "Alice"])),
            ],
        )
    }

    #[test]
    fn long_and_wide_cells_are_responses() {
        let surveys = table(
            TableKind::Surveys,
            vec![
                ("submitted_at", ts(&[10, 20, 30, 40, 50, 60])),
                ("kind", text(&["CSAT", "nps", "poll", "", "ces ", "csat"])),
                ("score", num(&[4.0, 11.0, 3.0, 3.0, 7.0, E])),
                ("nps", num(&[9.0, E, E, 6.0, E, E])),
                ("ticket_id", text(&["T1", "T2", "T9", "", "T1", ""])),
                ("agent", text(&["", "", "", "Dora", "Eve", ""])),
            ],
        );
        let tickets = tickets();
        let index = TicketIndex::new(&tickets);
        let s = Surveys::new(&surveys, Some(&index), &Config::default()).unwrap();
        assert_eq!(s.answers_of(0), [Answer::Csat(4.0), Answer::Nps(9.0)]);
        assert_eq!(s.answers_of(1), []); // NPS 11 is out of range
        assert_eq!(s.answers_of(2), []); // unknown kind
        assert_eq!(s.answers_of(3), [Answer::Nps(6.0)]); // score without kind left out
        assert_eq!(s.answers_of(4), [Answer::Ces(7.0)]);
        assert_eq!(s.answers_of(5), []); // empty score: no response, no issue
        assert_eq!(s.issues.count(IssueKind::OutOfRange), 3);
        assert_eq!(s.issues.count(IssueKind::UnknownTicket), 1);
        let lines: Vec<(u64, &str, &str)> = s
            .issues
            .examples
            .iter()
            .map(|i| (i.line, i.column.as_str(), i.value.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (3, "score", "11"),
                (4, "kind", "poll"),
                (5, "kind", ""),
                (4, "ticket_id", "T9")
            ]
        );
        assert_eq!(
            s.present,
            Present {
                csat: true,
                csat_score: true,
                nps: true,
                ces: true
            }
        );
        // T1's last row wins; an own agent cell beats the ticket's.
        let agent = s.group_column("agent").unwrap();
        let names: Vec<Option<&str>> = (0..6).map(|i| agent.get(i)).collect();
        assert_eq!(
            names,
            [
                Some("Alice"),
                Some("Bob"),
                None,
                Some("Dora"),
                Some("Eve"),
                None
            ]
        );
    }

    #[test]
    fn without_tickets_agents_are_the_files_own() {
        let surveys = table(
            TableKind::Surveys,
            vec![
                ("submitted_at", ts(&[10, 20])),
                ("csat", num(&[5.0, 2.0])),
                ("ticket_id", text(&["T9", "T1"])),
            ],
        );
        let s = Surveys::new(&surveys, None, &Config::default()).unwrap();
        assert_eq!(s.issues.total(), 0);
        assert!(s.group_column("agent").is_none());
        assert_eq!(
            s.present,
            Present {
                csat: true,
                csat_score: true,
                ..Present::default()
            }
        );
        // With tickets but no agent anywhere, there is still no agent column.
        let tickets = table(
            TableKind::Tickets,
            vec![("id", text(&["T1"])), ("created_at", ts(&[0]))],
        );
        let index = TicketIndex::new(&tickets);
        let s = Surveys::new(&surveys, Some(&index), &Config::default()).unwrap();
        assert!(s.group_column("agent").is_none());
        assert_eq!(s.issues.count(IssueKind::UnknownTicket), 1);
    }

    #[test]
    fn text_score_columns_take_good_and_bad() {
        let surveys = table(
            TableKind::Surveys,
            vec![
                ("submitted_at", ts(&[10, 20, 30, 40])),
                ("kind", text(&["csat", "csat", "nps", "csat"])),
                ("score", text(&["Good", "4", "good", "so-so"])),
            ],
        );
        let s = Surveys::new(&surveys, None, &Config::default()).unwrap();
        assert_eq!(s.answers_of(0), [Answer::CsatGood(true)]);
        assert_eq!(s.answers_of(1), [Answer::Csat(4.0)]);
        assert_eq!(s.answers_of(2), []);
        assert_eq!(s.answers_of(3), []);
        assert_eq!(s.issues.count(IssueKind::OutOfRange), 2);
        assert!(s.present.csat && s.present.csat_score && s.present.nps && !s.present.ces);
    }

    #[test]
    fn ticket_satisfaction_is_the_fallback() {
        let t = table(
            TableKind::Tickets,
            vec![
                ("id", text(&["A", "B", "C", "D", "E", "F"])),
                ("created_at", ts(&[0; 6])),
                ("solved_at", ts(&[100, 200, NO_TS, 400, 500, 600])),
                (
                    "satisfaction",
                    text(&["good", "Bad", "good", "offered", "7", "5"]),
                ),
            ],
        );
        let r = TicketRatings::new(&t, &Config::default()).unwrap();
        assert_eq!(
            (0..6).map(|i| r.rating(i)).collect::<Vec<_>>(),
            [
                Some(Answer::CsatGood(true)),
                Some(Answer::CsatGood(false)),
                Some(Answer::CsatGood(true)),
                None,
                None,
                Some(Answer::Csat(5.0))
            ]
        );
        assert_eq!(r.issues.count(IssueKind::OutOfRange), 1);
        assert!(r.present.csat_score);
        let span = Span {
            start: 0,
            end: 1000,
        };
        // C has no solved_at, D no rating: neither is anchored.
        let anchored: Vec<bool> = (0..6).map(|i| r.anchored(i, span)).collect();
        assert_eq!(anchored, [true, true, false, false, false, true]);
        assert_eq!(r.time_range(), Some((100, 600)));
        // No solved_at column, no fallback.
        let t = table(
            TableKind::Tickets,
            vec![
                ("id", text(&["A"])),
                ("created_at", ts(&[0])),
                ("satisfaction", text(&["good"])),
            ],
        );
        assert!(TicketRatings::new(&t, &Config::default()).is_none());
    }
}
