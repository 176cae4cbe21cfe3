#!/usr/bin/env node
// Writes the bundled sample dataset: six canonical CSV files (SPEC section 1)
// for a fictional Nordic B2B company (subscriptions plus a hardware shop), with
// support in sv, nb, en, bg and tr, from 2026-01-01 to 2026-07-01 in
// Europe/Stockholm, plus the config that reports on it.
//
//   node scripts/gen-sample.mjs [--seed N] [--out DIR]     (default: 2026, tests/data/sample)
//
// Deterministic: the same seed writes the same bytes (mulberry32, one stream
// per table, no clock). The story in the data, so reports have something to show:
// a carrier problem in March (late deliveries, claims, complaints on the Orders
// team), a new agent (Jonas Berg) from March who is slower, repeat contacts
// within 7 days, night and weekend tickets answered next business morning,
// tickets still open at the export on 2026-07-01, and a few deliberate flaws
// real exports have (survey rows naming deleted tickets).
//
// Value formats vary per file as real exports do: tickets ISO 8601 with offset;
// calls local "YYYY-MM-DD HH:MM:SS", 1/0 booleans, HH:MM:SS durations; surveys
// UTC "Z"; customers dates only; orders a Swedish Excel export (UTF-8 BOM, CRLF,
// ";" delimiter, decimal comma, ja/nej, date-only promised_at); QA reviews
// "DD.MM.YYYY HH:MM".

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mulberry32 } from "./mulberry32.mjs";

// ---- arguments ----------------------------------------------------------------

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const SEED = Number(opt("--seed", "2026"));
const OUT = opt("--out", "tests/data/sample");

// ---- randomness ------------------------------------------------------------------


/** Random helpers over one stream. */
function rng(stream) {
  const next = mulberry32(SEED * 1000003 + stream * 7919);
  const r = {
    next,
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    /** `pairs`: [[value, weight], ...]. */
    weighted: (pairs) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of pairs) if ((x -= w) < 0) return v;
      return pairs[pairs.length - 1][0];
    },
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    /** Log-normal with the given median and log-space spread. */
    lognormal: (median, sigma) => median * Math.exp(sigma * r.normal()),
    poisson: (lambda) => {
      const l = Math.exp(-lambda);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= next();
      } while (p > l);
      return k - 1;
    },
  };
  return r;
}

// ---- time in Europe/Stockholm (CET/CEST, EU rules: change at 01:00 UTC) -------------

const HOUR = 3600e3;
const DAY = 24 * HOUR;

/** The last Sunday of `month` (0-based) in `year`, as a day of the month. */
function lastSunday(year, month) {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/** UTC offset of Europe/Stockholm at instant `ms`, in minutes. */
function offsetMinutes(ms) {
  const y = new Date(ms).getUTCFullYear();
  const start = Date.UTC(y, 2, lastSunday(y, 2), 1);
  const end = Date.UTC(y, 9, lastSunday(y, 9), 1);
  return ms >= start && ms < end ? 120 : 60;
}

/** Local calendar fields of instant `ms`. `dow` 0 = Sunday. */
function local(ms) {
  const d = new Date(ms + offsetMinutes(ms) * 60e3);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    dow: d.getUTCDay(),
  };
}

/** The instant of a local wall time (month 1-based). Times in the spring gap move forward an hour. */
function utc(y, mo, d, h = 0, mi = 0, s = 0) {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  for (const off of [60, 120]) {
    const t = wall - off * 60e3;
    if (offsetMinutes(t) === off) return t;
  }
  return wall - 60 * 60e3;
}

const p2 = (n) => String(n).padStart(2, "0");
const dateOf = (l) => `${l.y}-${p2(l.mo)}-${p2(l.d)}`;
const clockOf = (l) => `${p2(l.h)}:${p2(l.mi)}:${p2(l.s)}`;

/** "2026-01-05" (local date). */
const fmtDate = (ms) => dateOf(local(ms));
/** "2026-01-05 09:13:22" (local, no offset). */
const fmtLocal = (ms) => `${fmtDate(ms)} ${clockOf(local(ms))}`;
/** "2026-01-05 09:13" (local, no seconds). */
const fmtLocalMinutes = (ms) => fmtLocal(ms).slice(0, 16);
/** "2026-01-05T09:13:22+01:00". */
function fmtOffset(ms) {
  const off = offsetMinutes(ms);
  const l = local(ms);
  return `${dateOf(l)}T${clockOf(l)}+${p2(off / 60)}:${p2(off % 60)}`;
}
/** "2026-01-05T08:13:22Z". */
const fmtZ = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
/** "05.01.2026 09:13" (local). */
function fmtDotted(ms) {
  const l = local(ms);
  return `${p2(l.d)}.${p2(l.mo)}.${l.y} ${p2(l.h)}:${p2(l.mi)}`;
}
/** "00:04:12". */
function fmtHms(secs) {
  const s = Math.round(secs);
  return `${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}`;
}

// ---- the company ---------------------------------------------------------------------

const PERIOD_START = utc(2026, 1, 1);
const PERIOD_END = utc(2026, 7, 1);
const EXPORTED_AT = utc(2026, 7, 1, 6, 0);
const DAYS = Math.round((PERIOD_END - PERIOD_START) / DAY);

// Swedish public holidays in the period (and midsummer eve), as in config.json.
const HOLIDAYS = [
  "2026-01-01",
  "2026-01-06",
  "2026-04-03",
  "2026-04-06",
  "2026-05-01",
  "2026-05-14",
  "2026-06-06",
  "2026-06-19",
];
const OPEN_HOUR = 8;
const CLOSE_HOUR = 17;

/** Whether the local day of `ms` is a working day. */
function workday(ms) {
  const l = local(ms);
  return l.dow >= 1 && l.dow <= 5 && !HOLIDAYS.includes(dateOf(l));
}
/** Whether `ms` is within business hours. */
const isOpen = (ms) => workday(ms) && local(ms).h >= OPEN_HOUR && local(ms).h < CLOSE_HOUR;

/** The first business-hours instant at or after `ms`. */
function nextOpen(ms) {
  let t = ms;
  for (let i = 0; i < 30; i++) {
    const l = local(t);
    const open = utc(l.y, l.mo, l.d, OPEN_HOUR);
    const close = utc(l.y, l.mo, l.d, CLOSE_HOUR);
    if (workday(t) && t < close) return Math.max(t, open);
    t = utc(l.y, l.mo, l.d + 1);
  }
  return t;
}

/** `start` plus `secs` of business time (as a support team that only works open hours). */
function addBusiness(start, secs) {
  let t = nextOpen(start);
  let left = secs * 1000;
  for (let i = 0; i < 400; i++) {
    const l = local(t);
    const close = utc(l.y, l.mo, l.d, CLOSE_HOUR);
    if (t + left <= close) return t + left;
    left -= close - t;
    t = nextOpen(close);
  }
  return t + left;
}

const TEAMS = {
  Billing: ["Anna Lindqvist", "Erik Johansson", "Ingrid Haugen"],
  Technical: ["Lars Nilsson", "Mehmet Yılmaz", "Sofia Karlsson"],
  Orders: ["Elena Petrova", "Jonas Berg"],
};
const TEAM_OF = Object.fromEntries(Object.entries(TEAMS).flatMap(([team, agents]) => agents.map((a) => [a, team])));
// speed < 1 is faster; quality shifts satisfaction and QA results.
const AGENT = {
  "Anna Lindqvist": { speed: 0.8, quality: 0.05, from: PERIOD_START },
  "Erik Johansson": { speed: 1.1, quality: -0.02, from: PERIOD_START },
  "Ingrid Haugen": { speed: 1.0, quality: 0.03, from: PERIOD_START },
  "Lars Nilsson": { speed: 1.2, quality: 0.0, from: PERIOD_START },
  "Mehmet Yılmaz": { speed: 0.7, quality: 0.04, from: PERIOD_START },
  "Sofia Karlsson": { speed: 0.95, quality: 0.02, from: PERIOD_START },
  "Elena Petrova": { speed: 0.9, quality: 0.01, from: PERIOD_START },
  "Jonas Berg": { speed: 1.5, quality: -0.08, from: utc(2026, 3, 2) },
};
const CATEGORIES = {
  Billing: ["invoice", "payment", "refund", "subscription"],
  Technical: ["login", "bug", "integration", "how_to"],
  Orders: ["delivery", "return", "order_change", "damaged_item"],
};
const COMPLAINT_TAG = { sv: "klagomål", nb: "klage", en: "complaint", bg: "оплакване", tr: "şikayet" };
const COUNTRY = { sv: "SE", nb: "NO", en: "GB", bg: "BG", tr: "TR" };

const agentsOf = (team, at) => TEAMS[team].filter((a) => AGENT[a].from <= at);

// ---- CSV -------------------------------------------------------------------------------

function csv(header, rows, { delimiter = ",", eol = "\n", bom = false } = {}) {
  const cell = (v) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /["\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [header, ...rows.map((r) => header.map((h) => r[h]))].map((r) => r.map(cell).join(delimiter));
  return (bom ? "\uFEFF" : "") + lines.join(eol) + eol;
}

// ---- customers ---------------------------------------------------------------------------

function genCustomers() {
  const r = rng(1);
  const customers = [];
  for (let i = 1; i <= 600; i++) {
    const lang = r.weighted([
      ["sv", 45],
      ["nb", 20],
      ["en", 15],
      ["bg", 10],
      ["tr", 10],
    ]);
    const plan = r.weighted([
      ["Basic", 50],
      ["Pro", 35],
      ["Enterprise", 15],
    ]);
    const segment =
      plan === "Enterprise" ? "Enterprise" : plan === "Pro" ? r.pick(["SMB", "Mid-market", "Mid-market"]) : "SMB";
    const mrr = { Basic: r.pick([29, 39, 49]), Pro: r.pick([99, 149, 199]), Enterprise: r.int(5, 25) * 100 }[plan];
    // ~20 % join during the period; the rest from 2022 on.
    const started = r.chance(0.2)
      ? PERIOD_START + r.int(0, DAYS - 1) * DAY
      : utc(2022, 1, 1) + r.int(0, 4 * 365 - 5) * DAY;
    let ended = null;
    if (started < PERIOD_START && r.chance(0.11)) ended = utc(2025, 1, 1) + r.int(0, 364) * DAY;
    else if (r.chance(plan === "Basic" ? 0.1 : 0.05)) ended = Math.max(started, PERIOD_START) + r.int(20, 180) * DAY;
    if (ended !== null && (ended <= started || ended >= PERIOD_END)) ended = null;
    const s = local(started);
    customers.push({
      id: `C${String(i).padStart(4, "0")}`,
      lang,
      started: utc(s.y, s.mo, s.d),
      ended: ended === null ? null : utc(local(ended).y, local(ended).mo, local(ended).d),
      plan,
      segment,
      mrr,
      complaints: 0,
    });
  }
  return customers;
}

const activeAt = (c, t) => c.started <= t && (c.ended === null || c.ended > t);

// ---- tickets -----------------------------------------------------------------------------------

function genTickets(customers) {
  const r = rng(2);
  const tickets = [];
  const recent = []; // [customer, created] of the last tickets, for repeat contacts
  let nextId = 10001;
  const monthFactor = [1.0, 0.95, 1.3, 1.0, 1.05, 1.1];
  for (let day = 0; day < DAYS; day++) {
    const midnight = PERIOD_START + day * DAY + 12 * HOUR; // noon: safe for local()
    const l = local(midnight);
    const dayStart = utc(l.y, l.mo, l.d);
    const weekend = l.dow === 0 || l.dow === 6;
    const lambda = 12.6 * monthFactor[l.mo - 1] * (weekend ? 0.35 : l.dow === 1 ? 1.25 : 1);
    const n = r.poisson(lambda);
    const todays = [];
    for (let k = 0; k < n; k++) {
      // 70 % in business hours on workdays, the rest evening and night.
      const hour =
        !weekend && r.chance(0.72)
          ? r.int(OPEN_HOUR, CLOSE_HOUR - 1)
          : r.weighted([
              [r.int(17, 22), 3],
              [r.int(6, 7), 1],
              [r.int(0, 5), 1],
              [r.int(8, 16), 2],
            ]);
      todays.push(dayStart + hour * HOUR + r.int(0, 3599) * 1000);
    }
    todays.sort((a, b) => a - b);
    for (const created of todays) tickets.push(genTicket(r, nextId++, created, customers, recent));
  }
  return tickets;
}

function genTicket(r, id, created, customers, recent) {
  const open = isOpen(created);
  // Chat and phone only while staffed; night tickets come by email, web form or social.
  const channel = open
    ? r.weighted([
        ["email", 33],
        ["chat", 27],
        ["phone", 15],
        ["web", 15],
        ["social", 10],
      ])
    : r.weighted([
        ["email", 55],
        ["web", 30],
        ["social", 15],
      ]);
  const month = local(created).mo;

  // Customer: a repeat contact within 7 days, or any active customer.
  let customer = null;
  const repeats = recent.filter(([, t]) => created - t < 7 * DAY);
  if (repeats.length && r.chance(0.13)) customer = r.pick(repeats)[0];
  for (let i = 0; customer === null && i < 50; i++) {
    const c = r.pick(customers);
    if (activeAt(c, created)) customer = c;
  }
  customer ??= customers[0];
  const previous = recent.find(([c, t]) => c === customer && created - t < 7 * DAY);

  const team = previous
    ? previous[2]
    : r.weighted([
        ["Billing", 35],
        ["Technical", 37],
        ["Orders", month === 3 ? 40 : 28],
      ]);
  const category = previous ? previous[3] : r.pick(CATEGORIES[team]);
  recent.push([customer, created, team, category]);
  if (recent.length > 60) recent.shift();

  const priority =
    customer.plan === "Enterprise" && r.chance(0.3)
      ? r.weighted([
          ["high", 3],
          ["urgent", 1],
        ])
      : r.weighted([
          ["low", 20],
          ["normal", 55],
          ["high", 18],
          ["urgent", 7],
        ]);
  const carrierTrouble = month === 3 && team === "Orders";
  const complaintP = { delivery: 0.12, damaged_item: 0.15, refund: 0.12, invoice: 0.07 }[category] ?? 0.04;
  const complaint = r.chance(carrierTrouble ? 0.28 : complaintP);
  if (complaint) customer.complaints++;
  const escalated = r.chance(complaint ? 0.3 : priority === "urgent" ? 0.15 : 0.04);
  const transfers = r.weighted([
    [0, 82],
    [1, 14],
    [2, 4],
  ]);
  const expert = transfers > 0 && r.chance(0.55);

  const candidates = agentsOf(team, created);
  const agent = r.pick(candidates);
  const { speed, quality } = AGENT[agent];

  // First response, in business time for people who only work open hours.
  const urgency = { low: 1.4, normal: 1, high: 0.6, urgent: 0.25 }[priority];
  const unanswered = channel !== "phone" && r.chance(0.035);
  let firstResponse = null;
  if (!unanswered) {
    const median = { email: 3600, web: 3000, social: 1800, chat: 60, phone: 15 }[channel];
    const secs = r.lognormal(median * urgency * speed, channel === "chat" || channel === "phone" ? 0.6 : 0.9);
    firstResponse = channel === "phone" ? created + secs * 1000 : addBusiness(created, secs);
  }

  // Resolution.
  const hard = (escalated ? 3 : 1) * (transfers + 1) * (complaint ? 1.8 : 1);
  const medianSolve = { email: 8 * 3600, web: 7 * 3600, social: 4 * 3600, chat: 900, phone: 300 }[channel];
  let solved = null;
  if (firstResponse !== null) {
    const secs = r.lognormal(medianSolve * hard * speed, 1.0);
    solved = channel === "chat" || channel === "phone" ? firstResponse + secs * 1000 : addBusiness(firstResponse, secs);
    if (r.chance(0.02)) solved = null; // parked on hold
  } else if (r.chance(0.5)) {
    solved = addBusiness(created, r.lognormal(4 * 3600, 1)); // spam, duplicate: closed without a reply
  }
  if (solved !== null && solved > EXPORTED_AT) solved = null;

  let status;
  if (solved !== null) status = solved < EXPORTED_AT - 4 * DAY && r.chance(0.85) ? "closed" : "solved";
  else if (firstResponse === null && created > EXPORTED_AT - 3 * DAY) status = "new";
  else
    status = r.weighted([
      ["open", 5],
      ["pending", 3],
      ["hold", 1],
    ]);
  if (firstResponse !== null && firstResponse > EXPORTED_AT) firstResponse = null;

  const replies =
    firstResponse === null
      ? 0
      : channel === "phone"
        ? 1
        : r.chance(0.45 / hard)
          ? 1
          : r.int(2, Math.round(3 + 2 * hard));
  const reopens =
    solved === null
      ? 0
      : r.weighted([
          [0, 90],
          [1, 8],
          [2, 2],
        ]);

  const handleMedian = { email: 420, web: 400, social: 240, chat: 720, phone: 360 }[channel];
  const handle =
    firstResponse === null ? null : Math.round(r.lognormal(handleMedian * speed * Math.sqrt(replies), 0.5));

  // The helpdesk's own rating (Zendesk style): offered to solved tickets, answered by some.
  let satisfaction = "";
  if (solved !== null && r.chance(0.45)) {
    const happy = 0.88 + quality - (reopens ? 0.25 : 0) - (complaint ? 0.3 : 0) - (escalated ? 0.1 : 0);
    satisfaction = r.chance(0.6) ? (r.chance(happy) ? "good" : "bad") : "offered";
  }

  const tags = [category, `lang_${customer.lang}`];
  if (customer.plan === "Enterprise") tags.push("vip");
  // Complaints are tagged in the customer's language, except web-form ones,
  // where the form's "This is a complaint" box fills is_complaint instead.
  if (complaint && channel !== "web") tags.push(COMPLAINT_TAG[customer.lang]);
  if (carrierTrouble && category === "delivery") tags.push("carrier_delay");

  return {
    id,
    created_at: fmtOffset(created),
    first_response_at: firstResponse === null ? "" : fmtOffset(firstResponse),
    solved_at: solved === null ? "" : fmtOffset(solved),
    status,
    channel,
    agent: status === "new" ? "" : agent,
    team,
    priority,
    category,
    customer_id: customer.id,
    replies,
    reopens,
    escalated: escalated ? "true" : "false",
    transfers,
    expert_transfer: transfers > 0 ? String(expert) : "",
    handle_seconds: handle ?? "",
    satisfaction,
    tags: tags.join(" "),
    is_complaint: channel === "web" ? (complaint ? "yes" : "no") : "",
    // for the other tables, not written:
    _created: created,
    _solved: solved,
    _agent: status === "new" ? null : agent,
    _customer: customer,
    _happy:
      0.87 + quality - (reopens ? 0.3 : 0) - (complaint ? 0.35 : 0) - (escalated ? 0.1 : 0) - (transfers > 1 ? 0.1 : 0),
  };
}

const TICKET_HEADER = [
  "id",
  "created_at",
  "first_response_at",
  "solved_at",
  "status",
  "channel",
  "agent",
  "team",
  "priority",
  "category",
  "customer_id",
  "replies",
  "reopens",
  "escalated",
  "transfers",
  "expert_transfer",
  "handle_seconds",
  "satisfaction",
  "tags",
  "is_complaint",
];

// ---- calls -------------------------------------------------------------------------------------

function genCalls(customers) {
  const r = rng(3);
  const calls = [];
  const recent = [];
  let n = 1;
  for (let day = 0; day < DAYS; day++) {
    const noon = PERIOD_START + day * DAY + 12 * HOUR;
    if (!workday(noon)) continue;
    const l = local(noon);
    const monday = l.dow === 1;
    const count = r.poisson((monday ? 30 : 23.5) * (l.mo === 3 ? 1.2 : 1));
    const starts = [];
    for (let k = 0; k < count; k++) {
      // Phone lines 08-17; a morning peak.
      const hour = r.weighted([
        [8, 3],
        [9, 4],
        [10, 3],
        [11, 2],
        [12, 1],
        [13, 2],
        [14, 2],
        [15, 2],
        [16, 1],
      ]);
      starts.push(utc(l.y, l.mo, l.d, hour, r.int(0, 59), r.int(0, 59)));
    }
    starts.sort((a, b) => a - b);
    for (const started of starts) {
      const inbound = r.chance(0.88);
      const queue = r.weighted([
        ["Billing", 35],
        ["Technical", 35],
        ["Orders", l.mo === 3 ? 45 : 30],
      ]);
      const busy = (monday ? 1.6 : 1) * (local(started).h < 11 ? 1.4 : 1) * (l.mo === 3 ? 1.3 : 1);
      let customer = null;
      const repeats = recent.filter(([, t]) => started - t < 7 * DAY);
      if (repeats.length && r.chance(0.1)) customer = r.pick(repeats)[0];
      else if (r.chance(0.8)) customer = r.pick(customers).id;
      else customer = `+46 70 ${r.int(100, 999)} ${r.int(10, 99)} ${r.int(10, 99)}`; // caller not in the CRM
      recent.push([customer, started]);
      if (recent.length > 80) recent.shift();

      const agent = r.pick(agentsOf(queue, started));
      const { speed } = AGENT[agent];
      const row = {
        id: `CA-${String(n++).padStart(6, "0")}`,
        started_at: fmtLocal(started),
        queue,
        customer_id: customer,
      };
      row.direction = inbound ? "inbound" : "outbound";
      const wait = inbound ? Math.max(1, Math.round(r.lognormal(9 * busy, 0.8))) : 0;
      const patience = r.lognormal(130, 0.9);
      const abandoned = inbound ? wait > patience || r.chance(0.015) : r.chance(0.2);
      if (abandoned) {
        const waited = inbound ? Math.max(1, Math.round(Math.min(wait, patience))) : Math.round(r.lognormal(25, 0.3));
        Object.assign(row, {
          answered_at: "",
          ended_at: fmtLocal(started + waited * 1000),
          wait_seconds: waited,
          talk_seconds: "",
          hold_seconds: "",
          wrap_seconds: "",
          agent: inbound ? "" : agent,
          abandoned: 1,
          transferred: 0,
        });
      } else {
        const answered = started + wait * 1000;
        const talk = Math.round(r.lognormal((inbound ? 240 : 180) * speed, 0.6));
        const hold = r.chance(0.3) ? Math.round(r.lognormal(60, 0.7)) : 0;
        const wrap = Math.round(r.lognormal(45 * speed, 0.5));
        Object.assign(row, {
          answered_at: fmtLocal(answered),
          ended_at: fmtLocal(answered + (talk + hold) * 1000),
          wait_seconds: wait,
          talk_seconds: fmtHms(talk),
          hold_seconds: fmtHms(hold),
          wrap_seconds: fmtHms(wrap),
          agent,
          abandoned: 0,
          transferred: inbound && r.chance(0.06) ? 1 : 0,
        });
      }
      calls.push(row);
    }
  }
  return calls;
}

const CALL_HEADER = [
  "id",
  "started_at",
  "answered_at",
  "ended_at",
  "wait_seconds",
  "talk_seconds",
  "hold_seconds",
  "wrap_seconds",
  "agent",
  "queue",
  "customer_id",
  "direction",
  "abandoned",
  "transferred",
];

// ---- surveys ---------------------------------------------------------------------------------------

const COMMENTS = {
  good: [
    "Snabb och vänlig hjälp, tack!",
    "Veldig fornøyd med hjelpen.",
    "Много бърз отговор, благодаря!",
    "Çok yardımcı oldular, teşekkürler.",
    "Solved on first contact 👍",
    "Great, thanks",
    'Anna was "super" helpful',
  ],
  bad: [
    "Fick vänta för länge på svar.",
    "Måtte ringe to ganger, og det er fortsatt ikke løst.",
    "Had to explain my problem twice",
    "The agent was nice.\nBut the invoice is still wrong.",
    "Доставката закъсня с една седмица.",
    "Kargo çok geç geldi; kimse bilgi vermedi.",
  ],
};

function genSurveys(tickets, customers) {
  const r = rng(4);
  const rows = [];
  const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));
  const comment = (good) => (r.chance(0.2) ? r.pick(COMMENTS[good ? "good" : "bad"]) : "");
  for (const t of tickets) {
    if (t._solved === null) continue;
    const happy = clamp(t._happy, 0.05, 0.98);
    const after = t._solved + r.lognormal(6 * HOUR, 1.2);
    if (after >= EXPORTED_AT) continue;
    if (r.chance(0.22)) {
      const score = r.chance(happy)
        ? r.weighted([
            [5, 7],
            [4, 3],
          ])
        : r.weighted([
            [3, 3],
            [2, 3],
            [1, 4],
          ]);
      rows.push({
        _at: after,
        kind: "csat",
        score,
        ticket_id: t.id,
        customer_id: t._customer.id,
        agent: r.chance(0.3) ? t._agent : "",
        comment: comment(score >= 4),
      });
    }
    if (r.chance(0.14)) {
      const score = clamp(Math.round(r.normal() * 1.2 + 3 + 3.2 * happy), 1, 7);
      rows.push({
        _at: after + 60e3,
        kind: "ces",
        score,
        ticket_id: t.id,
        customer_id: t._customer.id,
        agent: "",
        comment: "",
      });
    }
    if (r.chance(0.05)) {
      const score = clamp(Math.round(r.normal() * 1.5 + 4 + 5.5 * happy), 0, 10);
      rows.push({
        _at: after + 120e3,
        kind: "nps",
        score,
        ticket_id: t.id,
        customer_id: t._customer.id,
        agent: "",
        comment: comment(score >= 9),
      });
    }
  }
  // Relationship NPS, sent to customers in February and May.
  for (const month of [2, 5]) {
    for (const c of customers) {
      const sent = utc(2026, month, 10, 9);
      if (!activeAt(c, sent) || !r.chance(0.4)) continue;
      const base = { Basic: 8.1, Pro: 8.5, Enterprise: 8.8 }[c.plan] - 1.5 * Math.min(c.complaints, 2);
      const score = clamp(Math.round(base + 1.6 * r.normal()), 0, 10);
      rows.push({
        _at: sent + r.lognormal(30 * HOUR, 1),
        kind: "nps",
        score,
        ticket_id: "",
        customer_id: c.id,
        agent: "",
        comment: comment(score >= 9),
      });
    }
  }
  // Two responses to tickets deleted before the export (spam merges): unknown_ticket issues.
  rows.push({
    _at: utc(2026, 2, 3, 10, 4),
    kind: "csat",
    score: 5,
    ticket_id: 9876,
    customer_id: "C0042",
    agent: "",
    comment: "",
  });
  rows.push({
    _at: utc(2026, 4, 21, 15, 40),
    kind: "csat",
    score: 2,
    ticket_id: 9911,
    customer_id: "C0117",
    agent: "",
    comment: "",
  });
  rows.sort((a, b) => a._at - b._at);
  return rows.map((row, i) => ({
    id: `S-${String(i + 1).padStart(5, "0")}`,
    submitted_at: fmtZ(Math.round(row._at / 1000) * 1000),
    ...row,
  }));
}

const SURVEY_HEADER = ["id", "submitted_at", "kind", "score", "ticket_id", "customer_id", "agent", "comment"];

// ---- orders ----------------------------------------------------------------------------------------

/** "12 490,00": a space between thousands, decimal comma (Swedish Excel). */
function fmtKronor(x) {
  const [whole, frac] = x.toFixed(2).split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, " ")},${frac}`;
}

function genOrders(customers) {
  const r = rng(5);
  const rows = [];
  const buyers = customers.filter((c) => c.ended === null || c.ended > PERIOD_START);
  for (let i = 0; i < 1500; i++) {
    let c = r.pick(buyers);
    let ordered = PERIOD_START + r.next() * (PERIOD_END - PERIOD_START);
    for (let k = 0; k < 20 && !activeAt(c, ordered); k++) {
      c = r.pick(buyers);
      ordered = PERIOD_START + r.next() * (PERIOD_END - PERIOD_START);
    }
    const l = local(ordered);
    const march = l.mo === 3;
    const amount = r.weighted([
      [r.int(2, 40) * 50 - 1, 6],
      [r.int(10, 150) * 100 - 10, 3],
      [r.int(80, 400) * 100, 1],
    ]);
    const promised = addBusiness(utc(l.y, l.mo, l.d, 9), r.int(2, 4) * 9 * 3600);
    const cancelled = r.chance(0.04);
    const lateP = march ? 0.35 : 0.08;
    let delivered = null;
    if (!cancelled) {
      const p = local(promised);
      const deadline = utc(p.y, p.mo, p.d, 16);
      delivered = deadline + (r.chance(lateP) ? r.int(1, 5) * DAY : -r.int(0, 2) * DAY) + r.int(-6, 1) * HOUR;
      delivered = Math.max(delivered, ordered + 20 * HOUR);
      if (delivered > EXPORTED_AT) delivered = null;
    }
    const yn = (b) => (b ? "ja" : "nej");
    rows.push({
      _at: ordered,
      customer_id: c.id,
      ordered_at: fmtLocalMinutes(ordered),
      amount: fmtKronor(amount * (c.plan === "Enterprise" ? 2 : 1)),
      promised_at: fmtDate(promised),
      delivered_at: delivered === null ? "" : fmtLocalMinutes(delivered),
      returned: yn(delivered !== null && r.chance(0.07)),
      cancelled: yn(cancelled),
      invoice_error: yn(r.chance(0.02)),
      entry_error: yn(r.chance(0.03)),
      claim: yn(delivered !== null && r.chance(march ? 0.09 : 0.025)),
    });
  }
  rows.sort((a, b) => a._at - b._at);
  return rows.map((row, i) => ({ id: `O-${100001 + i}`, ...row }));
}

const ORDER_HEADER = [
  "id",
  "customer_id",
  "ordered_at",
  "amount",
  "promised_at",
  "delivered_at",
  "returned",
  "cancelled",
  "invoice_error",
  "entry_error",
  "claim",
];

// ---- QA reviews ----------------------------------------------------------------------------------

const CRITERIA = [
  "Greeting",
  "Understood the need",
  "Correct answer",
  "Tone and empathy",
  "Documented in ticket",
  "Identity verified",
];

function genQa(tickets) {
  const r = rng(6);
  const rows = [];
  const byAgent = {};
  for (const t of tickets) if (t._solved !== null && t._agent) (byAgent[t._agent] ??= []).push(t);
  for (const agent of Object.keys(AGENT)) {
    const pool = byAgent[agent] ?? [];
    const want = Math.round((pool.length / tickets.length) * 370) + 6;
    for (let k = 0; k < want && pool.length; k++) {
      const t = r.pick(pool);
      const reviewed = addBusiness(t._solved, r.lognormal(3 * 9 * 3600, 0.8));
      if (reviewed >= EXPORTED_AT) continue;
      const team = TEAM_OF[agent];
      const q = AGENT[agent].quality + (local(reviewed).mo >= 5 && agent === "Jonas Berg" ? 0.06 : 0); // Jonas improves
      const cell = (p, naP = 0) => (r.chance(naP) ? r.pick(["n/a", "", "-"]) : r.chance(p + q) ? "yes" : "no");
      rows.push({
        _at: reviewed,
        reviewed_at: fmtDotted(reviewed),
        agent,
        ticket_id: t.id,
        reviewer: team === "Technical" ? "Thomas Aas" : "Karin Öberg",
        Greeting: cell(0.96),
        "Understood the need": cell(0.88),
        "Correct answer": cell(0.85),
        "Tone and empathy": cell(0.9),
        "Documented in ticket": cell(0.8, 0.05),
        "Identity verified": team === "Billing" ? cell(0.93) : cell(0.95, 0.85),
      });
    }
  }
  rows.sort((a, b) => a._at - b._at);
  return rows.map((row, i) => ({ id: `QA-${String(i + 1).padStart(4, "0")}`, ...row }));
}

const QA_HEADER = ["id", "reviewed_at", "agent", "ticket_id", "reviewer", ...CRITERIA];

// ---- config ----------------------------------------------------------------------------------------

const CONFIG = {
  time_zone: "Europe/Stockholm",
  period: { start: "2026-01-01", end: "2026-07-01" },
  granularity: "month",
  group_by: ["agent", "channel", "team"],
  business_hours: { days: ["mon", "tue", "wed", "thu", "fri"], start: "08:00", end: "17:00", holidays: HOLIDAYS },
  sla: {
    default: { first_response: 28800, resolution: 259200 },
    low: { first_response: 57600, resolution: 604800 },
    normal: { first_response: 28800, resolution: 259200 },
    high: { first_response: 14400, resolution: 86400 },
    urgent: { first_response: 3600, resolution: 28800 },
  },
  qa: { critical: ["Identity verified"] },
  goals: [
    { id: "service", name: "Service people recommend" },
    {
      id: "complaints-15",
      name: "Reduce complaints by 15 %",
      metric: "tickets.complaints",
      target: { relative: -0.15 },
      baseline: { start: "2026-01-01", end: "2026-04-01" },
      start: "2026-04-01",
      deadline: "2026-07-01",
      parent: "service",
    },
    {
      id: "csat-90",
      name: "CSAT 90 %",
      metric: "surveys.csat_rate",
      target: { absolute: 0.9 },
      baseline: { start: "2026-01-01", end: "2026-04-01" },
      start: "2026-04-01",
      deadline: "2026-10-01",
      parent: "service",
    },
  ],
};

// ---- main ------------------------------------------------------------------------------------------

const customers = genCustomers();
const tickets = genTickets(customers);
const customerRows = customers.map((c) => ({
  id: c.id,
  started_at: fmtDate(c.started),
  ended_at: c.ended === null ? "" : fmtDate(c.ended),
  plan: c.plan,
  segment: c.segment,
  mrr: c.mrr.toFixed(2),
  country: COUNTRY[c.lang],
}));
const tables = [
  ["tickets.csv", TICKET_HEADER, tickets],
  ["calls.csv", CALL_HEADER, genCalls(customers)],
  ["surveys.csv", SURVEY_HEADER, genSurveys(tickets, customers)],
  ["customers.csv", ["id", "started_at", "ended_at", "plan", "segment", "mrr", "country"], customerRows],
  ["orders.csv", ORDER_HEADER, genOrders(customers), { delimiter: ";", eol: "\r\n", bom: true }],
  ["qa_reviews.csv", QA_HEADER, genQa(tickets)],
];
mkdirSync(OUT, { recursive: true });
for (const [name, header, rows, format] of tables) {
  const text = csv(header, rows, format);
  writeFileSync(join(OUT, name), text);
  console.log(`${join(OUT, name)}: ${rows.length} rows, ${Buffer.byteLength(text)} bytes`);
}
writeFileSync(join(OUT, "config.json"), `${JSON.stringify(CONFIG, null, 2)}\n`);
console.log(`${join(OUT, "config.json")}`);
