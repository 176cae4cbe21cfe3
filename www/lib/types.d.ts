// The config and report shapes of SPEC section 6. Every config field is optional;
// unknown fields and invalid values are errors that name the field (CxkpiError.field).

/** A calendar date, `YYYY-MM-DD`. */
export type DateString = string;
/** A time of day, `HH:MM`. */
export type TimeString = string;
/** An RFC 3339 timestamp with the zone's offset. */
export type Timestamp = string;

export type TableKind = "tickets" | "calls" | "surveys" | "customers" | "orders" | "qa_reviews";
export type Granularity = "day" | "week" | "month" | "quarter";
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** A date range `[start, end)`. */
export interface DateRange {
  start: DateString;
  end: DateString;
}

/** SLA targets, seconds of calendar time. */
export interface SlaTarget {
  first_response?: number;
  resolution?: number;
}

export interface BusinessHours {
  days: Weekday[];
  start: TimeString;
  end: TimeString;
  holidays?: DateString[];
}

/** A goal (SPEC section 5). */
export interface Goal {
  id: string;
  name?: string;
  /** Metric id, with the statistic for distributions (`tickets.first_response_seconds.median`). */
  metric?: string;
  /** Column → value filters, e.g. `{team: "Billing"}`. */
  filter?: Record<string, string>;
  target?: { absolute: number } | { relative: number };
  baseline?: DateRange;
  start?: DateString;
  deadline?: DateString;
  parent?: string;
}

/** The config: the same object for the CLI, the JS API and the page. */
export interface Config {
  /** IANA zone that places local timestamps and cuts days; default `UTC`. */
  time_zone?: string;
  /** The period `[start, end)`; default: from the data. */
  period?: DateRange;
  /** Trend bucket size; default: no trend. */
  granularity?: Granularity;
  /** Breakdown columns (`agent`, `team`, `channel`, …). */
  group_by?: string[];
  business_hours?: BusinessHours;
  /** SLA targets per priority (lower-cased), with `default`. */
  sla?: Record<string, SlaTarget>;
  /** CSAT scale 1..N; default 5. */
  csat_scale?: number;
  /** CES scale 1..N; default 7. */
  ces_scale?: number;
  /** Default true. */
  ces_higher_is_easier?: boolean;
  /** Service-level answer threshold, seconds; default 20. */
  service_level_seconds?: number;
  /** Abandons waiting less than this are not offered calls, seconds; default 0. */
  short_abandon_seconds?: number;
  /** Repeat-contact window for FCR, days; default 7. */
  repeat_contact_days?: number;
  /** Order-form inactivity window, days; default 90. */
  inactivity_days?: number;
  /** Case-insensitive substrings of tags / category that mark a complaint. */
  complaint_keywords?: string[];
  qa?: { critical?: string[] };
  goals?: Goal[];
}

/** A count. */
export interface CountValue {
  value: number;
}
/** A distribution; the statistics are `null` when `count` is 0. Units are in the metric id (`_seconds`). */
export interface DistValue {
  count: number;
  sum: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}
/** A rate 0..1 with its Wilson 95 % interval. */
export interface RateValue {
  value: number | null;
  numerator: number;
  denominator: number;
  ci95: [number, number] | null;
}
/** Net promoter score, -100..100. */
export interface NpsValue {
  value: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  count: number;
  ci95: [number, number] | null;
}
/** A money ratio (no interval). */
export interface RatioValue {
  value: number | null;
  numerator: number;
  denominator: number;
}
/** A plain value (a sum, revenue per customer). */
export interface PlainValue {
  value: number | null;
}
export type MetricValue = CountValue | DistValue | RateValue | NpsValue | RatioValue | PlainValue;
/** Metric id (`tickets.created`, `calls.service_level_rate`, …) → value. */
export type Metrics = Record<string, MetricValue>;

/** One input file, as read. */
export interface InputInfo {
  file: string;
  kind: TableKind;
  /** The export format detected (`zendesk`, `generic`, …). */
  format: string;
  encoding: string;
  delimiter: string;
  rows: number;
  skipped: number;
  /** Canonical column → header text. */
  columns: Record<string, string>;
  /** Where the adapter's vendor defines a metric differently, in short English sentences (absent for canonical files). */
  definitions?: string[];
}

export interface TrendBucket {
  start: Timestamp;
  end: Timestamp;
  metrics: Metrics;
}

export interface GoalOutcome {
  id: string;
  baseline: number | null;
  current: number | null;
  target: number | null;
  progress: number | null;
  elapsed: number | null;
  status: string;
  /** The goal's number per trend bucket under its filter, aligned with `trend.buckets`; absent without a trend or a metric. */
  series?: (number | null)[];
}

export interface Issue {
  kind: string;
  file: string;
  /** 1-based line of the record (header = line 1). */
  line: number;
  /** Header text; empty when the whole row is meant. */
  column: string;
  value: string;
  reason: string;
}

export interface CohortRow {
  cohort: string;
  customers: number;
  active: number[];
  retention: (number | null)[];
}

/** The report (schema `cxkpi.report/1`). */
export interface Report {
  schema: "cxkpi.report/1";
  period: { start: Timestamp; end: Timestamp; time_zone: string };
  inputs: InputInfo[];
  metrics: Metrics;
  /** Group column → group value → metrics. */
  groups: Record<string, Record<string, Metrics>>;
  trend: { granularity: Granularity; buckets: TrendBucket[] } | null;
  cohorts?: { months: string[]; rows: CohortRow[] };
  goals: GoalOutcome[];
  issues: { counts: Record<string, number>; examples: Issue[] };
}
