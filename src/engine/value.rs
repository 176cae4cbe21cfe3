//! Cell value parsers (SPEC section 1, "Values"): timestamps, durations,
//! numbers, booleans and QA criterion cells. Pure functions on one trimmed
//! cell; column-level decisions (day/month order, decimal comma) are made by
//! the loader from the evidence these functions return.
//!
//! Every parser works on the bytes of the cell, allocates nothing and never
//! panics, whatever the input (these run on millions of cells). chrono is used
//! only to check that a date exists and for arithmetic.
//!
//! # Timestamps
//!
//! [`parse_ts`] reads, with an optional time `HH:MM[:SS[.fff]]` or
//! `h:mm[:ss] AM/PM` (also `am`, `a.m.`, any case):
//!
//! | form | example | result |
//! |---|---|---|
//! | ISO 8601 | `2026-03-01T09:00:00Z`, `2026-03-01 09:00:00 +0100`, `2026-03-01T09:00` | `Utc` with an offset, else `Local` |
//! | year first | `2026-03-01 09:00`, `2026/03/01`, `2026-3-1` | `Local` |
//! | dotted | `01.03.2026 09:00`, `1.3.2026` | `Local` (day first) |
//! | slashed | `03/01/2026 9:00 PM` | `Slashed`: the loader picks the order |
//! | RFC 2822 | `Thu, 27 Oct 2016 14:51:34 +0200`, `27 Oct 2016`, `Oct 27, 2016 2:51 PM` | `Utc` with an offset, else `Local` |
//! | Unix | `1772355600`, `1772355600.25`, `1772355600000` | `Utc` (9–10 digits: seconds, 12–13: milliseconds) |
//!
//! Offsets are `Z`, `±HH`, `±HH:MM`, `±HHMM`, `UTC`, `GMT`, `UTC+01:00`, after
//! the time with or without a space. A date alone is local midnight with
//! `date_only`. Years have four digits: `01.03.26` is an error, never a guess.
//! A slashed date must be a real date in at least one reading and cannot
//! carry an offset. A weekday, when given, must match the date. Fractions of a
//! second are kept in `Local`/`Slashed` times and dropped (floored) in `Utc`.
//!
//! # Numbers and durations
//!
//! [`parse_number`] reads `1234.5`, `1 234,5`, `1.234,5`, `1,234.5`, `-12`,
//! `+3`, `−3` (U+2212, as Swedish locales write it). Thousands separators are
//! a space, U+00A0, U+202F or the separator that is not the decimal one; they
//! must split the integer part into groups of exactly three digits, after a
//! first group of one to three digits that does not start with `0`. Exponents,
//! currency signs, percent signs, `NaN` and infinities are errors.
//! [`decimal_evidence`] is `Some` exactly when one of the two readings fails.
//!
//! [`parse_duration`] reads seconds (`125`, `125.5`, `125,5`), `H:MM:SS` with
//! any number of hours (`36:00:00`) and `M:SS` with any number of minutes,
//! each with an optional fraction of a second and an optional leading minus.
//! In seconds, `.` is always the decimal point; `1,250` is an error because it
//! could be 1250 (thousands) or 1.25 (decimal comma), while `12,5` and
//! `0,250` are read as decimal commas.
//!
//! # Time zones
//!
//! [`resolve_local`] places a local time in the configured zone. A time in a
//! DST gap moves forward by the gap's length ([`LocalFit::Gap`]); a time that
//! occurs twice takes the earlier instant ([`LocalFit::Fold`]). The issue kind
//! `nonexistent_local_time` covers both.
//!
//! # Yes/no and criteria
//!
//! [`parse_bool`] and [`parse_criterion`] compare the whole cell with fixed
//! word lists, ignoring case and Turkish dots and cedillas (`HAYIR`, `hayir`,
//! `DOĞRU`). `1.0` and `0.0` count as yes and no: pandas writes a boolean
//! column with blanks that way.
//!
//! # Errors
//!
//! `Err` holds one phrase for the reason, starting with "expected"
//! (the `*_EXPECTED`, `TS_*`, ... constants of this module), e.g.
//! `"expected a date and time such as 2026-03-01 09:30, 01.03.2026 or 2026-03-01T09:30:00Z"`.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Weekday};
use chrono_tz::Tz;

/// Reason for a cell that is not a timestamp at all.
pub const TS_EXPECTED: &str =
    "expected a date and time such as 2026-03-01 09:30, 01.03.2026 or 2026-03-01T09:30:00Z";
/// Reason for a well-formed date that does not exist (`2026-02-30`, month 13).
pub const TS_NO_SUCH_DATE: &str = "expected a date that exists in the calendar";
/// Reason for a time of day out of range (`25:00`, `13:00 PM`, `12:60`).
pub const TS_BAD_TIME: &str =
    "expected a time of day from 00:00 to 23:59:59, or 1:00 to 12:59 with AM/PM";
/// Reason for a bad UTC offset (`+25:00`, `+1:5`).
pub const TS_BAD_OFFSET: &str = "expected a UTC offset such as Z, +01:00 or -0500";
/// Reason for a two-digit (or otherwise not four-digit) year.
pub const TS_YEAR: &str = "expected a four-digit year (two-digit years are ambiguous)";
/// Reason for `a/b/yyyy` followed by an offset.
pub const TS_SLASHED_OFFSET: &str =
    "expected no UTC offset after a DD/MM/YYYY or MM/DD/YYYY date (write 2026-03-01T09:30:00Z)";
/// Reason for a weekday name that does not match the date.
pub const TS_WEEKDAY: &str = "expected the weekday to match the date";
/// Reason for a string of digits of the wrong length to be Unix time.
pub const TS_UNIX: &str =
    "expected Unix time in seconds (9 or 10 digits) or milliseconds (12 or 13 digits)";
/// Reason for a cell that is not a duration.
pub const DURATION_EXPECTED: &str =
    "expected a duration in seconds (125 or 125.5) or as HH:MM:SS or MM:SS";
/// Reason for `1,250` in a duration: thousands separator or decimal comma.
pub const DURATION_AMBIGUOUS: &str =
    "expected seconds without thousands separators (1,250 could be 1250 or 1.25)";
/// Reason for a cell that is not a number.
pub const NUMBER_EXPECTED: &str =
    "expected a number such as 1234.5, 1 234,5 or 1,234.5 (thousands in groups of three digits)";
/// Reason for a cell that is not a whole number.
pub const INT_EXPECTED: &str = "expected a whole number such as 3 or 1 000";
/// Reason for `1,000` / `1.000` in a whole-number column: 1 or 1000.
pub const INT_AMBIGUOUS: &str =
    "expected a whole number without a separator that could be decimal (1.000 could be 1 or 1000)";
/// Reason for a cell that is not a yes/no value.
pub const BOOL_EXPECTED: &str =
    "expected yes/no, true/false or 1/0 (also ja/nej/nei, да/не, evet/hayır)";
/// Reason for a cell that is not a QA criterion value.
pub const CRITERION_EXPECTED: &str = "expected pass/fail, yes/no, ✓/✗ or n/a";

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

/// A byte cursor over one cell.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Cursor<'a> {
        Cursor {
            b: s.as_bytes(),
            i: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.b.get(self.i.checked_add(ahead)?).copied()
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }

    /// Consume `c` if it is next.
    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        self.i += usize::from(hit);
        hit
    }

    /// Consume ASCII `lower` (lower case) in either case if it is next.
    fn eat_ci(&mut self, lower: u8) -> bool {
        let hit = self.peek().map(|c| c.to_ascii_lowercase()) == Some(lower);
        self.i += usize::from(hit);
        hit
    }

    /// Skip ASCII spaces and tabs; how many.
    fn spaces(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        self.i - start
    }

    /// A run of ASCII digits: its value (saturating) and its length.
    fn digits(&mut self) -> (u64, usize) {
        let start = self.i;
        let mut v: u64 = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            v = v.saturating_mul(10).saturating_add(u64::from(c - b'0'));
            self.i += 1;
        }
        (v, self.i - start)
    }

    /// A run of `min..=max` digits (`max` ≤ 9, so the value fits).
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let (v, n) = self.digits();
        if n < min || n > max {
            return None;
        }
        u32::try_from(v).ok()
    }

    /// A run of ASCII letters.
    fn word(&mut self) -> &'a [u8] {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        &self.b[start..self.i]
    }

    /// The digits after a decimal separator, as nanoseconds (digits past
    /// the ninth are read and dropped). `None` if there is no digit.
    fn nanos(&mut self) -> Option<u32> {
        let mut nanos: u32 = 0;
        let mut n = 0usize;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            if n < 9 {
                nanos = nanos * 10 + u32::from(c - b'0');
            }
            n += 1;
            self.i += 1;
        }
        if n == 0 {
            return None;
        }
        for _ in n..9 {
            nanos *= 10;
        }
        Some(nanos)
    }
}

/// The time part of a cell and its offset in seconds east of UTC, if any.
type Tail = Option<(NaiveTime, Option<i32>)>;

/// Parse a timestamp cell. `Err` holds what was expected, for the issue text.
#[inline]
pub fn parse_ts(s: &str) -> Result<TsValue, &'static str> {
    match plain_iso(s.as_bytes()) {
        Some(v) => Ok(v),
        None => parse_ts_general(s),
    }
}

/// The fast path of [`parse_ts`] for the form exports write most:
/// `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM[:SS]` and `Z`,
/// read from fixed positions with no cursor and no chrono call for UTC.
/// `None` sends the cell to the general parser, which also gives the reason
/// for a bad cell; when this returns `Some`, it is what the general parser
/// returns (the tests compare them over a sweep of cells).
///
/// Always inlined: its 24-byte result, returned through memory, was copied
/// with a wide load that waited on the narrower stores that wrote it (10 %
/// of the loader's row time in `perf annotate`).
#[inline(always)]
fn plain_iso(b: &[u8]) -> Option<TsValue> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = two_digits(b, 0)? * 100 + two_digits(b, 2)?;
    let (month, day) = (two_digits(b, 5)?, two_digits(b, 8)?);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let (time, utc) = match &b[10..] {
        [] => (None, false),
        [b'T' | b' ', t @ ..] => match t {
            [_, _, b':', _, _] => (Some((t, false)), false),
            [_, _, b':', _, _, b'Z'] => (Some((t, false)), true),
            [_, _, b':', _, _, b':', _, _] => (Some((t, true)), false),
            [_, _, b':', _, _, b':', _, _, b'Z'] => (Some((t, true)), true),
            _ => return None,
        },
        _ => return None,
    };
    let (hour, minute, second) = match time {
        None => (0, 0, 0),
        Some((t, seconds)) => (
            two_digits(t, 0)?,
            two_digits(t, 3)?,
            if seconds { two_digits(t, 6)? } else { 0 },
        ),
    };
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if utc {
        let days = days_from_civil(year, month, day);
        let secs = i64::from(hour * 3600 + minute * 60 + second);
        return Some(TsValue::Utc(days * 86_400 + secs));
    }
    plain_local(year, month, day, [hour, minute, second], time.is_none())
}

/// The local-time end of [`plain_iso`], out of line so that the UTC path
/// inlined into the loader stays small.
#[inline(never)]
fn plain_local(year: u32, month: u32, day: u32, hms: [u32; 3], date_only: bool) -> Option<TsValue> {
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some(TsValue::Local {
        at: date.and_hms_opt(hms[0], hms[1], hms[2])?,
        date_only,
    })
}

/// A `YYYY-MM-DD` date, as configs and goals files write them (the cells'
/// fast path, so one reader of that form serves the whole engine).
pub fn iso_date(s: &str) -> Option<NaiveDate> {
    match plain_iso(s.as_bytes())? {
        TsValue::Local {
            at,
            date_only: true,
        } => Some(at.date()),
        _ => None,
    }
}

/// A `HH:MM` (or `H:MM`) wall-clock time.
pub fn hh_mm(s: &str) -> Option<NaiveTime> {
    let b = s.as_bytes();
    let (hour, minute) = match b {
        [h, b':', _, _] if h.is_ascii_digit() => (u32::from(h - b'0'), two_digits(b, 2)?),
        [_, _, b':', _, _] => (two_digits(b, 0)?, two_digits(b, 3)?),
        _ => return None,
    };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// The two ASCII digits at `b[i..i + 2]` as a number.
#[inline(always)]
fn two_digits(b: &[u8], i: usize) -> Option<u32> {
    let (hi, lo) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
    (hi < 10 && lo < 10).then_some(u32::from(hi) * 10 + u32::from(lo))
}

/// Days in `month` (1..=12) of `year`, proleptic Gregorian.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a valid proleptic Gregorian date of a year
/// 0..=9999 (Howard Hinnant's `days_from_civil`, with years starting in March
/// so leap days come last). Counted from one 400-year era earlier, so every
/// step is on unsigned numbers (no floor division).
#[inline]
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let y = year + 400 - u32::from(month <= 2);
    let (era, yoe) = (y / 400, y % 400);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (i64::from(era) - 1) * 146_097 + i64::from(doe) - 719_468
}

/// [`parse_ts`] for every form (kept out of line so the fast path stays small).
#[inline(never)]
fn parse_ts_general(s: &str) -> Result<TsValue, &'static str> {
    let mut c = Cursor::new(s);
    let (v, n) = c.digits();
    match c.peek() {
        None if n > 0 => unix(v, n),
        Some(b'.') if matches!(n, 9 | 10 | 12 | 13) => {
            c.i += 1;
            match c.nanos() {
                Some(_) if c.at_end() => unix(v, n),
                _ => Err(TS_EXPECTED),
            }
        }
        Some(sep @ (b'-' | b'/')) if n == 4 => {
            c.i += 1;
            year_first(&mut c, v as i32, sep)
        }
        Some(b'.') if matches!(n, 1 | 2) => {
            c.i += 1;
            dotted(&mut c, v as u32)
        }
        Some(b'/') if matches!(n, 1 | 2) => {
            c.i += 1;
            slashed(&mut c, v as u32)
        }
        Some(b' ') if matches!(n, 1 | 2) => {
            c.spaces();
            day_month_name(&mut c, v as u32, None)
        }
        Some(b) if n == 0 && b.is_ascii_alphabetic() => named(&mut c),
        _ => Err(TS_EXPECTED),
    }
}

/// All digits: Unix seconds (9–10 digits) or milliseconds (12–13).
fn unix(v: u64, n: usize) -> Result<TsValue, &'static str> {
    match n {
        // At most 13 digits, so `v` fits in i64.
        9 | 10 => Ok(TsValue::Utc(v as i64)),
        12 | 13 => Ok(TsValue::Utc((v / 1000) as i64)),
        1..=4 => Err(TS_EXPECTED),
        _ => Err(TS_UNIX),
    }
}

/// `YYYY-MM-DD[(T| )time[offset]]` or `YYYY/MM/DD[ time]`, after `YYYY` and the separator.
fn year_first(c: &mut Cursor, year: i32, sep: u8) -> Result<TsValue, &'static str> {
    let month = c.number(1, 2).ok_or(TS_EXPECTED)?;
    if !c.eat(sep) {
        return Err(TS_EXPECTED);
    }
    let day = c.number(1, 2).ok_or(TS_EXPECTED)?;
    let tail = tail(c, sep == b'-')?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(TS_NO_SUCH_DATE)?;
    Ok(assemble(date, tail))
}

/// `DD.MM.YYYY[ time]`, after `DD.`.
fn dotted(c: &mut Cursor, day: u32) -> Result<TsValue, &'static str> {
    let month = c.number(1, 2).ok_or(TS_EXPECTED)?;
    if !c.eat(b'.') {
        return Err(TS_EXPECTED);
    }
    let year = four_digit_year(c)?;
    let tail = tail(c, false)?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(TS_NO_SUCH_DATE)?;
    Ok(assemble(date, tail))
}

/// `a/b/YYYY[ time]`, after `a/`.
fn slashed(c: &mut Cursor, a: u32) -> Result<TsValue, &'static str> {
    let b = c.number(1, 2).ok_or(TS_EXPECTED)?;
    if !c.eat(b'/') {
        return Err(TS_EXPECTED);
    }
    let year = four_digit_year(c)?;
    let (time, date_only) = match tail(c, false)? {
        None => (NaiveTime::MIN, true),
        Some((_, Some(_))) => return Err(TS_SLASHED_OFFSET),
        Some((time, None)) => (time, false),
    };
    if slashed_date(a, b, year, true).is_none() && slashed_date(a, b, year, false).is_none() {
        return Err(TS_NO_SUCH_DATE);
    }
    Ok(TsValue::Slashed {
        a,
        b,
        year,
        time,
        date_only,
    })
}

fn four_digit_year(c: &mut Cursor) -> Result<i32, &'static str> {
    match c.digits() {
        (v, 4) => Ok(v as i32),
        (_, 1..=3) => Err(TS_YEAR),
        _ => Err(TS_EXPECTED),
    }
}

/// A cell starting with a letter: `Thu, 27 Oct 2016 …`, `Oct 27, 2016 …`, `Thu, Oct 27, 2016 …`.
fn named(c: &mut Cursor) -> Result<TsValue, &'static str> {
    let first = c.word();
    let (weekday, month_word) = if let Some(wd) = weekday_named(first) {
        let comma = c.eat(b',');
        if c.spaces() == 0 && !comma {
            return Err(TS_EXPECTED);
        }
        if c.peek().is_some_and(|b| b.is_ascii_digit()) {
            let day = c.number(1, 2).ok_or(TS_EXPECTED)?;
            if c.spaces() == 0 {
                return Err(TS_EXPECTED);
            }
            return day_month_name(c, day, Some(wd));
        }
        (Some(wd), c.word())
    } else {
        (None, first)
    };
    // Month first: `Oct 27, 2016`.
    let month = month_named(month_word).ok_or(TS_EXPECTED)?;
    if c.spaces() == 0 {
        return Err(TS_EXPECTED);
    }
    let day = c.number(1, 2).ok_or(TS_EXPECTED)?;
    let comma = c.eat(b',');
    if c.spaces() == 0 && !comma {
        return Err(TS_EXPECTED);
    }
    let year = four_digit_year(c)?;
    finish_named(c, year, month, day, weekday)
}

/// `27 Oct 2016[ time[ offset]]`, after the day and its spaces.
fn day_month_name(
    c: &mut Cursor,
    day: u32,
    weekday: Option<Weekday>,
) -> Result<TsValue, &'static str> {
    let month = month_named(c.word()).ok_or(TS_EXPECTED)?;
    if c.spaces() == 0 {
        return Err(TS_EXPECTED);
    }
    let year = four_digit_year(c)?;
    finish_named(c, year, month, day, weekday)
}

fn finish_named(
    c: &mut Cursor,
    year: i32,
    month: u32,
    day: u32,
    weekday: Option<Weekday>,
) -> Result<TsValue, &'static str> {
    let tail = tail(c, false)?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(TS_NO_SUCH_DATE)?;
    if weekday.is_some_and(|wd| wd != date.weekday()) {
        return Err(TS_WEEKDAY);
    }
    Ok(assemble(date, tail))
}

/// English month names, full or the first three letters (and `Sept`).
fn month_named(w: &[u8]) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if w.eq_ignore_ascii_case(b"sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| {
            w.eq_ignore_ascii_case(m.as_bytes()) || w.eq_ignore_ascii_case(&m.as_bytes()[..3])
        })
        .map(|i| i as u32 + 1)
}

/// English weekday names, full or the first three letters.
fn weekday_named(w: &[u8]) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    DAYS.iter()
        .find(|(d, _)| {
            w.eq_ignore_ascii_case(d.as_bytes()) || w.eq_ignore_ascii_case(&d.as_bytes()[..3])
        })
        .map(|&(_, wd)| wd)
}

/// What follows a date: nothing, or a separator (`T` if `allow_t`, spaces,
/// or a comma and spaces), a time, an optional offset, and the end.
fn tail(c: &mut Cursor, allow_t: bool) -> Result<Tail, &'static str> {
    if c.at_end() {
        return Ok(None);
    }
    let t = allow_t && c.eat_ci(b't');
    if !t {
        let comma = c.eat(b',');
        if c.spaces() == 0 && !comma {
            return Err(TS_EXPECTED);
        }
    }
    let time = time(c)?;
    let offset = offset(c)?;
    if !c.at_end() {
        return Err(TS_EXPECTED);
    }
    Ok(Some((time, offset)))
}

/// `H[H]:MM[:SS[.fff]]` and an optional AM/PM marker.
fn time(c: &mut Cursor) -> Result<NaiveTime, &'static str> {
    let mut hour = c.number(1, 2).ok_or(TS_EXPECTED)?;
    if !c.eat(b':') {
        return Err(TS_EXPECTED);
    }
    let minute = c.number(2, 2).ok_or(TS_EXPECTED)?;
    let (mut second, mut nano) = (0, 0);
    if c.eat(b':') {
        second = c.number(2, 2).ok_or(TS_EXPECTED)?;
        if matches!(c.peek(), Some(b'.' | b',')) && c.peek_at(1).is_some_and(|b| b.is_ascii_digit())
        {
            c.i += 1;
            nano = c.nanos().ok_or(TS_EXPECTED)?;
        }
    }
    let before = c.i;
    c.spaces();
    match meridiem(c) {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return Err(TS_BAD_TIME);
            }
            hour = hour % 12 + if pm { 12 } else { 0 };
        }
        None => c.i = before,
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nano).ok_or(TS_BAD_TIME)
}

/// `AM`, `pm`, `a.m.`, ...: `Some(true)` for PM. Consumes nothing on `None`.
fn meridiem(c: &mut Cursor) -> Option<bool> {
    let start = c.i;
    let pm = match c.peek().map(|b| b.to_ascii_lowercase()) {
        Some(b'a') => false,
        Some(b'p') => true,
        _ => return None,
    };
    c.i += 1;
    c.eat(b'.');
    if !c.eat_ci(b'm') {
        c.i = start;
        return None;
    }
    c.eat(b'.');
    Some(pm)
}

/// An optional offset after the time, in seconds east of UTC.
fn offset(c: &mut Cursor) -> Result<Option<i32>, &'static str> {
    let before = c.i;
    c.spaces();
    match c.peek() {
        None => {
            c.i = before;
            Ok(None)
        }
        Some(b'Z' | b'z') => {
            c.i += 1;
            Ok(Some(0))
        }
        Some(b'+' | b'-') => signed_offset(c).map(Some),
        Some(b) if b.is_ascii_alphabetic() => {
            let w = c.word();
            if !(w.eq_ignore_ascii_case(b"utc")
                || w.eq_ignore_ascii_case(b"gmt")
                || w.eq_ignore_ascii_case(b"ut"))
            {
                return Err(TS_EXPECTED);
            }
            if matches!(c.peek(), Some(b'+' | b'-')) {
                signed_offset(c).map(Some)
            } else {
                Ok(Some(0))
            }
        }
        Some(_) => Err(TS_EXPECTED),
    }
}

/// `±H`, `±HH`, `±HH:MM` or `±HHMM`, at the sign.
fn signed_offset(c: &mut Cursor) -> Result<i32, &'static str> {
    let negative = c.peek() == Some(b'-');
    c.i += 1;
    let (v, n) = c.digits();
    let (h, m) = match n {
        1 | 2 => {
            let m = if c.eat(b':') {
                c.number(2, 2).ok_or(TS_BAD_OFFSET)?
            } else {
                0
            };
            (v as u32, m)
        }
        4 => ((v / 100) as u32, (v % 100) as u32),
        _ => return Err(TS_BAD_OFFSET),
    };
    if h > 23 || m > 59 {
        return Err(TS_BAD_OFFSET);
    }
    let secs = (h * 3600 + m * 60) as i32;
    Ok(if negative { -secs } else { secs })
}

fn assemble(date: NaiveDate, tail: Tail) -> TsValue {
    match tail {
        None => TsValue::Local {
            at: date.and_time(NaiveTime::MIN),
            date_only: true,
        },
        Some((time, None)) => TsValue::Local {
            at: date.and_time(time),
            date_only: false,
        },
        Some((time, Some(offset))) => {
            TsValue::Utc(date.and_time(time).and_utc().timestamp() - i64::from(offset))
        }
    }
}

/// Local times further than this from year 0 are placed as UTC: chrono-tz
/// panics when an offset pushes them past chrono's range (±262 143).
const RESOLVE_MAX_YEAR: i32 = 200_000;

/// Place a local wall-clock time in `tz`: UTC seconds and how it fit.
///
/// In a DST gap the time moves forward by the gap's length, that is, it is
/// read with the offset in force before the gap (02:30 on the day Oslo
/// springs forward is 03:30 CEST, 01:30Z). In a fold the earlier instant is
/// taken (the first 02:30 when Oslo falls back is 02:30 CEST, 00:30Z).
pub fn resolve_local(at: NaiveDateTime, tz: Tz) -> (i64, LocalFit) {
    use chrono::LocalResult;
    let naive_secs = at.and_utc().timestamp();
    if !(-RESOLVE_MAX_YEAR..=RESOLVE_MAX_YEAR).contains(&at.year()) {
        return (naive_secs, LocalFit::Exact);
    }
    match tz.from_local_datetime(&at) {
        LocalResult::Single(dt) => (dt.timestamp(), LocalFit::Exact),
        LocalResult::Ambiguous(a, b) => (a.timestamp().min(b.timestamp()), LocalFit::Fold),
        LocalResult::None => {
            // The offset in force a day before: zones change offset months apart,
            // and even Samoa's skipped day (2011-12-30) is no longer than that.
            let before =
                chrono::DateTime::from_timestamp(naive_secs - 86_400, 0).map_or(0, |probe| {
                    tz.offset_from_utc_datetime(&probe.naive_utc())
                        .fix()
                        .local_minus_utc()
                });
            (naive_secs - i64::from(before), LocalFit::Gap)
        }
    }
}

/// The date of a `Slashed` value: `day_first` says whether `a` is the day.
pub fn slashed_date(a: u32, b: u32, year: i32, day_first: bool) -> Option<NaiveDate> {
    let (d, m) = if day_first { (a, b) } else { (b, a) };
    NaiveDate::from_ymd_opt(year, m, d)
}

/// `-` or U+2212 MINUS SIGN at the start of `b`: its length.
fn minus_len(b: &[u8]) -> usize {
    if b.first() == Some(&b'-') {
        1
    } else if b.starts_with("\u{2212}".as_bytes()) {
        3
    } else {
        0
    }
}

/// Longest canonical number (`-1234.5`) read; longer cells are errors.
const NUMBER_MAX: usize = 64;

/// A number rewritten as ASCII `-?digits(.digits)?` on the stack.
struct Canonical {
    buf: [u8; NUMBER_MAX],
    len: usize,
    /// Where `.` is, if there is a fraction.
    point: Option<usize>,
}

impl Canonical {
    fn new() -> Canonical {
        Canonical {
            buf: [0; NUMBER_MAX],
            len: 0,
            point: None,
        }
    }

    fn push(&mut self, bytes: &[u8]) -> Result<(), ()> {
        let end = self
            .len
            .checked_add(bytes.len())
            .filter(|&e| e <= NUMBER_MAX)
            .ok_or(())?;
        self.buf[self.len..end].copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits, `-` and `.` are pushed.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }

    fn to_f64(&self) -> Option<f64> {
        let v: f64 = self.as_str().parse().ok()?;
        // No `-0` in reports.
        v.is_finite().then_some(if v == 0.0 { 0.0 } else { v })
    }

    /// The value if it is whole (`3`, `3.000`) and fits in i64.
    fn to_i64(&self) -> Option<i64> {
        let int_end = self.point.unwrap_or(self.len);
        if self.buf[int_end..self.len]
            .iter()
            .any(|&b| !matches!(b, b'.' | b'0'))
        {
            return None;
        }
        std::str::from_utf8(&self.buf[..int_end]).ok()?.parse().ok()
    }
}

/// A thousands separator at the start of `b`: `(is_space, byte length)`.
fn group_separator(b: &[u8], other: u8) -> Option<(bool, usize)> {
    match b {
        [c, ..] if *c == other => Some((false, 1)),
        [b' ', ..] => Some((true, 1)),
        [0xC2, 0xA0, ..] => Some((true, 2)), // U+00A0 NO-BREAK SPACE
        [0xE2, 0x80, 0xAF, ..] => Some((true, 3)), // U+202F NARROW NO-BREAK SPACE
        _ => None,
    }
}

/// `b` as a number when it is 1 to `max` ASCII digits (`max` ≤ 19, so it fits).
#[inline]
fn plain_digits(b: &[u8], max: usize) -> Option<u64> {
    if b.is_empty() || b.len() > max {
        return None;
    }
    let mut v: u64 = 0;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u64::from(d);
    }
    Some(v)
}

/// Length of the run of ASCII digits at the start of `b`.
fn digit_run(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Read a number with the given decimal separator into its canonical form.
fn canonical_number(s: &str, decimal: Decimal) -> Option<Canonical> {
    let (point, other) = match decimal {
        Decimal::Dot => (b'.', b','),
        Decimal::Comma => (b',', b'.'),
    };
    let b = s.as_bytes();
    let mut out = Canonical::new();
    let mut i = minus_len(b);
    if i > 0 {
        out.push(b"-").ok()?;
    } else if b.first() == Some(&b'+') {
        i = 1;
    }
    let first = digit_run(&b[i..]);
    if first == 0 {
        return None;
    }
    out.push(&b[i..i + first]).ok()?;
    let first_start = i;
    i += first;
    let mut separator: Option<bool> = None;
    while let Some((is_space, len)) = group_separator(&b[i..], other) {
        if separator.is_some_and(|s| s != is_space) {
            return None;
        }
        if separator.is_none() && (first > 3 || b[first_start] == b'0') {
            return None;
        }
        separator = Some(is_space);
        i += len;
        if digit_run(&b[i..]) != 3 {
            return None;
        }
        out.push(&b[i..i + 3]).ok()?;
        i += 3;
    }
    if b.get(i) == Some(&point) {
        i += 1;
        let n = digit_run(&b[i..]);
        if n == 0 {
            return None;
        }
        out.point = Some(out.len);
        out.push(b".").ok()?;
        out.push(&b[i..i + n]).ok()?;
        i += n;
    }
    (i == b.len()).then_some(out)
}

/// Parse a duration: seconds (`125`, `125.5`), `HH:MM:SS`, `MM:SS`. Seconds.
///
/// Also `125,5`, hours past 24 (`36:00:00`), minutes past 59 in `MM:SS`
/// (`125:30`), fractions of a second after `SS`, and a leading `-` (or U+2212)
/// for negative values, which the engine reports.
pub fn parse_duration(s: &str) -> Result<f64, &'static str> {
    let b = s.as_bytes();
    // Whole seconds, the common case; 15 digits are exact in an f64.
    if let Some(v) = plain_digits(b, 15) {
        return Ok(v as f64);
    }
    let sign_len = minus_len(b);
    let rest = &b[sign_len..];
    let secs = if rest.contains(&b':') {
        clock_duration(rest)?
    } else {
        plain_seconds(rest)?
    };
    Ok(if sign_len > 0 && secs != 0.0 {
        -secs
    } else {
        secs
    })
}

/// `digits([.,]digits)?`; `1,250` (a comma, then three digits after one to three
/// digits without a leading zero) is ambiguous.
fn plain_seconds(b: &[u8]) -> Result<f64, &'static str> {
    let int = digit_run(b);
    if int == 0 {
        return Err(DURATION_EXPECTED);
    }
    let mut out = Canonical::new();
    out.push(&b[..int]).map_err(|_| DURATION_EXPECTED)?;
    if let Some(&sep @ (b'.' | b',')) = b.get(int) {
        let frac = &b[int + 1..];
        let n = digit_run(frac);
        if n == 0 || n != frac.len() {
            return Err(DURATION_EXPECTED);
        }
        if sep == b',' && n == 3 && int <= 3 && b[0] != b'0' {
            return Err(DURATION_AMBIGUOUS);
        }
        out.push(b".").map_err(|_| DURATION_EXPECTED)?;
        out.push(frac).map_err(|_| DURATION_EXPECTED)?;
    } else if int != b.len() {
        return Err(DURATION_EXPECTED);
    }
    out.to_f64().ok_or(DURATION_EXPECTED)
}

/// `H:MM:SS` or `M:SS`, seconds with an optional fraction.
fn clock_duration(b: &[u8]) -> Result<f64, &'static str> {
    /// Most digits of the leading hours or minutes (over 30 000 years).
    const LEAD_MAX: usize = 9;
    let lead = digit_run(b);
    if lead == 0 || lead > LEAD_MAX || b.get(lead) != Some(&b':') {
        return Err(DURATION_EXPECTED);
    }
    let lead_value: u64 = b[..lead]
        .iter()
        .fold(0, |v, &d| v * 10 + u64::from(d - b'0'));
    let two = |at: usize| -> Option<u64> {
        match b.get(at..at + 2)? {
            [x @ b'0'..=b'5', y @ b'0'..=b'9'] => {
                Some(u64::from(x - b'0') * 10 + u64::from(y - b'0'))
            }
            _ => None,
        }
    };
    let mut i = lead + 1;
    let mid = two(i).ok_or(DURATION_EXPECTED)?;
    i += 2;
    let whole = if b.get(i) == Some(&b':') {
        i += 1;
        let sec = two(i).ok_or(DURATION_EXPECTED)?;
        i += 2;
        lead_value * 3600 + mid * 60 + sec
    } else {
        lead_value * 60 + mid
    };
    let mut secs = whole as f64;
    if let Some(b'.' | b',') = b.get(i) {
        let frac = &b[i + 1..];
        let n = digit_run(frac);
        if n == 0 || n != frac.len() {
            return Err(DURATION_EXPECTED);
        }
        let mut out = Canonical::new();
        out.push(b"0.").map_err(|_| DURATION_EXPECTED)?;
        // Digits past the 60th cannot change an f64 fraction of a second.
        out.push(&frac[..n.min(60)])
            .map_err(|_| DURATION_EXPECTED)?;
        secs += out.to_f64().ok_or(DURATION_EXPECTED)?;
    } else if i != b.len() {
        return Err(DURATION_EXPECTED);
    }
    Ok(secs)
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
///
/// Repeated groups (`1,234,567`) are thousands, so they point to the other
/// separator; so does a leading zero (`0,500` can only be a decimal comma).
pub fn decimal_evidence(s: &str) -> Option<Decimal> {
    match (
        canonical_number(s, Decimal::Dot).is_some(),
        canonical_number(s, Decimal::Comma).is_some(),
    ) {
        (true, false) => Some(Decimal::Dot),
        (false, true) => Some(Decimal::Comma),
        _ => None,
    }
}

/// Parse a number with the given decimal separator; spaces, no-break spaces and
/// the other separator are taken as thousands separators where well placed.
pub fn parse_number(s: &str, decimal: Decimal) -> Result<f64, &'static str> {
    canonical_number(s, decimal)
        .and_then(|c| c.to_f64())
        .ok_or(NUMBER_EXPECTED)
}

/// Parse a whole number (`3`, `3.0`, `1 000`).
///
/// The decimal separator is not known here: a cell is read both ways and
/// must give one whole number. `1,000` and `1.000` (1 or 1000) are errors.
/// The range is ±(2^63 − 1).
pub fn parse_int(s: &str) -> Result<i64, &'static str> {
    // Plain digits with an optional `-`, the common case; 18 digits fit in i64.
    match s.as_bytes() {
        [b'-', rest @ ..] => {
            if let Some(v) = plain_digits(rest, 18) {
                return Ok(-(v as i64));
            }
        }
        b => {
            if let Some(v) = plain_digits(b, 18) {
                return Ok(v as i64);
            }
        }
    }
    let dot = canonical_number(s, Decimal::Dot);
    let comma = canonical_number(s, Decimal::Comma);
    if dot.is_none() && comma.is_none() {
        return Err(INT_EXPECTED);
    }
    // `Ints` has no key for i64::MIN.
    let whole = |c: Canonical| c.to_i64().filter(|&x| x != i64::MIN);
    match (dot.and_then(whole), comma.and_then(whole)) {
        (Some(x), Some(y)) if x == y => Ok(x),
        (Some(_), Some(_)) => Err(INT_AMBIGUOUS),
        (Some(x), None) | (None, Some(x)) => Ok(x),
        (None, None) => Err(INT_EXPECTED),
    }
}

/// Lower case for matching words, folding Turkish letters to ASCII
/// (`İ`, `ı` → `i`, `ğ` → `g`, `ş` → `s`), so `HAYIR`, `hayır` and `hayir` agree.
fn fold(c: char) -> char {
    match c {
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        'İ' | 'ı' => 'i',
        'Ğ' | 'ğ' => 'g',
        'Ş' | 'ş' => 's',
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

/// A short cell, [`fold`]ed once into UTF-8, to compare with many words.
struct Folded {
    /// Up to WORD_MAX chars of up to 4 bytes each.
    bytes: [u8; 4 * WORD_MAX],
    len: usize,
}

impl Folded {
    /// `None` if `s` is longer than [`WORD_MAX`] bytes (then it is none of the words).
    fn new(s: &str) -> Option<Folded> {
        if s.len() > WORD_MAX {
            return None;
        }
        let mut f = Folded {
            bytes: [0; 4 * WORD_MAX],
            len: 0,
        };
        // At most WORD_MAX chars (each takes at least one byte), 4 bytes each.
        for c in s.chars() {
            f.len += fold(c).encode_utf8(&mut f.bytes[f.len..]).len();
        }
        Some(f)
    }

    /// Equals `word`, which is given folded.
    fn is(&self, word: &str) -> bool {
        &self.bytes[..self.len] == word.as_bytes()
    }

    fn any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.is(w))
    }

    fn yes_no(&self) -> Option<bool> {
        if self.any(YES) {
            Some(true)
        } else if self.any(NO) {
            Some(false)
        } else {
            None
        }
    }
}

/// Longest word in [`YES`] and [`NO`], in bytes of any spelling (`истина`, `yanlış`).
const WORD_MAX: usize = 12;
/// Yes in en, sv, nb, bg and tr, folded.
const YES: &[&str] = &[
    "true",
    "yes",
    "y",
    "t",
    "1",
    "1.0",
    "ja",
    "sant",
    "sann",
    "да",
    "истина",
    "evet",
    "dogru",
];
/// No in en, sv, nb, bg and tr, folded.
const NO: &[&str] = &[
    "false", "no", "n", "f", "0", "0.0", "nej", "falskt", "nei", "usann", "не", "лъжа", "hayir",
    "yanlis",
];

/// Parse a yes/no cell, in en, sv, nb, bg and tr.
///
/// Case does not matter, nor Turkish dots and cedillas (`HAYIR`, `hayir`, `DOĞRU`, `dogru`).
pub fn parse_bool(s: &str) -> Result<bool, &'static str> {
    match s.as_bytes() {
        b"1" => return Ok(true),
        b"0" => return Ok(false),
        _ => {}
    }
    Folded::new(s).and_then(|f| f.yes_no()).ok_or(BOOL_EXPECTED)
}

/// Parse a QA criterion cell: `Some(true)` pass, `Some(false)` fail, `None` not applicable.
///
/// Pass: every yes of [`parse_bool`], `pass`, `passed`, `ok`, `✓`, `✔`, `✅`.
/// Fail: every no, `fail`, `failed`, `✗`, `✘`, `❌` (a bare `x` is not accepted).
/// Not applicable: empty, `na`, `n/a`, `n.a.`, `-`, `–`, `—`.
pub fn parse_criterion(s: &str) -> Result<Option<bool>, &'static str> {
    const NA: &[&str] = &["", "na", "n/a", "n.a.", "-", "\u{2013}", "\u{2014}"];
    const PASS: &[&str] = &["pass", "passed", "ok", "\u{2713}", "\u{2714}", "\u{2705}"];
    const FAIL: &[&str] = &["fail", "failed", "\u{2717}", "\u{2718}", "\u{274C}"];
    let f = Folded::new(s).ok_or(CRITERION_EXPECTED)?;
    if f.any(NA) {
        Ok(None)
    } else if let Some(b) = f.yes_no() {
        Ok(Some(b))
    } else if f.any(PASS) {
        Ok(Some(true))
    } else if f.any(FAIL) {
        Ok(Some(false))
    } else {
        Err(CRITERION_EXPECTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Europe};

    fn utc(secs: i64) -> TsValue {
        TsValue::Utc(secs)
    }

    #[test]
    fn days_from_civil_matches_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        // Every day of the years around each kind of leap-year rule, and of
        // the ends of the four-digit range; March 1 of every year.
        let years = [
            0..=2,
            1599..=1601,
            1899..=1901,
            1969..=1971,
            2099..=2101,
            9997..=9999,
        ];
        let every_day = years
            .into_iter()
            .flatten()
            .flat_map(|y| (1..=12).flat_map(move |m| (1..=31).map(move |d| (y, m, d))));
        let march_firsts = (0..=9999).map(|y| (y, 3, 1));
        for (y, m, d) in every_day.chain(march_firsts) {
            if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                let want = (date - epoch).num_days();
                assert_eq!(days_from_civil(y, m, d), want, "{date}");
            }
        }
    }

    #[test]
    fn iso_dates_and_clock_times() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(iso_date("2026-02-28"), date(2026, 2, 28));
        assert_eq!(iso_date("2024-02-29"), date(2024, 2, 29));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-05",
            "2026-01-05 10:00",
            "26-01-05",
            "",
        ] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
        let time = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(hh_mm("08:30"), time(8, 30));
        assert_eq!(hh_mm("8:30"), time(8, 30));
        assert_eq!(hh_mm("23:59"), time(23, 59));
        for bad in ["24:00", "08:60", "08:5", "0830", "08:30:00", "x8:30", ""] {
            assert_eq!(hh_mm(bad), None, "{bad}");
        }
    }

    fn local(s: &str) -> TsValue {
        TsValue::Local {
            at: NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap(),
            date_only: false,
        }
    }

    fn day(s: &str) -> TsValue {
        TsValue::Local {
            at: NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .unwrap()
                .and_time(NaiveTime::MIN),
            date_only: true,
        }
    }

    fn slash(a: u32, b: u32, year: i32, time: Option<&str>) -> TsValue {
        TsValue::Slashed {
            a,
            b,
            year,
            time: time.map_or(NaiveTime::MIN, |t| {
                NaiveTime::parse_from_str(t, "%H:%M:%S").unwrap()
            }),
            date_only: time.is_none(),
        }
    }

    macro_rules! ts_ok {
        ($name:ident, $s:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse_ts($s), Ok($want), "{:?}", $s);
            }
        };
    }

    macro_rules! ts_err {
        ($name:ident, $s:expr) => {
            #[test]
            fn $name() {
                assert!(parse_ts($s).is_err(), "{:?} -> {:?}", $s, parse_ts($s));
            }
        };
        ($name:ident, $s:expr, $why:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse_ts($s), Err($why), "{:?}", $s);
            }
        };
    }

    // ISO 8601 with an offset: an instant.
    ts_ok!(iso_z, "2026-03-01T09:00:00Z", utc(1_772_355_600));
    ts_ok!(iso_z_lower, "2026-03-01t09:00:00z", utc(1_772_355_600));
    ts_ok!(iso_offset, "2026-03-01T10:00:00+01:00", utc(1_772_355_600));
    ts_ok!(
        iso_offset_negative,
        "2026-03-01T04:00:00-05:00",
        utc(1_772_355_600)
    );
    ts_ok!(
        iso_offset_compact,
        "2026-03-01T10:00:00+0100",
        utc(1_772_355_600)
    );
    ts_ok!(
        iso_offset_hours,
        "2026-03-01T10:00:00+01",
        utc(1_772_355_600)
    );
    ts_ok!(
        iso_offset_spaced,
        "2026-03-01 10:00:00 +0100",
        utc(1_772_355_600)
    );
    ts_ok!(
        iso_offset_half_hour,
        "2026-03-01T14:30:00+05:30",
        utc(1_772_355_600)
    );
    ts_ok!(
        iso_fraction_z,
        "2026-03-01T09:00:00.999Z",
        utc(1_772_355_600)
    );
    ts_ok!(
        iso_fraction_comma_z,
        "2026-03-01T09:00:00,5Z",
        utc(1_772_355_600)
    );
    ts_ok!(iso_no_seconds_z, "2026-03-01T09:00Z", utc(1_772_355_600));
    ts_ok!(iso_utc_word, "2026-03-01 09:00:00 UTC", utc(1_772_355_600));
    ts_ok!(
        iso_gmt_offset,
        "2026-03-01 10:00:00 GMT+01:00",
        utc(1_772_355_600)
    );
    ts_ok!(
        iso_offset_crosses_day,
        "2026-03-02T00:30:00+01:00",
        utc(1_772_407_800)
    );
    ts_ok!(
        iso_minus_zero,
        "2026-03-01T09:00:00-00:00",
        utc(1_772_355_600)
    );
    // ISO 8601 and year-first without an offset: local.
    ts_ok!(
        iso_local,
        "2026-03-01T09:00:00",
        local("2026-03-01 09:00:00")
    );
    ts_ok!(
        iso_local_no_seconds,
        "2026-03-01T09:00",
        local("2026-03-01 09:00:00")
    );
    ts_ok!(
        iso_local_fraction,
        "2026-03-01T09:00:00.123456",
        local("2026-03-01 09:00:00.123456")
    );
    ts_ok!(
        iso_nanos_kept,
        "2026-03-01T09:00:00.123456789123",
        local("2026-03-01 09:00:00.123456789")
    );
    ts_ok!(ymd_space, "2026-03-01 09:30", local("2026-03-01 09:30:00"));
    ts_ok!(
        ymd_space_seconds,
        "2026-03-01 09:30:15",
        local("2026-03-01 09:30:15")
    );
    ts_ok!(
        ymd_two_spaces,
        "2026-03-01  09:30",
        local("2026-03-01 09:30:00")
    );
    ts_ok!(
        ymd_single_digits,
        "2026-3-1 9:05",
        local("2026-03-01 09:05:00")
    );
    ts_ok!(
        ymd_slashes,
        "2026/03/01 09:30",
        local("2026-03-01 09:30:00")
    );
    ts_ok!(ymd_pm, "2026-03-01 9:30 PM", local("2026-03-01 21:30:00"));
    ts_ok!(ymd_date_only, "2026-03-01", day("2026-03-01"));
    ts_ok!(
        leap_day,
        "2024-02-29 23:59:59",
        local("2024-02-29 23:59:59")
    );
    ts_ok!(leap_day_utc, "2024-02-29T23:59:59Z", utc(1_709_251_199));
    ts_ok!(leap_day_2000, "2000-02-29", day("2000-02-29"));
    ts_ok!(midnight, "2026-03-01 00:00", local("2026-03-01 00:00:00"));
    ts_ok!(
        last_second,
        "2026-12-31 23:59:59",
        local("2026-12-31 23:59:59")
    );
    ts_ok!(year_9999, "9999-12-31T23:59:59Z", utc(253_402_300_799));
    ts_ok!(year_0001, "0001-01-01", day("0001-01-01"));
    // Dotted, day first.
    ts_ok!(dmy_dots, "01.03.2026", day("2026-03-01"));
    ts_ok!(dmy_dots_short, "1.3.2026", day("2026-03-01"));
    ts_ok!(
        dmy_dots_time,
        "01.03.2026 09:30",
        local("2026-03-01 09:30:00")
    );
    ts_ok!(
        dmy_dots_seconds,
        "01.03.2026 09:30:15",
        local("2026-03-01 09:30:15")
    );
    ts_ok!(
        dmy_dots_comma,
        "01.03.2026, 09:30",
        local("2026-03-01 09:30:00")
    );
    ts_ok!(
        dmy_dots_offset,
        "01.03.2026 10:00 +01:00",
        utc(1_772_355_600)
    );
    ts_ok!(dmy_dots_leap, "29.02.2024", day("2024-02-29"));
    // Slashed: the loader picks the order, both readings kept.
    ts_ok!(slash_ambiguous, "03/01/2026", slash(3, 1, 2026, None));
    ts_ok!(slash_day_first, "13/01/2026", slash(13, 1, 2026, None));
    ts_ok!(slash_month_first, "01/13/2026", slash(1, 13, 2026, None));
    ts_ok!(slash_short, "3/1/2026", slash(3, 1, 2026, None));
    ts_ok!(
        slash_time,
        "03/01/2026 09:30",
        slash(3, 1, 2026, Some("09:30:00"))
    );
    ts_ok!(
        slash_seconds,
        "03/01/2026 09:30:15",
        slash(3, 1, 2026, Some("09:30:15"))
    );
    ts_ok!(
        slash_pm,
        "3/1/2026 9:30 PM",
        slash(3, 1, 2026, Some("21:30:00"))
    );
    ts_ok!(
        slash_js_locale,
        "3/1/2026, 9:30:00 AM",
        slash(3, 1, 2026, Some("09:30:00"))
    );
    ts_ok!(
        slash_pm_lower,
        "3/1/2026 9:30pm",
        slash(3, 1, 2026, Some("21:30:00"))
    );
    ts_ok!(
        slash_pm_dots,
        "3/1/2026 9:30 p.m.",
        slash(3, 1, 2026, Some("21:30:00"))
    );
    ts_ok!(
        slash_am_dots_upper,
        "3/1/2026 9:30 A.M.",
        slash(3, 1, 2026, Some("09:30:00"))
    );
    ts_ok!(
        slash_12_am,
        "3/1/2026 12:15 AM",
        slash(3, 1, 2026, Some("00:15:00"))
    );
    ts_ok!(
        slash_12_pm,
        "3/1/2026 12:15 PM",
        slash(3, 1, 2026, Some("12:15:00"))
    );
    ts_ok!(
        slash_leap_month_first,
        "02/29/2024",
        slash(2, 29, 2024, None)
    );
    ts_ok!(slash_leap_day_first, "29/02/2024", slash(29, 2, 2024, None));
    // RFC 2822 and month names.
    ts_ok!(
        rfc2822_local,
        "Thu, 27 Oct 2016 14:51:34",
        local("2016-10-27 14:51:34")
    );
    ts_ok!(
        rfc2822_offset,
        "Thu, 27 Oct 2016 14:51:34 +0200",
        utc(1_477_572_694)
    );
    ts_ok!(
        rfc2822_gmt,
        "Thu, 27 Oct 2016 14:51:34 GMT",
        utc(1_477_579_894)
    );
    ts_ok!(
        rfc2822_no_weekday,
        "27 Oct 2016 14:51:34",
        local("2016-10-27 14:51:34")
    );
    ts_ok!(
        rfc2822_full_names,
        "Thursday, 27 October 2016",
        day("2016-10-27")
    );
    ts_ok!(
        rfc2822_upper,
        "THU, 27 OCT 2016 14:51",
        local("2016-10-27 14:51:00")
    );
    ts_ok!(
        month_first,
        "Oct 27, 2016 2:51 PM",
        local("2016-10-27 14:51:00")
    );
    ts_ok!(month_first_weekday, "Thu, Oct 27, 2016", day("2016-10-27"));
    ts_ok!(month_sept, "Sept 1, 2026", day("2026-09-01"));
    // Unix time.
    ts_ok!(unix_seconds, "1772355600", utc(1_772_355_600));
    ts_ok!(unix_seconds_9_digits, "999999999", utc(999_999_999));
    ts_ok!(unix_seconds_fraction, "1772355600.75", utc(1_772_355_600));
    ts_ok!(unix_millis, "1772355600123", utc(1_772_355_600));
    ts_ok!(unix_millis_12_digits, "999999999999", utc(999_999_999));

    ts_err!(empty, "", TS_EXPECTED);
    ts_err!(garbage, "soon", TS_EXPECTED);
    ts_err!(feb_30, "2026-02-30", TS_NO_SUCH_DATE);
    ts_err!(feb_29_not_leap, "2026-02-29 10:00", TS_NO_SUCH_DATE);
    ts_err!(feb_29_1900, "29.02.1900", TS_NO_SUCH_DATE);
    ts_err!(month_13, "2026-13-01 09:00", TS_NO_SUCH_DATE);
    ts_err!(month_0, "2026-00-10", TS_NO_SUCH_DATE);
    ts_err!(day_0, "00.03.2026", TS_NO_SUCH_DATE);
    ts_err!(day_32_dots, "32.01.2026", TS_NO_SUCH_DATE);
    ts_err!(slash_neither, "13/13/2026", TS_NO_SUCH_DATE);
    ts_err!(slash_zero, "0/0/2026", TS_NO_SUCH_DATE);
    ts_err!(slash_31_feb, "31/02/2026", TS_NO_SUCH_DATE);
    ts_err!(slash_offset, "03/01/2026 09:30Z", TS_SLASHED_OFFSET);
    ts_err!(hour_24, "2026-03-01 24:00", TS_BAD_TIME);
    ts_err!(hour_25, "2026-03-01 25:00", TS_BAD_TIME);
    ts_err!(minute_60, "2026-03-01 12:60", TS_BAD_TIME);
    ts_err!(leap_second, "2026-03-01 23:59:60", TS_BAD_TIME);
    ts_err!(pm_13, "2026-03-01 13:00 PM", TS_BAD_TIME);
    ts_err!(am_0, "2026-03-01 0:30 AM", TS_BAD_TIME);
    ts_err!(offset_25, "2026-03-01T09:00+25:00", TS_BAD_OFFSET);
    ts_err!(offset_3_digits, "2026-03-01T09:00+100", TS_BAD_OFFSET);
    ts_err!(offset_bad_minutes, "2026-03-01T09:00+01:5", TS_BAD_OFFSET);
    ts_err!(two_digit_year_dots, "01.03.26", TS_YEAR);
    ts_err!(two_digit_year_slash, "03/01/26", TS_YEAR);
    ts_err!(two_digit_year_first, "26-03-01", TS_EXPECTED);
    ts_err!(five_digit_year, "20260-03-01");
    ts_err!(weekday_mismatch, "Fri, 27 Oct 2016 14:51:34", TS_WEEKDAY);
    ts_err!(unknown_zone, "2026-03-01 09:00 CET", TS_EXPECTED);
    ts_err!(unknown_month, "27 Okt 2016", TS_EXPECTED);
    ts_err!(date_then_offset, "2026-03-01 +01:00", TS_EXPECTED);
    ts_err!(trailing_t, "2026-03-01T", TS_EXPECTED);
    ts_err!(hour_only, "2026-03-01T09", TS_EXPECTED);
    ts_err!(single_digit_minute, "2026-03-01 9:5", TS_EXPECTED);
    ts_err!(trailing_junk, "2026-03-01 09:00:00 x", TS_EXPECTED);
    ts_err!(trailing_dot, "01.03.2026.", TS_EXPECTED);
    ts_err!(t_in_dotted, "01.03.2026T09:00", TS_EXPECTED);
    ts_err!(no_separator, "2026-03-0109:00", TS_EXPECTED);
    ts_err!(mixed_separators, "2026-03/01", TS_EXPECTED);
    ts_err!(year_only, "2026", TS_EXPECTED);
    ts_err!(unix_11_digits, "17723556001", TS_UNIX);
    ts_err!(unix_8_digits, "20260301", TS_UNIX);
    ts_err!(unix_14_digits, "17723556001234", TS_UNIX);
    ts_err!(unix_negative, "-1772355600", TS_EXPECTED);
    ts_err!(unix_fraction_empty, "1772355600.", TS_EXPECTED);
    ts_err!(unix_fraction_junk, "1772355600.5x", TS_EXPECTED);
    ts_err!(thousand_digits, &"9".repeat(1000), TS_UNIX);
    ts_err!(
        thousand_digit_year,
        &format!("{}-01-01", "2".repeat(1000)),
        TS_EXPECTED
    );
    ts_err!(
        thousand_digit_fraction,
        &format!("2026-03-01 09:00:00.{}x", "1".repeat(1000))
    );
    ts_err!(nul, "2026-03-01\0", TS_EXPECTED);
    ts_err!(nul_only, "\0", TS_EXPECTED);
    ts_err!(emoji, "2026-03-01 😀", TS_EXPECTED);
    ts_err!(emoji_only, "😀", TS_EXPECTED);
    ts_err!(full_width_digits, "２０２６-03-01", TS_EXPECTED);
    ts_err!(arabic_indic_digits, "٢٠٢٦-03-01", TS_EXPECTED);
    ts_err!(nbsp_separator, "2026-03-01\u{a0}09:00", TS_EXPECTED);

    #[test]
    fn fraction_past_nine_digits_is_dropped_not_rounded() {
        assert_eq!(
            parse_ts("2026-03-01 09:00:00.9999999999"),
            Ok(local("2026-03-01 09:00:00.999999999"))
        );
    }

    macro_rules! fit {
        ($name:ident, $local:expr, $tz:expr, $utc:expr, $fit:ident) => {
            #[test]
            fn $name() {
                let at = NaiveDateTime::parse_from_str($local, "%Y-%m-%d %H:%M").unwrap();
                let want = chrono::DateTime::parse_from_rfc3339($utc)
                    .unwrap()
                    .timestamp();
                assert_eq!(resolve_local(at, $tz), (want, LocalFit::$fit));
            }
        };
    }

    fit!(
        utc_exact,
        "2026-03-01 09:00",
        Tz::UTC,
        "2026-03-01T09:00:00Z",
        Exact
    );
    fit!(
        oslo_winter,
        "2026-03-01 10:00",
        Europe::Oslo,
        "2026-03-01T09:00:00Z",
        Exact
    );
    fit!(
        oslo_summer,
        "2026-07-01 10:00",
        Europe::Oslo,
        "2026-07-01T08:00:00Z",
        Exact
    );
    fit!(
        oslo_before_gap,
        "2026-03-29 01:59",
        Europe::Oslo,
        "2026-03-29T00:59:00Z",
        Exact
    );
    fit!(
        oslo_gap_start,
        "2026-03-29 02:00",
        Europe::Oslo,
        "2026-03-29T01:00:00Z",
        Gap
    );
    fit!(
        oslo_gap,
        "2026-03-29 02:30",
        Europe::Oslo,
        "2026-03-29T01:30:00Z",
        Gap
    );
    fit!(
        oslo_after_gap,
        "2026-03-29 03:00",
        Europe::Oslo,
        "2026-03-29T01:00:00Z",
        Exact
    );
    fit!(
        oslo_fold,
        "2026-10-25 02:30",
        Europe::Oslo,
        "2026-10-25T00:30:00Z",
        Fold
    );
    fit!(
        oslo_fold_start,
        "2026-10-25 02:00",
        Europe::Oslo,
        "2026-10-25T00:00:00Z",
        Fold
    );
    fit!(
        oslo_after_fold,
        "2026-10-25 03:00",
        Europe::Oslo,
        "2026-10-25T02:00:00Z",
        Exact
    );
    fit!(
        new_york_gap,
        "2026-03-08 02:30",
        America::New_York,
        "2026-03-08T07:30:00Z",
        Gap
    );
    fit!(
        new_york_fold,
        "2026-11-01 01:30",
        America::New_York,
        "2026-11-01T05:30:00Z",
        Fold
    );
    fit!(
        new_york_winter,
        "2026-01-15 09:00",
        America::New_York,
        "2026-01-15T14:00:00Z",
        Exact
    );
    fit!(
        lord_howe_half_hour_gap,
        "2026-10-04 02:15",
        chrono_tz::Australia::Lord_Howe,
        "2026-10-03T15:45:00Z",
        Gap
    );
    fit!(
        samoa_skipped_day,
        "2011-12-30 12:00",
        chrono_tz::Pacific::Apia,
        "2011-12-30T22:00:00Z",
        Gap
    );

    #[test]
    fn resolve_local_at_chrono_limits_does_not_panic() {
        for tz in [
            Tz::UTC,
            Europe::Oslo,
            chrono_tz::Pacific::Kiritimati,
            chrono_tz::Etc::GMTPlus12,
        ] {
            for at in [NaiveDateTime::MIN, NaiveDateTime::MAX] {
                assert_eq!(
                    resolve_local(at, tz),
                    (at.and_utc().timestamp(), LocalFit::Exact)
                );
            }
        }
    }

    #[test]
    fn slashed_date_reads_both_orders() {
        assert_eq!(
            slashed_date(3, 1, 2026, true),
            NaiveDate::from_ymd_opt(2026, 1, 3)
        );
        assert_eq!(
            slashed_date(3, 1, 2026, false),
            NaiveDate::from_ymd_opt(2026, 3, 1)
        );
        assert_eq!(slashed_date(13, 1, 2026, false), None);
    }

    macro_rules! dur_ok {
        ($name:ident, $s:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse_duration($s), Ok($want), "{:?}", $s);
            }
        };
    }

    macro_rules! dur_err {
        ($name:ident, $s:expr) => {
            dur_err!($name, $s, DURATION_EXPECTED);
        };
        ($name:ident, $s:expr, $why:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse_duration($s), Err($why), "{:?}", $s);
            }
        };
    }

    dur_ok!(dur_seconds, "125", 125.0);
    dur_ok!(dur_zero, "0", 0.0);
    dur_ok!(dur_fraction, "125.5", 125.5);
    dur_ok!(dur_decimal_comma, "125,5", 125.5);
    dur_ok!(dur_millis_dot, "1.250", 1.25);
    dur_ok!(dur_leading_zero_comma, "0,250", 0.25);
    dur_ok!(dur_long_comma, "1250,5", 1250.5);
    dur_ok!(dur_hms, "01:02:03", 3723.0);
    dur_ok!(dur_h_mm_ss, "1:02:03", 3723.0);
    dur_ok!(dur_over_a_day, "36:00:00", 129_600.0);
    dur_ok!(dur_many_hours, "1000:00:00", 3_600_000.0);
    dur_ok!(dur_mm_ss, "02:05", 125.0);
    dur_ok!(dur_m_ss, "2:05", 125.0);
    dur_ok!(dur_minutes_over_an_hour, "125:30", 7530.0);
    dur_ok!(dur_hms_fraction, "00:00:01.5", 1.5);
    dur_ok!(dur_hms_fraction_comma, "00:00:01,25", 1.25);
    dur_ok!(dur_negative, "-125", -125.0);
    dur_ok!(dur_negative_hms, "-00:05:00", -300.0);
    dur_ok!(dur_unicode_minus, "\u{2212}5", -5.0);
    dur_ok!(dur_negative_zero, "-0", 0.0);

    dur_err!(dur_empty, "");
    dur_err!(dur_minus_only, "-");
    dur_err!(dur_double_minus, "--5");
    dur_err!(dur_plus, "+5");
    dur_err!(dur_word, "five");
    dur_err!(dur_unit, "125s");
    dur_err!(dur_thousands_comma, "1,250", DURATION_AMBIGUOUS);
    dur_err!(dur_thousands_space, "1 250");
    dur_err!(dur_two_commas, "1,250,000");
    dur_err!(dur_trailing_point, "125.");
    dur_err!(dur_leading_point, ".5");
    dur_err!(dur_minutes_60, "01:60:00");
    dur_err!(dur_seconds_60, "01:00:60");
    dur_err!(dur_one_digit_minutes, "1:2:03");
    dur_err!(dur_four_parts, "1:02:03:04");
    dur_err!(dur_empty_hours, ":02:03");
    dur_err!(dur_trailing_colon, "02:");
    dur_err!(dur_nan, "NaN");
    dur_err!(dur_inf, "inf");
    dur_err!(dur_exponent, "1e3");
    dur_err!(dur_thousand_digits, &"9".repeat(1000));
    dur_err!(
        dur_thousand_digit_hours,
        &format!("{}:00:00", "9".repeat(1000))
    );
    dur_err!(dur_nul, "12\0");
    dur_err!(dur_emoji, "⏱ 12");

    #[test]
    fn dur_long_fraction_is_read() {
        let s = format!("00:00:01.{}", "5".repeat(1000));
        assert!((parse_duration(&s).unwrap() - 1.5555).abs() < 0.001);
    }

    macro_rules! evidence {
        ($name:ident, $s:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(decimal_evidence($s), $want, "{:?}", $s);
            }
        };
    }

    evidence!(ev_comma_thousands_alone, "1,234", None);
    evidence!(ev_dot_thousands_alone, "1.234", None);
    evidence!(ev_decimal_comma, "12,5", Some(Decimal::Comma));
    evidence!(ev_german, "1.234,5", Some(Decimal::Comma));
    evidence!(ev_english, "1,234.5", Some(Decimal::Dot));
    evidence!(ev_half, "0.5", Some(Decimal::Dot));
    evidence!(ev_leading_zero_three, "0,500", Some(Decimal::Comma));
    evidence!(ev_repeated_commas, "1,234,567", Some(Decimal::Dot));
    evidence!(ev_repeated_dots, "1.234.567", Some(Decimal::Comma));
    evidence!(ev_space_comma, "1 234,5", Some(Decimal::Comma));
    evidence!(ev_space_dot, "1 234.5", Some(Decimal::Dot));
    evidence!(ev_space_alone, "1 234", None);
    evidence!(ev_integer, "12", None);
    evidence!(ev_negative_comma, "-12,5", Some(Decimal::Comma));
    evidence!(ev_four_digits_comma, "1234,567", Some(Decimal::Comma));
    evidence!(ev_garbage, "abc", None);
    evidence!(ev_empty, "", None);

    macro_rules! num_ok {
        ($name:ident, $s:expr, $dec:ident, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse_number($s, Decimal::$dec), Ok($want), "{:?}", $s);
            }
        };
    }

    macro_rules! num_err {
        ($name:ident, $s:expr, $dec:ident) => {
            #[test]
            fn $name() {
                assert_eq!(
                    parse_number($s, Decimal::$dec),
                    Err(NUMBER_EXPECTED),
                    "{:?}",
                    $s
                );
            }
        };
    }

    num_ok!(num_plain, "1234.5", Dot, 1234.5);
    num_ok!(num_plain_comma, "1234,5", Comma, 1234.5);
    num_ok!(num_space_comma, "1 234,5", Comma, 1234.5);
    num_ok!(num_nbsp_comma, "1\u{a0}234,5", Comma, 1234.5);
    num_ok!(num_narrow_nbsp_comma, "1\u{202f}234,5", Comma, 1234.5);
    num_ok!(num_mixed_spaces, "1 234\u{a0}567", Dot, 1_234_567.0);
    num_ok!(num_german, "1.234,5", Comma, 1234.5);
    num_ok!(num_english, "1,234.5", Dot, 1234.5);
    num_ok!(num_millions, "1,234,567", Dot, 1_234_567.0);
    num_ok!(num_ambiguous_dot, "1,234", Dot, 1234.0);
    num_ok!(num_ambiguous_comma, "1,234", Comma, 1.234);
    num_ok!(num_dot_thousands_read_comma, "1.234", Comma, 1234.0);
    num_ok!(num_negative, "-12", Dot, -12.0);
    num_ok!(num_unicode_minus, "\u{2212}12,5", Comma, -12.5);
    num_ok!(num_plus, "+3", Dot, 3.0);
    num_ok!(num_zero, "0", Dot, 0.0);
    num_ok!(num_negative_zero, "-0.0", Dot, 0.0);
    num_ok!(num_leading_zeros, "007", Dot, 7.0);
    num_ok!(num_small, "0.001", Dot, 0.001);
    num_ok!(num_long_integer, "12345678", Dot, 12_345_678.0);

    num_err!(num_empty, "", Dot);
    num_err!(num_sign_only, "-", Dot);
    num_err!(num_currency, "$12", Dot);
    num_err!(num_currency_after, "12 €", Comma);
    num_err!(num_percent, "12%", Dot);
    num_err!(num_exponent, "1e5", Dot);
    num_err!(num_nan, "NaN", Dot);
    num_err!(num_inf, "inf", Dot);
    num_err!(num_group_of_two, "1,23", Dot);
    num_err!(num_group_of_four, "1,2345", Dot);
    num_err!(num_first_group_four, "1234,567", Dot);
    num_err!(num_leading_zero_group, "0,500", Dot);
    num_err!(num_decimal_then_group, "1.234,5", Dot);
    num_err!(num_two_decimals, "1,2,3", Comma);
    num_err!(num_mixed_thousands, "1 234,567.5", Dot);
    num_err!(num_trailing_point, "12.", Dot);
    num_err!(num_leading_point, ".5", Dot);
    num_err!(num_trailing_separator, "1,234,", Dot);
    num_err!(num_double_space, "1  234", Dot);
    num_err!(num_tab_group, "1\t234", Dot);
    num_err!(num_apostrophe, "1'234", Dot);
    num_err!(num_space_after_sign, "- 12", Dot);
    num_err!(num_double_sign, "--12", Dot);
    num_err!(num_thousand_digits, &"9".repeat(1000), Dot);
    num_err!(num_nul, "1\0", Dot);
    num_err!(num_emoji, "1😀", Dot);
    num_err!(num_full_width, "１２", Dot);

    macro_rules! int_ok {
        ($name:ident, $s:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse_int($s), Ok($want), "{:?}", $s);
            }
        };
    }

    macro_rules! int_err {
        ($name:ident, $s:expr) => {
            int_err!($name, $s, INT_EXPECTED);
        };
        ($name:ident, $s:expr, $why:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse_int($s), Err($why), "{:?}", $s);
            }
        };
    }

    int_ok!(int_plain, "3", 3);
    int_ok!(int_point_zero, "3.0", 3);
    int_ok!(int_comma_zero, "3,0", 3);
    int_ok!(int_space_thousands, "1 000", 1000);
    int_ok!(int_german_thousands_decimals, "1.000,00", 1000);
    int_ok!(int_english_millions, "1,000,000", 1_000_000);
    int_ok!(int_negative, "-12", -12);
    int_ok!(int_plus, "+3", 3);
    int_ok!(int_max, "9223372036854775807", i64::MAX);
    int_err!(int_min, "-9223372036854775808"); // symmetric range: -i64::MAX is the least
    int_err!(int_half, "3.5");
    int_err!(int_comma_half, "3,5");
    int_err!(int_ambiguous_comma, "1,000", INT_AMBIGUOUS);
    int_err!(int_ambiguous_dot, "1.000", INT_AMBIGUOUS);
    int_err!(int_overflow, "9223372036854775808");
    int_err!(int_word, "three");
    int_err!(int_empty, "");
    int_err!(int_exponent, "1e3");
    int_err!(int_thousand_digits, &"9".repeat(1000));

    macro_rules! bool_ok {
        ($name:ident, $want:expr, $($s:expr),+) => {
            #[test]
            fn $name() {
                for s in [$($s),+] {
                    assert_eq!(parse_bool(s), Ok($want), "{:?}", s);
                }
            }
        };
    }

    bool_ok!(
        bool_en_true,
        true,
        "true",
        "TRUE",
        "True",
        "yes",
        "YES",
        "y",
        "Y",
        "1",
        "t",
        "T",
        "1.0"
    );
    bool_ok!(
        bool_en_false,
        false,
        "false",
        "FALSE",
        "no",
        "No",
        "n",
        "N",
        "0",
        "f",
        "F",
        "0.0"
    );
    bool_ok!(bool_sv_true, true, "ja", "Ja", "JA", "sant", "Sant");
    bool_ok!(bool_sv_false, false, "nej", "Nej", "falskt", "FALSKT");
    bool_ok!(bool_nb_true, true, "ja", "sann", "Sann");
    bool_ok!(bool_nb_false, false, "nei", "Nei", "usann", "USANN");
    bool_ok!(bool_bg_true, true, "да", "Да", "ДА", "истина", "Истина");
    bool_ok!(bool_bg_false, false, "не", "Не", "НЕ", "лъжа", "ЛЪЖА");
    bool_ok!(
        bool_tr_true,
        true,
        "evet",
        "Evet",
        "EVET",
        "doğru",
        "DOĞRU",
        "dogru",
        "Doğru"
    );
    bool_ok!(
        bool_tr_false,
        false,
        "hayır",
        "Hayır",
        "HAYIR",
        "hayir",
        "yanlış",
        "YANLIŞ",
        "yanlis"
    );
    bool_ok!(bool_tr_dotted_capital, true, "EVET", "EVET");

    #[test]
    fn bool_rejects_other_words() {
        for s in [
            "",
            "yess",
            "tru",
            "2",
            "-1",
            "1.5",
            "10",
            "on",
            "off",
            "x",
            "ja!",
            "da",
            "nе",
            "😀",
            "\0",
            "y\0",
            "истинаистина",
            "ye",
        ] {
            assert_eq!(parse_bool(s), Err(BOOL_EXPECTED), "{:?}", s);
        }
    }

    macro_rules! crit {
        ($name:ident, $want:expr, $($s:expr),+) => {
            #[test]
            fn $name() {
                for s in [$($s),+] {
                    assert_eq!(parse_criterion(s), $want, "{:?}", s);
                }
            }
        };
    }

    crit!(
        crit_pass,
        Ok(Some(true)),
        "yes",
        "Y",
        "true",
        "1",
        "pass",
        "PASS",
        "Passed",
        "ok",
        "OK",
        "✓",
        "✔",
        "✅",
        "ja",
        "да",
        "evet"
    );
    crit!(
        crit_fail,
        Ok(Some(false)),
        "no",
        "N",
        "false",
        "0",
        "fail",
        "FAILED",
        "✗",
        "✘",
        "❌",
        "nej",
        "nei",
        "не",
        "hayır"
    );
    crit!(
        crit_na,
        Ok(None),
        "",
        "na",
        "NA",
        "n/a",
        "N/A",
        "N.A.",
        "-",
        "—",
        "–"
    );
    crit!(
        crit_unknown,
        Err(CRITERION_EXPECTED),
        "x",
        "X",
        "maybe",
        "partial",
        "2",
        "n/a/",
        "--",
        "😀",
        "\0",
        "okay"
    );

    /// A deterministic stream of cells made of the pieces these parsers look
    /// for: every parser must return without panicking on all of them.
    #[test]
    fn adversarial_cells_never_panic() {
        const PIECES: &[&str] = &[
            "0",
            "1",
            "2",
            "9",
            "12",
            "2026",
            "59",
            "99",
            ":",
            ".",
            ",",
            "-",
            "+",
            "/",
            " ",
            "T",
            "Z",
            "AM",
            "p.m.",
            "UTC",
            "GMT",
            "Oct",
            "Thu",
            "\u{a0}",
            "\u{202f}",
            "\u{2212}",
            "\0",
            "😀",
            "é",
            "ı",
            "İ",
            "ДА",
            "✓",
            "9999999999999999999999",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut cell = String::new();
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            cell.clear();
            let mut r = state;
            for _ in 0..(r % 9) {
                r /= 9;
                cell.push_str(PIECES[(r % PIECES.len() as u64) as usize]);
                r /= PIECES.len() as u64;
            }
            let _ = parse_ts(&cell);
            let _ = parse_duration(&cell);
            let _ = parse_int(&cell);
            let _ = parse_bool(&cell);
            let _ = parse_criterion(&cell);
            if let Some(d) = decimal_evidence(&cell) {
                assert!(parse_number(&cell, d).is_ok(), "{:?}", cell);
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn prop_no_panic_on_any_string(s in "\\PC{0,40}") {
                let _ = parse_ts(&s);
                let _ = parse_duration(&s);
                let _ = parse_number(&s, Decimal::Dot);
                let _ = parse_number(&s, Decimal::Comma);
                let _ = decimal_evidence(&s);
                let _ = parse_int(&s);
                let _ = parse_bool(&s);
                let _ = parse_criterion(&s);
            }

            #[test]
            fn prop_formatted_local_times_round_trip(secs in -2_208_988_800i64..4_102_444_800) {
                let at = chrono::DateTime::from_timestamp(secs, 0).unwrap().naive_utc();
                for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M:%S", "%a, %d %b %Y %H:%M:%S"] {
                    let s = at.format(fmt).to_string();
                    prop_assert_eq!(parse_ts(&s), Ok(TsValue::Local { at, date_only: false }), "{}", s);
                }
                let s = at.format("%m/%d/%Y %I:%M:%S %p").to_string();
                let (m, d) = (at.month(), at.day());
                prop_assert_eq!(parse_ts(&s), Ok(TsValue::Slashed { a: m, b: d, year: at.year(), time: at.time(), date_only: false }));
            }

            #[test]
            fn prop_rfc3339_is_the_instant(secs in -2_208_988_800i64..4_102_444_800, off_min in -14 * 60i32..=14 * 60) {
                let offset = chrono::FixedOffset::east_opt(off_min * 60).unwrap();
                let dt = chrono::DateTime::from_timestamp(secs, 0).unwrap().with_timezone(&offset);
                prop_assert_eq!(parse_ts(&dt.to_rfc3339()), Ok(TsValue::Utc(secs)));
                prop_assert_eq!(parse_ts(&dt.to_rfc2822()), Ok(TsValue::Utc(secs)));
            }

            #[test]
            fn prop_grouped_numbers_round_trip(int in 0u64..10_000_000_000, cents in 0u32..100, neg: bool) {
                let digits = int.to_string();
                let mut groups = Vec::new();
                let mut end = digits.len();
                while end > 3 {
                    groups.push(&digits[end - 3..end]);
                    end -= 3;
                }
                groups.push(&digits[..end]);
                groups.reverse();
                let sign = if neg { "-" } else { "" };
                let want = if neg { -1.0 } else { 1.0 } * (int as f64 + f64::from(cents) / 100.0);
                let want = if want == 0.0 { 0.0 } else { want };
                let english = format!("{sign}{}.{cents:02}", groups.join(","));
                let german = format!("{sign}{},{cents:02}", groups.join("."));
                let swedish = format!("{sign}{},{cents:02}", groups.join("\u{a0}"));
                prop_assert_eq!(parse_number(&english, Decimal::Dot), Ok(want));
                prop_assert_eq!(parse_number(&german, Decimal::Comma), Ok(want));
                prop_assert_eq!(parse_number(&swedish, Decimal::Comma), Ok(want));
                prop_assert_eq!(decimal_evidence(&english), Some(Decimal::Dot));
                prop_assert_eq!(decimal_evidence(&german), Some(Decimal::Comma));
            }

            #[test]
            fn prop_hms_round_trip(secs in 0u64..10_000_000) {
                let s = format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
                prop_assert_eq!(parse_duration(&s), Ok(secs as f64));
            }

            #[test]
            fn prop_evidence_is_a_reading(s in "[-+]?[0-9]{1,4}([,. \u{a0}][0-9]{1,4}){0,3}") {
                if let Some(d) = decimal_evidence(&s) {
                    prop_assert!(parse_number(&s, d).is_ok());
                    let other = if d == Decimal::Dot { Decimal::Comma } else { Decimal::Dot };
                    prop_assert!(parse_number(&s, other).is_err());
                }
            }
        }
    }

    // The fast path for plain ISO cells (`plain_iso`), digits (`plain_digits`), 0/1.
    ts_ok!(fast_iso_z, "2025-01-01T00:00:08Z", utc(1_735_689_608));
    ts_ok!(fast_iso_z_minutes, "2026-03-01T09:00Z", utc(1_772_355_600));
    ts_ok!(fast_iso_space_z, "2026-03-01 09:00:00Z", utc(1_772_355_600));
    ts_ok!(
        fast_iso_local,
        "2026-03-01 09:00:05",
        local("2026-03-01 09:00:05")
    );
    ts_ok!(
        fast_iso_local_t,
        "2026-03-01T09:00",
        local("2026-03-01 09:00:00")
    );
    ts_ok!(fast_date_only, "2024-02-29", day("2024-02-29"));
    ts_ok!(fast_before_1970, "1969-12-31T23:59:59Z", utc(-1));
    ts_ok!(fast_year_0, "0000-03-01T00:00:00Z", utc(-62_162_035_200));
    ts_err!(fast_feb_29, "2025-02-29T00:00:00Z", TS_NO_SUCH_DATE);
    ts_err!(fast_day_31, "2025-04-31 10:00", TS_NO_SUCH_DATE);
    ts_err!(fast_hour_24, "2025-04-01T24:00:00Z", TS_BAD_TIME);
    ts_err!(fast_second_60, "2025-04-01T23:59:60Z", TS_BAD_TIME);
    ts_err!(fast_trailing, "2025-04-01T23:59:00Zx", TS_EXPECTED);

    /// Whenever the fast path answers, the general parser gives the same answer.
    #[test]
    fn fast_iso_agrees_with_general_parser() {
        let dates = [
            "1970-01-01",
            "2000-02-29",
            "1900-02-29",
            "2100-02-28",
            "2024-12-31",
            "0000-01-01",
            "9999-12-31",
            "2025-00-10",
            "2025-13-01",
            "2025-06-31",
            "2025-06-00",
            "2025-1-01",
            "20a5-01-01",
            "2025/01/01",
        ];
        let times = [
            "",
            "T00:00",
            "T23:59:59",
            " 12:30",
            "t12:30",
            "T12:30Z",
            "T12:30:45Z",
            " 12:30:45Z",
            "T12:30z",
            "T24:00",
            "T23:60",
            "T23:59:60",
            "T9:30",
            "T12:30:45.5Z",
            "T12:30:45+01:00",
            "T12:30:4",
            "T12:30 PM",
            "  12:30",
            "T12:30:45ZZ",
        ];
        let mut answered = 0;
        for d in dates {
            for t in times {
                let s = format!("{d}{t}");
                if let Some(fast) = plain_iso(s.as_bytes()) {
                    answered += 1;
                    assert_eq!(Ok(fast), parse_ts_general(&s), "{s:?}");
                }
            }
        }
        assert!(answered > 40, "{answered}");
        // Every day from 1600 to 2400, at the end of the day.
        let mut date = NaiveDate::from_ymd_opt(1600, 1, 1).unwrap();
        while date.year() < 2400 {
            let s = format!("{date}T23:59:59Z");
            assert_eq!(
                plain_iso(s.as_bytes()),
                Some(parse_ts_general(&s).unwrap()),
                "{s}"
            );
            date = date.succ_opt().unwrap();
        }
    }

    #[test]
    fn fast_digits_agree_with_general_parsers() {
        for s in [
            "0",
            "7",
            "007",
            "-0",
            "-12",
            "123456789012345678",
            "1234567890123456789",
            "1 000",
            "+3",
            "3.0",
            "",
            "-",
            "1-2",
            "99999999999999999999",
        ] {
            let general = match (
                canonical_number(s, Decimal::Dot).and_then(|c| c.to_i64()),
                canonical_number(s, Decimal::Comma).and_then(|c| c.to_i64()),
            ) {
                (Some(x), _) | (None, Some(x)) => Ok(x),
                (None, None) => Err(INT_EXPECTED),
            };
            assert_eq!(parse_int(s), general, "{s:?}");
        }
        assert_eq!(
            parse_int("1234567890123456789"),
            Ok(1_234_567_890_123_456_789)
        );
        for s in ["0", "545", "000123", "123456789012345", "1234567890123456"] {
            assert_eq!(parse_duration(s), plain_seconds(s.as_bytes()), "{s:?}");
        }
        assert_eq!(parse_bool("1"), Ok(true));
        assert_eq!(parse_bool("0"), Ok(false));
        assert_eq!(parse_bool("01"), Err(BOOL_EXPECTED));
    }
}
