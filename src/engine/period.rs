//! Periods, trend buckets and business hours (SPEC section 2 and the business
//! hours rule of section 4). All instants are UTC seconds; calendar decisions
//! (midnight, Monday, the 1st, a quarter's first day, business hours) are made
//! in the config's time zone.

use super::config::{BusinessHours, DateRange, Granularity};
use chrono::{
    DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Timelike,
};
use chrono_tz::{GapInfo, Tz};
use std::sync::{Arc, Mutex, OnceLock};

/// Seconds per day.
const DAY: i64 = 86_400;

/// Instants are clamped to ±2^40 s (about ±34 800 years), well inside chrono's range,
/// so that no input can make a calendar conversion fail.
const LIMIT: i64 = 1 << 40;

/// The UTC date-time of instant `t` (clamped to ±[`LIMIT`]).
fn utc(t: i64) -> NaiveDateTime {
    DateTime::from_timestamp(t.clamp(-LIMIT, LIMIT), 0)
        .unwrap_or_default()
        .naive_utc()
}

/// `tz`'s UTC offset at instant `t`, seconds east of UTC.
fn offset_at(t: i64, tz: Tz) -> i64 {
    tz.offset_from_utc_datetime(&utc(t)).fix().local_minus_utc() as i64
}

/// The first instant whose local wall-clock time in `tz` is `local` or later:
/// `local` itself when it exists, its earlier instant when it occurs twice (a
/// fold), the end of the gap when it does not occur (a DST gap).
fn resolve_forward(local: NaiveDateTime, tz: Tz) -> i64 {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(a, b) => a.timestamp().min(b.timestamp()),
        LocalResult::None => GapInfo::new(&local, &tz)
            .and_then(|gap| gap.end)
            .map(|t| t.timestamp())
            .unwrap_or_else(|| {
                // Only at the edges of chrono's range: the offset after the gap.
                let l = local.and_utc().timestamp();
                l - offset_at(l - offset_at(l, tz), tz)
            }),
    }
}

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

/// Index of the first of `spans` (ascending, disjoint) ending after `t`;
/// `spans.len()` when none does.
#[inline]
pub fn first_ending_after(spans: &[Span], t: i64) -> usize {
    spans.partition_point(|s| s.end <= t)
}

/// The instant of local midnight starting `date` in `tz`: if midnight falls in
/// a DST gap (e.g. America/Santiago in September), the first instant of the
/// day; if it occurs twice (e.g. America/Havana in November), the earlier.
pub fn local_midnight(date: NaiveDate, tz: Tz) -> i64 {
    resolve_forward(date.and_time(NaiveTime::MIN), tz)
}

/// The local date of instant `t` in `tz`.
pub fn local_date(t: i64, tz: Tz) -> NaiveDate {
    tz.from_utc_datetime(&utc(t)).date_naive()
}

/// A configured date range as instants.
pub fn span_of(range: DateRange, tz: Tz) -> Span {
    Span {
        start: local_midnight(range.start, tz),
        end: local_midnight(range.end, tz),
    }
}

/// The default period: from the local day of `first` to the day after the local day of `last`.
/// The two may come in either order.
pub fn default_span(first: i64, last: i64, tz: Tz) -> Span {
    let start = local_date(first.min(last), tz);
    let last_day = local_date(first.max(last), tz);
    Span {
        start: local_midnight(start, tz),
        end: local_midnight(last_day.succ_opt().unwrap_or(last_day), tz),
    }
}

/// Calendar-aligned buckets (local midnight, ISO Monday, the 1st, quarter's 1st)
/// covering `span`, the first and last cut to it. Empty if `span` is empty.
///
/// The buckets tile `span` exactly: the first starts at `span.start`, each
/// ends where the next starts, the last ends at `span.end`, none is empty.
/// Bucket lengths follow the local calendar (a day across DST is 23 or 25 h).
pub fn buckets(span: Span, granularity: Granularity, tz: Tz) -> Vec<Span> {
    let mut out = Vec::new();
    let mut date = align(local_date(span.start, tz), granularity);
    let mut start = span.start;
    while start < span.end {
        let Some(next) = step(date, granularity) else {
            out.push(Span {
                start,
                end: span.end,
            });
            break;
        };
        let end = local_midnight(next, tz).min(span.end);
        if end > start {
            out.push(Span { start, end });
            start = end;
        }
        date = next;
    }
    out
}

/// The first day of the bucket holding `date`.
fn align(date: NaiveDate, granularity: Granularity) -> NaiveDate {
    let first = match granularity {
        Granularity::Day => Some(date),
        Granularity::Week => {
            date.checked_sub_days(Days::new(date.weekday().num_days_from_monday().into()))
        }
        Granularity::Month => date.with_day(1),
        Granularity::Quarter => {
            NaiveDate::from_ymd_opt(date.year(), (date.month0() / 3) * 3 + 1, 1)
        }
    };
    first.unwrap_or(date)
}

/// The first day of the bucket after the one starting on the aligned `date`;
/// `None` past the end of the calendar.
fn step(date: NaiveDate, granularity: Granularity) -> Option<NaiveDate> {
    match granularity {
        Granularity::Day => date.succ_opt(),
        Granularity::Week => date.checked_add_days(Days::new(7)),
        Granularity::Month => date.checked_add_months(Months::new(1)),
        Granularity::Quarter => date.checked_add_months(Months::new(3)),
    }
}

/// RFC 3339 text of instant `t` with `tz`'s offset at that instant, e.g.
/// `2026-01-01T00:00:00+01:00`; UTC is `+00:00`, never `Z`. Seconds precision.
/// An offset with seconds (local mean time before ~1900) is rounded to the
/// nearest minute and the wall-clock time shown with it, so the text still
/// names the instant `t`.
pub fn rfc3339(t: i64, tz: Tz) -> String {
    let t = t.clamp(-LIMIT, LIMIT);
    let offset = offset_at(t, tz);
    let minutes = (offset + offset.signum() * 30) / 60;
    let sign = if minutes < 0 { '-' } else { '+' };
    // Whole seconds, so the time shows no fraction; years past 9999 take a sign.
    let wall = utc(t + minutes * 60);
    format!(
        "{}T{}{sign}{:02}:{:02}",
        wall.date(),
        wall.time(),
        minutes.abs() / 60,
        minutes.abs() % 60
    )
}

/// Business hours prepared for fast counting in one zone.
///
/// Business time is the elapsed time whose local wall-clock time falls in
/// `days` × [`start`, `end`) outside `holidays`: on a DST day an interval
/// spanning the change is an hour shorter or longer, an opening time inside a
/// gap opens when the gap ends, and an hour lived twice counts twice. An `end`
/// of 23:59:59 is the config's encoding of `24:00` and means the end of the day.
///
/// [`BusinessClock::seconds_between`] costs O(log holidays + log transitions)
/// whatever the span: between two UTC-offset changes local time runs at the
/// rate of real time, so each such piece is counted by calendar arithmetic on
/// local seconds (whole weeks times the working days per week, minus holidays).
/// The zone's offset changes are found once per zone and process (a scan of
/// 1840–2100, a few milliseconds) and shared; changes outside those years are
/// ignored.
#[derive(Debug, Clone)]
pub struct BusinessClock {
    /// The schedule.
    pub hours: BusinessHours,
    /// The zone it is kept in.
    pub tz: Tz,
    /// Opening time, seconds after local midnight.
    open: i64,
    /// Closing time, seconds after local midnight (86 400 for `24:00`).
    close: i64,
    /// `workdays_before[k]`: working weekdays among days `0..k` since 1970-01-01 (a Thursday).
    workdays_before: [i64; 8],
    /// Holidays falling on working weekdays, as days since 1970-01-01, ascending, unique.
    holidays: Vec<i64>,
    /// The zone's UTC-offset changes.
    offsets: Arc<OffsetChanges>,
}

/// The years `BusinessClock::new` scans for offset changes: 1840-01-01 to 2100-01-01 UTC.
const SCAN: Span = Span {
    start: -4_102_444_800,
    end: 4_102_444_800,
};

/// Weekday of day `d` since 1970-01-01, Monday = 0.
fn weekday_of(d: i64) -> u32 {
    (d + 3).rem_euclid(7) as u32
}

/// Days since 1970-01-01 of `date`.
fn epoch_day(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN)
        .and_utc()
        .timestamp()
        .div_euclid(DAY)
}

impl BusinessClock {
    /// Prepare `hours` in `tz`.
    pub fn new(hours: BusinessHours, tz: Tz) -> BusinessClock {
        let open = i64::from(hours.start.num_seconds_from_midnight());
        let close = match hours.end.num_seconds_from_midnight() {
            86_399 => DAY,
            s => i64::from(s),
        }
        .max(open);
        let mut week = [false; 7];
        for day in &hours.days {
            week[day.num_days_from_monday() as usize] = true;
        }
        let mut workdays_before = [0; 8];
        for k in 0..7 {
            workdays_before[k + 1] =
                workdays_before[k] + i64::from(week[weekday_of(k as i64) as usize]);
        }
        let mut holidays: Vec<i64> = hours
            .holidays
            .iter()
            .map(|&d| epoch_day(d))
            .filter(|&d| week[weekday_of(d) as usize])
            .collect();
        holidays.sort_unstable();
        holidays.dedup();
        BusinessClock {
            hours,
            tz,
            open,
            close,
            workdays_before,
            holidays,
            offsets: offset_changes(tz),
        }
    }

    /// Seconds of `[from, to)` inside business hours; 0 if `to <= from`.
    pub fn seconds_between(&self, from: i64, to: i64) -> i64 {
        let (from, to) = (from.clamp(-LIMIT, LIMIT), to.clamp(-LIMIT, LIMIT));
        if to <= from {
            return 0;
        }
        // Cut [from, to) at each offset change; each piece maps one-to-one onto
        // an interval of local time.
        let changes = &self.offsets.changes;
        let mut i = changes.partition_point(|&(at, _)| at <= from);
        let mut offset = match i {
            0 => self.offsets.first,
            _ => changes[i - 1].1,
        };
        let mut start = from;
        let mut total = 0;
        while let Some(&(at, next)) = changes.get(i) {
            if at >= to {
                break;
            }
            total += self.local_before(at + offset) - self.local_before(start + offset);
            (start, offset, i) = (at, next, i + 1);
        }
        total + self.local_before(to + offset) - self.local_before(start + offset)
    }

    /// Business seconds of local time from 1970-01-01T00:00 to local time `x`
    /// (local seconds since then; negative before), counted as if every day had
    /// 24 hours. Differences of it are business time between two local times.
    fn local_before(&self, x: i64) -> i64 {
        let (day, secs) = (x.div_euclid(DAY), x.rem_euclid(DAY));
        let week = self.workdays_before[7];
        let workdays = day.div_euclid(7) * week + self.workdays_before[day.rem_euclid(7) as usize];
        let holidays = self.holidays.partition_point(|&h| h < day) as i64;
        let mut total = (workdays - holidays) * (self.close - self.open);
        if self.is_open_day(day) {
            total += secs.clamp(self.open, self.close) - self.open;
        }
        total
    }

    /// Whether local day `day` (since 1970-01-01) is a working day and not a holiday.
    fn is_open_day(&self, day: i64) -> bool {
        let k = day.rem_euclid(7) as usize; // position in its week counted from a Thursday
        self.workdays_before[k + 1] > self.workdays_before[k]
            && self.holidays.binary_search(&day).is_err()
    }
}

/// A zone's UTC offsets over time, as [`BusinessClock`] needs them.
#[derive(Debug)]
struct OffsetChanges {
    /// Offset (seconds east of UTC) before the first change.
    first: i64,
    /// (first instant of the new offset, new offset), ascending.
    changes: Vec<(i64, i64)>,
}

/// `tz`'s offset changes between 1840 and 2100, computed once per zone and
/// process (about 47 000 offset look-ups) and shared by every clock in it.
fn offset_changes(tz: Tz) -> Arc<OffsetChanges> {
    type Cache = Mutex<Vec<(Tz, Arc<OffsetChanges>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    let lock = || {
        cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some((_, found)) = lock().iter().find(|(z, _)| *z == tz) {
        return Arc::clone(found);
    }
    // Scanned without holding the lock; a zone scanned twice meanwhile keeps the first.
    let scanned = Arc::new(scan_offsets(tz));
    let mut zones = lock();
    if let Some((_, found)) = zones.iter().find(|(z, _)| *z == tz) {
        return Arc::clone(found);
    }
    zones.push((tz, Arc::clone(&scanned)));
    scanned
}

/// Find `tz`'s offset changes in [`SCAN`] by sampling every other day and
/// bisecting to the second. Offset changes in the tz database are at least
/// 167 hours apart, so a 48-hour sample misses none.
fn scan_offsets(tz: Tz) -> OffsetChanges {
    const STEP: i64 = 2 * DAY;
    let first = offset_at(SCAN.start, tz);
    let mut changes = Vec::new();
    let (mut t, mut offset) = (SCAN.start, first);
    while t < SCAN.end {
        let next = t + STEP;
        if offset_at(next, tz) == offset {
            t = next;
            continue;
        }
        // offset_at(lo) == offset != offset_at(hi)
        let (mut lo, mut hi) = (t, next);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if offset_at(mid, tz) == offset {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        offset = offset_at(hi, tz);
        changes.push((hi, offset));
        t = hi; // another change may follow before `next`
    }
    OffsetChanges { first, changes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday::{self, *};
    use chrono_tz::{America, Asia, Europe};

    const H: i64 = 3_600;
    const OSLO: Tz = Europe::Oslo;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The instant of local wall-clock time `s` ("YYYY-MM-DD HH:MM") in `tz`.
    fn at(s: &str, tz: Tz) -> i64 {
        resolve_forward(
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap(),
            tz,
        )
    }

    fn mid(s: &str, tz: Tz) -> i64 {
        local_midnight(date(s), tz)
    }

    fn span(start: &str, end: &str, tz: Tz) -> Span {
        span_of(
            DateRange {
                start: date(start),
                end: date(end),
            },
            tz,
        )
    }

    fn clock(days: &[Weekday], start: &str, end: &str, holidays: &[&str], tz: Tz) -> BusinessClock {
        let time = |s: &str| match s {
            "24:00" => NaiveTime::from_hms_opt(23, 59, 59).unwrap(), // as the config parses it
            _ => NaiveTime::parse_from_str(s, "%H:%M").unwrap(),
        };
        let hours = BusinessHours {
            days: days.to_vec(),
            start: time(start),
            end: time(end),
            holidays: holidays.iter().map(|s| date(s)).collect(),
        };
        BusinessClock::new(hours, tz)
    }

    const WEEKDAYS: [Weekday; 5] = [Mon, Tue, Wed, Thu, Fri];

    #[test]
    fn midnight_and_date() {
        assert_eq!(mid("2026-03-29", OSLO), 1_774_738_800); // 2026-03-28T23:00Z
        assert_eq!(mid("2026-03-29", Tz::UTC), 1_774_742_400);
        assert_eq!(local_date(1_774_738_800, OSLO), date("2026-03-29"));
        assert_eq!(local_date(1_774_738_799, OSLO), date("2026-03-28"));
        assert_eq!(local_date(-1, Tz::UTC), date("1969-12-31"));
    }

    #[test]
    fn midnight_in_a_gap_is_the_gap_end() {
        // Santiago springs forward at 24:00 on Saturday 2026-09-05: 00:00 → 01:00.
        let t = mid("2026-09-06", America::Santiago);
        assert_eq!(t, 1_788_667_200); // 04:00Z
        assert_eq!(rfc3339(t, America::Santiago), "2026-09-06T01:00:00-03:00");
        assert_eq!(local_date(t - 1, America::Santiago), date("2026-09-05"));
        assert_eq!(local_date(t, America::Santiago), date("2026-09-06"));
        // Beirut, 2024-03-31: 00:00 → 01:00.
        assert_eq!(mid("2024-03-31", Asia::Beirut), 1_711_836_000);
    }

    #[test]
    fn ambiguous_midnight_is_the_earlier() {
        // Havana falls back at 01:00 on 2026-11-01: 00:00–01:00 happens twice.
        let t = mid("2026-11-01", America::Havana);
        assert_eq!(t, 1_793_505_600); // 04:00Z
        assert_eq!(rfc3339(t, America::Havana), "2026-11-01T00:00:00-04:00");
        assert_eq!(mid("2026-11-02", America::Havana) - t, 25 * H);
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        for tz in [Tz::UTC, OSLO, America::Santiago, Asia::Kolkata] {
            let _ = local_midnight(NaiveDate::MIN, tz);
            let _ = local_midnight(NaiveDate::MAX, tz);
            let _ = local_date(i64::MIN, tz);
            let _ = local_date(i64::MAX, tz);
            let _ = rfc3339(i64::MAX, tz);
            let _ = default_span(i64::MIN, i64::MAX, tz);
        }
    }

    #[test]
    fn default_span_covers_whole_local_days() {
        let first = at("2026-03-29 03:30", OSLO);
        let last = at("2026-04-01 00:30", OSLO); // 2026-03-31T22:30Z, already April in Oslo
        let want = Span {
            start: mid("2026-03-29", OSLO),
            end: mid("2026-04-02", OSLO),
        };
        assert_eq!(default_span(first, last, OSLO), want);
        assert_eq!(default_span(last, first, OSLO), want);
        assert_eq!(default_span(first, first, OSLO).end - want.start, 23 * H);
    }

    #[test]
    fn day_buckets_across_dst() {
        let b = buckets(
            span("2026-03-28", "2026-03-31", OSLO),
            Granularity::Day,
            OSLO,
        );
        let lengths: Vec<i64> = b.iter().map(|s| s.end - s.start).collect();
        assert_eq!(lengths, [24 * H, 23 * H, 24 * H]);
        assert_eq!(b[1].start, mid("2026-03-29", OSLO));
        let b = buckets(
            span("2026-10-24", "2026-10-27", OSLO),
            Granularity::Day,
            OSLO,
        );
        let lengths: Vec<i64> = b.iter().map(|s| s.end - s.start).collect();
        assert_eq!(lengths, [24 * H, 25 * H, 24 * H]);
    }

    #[test]
    fn week_buckets_across_year_end() {
        // 2026-12-28 and 2027-01-04 are Mondays.
        let b = buckets(
            span("2026-12-24", "2027-01-14", OSLO),
            Granularity::Week,
            OSLO,
        );
        let want: Vec<Span> = [
            ("2026-12-24", "2026-12-28"),
            ("2026-12-28", "2027-01-04"),
            ("2027-01-04", "2027-01-11"),
            ("2027-01-11", "2027-01-14"),
        ]
        .iter()
        .map(|(a, b)| span(a, b, OSLO))
        .collect();
        assert_eq!(b, want);
    }

    #[test]
    fn month_and_quarter_buckets_are_cut_to_the_period() {
        let b = buckets(
            span("2026-02-15", "2026-08-10", OSLO),
            Granularity::Quarter,
            OSLO,
        );
        let want: Vec<Span> = [
            ("2026-02-15", "2026-04-01"),
            ("2026-04-01", "2026-07-01"),
            ("2026-07-01", "2026-08-10"),
        ]
        .iter()
        .map(|(a, b)| span(a, b, OSLO))
        .collect();
        assert_eq!(b, want);
        let b = buckets(
            span("2026-01-01", "2026-04-01", OSLO),
            Granularity::Month,
            OSLO,
        );
        assert_eq!(b.len(), 3);
        assert_eq!(b[2], span("2026-03-01", "2026-04-01", OSLO));
        assert_eq!(b[2].end - b[2].start, 31 * 24 * H - H);
    }

    #[test]
    fn buckets_of_short_and_empty_spans() {
        let s = Span {
            start: at("2026-05-05 10:00", OSLO),
            end: at("2026-05-05 14:00", OSLO),
        };
        for g in [
            Granularity::Day,
            Granularity::Week,
            Granularity::Month,
            Granularity::Quarter,
        ] {
            assert_eq!(buckets(s, g, OSLO), [s]);
        }
        assert!(buckets(Span { start: 5, end: 5 }, Granularity::Day, OSLO).is_empty());
        assert!(buckets(Span { start: 6, end: 5 }, Granularity::Day, OSLO).is_empty());
    }

    #[test]
    fn rfc3339_uses_the_offset_never_z() {
        assert_eq!(rfc3339(0, Tz::UTC), "1970-01-01T00:00:00+00:00");
        // Years outside 0..=9999 carry a sign, as chrono's `%Y` writes them.
        for t in [-LIMIT, -62_198_755_200, LIMIT] {
            let want = utc(t).format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
            assert_eq!(rfc3339(t, Tz::UTC), want);
        }
        assert_eq!(rfc3339(1_774_746_000, OSLO), "2026-03-29T03:00:00+02:00");
        assert_eq!(
            rfc3339(1_774_746_000 - 1, OSLO),
            "2026-03-29T01:59:59+01:00"
        );
        assert_eq!(
            rfc3339(at("2026-01-15 07:00", America::New_York), America::New_York),
            "2026-01-15T07:00:00-05:00"
        );
        assert_eq!(
            rfc3339(at("2026-01-15 07:00", Asia::Kolkata), Asia::Kolkata),
            "2026-01-15T07:00:00+05:30"
        );
        // Oslo local mean time, +00:53:28, shown rounded to +00:53 with a matching clock.
        assert_eq!(rfc3339(-2_524_521_600, OSLO), "1890-01-01T00:53:00+00:53");
    }

    #[test]
    fn business_seconds_across_a_weekend() {
        let c = clock(&WEEKDAYS, "08:00", "16:00", &[], OSLO);
        // Friday 15:00 → Monday 09:00: one hour each side.
        assert_eq!(
            c.seconds_between(at("2026-01-09 15:00", OSLO), at("2026-01-12 09:00", OSLO)),
            2 * H
        );
        assert_eq!(
            c.seconds_between(at("2026-01-10 00:00", OSLO), at("2026-01-12 00:00", OSLO)),
            0
        );
    }

    #[test]
    fn business_seconds_skip_holidays() {
        // Thursday 2026-05-14 is a holiday; Sunday 2026-05-17 changes nothing.
        let with = clock(
            &WEEKDAYS,
            "08:00",
            "16:00",
            &["2026-05-14", "2026-05-17"],
            OSLO,
        );
        let without = clock(&WEEKDAYS, "08:00", "16:00", &[], OSLO);
        let (a, b) = (at("2026-05-13 12:00", OSLO), at("2026-05-15 12:00", OSLO));
        assert_eq!(with.seconds_between(a, b), 8 * H);
        assert_eq!(without.seconds_between(a, b), 16 * H);
        let thursday = (at("2026-05-14 09:00", OSLO), at("2026-05-14 10:00", OSLO));
        assert_eq!(with.seconds_between(thursday.0, thursday.1), 0);
    }

    #[test]
    fn business_seconds_of_partial_days() {
        let c = clock(&WEEKDAYS, "08:00", "16:00", &[], OSLO);
        let s = |a: &str, b: &str| c.seconds_between(at(a, OSLO), at(b, OSLO));
        assert_eq!(s("2026-01-06 10:30", "2026-01-06 11:15"), 45 * 60);
        assert_eq!(s("2026-01-06 07:00", "2026-01-06 09:00"), H);
        assert_eq!(s("2026-01-06 15:00", "2026-01-06 17:00"), H);
        assert_eq!(s("2026-01-06 17:00", "2026-01-06 23:00"), 0);
        assert_eq!(s("2026-01-06 15:59", "2026-01-07 08:01"), 2 * 60);
    }

    #[test]
    fn business_seconds_over_weeks_and_a_year() {
        let c = clock(&WEEKDAYS, "08:00", "16:00", &[], OSLO);
        // 8 whole weeks from Monday 2026-01-05, across no DST change.
        assert_eq!(
            c.seconds_between(mid("2026-01-05", OSLO), mid("2026-03-02", OSLO)),
            8 * 5 * 8 * H
        );
        // 2026 has 261 weekdays; DST moves no business hour at 08–16.
        assert_eq!(
            c.seconds_between(mid("2026-01-01", OSLO), mid("2027-01-01", OSLO)),
            261 * 8 * H
        );
        let c = clock(
            &WEEKDAYS,
            "08:00",
            "16:00",
            &["2026-05-14", "2026-12-25", "2026-12-26"],
            OSLO,
        );
        assert_eq!(
            c.seconds_between(mid("2026-01-01", OSLO), mid("2027-01-01", OSLO)),
            259 * 8 * H
        );
    }

    #[test]
    fn business_seconds_on_dst_nights() {
        let sunday = clock(&[Sun], "00:00", "24:00", &[], OSLO);
        assert_eq!(
            sunday.seconds_between(mid("2026-03-28", OSLO), mid("2026-03-30", OSLO)),
            23 * H
        );
        assert_eq!(
            sunday.seconds_between(mid("2026-10-24", OSLO), mid("2026-10-26", OSLO)),
            25 * H
        );
        // 01:00–04:00 spans the change: 02:00–03:00 is skipped in March, lived twice in October.
        let night = clock(&[Sun], "01:00", "04:00", &[], OSLO);
        assert_eq!(
            night.seconds_between(mid("2026-03-29", OSLO), mid("2026-03-30", OSLO)),
            2 * H
        );
        assert_eq!(
            night.seconds_between(mid("2026-10-25", OSLO), mid("2026-10-26", OSLO)),
            4 * H
        );
        // From inside the repeated hour's second pass.
        let second_pass = at("2026-10-25 03:00", OSLO) - 30 * 60; // 02:30+01:00
        assert_eq!(
            night.seconds_between(second_pass, mid("2026-10-26", OSLO)),
            H + 30 * 60
        );
        // Always open: business time is elapsed time.
        let always = clock(
            &[Mon, Tue, Wed, Thu, Fri, Sat, Sun],
            "00:00",
            "24:00",
            &[],
            OSLO,
        );
        let (a, b) = (at("2026-03-27 13:17", OSLO), at("2026-11-02 08:05", OSLO));
        assert_eq!(always.seconds_between(a, b), b - a);
    }

    #[test]
    fn business_hours_opening_in_a_gap() {
        // Santiago 2026-09-06: local 00:00–01:00 does not exist.
        let c = clock(&[Sat, Sun], "00:00", "02:00", &[], America::Santiago);
        let s = |d: &str, e: &str| {
            c.seconds_between(mid(d, America::Santiago), mid(e, America::Santiago))
        };
        assert_eq!(s("2026-09-05", "2026-09-06"), 2 * H);
        assert_eq!(s("2026-09-06", "2026-09-07"), H);
    }

    #[test]
    fn business_seconds_of_empty_or_reversed_intervals() {
        let c = clock(&WEEKDAYS, "08:00", "16:00", &[], OSLO);
        let (a, b) = (at("2026-01-06 09:00", OSLO), at("2026-01-06 10:00", OSLO));
        assert_eq!(c.seconds_between(b, a), 0);
        assert_eq!(c.seconds_between(a, a), 0);
        assert!(c.seconds_between(i64::MIN, i64::MAX) > 0);
        let closed = clock(&[], "08:00", "16:00", &[], OSLO);
        assert_eq!(closed.seconds_between(a - 1_000_000, b + 1_000_000), 0);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use chrono::Weekday;
    use proptest::prelude::*;

    const ZONES: [Tz; 9] = [
        Tz::UTC,
        chrono_tz::Europe::Oslo,
        chrono_tz::America::Santiago,
        chrono_tz::America::Havana,
        chrono_tz::Asia::Beirut,
        chrono_tz::Asia::Kolkata,
        chrono_tz::Australia::Lord_Howe, // 30-minute DST
        chrono_tz::Pacific::Apia,        // skipped 2011-12-30
        chrono_tz::America::New_York,
    ];

    /// 2000-01-01 .. 2030-01-01 UTC.
    const FROM: i64 = 946_684_800;
    const TO: i64 = 1_893_456_000;

    fn zone() -> impl Strategy<Value = Tz> {
        prop::sample::select(&ZONES[..])
    }

    fn granularity() -> impl Strategy<Value = Granularity> {
        prop::sample::select(
            &[
                Granularity::Day,
                Granularity::Week,
                Granularity::Month,
                Granularity::Quarter,
            ][..],
        )
    }

    const WEEK: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// Business hours whose opening and closing never fall inside a DST fold of
    /// the zones above (so the day-walking reference below is exact).
    fn hours() -> impl Strategy<Value = BusinessHours> {
        (
            prop::bits::u8::between(0, 7),
            prop_oneof![Just(0u32), 5u32..=12],
            prop_oneof![13u32..=22, Just(24u32)],
            prop::collection::vec(0i64..(TO - FROM) / DAY, 0..20),
        )
            .prop_map(|(mask, start, end, holidays)| BusinessHours {
                days: (0..7)
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| WEEK[i])
                    .collect(),
                start: NaiveTime::from_hms_opt(start, 0, 0).unwrap(),
                end: match end {
                    24 => NaiveTime::from_hms_opt(23, 59, 59).unwrap(),
                    h => NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
                },
                holidays: holidays
                    .iter()
                    .map(|d| local_date(FROM + d * DAY, Tz::UTC))
                    .collect(),
            })
    }

    /// Business seconds by walking local days and converting each day's
    /// opening and closing to instants.
    fn day_walk(c: &BusinessClock, from: i64, to: i64) -> i64 {
        let mut total = 0;
        let mut day = local_date(from, c.tz).pred_opt().unwrap();
        let last = local_date(to, c.tz).succ_opt().unwrap();
        while day <= last {
            if c.hours.days.contains(&day.weekday()) && !c.hours.holidays.contains(&day) {
                let open = resolve_forward(day.and_time(c.hours.start), c.tz);
                let close = if c.close == DAY {
                    local_midnight(day.succ_opt().unwrap(), c.tz)
                } else {
                    resolve_forward(day.and_time(c.hours.end), c.tz)
                };
                total += (close.min(to) - open.max(from)).max(0);
            }
            day = day.succ_opt().unwrap();
        }
        total
    }

    proptest! {
        #[test]
        fn prop_buckets_tile_the_span(tz in zone(), g in granularity(), start in FROM..TO, len in 0i64..3 * 366 * DAY) {
            let span = Span { start, end: start + len };
            let b = buckets(span, g, tz);
            prop_assert_eq!(b.is_empty(), len == 0);
            if let (Some(first), Some(last)) = (b.first(), b.last()) {
                prop_assert_eq!(first.start, span.start);
                prop_assert_eq!(last.end, span.end);
            }
            for w in b.windows(2) {
                prop_assert_eq!(w[0].end, w[1].start);
            }
            for s in &b {
                prop_assert!(s.start < s.end);
            }
            // Every inner boundary is the local midnight of an aligned day.
            for s in b.iter().skip(1) {
                let d = local_date(s.start, tz);
                prop_assert_eq!(local_midnight(d, tz), s.start);
                prop_assert_eq!(align(d, g), d);
            }
        }

        #[test]
        fn prop_local_midnight_starts_the_local_day(tz in zone(), t in FROM..TO) {
            let d = local_date(t, tz);
            let m = local_midnight(d, tz);
            prop_assert!(m <= t);
            prop_assert_eq!(local_date(m, tz), d);
        }

        #[test]
        fn prop_business_seconds_additive_and_bounded(
            tz in zone(), mut hours in hours(), a in FROM..TO, l1 in 0i64..200 * DAY, l2 in 0i64..200 * DAY,
            near in prop::collection::vec(0i64..400, 0..8),
        ) {
            hours.holidays.extend(near.iter().map(|d| local_date(a + d * DAY, tz)));
            let c = BusinessClock::new(hours, tz);
            let (b, e) = (a + l1, a + l1 + l2);
            let (ab, be, ae) = (c.seconds_between(a, b), c.seconds_between(b, e), c.seconds_between(a, e));
            prop_assert_eq!(ab + be, ae);
            prop_assert!(0 <= ab && ab <= b - a);
            prop_assert!(0 <= ae && ae <= e - a);
            prop_assert_eq!(c.seconds_between(e, a), 0);
        }

        #[test]
        fn prop_business_seconds_match_day_walk(
            tz in zone(), mut hours in hours(), a in FROM..TO, len in 0i64..60 * DAY,
            near in prop::collection::vec(0i64..60, 0..8),
        ) {
            // Holidays inside the interval, unsorted and possibly repeated.
            hours.holidays.extend(near.iter().map(|d| local_date(a + d * DAY, tz)));
            let c = BusinessClock::new(hours, tz);
            prop_assert_eq!(c.seconds_between(a, a + len), day_walk(&c, a, a + len));
        }
    }
}
