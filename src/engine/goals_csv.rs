//! Goals from a CSV file, one goal per row (SPEC section 5: "loadable from
//! JSON or a CSV"). Columns, by header (any order, case-insensitive; only
//! `id` is required):
//!
//! | column | example | meaning |
//! |---|---|---|
//! | id | `complaints-15` | unique id |
//! | name | `Reduce complaints by 15 %` | display name |
//! | metric | `tickets.complaints` | metric id (with `.median` etc. for distributions); empty for a grouping goal |
//! | filter | `team=Billing; channel=email` | column=value pairs, `;`-separated |
//! | target | `-15%` or `3600` | a percentage is relative to the baseline, a plain number absolute |
//! | baseline_start, baseline_end | `2026-01-01` | the baseline period `[start, end)` |
//! | start, deadline | `2026-04-01` | the timetable |
//! | parent | `vision` | parent goal id |
//!
//! The file is UTF-8 (a BOM is allowed), separated by `,` or `;`.

use super::config::{DateRange, Goal, Target};
use super::error::{Error, ErrorKind, Position};
use super::value::iso_date;
use chrono::NaiveDate;
use std::collections::BTreeMap;

const COLUMNS: [&str; 10] = [
    "id",
    "name",
    "metric",
    "filter",
    "target",
    "baseline_start",
    "baseline_end",
    "start",
    "deadline",
    "parent",
];

fn error(file: &str, line: u64, column: &str, message: String) -> Error {
    Error {
        kind: ErrorKind::Config {
            field: column.to_string(),
            message,
        },
        pos: Some(Position {
            file: file.to_string(),
            line,
            column: Some(column.to_string()),
        }),
    }
}

/// Split `text` into records of fields with csv-core; each record with its first line.
fn records(text: &str, delimiter: u8) -> Vec<(u64, Vec<String>)> {
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let (mut input, mut out, mut ends) = (
        text.as_bytes(),
        vec![0u8; text.len() + 1],
        vec![0usize; 1024],
    );
    let mut rows = Vec::new();
    loop {
        let line = reader.line();
        let (result, nin, _, nend) = reader.read_record(input, &mut out, &mut ends);
        input = &input[nin..];
        match result {
            csv_core::ReadRecordResult::Record => {
                let mut start = 0;
                let fields = ends[..nend]
                    .iter()
                    .map(|&end| {
                        let field = String::from_utf8_lossy(&out[start..end]).trim().to_string();
                        start = end;
                        field
                    })
                    .collect::<Vec<_>>();
                if fields.iter().any(|f| !f.is_empty()) {
                    rows.push((line, fields));
                }
            }
            csv_core::ReadRecordResult::End => return rows,
            // `out` holds the whole text and `ends` grows, so only InputEmpty remains.
            csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::OutputFull => {}
        }
    }
}

fn date(file: &str, line: u64, column: &str, value: &str) -> Result<Option<NaiveDate>, Error> {
    if value.is_empty() {
        return Ok(None);
    }
    iso_date(value).map(Some).ok_or_else(|| {
        error(
            file,
            line,
            column,
            format!("\"{value}\" is not a date (expected YYYY-MM-DD)"),
        )
    })
}

fn target(file: &str, line: u64, value: &str) -> Result<Option<Target>, Error> {
    if value.is_empty() {
        return Ok(None);
    }
    let bad = || {
        error(
            file,
            line,
            "target",
            format!("\"{value}\" is not a number or a percentage such as -15%"),
        )
    };
    match value.strip_suffix('%') {
        Some(pct) => {
            let r: f64 = pct.trim().replace(',', ".").parse().map_err(|_| bad())?;
            Ok(Some(Target::Relative(r / 100.0)))
        }
        None => {
            let x: f64 = value.replace(',', ".").parse().map_err(|_| bad())?;
            Ok(Some(Target::Absolute(x)))
        }
    }
}

/// Read the goals of a goals CSV named `file`.
pub fn goals_from_csv(file: &str, text: &str) -> Result<Vec<Goal>, Error> {
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rows = records(text, delimiter).into_iter();
    let Some((_, headers)) = rows.next() else {
        return Err(Error::file(file, ErrorKind::Empty));
    };
    let index: BTreeMap<&str, usize> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let h = super::schema::normalize_header(h);
            COLUMNS.iter().find(|c| **c == h).map(|c| (*c, i))
        })
        .collect();
    if !index.contains_key("id") {
        return Err(Error::file(
            file,
            ErrorKind::MissingColumns {
                kind: "goals",
                missing: vec!["id"],
                found: headers,
            },
        ));
    }
    let mut goals = Vec::new();
    for (line, fields) in rows {
        let get = |c: &str| {
            index
                .get(c)
                .and_then(|&i| fields.get(i))
                .map_or("", String::as_str)
        };
        let text = |c: &str| Some(get(c).to_string()).filter(|s| !s.is_empty());
        let mut filter = BTreeMap::new();
        for pair in get("filter")
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let Some((k, v)) = pair.split_once('=') else {
                return Err(error(
                    file,
                    line,
                    "filter",
                    format!("\"{pair}\" is not column=value"),
                ));
            };
            filter.insert(k.trim().to_string(), v.trim().to_string());
        }
        let baseline = match (
            date(file, line, "baseline_start", get("baseline_start"))?,
            date(file, line, "baseline_end", get("baseline_end"))?,
        ) {
            (Some(start), Some(end)) if end > start => Some(DateRange { start, end }),
            (None, None) => None,
            _ => {
                return Err(error(
                    file,
                    line,
                    "baseline_end",
                    "give both baseline_start and baseline_end, the end after the start".into(),
                ))
            }
        };
        let Some(id) = text("id") else {
            return Err(error(file, line, "id", "every goal needs an id".into()));
        };
        goals.push(Goal {
            id,
            name: text("name"),
            metric: text("metric"),
            filter,
            target: target(file, line, get("target"))?,
            baseline,
            start: date(file, line, "start", get("start"))?,
            deadline: date(file, line, "deadline", get("deadline"))?,
            parent: text("parent"),
        });
    }
    Ok(goals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_column() {
        let csv = "\u{feff}Id;Name;Metric;Filter;Target;Baseline start;Baseline end;Start;Deadline;Parent\n\
                   vision;Happy customers;;;;;;;;\n\
                   c15;\"Complaints -15 %\";tickets.complaints;team=Billing; -15%;2026-01-01;2026-04-01;2026-04-01;2026-10-01;vision\n\
                   frt;;tickets.first_response_seconds.median;;3600;;;;;\n";
        let goals = goals_from_csv("goals.csv", csv).unwrap();
        assert_eq!(goals.len(), 3);
        assert_eq!(goals[0].metric, None);
        let c = &goals[1];
        assert_eq!(c.name.as_deref(), Some("Complaints -15 %"));
        assert_eq!(c.filter.get("team").map(String::as_str), Some("Billing"));
        assert_eq!(c.target, Some(Target::Relative(-0.15)));
        assert_eq!(
            c.baseline.unwrap().end,
            NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()
        );
        assert_eq!(c.parent.as_deref(), Some("vision"));
        assert_eq!(goals[2].target, Some(Target::Absolute(3600.0)));
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let e = goals_from_csv("g.csv", "id,target\na,lots\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "g.csv:2: config field \"target\": \"lots\" is not a number or a percentage such as -15%"
        );
        let e = goals_from_csv("g.csv", "name\nx\n").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("g.csv: cannot read as goals: no column for \"id\""));
    }
}
