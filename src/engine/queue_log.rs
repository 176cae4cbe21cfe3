//! Asterisk `queue_log`: an event log joined into one calls row per call.
//!
//! The file (`/var/log/asterisk/queue_log`) has no header row. Each line is
//! `time|callid|queuename|agent|event|data1|data2|…`: Unix seconds, the
//! caller channel's unique id (`NONE` for queue and agent events), the
//! queue, the member, the event and its parameters. It is recognised from
//! its first line ([`detect`]): Unix seconds, then a known event name in the
//! fifth field.
//!
//! # Joining
//!
//! Lines come in file order and are joined by `callid`. One visit of a call
//! to a queue, from its `ENTERQUEUE` to the event that ends it, is one row
//! of the calls table (SPEC section 1), pushed through a [`RowLoader`] as
//! soon as it ends, so only calls still in progress are held in memory:
//!
//! | column | from |
//! |---|---|
//! | `id` | `callid`; a second visit of the same call (say a transfer to another queue) is `callid#2` |
//! | `started_at`, `queue`, `customer_id` | `ENTERQUEUE`: its time, queue and caller id (`data2`) |
//! | `answered_at`, `agent` | `CONNECT`: its time and member (`Local/1001@agents/n` → `Local/1001@agents`) |
//! | `wait_seconds` | `CONNECT` holdtime (`data1`); else the end event's holdtime or waittime |
//! | `talk_seconds` | calltime of `COMPLETEAGENT` / `COMPLETECALLER` (`data2`) or of a transfer |
//! | `ended_at` | the time of the end event |
//! | `abandoned` | yes for `ABANDON`, `EXITWITHTIMEOUT`, `EXITEMPTY`, `EXITWITHKEY` (the caller left unanswered, as Asterisk's own abandon count has it) |
//! | `transferred` | yes for `TRANSFER`, `BLINDTRANSFER`, `ATTENDEDTRANSFER` |
//!
//! Parameter positions (Asterisk's queue log documentation and `app_queue.c`):
//! `CONNECT(holdtime|bridged uniqueid|ringtime)`,
//! `COMPLETE*(holdtime|calltime|origposition)`,
//! `TRANSFER` / `BLINDTRANSFER(extension|context|holdtime|calltime|origposition)`,
//! `ATTENDEDTRANSFER(method|…|holdtime|calltime|origposition)` (the method
//! takes one or two fields, so its numbers are counted from the end),
//! `ABANDON` / `EXITWITHTIMEOUT` / `EXITEMPTY(position|origposition|waittime)`,
//! `EXITWITHKEY(key|position|origposition|waittime)`. Older versions write
//! fewer parameters; a missing one is an empty cell (the wait is then derived
//! from the timestamps, SPEC section 1).
//!
//! # Rows
//!
//! A row of a queue_log is a call, reported at the line of its
//! `ENTERQUEUE`; its other lines (`CONNECT`, `RINGNOANSWER`, the end event …)
//! belong to it. Lines of queue and agent events (`QUEUESTART`,
//! `AGENTLOGIN`, `ADDMEMBER`, `PAUSE`, …, and `JOINEMPTY` / `JOINUNAVAIL`,
//! whose caller never entered the queue) are not rows, as a header line is
//! not. Every line that should belong to a call but cannot be used is a row
//! of its own, skipped with one `missing_required` issue naming the line and
//! value: an unknown event, a time that is not a timestamp, fewer than five
//! fields, a call event whose call has no `ENTERQUEUE` before it (a log that
//! starts mid-call). A call still waiting when the log ends (or when its
//! `callid` enters a queue again) has no outcome: it is skipped with one
//! issue at its `ENTERQUEUE`; one that was answered is kept, with its talk
//! time and end empty. So `inputs[].rows` = calls + lines left out, and
//! every row is either in the table or counted in `skipped`, as for a CSV.
//! A parameter that is not a number of seconds is a `bad_duration` issue at
//! its own line and the cell is empty.
//!
//! # Memory
//!
//! Besides the calls table: the calls in progress, and each callid seen
//! (to number a call's later visits), so a few dozen bytes per call.

use super::adapters::Conv;
use super::error::{Error, ErrorKind, Issue, IssueKind, IssueLog};
use super::load::{InputInfo, LoadOptions, LoadedFile, RowLoader};
use super::schema::TableKind;
use super::table::Map;
use super::value::{parse_duration, parse_ts, TsValue};
use std::collections::BTreeMap;

/// The format name in `inputs[].format`.
pub const FORMAT: &str = "asterisk_queue_log";

/// What the report's `inputs[].definitions` says about a queue_log.
const DEFINITIONS: &[&str] = &[
    "Asterisk queue_log (no header row: recognised from its shape): events joined by callid into one call per queue visit; every call is inbound",
    "abandoned: ABANDON, EXITWITHTIMEOUT, EXITEMPTY or EXITWITHKEY (as Asterisk counts abandons); wait: CONNECT holdtime, else the waittime of the exit; talk: calltime of COMPLETEAGENT / COMPLETECALLER or of a transfer",
    "rows: one per call plus each line that could not be joined; queue and agent events (QUEUESTART, AGENTLOGIN, PAUSE, …) and JOINEMPTY / JOINUNAVAIL are not rows",
];

/// The calls columns a row is given in, and where each comes from
/// (`inputs[].columns`).
const COLUMNS: [(&str, &str); 11] = [
    ("id", "callid"),
    ("started_at", "ENTERQUEUE time"),
    ("answered_at", "CONNECT time"),
    ("ended_at", "time of the end event"),
    (
        "wait_seconds",
        "CONNECT holdtime, else the end event's holdtime or waittime",
    ),
    (
        "talk_seconds",
        "calltime of COMPLETEAGENT, COMPLETECALLER or a transfer",
    ),
    ("agent", "agent of CONNECT"),
    ("queue", "queuename of ENTERQUEUE"),
    ("customer_id", "callerid of ENTERQUEUE"),
    (
        "abandoned",
        "ABANDON, EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY",
    ),
    ("transferred", "TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER"),
];

/// Fields before the event parameters: time, callid, queue, agent, event.
const FIXED_FIELDS: usize = 5;

/// What an event does to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    /// `ENTERQUEUE`: a call's visit starts.
    Enter,
    /// `CONNECT`: an agent answered.
    Connect,
    /// Part of a call that changes none of its columns (`RINGNOANSWER` …).
    During,
    /// The visit ends: answered and completed, transferred, or abandoned.
    End(Outcome),
    /// A queue or agent event, or a caller that never entered: not a call.
    NotCall,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Completed,
    Transferred,
    Abandoned,
}

impl Event {
    /// The event named `name` (upper case, as Asterisk writes it), if known.
    fn of(name: &str) -> Option<Event> {
        use Event::*;
        use Outcome::*;
        Some(match name {
            "ENTERQUEUE" => Enter,
            "CONNECT" => Connect,
            "RINGNOANSWER" | "RINGCANCELED" | "AGENTDUMP" | "SYSCOMPAT" => During,
            "COMPLETEAGENT" | "COMPLETECALLER" => End(Completed),
            "TRANSFER" | "BLINDTRANSFER" | "ATTENDEDTRANSFER" => End(Transferred),
            "ABANDON" | "EXITWITHTIMEOUT" | "EXITEMPTY" | "EXITWITHKEY" => End(Abandoned),
            "QUEUESTART"
            | "CONFIGRELOAD"
            | "AGENTLOGIN"
            | "AGENTLOGOFF"
            | "AGENTCALLBACKLOGIN"
            | "AGENTCALLBACKLOGOFF"
            | "ADDMEMBER"
            | "REMOVEMEMBER"
            | "PAUSE"
            | "UNPAUSE"
            | "PAUSEALL"
            | "UNPAUSEALL"
            | "PENALTY"
            | "DID"
            | "INFO"
            | "JOINEMPTY"
            | "JOINUNAVAIL" => NotCall,
            _ => return None,
        })
    }
}

/// Whether `fields`, the first record of a file, is a queue_log line: Unix
/// seconds (9 or 10 digits), a callid, and a known event in the fifth field.
pub fn detect(fields: &[String]) -> bool {
    let unix = |s: &str| (9..=10).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    fields.len() >= FIXED_FIELDS
        && unix(&fields[0])
        && !fields[1].is_empty()
        && Event::of(&fields[4]).is_some()
}

/// A call in a queue whose end has not been read yet.
struct Call {
    /// Row id: the callid, `#n` added for its n-th visit (n ≥ 2).
    id: String,
    /// Line of its `ENTERQUEUE`.
    line: u64,
    started: String,
    queue: String,
    caller: String,
    answered: String,
    agent: String,
    wait: String,
    talk: String,
}

/// Joins the lines of one queue_log into calls rows.
pub struct QueueLog {
    rows: RowLoader,
    /// Calls in a queue, by callid.
    open: Map<String, Call>,
    /// Visits started so far, by callid.
    visits: Map<String, u32>,
    issues: IssueLog,
    file: String,
    /// Rows read: calls, and lines left out.
    read: u64,
    /// Rows left out: lines, and calls without an outcome.
    skipped: u64,
}

impl QueueLog {
    /// Start joining `file_name`; `options` gives the time zone.
    pub fn new(file_name: &str, options: &LoadOptions) -> Result<QueueLog, Error> {
        let options = LoadOptions {
            kind: Some(TableKind::Calls),
            time_zone: options.time_zone,
            ..LoadOptions::default()
        };
        let mut rows = RowLoader::new(file_name, options);
        rows.push_row(0, COLUMNS.iter().map(|(name, _)| *name))?;
        Ok(QueueLog {
            rows,
            open: Map::default(),
            visits: Map::default(),
            issues: IssueLog::default(),
            file: file_name.to_string(),
            read: 0,
            skipped: 0,
        })
    }

    /// Read one line, split into its fields; `line` is its 1-based number.
    pub fn line(&mut self, fields: &[String], line: u64) -> Result<(), Error> {
        let field = |i: usize| fields.get(i).map_or("", |s| s.trim());
        if fields.len() < FIXED_FIELDS {
            let reason = format!(
                "a queue_log line has at least 5 fields (time|callid|queue|agent|event), not {}; the line is skipped",
                fields.len()
            );
            self.skip_line(line, "", &fields.join("|"), reason);
            return Ok(());
        }
        let name = field(4);
        let upper = name.to_ascii_uppercase();
        let Some(event) = Event::of(&upper) else {
            let reason = "not a queue_log event (ENTERQUEUE, CONNECT, COMPLETEAGENT, ABANDON, …); the line is skipped";
            self.skip_line(line, "event", name, reason.to_string());
            return Ok(());
        };
        if event == Event::NotCall {
            return Ok(());
        }
        let time = field(0);
        if !matches!(parse_ts(time), Ok(TsValue::Utc(_) | TsValue::Local { .. })) {
            let reason = "expected the time as Unix seconds; the line is skipped";
            self.skip_line(line, "time", time, reason.to_string());
            return Ok(());
        }
        let callid = field(1);
        if event == Event::Enter {
            if let Some(earlier) = self.open.remove(callid) {
                self.unfinished(earlier)?;
            }
            let visit = self.visits.entry(callid.to_string()).or_insert(0);
            *visit += 1;
            let id = match *visit {
                1 => callid.to_string(),
                n => format!("{callid}#{n}"),
            };
            self.read += 1;
            let call = Call {
                id,
                line,
                started: time.to_string(),
                queue: field(2).to_string(),
                caller: caller_id(field(6)).to_string(),
                answered: String::new(),
                agent: String::new(),
                wait: String::new(),
                talk: String::new(),
            };
            self.open.insert(callid.to_string(), call);
            return Ok(());
        }
        let Some(mut call) = self.open.remove(callid) else {
            let reason = format!(
                "{name} for a call with no ENTERQUEUE before it (the log may start mid-call); the line is skipped"
            );
            self.skip_line(line, "callid", callid, reason);
            return Ok(());
        };
        // Where the event keeps its holdtime (or waittime) and calltime.
        let n = fields.len();
        let (wait_at, talk_at) = match upper.as_str() {
            "CONNECT" => (Some(5), None),
            "COMPLETEAGENT" | "COMPLETECALLER" => (Some(5), Some(6)),
            "TRANSFER" | "BLINDTRANSFER" => (Some(7), Some(8)),
            "ATTENDEDTRANSFER" if n >= 10 => (Some(n - 3), Some(n - 2)),
            "ABANDON" | "EXITWITHTIMEOUT" | "EXITEMPTY" => (Some(7), None),
            "EXITWITHKEY" => (Some(8), None),
            _ => (None, None),
        };
        if let Some(i) = wait_at.filter(|_| call.wait.is_empty()) {
            let what = match event {
                Event::End(Outcome::Abandoned) => "waittime",
                _ => "holdtime",
            };
            call.wait = self.seconds(line, name, what, field(i));
        }
        if let Some(i) = talk_at {
            call.talk = self.seconds(line, name, "calltime", field(i));
        }
        if matches!(event, Event::Connect | Event::End(_)) && call.agent.is_empty() {
            call.agent = agent(field(3)).to_string();
        }
        match event {
            Event::Connect => {
                call.answered = time.to_string();
                self.open.insert(callid.to_string(), call);
                Ok(())
            }
            Event::End(outcome) => self.push(&call, time, outcome),
            _ => {
                self.open.insert(callid.to_string(), call);
                Ok(())
            }
        }
    }

    /// End of the log: calls still open are kept if answered, else skipped.
    pub fn finish(mut self, encoding: &str, delimiter: u8) -> Result<LoadedFile, Error> {
        let mut open: Vec<Call> = std::mem::take(&mut self.open).into_values().collect();
        open.sort_unstable_by_key(|c| c.line); // one open call per line
        for call in open {
            self.unfinished(call)?;
        }
        let QueueLog {
            rows,
            mut issues,
            file,
            read,
            skipped,
            ..
        } = self;
        let mut loaded = rows.finish().map_err(|e| match e.kind {
            ErrorKind::NoRows { .. } => Error::file(&file, ErrorKind::NoRows { rows: read }),
            _ => e,
        })?;
        issues.extend(&loaded.issues);
        loaded.issues = issues;
        // `extend` inserts one by one; `collect` would link a stable sort into the wasm.
        let mut columns = BTreeMap::new();
        columns.extend(
            COLUMNS
                .iter()
                .map(|(c, from)| (c.to_string(), from.to_string())),
        );
        loaded.info = InputInfo {
            format: FORMAT.to_string(),
            encoding: encoding.to_string(),
            delimiter: (delimiter as char).to_string(),
            rows: read,
            skipped: skipped + loaded.info.skipped,
            columns,
            definitions: DEFINITIONS.iter().map(|d| d.to_string()).collect(),
            ..loaded.info
        };
        Ok(loaded)
    }

    /// A call with no end event: kept when answered (still talking when the
    /// log ends), else skipped (still waiting: no outcome yet).
    fn unfinished(&mut self, call: Call) -> Result<(), Error> {
        if !call.answered.is_empty() {
            return self.push(&call, "", Outcome::Completed);
        }
        self.skipped += 1;
        self.issues.push(Issue::new(
            IssueKind::MissingRequired,
            &self.file,
            call.line,
            "event",
            "ENTERQUEUE",
            "the call has no CONNECT, ABANDON or EXIT… after its ENTERQUEUE (still waiting when the log ends); the call is skipped",
        ));
        Ok(())
    }

    /// Push the row of `call`, ended at `ended` (empty: not yet).
    fn push(&mut self, call: &Call, ended: &str, outcome: Outcome) -> Result<(), Error> {
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let cells = [
            call.id.as_str(),
            &call.started,
            &call.answered,
            ended,
            &call.wait,
            &call.talk,
            &call.agent,
            &call.queue,
            &call.caller,
            yes_no(outcome == Outcome::Abandoned),
            yes_no(outcome == Outcome::Transferred),
        ];
        self.rows.push_row(call.line, cells)
    }

    /// A line that cannot be used: a row of its own, skipped with one issue.
    fn skip_line(&mut self, line: u64, column: &str, value: &str, reason: String) {
        self.read += 1;
        self.skipped += 1;
        self.issues.push(Issue::new(
            IssueKind::MissingRequired,
            &self.file,
            line,
            column,
            value,
            reason,
        ));
    }

    /// A parameter in seconds, checked here so that an issue names its own
    /// line; empty (with a `bad_duration` issue) when it is not a duration.
    fn seconds(&mut self, line: u64, event: &str, what: &str, value: &str) -> String {
        if value.is_empty() || parse_duration(value).is_ok() {
            return value.to_string();
        }
        self.issues.push(Issue::new(
            IssueKind::BadDuration,
            &self.file,
            line,
            &format!("{event} {what}"),
            value,
            "expected seconds; left empty",
        ));
        String::new()
    }
}

/// The member as the agent: `NONE` is nobody, and a Local channel's options
/// are not part of its name (`Local/1001@agents/n` → `Local/1001@agents`).
fn agent(member: &str) -> &str {
    if Conv::Name.apply(member).is_empty() {
        return "";
    }
    let options = member.strip_prefix("Local/").and_then(|rest| {
        rest.find('@')
            .and_then(|at| rest[at..].find('/').map(|s| at + s))
    });
    match options {
        Some(end) => &member[.."Local/".len() + end],
        None => member,
    }
}

/// A caller id that names nobody (`anonymous`, `unknown`) is no customer.
fn caller_id(number: &str) -> &str {
    match number.to_ascii_lowercase().as_str() {
        "anonymous" | "unknown" | "restricted" | "private" | "none" => "",
        _ => number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Vec<String> {
        line.split('|').map(str::to_string).collect()
    }

    #[test]
    fn detects_the_first_line_of_a_queue_log() {
        assert!(detect(&fields("1772442000|NONE|NONE|NONE|QUEUESTART|")));
        assert!(detect(&fields(
            "1772442000|1772442000.1|support|NONE|ENTERQUEUE||5551001|1"
        )));
        assert!(!detect(&fields("1772442000|x|support|NONE|HELLO")));
        assert!(!detect(&fields("2026-03-02|x|support|NONE|ENTERQUEUE")));
        assert!(!detect(&fields("id|created_at")));
    }

    #[test]
    fn short_lines_reentries_and_old_formats() {
        use crate::engine::load::load;
        let log = "\
1772442000|a|q|NONE|ENTERQUEUE||555|1
1772442001|a|q
1772442030|a|q|NONE|ENTERQUEUE||555|1
1772442040|b|q|NONE|ENTERQUEUE||556|1
1772442050|b|q|NONE|EXITWITHKEY|5|1|1|10
1772442090|a|q|NONE|EXITWITHTIMEOUT|1
";
        let f = load("queue_log", log.as_bytes(), LoadOptions::default()).unwrap();
        // Rows: line 2 (4 fields), call a (no outcome before it enters
        // again), a#2 (timeout), b (key): two kept.
        assert_eq!((f.info.rows, f.info.skipped, f.table.rows), (4, 2, 2));
        let lines: Vec<u64> = f.issues.examples.iter().map(|i| i.line).collect();
        assert_eq!(lines, [2, 1]);
        let ids = f.table.str("id").unwrap();
        assert_eq!((ids.get(0), ids.get(1)), (Some("b"), Some("a#2")));
        // EXITWITHKEY's waittime is its fourth parameter; an old
        // EXITWITHTIMEOUT has only the position, so the wait is empty (the
        // KPIs derive it from the timestamps).
        let wait = f.table.dur("wait_seconds").unwrap();
        assert_eq!(wait.get(0), 10.0);
        assert!(wait.get(1).is_nan());
    }

    #[test]
    fn agents() {
        assert_eq!(agent("Local/1001@agents/n"), "Local/1001@agents");
        assert_eq!(agent("Local/1001@agents"), "Local/1001@agents");
        assert_eq!(agent("SIP/1001"), "SIP/1001");
        assert_eq!(agent("NONE"), "");
        assert_eq!(agent("Alice"), "Alice");
    }
}
