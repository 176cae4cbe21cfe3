// The engine API with types: draw your own widgets from the report JSON.
import { createEngine, CxkpiError, type Config, type Report, type MetricValue } from "cxkpi";
import "cxkpi/element"; // defines <cxkpi-dashboard>

const config: Config = {
  time_zone: "Europe/Oslo",
  granularity: "month",
  group_by: ["agent"],
};

const engine = await createEngine({ config });
const status = document.querySelector<HTMLParagraphElement>("#status")!;
const progress = document.querySelector<HTMLProgressElement>("#progress")!;
const dash = document.querySelector("cxkpi-dashboard")!; // typed as CxkpiDashboard
dash.config = config;
dash.addEventListener("report", (e) => console.log("dashboard report", e.detail.inputs.length));

/** The headline number of a metric value, whatever its shape. */
function headline(v: MetricValue): number | null {
  if ("median" in v) return v.median;
  return v.value;
}

function show(report: Report): void {
  const rows = Object.entries(report.metrics).map(([id, v]) => {
    const tr = document.createElement("tr");
    for (const text of [id, String(headline(v) ?? "–")]) tr.append(Object.assign(document.createElement("td"), { textContent: text }));
    return tr;
  });
  document.querySelector("#kpis tbody")!.replaceChildren(...rows);
}

document.querySelector<HTMLInputElement>("#files")!.addEventListener("change", async (e) => {
  const files = [...((e.target as HTMLInputElement).files ?? [])];
  try {
    for (const file of files) {
      const input = await engine.addFile(file, {
        onProgress: ({ loaded, total }) => { progress.value = total ? loaded / total : 0; },
      });
      status.textContent =
        "inputs" in input
          ? `${input.file}: ${input.inputs.length} sheets or members`
          : `${input.file}: ${input.rows} ${input.kind} rows (${input.format})`;
    }
    show(await engine.report());
    dash.addFiles(files);
  } catch (err) {
    if (err instanceof CxkpiError) {
      status.textContent = `${err.file ?? ""}${err.line ? `:${err.line}` : ""} ${err.message}`;
    } else {
      throw err;
    }
  }
});

// Files chosen from here on are read (tests wait for this).
document.body.dataset.ready = "";
