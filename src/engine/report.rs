//! The report (SPEC section 6): every metric over the period, per trend
//! bucket and per group value, plus the inputs read and the issues found.
//!
//! The period is the config's, or from the first local day with data to the
//! day after the last, over every loaded table's anchors. Under a group value
//! a family's metrics appear only if some of its rows with that value are
//! anchored in the period (SPEC section 2).

use super::config::Config;
use super::dataset::Dataset;
use super::error::{Error, ErrorKind, Issue, IssueLog};
use super::kpi::{
    calls, contacts, customers, for_each_index, goals, metrics_each, orders, qa, surveys, tickets,
    Family, Metrics, Rows, Slots, Split,
};
use super::load::InputInfo;
use super::period::{buckets, default_span, rfc3339, span_of, Span};
use super::stats::{Dist, Nps, Rate, Ratio};
use serde::Serialize;
use std::collections::BTreeMap;

/// The report schema id.
pub const SCHEMA: &str = "cxkpi.report/1";

/// Most trend buckets in one report (over 54 years of days): every bucket
/// holds every metric, so a period stretched by a mistyped year would
/// otherwise exhaust memory.
pub const MAX_TREND_BUCKETS: usize = 20_000;

/// The group value of rows whose group column is empty.
pub const NO_GROUP: &str = "(none)";

/// One metric's value, serialized in the shape its kind prescribes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MetricValue {
    /// A count.
    Count {
        /// How many.
        value: u64,
    },
    /// A distribution.
    Dist(Dist),
    /// A rate.
    Rate(Rate),
    /// NPS.
    Nps(Nps),
    /// A money ratio.
    Ratio(Ratio),
    /// A plain value (a sum, revenue per customer).
    Value {
        /// The value; `None` when undefined.
        value: Option<f64>,
    },
}

/// The period the report covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodInfo {
    /// First instant, RFC 3339 with the zone's offset.
    pub start: String,
    /// First instant after, RFC 3339 with the zone's offset.
    pub end: String,
    /// IANA zone name.
    pub time_zone: String,
}

/// Metrics of one trend bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    /// First instant, RFC 3339.
    pub start: String,
    /// First instant after, RFC 3339.
    pub end: String,
    /// The same metrics as the whole period.
    pub metrics: Metrics,
}

/// The trend: the metrics per calendar bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// `day`, `week`, `month` or `quarter`.
    pub granularity: &'static str,
    /// Buckets in time order.
    pub buckets: Vec<Bucket>,
}

/// Issue counts per kind and the first examples.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueSummary {
    /// Issue kind id → count.
    pub counts: BTreeMap<&'static str, u64>,
    /// The first issues found, in file order.
    pub examples: Vec<Issue>,
}

impl From<&IssueLog> for IssueSummary {
    fn from(log: &IssueLog) -> IssueSummary {
        // Inserted one by one: a handful of kinds, and `collect` would link a
        // stable sort into the wasm for this one map.
        let mut counts = BTreeMap::new();
        for (kind, &n) in &log.counts {
            counts.insert(kind.id(), n);
        }
        IssueSummary {
            counts,
            examples: log.examples.clone(),
        }
    }
}

/// The outcome of one goal (SPEC section 5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalOutcome {
    /// The goal's id.
    pub id: String,
    /// The metric over the baseline period.
    pub baseline: Option<f64>,
    /// The metric over [start, min(deadline, period end)).
    pub current: Option<f64>,
    /// The target value.
    pub target: Option<f64>,
    /// (current − baseline) / (target − baseline).
    pub progress: Option<f64>,
    /// Share of [start, deadline) before the period end.
    pub elapsed: Option<f64>,
    /// `achieved`, `on_track`, `behind` or `no_data`.
    pub status: &'static str,
    /// The goal's number per trend bucket under its filter, aligned with
    /// `trend.buckets` (`None` in a bucket without data); absent without a
    /// trend or a metric.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<Vec<Option<f64>>>,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The period covered.
    pub period: PeriodInfo,
    /// One entry per file read.
    pub inputs: Vec<InputInfo>,
    /// Metric id → value over the whole period.
    pub metrics: Metrics,
    /// group_by column → group value → metrics.
    pub groups: BTreeMap<String, BTreeMap<String, Metrics>>,
    /// Per-bucket metrics; `null` without a granularity.
    pub trend: Option<Trend>,
    /// Monthly cohort retention; absent when no customers can be computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohorts: Option<customers::Cohorts>,
    /// Goal outcomes, in config order.
    pub goals: Vec<GoalOutcome>,
    /// Problems found in the data.
    pub issues: IssueSummary,
}

/// Prepare every family that the loaded files allow, in a fixed order.
fn families<'a>(data: &'a Dataset, config: &Config) -> Vec<Box<dyn Family + 'a>> {
    let mut out = tickets::families(data, config);
    out.extend(calls::families(data, config));
    out.extend(contacts::families(data, config));
    out.extend(surveys::families(data, config));
    out.extend(customers::families(data, config));
    out.extend(orders::families(data, config));
    out.extend(qa::families(data, config));
    out
}

/// The metrics of `family` over `span` for each value of its group column
/// `column`, in one pass over its rows, added to `values`. A value takes part
/// when one of its rows is anchored in the span.
fn add_groups(
    family: &dyn Family,
    column: &str,
    span: Span,
    values: &mut BTreeMap<String, Metrics>,
) {
    let Some(key) = family.group_column(column) else {
        return;
    };
    let spans = [span];
    let split = Split::new(key);
    let slots = Slots::split(&spans, split);
    let mut outs = vec![Metrics::new(); slots.len()];
    family.compute_each(slots, Rows::All(family.rows()), &mut outs);
    let mut anchored = vec![false; split.groups()];
    for_each_index(family.rows(), |i| {
        if let Some(g) = split.group(i) {
            if !anchored[g] && family.anchored(i, span) {
                anchored[g] = true;
            }
        }
    });
    for (g, metrics) in outs.into_iter().enumerate() {
        if anchored[g] {
            let name = key.values.get(g).unwrap_or(NO_GROUP);
            let value = values.entry(name.to_string()).or_default();
            if value.is_empty() {
                *value = metrics; // moved, not copied: many groups make a large report
            } else {
                value.extend(metrics);
            }
        }
    }
}

/// Compute the report of the loaded `data` under `config`.
///
/// The files must have been read in `config.time_zone`: local timestamps are
/// placed in a zone while reading.
pub fn report(data: &Dataset, config: &Config) -> Result<Report, Error> {
    if let Some(tz) = data.time_zone().filter(|&tz| tz != config.time_zone) {
        return Err(Error {
            kind: ErrorKind::Usage {
                message: format!(
                    "the files were read in time zone {} but the config asks for {}; read them again",
                    tz.name(),
                    config.time_zone.name()
                ),
            },
            pos: None,
        });
    }
    let tz = config.time_zone;
    let families = families(data, config);

    let span = match config.period {
        Some(range) => span_of(range, tz),
        None => {
            let range = families
                .iter()
                .filter_map(|f| f.time_range())
                .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)));
            match range {
                Some((first, last)) => default_span(first, last, tz),
                None => Span { start: 0, end: 0 },
            }
        }
    };

    let compute_all = |spans: &[Span]| {
        metrics_each(
            &families,
            families.iter().map(|f| Some(Rows::All(f.rows()))),
            spans,
        )
    };
    let metrics = compute_all(&[span]).remove(0);

    let mut groups = BTreeMap::new();
    for column in &config.group_by {
        let mut values: BTreeMap<String, Metrics> = BTreeMap::new();
        for family in &families {
            add_groups(family.as_ref(), column, span, &mut values);
        }
        groups.insert(column.clone(), values);
    }

    let trend_spans = config.granularity.map(|g| (g, buckets(span, g, tz)));
    if let Some((g, spans)) = &trend_spans {
        if spans.len() > MAX_TREND_BUCKETS {
            return Err(Error::config(
                "granularity",
                format!(
                    "the period {} to {} holds {} {} buckets, more than {MAX_TREND_BUCKETS}: \
                     choose a coarser granularity or set a period (is a year mistyped in the data?)",
                    rfc3339(span.start, tz),
                    rfc3339(span.end, tz),
                    spans.len(),
                    g.id()
                ),
            ));
        }
    }
    let goals = goals::evaluate(
        &families,
        config,
        span,
        trend_spans.as_ref().map(|(_, spans)| spans.as_slice()),
    )?;

    let trend = trend_spans.map(|(g, spans)| Trend {
        granularity: g.id(),
        buckets: spans
            .iter()
            .zip(compute_all(&spans))
            .map(|(b, metrics)| Bucket {
                start: rfc3339(b.start, tz),
                end: rfc3339(b.end, tz),
                metrics,
            })
            .collect(),
    });

    let mut issues = data.issues().clone();
    for family in &families {
        issues.extend(family.issues());
    }

    Ok(Report {
        schema: SCHEMA,
        period: PeriodInfo {
            start: rfc3339(span.start, tz),
            end: rfc3339(span.end, tz),
            time_zone: tz.name().to_string(),
        },
        inputs: data.inputs().to_vec(),
        metrics,
        groups,
        trend,
        cohorts: customers::cohorts(data, config, span),
        goals,
        issues: IssueSummary::from(&issues),
    })
}
