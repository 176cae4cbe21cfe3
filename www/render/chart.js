// Line charts with uPlot (served from www/vendor/), each with a table
// alternative (a <details> below it) and a PNG download. Colours come from the
// CSS custom properties of the element the chart is in, so light and dark mode
// and a custom element's theme apply.
import uPlot from "../vendor/uplot/uPlot.esm.js";
import { h, newId } from "../dashboard/dom.js";
import { download } from "../dashboard/export.js";
import { CLS } from "./classes.js";

const HEIGHT = 220;

function colours(el) {
  const cs = getComputedStyle(el);
  const v = (name, fallback) => cs.getPropertyValue(name).trim() || fallback;
  return {
    series: [1, 2, 3, 4, 5].map((i) => v(`--cx-series-${i}`, "#3366aa")),
    axis: v("--cx-muted", "#667"),
    grid: v("--cx-grid", "rgba(0,0,0,.08)"),
    bg: v("--cx-surface", "#fff"),
    text: v("--cx-text", "#111"),
    font: v("--cx-font", "system-ui, sans-serif"),
  };
}

/**
 * A line chart. `x`: epoch seconds of each point; `series`: `[{label, values, dash?}]`
 * (values may hold null: a gap); `format(y)` the value text; `xLabel(x)` the point's
 * label; `title` (also the PNG's heading); `pngName` the download file name.
 * Returns a <figure>. The chart draws once the figure is in a document with a width.
 */
export function lineChart(doc, { title, x, series, format, xLabel, pngName, t, dataset }) {
  const plotBox = h(doc, "div", { class: CLS.chartBox, "aria-hidden": "true" });
  const legend = h(doc, "ul", { class: "cx-legend" });
  const tableId = newId("chart-table");
  const fig = h(doc, "figure", { class: CLS.chart, dataset },
    h(doc, "figcaption", null, title),
    legend,
    plotBox,
    h(doc, "details", { class: CLS.noPrint },
      h(doc, "summary", null, t("chart.table")),
      h(doc, "table", { class: CLS.table, id: tableId },
        h(doc, "thead", null, h(doc, "tr", null, h(doc, "th", { scope: "col" }, t("chart.when")), series.map((s) => h(doc, "th", { scope: "col", class: CLS.num }, s.label)))),
        h(doc, "tbody", null, x.map((xi, i) => h(doc, "tr", null, h(doc, "th", { scope: "row" }, xLabel(xi)),
          series.map((s) => h(doc, "td", { class: CLS.num }, s.values[i] == null ? "–" : format(s.values[i])))))))),
  );
  let plot = null;
  const draw = (width) => {
    const c = colours(fig);
    legend.replaceChildren(...series.map((s, i) => {
      const sw = h(doc, "span", { class: "cx-swatch" + (s.dash ? " cx-swatch-dash" : "") });
      sw.style.borderColor = c.series[i % c.series.length];
      return h(doc, "li", null, sw, s.label);
    }));
    const axis = { stroke: c.axis, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 }, font: `11px ${c.font}` };
    const opts = {
      width, height: HEIGHT,
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [
        { ...axis, values: (u, splits) => splits.map((v) => (x.includes(v) ? xLabel(v) : "")), splits: () => x, size: 34 },
        { ...axis, values: (u, splits) => splits.map((v) => format(v)), size: 64 },
      ],
      series: [{}, ...series.map((s, i) => ({
        label: s.label,
        stroke: c.series[i % c.series.length],
        width: 2,
        dash: s.dash ? [6, 4] : undefined,
        points: { show: x.length <= 40, size: 5, fill: c.series[i % c.series.length] },
        spanGaps: false,
      }))],
    };
    plot?.destroy();
    plot = new uPlot(opts, [x, ...series.map((s) => s.values)], plotBox);
  };
  const ro = new ResizeObserver(() => {
    const width = Math.floor(plotBox.clientWidth);
    if (!width) return;
    if (!plot) draw(width);
    else if (Math.abs(plot.width - width) > 2) plot.setSize({ width, height: HEIGHT });
  });
  ro.observe(plotBox);
  // Colours are baked into the canvas: draw again for print (light colours) and on a colour-scheme change.
  const view = doc.defaultView;
  const schemes = ["print", "(prefers-color-scheme: dark)"].map((q) => view?.matchMedia?.(q)).filter(Boolean);
  const redraw = () => { if (plot) draw(plot.width); };
  for (const mq of schemes) mq.addEventListener("change", redraw);

  const png = () => {
    if (!plot) return;
    const c = colours(fig);
    const src = plot.ctx.canvas;
    const ratio = src.width / plot.width;
    const pad = 16 * ratio, head = 56 * ratio;
    const out = doc.createElement("canvas");
    out.width = src.width + 2 * pad;
    out.height = src.height + head + pad;
    const ctx = out.getContext("2d");
    ctx.fillStyle = c.bg;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = c.text;
    ctx.font = `600 ${14 * ratio}px ${c.font}`;
    ctx.fillText(title, pad, pad + 12 * ratio);
    let lx = pad;
    ctx.font = `${12 * ratio}px ${c.font}`;
    series.forEach((s, i) => {
      ctx.strokeStyle = c.series[i % c.series.length];
      ctx.lineWidth = 2 * ratio;
      ctx.setLineDash(s.dash ? [6 * ratio, 4 * ratio] : []);
      ctx.beginPath();
      ctx.moveTo(lx, pad + 34 * ratio);
      ctx.lineTo(lx + 18 * ratio, pad + 34 * ratio);
      ctx.stroke();
      ctx.fillText(s.label, lx + 24 * ratio, pad + 38 * ratio);
      lx += 40 * ratio + ctx.measureText(s.label).width;
    });
    ctx.drawImage(src, pad, head);
    out.toBlob((blob) => blob && download(doc, pngName, blob));
  };
  fig.append(h(doc, "div", { class: `${CLS.toolbar} ${CLS.noPrint}` },
    h(doc, "button", { type: "button", class: `${CLS.button} ${CLS.buttonQuiet}`, onclick: png, "aria-label": `${t("export.png")}: ${title}` }, t("export.png"))));
  fig.cxDestroy = () => { ro.disconnect(); for (const mq of schemes) mq.removeEventListener("change", redraw); plot?.destroy(); };
  return fig;
}
