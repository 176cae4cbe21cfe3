// A tiny element builder. Text goes in through textContent only: strings from
// the loaded files (agent names, tags, headers) are never parsed as HTML.

/**
 * `h(doc, "button", {class: "x", onclick: fn, "aria-label": "…"}, "text", child)`.
 * Attributes starting with `on` become listeners; `class` sets className;
 * `dataset` an object of data-*; boolean `true` sets an empty attribute,
 * `false`/null/undefined skip it. Children: nodes, strings (as text), arrays, or null.
 */
export function h(doc, tag, attrs, ...children) {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "value" || k === "checked" || k === "selected" || k === "disabled" || k === "hidden" || k === "open") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (typeof c === "string" || typeof c === "number") el.append(el.ownerDocument.createTextNode(String(c)));
    else el.append(c);
  }
}

/** Replace every child of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
/** A document-unique id for label/aria wiring. */
export const newId = (prefix = "cx") => `${prefix}-${++uid}`;
