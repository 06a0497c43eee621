// The lecture's second tab: each derivative of the output written out symbolically by the rule table
// (POST /api/symbolic), naive and simplified, beside the size of the AD trace that computes the same
// gradient. Every expression, size and sentence is the API's; the page draws the bars.

import { h } from "./dom.js";
import { num } from "./format.js";
import { shownAs, sizeBars } from "./lecture-model.js";
import { tex } from "./tex.js";

const nodes = (count) => `${count.toLocaleString("en")} ${count === 1 ? "node" : "nodes"}`;

function expression(written, testid) {
  const shown = shownAs(written);
  const content = shown.typeset ? tex(written.latex, written.expression)
    : h("code", { class: "sym-text" }, shown.text, shown.cut ? h("span", { class: "sym-cut" }, ` … (${nodes(written.size)} in all)`) : null);
  return h("div", { class: `sym-expression${shown.typeset ? "" : " is-text"}`, "data-testid": testid, tabindex: "0" }, content);
}

function derivativeCard(input, derivative) {
  const value = derivative.value === null ? "undefined here" : num(derivative.value);
  return h("section", { class: "sym-derivative", "data-testid": `sym-${input}`, "aria-label": derivative.name.text },
    h("h3", {}, tex(derivative.name.latex, derivative.name.text), h("span", { class: "sym-value" }, ` = ${value}`)),
    h("p", { class: "sym-label" }, "naive: ", h("strong", { "data-testid": `sym-size-${input}` }, nodes(derivative.size))),
    expression(derivative, `sym-naive-${input}`),
    h("p", { class: "sym-label" }, "simplified: ", h("strong", {}, nodes(derivative.simplified.size))),
    expression(derivative.simplified, `sym-simplified-${input}`));
}

function barLabel(bar, symbolic) {
  if (bar.kind === "trace-nodes") return "AD trace: nodes";
  if (bar.kind === "trace-steps") return "AD trace: steps";
  const kind = bar.kind === "naive" ? " naive" : " simplified";
  if (bar.input === null) return h("span", {}, `all ${Object.keys(symbolic.derivatives).length} derivatives,${kind}`);
  const name = symbolic.derivatives[bar.input].name;
  return h("span", {}, tex(name.latex, name.text), kind);
}

/** A bar's filled part, `share` of its track (set through the CSSOM: the page's policy refuses style attributes). */
export function fill(share) {
  const part = h("span", { class: "sym-bar-fill" });
  part.style.width = `${(share * 100).toFixed(2)}%`;
  return part;
}

function bars(symbolic) {
  return h("div", { class: "sym-bars", "data-testid": "sym-bars" }, sizeBars(symbolic).map((bar) =>
    h("div", { class: `sym-bar is-${bar.kind}`, "data-size": bar.size },
      h("span", { class: "sym-bar-label" }, barLabel(bar, symbolic)),
      h("span", { class: "sym-bar-track" }, fill(bar.share)),
      h("span", { class: "sym-bar-size" }, bar.size.toLocaleString("en")))));
}

/** Render a /api/symbolic response into `container`. */
export function renderSymbolic(container, symbolic) {
  container.replaceChildren(h("div", { class: "sym-body" },
    h("p", { class: "lecture-lead", "data-testid": "sym-summary" }, symbolic.summary),
    bars(symbolic),
    h("div", { class: "sym-derivatives" }, Object.entries(symbolic.derivatives).map(([input, derivative]) => derivativeCard(input, derivative)))));
}
