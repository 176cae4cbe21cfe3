// The benchmark page: one engine per page load, on the File picked in the
// page's <input type=file>. `bench(engine, config)` resolves to the wall and
// CPU times of start-up (fetch + compile + init), bytes → table and table →
// KPIs, and the KPIs: cxkpi's report, or rows in the shape of benches/kpis.sql
// for the others (benches/kpis.mjs compares them).
const modules = "/benches/node_modules";
const sql = Object.fromEntries(
  [...(await (await fetch("/benches/kpis.sql")).text()).matchAll(/^-- name: (\w+)\n([\s\S]*?)(?=^-- name: |(?![\s\S]))/gm)].map((m) => [m[1], m[2]]),
);

const ENGINES = {
  /** cxkpi as the page runs it: the wasm engine in its module worker, the File streamed in (File.stream()). */
  async cxkpi(config) {
    const { createEngine } = await import("/www/lib/cxkpi.js");
    const engine = await createEngine({ config });
    return {
      load: (file) => engine.addFile(file),
      kpis: () => engine.report(),
    };
  },

  /** DuckDB-WASM's eh bundle in its worker, reading the File through its BROWSER_FILEREADER protocol. */
  async duckdb() {
    const duckdb = await import(`${modules}/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs`);
    const dist = `${modules}/@duckdb/duckdb-wasm/dist`;
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(`${dist}/duckdb-browser-eh.worker.js`));
    await db.instantiate(`${dist}/duckdb-eh.wasm`);
    const conn = await db.connect();
    const query = async (text) => (await conn.query(text)).toArray().map((row) => plain(row.toJSON()));
    return {
      async load(file) {
        await db.registerFileHandle("tickets.csv", file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
        await conn.query(sql.load.replace("{file}", "tickets.csv"));
      },
      kpis: async () => [...(await query(sql.created)), ...(await query(sql.solved))],
    };
  },

  /** PapaParse streaming the File into typed columns, then arquero queries on the main thread. */
  async arquero() {
    await script(`${modules}/papaparse/papaparse.min.js`);
    await script(`${modules}/arquero/dist/arquero.min.js`);
    const { Papa, aq } = window;
    let table;
    return {
      async load(file) {
        const columns = { created_at: [], first_response_at: [], solved_at: [], agent: [], escalated: [], replies: [], reopens: [], satisfaction: [] };
        await new Promise((resolve, reject) =>
          Papa.parse(file, {
            header: true,
            skipEmptyLines: true,
            chunk({ data }) {
              for (const row of data) {
                columns.created_at.push(timestamp(row.created_at));
                columns.first_response_at.push(timestamp(row.first_response_at));
                columns.solved_at.push(timestamp(row.solved_at));
                columns.agent.push(row.agent || "(none)");
                columns.escalated.push(boolean(row.escalated));
                columns.replies.push(integer(row.replies));
                columns.reopens.push(integer(row.reopens));
                columns.satisfaction.push(row.satisfaction?.trim().toLowerCase() || null);
              }
            },
            complete: resolve,
            error: reject,
          }),
        );
        table = aq.table(columns);
      },
      kpis: () => arqueroKpis(aq, table),
    };
  },
};

/** The KPIs of benches/kpis.sql with arquero (expressions are compiled by arquero: only `d` and `op` in them). */
function arqueroKpis(aq, table) {
  const { op } = aq;
  const scopes = (t, fields) => [
    ...t.rollup(fields).objects().map((r) => ({ ...r, scope: "all" })),
    ...t.groupby("agent").rollup(fields).objects().map((r) => ({ ...r, scope: `agent:${r.agent}` })),
    ...t.groupby("month").rollup(fields).objects().map((r) => ({ ...r, scope: `month:${r.month}` })),
  ];
  const rate = (rows, id) => rows.map((r) => ({ ...r, [`${id}.value`]: r[`${id}.numerator`] / r[`${id}.denominator`] }));

  const created = table.derive({
    month: (d) => op.substring(op.format_utcdate(d.created_at), 0, 7),
    fr: (d) => (d.first_response_at != null && d.first_response_at >= d.created_at ? (d.first_response_at - d.created_at) / 1000 : undefined),
  });
  const byCreated = rate(scopes(created, {
    "tickets.created.value": op.count(),
    "tickets.first_response_seconds.count": op.valid("fr"),
    "tickets.first_response_seconds.mean": op.mean("fr"),
    "tickets.first_response_seconds.median": op.median("fr"),
    "tickets.first_response_seconds.p90": op.quantile("fr", 0.9),
    "tickets.escalation_rate.numerator": op.sum("escalated"),
    "tickets.escalation_rate.denominator": op.valid("escalated"),
  }), "tickets.escalation_rate");

  const solved = table.filter((d) => d.solved_at != null).derive({
    month: (d) => op.substring(op.format_utcdate(d.solved_at), 0, 7),
    res: (d) => (d.solved_at >= d.created_at ? (d.solved_at - d.created_at) / 1000 : undefined),
    good: (d) => (d.satisfaction === "good" ? 1 : d.satisfaction === "bad" ? 0 : undefined),
    reopened: (d) => (d.reopens == null ? undefined : d.reopens > 0 ? 1 : 0),
    one_touch: (d) => (d.replies == null ? undefined : d.replies <= 1 ? 1 : 0),
  });
  let bySolved = scopes(solved, {
    "tickets.resolution_seconds.count": op.valid("res"),
    "tickets.resolution_seconds.median": op.median("res"),
    "surveys.csat_rate.numerator": op.sum("good"),
    "surveys.csat_rate.denominator": op.valid("good"),
    "tickets.reopen_rate.numerator": op.sum("reopened"),
    "tickets.reopen_rate.denominator": op.valid("reopened"),
    "tickets.one_touch_rate.numerator": op.sum("one_touch"),
    "tickets.one_touch_rate.denominator": op.valid("one_touch"),
  });
  for (const id of ["surveys.csat_rate", "tickets.reopen_rate", "tickets.one_touch_rate"]) bySolved = rate(bySolved, id);
  return [...byCreated, ...bySolved];
}

const timestamp = (text) => (text ? Date.parse(text) : null);
const integer = (text) => (text === "" || text == null ? null : Number(text));
const BOOLEANS = { 1: 1, true: 1, yes: 1, 0: 0, false: 0, no: 0 };
const boolean = (text) => BOOLEANS[text?.trim().toLowerCase()] ?? null;

/** Arrow rows hold BigInt counts; the runner wants plain numbers. */
const plain = (row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]));

/** Load a classic (UMD) script: PapaParse and arquero's browser bundles. */
const script = (src) =>
  new Promise((resolve, reject) => {
    const el = Object.assign(document.createElement("script"), { src, onload: resolve, onerror: () => reject(new Error(`cannot load ${src}`)) });
    document.head.append(el);
  });

/**
 * Run one engine on the picked file: `{ms, cpu, result}`, with `ms` and `cpu`
 * the wall and renderer CPU milliseconds of {startup, load, kpis}. The CPU
 * time comes from the runner (`rendererCpuMs`); the wall clock skips those calls.
 */
window.bench = async (name, config) => {
  const file = document.querySelector("input[type=file]").files[0];
  if (!file) throw new Error("no file picked");
  const cpuMs = () => window.rendererCpuMs?.() ?? NaN;
  const ms = {};
  const cpu = {};
  let engine;
  let result;
  const phases = {
    startup: async () => (engine = await ENGINES[name](config)),
    load: () => engine.load(file),
    kpis: async () => (result = await engine.kpis()),
  };
  for (const [phase, run] of Object.entries(phases)) {
    const cpu0 = await cpuMs();
    const t0 = performance.now();
    await run();
    ms[phase] = performance.now() - t0;
    cpu[phase] = (await cpuMs()) - cpu0;
  }
  return { ms, cpu, bytes: file.size, result };
};
document.documentElement.dataset.ready = "1";
