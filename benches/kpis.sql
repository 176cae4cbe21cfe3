-- The ticket KPIs of the benchmark, written by hand in DuckDB SQL the way a
-- user would, for DuckDB-WASM (benches/browser) and native DuckDB
-- (benches/duckdb-native.py). Definitions follow SPEC section 4 and must give
-- cxkpi's numbers (benches/kpis.mjs cross-checks them). Output columns are
-- named after the report's metric ids; `scope` is all, agent:NAME or
-- month:YYYY-MM (UTC, cxkpi's default time zone). Sections start with "-- name:".

-- name: load
-- Explicit types: with auto-detected `…Z` timestamps DuckDB fetches its ICU
-- extension at run time, which fails offline.
CREATE TABLE tickets AS SELECT * FROM read_csv('{file}', header = true, auto_detect = false, delim = ',', quote = '"',
  columns = {'id': 'VARCHAR', 'created_at': 'TIMESTAMP', 'first_response_at': 'TIMESTAMP', 'solved_at': 'TIMESTAMP',
    'status': 'VARCHAR', 'channel': 'VARCHAR', 'agent': 'VARCHAR', 'team': 'VARCHAR', 'priority': 'VARCHAR',
    'customer_id': 'VARCHAR', 'replies': 'INTEGER', 'reopens': 'INTEGER', 'escalated': 'BOOLEAN', 'transfers': 'INTEGER',
    'handle_seconds': 'INTEGER', 'satisfaction': 'VARCHAR', 'tags': 'VARCHAR'});

-- name: created
-- Anchored at created_at: volume, first response (negative durations left out), escalation.
SELECT
  CASE WHEN grouping(agent) = 0 THEN 'agent:' || agent
       WHEN grouping(month) = 0 THEN 'month:' || strftime(month, '%Y-%m') ELSE 'all' END AS scope,
  count(*) AS "tickets.created.value",
  count(fr) AS "tickets.first_response_seconds.count",
  avg(fr) AS "tickets.first_response_seconds.mean",
  quantile_cont(fr, 0.5) AS "tickets.first_response_seconds.median",
  quantile_cont(fr, 0.9) AS "tickets.first_response_seconds.p90",
  count(*) FILTER (WHERE escalated) AS "tickets.escalation_rate.numerator",
  count(escalated) AS "tickets.escalation_rate.denominator",
  count(*) FILTER (WHERE escalated) / count(escalated) AS "tickets.escalation_rate.value"
FROM (
  SELECT coalesce(agent, '(none)') AS agent, date_trunc('month', created_at) AS month, escalated,
    CASE WHEN first_response_at >= created_at THEN date_diff('second', created_at, first_response_at) END AS fr
  FROM tickets
)
GROUP BY GROUPING SETS ((), (agent), (month));

-- name: solved
-- Anchored at solved_at: resolution, CSAT from the tickets' good/bad ratings,
-- reopen rate and one-touch rate (replies ≤ 1, solved without a reply included).
SELECT
  CASE WHEN grouping(agent) = 0 THEN 'agent:' || agent
       WHEN grouping(month) = 0 THEN 'month:' || strftime(month, '%Y-%m') ELSE 'all' END AS scope,
  count(res) AS "tickets.resolution_seconds.count",
  quantile_cont(res, 0.5) AS "tickets.resolution_seconds.median",
  count(*) FILTER (WHERE rating = 'good') AS "surveys.csat_rate.numerator",
  count(rating) AS "surveys.csat_rate.denominator",
  count(*) FILTER (WHERE rating = 'good') / count(rating) AS "surveys.csat_rate.value",
  count(*) FILTER (WHERE reopens > 0) AS "tickets.reopen_rate.numerator",
  count(reopens) AS "tickets.reopen_rate.denominator",
  count(*) FILTER (WHERE reopens > 0) / count(reopens) AS "tickets.reopen_rate.value",
  count(*) FILTER (WHERE replies <= 1) AS "tickets.one_touch_rate.numerator",
  count(replies) AS "tickets.one_touch_rate.denominator",
  count(*) FILTER (WHERE replies <= 1) / count(replies) AS "tickets.one_touch_rate.value"
FROM (
  SELECT coalesce(agent, '(none)') AS agent, date_trunc('month', solved_at) AS month, reopens, replies,
    CASE WHEN lower(trim(satisfaction)) IN ('good', 'bad') THEN lower(trim(satisfaction)) END AS rating,
    CASE WHEN solved_at >= created_at THEN date_diff('second', created_at, solved_at) END AS res
  FROM tickets
  WHERE solved_at IS NOT NULL
)
GROUP BY GROUPING SETS ((), (agent), (month));
