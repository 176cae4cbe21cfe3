//! The report config (SPEC section 6): the same JSON object for the CLI, the JS
//! API and the page. Every field is optional; an unknown field or an invalid
//! value is an [`Error`] whose message names the field by its dotted path.

use super::error::Error;
use super::value::{hh_mm, iso_date};
use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Trend bucket size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Local calendar days.
    Day,
    /// ISO weeks, Monday to Monday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
}

impl Granularity {
    /// The name used in the report.
    pub fn id(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
        }
    }
}

/// `[start, end)` as local dates: each means local midnight in `time_zone`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// First day in the period.
    pub start: NaiveDate,
    /// First day after the period.
    pub end: NaiveDate,
}

/// Business hours: `days` × [`start`, `end`) local time, minus `holidays`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessHours {
    /// Working weekdays.
    pub days: Vec<Weekday>,
    /// Local opening time.
    pub start: NaiveTime,
    /// Local closing time (after `start`).
    pub end: NaiveTime,
    /// Local dates that are closed all day.
    pub holidays: Vec<NaiveDate>,
}

/// SLA targets of one priority, in seconds; `None` falls back to `default`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaTarget {
    /// First-response target, seconds of calendar time.
    pub first_response: Option<f64>,
    /// Resolution target, seconds of calendar time.
    pub resolution: Option<f64>,
}

/// A goal's target: an absolute value or a change relative to the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Target {
    /// The target value itself.
    Absolute(f64),
    /// target = baseline · (1 + r).
    Relative(f64),
}

/// A goal (SPEC section 5).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Unique id, referenced by children's `parent`.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Metric id, with the statistic for distributions (`....median`); absent
    /// for a goal that only groups its children.
    #[serde(default)]
    pub metric: Option<String>,
    /// Column → value filters (e.g. `{"team": "Billing"}`).
    #[serde(default)]
    pub filter: BTreeMap<String, String>,
    /// The target.
    #[serde(default)]
    pub target: Option<Target>,
    /// The baseline period.
    #[serde(default, deserialize_with = "de_opt_range")]
    pub baseline: Option<DateRange>,
    /// When work towards the goal starts.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub start: Option<NaiveDate>,
    /// When the target is due.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub deadline: Option<NaiveDate>,
    /// Parent goal id.
    #[serde(default)]
    pub parent: Option<String>,
}

/// QA settings.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QaConfig {
    /// Criteria whose failure sets the review's score to 0 (header names, matched case-insensitively).
    #[serde(default)]
    pub critical: Vec<String>,
}

/// The whole config, validated. Build it with [`Config::from_json`] or `Config::default()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Zone that places local timestamps and cuts days.
    pub time_zone: Tz,
    /// The period; `None`: from the data.
    pub period: Option<DateRange>,
    /// Trend bucket size; `None`: no trend.
    pub granularity: Option<Granularity>,
    /// Breakdown columns.
    pub group_by: Vec<String>,
    /// Business hours; `None`: vendor business durations are used where given.
    pub business_hours: Option<BusinessHours>,
    /// SLA targets per priority (lower-cased), with `default`.
    pub sla: BTreeMap<String, SlaTarget>,
    /// CSAT scale 1..N.
    pub csat_scale: u32,
    /// CES scale 1..N.
    pub ces_scale: u32,
    /// Whether a higher CES score means easier.
    pub ces_higher_is_easier: bool,
    /// Service-level answer threshold, seconds.
    pub service_level_seconds: f64,
    /// Abandons waiting less than this are not offered calls, seconds.
    pub short_abandon_seconds: f64,
    /// Repeat-contact window for FCR, days.
    pub repeat_contact_days: f64,
    /// Order-form inactivity window, days.
    pub inactivity_days: f64,
    /// Case-insensitive substrings of tags / category that mark a complaint.
    pub complaint_keywords: Vec<String>,
    /// QA settings.
    pub qa: QaConfig,
    /// Goals.
    pub goals: Vec<Goal>,
}

/// The default complaint keywords (en, sv, nb, bg, tr).
pub const DEFAULT_COMPLAINT_KEYWORDS: [&str; 5] =
    ["complaint", "klagomål", "klage", "оплакване", "şikayet"];

impl Default for Config {
    fn default() -> Config {
        Config {
            time_zone: Tz::UTC,
            period: None,
            granularity: None,
            group_by: Vec::new(),
            business_hours: None,
            sla: BTreeMap::new(),
            csat_scale: 5,
            ces_scale: 7,
            ces_higher_is_easier: true,
            service_level_seconds: 20.0,
            short_abandon_seconds: 0.0,
            repeat_contact_days: 7.0,
            inactivity_days: 90.0,
            complaint_keywords: DEFAULT_COMPLAINT_KEYWORDS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            qa: QaConfig::default(),
            goals: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    #[serde(deserialize_with = "de_date")]
    start: NaiveDate,
    #[serde(deserialize_with = "de_date")]
    end: NaiveDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBusinessHours {
    days: Vec<String>,
    start: String,
    end: String,
    #[serde(default)]
    holidays: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    time_zone: Option<String>,
    period: Option<RawPeriod>,
    granularity: Option<Granularity>,
    group_by: Option<Vec<String>>,
    business_hours: Option<RawBusinessHours>,
    sla: Option<BTreeMap<String, SlaTarget>>,
    csat_scale: Option<u32>,
    ces_scale: Option<u32>,
    ces_higher_is_easier: Option<bool>,
    service_level_seconds: Option<f64>,
    short_abandon_seconds: Option<f64>,
    repeat_contact_days: Option<f64>,
    inactivity_days: Option<f64>,
    complaint_keywords: Option<Vec<String>>,
    qa: Option<QaConfig>,
    goals: Option<Vec<Goal>>,
}

fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = String::deserialize(d)?;
    iso_date(&s).ok_or_else(|| {
        serde::de::Error::custom(format!("\"{s}\" is not a date (expected YYYY-MM-DD)"))
    })
}

fn de_opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    de_date(d).map(Some)
}

fn de_opt_range<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<DateRange>, D::Error> {
    let p = RawPeriod::deserialize(d)?;
    if p.end <= p.start {
        return Err(serde::de::Error::custom("end must be after start"));
    }
    Ok(Some(DateRange {
        start: p.start,
        end: p.end,
    }))
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s.to_ascii_lowercase().as_str() {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn parse_clock(s: &str) -> Option<NaiveTime> {
    if s == "24:00" {
        return NaiveTime::from_hms_opt(23, 59, 59);
    }
    hh_mm(s)
}

fn non_negative(field: &str, v: Option<f64>, default: f64) -> Result<f64, Error> {
    match v {
        None => Ok(default),
        Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Some(x) => Err(Error::config(field, format!("{x} must be a number ≥ 0"))),
    }
}

fn scale(field: &str, v: Option<u32>, default: u32) -> Result<u32, Error> {
    match v {
        None => Ok(default),
        Some(n) if (2..=100).contains(&n) => Ok(n),
        Some(n) => Err(Error::config(
            field,
            format!("{n} must be between 2 and 100"),
        )),
    }
}

impl Config {
    /// Parse and validate a config JSON text.
    pub fn from_json(text: &str) -> Result<Config, Error> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let raw: RawConfig = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." { String::new() } else { path };
            Error::config(field, e.inner().to_string())
        })?;
        Config::validate(raw)
    }

    fn validate(raw: RawConfig) -> Result<Config, Error> {
        let d = Config::default();
        let time_zone = match raw.time_zone {
            None => d.time_zone,
            Some(name) => name.parse::<Tz>().map_err(|_| {
                Error::config(
                    "time_zone",
                    format!("\"{name}\" is not an IANA time zone name (e.g. Europe/Oslo)"),
                )
            })?,
        };
        let period = match raw.period {
            None => None,
            Some(p) if p.end > p.start => Some(DateRange {
                start: p.start,
                end: p.end,
            }),
            Some(_) => return Err(Error::config("period.end", "must be after period.start")),
        };
        let business_hours = match raw.business_hours {
            None => None,
            Some(b) => {
                let mut days = Vec::new();
                for (i, s) in b.days.iter().enumerate() {
                    let day = parse_weekday(s).ok_or_else(|| {
                        Error::config(
                            format!("business_hours.days[{i}]"),
                            format!("\"{s}\" is not a weekday (mon, tue, ..., sun)"),
                        )
                    })?;
                    days.push(day);
                }
                let start = parse_clock(&b.start).ok_or_else(|| {
                    Error::config(
                        "business_hours.start",
                        format!("\"{}\" is not HH:MM", b.start),
                    )
                })?;
                let end = parse_clock(&b.end).ok_or_else(|| {
                    Error::config("business_hours.end", format!("\"{}\" is not HH:MM", b.end))
                })?;
                if end <= start {
                    return Err(Error::config(
                        "business_hours.end",
                        "must be after business_hours.start",
                    ));
                }
                let mut holidays = Vec::new();
                for (i, s) in b.holidays.iter().enumerate() {
                    holidays.push(iso_date(s).ok_or_else(|| {
                        Error::config(
                            format!("business_hours.holidays[{i}]"),
                            format!("\"{s}\" is not a date (expected YYYY-MM-DD)"),
                        )
                    })?);
                }
                // Kept as given: BusinessClock sorts its own day numbers.
                Some(BusinessHours {
                    days,
                    start,
                    end,
                    holidays,
                })
            }
        };
        let mut sla = BTreeMap::new();
        for (priority, target) in raw.sla.unwrap_or_default() {
            for (name, v) in [
                ("first_response", target.first_response),
                ("resolution", target.resolution),
            ] {
                non_negative(&format!("sla.{priority}.{name}"), v, 0.0)?;
            }
            sla.insert(priority.to_lowercase(), target);
        }
        let goals = raw.goals.unwrap_or_default();
        for (i, g) in goals.iter().enumerate() {
            if goals[..i].iter().any(|o| o.id == g.id) {
                return Err(Error::config(
                    format!("goals[{i}].id"),
                    format!("\"{}\" is used twice", g.id),
                ));
            }
        }
        Ok(Config {
            time_zone,
            period,
            granularity: raw.granularity,
            group_by: raw.group_by.unwrap_or_default(),
            business_hours,
            sla,
            csat_scale: scale("csat_scale", raw.csat_scale, d.csat_scale)?,
            ces_scale: scale("ces_scale", raw.ces_scale, d.ces_scale)?,
            ces_higher_is_easier: raw.ces_higher_is_easier.unwrap_or(d.ces_higher_is_easier),
            service_level_seconds: non_negative(
                "service_level_seconds",
                raw.service_level_seconds,
                d.service_level_seconds,
            )?,
            short_abandon_seconds: non_negative(
                "short_abandon_seconds",
                raw.short_abandon_seconds,
                d.short_abandon_seconds,
            )?,
            repeat_contact_days: non_negative(
                "repeat_contact_days",
                raw.repeat_contact_days,
                d.repeat_contact_days,
            )?,
            inactivity_days: non_negative(
                "inactivity_days",
                raw.inactivity_days,
                d.inactivity_days,
            )?,
            complaint_keywords: raw
                .complaint_keywords
                .map(|ks| {
                    ks.into_iter()
                        .map(|k| k.to_lowercase())
                        .filter(|k| !k.is_empty())
                        .collect()
                })
                .unwrap_or(d.complaint_keywords),
            qa: raw.qa.unwrap_or_default(),
            goals,
        })
    }

    /// Add goals (e.g. from a goals CSV) after those of the config; ids must stay unique.
    pub fn add_goals(&mut self, goals: Vec<Goal>) -> Result<(), Error> {
        for goal in goals {
            if self.goals.iter().any(|g| g.id == goal.id) {
                return Err(Error::config(
                    format!("goals[{}].id", self.goals.len()),
                    format!("\"{}\" is used twice", goal.id),
                ));
            }
            self.goals.push(goal);
        }
        Ok(())
    }

    /// The SLA target (seconds) of `priority` for first response or resolution,
    /// falling back to `default` field by field.
    pub fn sla_target(&self, priority: Option<&str>, resolution: bool) -> Option<f64> {
        let pick = |t: &SlaTarget| {
            if resolution {
                t.resolution
            } else {
                t.first_response
            }
        };
        priority
            .and_then(|p| self.sla.get(&p.to_lowercase()))
            .and_then(pick)
            .or_else(|| self.sla.get("default").and_then(pick))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example_parses() {
        let c = Config::from_json(
            r#"{"time_zone": "Europe/Oslo", "period": {"start": "2026-01-01", "end": "2026-07-01"},
             "granularity": "month", "group_by": ["agent", "channel"],
             "business_hours": {"days": ["mon","tue","wed","thu","fri"], "start": "08:00", "end": "16:00", "holidays": ["2026-05-17"]},
             "sla": {"default": {"first_response": 14400, "resolution": 172800}, "urgent": {"first_response": 3600}},
             "csat_scale": 5, "ces_scale": 7, "ces_higher_is_easier": true,
             "service_level_seconds": 20, "short_abandon_seconds": 0,
             "repeat_contact_days": 7, "inactivity_days": 90,
             "complaint_keywords": ["complaint", "klagomål", "klage", "оплакване", "şikayet"],
             "qa": {"critical": []}, "goals": []}"#,
        )
        .unwrap();
        assert_eq!(c.time_zone, chrono_tz::Europe::Oslo);
        assert_eq!(c.granularity, Some(Granularity::Month));
        assert_eq!(c.sla_target(Some("Urgent"), false), Some(3600.0));
        assert_eq!(c.sla_target(Some("urgent"), true), Some(172800.0));
        assert_eq!(c.sla_target(None, true), Some(172800.0));
        assert_eq!(c.business_hours.unwrap().days.len(), 5);
    }

    #[test]
    fn empty_object_is_the_default() {
        assert_eq!(Config::from_json("{}").unwrap(), Config::default());
    }

    fn err(json: &str) -> String {
        Config::from_json(json).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_the_field() {
        assert!(err(r#"{"colour": 1}"#).contains("unknown field `colour`"));
        assert!(err(r#"{"time_zone": "Mars/Base"}"#).starts_with("config field \"time_zone\""));
        assert!(err(r#"{"sla": {"urgent": {"first_respons": 1}}}"#)
            .starts_with("config field \"sla.urgent.first_respons\": unknown field"));
        assert!(err(r#"{"sla": {"urgent": {"first_response": "x"}}}"#)
            .starts_with("config field \"sla.urgent.first_response\""));
        assert!(
            err(r#"{"period": {"start": "2026-02-01", "end": "2026-01-01"}}"#)
                .starts_with("config field \"period.end\"")
        );
        assert!(err(r#"{"granularity": "year"}"#).starts_with("config field \"granularity\""));
        assert!(err(
            r#"{"business_hours": {"days": ["mon", "funday"], "start": "08:00", "end": "16:00"}}"#
        )
        .starts_with("config field \"business_hours.days[1]\""));
        assert!(err(r#"{"csat_scale": 1}"#).starts_with("config field \"csat_scale\""));
        assert!(err(r#"{"repeat_contact_days": -1}"#)
            .starts_with("config field \"repeat_contact_days\""));
        assert!(
            err(r#"{"goals": [{"id": "a", "target": {"relative": -0.1, "absolute": 3}}]}"#)
                .contains("goals[0].target")
        );
    }
}
