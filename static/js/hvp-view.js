// The lecture's HVP tab: H·v without forming H (POST /api/hvp). The direction v is the trace's own (its
// forward-mode seed), H·v comes from one HVP, and where the program has few inputs H is formed and the
// engine's own product H times v is shown beside it; then what each way costs, as the passes counted.
// Every number and sentence is the API's; the page lays out the tables and draws the bars.

import { h } from "./dom.js";
import { num } from "./format.js";
import { costBars } from "./lecture-model.js";
import { fill } from "./symbolic-view.js";
import { tex } from "./tex.js";

const ENTRIES_SHOWN = 8; // a vector's entries listed, at most; the rest are counted
const COSTS = { gradient: "one gradient", hvp: "one HVP", hessian: "forming H" };

const plural = (count, one, many) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

/** A column vector as a table: each entry's name (the engine's notation) and value. */
function vector(title, names, values, testid) {
  const rows = values.slice(0, ENTRIES_SHOWN).map((value, i) => h("tr", {},
    h("th", { scope: "row" }, tex(names[i].latex, names[i].text)),
    h("td", { "data-value": String(value) }, num(value))));
  return h("figure", { class: "hvp-vector", "data-testid": testid },
    h("figcaption", {}, title),
    h("table", { class: "hvp-table" }, h("tbody", {}, rows)),
    values.length > ENTRIES_SHOWN ? h("p", { class: "hvp-more" }, `… and ${plural(values.length - ENTRIES_SHOWN, "more entry", "more entries")}`) : null);
}

function hessianTable(hvp) {
  const { hessian } = hvp;
  if (!hessian) {
    return h("figure", { class: "hvp-vector hvp-unformed", "data-testid": "hvp-hessian" },
      h("figcaption", {}, "H"), h("p", {}, `not formed: ${plural(hvp.hessian_entries, "entry", "entries")}`));
  }
  const head = h("tr", {}, h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "row")), hvp.input_notation.map((written) => h("th", { scope: "col" }, tex(written.latex, written.text))));
  const rows = hessian.matrix.map((row, i) => h("tr", {},
    h("th", { scope: "row" }, tex(hvp.input_notation[i].latex, hvp.input_notation[i].text)),
    row.map((value) => h("td", { "data-value": String(value) }, num(value)))));
  return h("figure", { class: "hvp-vector hvp-hessian", "data-testid": "hvp-hessian" },
    h("figcaption", {}, `H (${hvp.inputs.length} × ${hvp.inputs.length})`),
    h("table", { class: "hvp-table" }, h("thead", {}, head), h("tbody", {}, rows)));
}

function checkLine(hvp) {
  if (!hvp.check) return null;
  const { agrees } = hvp.check;
  return h("p", { class: `hvp-check${agrees ? " is-agreed" : " is-refuted"}`, "data-testid": "hvp-check", "data-agrees": String(agrees) },
    agrees ? "H times v, done as a matrix-vector product, equals the HVP ✓" : "H times v differs from the HVP ✗",
    h("span", { class: "hvp-difference" }, ` (largest difference ${num(hvp.check.largest_difference)})`));
}

function costs(hvp) {
  return h("div", { class: "sym-bars hvp-costs", "data-testid": "hvp-costs" }, costBars(hvp).map((bar) =>
    h("div", { class: `sym-bar is-${bar.kind}`, "data-kind": bar.kind, "data-operations": bar.operations },
      h("span", { class: "sym-bar-label" }, COSTS[bar.kind] ?? bar.kind),
      h("span", { class: "sym-bar-track" }, fill(bar.share)),
      h("span", { class: "sym-bar-size" }, `${plural(bar.passes, "pass", "passes")} · ${plural(bar.operations, "multiply-add", "multiply-adds")}`))));
}

/** Render a /api/hvp response into `container`; onShow({mode, k, note}): the player, in another mode. */
export function renderHvp(container, hvp, { onShow }) {
  const product = hvp.check
    ? vector("H times v, as a product", hvp.result_notation, hvp.check.product, "hvp-product") : null;
  container.replaceChildren(h("div", { class: "hvp-body" },
    h("p", { class: "lecture-lead", "data-testid": "hvp-summary" }, hvp.summary),
    h("div", { class: "hvp-row" },
      hessianTable(hvp),
      h("span", { class: "hvp-operator", "aria-hidden": "true" }, "·"),
      vector("v (the seed)", hvp.direction_notation, hvp.direction, "hvp-direction"),
      h("span", { class: "hvp-operator", "aria-hidden": "true" }, "="),
      vector("H·v by one HVP", hvp.result_notation, hvp.result, "hvp-result"),
      product),
    checkLine(hvp),
    costs(hvp),
    // the same product, step by step: the player in mode hvp, from its first step, along the same v
    h("p", { class: "hvp-play" }, h("button", { type: "button", class: "button", "data-testid": "hvp-play",
      onclick: () => onShow({ mode: "hvp", k: 0, note: "One HVP, step by step: press → or Space. Press L to go back to the lecture." }) },
    "Step through one HVP"))));
}
