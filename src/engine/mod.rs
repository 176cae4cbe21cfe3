//! The metric engine: pure Rust, no I/O, no clock. Files come in as bytes,
//! a [`Config`] says how to cut them, and [`report`] returns the report of
//! SPEC section 6.

mod adapters;
mod archive;
mod config;
mod dataset;
mod decode;
mod error;
mod goals_csv;
pub mod kpi;
mod load;
mod packed;
mod period;
mod queue_log;
mod report;
mod schema;
mod sniff;
mod stats;
mod table;
mod value;

pub use adapters::{shape_formats, Adapter, Conv, ADAPTERS};
pub use archive::{
    is_zip, Entry, InputLoader, OpenContainer, OpenError, Rows, MAX_DEPTH, ZIP_MAGIC,
};
pub use config::{
    BusinessHours, Config, DateRange, Goal, Granularity, QaConfig, SlaTarget, Target,
    DEFAULT_COMPLAINT_KEYWORDS,
};
pub use dataset::Dataset;
pub use error::{
    Error, ErrorKind, Issue, IssueKind, IssueLog, Position, ISSUE_EXAMPLES, ISSUE_VALUE_CHARS,
};
pub use goals_csv::goals_from_csv;
pub use load::{load, FileLoader, InputInfo, LoadOptions, LoadedFile, RowLoader, SavedMapping};
pub use period::{
    buckets, default_span, local_date, local_midnight, rfc3339, span_of, BusinessClock, Span,
};
pub use report::{
    report, Bucket, GoalOutcome, IssueSummary, MetricValue, PeriodInfo, Report, Trend,
};
pub use schema::{detect_kind, match_header, normalize_header, Column, ColumnType, TableKind};
pub use stats::{dist, nps, percentile, rate, ratio, Dist, Nps, Rate, Ratio, Z95};
pub use table::{
    Codes, ColumnData, Ints, NamedColumn, StrColumn, Table, TsColumn, NO_BOOL, NO_STR, NO_TS,
};
pub use value::{
    decimal_evidence, parse_bool, parse_criterion, parse_duration, parse_int, parse_number,
    parse_ts, resolve_local, slashed_date, Decimal, LocalFit, TsValue,
};
