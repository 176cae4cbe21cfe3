//! Vendor adapters: real exports mapped onto the canonical tables with no setup.
//!
//! An [`Adapter`] is a header fingerprint (normalised headers that must all be
//! present, each with alternatives), a column mapping (canonical column →
//! vendor headers) and, per mapped column, a [`Conv`]: a value conversion run
//! on the cell text before the typed step (minutes → seconds, stations − 1,
//! channel / status / priority / rating words normalised). Files are told apart
//! by their headers only, never by their names; the tests check that every
//! fixture is claimed by its own adapter and no other.
//!
//! Multi-row headers (SurveyMonkey 2 rows, Qualtrics 3) are read whole before
//! the mapping is made; a preamble line (`Reporting period …` in Chatwoot
//! downloads, Excel's `sep=;`) is skipped wherever it appears. Survey exports
//! name their questions in free text: the NPS, CSAT and CES questions are found
//! from words in the question ("recommend", "satisfied", "easy", and the same in
//! sv, nb, bg and tr).
//!
//! Facts marked unverified in the research notes (Help Scout, Intercom, Zoho
//! Desk, HubSpot, Genesys, Twilio, Delighted header spellings) are matched
//! tolerantly: several spellings per column and small fingerprints.

use super::schema::{self, Column, TableKind};
use std::borrow::Cow;

/// A conversion applied to a cell's text before it is typed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Conv {
    /// The text as it is.
    Keep,
    /// A duration multiplied by this factor (minutes: 60, hours: 3600).
    Scale(f64),
    /// Zendesk stations → transfers: n − 1, at least 0 (the first assignment
    /// is a station, not a transfer).
    Stations,
    /// Durations in milliseconds when the cell is a plain integer (HubSpot),
    /// else read as they are (`HH:MM:SS`).
    MillisIfInteger,
    /// Hours when the cell is a plain number (`1.5`), else read as it is
    /// (`HH:MM:SS`, Freshdesk's usual form).
    HoursIfNumber,
    /// Channel words → email, phone, chat, web, social, face_to_face, other.
    Channel,
    /// Status words → lower case, localised words in English.
    Status,
    /// Priority words → lower case, localised words in English; a leading
    /// rank number (`2 normal`, Zammad) is dropped.
    Priority,
    /// Rating words → good / bad (or the number / offered word as it is).
    Rating,
    /// Placeholders for "nobody" (`[None]`, `[Deleted]`, `-`) → empty.
    Name,
    /// A count read as yes/no: empty or 0 is no, more is yes (Five9 counts
    /// are empty when zero).
    CountFlag,
    /// The last path segment of a link (Chatwoot's link to the conversation).
    UrlTail,
    /// A dial channel as its peer: `SIP/2000-0000002a` → `SIP/2000`.
    Peer,
    /// An Asterisk disposition as abandoned: `ANSWERED` no, else yes.
    NotAnswered,
    /// A survey answer as a score: its leading number (`10 - Extremely
    /// likely` → 10), else a satisfaction label on a 1–5 scale (`Very
    /// satisfied` → 5 … `Very dissatisfied` → 1).
    Score,
}

impl Conv {
    /// Convert one cell's text. A cell that cannot be converted is returned
    /// as it is, so the typed step reports it with its raw value.
    #[inline]
    pub fn apply(self, s: &str) -> Cow<'_, str> {
        // Inlined for `Keep` (most files), so that a cell read as it is costs
        // one branch, not a call returning a `Cow` through memory.
        match self {
            Conv::Keep => Cow::Borrowed(s),
            _ => self.convert(s),
        }
    }

    /// [`Conv::apply`] for every conversion but `Keep`.
    #[inline(never)]
    fn convert(self, s: &str) -> Cow<'_, str> {
        match self {
            Conv::Keep => Cow::Borrowed(s),
            _ if s.is_empty() && self != Conv::CountFlag => Cow::Borrowed(s),
            Conv::Scale(f) => match super::value::parse_duration(s) {
                Ok(x) => Cow::Owned(format!("{}", x * f)),
                Err(_) => Cow::Borrowed(s),
            },
            Conv::Stations => match s.trim().parse::<i64>() {
                Ok(n) => Cow::Owned((n - 1).max(0).to_string()),
                Err(_) => Cow::Borrowed(s),
            },
            Conv::MillisIfInteger => match s.trim().parse::<u64>() {
                Ok(ms) => Cow::Owned(format!("{}", ms as f64 / 1000.0)),
                Err(_) => Cow::Borrowed(s),
            },
            Conv::HoursIfNumber => match s.trim().parse::<f64>() {
                Ok(h) if h.is_finite() => Cow::Owned(format!("{}", h * 3600.0)),
                _ => Cow::Borrowed(s),
            },
            Conv::Channel => Cow::Borrowed(channel(s)),
            Conv::Status => word(s, STATUS_WORDS),
            Conv::Priority => {
                let t = s.trim();
                let t = t
                    .split_once(' ')
                    .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    .map_or(t, |(_, rest)| rest);
                Cow::Owned(word(t, PRIORITY_WORDS).into_owned())
            }
            Conv::Rating => rating(s),
            Conv::Name => {
                let t = s.trim();
                if matches!(
                    t.to_lowercase().as_str(),
                    "[none]" | "[deleted]" | "-" | "none" | "(none)" | "unassigned"
                ) {
                    Cow::Borrowed("")
                } else {
                    Cow::Borrowed(s)
                }
            }
            Conv::CountFlag => match s.trim() {
                "" => Cow::Borrowed("no"),
                t => match t.parse::<i64>() {
                    Ok(n) => Cow::Borrowed(if n > 0 { "yes" } else { "no" }),
                    Err(_) => Cow::Borrowed(s),
                },
            },
            Conv::Score => score(s),
            Conv::Peer => {
                let t = s.trim();
                Cow::Borrowed(t.rsplit_once('-').map_or(t, |(peer, _)| peer))
            }
            Conv::NotAnswered => Cow::Borrowed(if s.trim().eq_ignore_ascii_case("answered") {
                "no"
            } else {
                "yes"
            }),
            Conv::UrlTail => {
                let t = s.trim().trim_end_matches('/');
                Cow::Borrowed(t.rsplit('/').next().unwrap_or(t))
            }
        }
    }
}

/// Lower-case `s` and map it through `table` (localised word → English).
fn word<'a>(s: &'a str, table: &[(&str, &'static str)]) -> Cow<'a, str> {
    let lower = s.trim().to_lowercase();
    match table.iter().find(|(w, _)| *w == lower) {
        Some((_, to)) => Cow::Borrowed(to),
        None => Cow::Owned(lower),
    }
}

static STATUS_WORDS: &[(&str, &str)] = &[
    ("resolved", "solved"),
    ("on-hold", "hold"),
    ("on hold", "hold"),
    ("waiting on contact", "pending"),
    ("waiting on customer", "pending"),
    ("waiting on us", "open"),
    ("waiting on third party", "hold"),
    ("snoozed", "pending"),
    ("active", "open"),
    // sv
    ("ny", "new"),
    ("öppen", "open"),
    ("öppet", "open"),
    ("väntande", "pending"),
    ("pausad", "hold"),
    ("löst", "solved"),
    ("stängd", "closed"),
    ("stängt", "closed"),
    // nb
    ("nytt", "new"),
    ("åpen", "open"),
    ("åpent", "open"),
    ("venter", "pending"),
    ("ventende", "pending"),
    ("på vent", "hold"),
    ("løst", "solved"),
    ("lukket", "closed"),
    // bg
    ("нов", "new"),
    ("отворен", "open"),
    ("изчакващ", "pending"),
    ("чакащ", "pending"),
    ("задържан", "hold"),
    ("решен", "solved"),
    ("затворен", "closed"),
    // tr
    ("yeni", "new"),
    ("açık", "open"),
    ("beklemede", "pending"),
    ("askıda", "hold"),
    ("çözüldü", "solved"),
    ("çözülmüş", "solved"),
    ("kapalı", "closed"),
    ("kapatıldı", "closed"),
];

static PRIORITY_WORDS: &[(&str, &str)] = &[
    // sv
    ("brådskande", "urgent"),
    ("akut", "urgent"),
    ("hög", "high"),
    ("medel", "medium"),
    ("låg", "low"),
    // nb
    ("haster", "urgent"),
    ("kritisk", "urgent"),
    ("høy", "high"),
    ("middels", "medium"),
    ("lav", "low"),
    // bg
    ("спешен", "urgent"),
    ("спешно", "urgent"),
    ("висок", "high"),
    ("среден", "medium"),
    ("нормален", "normal"),
    ("нисък", "low"),
    // tr
    ("acil", "urgent"),
    ("yüksek", "high"),
    ("orta", "medium"),
    ("düşük", "low"),
];

/// The canonical channel of a vendor's channel value; unknown values are
/// `other`, empty stays empty.
pub fn channel(s: &str) -> &'static str {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return "";
    }
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&[
        "twitter",
        "facebook",
        "instagram",
        "whatsapp",
        "messenger",
        "social",
        "telegram",
        "wechat",
        "viber",
        "sosyal",
        "социал",
    ]) || t == "x"
    {
        "social"
    } else if has(&[
        "mail",
        "e-post",
        "epost",
        "e-posta",
        "eposta",
        "имейл",
        "поща",
    ]) {
        "email"
    } else if has(&[
        "voice",
        "phone",
        "call",
        "telefon",
        "телефон",
        "voicemail",
        "samtal",
        "arama",
        "обаждане",
    ]) {
        "phone"
    } else if has(&[
        "chat",
        "messaging",
        "sms",
        "чат",
        "sohbet",
        "canlı destek",
        "conversation",
    ]) {
        "chat"
    } else if has(&[
        "web",
        "form",
        "portal",
        "widget",
        "help center",
        "helpcenter",
        "уеб",
        "webb",
    ]) {
        "web"
    } else if has(&[
        "walk",
        "in person",
        "face",
        "counter",
        "besök",
        "oppmøte",
        "на място",
        "yüz yüze",
    ]) {
        "face_to_face"
    } else {
        "other"
    }
}

/// A survey answer as a score (see [`Conv::Score`]).
fn score(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return Cow::Borrowed(&t[..digits]);
    }
    let lower = t.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let very = has(&[
        "very",
        "extremely",
        "completely",
        "mycket",
        "svært",
        "veldig",
        "много",
        "çok",
    ]);
    let x = if has(&[
        "neutral",
        "neither",
        "varken",
        "verken",
        "неутрал",
        "nötr",
        "kararsız",
    ]) {
        "3"
    } else if has(&[
        "dissatisf",
        "unsatisf",
        "missnöjd",
        "misfornøyd",
        "недовол",
        "memnun değil",
    ]) {
        if very {
            "1"
        } else {
            "2"
        }
    } else if has(&["satisf", "nöjd", "fornøyd", "доволен", "memnun"]) {
        if very {
            "5"
        } else {
            "4"
        }
    } else {
        return Cow::Borrowed(s);
    };
    Cow::Borrowed(x)
}

/// A rating word as `good` / `bad`; numbers and "offered" words unchanged.
fn rating(s: &str) -> Cow<'_, str> {
    let t = s.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&[
        "dissatisf",
        "not satisf",
        "unhappy",
        "not good",
        "bad",
        "poor",
        "missnöjd",
        "misfornøyd",
    ]) {
        Cow::Borrowed("bad")
    } else if has(&["offered"]) {
        Cow::Borrowed(s)
    } else if has(&[
        "great",
        "good",
        "satisf",
        "happy",
        "awesome",
        "nöjd",
        "fornøyd",
        "доволен",
        "memnun",
    ]) {
        Cow::Borrowed("good")
    } else if has(&["okay", "neutral", "ok"]) {
        Cow::Borrowed("bad")
    } else {
        Cow::Borrowed(s)
    }
}

/// One vendor format.
#[derive(Debug)]
pub struct Adapter {
    /// Name in the report's `inputs[].format`.
    pub name: &'static str,
    /// The canonical table its files become.
    pub kind: TableKind,
    /// Normalised headers that must all be present; each entry lists
    /// alternatives (any one will do).
    pub fingerprint: &'static [&'static [&'static str]],
    /// Header rows in all (SurveyMonkey 2, Qualtrics 3).
    pub header_rows: usize,
    /// Which header row holds the question text (0-based), for surveys.
    pub question_row: Option<usize>,
    /// Canonical column, its vendor headers (normalised, first present wins),
    /// and the conversion of its values.
    pub columns: &'static [(&'static str, &'static [&'static str], Conv)],
    /// Where the vendor's definition differs from ours, in a few words.
    pub definitions: &'static [&'static str],
}

use Conv::*;
use TableKind::*;

const MIN: Conv = Scale(60.0);

/// Every adapter. Order does not matter: fingerprints are disjoint (tested).
pub static ADAPTERS: &[Adapter] = &[
    Adapter {
        name: "zendesk",
        kind: Tickets,
        fingerprint: &[
            &["id"],
            &["created_at"],
            &["via"],
            &["first_reply_time_in_minutes", "group_stations"],
        ],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["id"], Keep),
            ("created_at", &["created_at"], Keep),
            ("solved_at", &["solved_at"], Keep),
            ("status", &["status"], Status),
            ("channel", &["via"], Channel),
            ("agent", &["assignee"], Name),
            ("team", &["group"], Name),
            ("priority", &["priority"], Priority),
            ("category", &["ticket_type"], Keep),
            ("customer_id", &["requester_email", "requester_id", "requester"], Keep),
            ("replies", &["replies"], Keep),
            ("reopens", &["reopens"], Keep),
            ("transfers", &["assignee_stations", "group_stations"], Stations),
            ("first_response_seconds", &["first_reply_time_in_minutes"], MIN),
            ("resolution_seconds", &["full_resolution_time_in_minutes"], MIN),
            (
                "first_response_business_seconds",
                &["first_reply_time_in_minutes_within_business_hours"],
                MIN,
            ),
            (
                "resolution_business_seconds",
                &["full_resolution_time_in_minutes_within_business_hours"],
                MIN,
            ),
            ("satisfaction", &["satisfaction_score"], Rating),
            ("tags", &["tags"], Keep),
        ],
        definitions: &[
            "first response: Zendesk's \"First reply time in minutes\" (first public agent comment), in seconds",
            "resolution: Zendesk's \"Full resolution time in minutes\" (creation to the last solve, reopen cycles included)",
            "business-hours durations: Zendesk's \"… within business hours\" columns unless the config sets business_hours",
            "one-touch: solved with 0 or 1 agent replies (Zendesk's definition)",
            "transfers: assignee stations − 1 (the first assignment is not a transfer)",
            "satisfaction: Good / Bad, or a 1–5 score; Offered and Unoffered are not ratings",
            "channel from Via: Mail → email, Web form / Web Widget → web, Native Messaging / Chat → chat, Voice → phone, social networks → social",
        ],
    },
    Adapter {
        name: "freshdesk",
        kind: Tickets,
        fingerprint: &[
            &["ticket_id"],
            &["created_time"],
            &["first_response_time_in_hrs", "agent_interactions", "resolved_time"],
        ],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["ticket_id"], Keep),
            ("created_at", &["created_time"], Keep),
            ("first_response_at", &["initial_response_time"], Keep),
            ("solved_at", &["resolved_time", "closed_time"], Keep),
            ("status", &["status"], Status),
            ("channel", &["source"], Channel),
            ("agent", &["agent"], Name),
            ("team", &["group"], Name),
            ("priority", &["priority"], Priority),
            ("category", &["type", "ticket_type"], Keep),
            ("customer_id", &["email", "contact_id", "requester_email", "full_name", "requester_name"], Keep),
            ("replies", &["agent_interactions"], Keep),
            ("handle_seconds", &["time_tracked"], Keep),
            ("first_response_business_seconds", &["first_response_time_in_hrs"], HoursIfNumber),
            ("resolution_business_seconds", &["resolution_time_in_hrs"], HoursIfNumber),
            ("satisfaction", &["survey_results", "satisfaction_rating"], Rating),
            ("tags", &["tags"], Keep),
        ],
        definitions: &[
            "first response: from the timestamps (Created time → Initial response time); Freshdesk counts public notes as responses",
            "business-hours durations: Freshdesk's \"(in hrs)\" HH:MM:SS columns (business hours of the SLA policy) unless the config sets business_hours",
            "replies: Agent interactions (outbound messages, public notes included)",
            "solved: Resolved time, else Closed time",
        ],
    },
    Adapter {
        name: "helpscout",
        kind: Tickets,
        fingerprint: &[
            &["conversation_id", "conversation_number", "conversation", "number"],
            &["mailbox"],
            &["created_at", "created_at_utc", "created", "date_created"],
        ],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["conversation_id", "conversation_number", "conversation", "number"], Keep),
            ("created_at", &["created_at", "created_at_utc", "created", "date_created"], Keep),
            ("first_response_at", &["first_response_at", "first_reply_at", "first_response"], Keep),
            ("solved_at", &["closed_at", "resolved_at", "closed_at_utc", "closed"], Keep),
            ("status", &["status"], Status),
            ("channel", &["type", "source", "channel"], Channel),
            ("agent", &["assigned_to", "assignee", "owner", "user"], Name),
            ("team", &["mailbox"], Keep),
            ("customer_id", &["customer_email", "customer", "email"], Keep),
            ("replies", &["replies", "replies_to_resolve", "user_replies"], Keep),
            ("satisfaction", &["rating", "happiness_rating"], Rating),
            ("tags", &["tags"], Keep),
        ],
        definitions: &[
            "team: the Help Scout mailbox",
            "satisfaction: Great counts as good; Okay and Not Good as bad",
            "Help Scout's own \"resolved\" needs an agent reply and Closed status; here solved = the closed timestamp",
        ],
    },
    Adapter {
        name: "intercom",
        kind: Tickets,
        fingerprint: &[
            &["conversation_id"],
            &["conversation_created_at", "conversation_started_at", "started_at"],
            &[
                "conversation_state",
                "conversation_first_response_at",
                "first_admin_reply_at",
                "teammate_assigned",
                "time_to_first_response",
            ],
        ],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["conversation_id"], Keep),
            ("created_at", &["conversation_created_at", "conversation_started_at", "started_at"], Keep),
            (
                "first_response_at",
                &["conversation_first_response_at", "first_admin_reply_at", "first_response_at"],
                Keep,
            ),
            (
                "solved_at",
                &["conversation_closed_at", "last_closed_at", "last_close_at", "closed_at"],
                Keep,
            ),
            ("status", &["conversation_state", "state"], Status),
            ("channel", &["channel", "conversation_channel", "source_type"], Channel),
            ("agent", &["teammate_assigned", "assignee", "admin_assignee", "message_author_name"], Name),
            ("team", &["team_assigned", "team_assignee"], Name),
            ("customer_id", &["user_email", "contact_email", "user_id"], Keep),
            ("first_response_seconds", &["time_to_first_response", "time_to_admin_reply"], Keep),
            ("resolution_seconds", &["time_to_last_close", "time_to_close"], Keep),
            ("satisfaction", &["conversation_rating", "rating"], Keep),
            ("tags", &["conversation_tags", "tags"], Keep),
        ],
        definitions: &[
            "first response: the first visible human admin reply (Intercom); bots and automations are not replies",
            "one row per message part is allowed: conversation columns repeat and the last row of each conversation is used (earlier rows are duplicate_id issues)",
        ],
    },
    Adapter {
        name: "zammad",
        kind: Tickets,
        fingerprint: &[
            &["created_at"],
            &["first_response_in_min", "close_in_min"],
            &["state"],
        ],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["", "number", "ticket", "id"], Keep),
            ("created_at", &["created_at"], Keep),
            ("first_response_at", &["first_response_at"], Keep),
            ("solved_at", &["closed_at"], Keep),
            ("status", &["state"], Status),
            ("channel", &["create_channel"], Channel),
            ("agent", &["owner"], Name),
            ("team", &["group"], Name),
            ("priority", &["priority"], Priority),
            ("customer_id", &["customer"], Keep),
            ("first_response_seconds", &["first_response_in_min"], MIN),
            ("resolution_seconds", &["close_in_min"], MIN),
            ("handle_seconds", &["time_units_total"], MIN),
            ("tags", &["tags"], Keep),
        ],
        definitions: &[
            "ids: Zammad's ticket number (#)",
            "durations: Zammad's \"… In Min\" columns are used only where timestamps are missing (they may follow the SLA calendar: unverified)",
            "handle time: Time Units Total read as minutes (the usual Zammad setting; unverified)",
            "priority: the rank number is dropped (\"2 normal\" → normal)",
        ],
    },
    Adapter {
        name: "hubspot",
        kind: Tickets,
        fingerprint: &[&["ticket_id"], &["create_date"], &["ticket_status", "pipeline"]],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["ticket_id"], Keep),
            ("created_at", &["create_date"], Keep),
            ("first_response_at", &["first_agent_email_response_date", "first_agent_reply_date"], Keep),
            ("solved_at", &["close_date"], Keep),
            ("status", &["ticket_status"], Status),
            ("channel", &["source"], Channel),
            ("agent", &["ticket_owner"], Name),
            ("team", &["hubspot_team", "team"], Name),
            ("priority", &["priority"], Priority),
            ("category", &["category"], Keep),
            ("first_response_seconds", &["time_to_first_agent_reply"], MillisIfInteger),
            ("resolution_seconds", &["time_to_close"], MillisIfInteger),
        ],
        definitions: &[
            "first response: HubSpot's \"First agent email response date\", set only by replies sent from the HubSpot inbox",
            "durations: plain numbers are milliseconds (HubSpot's API unit), HH:MM:SS as is",
        ],
    },
    Adapter {
        name: "zoho_desk",
        kind: Tickets,
        fingerprint: &[
            &["ticket_id", "request_id", "ticket_number"],
            &["created_time"],
            &["ticket_owner", "department"],
        ],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["ticket_id", "request_id", "ticket_number"], Keep),
            ("created_at", &["created_time"], Keep),
            ("solved_at", &["closed_time", "resolved_time"], Keep),
            ("status", &["status"], Status),
            ("channel", &["channel", "mode"], Channel),
            ("agent", &["ticket_owner"], Name),
            ("team", &["department", "team"], Name),
            ("priority", &["priority"], Priority),
            ("category", &["category", "classification"], Keep),
            ("customer_id", &["email", "contact_name", "contact"], Keep),
            ("replies", &["number_of_responses", "number_of_outgoing"], Keep),
            ("reopens", &["number_of_reopen", "reopen_count"], Keep),
            ("first_response_seconds", &["first_response_time"], Keep),
            ("resolution_seconds", &["resolution_time"], Keep),
            ("satisfaction", &["happiness_rating"], Rating),
            ("tags", &["tags", "tag"], Keep),
        ],
        definitions: &[
            "one-touch: here solved with 0 or 1 replies; Zoho Desk's FCR needs exactly one public response",
            "satisfaction: Happiness Good counts as good; Okay and Bad as bad",
        ],
    },
    Adapter {
        name: "chatwoot",
        kind: Surveys,
        fingerprint: &[&["rating"], &["recorded_date"], &["link_to_the_conversation"]],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("submitted_at", &["recorded_date"], Keep),
            ("csat", &["rating"], Keep),
            ("ticket_id", &["link_to_the_conversation"], UrlTail),
            ("customer_id", &["contact_email_address", "contact_name"], Keep),
            ("agent", &["agent_name"], Name),
            ("comment", &["feedback_comment"], Keep),
        ],
        definitions: &[
            "Chatwoot CSAT download: the \"Reporting period\" line is skipped; times are UTC",
            "ticket_id: the conversation number at the end of the link",
        ],
    },
    // Call centres.
    Adapter {
        name: "five9",
        kind: Calls,
        fingerprint: &[&["call_id"], &["timestamp"], &["call_type"], &["queue_wait_time", "talk_time"]],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["call_id"], Keep),
            ("started_at", &["timestamp"], Keep),
            ("wait_seconds", &["queue_wait_time"], Keep),
            ("talk_seconds", &["talk_time"], Keep),
            ("hold_seconds", &["hold_time"], Keep),
            ("wrap_seconds", &["after_call_work_time"], Keep),
            ("agent", &["agent_name", "agent"], Name),
            ("queue", &["skill", "campaign"], Name),
            ("customer_id", &["ani"], Keep),
            ("direction", &["call_type"], Keep),
            ("abandoned", &["abandoned"], CountFlag),
            ("transferred", &["transfers"], CountFlag),
        ],
        definitions: &[
            "queue: SKILL, else CAMPAIGN",
            "direction from CALL TYPE (Inbound / Outbound / Manual …)",
            "transferred: TRANSFERS > 0 (Five9 leaves zero counts empty)",
        ],
    },
    Adapter {
        name: "talkdesk",
        kind: Calls,
        fingerprint: &[&["interaction_id"], &["started_at"], &["talk_time"], &["ring_groups", "transfer_out_yes_no"]],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["interaction_id"], Keep),
            ("started_at", &["started_at"], Keep),
            ("answered_at", &["answered_at", "connected_at"], Keep),
            ("ended_at", &["finished_at"], Keep),
            ("wait_seconds", &["wait_time"], Keep),
            ("talk_seconds", &["talk_time"], Keep),
            ("hold_seconds", &["hold_time"], Keep),
            ("wrap_seconds", &["after_call_work_time"], Keep),
            ("agent", &["user_name"], Name),
            ("queue", &["ring_groups", "handling_ring_groups"], Name),
            ("customer_id", &["contact_person_number", "contact_id"], Keep),
            ("direction", &["direction"], Keep),
            ("transferred", &["transfer_out_yes_no"], Keep),
        ],
        definitions: &[
            "abandoned: no Answered At",
            "transferred: Transfer Out (Yes/No)",
            "queue: Ring Groups",
        ],
    },
    Adapter {
        name: "genesys",
        kind: Calls,
        fingerprint: &[
            &["conversation_id"],
            &["conversation_start", "conversation_start_date", "start_time", "date"],
            &["media_type", "queue_name", "queue"],
            &["total_talk", "total_handle", "abandoned", "total_queue"],
        ],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["conversation_id"], Keep),
            ("started_at", &["conversation_start", "conversation_start_date", "start_time", "date"], Keep),
            ("ended_at", &["conversation_end", "conversation_end_date", "end_time"], Keep),
            ("wait_seconds", &["total_queue", "queue_time", "total_wait"], Keep),
            ("talk_seconds", &["total_talk", "talk_time"], Keep),
            ("hold_seconds", &["total_hold", "hold_time"], Keep),
            ("wrap_seconds", &["total_acw", "acw"], Keep),
            ("agent", &["users_interacted", "users", "agent"], Name),
            ("queue", &["queue", "queue_name"], Name),
            ("customer_id", &["ani", "remote"], Keep),
            ("direction", &["direction"], Keep),
            ("abandoned", &["abandoned"], Keep),
            ("transferred", &["transferred"], Keep),
        ],
        definitions: &[
            "Genesys Cloud interaction export (per conversation; header spellings unverified); the 15-minute interval export is aggregated and not a calls table",
        ],
    },
    Adapter {
        name: "twilio_flex",
        kind: Calls,
        fingerprint: &[&["segment"], &["conversation_id"], &["kind"], &["talk_time", "queue_time"]],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["segment"], Keep),
            ("started_at", &["date_time", "date", "started_at"], Keep),
            ("wait_seconds", &["queue_time"], Keep),
            ("talk_seconds", &["talk_time"], Keep),
            ("hold_seconds", &["hold_time"], Keep),
            ("wrap_seconds", &["wrap_up_time"], Keep),
            ("agent", &["agent"], Name),
            ("queue", &["queue"], Name),
            ("customer_id", &["customer_phone", "customer"], Keep),
            ("direction", &["direction"], Keep),
            ("abandoned", &["abandoned"], Keep),
            ("transferred", &["transfer"], Keep),
        ],
        definitions: &[
            "Twilio Flex Insights: one row per segment (a transfer adds segments), so each segment counts as a call; header spellings unverified",
        ],
    },
    Adapter {
        name: "asterisk_cdr",
        kind: Calls,
        fingerprint: &[&["uniqueid"], &["billsec"], &["disposition"], &["start", "calldate"]],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["uniqueid"], Keep),
            ("started_at", &["start", "calldate"], Keep),
            ("answered_at", &["answer"], Keep),
            ("ended_at", &["end"], Keep),
            ("talk_seconds", &["billsec"], Keep),
            ("agent", &["dstchannel"], Peer),
            ("queue", &["dst"], Keep),
            ("customer_id", &["src"], Keep),
            ("abandoned", &["disposition"], NotAnswered),
        ],
        definitions: &[
            "Asterisk cdr-csv (Master.csv, no header row: recognised from its shape); every call is inbound",
            "abandoned: disposition other than ANSWERED; talk: billsec; agent: the dialled channel's peer",
        ],
    },
    // Surveys.
    Adapter {
        name: "surveymonkey",
        kind: Surveys,
        fingerprint: &[&["respondent_id"], &["collector_id"], &["end_date"]],
        header_rows: 2,
        question_row: Some(0),
        columns: &[
            ("id", &["respondent_id"], Keep),
            ("submitted_at", &["end_date"], Keep),
            ("customer_id", &["email_address"], Keep),
        ],
        definitions: &[
            "two header rows: question text, then sub-labels; NPS / CSAT / CES questions found from the question text",
            "submitted: End Date",
        ],
    },
    Adapter {
        name: "qualtrics",
        kind: Surveys,
        fingerprint: &[&["responseid"], &["recordeddate"], &["startdate"]],
        header_rows: 3,
        question_row: Some(1),
        columns: &[
            ("id", &["responseid"], Keep),
            ("submitted_at", &["recordeddate"], Keep),
            ("customer_id", &["recipientemail"], Keep),
        ],
        definitions: &[
            "three header rows: ids, question text, import ids; NPS / CSAT / CES questions found from the question text",
            "submitted: RecordedDate; the _NPS_GROUP column is not read",
        ],
    },
    Adapter {
        name: "typeform",
        kind: Surveys,
        fingerprint: &[&["submit_date_utc"], &["network_id"]],
        header_rows: 1,
        question_row: Some(0),
        columns: &[
            ("id", &["", "token", "response_id"], Keep),
            ("submitted_at", &["submit_date_utc"], Keep),
        ],
        definitions: &[
            "NPS / CSAT / CES questions found from the question text; times are UTC (Submit Date (UTC))",
        ],
    },
    Adapter {
        name: "delighted",
        kind: Surveys,
        fingerprint: &[
            &["response_id", "id"],
            &["score"],
            &["response_timestamp", "created", "created_at", "response_date"],
            &["permalink", "survey_type", "comment", "email"],
            &["response_timestamp", "permalink", "survey_type", "person_id", "name"],
        ],
        header_rows: 1,
        question_row: None,
        columns: &[
            ("id", &["response_id", "id"], Keep),
            ("submitted_at", &["response_timestamp", "created", "created_at", "response_date"], Keep),
            ("nps", &["score"], Keep),
            ("customer_id", &["email", "person_id"], Keep),
            ("comment", &["comment"], Keep),
        ],
        definitions: &[
            "Delighted: the Score column is read as NPS (0–10); load a CSAT or CES project with a hand-made mapping",
        ],
    },
];

impl Adapter {
    /// Whether the first header row has every header of the fingerprint.
    pub fn matches(&self, headers: &[String]) -> bool {
        let norm: Vec<String> = headers
            .iter()
            .map(|h| schema::normalize_header(h))
            .collect();
        self.fingerprint
            .iter()
            .all(|alts| alts.iter().any(|h| norm.iter().any(|n| n == h)))
    }
}

/// The adapter whose fingerprint the headers match. When several match (a
/// custom field can look like another vendor's column), the one that knows
/// the most of the headers wins.
pub fn detect(headers: &[String]) -> Option<&'static Adapter> {
    let norm: Vec<String> = headers
        .iter()
        .map(|h| schema::normalize_header(h))
        .collect();
    let known = |a: &Adapter| {
        a.columns
            .iter()
            .filter(|(_, alts, _)| alts.iter().any(|h| norm.iter().any(|n| n == h)))
            .count()
    };
    ADAPTERS
        .iter()
        .filter(|a| a.matches(headers))
        .max_by_key(|a| (known(a), a.fingerprint.len()))
}

/// The survey kind a question asks about, from its text: `nps`, `ces`,
/// `csat`, or `None`.
pub fn question_kind(text: &str) -> Option<&'static str> {
    let t = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&[
        "recommend",
        "rekommendera",
        "anbefale",
        "препоръча",
        "tavsiye",
        "net promoter",
    ]) {
        Some("nps")
    } else if has(&[
        "effort",
        "easy",
        "easier",
        "enkel",
        "lett å",
        "lätt",
        "лесно",
        "усилие",
        "kolay",
        "çaba",
        "ansträng",
        "innsats",
    ]) {
        Some("ces")
    } else if has(&[
        "satisf",
        "csat",
        "nöjd",
        "fornøyd",
        "доволн",
        "удовлетвор",
        "memnun",
    ]) {
        Some("csat")
    } else {
        None
    }
}

/// A mapping made by an adapter: per file column, its canonical column and
/// conversion.
pub struct AdapterMapping {
    /// Per header: the canonical column and the conversion of its values.
    pub assigned: Vec<Option<(&'static Column, Conv)>>,
    /// The header text reported for each column (the question text for
    /// survey questions).
    pub headers: Vec<String>,
}

/// Map `rows` (the header rows) with `adapter`.
pub fn map(adapter: &Adapter, rows: &[Vec<String>]) -> AdapterMapping {
    let first = rows.first().cloned().unwrap_or_default();
    let norm: Vec<String> = first.iter().map(|h| schema::normalize_header(h)).collect();
    let mut assigned: Vec<Option<(&'static Column, Conv)>> = vec![None; first.len()];
    let taken = |assigned: &[Option<(&'static Column, Conv)>], name: &str| {
        assigned
            .iter()
            .any(|a| a.is_some_and(|(c, _)| c.name == name))
    };
    for &(name, alts, conv) in adapter.columns {
        let Some(col) = adapter.kind.column(name) else {
            continue;
        };
        let found = alts
            .iter()
            .find_map(|alt| (0..norm.len()).find(|&i| assigned[i].is_none() && norm[i] == *alt));
        if let Some(i) = found {
            if !taken(&assigned, name) {
                assigned[i] = Some((col, conv));
            }
        }
    }
    let mut headers = first.clone();
    if let Some(q) = adapter.question_row {
        let sub = rows.get(1);
        for i in 0..first.len() {
            if assigned[i].is_some()
                || norm[i].ends_with("_nps_group")
                || norm[i].ends_with("_text")
            {
                continue;
            }
            if sub.and_then(|r| r.get(i)).is_some_and(|s| {
                let s = s.to_lowercase();
                s.contains("open-ended") || s.contains("other (please")
            }) && q == 0
            {
                continue;
            }
            let text = rows
                .get(q)
                .and_then(|r| r.get(i))
                .map_or("", String::as_str);
            if let Some(kind) = question_kind(text) {
                if !taken(&assigned, kind) {
                    if let Some(col) = adapter.kind.column(kind) {
                        assigned[i] = Some((col, Conv::Score));
                        headers[i] = text.to_string();
                    }
                }
            }
        }
    }
    // Other canonical columns by the ordinary header match.
    for i in 0..first.len() {
        if assigned[i].is_some() {
            continue;
        }
        if let Some(col) = schema::match_header(adapter.kind, &first[i]) {
            if !taken(&assigned, col.name) && !matches!(col.name, "csat" | "nps" | "ces" | "score")
            {
                assigned[i] = Some((col, Conv::Keep));
            }
        }
    }
    AdapterMapping { assigned, headers }
}

/// Whether `fields`, read after `index` header rows of an `adapter` export
/// with several, is another header row: SurveyMonkey's sub-label row starts
/// with an empty cell (a response has its Respondent ID there); Qualtrics'
/// third row holds `{"ImportId": …}` (older exports have two header rows).
pub fn is_header_row(adapter: &Adapter, index: usize, fields: &[String]) -> bool {
    match (adapter.name, index) {
        ("surveymonkey", 1) => fields.first().is_none_or(|f| f.trim().is_empty()),
        ("qualtrics", 2) => fields.iter().any(|f| f.contains("ImportId")),
        _ => true,
    }
}

/// The columns of Asterisk's `cdr-csv` Master.csv, which has no header row.
pub const ASTERISK_CDR: [&str; 18] = [
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
];

/// For a file without a header row, recognised from its first record: the
/// adapter and the header names to use. Only Asterisk `cdr-csv` for now:
/// 18 fields (17 without `userfield`), `start` a `YYYY-MM-DD HH:MM:SS`
/// timestamp, `duration` and `billsec` whole numbers, a known disposition.
pub fn headerless(fields: &[String]) -> Option<(&'static Adapter, Vec<String>)> {
    if !(17..=18).contains(&fields.len()) {
        return None;
    }
    let ts = |s: &str| {
        let b = s.as_bytes();
        b.len() == 19 && b[4] == b'-' && b[10] == b' ' && b[13] == b':'
    };
    let int = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let known = matches!(
        fields[14].as_str(),
        "ANSWERED" | "NO ANSWER" | "BUSY" | "FAILED" | "CONGESTION"
    );
    if !(ts(&fields[9]) && int(&fields[12]) && int(&fields[13]) && known) {
        return None;
    }
    let adapter = ADAPTERS.iter().find(|a| a.name == "asterisk_cdr")?;
    let headers = ASTERISK_CDR[..fields.len()]
        .iter()
        .map(|h| h.to_string())
        .collect();
    Some((adapter, headers))
}

/// The formats recognised from the shape of a file's first record, for
/// files without a header row: `asterisk_cdr`, `asterisk_queue_log`. No
/// record should be claimed by two (tested on every fixture).
pub fn shape_formats(fields: &[String]) -> Vec<&'static str> {
    let mut formats = Vec::new();
    if headerless(fields).is_some() {
        formats.push("asterisk_cdr");
    }
    if super::queue_log::detect(fields) {
        formats.push(super::queue_log::FORMAT);
    }
    formats
}

/// Whether a record is a preamble line, not a header or a row: Chatwoot's
/// `Reporting period …` and Excel's `sep=;`.
pub fn is_preamble(fields: &[&str]) -> bool {
    let Some(first) = fields.first() else {
        return false;
    };
    let first = first.trim_start_matches('\u{feff}').trim();
    if fields[1..].iter().any(|f| !f.trim().is_empty()) {
        return false;
    }
    let lower = first.to_lowercase();
    lower.starts_with("reporting period") || (lower.starts_with("sep=") && first.len() <= 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels() {
        for (raw, want) in [
            ("Mail", "email"),
            ("Web form", "web"),
            ("Web Widget", "web"),
            ("Native Messaging", "chat"),
            ("Chat", "chat"),
            ("Voice", "phone"),
            ("Phone call (inbound)", "phone"),
            ("Twitter", "social"),
            ("Facebook", "social"),
            ("WhatsApp", "social"),
            ("Instagram DM", "social"),
            ("Closed Ticket", "other"),
            ("API", "other"),
            ("E-post", "email"),
            ("Telefon", "phone"),
            ("Телефон", "phone"),
            ("E-posta", "email"),
            ("Portal", "web"),
            ("", ""),
        ] {
            assert_eq!(channel(raw), want, "{raw}");
        }
    }

    #[test]
    fn conversions() {
        assert_eq!(Conv::Scale(60.0).apply("3"), "180");
        assert_eq!(Conv::Scale(60.0).apply("x"), "x");
        assert_eq!(Conv::Stations.apply("3"), "2");
        assert_eq!(Conv::Stations.apply("0"), "0");
        assert_eq!(Conv::Status.apply("Löst"), "solved");
        assert_eq!(Conv::Status.apply("Pending"), "pending");
        assert_eq!(Conv::Status.apply("Kapalı"), "closed");
        assert_eq!(Conv::Priority.apply("2 normal"), "normal");
        assert_eq!(Conv::Priority.apply("Hög"), "high");
        assert_eq!(Conv::Priority.apply("Спешен"), "urgent");
        assert_eq!(Conv::Rating.apply("Great"), "good");
        assert_eq!(Conv::Rating.apply("Not Good"), "bad");
        assert_eq!(Conv::Rating.apply("Okay"), "bad");
        assert_eq!(Conv::Rating.apply("Offered"), "Offered");
        assert_eq!(Conv::Rating.apply("4"), "4");
        assert_eq!(Conv::Name.apply("[None]"), "");
        assert_eq!(Conv::CountFlag.apply(""), "no");
        assert_eq!(Conv::CountFlag.apply("2"), "yes");
        assert_eq!(Conv::MillisIfInteger.apply("90000"), "90");
        assert_eq!(Conv::HoursIfNumber.apply("1.5"), "5400");
        assert_eq!(Conv::HoursIfNumber.apply("01:30:00"), "01:30:00");
        assert_eq!(Conv::MillisIfInteger.apply("01:30:00"), "01:30:00");
        assert_eq!(Conv::Score.apply("10 - Extremely likely"), "10");
        assert_eq!(Conv::Score.apply("Very satisfied"), "5");
        assert_eq!(Conv::Score.apply("Satisfied"), "4");
        assert_eq!(Conv::Score.apply("Neither satisfied nor dissatisfied"), "3");
        assert_eq!(Conv::Score.apply("Very dissatisfied"), "1");
        assert_eq!(Conv::UrlTail.apply("https://x/app/conversations/42"), "42");
    }

    #[test]
    fn questions() {
        assert_eq!(
            question_kind("How likely is it that you would recommend Acme to a friend?"),
            Some("nps")
        );
        assert_eq!(question_kind("Hur nöjd är du med hjälpen?"), Some("csat"));
        assert_eq!(
            question_kind("Acme made it easy to handle my issue."),
            Some("ces")
        );
        assert_eq!(question_kind("Ne kadar memnun kaldınız?"), Some("csat"));
        assert_eq!(question_kind("Any other comments?"), None);
    }

    #[test]
    fn preambles() {
        assert!(is_preamble(&["Reporting period 2026-03-01 to 2026-03-31"]));
        assert!(is_preamble(&["sep=;", ""]));
        assert!(!is_preamble(&["Id", "Created at"]));
    }
}
