#!/usr/bin/env node
// Streams a large, realistic tickets CSV (canonical headers, ~133 bytes a row)
// for benchmarks: N tickets over 2025, 40 agents in 6 teams, five channels,
// unanswered and unsolved tickets, satisfaction ratings, complaint tags.
//
//   node benches/gen-tickets.mjs [N] [OUT]      (default: 1000000, benches/data/tickets-N.csv; OUT "-" = stdout)
//
// Deterministic (mulberry32, fixed seed). Output is not committed (benches/data is git-ignored).

import { createWriteStream, mkdirSync } from "node:fs";
import { once } from "node:events";
import { dirname } from "node:path";
import { mulberry32 } from "../scripts/mulberry32.mjs";

const N = Number(process.argv[2] ?? 1_000_000);
const OUT = process.argv[3] ?? `benches/data/tickets-${N}.csv`;
if (!Number.isInteger(N) || N < 1) {
  console.error("usage: node benches/gen-tickets.mjs [N] [OUT]");
  process.exit(2);
}

const rand = mulberry32(20260101);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
/** Log-normal-ish: median times e^(sigma·z), z from a sum of uniforms (cheap, close to normal). */
const spread = (median, sigma) => median * Math.exp(sigma * ((rand() + rand() + rand() - 1.5) * 2));

const TEAMS = ["Billing", "Technical", "Orders", "Accounts", "Returns", "Onboarding"];
const AGENTS = Array.from({ length: 40 }, (_, i) => `Agent ${String(i + 1).padStart(2, "0")}`);
const CHANNELS = ["email", "email", "email", "chat", "chat", "phone", "web", "web", "social"];
const PRIORITIES = ["low", "normal", "normal", "normal", "normal", "high", "high", "urgent"];
const FIRST_REPLY = { email: 14400, chat: 60, phone: 20, web: 10800, social: 3600 };
const SOLVE = { email: 86400, chat: 1200, phone: 400, web: 72000, social: 28800 };
const TAGS = ["billing", "invoice", "login", "bug", "delivery", "refund", "how_to", "api", "vip", "return"];
const COMPLAINT = ["complaint", "klagomål", "klage", "оплакване", "şikayet"];

const START = Date.UTC(2025, 0, 1);
const STEP = (365 * 86400e3) / N;
const iso = (ms) => new Date(ms).toISOString().slice(0, 19) + "Z";

function row(i) {
  const created = START + i * STEP + rand() * STEP;
  const channel = pick(CHANNELS);
  const agent = pick(AGENTS);
  const team = TEAMS[AGENTS.indexOf(agent) % TEAMS.length];
  const answered = rand() > 0.04;
  const first = answered ? created + spread(FIRST_REPLY[channel], 0.8) * 1000 : 0;
  const solvedOk = answered && rand() > 0.06;
  const solved = solvedOk ? first + spread(SOLVE[channel], 0.9) * 1000 : 0;
  const replies = answered ? 1 + Math.floor(rand() * rand() * 6) : 0;
  const sat = solvedOk && rand() < 0.3 ? (rand() < 0.86 ? "good" : "bad") : "";
  let tags = pick(TAGS);
  if (rand() < 0.06) tags += ` ${pick(COMPLAINT)}`;
  return [
    100000 + i,
    iso(created),
    answered ? iso(first) : "",
    solvedOk ? iso(solved) : "",
    solvedOk ? "closed" : answered ? "open" : "new",
    channel,
    agent,
    team,
    pick(PRIORITIES),
    `C${String(Math.floor(rand() * 200000)).padStart(6, "0")}`,
    replies,
    solvedOk && rand() < 0.08 ? 1 : 0,
    rand() < 0.05 ? 1 : 0,
    rand() < 0.15 ? 1 : 0,
    answered ? Math.round(spread(420, 0.5)) : "",
    sat,
    tags,
  ].join(",");
}

const header =
  "id,created_at,first_response_at,solved_at,status,channel,agent,team,priority,customer_id,replies,reopens,escalated,transfers,handle_seconds,satisfaction,tags";
let out = process.stdout;
if (OUT !== "-") {
  mkdirSync(dirname(OUT), { recursive: true });
  out = createWriteStream(OUT);
}
let bytes = 0;
const write = async (text) => {
  bytes += Buffer.byteLength(text);
  if (!out.write(text)) await once(out, "drain");
};
await write(`${header}\n`);
const BLOCK = 2000;
for (let i = 0; i < N; i += BLOCK) {
  const lines = [];
  for (let j = i; j < Math.min(N, i + BLOCK); j++) lines.push(row(j));
  await write(`${lines.join("\n")}\n`);
}
if (OUT !== "-") {
  out.end();
  await once(out, "finish");
  console.error(`${OUT}: ${N} rows, ${bytes} bytes (${(bytes / N).toFixed(1)} bytes/row)`);
}
