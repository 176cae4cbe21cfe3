//! The six canonical tables of SPEC section 1: their columns, types, required
//! columns and the header names that map onto them.
//!
//! This is the one place where headers are matched. A header matches a
//! canonical column when its normalised form (see [`normalize_header`]) equals
//! the column's name or one of its synonyms. Vendor adapters extend
//! [`Column::synonyms`] and the kind fingerprints here.

use serde::Serialize;

/// One of the six canonical tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// One row per case / conversation.
    Tickets,
    /// One row per call offered to a queue.
    Calls,
    /// One row per survey response (or a wide file melted into responses).
    Surveys,
    /// One row per customer / subscription.
    Customers,
    /// One row per order.
    Orders,
    /// One row per monitored contact; extra columns are checklist criteria.
    QaReviews,
}

impl TableKind {
    /// Every kind, in SPEC order.
    pub const ALL: [TableKind; 6] = [
        TableKind::Tickets,
        TableKind::Calls,
        TableKind::Surveys,
        TableKind::Customers,
        TableKind::Orders,
        TableKind::QaReviews,
    ];

    /// The snake_case name used on the command line and in the report.
    pub fn id(self) -> &'static str {
        match self {
            TableKind::Tickets => "tickets",
            TableKind::Calls => "calls",
            TableKind::Surveys => "surveys",
            TableKind::Customers => "customers",
            TableKind::Orders => "orders",
            TableKind::QaReviews => "qa_reviews",
        }
    }

    /// Parse a kind name (`tickets`, `qa_reviews`, ...).
    pub fn from_id(s: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|k| k.id() == s)
    }

    /// The canonical columns of this table.
    pub fn columns(self) -> &'static [Column] {
        match self {
            TableKind::Tickets => TICKETS,
            TableKind::Calls => CALLS,
            TableKind::Surveys => SURVEYS,
            TableKind::Customers => CUSTOMERS,
            TableKind::Orders => ORDERS,
            TableKind::QaReviews => QA_REVIEWS,
        }
    }

    /// The canonical column named `name`, if this table has one.
    pub fn column(self, name: &str) -> Option<&'static Column> {
        self.columns().iter().find(|c| c.name == name)
    }

    /// Whether columns the schema does not know are kept (as strings for
    /// `group_by`, or as checklist criteria for QA reviews).
    pub fn keeps_extra_columns(self) -> bool {
        true
    }
}

/// The type of a canonical column (SPEC section 1, "Types").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// A timestamp: stored as UTC seconds.
    Ts,
    /// A duration: stored as seconds (`f64`).
    Dur,
    /// A whole number.
    Int,
    /// A number (decimal comma detected per column).
    Num,
    /// Yes / no.
    Bool,
    /// Text, dictionary-encoded.
    Str,
    /// A QA checklist cell: pass, fail or not applicable.
    Criterion,
}

/// A canonical column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Canonical name, as in the SPEC.
    pub name: &'static str,
    /// Value type.
    pub ty: ColumnType,
    /// A row without this value is skipped (`missing_required`).
    pub required: bool,
    /// Other header names for it, already normalised (see [`normalize_header`]).
    pub synonyms: &'static [&'static str],
}

const fn col(name: &'static str, ty: ColumnType) -> Column {
    Column {
        name,
        ty,
        required: false,
        synonyms: &[],
    }
}
const fn req(name: &'static str, ty: ColumnType) -> Column {
    Column {
        name,
        ty,
        required: true,
        synonyms: &[],
    }
}
const fn syn(mut c: Column, synonyms: &'static [&'static str]) -> Column {
    c.synonyms = synonyms;
    c
}

use ColumnType::*;

static TICKETS: &[Column] = &[
    syn(
        req("id", Str),
        &["ticket_id", "ticket", "case_id", "conversation_id"],
    ),
    syn(
        req("created_at", Ts),
        &["created", "opened_at", "created_date"],
    ),
    syn(
        col("first_response_at", Ts),
        &["first_reply_at", "first_responded_at"],
    ),
    syn(col("solved_at", Ts), &["resolved_at", "solved", "resolved"]),
    col("status", Str),
    syn(col("channel", Str), &["via", "source"]),
    syn(col("agent", Str), &["assignee", "owner"]),
    syn(col("team", Str), &["group"]),
    col("priority", Str),
    syn(col("category", Str), &["contact_reason", "reason"]),
    syn(
        col("customer_id", Str),
        &["requester", "requester_id", "customer"],
    ),
    syn(col("replies", Int), &["agent_replies"]),
    col("reopens", Int),
    col("escalated", Bool),
    col("transfers", Int),
    col("expert_transfer", Bool),
    syn(
        col("handle_seconds", Dur),
        &["handle_time", "handle_time_seconds"],
    ),
    col("first_response_seconds", Dur),
    col("resolution_seconds", Dur),
    col("first_response_business_seconds", Dur),
    col("resolution_business_seconds", Dur),
    syn(
        col("satisfaction", Str),
        &["satisfaction_rating", "satisfaction_score", "csat"],
    ),
    col("tags", Str),
    syn(col("is_complaint", Bool), &["complaint"]),
];

static CALLS: &[Column] = &[
    syn(req("id", Str), &["call_id"]),
    syn(
        req("started_at", Ts),
        &["start_time", "call_start", "queued_at"],
    ),
    col("answered_at", Ts),
    syn(col("ended_at", Ts), &["end_time", "call_end"]),
    syn(col("wait_seconds", Dur), &["wait_time", "queue_time"]),
    syn(col("talk_seconds", Dur), &["talk_time"]),
    syn(col("hold_seconds", Dur), &["hold_time"]),
    syn(
        col("wrap_seconds", Dur),
        &["wrap_time", "acw", "after_call_work"],
    ),
    col("agent", Str),
    col("queue", Str),
    syn(col("customer_id", Str), &["caller", "caller_id", "ani"]),
    col("direction", Str),
    col("abandoned", Bool),
    col("transferred", Bool),
];

static SURVEYS: &[Column] = &[
    syn(col("id", Str), &["response_id"]),
    syn(
        req("submitted_at", Ts),
        &["submitted", "responded_at", "date"],
    ),
    col("kind", Str),
    col("score", Num),
    col("ticket_id", Str),
    col("customer_id", Str),
    col("agent", Str),
    col("comment", Str),
    // The wide form: one column per survey kind, melted into responses.
    col("csat", Num),
    col("nps", Num),
    col("ces", Num),
];

static CUSTOMERS: &[Column] = &[
    syn(req("id", Str), &["customer_id", "subscription_id"]),
    syn(
        req("started_at", Ts),
        &["start_date", "signup_date", "subscribed_at"],
    ),
    syn(
        col("ended_at", Ts),
        &["cancelled_at", "canceled_at", "churned_at", "end_date"],
    ),
    col("plan", Str),
    col("segment", Str),
    col("mrr", Num),
];

static ORDERS: &[Column] = &[
    syn(col("id", Str), &["order_id", "order_number"]),
    col("customer_id", Str),
    syn(req("ordered_at", Ts), &["order_date", "created_at"]),
    syn(col("amount", Num), &["total", "order_total"]),
    syn(col("promised_at", Ts), &["promised_date", "due_date"]),
    syn(col("delivered_at", Ts), &["delivery_date", "delivered"]),
    col("returned", Bool),
    syn(col("cancelled", Bool), &["canceled"]),
    col("invoice_error", Bool),
    col("entry_error", Bool),
    col("claim", Bool),
];

static QA_REVIEWS: &[Column] = &[
    syn(col("id", Str), &["review_id"]),
    syn(req("reviewed_at", Ts), &["review_date", "reviewed"]),
    req("agent", Str),
    col("ticket_id", Str),
    col("reviewer", Str),
    // Free text beside the checklist: not a criterion.
    syn(
        col("comment", Str),
        &["comments", "notes", "note", "feedback"],
    ),
];

/// Normalise a header for matching: trim, lower-case, and turn every run of
/// characters that are not letters or digits into one `_` (so `Created At`,
/// `created-at` and `CREATED_AT` all become `created_at`).
pub fn normalize_header(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut gap = false;
    for ch in header.trim().trim_start_matches('\u{feff}').chars() {
        if ch.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(ch.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// The canonical column of `kind` that the header matches, if any.
pub fn match_header(kind: TableKind, header: &str) -> Option<&'static Column> {
    let norm = normalize_header(header);
    kind.columns().iter().find(|c| c.name == norm).or_else(|| {
        kind.columns()
            .iter()
            .find(|c| c.synonyms.contains(&norm.as_str()))
    })
}

/// How well the headers fit `kind`: `None` if a required column is missing,
/// else the number of canonical columns matched.
pub fn fit(kind: TableKind, headers: &[String]) -> Option<usize> {
    let matched: Vec<&'static str> = headers
        .iter()
        .filter_map(|h| match_header(kind, h).map(|c| c.name))
        .collect();
    let complete = kind
        .columns()
        .iter()
        .filter(|c| c.required)
        .all(|c| matched.contains(&c.name));
    complete.then(|| {
        let mut names = matched;
        names.sort_unstable();
        names.dedup();
        names.len()
    })
}

/// The kind whose columns fit the headers best; ties go to the earlier kind in
/// [`TableKind::ALL`]. `None` if no kind has all its required columns.
pub fn detect_kind(headers: &[String]) -> Option<TableKind> {
    let mut best: Option<(TableKind, usize)> = None;
    for kind in TableKind::ALL {
        if let Some(score) = fit(kind, headers) {
            // Surveys need a score somewhere to be told from any file with a date.
            if kind == TableKind::Surveys
                && !headers.iter().any(|h| {
                    matches!(
                        match_header(kind, h).map(|c| c.name),
                        Some("score" | "csat" | "nps" | "ces")
                    )
                })
            {
                continue;
            }
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((kind, score));
            }
        }
    }
    best.map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_normalisation() {
        assert_eq!(normalize_header("Created At"), "created_at");
        assert_eq!(normalize_header("created-at"), "created_at");
        assert_eq!(normalize_header(" CREATED_AT "), "created_at");
        assert_eq!(normalize_header("\u{feff}Id"), "id");
        assert_eq!(normalize_header("Създаден на"), "създаден_на");
        assert_eq!(normalize_header("(Handle) time, s"), "handle_time_s");
    }

    fn headers(hs: &[&str]) -> Vec<String> {
        hs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn detects_each_kind() {
        let cases = [
            (&["id", "created_at", "status"][..], TableKind::Tickets),
            (
                &["id", "started_at", "answered_at", "talk_seconds"][..],
                TableKind::Calls,
            ),
            (&["submitted_at", "kind", "score"][..], TableKind::Surveys),
            (&["submitted_at", "csat", "nps"][..], TableKind::Surveys),
            (
                &["id", "started_at", "ended_at", "mrr"][..],
                TableKind::Customers,
            ),
            (&["id", "ordered_at", "amount"][..], TableKind::Orders),
            (
                &["reviewed_at", "agent", "Greeting"][..],
                TableKind::QaReviews,
            ),
        ];
        for (hs, kind) in cases {
            assert_eq!(detect_kind(&headers(hs)), Some(kind), "{hs:?}");
        }
        assert_eq!(detect_kind(&headers(&["foo", "bar"])), None);
    }
}
