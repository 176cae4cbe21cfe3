//! Goals (SPEC section 5): a metric, a target and a timetable.
//!
//! - The metric is a metric id; for a distribution it names the statistic
//!   (`tickets.first_response_seconds.median`; also `.mean`, `.p90`, `.count`,
//!   `.sum`). Counts, rates, ratios and NPS use their `value`.
//! - `filter` keeps the rows whose column equals the value (as `group_by`);
//!   a table without a filter column takes no part.
//! - baseline = the metric over `baseline`; when no baseline is given, over
//!   the span of the same length just before `start`. current = the metric
//!   over [start, min(deadline, period end)). `start` defaults to the period
//!   start and `deadline` to the period end.
//! - target = the absolute value, or baseline · (1 + relative). Lower is
//!   better when the target is below the baseline (or the relative change is
//!   negative, which also covers a baseline of 0), higher otherwise.
//! - progress = (current − baseline) / (target − baseline) (1 when target =
//!   baseline and achieved, else 0); elapsed = share of [start, deadline)
//!   before the period end, clamped to 0..1.
//! - status: `achieved` if current is at or beyond target; else `on_track` if
//!   progress ≥ elapsed; else `behind`; `no_data` when baseline or current is
//!   missing. A goal without a metric takes its worst child's status, in the
//!   order behind < no_data < on_track < achieved.
//! - series (when the report has a trend): the goal's number per trend bucket,
//!   under the goal's filter, so a filtered goal can be charted against its
//!   target (the trend itself is not broken down by group).

use super::{metrics_each, Family, Metrics, Rows};
use crate::engine::config::{Config, Goal, Target};
use crate::engine::error::Error;
use crate::engine::period::{local_midnight, span_of, Span};
use crate::engine::report::{GoalOutcome, MetricValue};

/// How good a status is; the worst child's status rolls up to a metric-less parent.
fn rank(status: &str) -> u8 {
    match status {
        "behind" => 0,
        "no_data" => 1,
        "on_track" => 2,
        _ => 3,
    }
}

/// Split `tickets.first_response_seconds.median` into the metric id and the statistic.
fn split_statistic(metric: &str) -> (&str, Option<&str>) {
    match metric.rsplit_once('.') {
        Some((id, stat @ ("median" | "mean" | "p90" | "count" | "sum"))) => (id, Some(stat)),
        _ => (metric, None),
    }
}

/// The number a goal follows in `metrics`; `Err` when a distribution is named
/// without its statistic.
fn pick(metrics: &Metrics, metric: &str, field: &str) -> Result<Option<f64>, Error> {
    let (id, stat) = split_statistic(metric);
    let value = match (metrics.get(metric), metrics.get(id), stat) {
        (Some(MetricValue::Dist(_)), _, _) => {
            return Err(Error::config(
                field,
                format!(
                "{metric} is a distribution: name its statistic ({metric}.median, .mean or .p90)"
            ),
            ))
        }
        (Some(m), _, _) => scalar(m),
        (None, Some(MetricValue::Dist(d)), Some(stat)) => match stat {
            "median" => d.median,
            "mean" => d.mean,
            "p90" => d.p90,
            "count" => Some(d.count as f64),
            _ => Some(d.sum),
        },
        _ => None,
    };
    Ok(value)
}

fn scalar(m: &MetricValue) -> Option<f64> {
    match m {
        MetricValue::Count { value } => Some(*value as f64),
        MetricValue::Rate(r) => r.value,
        MetricValue::Nps(n) => n.value,
        MetricValue::Ratio(r) => r.value,
        MetricValue::Value { value } => *value,
        MetricValue::Dist(_) => None,
    }
}

/// The rows of one family that a goal counts.
enum Selection {
    /// The family's table lacks a filter column: it takes no part.
    Nothing,
    /// Every row: the goal has no filter.
    All(usize),
    /// The rows matching the filter.
    Only(Vec<u32>),
}

impl Selection {
    fn rows(&self) -> Option<Rows<'_>> {
        match self {
            Selection::Nothing => None,
            Selection::All(n) => Some(Rows::All(*n)),
            Selection::Only(rows) => Some(Rows::Only(rows)),
        }
    }
}

/// Per family, the rows matching `goal.filter`. The filter does not depend on
/// time, so one selection serves the baseline, the current span and every
/// trend bucket.
fn goal_rows(families: &[Box<dyn Family + '_>], goal: &Goal) -> Vec<Selection> {
    families
        .iter()
        .map(|family| {
            if goal.filter.is_empty() {
                return Selection::All(family.rows());
            }
            let mut rows: Vec<u32> = (0..family.rows() as u32).collect();
            for (column, wanted) in &goal.filter {
                let Some(col) = family.group_column(column) else {
                    return Selection::Nothing;
                };
                match col.code_of(wanted) {
                    Some(code) => rows.retain(|&r| col.codes.get(r as usize) == code),
                    None => rows.clear(),
                }
            }
            Selection::Only(rows)
        })
        .collect()
}

/// The metrics of every family over each of `spans`, on the rows `goal_rows` chose.
fn metrics_for(
    families: &[Box<dyn Family + '_>],
    rows: &[Selection],
    spans: &[Span],
) -> Vec<Metrics> {
    metrics_each(families, rows.iter().map(Selection::rows), spans)
}

/// Evaluate every goal of `config` over `period`, in config order; `buckets`
/// are the trend's spans (`None` without a granularity).
pub fn evaluate(
    families: &[Box<dyn Family + '_>],
    config: &Config,
    period: Span,
    buckets: Option<&[Span]>,
) -> Result<Vec<GoalOutcome>, Error> {
    check_tree(&config.goals)?;
    let tz = config.time_zone;
    let mut outcomes = Vec::with_capacity(config.goals.len());
    for (i, goal) in config.goals.iter().enumerate() {
        let Some(metric) = goal.metric.as_deref() else {
            outcomes.push(GoalOutcome {
                id: goal.id.clone(),
                baseline: None,
                current: None,
                target: None,
                progress: None,
                elapsed: None,
                status: "no_data",
                series: None,
            });
            continue;
        };
        let field = format!("goals[{i}].metric");
        let start = goal.start.map_or(period.start, |d| local_midnight(d, tz));
        let deadline = goal.deadline.map_or(period.end, |d| local_midnight(d, tz));
        let baseline_span = match goal.baseline {
            Some(range) => span_of(range, tz),
            None => Span {
                start: start - (deadline - start),
                end: start,
            },
        };
        let current_span = Span {
            start,
            end: deadline.min(period.end),
        };
        let rows = goal_rows(families, goal);
        let baseline = pick(
            &metrics_for(families, &rows, &[baseline_span])[0],
            metric,
            &field,
        )?;
        let current = if current_span.end > current_span.start {
            pick(
                &metrics_for(families, &rows, &[current_span])[0],
                metric,
                &field,
            )?
        } else {
            None
        };
        let target = match goal.target {
            Some(Target::Absolute(x)) => Some(x),
            Some(Target::Relative(r)) => baseline.map(|b| b * (1.0 + r)),
            None => None,
        };
        let elapsed = (deadline > start)
            .then(|| ((period.end - start) as f64 / (deadline - start) as f64).clamp(0.0, 1.0));
        let (progress, status) = match (baseline, current, target) {
            (Some(b), Some(c), Some(t)) => {
                let lower_is_better = match goal.target {
                    Some(Target::Relative(r)) => r < 0.0,
                    _ => t < b,
                };
                let achieved = if lower_is_better { c <= t } else { c >= t };
                let progress = if t != b {
                    (c - b) / (t - b)
                } else if achieved {
                    1.0
                } else {
                    0.0
                };
                let status = if achieved {
                    "achieved"
                } else if progress >= elapsed.unwrap_or(1.0) {
                    "on_track"
                } else {
                    "behind"
                };
                (Some(progress), status)
            }
            _ => (None, "no_data"),
        };
        let series = match buckets {
            Some(spans) => Some(
                metrics_for(families, &rows, spans)
                    .iter()
                    .map(|m| pick(m, metric, &field))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            None => None,
        };
        outcomes.push(GoalOutcome {
            id: goal.id.clone(),
            baseline,
            current,
            target,
            progress,
            elapsed,
            status,
            series,
        });
    }
    roll_up(&config.goals, &mut outcomes);
    Ok(outcomes)
}

/// Every parent exists and the parents form no cycle.
fn check_tree(goals: &[Goal]) -> Result<(), Error> {
    let index = |id: &str| goals.iter().position(|g| g.id == id);
    for (i, goal) in goals.iter().enumerate() {
        let mut seen = 0;
        let mut at = goal;
        while let Some(parent) = at.parent.as_deref() {
            let Some(p) = index(parent) else {
                return Err(Error::config(
                    format!("goals[{i}].parent"),
                    format!("no goal has the id \"{parent}\""),
                ));
            };
            seen += 1;
            if seen > goals.len() {
                return Err(Error::config(
                    format!("goals[{i}].parent"),
                    "the parents form a cycle",
                ));
            }
            at = &goals[p];
        }
    }
    Ok(())
}

/// A goal without a metric takes its worst child's status (children first).
fn roll_up(goals: &[Goal], outcomes: &mut [GoalOutcome]) {
    fn status_of(
        goals: &[Goal],
        outcomes: &mut [GoalOutcome],
        i: usize,
        depth: usize,
    ) -> &'static str {
        if goals[i].metric.is_some() || depth > goals.len() {
            return outcomes[i].status;
        }
        let children: Vec<usize> = (0..goals.len())
            .filter(|&c| goals[c].parent.as_deref() == Some(goals[i].id.as_str()))
            .collect();
        let worst = children
            .into_iter()
            .map(|c| status_of(goals, outcomes, c, depth + 1))
            .min_by_key(|s| rank(s));
        if let Some(status) = worst {
            outcomes[i].status = status;
        }
        outcomes[i].status
    }
    for i in 0..goals.len() {
        status_of(goals, outcomes, i, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistic_suffixes() {
        assert_eq!(
            split_statistic("tickets.first_response_seconds.median"),
            ("tickets.first_response_seconds", Some("median"))
        );
        assert_eq!(
            split_statistic("tickets.complaints"),
            ("tickets.complaints", None)
        );
    }

    #[test]
    fn ranks_order_statuses() {
        let mut s = ["achieved", "no_data", "behind", "on_track"];
        s.sort_by_key(|s| rank(s));
        assert_eq!(s, ["behind", "no_data", "on_track", "achieved"]);
    }
}
