// The host page's widgets talk to the dashboard through its properties,
// methods and events; no access to its insides.
const dash = document.getElementById("dash");
const status = document.getElementById("status");

dash.addEventListener("report", (e) => {
  const report = e.detail;
  document.getElementById("open-tickets").textContent = report.metrics["tickets.created"]?.value ?? "–";
  status.textContent = `${report.inputs.length} file(s), period ${report.period.start.slice(0, 10)} – ${report.period.end.slice(0, 10)}`;
});

dash.addEventListener("error", (e) => {
  const { message, file, line } = e.detail;
  status.textContent = `Problem${file ? ` in ${file}${line ? `:${line}` : ""}` : ""}: ${message}`;
});

document.getElementById("files").addEventListener("change", (e) => dash.addFiles(e.target.files));
