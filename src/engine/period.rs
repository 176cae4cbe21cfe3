//! Periods, trend buckets and business hours (SPEC section 2 and the business
//! hours rule of section 4). All instants are UTC seconds; calendar decisions
//! (midnight, Monday, the 1st, a quarter's first day, business hours) are made
//! in the config's time zone.

use super::config::{BusinessHours, DateRange, Granularity};
use chrono::NaiveDate;
use chrono_tz::Tz;

/// A half-open interval `[start, end)` of UTC seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First second inside.
    pub start: i64,
    /// First second after.
    pub end: i64,
}

impl Span {
    /// Whether `t` lies in `[start, end)`.
    #[inline]
    pub fn contains(&self, t: i64) -> bool {
        self.start <= t && t < self.end
    }
}

/// The instant of local midnight starting `date` in `tz` (if midnight falls in
/// a DST gap, the first instant of the day).
pub fn local_midnight(_date: NaiveDate, _tz: Tz) -> i64 {
    unimplemented!()
}

/// The local date of instant `t` in `tz`.
pub fn local_date(_t: i64, _tz: Tz) -> NaiveDate {
    unimplemented!()
}

/// A configured date range as instants.
pub fn span_of(range: DateRange, tz: Tz) -> Span {
    Span {
        start: local_midnight(range.start, tz),
        end: local_midnight(range.end, tz),
    }
}

/// The default period: from the local day of `first` to the day after the local day of `last`.
pub fn default_span(_first: i64, _last: i64, _tz: Tz) -> Span {
    unimplemented!()
}

/// Calendar-aligned buckets (local midnight, ISO Monday, the 1st, quarter's 1st)
/// covering `span`, the first and last cut to it. Empty if `span` is empty.
pub fn buckets(_span: Span, _granularity: Granularity, _tz: Tz) -> Vec<Span> {
    unimplemented!()
}

/// RFC 3339 text of instant `t` with `tz`'s offset at that instant, e.g. `2026-01-01T00:00:00+01:00`.
pub fn rfc3339(_t: i64, _tz: Tz) -> String {
    unimplemented!()
}

/// Business hours prepared for fast counting in one zone.
#[derive(Debug, Clone)]
pub struct BusinessClock {
    /// The schedule.
    pub hours: BusinessHours,
    /// The zone it is kept in.
    pub tz: Tz,
}

impl BusinessClock {
    /// Prepare `hours` in `tz`.
    pub fn new(hours: BusinessHours, tz: Tz) -> BusinessClock {
        BusinessClock { hours, tz }
    }

    /// Seconds of `[from, to)` inside business hours; 0 if `to <= from`.
    pub fn seconds_between(&self, _from: i64, _to: i64) -> i64 {
        unimplemented!()
    }
}
