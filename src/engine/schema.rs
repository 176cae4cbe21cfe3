//! The six canonical tables of SPEC section 1: their columns, types, required
//! columns and the header names that map onto them.
//!
//! This is the one place where headers are matched. A header matches a
//! canonical column when its normalised form (see [`normalize_header`]) equals
//! the column's name or one of its synonyms: first [`Column::synonyms`], then
//! the per-language table (English, Swedish, Norwegian, Bulgarian, Turkish:
//! `Skapad`, `Opprettet`, `Създаден`, `Oluşturulma tarihi`, …). Vendor
//! exports are recognised before this, by the adapters (`adapters.rs`).

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
    // A number, or a CSAT rating in words (`Good`, `Bad, I'm unsatisfied`,
    // `Offered`): read as text, then as tickets' `satisfaction` is, by the
    // survey KPIs (kpi/surveys.rs).
    col("score", Str),
    col("ticket_id", Str),
    col("customer_id", Str),
    col("agent", Str),
    col("comment", Str),
    // The wide form: one column per survey kind, melted into responses.
    col("csat", Str),
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

/// Header synonyms by language (en, sv, nb, bg, tr), already normalised:
/// (table, canonical column, synonyms). Matched after each column's own
/// name and [`Column::synonyms`].
static LOCALIZED: &[(TableKind, &str, &[&str])] = &[
    // tickets
    (
        TableKind::Tickets,
        "id",
        &[
            "ticket_number",
            "case_number",
            "ticket_no",
            "request_id",
            "ärende",
            "ärendenummer",
            "ärende_id",
            "ärendenr",
            "sak",
            "saksnummer",
            "sak_id",
            "saksnr",
            "henvendelse",
            "номер",
            "тикет",
            "номер_на_тикет",
            "id_на_тикет",
            "сигнал",
            "bilet_no",
            "bilet_id",
            "talep_no",
            "talep_id",
            "kayıt_no",
        ],
    ),
    (
        TableKind::Tickets,
        "created_at",
        &[
            "created_time",
            "creation_date",
            "date_created",
            "create_date",
            "created_on",
            "opened",
            "skapad",
            "skapat",
            "skapad_datum",
            "skapades",
            "skapad_den",
            "registrerad",
            "opprettet",
            "opprettet_dato",
            "opprettet_tid",
            "registrert",
            "създаден",
            "създаден_на",
            "създадено",
            "дата_на_създаване",
            "oluşturulma_tarihi",
            "oluşturma_tarihi",
            "oluşturuldu",
            "açılış_tarihi",
        ],
    ),
    (
        TableKind::Tickets,
        "first_response_at",
        &[
            "first_response_date",
            "first_reply_date",
            "first_responded",
            "första_svar",
            "första_svar_datum",
            "första_svaret",
            "første_svar",
            "første_svar_dato",
            "първи_отговор",
            "първи_отговор_на",
            "ilk_yanıt",
            "ilk_yanıt_tarihi",
            "ilk_cevap",
            "ilk_cevap_tarihi",
        ],
    ),
    (
        TableKind::Tickets,
        "solved_at",
        &[
            "resolved_time",
            "closed_at",
            "closed",
            "closed_date",
            "resolution_date",
            "solved_date",
            "löst",
            "löst_datum",
            "stängd",
            "stängd_datum",
            "avslutad",
            "løst",
            "løst_dato",
            "lukket",
            "lukket_dato",
            "avsluttet",
            "решен",
            "решен_на",
            "затворен",
            "дата_на_решаване",
            "дата_на_затваряне",
            "çözülme_tarihi",
            "çözüm_tarihi",
            "kapanış_tarihi",
            "kapatılma_tarihi",
        ],
    ),
    (
        TableKind::Tickets,
        "status",
        &["tillstånd", "tilstand", "статус", "състояние", "durum"],
    ),
    (TableKind::Tickets, "channel", &["medium", "kanal", "канал"]),
    (
        TableKind::Tickets,
        "agent",
        &[
            "assigned_to",
            "agent_name",
            "handläggare",
            "tilldelad",
            "ansvarig",
            "saksbehandler",
            "tildelt",
            "ansvarlig",
            "агент",
            "служител",
            "отговорник",
            "изпълнител",
            "temsilci",
            "atanan",
            "sorumlu",
            "müşteri_temsilcisi",
        ],
    ),
    (
        TableKind::Tickets,
        "team",
        &[
            "team_name",
            "department",
            "grupp",
            "avdelning",
            "gruppe",
            "avdeling",
            "екип",
            "група",
            "отдел",
            "ekip",
            "grup",
            "departman",
            "takım",
        ],
    ),
    (
        TableKind::Tickets,
        "priority",
        &["prioritet", "приоритет", "öncelik"],
    ),
    (
        TableKind::Tickets,
        "category",
        &[
            "type",
            "ticket_type",
            "topic",
            "kategori",
            "typ",
            "ärendetyp",
            "категория",
            "тип",
            "tür",
            "konu",
        ],
    ),
    (
        TableKind::Tickets,
        "customer_id",
        &[
            "requester_email",
            "customer_email",
            "email",
            "contact",
            "kund",
            "kund_id",
            "beställare",
            "kunde",
            "kunde_id",
            "innmelder",
            "клиент",
            "клиент_id",
            "заявител",
            "müşteri",
            "müşteri_id",
            "talep_eden",
        ],
    ),
    (
        TableKind::Tickets,
        "replies",
        &[
            "number_of_replies",
            "responses",
            "svar",
            "antal_svar",
            "antall_svar",
            "отговори",
            "брой_отговори",
            "yanıtlar",
            "yanıt_sayısı",
        ],
    ),
    (
        TableKind::Tickets,
        "reopens",
        &[
            "reopened",
            "number_of_reopens",
            "återöppnad",
            "återöppningar",
            "gjenåpnet",
            "gjenåpninger",
            "преотваряния",
            "повторно_отворени",
            "yeniden_açılma",
            "yeniden_açılma_sayısı",
        ],
    ),
    (
        TableKind::Tickets,
        "escalated",
        &[
            "eskalerad",
            "eskalert",
            "ескалиран",
            "eskale_edildi",
            "yükseltildi",
        ],
    ),
    (
        TableKind::Tickets,
        "transfers",
        &[
            "överföringar",
            "overføringer",
            "прехвърляния",
            "aktarımlar",
            "transferler",
        ],
    ),
    (
        TableKind::Tickets,
        "expert_transfer",
        &[
            "expertöverföring",
            "ekspertoverføring",
            "експертно_прехвърляне",
            "uzman_aktarımı",
        ],
    ),
    (
        TableKind::Tickets,
        "handle_seconds",
        &[
            "handling_time",
            "aht",
            "time_spent",
            "hanteringstid",
            "behandlingstid",
            "време_за_обработка",
            "işlem_süresi",
        ],
    ),
    (
        TableKind::Tickets,
        "first_response_seconds",
        &[
            "första_svarstid",
            "første_svartid",
            "време_за_първи_отговор",
            "ilk_yanıt_süresi",
        ],
    ),
    (
        TableKind::Tickets,
        "resolution_seconds",
        &[
            "lösningstid",
            "løsningstid",
            "време_за_решаване",
            "çözüm_süresi",
        ],
    ),
    (
        TableKind::Tickets,
        "satisfaction",
        &[
            "rating",
            "nöjdhet",
            "betyg",
            "tilfredshet",
            "vurdering",
            "удовлетвореност",
            "оценка",
            "memnuniyet",
            "puan",
        ],
    ),
    (
        TableKind::Tickets,
        "tags",
        &[
            "taggar",
            "etiketter",
            "tagger",
            "stikkord",
            "етикети",
            "тагове",
            "etiketler",
        ],
    ),
    (
        TableKind::Tickets,
        "is_complaint",
        &["klagomål", "klage", "оплакване", "şikayet"],
    ),
    // calls
    (
        TableKind::Calls,
        "id",
        &[
            "samtals_id",
            "samtal_id",
            "samtale_id",
            "id_на_обаждане",
            "обаждане",
            "çağrı_id",
            "arama_id",
        ],
    ),
    (
        TableKind::Calls,
        "started_at",
        &[
            "call_date",
            "started",
            "starttid",
            "samtal_start",
            "starttidspunkt",
            "начало",
            "начален_час",
            "başlangıç",
            "başlangıç_zamanı",
            "arama_zamanı",
        ],
    ),
    (
        TableKind::Calls,
        "answered_at",
        &[
            "answered",
            "answer_time",
            "besvarad",
            "besvarat",
            "besvart",
            "отговорен",
            "вдигнат",
            "cevaplanma",
            "yanıtlanma_zamanı",
        ],
    ),
    (
        TableKind::Calls,
        "ended_at",
        &[
            "ended",
            "sluttid",
            "slutttid",
            "avslutad",
            "avsluttet",
            "край",
            "краен_час",
            "bitiş",
            "bitiş_zamanı",
        ],
    ),
    (
        TableKind::Calls,
        "wait_seconds",
        &[
            "wait",
            "waiting_time",
            "queue_wait_time",
            "väntetid",
            "kötid",
            "ventetid",
            "køtid",
            "време_на_изчакване",
            "чакане",
            "bekleme_süresi",
        ],
    ),
    (
        TableKind::Calls,
        "talk_seconds",
        &[
            "talk",
            "talk_duration",
            "samtalstid",
            "samtaletid",
            "време_за_разговор",
            "разговор",
            "konuşma_süresi",
        ],
    ),
    (
        TableKind::Calls,
        "hold_seconds",
        &[
            "parkeringstid",
            "holdetid",
            "време_на_задържане",
            "bekletme_süresi",
            "beklemede_süresi",
        ],
    ),
    (
        TableKind::Calls,
        "wrap_seconds",
        &[
            "after_call_work_time",
            "wrap_up_time",
            "wrap_up",
            "efterarbete",
            "efterarbetstid",
            "etterarbeid",
            "следразговорна_работа",
            "çağrı_sonrası_iş",
            "toparlama_süresi",
        ],
    ),
    (
        TableKind::Calls,
        "agent",
        &[
            "agent_name",
            "user_name",
            "handläggare",
            "saksbehandler",
            "агент",
            "служител",
            "оператор",
            "temsilci",
        ],
    ),
    (TableKind::Calls, "queue", &["kö", "kø", "опашка", "kuyruk"]),
    (
        TableKind::Calls,
        "customer_id",
        &[
            "uppringare",
            "kund",
            "innringer",
            "kunde",
            "обаждащ_се",
            "клиент",
            "arayan",
            "müşteri",
        ],
    ),
    (
        TableKind::Calls,
        "direction",
        &["riktning", "retning", "посока", "yön"],
    ),
    (
        TableKind::Calls,
        "abandoned",
        &[
            "avbruten",
            "tappad",
            "övergiven",
            "avbrutt",
            "tapt",
            "изоставен",
            "прекъснат",
            "terk_edildi",
            "kaçan",
        ],
    ),
    (
        TableKind::Calls,
        "transferred",
        &["överförd", "kopplad", "overført", "прехвърлен", "aktarıldı"],
    ),
    // surveys
    (
        TableKind::Surveys,
        "id",
        &["svar_id", "id_на_отговор", "yanıt_id"],
    ),
    (
        TableKind::Surveys,
        "submitted_at",
        &[
            "submit_date",
            "response_date",
            "completed_at",
            "inskickad",
            "besvarad",
            "datum",
            "innsendt",
            "besvart",
            "dato",
            "изпратен",
            "дата",
            "gönderilme_tarihi",
            "tarih",
        ],
    ),
    (
        TableKind::Surveys,
        "kind",
        &[
            "survey_type",
            "type",
            "typ",
            "enkättyp",
            "undersøkelsestype",
            "вид",
            "тип",
            "tür",
            "anket_türü",
        ],
    ),
    (
        TableKind::Surveys,
        "score",
        &[
            "rating",
            "betyg",
            "poäng",
            "poeng",
            "karakter",
            "оценка",
            "резултат",
            "puan",
            "skor",
        ],
    ),
    (
        TableKind::Surveys,
        "ticket_id",
        &[
            "ärende",
            "ärende_id",
            "sak",
            "sak_id",
            "тикет",
            "номер_на_тикет",
            "bilet_id",
            "talep_no",
        ],
    ),
    (
        TableKind::Surveys,
        "customer_id",
        &["email", "kund", "kunde", "клиент", "müşteri"],
    ),
    (
        TableKind::Surveys,
        "agent",
        &["handläggare", "saksbehandler", "агент", "temsilci"],
    ),
    (
        TableKind::Surveys,
        "comment",
        &["feedback", "comments", "kommentar", "коментар", "yorum"],
    ),
    // customers
    (
        TableKind::Customers,
        "id",
        &[
            "account_id",
            "kund_id",
            "kundnummer",
            "kunde_id",
            "kundenummer",
            "клиент_id",
            "номер_на_клиент",
            "müşteri_id",
            "müşteri_no",
        ],
    ),
    (
        TableKind::Customers,
        "started_at",
        &[
            "customer_since",
            "startdatum",
            "kund_sedan",
            "startdato",
            "kunde_siden",
            "начална_дата",
            "клиент_от",
            "başlangıç_tarihi",
            "üyelik_tarihi",
        ],
    ),
    (
        TableKind::Customers,
        "ended_at",
        &[
            "uppsagd",
            "slutdatum",
            "oppsagt",
            "sluttdato",
            "крайна_дата",
            "прекратен",
            "bitiş_tarihi",
            "iptal_tarihi",
        ],
    ),
    (
        TableKind::Customers,
        "plan",
        &[
            "abonnemang",
            "abonnement",
            "план",
            "абонамент",
            "abonelik",
            "paket",
        ],
    ),
    (TableKind::Customers, "segment", &["сегмент"]),
    (
        TableKind::Customers,
        "mrr",
        &[
            "monthly_revenue",
            "månadsintäkt",
            "månedlig_inntekt",
            "месечен_приход",
            "aylık_gelir",
        ],
    ),
    // orders
    (
        TableKind::Orders,
        "id",
        &[
            "ordernummer",
            "ordrenummer",
            "ordre_id",
            "номер_на_поръчка",
            "поръчка",
            "sipariş_no",
            "sipariş_id",
        ],
    ),
    (
        TableKind::Orders,
        "customer_id",
        &[
            "kund",
            "kund_id",
            "kunde",
            "kunde_id",
            "клиент",
            "müşteri",
            "müşteri_id",
        ],
    ),
    (
        TableKind::Orders,
        "ordered_at",
        &[
            "orderdatum",
            "beställd",
            "ordredato",
            "bestilt",
            "дата_на_поръчка",
            "поръчан",
            "sipariş_tarihi",
        ],
    ),
    (
        TableKind::Orders,
        "amount",
        &[
            "value",
            "belopp",
            "summa",
            "beløp",
            "sum",
            "сума",
            "стойност",
            "tutar",
            "toplam",
        ],
    ),
    (
        TableKind::Orders,
        "promised_at",
        &[
            "utlovad",
            "lovet",
            "lovet_dato",
            "обещана_дата",
            "срок",
            "söz_verilen_tarih",
            "taahhüt_tarihi",
        ],
    ),
    (
        TableKind::Orders,
        "delivered_at",
        &[
            "levererad",
            "levert",
            "доставен",
            "дата_на_доставка",
            "teslim_tarihi",
            "teslim_edildi",
        ],
    ),
    (
        TableKind::Orders,
        "returned",
        &["returnerad", "returnert", "върнат", "iade", "iade_edildi"],
    ),
    (
        TableKind::Orders,
        "cancelled",
        &[
            "avbeställd",
            "annullerad",
            "kansellert",
            "avbestilt",
            "отказан",
            "анулиран",
            "iptal",
            "iptal_edildi",
        ],
    ),
    (
        TableKind::Orders,
        "invoice_error",
        &[
            "fakturafel",
            "fakturafeil",
            "грешка_във_фактура",
            "fatura_hatası",
        ],
    ),
    (
        TableKind::Orders,
        "entry_error",
        &[
            "registreringsfel",
            "registreringsfeil",
            "грешка_при_въвеждане",
            "giriş_hatası",
        ],
    ),
    (
        TableKind::Orders,
        "claim",
        &["reklamation", "reklamasjon", "рекламация", "reklamasyon"],
    ),
    // qa_reviews
    (
        TableKind::QaReviews,
        "id",
        &[
            "granskning_id",
            "vurdering_id",
            "id_на_оценка",
            "değerlendirme_id",
        ],
    ),
    (
        TableKind::QaReviews,
        "reviewed_at",
        &[
            "evaluated_at",
            "granskad",
            "granskningsdatum",
            "vurdert",
            "vurderingsdato",
            "оценен",
            "дата_на_оценка",
            "değerlendirme_tarihi",
        ],
    ),
    (
        TableKind::QaReviews,
        "agent",
        &[
            "handläggare",
            "saksbehandler",
            "агент",
            "служител",
            "temsilci",
        ],
    ),
    (
        TableKind::QaReviews,
        "ticket_id",
        &[
            "ärende",
            "ärende_id",
            "sak",
            "sak_id",
            "тикет",
            "bilet_id",
            "talep_no",
        ],
    ),
    (
        TableKind::QaReviews,
        "reviewer",
        &[
            "granskare",
            "kontrollør",
            "vurderer",
            "оценител",
            "проверяващ",
            "değerlendiren",
            "denetçi",
        ],
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
            // Turkish dotted capital I: lower case is plain `i`, not `i` +
            // a combining dot (which is no letter and would split the word).
            if ch == 'İ' {
                out.push('i');
            } else {
                out.extend(ch.to_lowercase());
            }
        } else {
            gap = true;
        }
    }
    out
}

/// The canonical column of `kind` that the header matches, if any.
pub fn match_header(kind: TableKind, header: &str) -> Option<&'static Column> {
    let norm = normalize_header(header);
    kind.columns()
        .iter()
        .find(|c| c.name == norm)
        .or_else(|| {
            kind.columns()
                .iter()
                .find(|c| c.synonyms.contains(&norm.as_str()))
        })
        .or_else(|| {
            LOCALIZED
                .iter()
                .find(|(k, _, syn)| *k == kind && syn.contains(&norm.as_str()))
                .and_then(|(_, name, _)| kind.column(name))
        })
}

/// How well the headers fit `kind`: `None` if a required column is missing,
/// else the number of canonical columns matched.
pub fn fit(kind: TableKind, headers: &[String]) -> Option<usize> {
    let matched: Vec<&'static str> = headers
        .iter()
        .filter_map(|h| match_header(kind, h).map(|c| c.name))
        .collect();
    let found = |c: &&Column| matched.contains(&c.name);
    let columns = kind.columns().iter();
    let complete = columns.clone().filter(|c| c.required).all(|c| found(&c));
    complete.then(|| columns.filter(found).count())
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
        assert_eq!(normalize_header("İlk yanıt"), "ilk_yanıt");
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
    #[test]
    fn synonyms_are_normalised_and_name_real_columns() {
        for c in TableKind::ALL.iter().flat_map(|k| k.columns()) {
            for s in c.synonyms {
                assert_eq!(normalize_header(s), *s);
            }
        }
        for (kind, name, syns) in LOCALIZED {
            assert!(kind.column(name).is_some(), "{name}");
            for s in *syns {
                assert_eq!(normalize_header(s), *s, "{s}");
            }
        }
    }

    #[test]
    fn localized_headers() {
        let t = TableKind::Tickets;
        let cases = [
            // sv
            (t, "Skapad", "created_at"),
            (t, "Handläggare", "agent"),
            (t, "Löst datum", "solved_at"),
            (t, "Ärendenummer", "id"),
            (t, "Prioritet", "priority"),
            // nb
            (t, "Opprettet", "created_at"),
            (t, "Saksbehandler", "agent"),
            (t, "Kunde", "customer_id"),
            (t, "Første svar", "first_response_at"),
            // bg
            (t, "Създаден", "created_at"),
            (t, "Създаден на", "created_at"),
            (t, "Агент", "agent"),
            (t, "Приоритет", "priority"),
            (t, "Канал", "channel"),
            // tr
            (t, "Oluşturulma tarihi", "created_at"),
            (t, "Temsilci", "agent"),
            (t, "Öncelik", "priority"),
            (t, "Durum", "status"),
            // en
            (t, "Agent", "agent"),
            (t, "Assigned to", "agent"),
            (t, "Closed at", "solved_at"),
            (TableKind::Calls, "Väntetid", "wait_seconds"),
            (TableKind::Calls, "Samtaletid", "talk_seconds"),
            (TableKind::Calls, "Опашка", "queue"),
            (TableKind::Calls, "Bekleme süresi", "wait_seconds"),
            (TableKind::Surveys, "Kommentar", "comment"),
            (TableKind::Surveys, "Puan", "score"),
            (TableKind::Customers, "Kund sedan", "started_at"),
            (TableKind::Orders, "Sipariş tarihi", "ordered_at"),
            (TableKind::Orders, "Belopp", "amount"),
            (TableKind::QaReviews, "Granskare", "reviewer"),
        ];
        for (kind, header, want) in cases {
            assert_eq!(
                match_header(kind, header).map(|c| c.name),
                Some(want),
                "{header}"
            );
        }
    }

    #[test]
    fn localized_files_are_detected() {
        let cases = [
            (
                &["Ärende", "Skapad", "Handläggare", "Status"][..],
                TableKind::Tickets,
            ),
            (
                &["Sak", "Opprettet", "Saksbehandler", "Løst"][..],
                TableKind::Tickets,
            ),
            (
                &["Номер", "Създаден", "Агент", "Приоритет"][..],
                TableKind::Tickets,
            ),
            (
                &["Talep No", "Oluşturulma tarihi", "Temsilci", "Durum"][..],
                TableKind::Tickets,
            ),
            (
                &["Samtals-ID", "Starttid", "Väntetid", "Samtalstid"][..],
                TableKind::Calls,
            ),
            (
                &["Sipariş No", "Sipariş tarihi", "Tutar"][..],
                TableKind::Orders,
            ),
        ];
        for (hs, kind) in cases {
            assert_eq!(detect_kind(&headers(hs)), Some(kind), "{hs:?}");
        }
    }
}
