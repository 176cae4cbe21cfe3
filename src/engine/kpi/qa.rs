//! QA review KPIs (SPEC section 4, "qa"), anchored at `reviewed_at`.
//!
//! Every column of a review file other than `id`, `reviewed_at`, `agent`,
//! `ticket_id` and `reviewer` is a checklist criterion whose cells pass, fail
//! or do not apply (the loader reads them; SPEC section 1).
//! - `qa.reviews`: reviews.
//! - `qa.score`: per review 100 · passes / (passes + fails) over its
//!   applicable criteria; 0 when a criterion named in `qa.critical` failed
//!   (names match headers case-insensitively, ignoring spaces and punctuation
//!   as header matching does). A review where no criterion applies has no
//!   score and is left out of the distribution (it still counts in
//!   `qa.reviews`). Absent when the file has no criterion column.
//! - `qa.criterion_pass_rate.NAME`: passes / (passes + fails) of the
//!   criterion whose header is NAME (as in the file, trimmed); one per
//!   criterion column, present even when no review applies it (value null).
//!
//! When tickets are loaded, a `ticket_id` not among them is an
//! `unknown_ticket` issue. Groups use the review file's own columns (`agent`
//! is required there).

use super::surveys::TicketIndex;
use super::{
    min_max, put_count, put_dist, put_rate, table_group_column, Family, Metrics, Rows, Tally,
};
use crate::engine::config::Config;
use crate::engine::dataset::Dataset;
use crate::engine::error::IssueLog;
use crate::engine::period::Span;
use crate::engine::schema::{normalize_header, TableKind};
use crate::engine::stats::Sample;
use crate::engine::table::{Stamps, StrColumn, Table, NO_BOOL};

/// Prepare the QA family of the QA reviews table.
pub fn families<'a>(data: &'a Dataset, config: &Config) -> Vec<Box<dyn Family + 'a>> {
    data.table(TableKind::QaReviews)
        // The ticket index hashes every ticket id: build it only for reviews.
        .and_then(|t| Qa::new(t, TicketIndex::of(data).as_ref(), config))
        .map(|q| Box::new(q) as Box<dyn Family + 'a>)
        .into_iter()
        .collect()
}

/// One checklist criterion.
struct Criterion<'a> {
    /// `qa.criterion_pass_rate.` + the header.
    metric: String,
    /// 1 pass, 0 fail, [`NO_BOOL`] not applicable.
    cells: &'a [u8],
}

/// The QA family, prepared for one report.
pub struct Qa<'a> {
    table: &'a Table,
    reviewed: &'a Stamps,
    criteria: Vec<Criterion<'a>>,
    /// Per review, 0..=100; `NaN` when no criterion applies.
    score: Vec<f64>,
    issues: IssueLog,
}

impl<'a> Qa<'a> {
    /// Prepare the reviews of `table` (a QA reviews table).
    fn new(table: &'a Table, tickets: Option<&TicketIndex<'_>>, config: &Config) -> Option<Qa<'a>> {
        let reviewed = &table.ts("reviewed_at")?.secs;
        let mut issues = IssueLog::default();
        if let Some(tickets) = tickets {
            tickets.resolve(table, &mut issues);
        }
        let critical_names: Vec<String> = config
            .qa
            .critical
            .iter()
            .map(|c| normalize_header(c))
            .collect();
        let (criteria, critical): (Vec<Criterion>, Vec<bool>) = table
            .criteria()
            .map(|(header, cells)| {
                let metric = format!("qa.criterion_pass_rate.{}", header.trim());
                let critical = critical_names.contains(&normalize_header(header));
                (Criterion { metric, cells }, critical)
            })
            .unzip();
        let score = (0..table.rows)
            .map(|i| {
                let (mut passes, mut fails, mut critical_failed) = (0u32, 0u32, false);
                for (c, &is_critical) in criteria.iter().zip(&critical) {
                    match c.cells[i] {
                        1 => passes += 1,
                        0 => {
                            fails += 1;
                            critical_failed |= is_critical;
                        }
                        _ => {}
                    }
                }
                match passes + fails {
                    0 => f64::NAN,
                    _ if critical_failed => 0.0,
                    n => 100.0 * passes as f64 / n as f64,
                }
            })
            .collect();
        Some(Qa {
            table,
            reviewed,
            criteria,
            score,
            issues,
        })
    }
}

impl Family for Qa<'_> {
    fn rows(&self) -> usize {
        self.table.rows
    }

    fn group_column(&self, column: &str) -> Option<&StrColumn> {
        table_group_column(self.table, column)
    }

    fn anchored(&self, i: usize, span: Span) -> bool {
        span.contains(self.reviewed.get(i))
    }

    fn time_range(&self) -> Option<(i64, i64)> {
        min_max([self.reviewed])
    }

    fn compute(&self, span: Span, rows: Rows, out: &mut Metrics) {
        let mut reviews = 0;
        let mut scores = Sample::default();
        let mut pass = vec![Tally::default(); self.criteria.len()];
        for i in rows.iter() {
            if !span.contains(self.reviewed.get(i)) {
                continue;
            }
            reviews += 1;
            if !self.score[i].is_nan() {
                scores.push(self.score[i]);
            }
            for (c, tally) in self.criteria.iter().zip(&mut pass) {
                if c.cells[i] != NO_BOOL {
                    tally.add(c.cells[i] == 1);
                }
            }
        }
        put_count(out, "qa.reviews", reviews);
        if !self.criteria.is_empty() {
            put_dist(out, "qa.score", &mut scores);
        }
        for (c, tally) in self.criteria.iter().zip(pass) {
            put_rate(out, &c.metric, tally);
        }
    }

    fn issues(&self) -> &IssueLog {
        &self.issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error::IssueKind;
    use crate::engine::kpi::surveys::tests::{table, text, ts};
    use crate::engine::table::{ColumnData, NamedColumn};

    const NA: u8 = NO_BOOL;

    fn reviews() -> Table {
        let mut t = table(
            TableKind::QaReviews,
            vec![
                ("reviewed_at", ts(&[10, 20, 30, 40])),
                ("agent", text(&["Al", "Al", "Bo", "Bo"])),
                ("ticket_id", text(&["T1", "T9", "", "T1"])),
            ],
        );
        for (header, cells) in [
            (" Greeting ", [1, 0, 1, NA]),
            ("Verified identity", [1, 1, 0, NA]),
            ("Tone", [1, NA, 1, NA]),
        ] {
            t.columns.push(NamedColumn {
                name: normalize_header(header),
                header: header.to_string(),
                data: ColumnData::Criterion(cells.to_vec()),
            });
        }
        t
    }

    #[test]
    fn scores_passes_over_applicable_criteria() {
        let t = reviews();
        let config = Config::from_json(r#"{"qa": {"critical": ["VERIFIED identity"]}}"#).unwrap();
        let q = Qa::new(&t, None, &config).unwrap();
        // 3/3; 1 pass 1 fail (Tone n/a); a critical fail; nothing applicable.
        assert_eq!(q.score[..3], [100.0, 50.0, 0.0]);
        assert!(q.score[3].is_nan());
        let ids: Vec<&str> = q.criteria.iter().map(|c| c.metric.as_str()).collect();
        assert_eq!(
            ids,
            [
                "qa.criterion_pass_rate.Greeting",
                "qa.criterion_pass_rate.Verified identity",
                "qa.criterion_pass_rate.Tone"
            ]
        );
        // Without the critical rule the third review scores 2/3.
        let q = Qa::new(&t, None, &Config::default()).unwrap();
        assert!((q.score[2] - 200.0 / 3.0).abs() < 1e-12);
        assert_eq!(q.issues.total(), 0);
    }

    #[test]
    fn unknown_tickets_are_reported_when_tickets_are_loaded() {
        let t = reviews();
        let tickets = table(
            TableKind::Tickets,
            vec![("id", text(&["T1"])), ("created_at", ts(&[0]))],
        );
        let index = TicketIndex::new(&tickets);
        let q = Qa::new(&t, Some(&index), &Config::default()).unwrap();
        assert_eq!(q.issues.count(IssueKind::UnknownTicket), 1);
        assert_eq!(q.issues.examples[0].line, 3);
        assert_eq!(q.issues.examples[0].value, "T9");
    }
}
