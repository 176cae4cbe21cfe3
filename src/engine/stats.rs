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

/// Summarise `values` (any order). Durations are seconds.
///
/// `values` is a caller's scratch buffer that may be reordered; to take
/// further quantiles, sort it with `sort_unstable_by(f64::total_cmp)` and call
/// [`percentile`]. NaN values must
/// not be passed. The result depends only on the multiset of values, never on
/// their order: the sum is exact (correctly rounded, not merely compensated),
/// so shuffled rows give bit-identical results. Runs in O(n).
pub fn dist(values: &mut [f64]) -> Dist {
    debug_assert!(values.iter().all(|v| !v.is_nan()), "dist: NaN value");
    if values.is_empty() {
        return EMPTY;
    }
    let sum = exact_sum(values);
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in values.iter() {
        min = min.min(v);
        max = max.max(v);
    }
    // Select on integers ordered as `f64::total_cmp` orders the values: one
    // integer comparison instead of two bit-twiddled keys per comparison.
    let mut keys: Vec<i64> = values.iter().map(|&v| order_key(v)).collect();
    let quantiles = quantiles(&mut keys, [0.5, 0.9], from_order_key);
    summary(values.len(), sum, min, max, quantiles)
}

/// The summary of no values.
const EMPTY: Dist = Dist {
    count: 0,
    sum: 0.0,
    mean: None,
    median: None,
    p90: None,
};

/// The summary of `n > 0` values with this `sum`, `min`, `max` and median and p90.
fn summary(n: usize, sum: f64, min: f64, max: f64, [median, p90]: [f64; 2]) -> Dist {
    // `sum / n` can land one ulp outside the data when `sum` was rounded
    // (max/min rather than clamp: no panic even if a NaN slipped through).
    let mean = (sum / n as f64).max(min).min(max);
    Dist {
        count: n as u64,
        sum,
        mean: Some(mean),
        median: Some(median),
        p90: Some(p90),
    }
}

/// The values of one distribution, gathered one at a time for [`Sample::dist`].
///
/// Whole numbers in 0..2^32 (seconds between timestamps, counts) are the
/// common case and are kept as `u32`: half the memory of `f64`, and their
/// quantiles are selected in place rather than on a copy of keys. The first
/// value that is not one (a fraction, a negative number, −0.0, 2^32 or more)
/// turns the values gathered so far into `f64`. Either way the summary is
/// [`dist`]'s of the same values, bit for bit.
#[derive(Debug, Clone)]
pub enum Sample {
    /// Every value so far is a whole number in 0..2^32.
    Whole(Vec<u32>),
    /// Any values but NaN.
    Any(Vec<f64>),
}

impl Default for Sample {
    fn default() -> Sample {
        Sample::Whole(Vec::new())
    }
}

impl Sample {
    /// Room for `n` whole numbers.
    pub fn with_capacity(n: usize) -> Sample {
        Sample::Whole(Vec::with_capacity(n))
    }

    /// Add a value (not NaN). Not inlined in wasm, where each of the
    /// report's many pushes would carry it (700 B of the module's budget).
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn push(&mut self, v: f64) {
        match self {
            // Comparing bits keeps −0.0 out: `0 as f64 == -0.0`, but a median
            // of −0.0 prints as `-0.0`.
            Sample::Whole(whole) if f64::from(v as u32).to_bits() == v.to_bits() => {
                whole.push(v as u32)
            }
            _ => self.push_any(v),
        }
    }

    /// [`Sample::push`] of a value that is not a whole number in 0..2^32,
    /// or of any value once one was: switch to `f64` if not yet. Out of
    /// line: values are seldom so, and each of the many pushes would carry it.
    #[cold]
    #[inline(never)]
    fn push_any(&mut self, v: f64) {
        match self {
            Sample::Whole(whole) => {
                let mut any: Vec<f64> = whole.iter().map(|&k| f64::from(k)).collect();
                any.push(v);
                *self = Sample::Any(any);
            }
            Sample::Any(any) => any.push(v),
        }
    }

    /// The summary of the values, as [`dist`] (which may reorder them).
    pub fn dist(&mut self) -> Dist {
        let whole = match self {
            Sample::Any(any) => return dist(any),
            Sample::Whole(whole) if whole.is_empty() => return EMPTY,
            Sample::Whole(whole) => whole,
        };
        // Fewer than 2^32 values below 2^32 each: the u64 sum is exact, and
        // `as f64` rounds it as `exact_sum` rounds the same integer.
        // One pass for the three.
        let (mut sum, mut min, mut max) = (0u64, u32::MAX, 0);
        for &k in whole.iter() {
            sum += u64::from(k);
            min = min.min(k);
            max = max.max(k);
        }
        let quantiles = quantiles(whole, [0.5, 0.9], f64::from);
        summary(
            whole.len(),
            sum as f64,
            f64::from(min),
            f64::from(max),
            quantiles,
        )
    }
}

/// The `q`-quantile (0..=1) of sorted values by linear interpolation between closest ranks.
///
/// The rank is `h = (n − 1)·q`; the result lies between the values at ranks
/// `⌊h⌋` and `⌈h⌉` (counting from 0), computed as NumPy's `percentile` does.
/// `None` when `sorted` is empty or `q` is not in 0..=1. `sorted` must be in
/// ascending order (`sort_unstable_by(f64::total_cmp)`).
pub fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    debug_assert!(
        sorted.is_sorted_by(|a, b| a.total_cmp(b).is_le()),
        "percentile: unsorted"
    );
    if sorted.is_empty() || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let (lo, t) = rank(sorted.len(), q);
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(lerp(sorted[lo], sorted[hi], t))
}

/// The 0-based rank `⌊h⌋` and fraction `h − ⌊h⌋` of `h = (n − 1)·q`, `n > 0`, `q` in 0..=1.
fn rank(n: usize, q: f64) -> (usize, f64) {
    let h = (n - 1) as f64 * q;
    let lo = (h.floor() as usize).min(n - 1);
    (lo, h - lo as f64)
}

/// `a + (b − a)·t`, `a ≤ b`, `t` in 0..1, as NumPy's `_lerp` (from `b` when `t ≥ 0.5`,
/// which keeps the result monotonic in `t` and exact at the ends).
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    if t == 0.0 || a == b {
        return a;
    }
    let d = b - a;
    if t >= 0.5 {
        b - d * (1.0 - t)
    } else {
        a + d * t
    }
}

/// The quantiles `qs` (each in 0..=1, ascending) of the values of unsorted,
/// non-empty `keys` (reordered), ordered as the values, in O(n): by
/// selection instead of a full sort.
fn quantiles<T: Ord + Copy, const K: usize>(
    keys: &mut [T],
    qs: [f64; K],
    value: impl Fn(T) -> f64,
) -> [f64; K] {
    debug_assert!(
        qs.windows(2).all(|w| w[0] <= w[1]),
        "quantiles: qs not ascending"
    );
    let n = keys.len();
    let mut out = [0.0; K];
    // Select from the highest rank down: each selection partitions the prefix
    // below the previous one, and the element just above rank `lo` is the
    // minimum of the part between `lo` and the previously selected rank.
    let mut bound = n; // keys[bound] is selected and keys[bound + 1..] are ≥ all before
    for (slot, &q) in out.iter_mut().zip(qs.iter()).rev() {
        let (lo, t) = rank(n, q);
        // Where rank lo + 1 can be: up to the previously selected rank, or to
        // the end when lo is that rank itself.
        let last = if lo < bound {
            keys[..bound].select_nth_unstable(lo);
            bound.min(n - 1)
        } else {
            n - 1
        };
        let a = keys[lo];
        let b = if t == 0.0 {
            a
        } else {
            keys[lo + 1..=last].iter().copied().min().unwrap_or(a)
        };
        *slot = lerp(value(a), value(b), t);
        bound = lo;
    }
    out
}

/// `v`'s bits as an integer ordered as `f64::total_cmp` orders the values.
fn order_key(v: f64) -> i64 {
    flip_if_negative(v.to_bits() as i64)
}

/// The value whose [`order_key`] is `key`.
fn from_order_key(key: i64) -> f64 {
    f64::from_bits(flip_if_negative(key) as u64)
}

/// Flip the magnitude bits of a negative value's bits, so that a larger
/// magnitude sorts lower; its own inverse (the sign bit is kept).
fn flip_if_negative(bits: i64) -> i64 {
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// Bins of the exact accumulator: bin `i` weighs 2^(64·i − 1074). Every
/// finite f64 is an integer multiple of 2^−1074 below 2^(2098); four spare bins
/// hold the carries of any realistic count of values.
const BINS: usize = 37;

/// The sum of `values`, correctly rounded (to nearest, ties to even) and hence
/// independent of their order. Exact fixed-point accumulation over the whole
/// f64 range in 64-bit bins (a "superaccumulator"), about as fast as a plain
/// sum. Infinities are summed apart (+∞ and −∞ give NaN).
fn exact_sum(values: &[f64]) -> f64 {
    integer_sum(values).unwrap_or_else(|| superaccumulated_sum(values))
}

/// The correctly rounded sum of any `values` (see [`exact_sum`]).
fn superaccumulated_sum(values: &[f64]) -> f64 {
    let mut bins = [0i128; BINS];
    let mut special = 0.0;
    for chunk in values.chunks(1024) {
        for &v in chunk {
            if !v.is_finite() {
                special += v;
                continue;
            }
            // v = ±m · 2^(shift − 1074), m < 2^53, shift in 0..2046.
            let bits = v.to_bits();
            let exp = ((bits >> 52) & 0x7ff) as usize;
            let frac = bits & ((1 << 52) - 1);
            let (m, shift) = if exp == 0 {
                (frac, 0)
            } else {
                (frac | 1 << 52, exp - 1)
            };
            let part = i128::from(m) << (shift & 63); // < 2^116: 2^11 of them fit in a bin
            if bits >> 63 == 0 {
                bins[shift >> 6] += part;
            } else {
                bins[shift >> 6] -= part;
            }
        }
        carry(&mut bins);
    }
    if special != 0.0 || special.is_nan() {
        return special;
    }
    let negative = bins[BINS - 1] < 0;
    if negative {
        for b in bins.iter_mut() {
            *b = -*b;
        }
        carry(&mut bins);
    }
    // Bins are now digits in 0..2^64. Round the top 128 bits, with the lowest
    // one set if anything below is non-zero so that ties break correctly.
    let magnitude = match bins.iter().rposition(|&b| b != 0) {
        None => 0.0,
        Some(0) => bins[0] as f64 * f64::from_bits(1), // exact: < 2^64 · 2^−1074
        Some(k) => {
            let sticky = bins[..k - 1].iter().any(|&b| b != 0);
            let top = (bins[k] as u128) << 64 | bins[k - 1] as u128 | u128::from(sticky);
            // top · 2^p in two exact steps (the intermediate stays normal).
            let p = 64 * (k as i32 - 1) - 1074;
            top as f64 * 2f64.powi(p / 2) * 2f64.powi(p - p / 2)
        }
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// The sum of `values` when every one is an integer below 2^53 in magnitude
/// (whole seconds, counts), else `None`. Their sum in an i128 is exact, and
/// `as f64` rounds it to nearest, ties to even: the same result as the
/// superaccumulator in a fraction of the work.
fn integer_sum(values: &[f64]) -> Option<f64> {
    const EXACT: f64 = (1u64 << 53) as f64;
    let mut sum: i128 = 0;
    for &v in values {
        // A round trip through i64 (one instruction each way, unlike `trunc`)
        // keeps exactly the integers; NaN fails the bound.
        let k = v as i64;
        if !(v.abs() < EXACT && k as f64 == v) {
            return None;
        }
        sum += i128::from(k);
    }
    Some(sum as f64)
}

/// Propagate carries so that every bin but the last is in 0..2^64.
fn carry(bins: &mut [i128; BINS]) {
    for i in 0..BINS - 1 {
        let c = bins[i] >> 64;
        bins[i] -= c << 64;
        bins[i + 1] += c;
    }
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
///
/// A numerator above the denominator is a bug in the caller: it fails a debug
/// assertion; release builds report `value` as given (above 1) and compute the
/// interval as if the rate were 1.
pub fn rate(numerator: u64, denominator: u64) -> Rate {
    debug_assert!(
        numerator <= denominator,
        "rate: {numerator} > {denominator}"
    );
    let (value, ci95) = if denominator == 0 {
        (None, None)
    } else {
        let k = numerator.min(denominator);
        (
            Some(numerator as f64 / denominator as f64),
            Some(wilson(k, denominator)),
        )
    };
    Rate {
        value,
        numerator,
        denominator,
        ci95,
    }
}

/// The Wilson score interval of `k` successes in `n > 0` trials, `k ≤ n`, at [`Z95`]:
/// `(p̂ + z²/2n ± z·sqrt(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)`, clamped to 0..=1
/// (exactly 0 when `k = 0`, exactly 1 when `k = n`).
fn wilson(k: u64, n: u64) -> [f64; 2] {
    let nf = n as f64;
    let p = k as f64 / nf;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / nf;
    let center = (p + z2 / (2.0 * nf)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
    let lower = if k == 0 {
        0.0
    } else {
        (center - half).clamp(0.0, 1.0)
    };
    let upper = if k == n {
        1.0
    } else {
        (center + half).clamp(0.0, 1.0)
    };
    [lower, upper]
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
pub fn nps(promoters: u64, passives: u64, detractors: u64) -> Nps {
    let count = promoters
        .saturating_add(passives)
        .saturating_add(detractors);
    let (value, ci95) = if count == 0 {
        (None, None)
    } else {
        let n = count as f64;
        let (p, d) = (promoters as f64 / n, detractors as f64 / n);
        let value = 100.0 * (promoters as f64 - detractors as f64) / n;
        // p + d ≥ (p − d)² in exact arithmetic; rounding may dip below 0.
        let variance = (p + d - (p - d) * (p - d)).max(0.0);
        let half = Z95 * 100.0 * (variance / n).sqrt();
        (
            Some(value),
            Some([(value - half).max(-100.0), (value + half).min(100.0)]),
        )
    };
    Nps {
        value,
        promoters,
        passives,
        detractors,
        count,
        ci95,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    fn assert_ci(ci: Option<[f64; 2]>, lo: f64, hi: f64) {
        let [a, b] = ci.unwrap();
        assert!(
            close(a, lo, 1e-6) && close(b, hi, 1e-6),
            "{a} {b} vs {lo} {hi}"
        );
    }

    #[test]
    fn order_keys_sort_as_total_cmp_and_map_back() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            5e-324,
            1.0,
            3.5,
            f64::MAX,
            f64::INFINITY,
        ];
        for pair in values.windows(2) {
            assert!(order_key(pair[0]) < order_key(pair[1]), "{pair:?}");
        }
        for v in values {
            assert_eq!(from_order_key(order_key(v)).to_bits(), v.to_bits());
        }
    }

    #[test]
    fn dist_empty() {
        let d = dist(&mut []);
        assert_eq!(
            d,
            Dist {
                count: 0,
                sum: 0.0,
                mean: None,
                median: None,
                p90: None
            }
        );
    }

    #[test]
    fn dist_matches_numpy() {
        // np.percentile([1, 2, 3, 4], [50, 90]) == [2.5, 3.7]
        let d = dist(&mut [4.0, 1.0, 3.0, 2.0]);
        assert_eq!((d.count, d.sum, d.mean), (4, 10.0, Some(2.5)));
        assert_eq!(d.median, Some(2.5));
        assert!(close(d.p90.unwrap(), 3.7, 1e-12));
        // np.percentile([15, 20, 35, 40, 50], [50, 90]) == [35, 46]
        let d = dist(&mut [50.0, 15.0, 40.0, 20.0, 35.0]);
        assert_eq!(d.median, Some(35.0));
        assert!(close(d.p90.unwrap(), 46.0, 1e-12));
        // 1..=10: median 5.5, p90 9.1 (Excel PERCENTILE.INC)
        let mut v: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let d = dist(&mut v);
        assert_eq!((d.median, d.mean), (Some(5.5), Some(5.5)));
        assert!(close(d.p90.unwrap(), 9.1, 1e-12));
    }

    #[test]
    fn dist_small_and_ties() {
        let d = dist(&mut [7.0]);
        assert_eq!(
            (d.count, d.sum, d.mean, d.median, d.p90),
            (1, 7.0, Some(7.0), Some(7.0), Some(7.0))
        );
        // n = 2: both quantiles fall between the same two ranks.
        let d = dist(&mut [10.0, 0.0]);
        assert_eq!((d.median, d.p90), (Some(5.0), Some(9.0)));
        // n = 3: median is a rank, p90 = 2 + 0.8.
        let d = dist(&mut [3.0, 1.0, 2.0]);
        assert_eq!(d.median, Some(2.0));
        assert!(close(d.p90.unwrap(), 2.8, 1e-12));
        let d = dist(&mut [5.0; 9]);
        assert_eq!((d.mean, d.median, d.p90), (Some(5.0), Some(5.0), Some(5.0)));
    }

    #[test]
    fn dist_large_uses_selection_correctly() {
        // 0..=1000 shuffled by a fixed stride: median 500, p90 900.
        let mut v: Vec<f64> = (0..=1000).map(|i| ((i * 337) % 1001) as f64).collect();
        let d = dist(&mut v);
        assert_eq!(
            (d.count, d.sum, d.median, d.p90),
            (1001, 500_500.0, Some(500.0), Some(900.0))
        );
    }

    #[test]
    fn sum_is_exact() {
        assert_eq!(dist(&mut [1e16, 1.0, -1e16]).sum, 1.0);
        assert_eq!(dist(&mut [0.1; 10]).sum, 1.0);
        assert_eq!(exact_sum(&[1e308, 1e308, -1e308]), 1e308);
        assert_eq!(exact_sum(&[1e308, 1e308]), f64::INFINITY);
        assert_eq!(exact_sum(&[-1e308, -1e308]), f64::NEG_INFINITY);
        assert_eq!(exact_sum(&[f64::INFINITY, 1.0]), f64::INFINITY);
        assert!(exact_sum(&[f64::INFINITY, f64::NEG_INFINITY]).is_nan());
        assert_eq!(exact_sum(&[]), 0.0);
        assert_eq!(exact_sum(&[-2.5, 1.0]), -1.5);
        assert_eq!(exact_sum(&[f64::MAX, -f64::MAX, 3.0]), 3.0);
        // Subnormals add exactly.
        let tiny = f64::from_bits(1);
        assert_eq!(exact_sum(&[tiny, tiny, tiny]), f64::from_bits(3));
        assert_eq!(
            exact_sum(&[f64::MIN_POSITIVE, -tiny]),
            f64::from_bits((1 << 52) - 1)
        );
        // 1 + 2^−53 is a tie: to even (1); one more 2^−110 breaks it upwards.
        assert_eq!(exact_sum(&[1.0, 2f64.powi(-53)]), 1.0);
        assert_eq!(
            exact_sum(&[1.0, 2f64.powi(-53), 2f64.powi(-110)]),
            1.0 + f64::EPSILON
        );
        assert_eq!(
            exact_sum(&[-1.0, -(2f64.powi(-53)), -(2f64.powi(-110))]),
            -1.0 - f64::EPSILON
        );
        // Many values: more than one carry round.
        assert_eq!(exact_sum(&vec![0.1; 10_000]), 1000.0);
    }

    #[test]
    fn percentile_of_sorted() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&v, 0.0), Some(1.0));
        assert_eq!(percentile(&v, 1.0), Some(4.0));
        assert_eq!(percentile(&v, 0.25), Some(1.75));
        assert_eq!(percentile(&v, 0.5), Some(2.5));
        assert_eq!(percentile(&[], 0.5), None);
        assert_eq!(percentile(&v, 1.5), None);
        assert_eq!(percentile(&v, f64::NAN), None);
    }

    #[test]
    fn wilson_known_values() {
        let r = rate(0, 10);
        assert_eq!((r.value, r.numerator, r.denominator), (Some(0.0), 0, 10));
        assert_ci(r.ci95, 0.0, 0.277_540_168_767);
        assert_eq!(r.ci95.unwrap()[0], 0.0);
        let r = rate(10, 10);
        assert_ci(r.ci95, 0.722_459_831_233, 1.0);
        assert_eq!(r.ci95.unwrap()[1], 1.0);
        let r = rate(81, 100);
        assert_eq!(r.value, Some(0.81));
        assert_ci(r.ci95, 0.722_209_759_292, 0.874_853_460_073);
    }

    #[test]
    fn rate_of_nothing() {
        assert_eq!(
            rate(0, 0),
            Rate {
                value: None,
                numerator: 0,
                denominator: 0,
                ci95: None
            }
        );
    }

    #[test]
    fn nps_example() {
        // 50 promoters, 30 passives, 20 detractors: 30 ± 196·sqrt((0.5 + 0.2 − 0.09)/100).
        let n = nps(50, 30, 20);
        assert_eq!((n.count, n.value), (100, Some(30.0)));
        let half = 196.0 * (0.61f64 / 100.0).sqrt();
        assert_ci(n.ci95, 30.0 - half, 30.0 + half);
        assert_ci(n.ci95, 14.691_910_635, 45.308_089_365);
        // All promoters: the interval degenerates to the value and stays in range.
        assert_eq!(nps(5, 0, 0).ci95, Some([100.0, 100.0]));
        assert_eq!(nps(0, 0, 0).value, None);
        assert_eq!(nps(0, 0, 0).ci95, None);
        let [lo, hi] = nps(1, 0, 1).ci95.unwrap();
        assert_eq!((lo, hi), (-100.0, 100.0));
    }

    #[test]
    fn ratio_of_zero() {
        assert_eq!(ratio(3.0, 0.0).value, None);
        assert_eq!(ratio(3.0, 4.0).value, Some(0.75));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Neumaier's compensated sum: the reference the exact sum is compared with.
    fn neumaier_sum(values: &[f64]) -> f64 {
        let (mut sum, mut comp) = (0.0f64, 0.0f64);
        for &v in values {
            let t = sum + v;
            comp += if sum.abs() >= v.abs() {
                (sum - t) + v
            } else {
                (v - t) + sum
            };
            sum = t;
        }
        sum + comp
    }

    /// Durations-like values with ties, spread over magnitudes.
    fn values() -> impl Strategy<Value = Vec<f64>> {
        prop::collection::vec(
            prop_oneof![
                (0u32..20).prop_map(f64::from),
                -1e9f64..1e9,
                (0.0f64..1.0).prop_map(|x| x * 1e-6),
            ],
            0..200,
        )
    }

    proptest! {
        #[test]
        fn prop_median_le_p90_and_mean_in_range(mut v in values()) {
            let (min, max) = v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            let d = dist(&mut v);
            if let (Some(m), Some(p), Some(mean)) = (d.median, d.p90, d.mean) {
                prop_assert!(m <= p);
                prop_assert!(min <= m && p <= max);
                prop_assert!(min <= mean && mean <= max);
            }
        }

        #[test]
        fn prop_dist_independent_of_order(v in values().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))) {
            let (mut a, mut b) = v;
            prop_assert_eq!(dist(&mut a), dist(&mut b));
        }

        #[test]
        fn prop_selection_equals_sorting(mut v in values()) {
            let mut sorted = v.clone();
            sorted.sort_unstable_by(f64::total_cmp);
            let d = dist(&mut v);
            prop_assert_eq!(d.median, percentile(&sorted, 0.5));
            prop_assert_eq!(d.p90, percentile(&sorted, 0.9));
        }

        #[test]
        fn prop_sample_gives_the_dist_of_its_values(
            v in prop::collection::vec(
                prop_oneof![
                    4 => (0u32..20).prop_map(f64::from),
                    2 => (0u64..1 << 33).prop_map(|k| k as f64),
                    1 => Just(-0.0),
                    1 => -1e9f64..1e9,
                ],
                0..200,
            )
        ) {
            let mut sample = Sample::default();
            for &x in &v {
                sample.push(x);
            }
            let whole = v.iter().all(|&x| x == x.trunc() && (0.0..4294967296.0).contains(&x) && x.is_sign_positive());
            prop_assert_eq!(matches!(sample, Sample::Whole(_)), whole);
            let (a, b) = (sample.dist(), dist(&mut v.clone()));
            // Bits, so that −0.0 and 0.0 differ.
            let bits = |d: Dist| [d.sum, d.mean.unwrap_or(1.5), d.median.unwrap_or(1.5), d.p90.unwrap_or(1.5)].map(f64::to_bits);
            prop_assert_eq!(a.count, b.count);
            prop_assert_eq!(bits(a), bits(b));
        }

        #[test]
        fn prop_sum_matches_compensated(v in prop::collection::vec(-1e12f64..1e12, 0..300)) {
            // Neumaier is within a few ulps of the exact sum on such data.
            let mut w = v.clone();
            let reference = neumaier_sum(&v);
            let scale = v.iter().map(|x| x.abs()).sum::<f64>().max(1.0);
            prop_assert!((dist(&mut w).sum - reference).abs() <= scale * 1e-15);
        }

        #[test]
        fn prop_sum_is_correctly_rounded(ks in prop::collection::vec(-(1i64 << 60)..(1i64 << 60), 0..100)) {
            // k · 2^-30 is exact in f64; the exact sum is an i128 scaled by 2^-30,
            // and `i128 as f64` rounds to nearest, ties to even.
            let scale = 2f64.powi(-30);
            let mut v: Vec<f64> = ks.iter().map(|&k| k as f64 * scale).collect();
            let exact: i128 = v.iter().map(|&x| (x / scale) as i128).sum();
            prop_assert_eq!(dist(&mut v).sum, exact as f64 * scale);
        }

        #[test]
        fn prop_integer_sum_is_the_superaccumulated_sum(
            ks in prop::collection::vec(-(1i64 << 53) + 1..(1i64 << 53), 1..100)
        ) {
            let v: Vec<f64> = ks.iter().map(|&k| k as f64).collect();
            prop_assert_eq!(
                integer_sum(&v).map(f64::to_bits),
                Some(superaccumulated_sum(&v).to_bits())
            );
        }

        #[test]
        fn prop_rate_interval_holds_value(den in 1u64..5000, frac in 0.0f64..=1.0) {
            let num = (den as f64 * frac).round() as u64;
            let r = rate(num, den);
            let [lo, hi] = r.ci95.unwrap();
            let v = r.value.unwrap();
            prop_assert!(0.0 <= lo && lo <= v && v <= hi && hi <= 1.0);
        }

        #[test]
        fn prop_nps_interval_holds_value(p in 0u64..500, q in 0u64..500, d in 0u64..500) {
            let n = nps(p, q, d);
            if let (Some(v), Some([lo, hi])) = (n.value, n.ci95) {
                prop_assert!(-100.0 <= lo && lo <= v && v <= hi && hi <= 100.0);
            } else {
                prop_assert_eq!(p + q + d, 0);
            }
        }
    }
}
