//! Cell value parsers (SPEC section 1, "Values"): timestamps, durations,
//! numbers, booleans and QA criterion cells. Pure functions on one trimmed
//! cell; column-level decisions (day/month order, decimal comma) are made by
//! the loader from the evidence these functions return.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

/// A timestamp cell before the column's day/month order and the time zone are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsValue {
    /// An instant: the text had an offset or `Z`, or was Unix seconds / milliseconds. UTC seconds.
    Utc(i64),
    /// A local wall-clock time; `date_only` when the cell had no time part (local midnight).
    Local {
        /// The wall-clock time.
        at: NaiveDateTime,
        /// No time was given.
        date_only: bool,
    },
    /// `a/b/yyyy[ time]`: whether `a` is the day or the month is decided per column.
    Slashed {
        /// First number.
        a: u32,
        /// Second number.
        b: u32,
        /// Year.
        year: i32,
        /// Time of day (00:00 if none).
        time: NaiveTime,
        /// No time was given.
        date_only: bool,
    },
}

/// How a local time was placed in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalFit {
    /// The local time exists once.
    Exact,
    /// It falls in a DST gap; moved forward by the gap's length.
    Gap,
    /// It exists twice (DST fold); the earlier instant was taken.
    Fold,
}

/// Parse a timestamp cell. `Err` holds what was expected, for the issue text.
pub fn parse_ts(_s: &str) -> Result<TsValue, &'static str> {
    unimplemented!()
}

/// Place a local wall-clock time in `tz`: UTC seconds and how it fit.
pub fn resolve_local(_at: NaiveDateTime, _tz: Tz) -> (i64, LocalFit) {
    unimplemented!()
}

/// The date of a `Slashed` value: `day_first` says whether `a` is the day.
pub fn slashed_date(a: u32, b: u32, year: i32, day_first: bool) -> Option<NaiveDate> {
    let (d, m) = if day_first { (a, b) } else { (b, a) };
    NaiveDate::from_ymd_opt(year, m, d)
}

/// Parse a duration: seconds (`125`, `125.5`), `HH:MM:SS`, `MM:SS`. Seconds.
pub fn parse_duration(_s: &str) -> Result<f64, &'static str> {
    unimplemented!()
}

/// The decimal separator of a number column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimal {
    /// `1234.5`, `1,234.5`
    Dot,
    /// `1234,5`, `1.234,5`, `1 234,5`
    Comma,
}

/// What a number cell says about the column's decimal separator:
/// `Some` when the cell is only readable one way (`12,5`, `1.234,5`, `1,234.5`,
/// `0.5`), `None` when both readings work (`1,234`, `12`) or neither does.
pub fn decimal_evidence(_s: &str) -> Option<Decimal> {
    unimplemented!()
}

/// Parse a number with the given decimal separator; spaces, no-break spaces and
/// the other separator are taken as thousands separators where well placed.
pub fn parse_number(_s: &str, _decimal: Decimal) -> Result<f64, &'static str> {
    unimplemented!()
}

/// Parse a whole number (`3`, `3.0`, `1 000`).
pub fn parse_int(_s: &str) -> Result<i64, &'static str> {
    unimplemented!()
}

/// Parse a yes/no cell, in en, sv, nb, bg and tr.
pub fn parse_bool(_s: &str) -> Result<bool, &'static str> {
    unimplemented!()
}

/// Parse a QA criterion cell: `Some(true)` pass, `Some(false)` fail, `None` not applicable.
pub fn parse_criterion(_s: &str) -> Result<Option<bool>, &'static str> {
    unimplemented!()
}
