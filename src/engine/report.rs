//! The report (SPEC section 6).
use super::config::Config;
use super::error::Error;
use super::load::LoadedFile;
use super::stats::{Dist, Nps, Rate, Ratio};
use serde::Serialize;

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

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {}

/// Compute the report of `files` under `config`.
pub fn report(_files: &[LoadedFile], _config: &Config) -> Result<Report, Error> {
    unimplemented!()
}
