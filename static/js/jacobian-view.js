// The lecture's first tab: the Jacobian of the program at its inputs (POST /api/jacobian), its entries
// named and typeset in the engine's notation, and the two ways of building it: forward mode, one pass
// per input giving a column, and reverse mode, one pass per output giving a row. Choosing a pass lights
// the cells it gives. Every number, formula and sentence is the API's; the page only lays them out.

import { h } from "./dom.js";
import { num, pointText } from "./format.js";
import { cellsOf, methodsOf } from "./lecture-model.js";
import { getMeta, paintPhase } from "./meta.js";
import { n, partial } from "./notation.js";
import { definitionOf, partialFormulaOf, tex } from "./tex.js";

const PASSES_SHOWN = 6; // a method's passes shown as buttons, at most
const WIDE_COLUMNS = 3; // past this many inputs, the matrix is laid out above the methods

const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

/** The point the Jacobian is taken at, in the inputs' notation: "x = 1, y = 2". */
function pointOf(jacobian, inputs) {
  // the dimensions follow it, so the inputs are not counted twice
  return pointText(jacobian.inputs.map((name, j) => [jacobian.input_notation[j].text, num(inputs[name])]), { counted: false });
}

function matrixTable(jacobian) {
  const head = h("tr", {}, h("th", { class: "jac-corner", scope: "col" }, h("span", { class: "visually-hidden" }, "output")),
    jacobian.input_notation.map((written, j) => h("th", { scope: "col", "data-column": j }, tex(written.latex, written.text))));
  const rows = jacobian.matrix.map((row, i) => h("tr", {},
    h("th", { scope: "row", "data-row": i }, tex(jacobian.output_notation[i].latex, jacobian.output_notation[i].text)),
    row.map((value, j) => h("td", { "data-cell": `${i},${j}`, "data-value": String(value), "data-testid": `jac-cell-${i}-${j}` },
      h("span", { class: "jac-entry" }, tex(jacobian.entries[i][j].latex, jacobian.entries[i][j].text)),
      h("span", { class: "jac-value" }, num(value))))));
  return h("table", { class: "jac-matrix", "data-testid": "jac-matrix" }, h("thead", {}, head), h("tbody", {}, rows));
}

/** A formula written by `of(form)` in both forms ("latex", "text"), typeset. */
const typeset = (of) => tex(of("latex"), of("text"));

/**
 * The factors the bracketings write out, each as its Wengert line and the row it puts in the identity:
 * that node's local partials, their formulas and their cached values, from the trace of this program.
 */
function factorsBlock(jacobian, trace) {
  if (!jacobian.factors.length) return null;
  const rows = jacobian.factors.map((factor) => {
    const node = trace.nodes[factor.node];
    const line = (form) => `${node.notation.var[form]} = ${definitionOf(trace, node, form)}`;
    const partials = node.operands.map((id, index) => h("span", { class: "jac-factor-partial" },
      partial(node, trace.nodes[id]), " = ", typeset((form) => partialFormulaOf(trace, node, index, form)),
      node.partials[index] === null ? null : [" = ", n(node.partials[index])]));
    return h("li", { class: "jac-factor", "data-testid": `factor-${factor.index}`, "data-node": factor.node },
      h("span", { class: "jac-factor-name" }, tex(factor.notation.latex, factor.notation.text)),
      h("span", { class: "jac-factor-line" }, typeset(line)),
      h("span", { class: "jac-factor-row" }, partials));
  });
  // folded under its question, so the first screen stays the matrix and the two methods
  return h("details", { class: "jac-factors", "data-testid": "jac-factors" },
    h("summary", {}, "What is each ", tex("J_k", "J_k"), "? ",
      h("span", { class: "jac-factors-names" }, jacobian.factors.map((factor) => tex(factor.notation.latex, factor.notation.text)))),
    h("p", { class: "jac-factors-note" }, jacobian.factors_note), h("ol", { class: "jac-factor-list" }, rows));
}

function methodCard(jacobian, method, choose) {
  const recommended = jacobian.recommended === method.key;
  const formula = h("div", { class: "jac-bracketing", "data-testid": `bracketing-${method.key}` },
    tex(method.bracketing.latex, method.bracketing.text));
  // a pass per input (or output): past six, the first ones stand for the rest, which are counted
  const shown = method.each_pass.slice(0, PASSES_SHOWN);
  const passes = shown.map((one) => h("button", {
    type: "button", class: "jac-pass", "data-method": method.key, "data-index": one.index, "aria-pressed": "false",
    "data-testid": `pass-${method.key}-${one.index}`, title: `${one.bracketing.text}: ${plural(one.operations, "multiply-add", "multiply-adds")}`,
    onclick: () => choose({ key: method.key, index: one.index }, true),
    onmouseenter: () => choose({ key: method.key, index: one.index }, false),
    onfocus: () => choose({ key: method.key, index: one.index }, false),
  }, tex(one.seed.latex, one.seed.text), h("span", { class: "jac-pass-cost" }, plural(one.operations, "op", "ops"))));
  const card = h("section", { class: `jac-method${recommended ? " is-recommended" : ""}`, "data-method": method.key,
    "data-testid": `method-${method.key}`, "aria-label": method.label },
  h("h3", {}, method.label[0].toUpperCase() + method.label.slice(1),
    recommended ? h("span", { class: "jac-badge", "data-testid": "recommended" }, "recommended") : null),
  h("p", { class: "jac-summary" }, method.summary),
  formula,
  h("div", { class: "jac-passes", role: "group", "aria-label": `${method.label}: its passes` }, passes,
    method.each_pass.length > shown.length
      ? h("span", { class: "jac-more", "data-testid": `more-${method.key}` }, `… and ${plural(method.each_pass.length - shown.length, "more pass", "more passes")}`)
      : null),
  h("p", { class: "jac-cost", "data-testid": `cost-${method.key}` },
    h("strong", {}, plural(method.passes, "pass", "passes")), " · ",
    h("strong", {}, plural(method.operations, "multiply-add", "multiply-adds"))));
  paintPhase(card, method.phase);
  return card;
}

/** Render a /api/jacobian response into `container`; returns nothing. `trace`: the same program's trace. */
export function renderJacobian(container, jacobian, trace) {
  const { inputs } = trace;
  const methods = methodsOf(jacobian, getMeta().passes);
  let pinned = null; // the pass a click chose: it stays lit until another is chosen

  function light(chosen) {
    const cells = cellsOf(jacobian, chosen);
    const method = methods.find((entry) => entry.key === chosen?.key);
    for (const cell of container.querySelectorAll("[data-cell]")) {
      cell.classList.toggle("is-given", cells.has(cell.dataset.cell));
      if (method) paintPhase(cell, method.phase);
    }
    for (const button of container.querySelectorAll(".jac-pass")) {
      const on = chosen && button.dataset.method === chosen.key && Number(button.dataset.index) === chosen.index;
      button.setAttribute("aria-pressed", String(Boolean(on && pinned)));
      button.classList.toggle("is-lit", Boolean(on));
    }
    for (const entry of methods) {  // the chosen pass's own bracketing, else the method's
      const formula = container.querySelector(`[data-testid=bracketing-${entry.key}]`);
      const written = entry.key === chosen?.key ? entry.each_pass[chosen.index].bracketing : entry.bracketing;
      formula.replaceChildren(tex(written.latex, written.text));
    }
  }
  function choose(chosen, pin) {
    if (pin) pinned = pinned && pinned.key === chosen.key && pinned.index === chosen.index ? null : chosen;
    light(pin ? pinned : chosen);
  }

  const dims = `${plural(jacobian.outputs.length, "output", "outputs")} × ${plural(jacobian.inputs.length, "input", "inputs")}`;
  // a matrix of many columns takes the width: the methods then sit side by side under it (present mode)
  const body = h("div", { class: jacobian.inputs.length > WIDE_COLUMNS ? "jac-body is-wide" : "jac-body" },
    h("div", { class: "jac-left" },
      h("p", { class: "lecture-lead" }, "J at ", h("span", { class: "jac-point" }, pointOf(jacobian, inputs)),
        h("span", { class: "jac-dims" }, ` (${dims})`)),
      h("div", { class: "jac-matrix-box", tabindex: "0", "aria-label": "The Jacobian" }, matrixTable(jacobian)),
      h("p", { class: "jac-reason", "data-testid": "jac-reason" }, jacobian.reason),
      factorsBlock(jacobian, trace)),
    h("div", { class: "jac-methods", onmouseleave: () => light(pinned) }, methods.map((method) => methodCard(jacobian, method, choose))));
  container.replaceChildren(body);
}
