//! Statistics of SPEC section 3: distributions (count, sum, mean, median, p90
//! with linear interpolation between closest ranks, as NumPy's default and
//! Excel's PERCENTILE.INC), rates with the 95 % Wilson score interval, NPS with
//! its normal-approximation interval, and money ratios.

use serde::Serialize;

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.96;

/// A distribution summary. Durations are seconds. Empty: count 0, sum 0, the rest `None`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dist {
    /// Number of values.
    pub count: u64,
    /// Sum of values.
    pub sum: f64,
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// 50th percentile.
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
}

/// Summarise `values` (any order; sorted in place). NaN values must not be passed.
pub fn dist(_values: &mut [f64]) -> Dist {
    unimplemented!()
}

/// The `q`-quantile (0..=1) of sorted values by linear interpolation between closest ranks.
pub fn percentile(_sorted: &[f64], _q: f64) -> Option<f64> {
    unimplemented!()
}

/// A rate: `value = numerator / denominator` (a fraction), with its 95 % Wilson interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    /// numerator / denominator; `None` when the denominator is 0.
    pub value: Option<f64>,
    /// Cases counted.
    pub numerator: u64,
    /// Cases eligible.
    pub denominator: u64,
    /// 95 % Wilson score interval; `None` when the denominator is 0.
    pub ci95: Option<[f64; 2]>,
}

/// The rate `numerator / denominator` with its Wilson interval.
pub fn rate(_numerator: u64, _denominator: u64) -> Rate {
    unimplemented!()
}

/// Net Promoter Score: −100..100 with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Nps {
    /// 100 · (promoters − detractors) / count; `None` when count is 0.
    pub value: Option<f64>,
    /// Scores 9–10.
    pub promoters: u64,
    /// Scores 7–8.
    pub passives: u64,
    /// Scores 0–6.
    pub detractors: u64,
    /// All responses.
    pub count: u64,
    /// value ± 1.96·100·sqrt((p + d − (p − d)²)/n), clamped to −100..100; `None` when count is 0.
    pub ci95: Option<[f64; 2]>,
}

/// NPS from the three counts.
pub fn nps(_promoters: u64, _passives: u64, _detractors: u64) -> Nps {
    unimplemented!()
}

/// A ratio of two amounts (money over money); no interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ratio {
    /// numerator / denominator; `None` when the denominator is 0.
    pub value: Option<f64>,
    /// The part.
    pub numerator: f64,
    /// The whole.
    pub denominator: f64,
}

/// The ratio `numerator / denominator`.
pub fn ratio(numerator: f64, denominator: f64) -> Ratio {
    Ratio {
        value: (denominator != 0.0).then(|| numerator / denominator),
        numerator,
        denominator,
    }
}
