// The node inspector: everything the trace records about one node, as of step k, and where in the
// source it came from.

import { h, replace } from "./dom.js";
import { precise } from "./format.js";
import { describe } from "./meta.js";
import { partial, sym } from "./notation.js";
import { definitionOf, partialFormulaOf, tex } from "./tex.js";

const OP_WORDS = { input: "input", const: "constant" };

/** Render the inspector for `selected` (a node id) at `view`, or hide it when nothing is selected. */
export function renderInspector(container, trace, view, selected, { onClose }) {
  const node = trace && selected !== null ? trace.nodes[selected] : null;
  container.hidden = !node;
  if (!node) {
    container.replaceChildren();
    return;
  }
  const operands = node.operands.map((id) => trace.nodes[id]);
  const value = view.values[node.id];
  const tangent = view.tangents[node.id];
  const adjoint = view.adjoints[node.id];
  const pending = (what) => h("span", { class: "pending" }, `not yet (${what})`);
  const close = h("button", { type: "button", class: "button button--icon inspector-close", "aria-label": "Close the inspector", "data-testid": "inspector-close" }, "×");
  close.addEventListener("click", onClose);

  const rows = [
    ["operation", `${OP_WORDS[node.op] ?? node.op}${describe(node.op) ? ` · ${describe(node.op)}` : ""}`],
    ["Wengert line", tex(`${node.notation.var.latex} = ${definitionOf(trace, node, "latex")}`,
      `${node.notation.var.text} = ${definitionOf(trace, node, "text")}`)],
    ["source", h("code", { class: "source-quote" }, trace.expression.slice(node.span[0], node.span[1]))],
    ["primal value", value === null ? pending("evaluation has not reached it") : h("span", { class: "n", "data-testid": "inspector-value" }, precise(value))],
  ];
  operands.forEach((operand, index) => {
    const local = node.partials[index];
    rows.push([
      partial(node, operand),
      h("span", {}, tex(partialFormulaOf(trace, node, index, "latex"), partialFormulaOf(trace, node, index, "text")),
        value !== null && local !== null ? ` = ${precise(local)}` : "",
        operand.active ? null : h("span", { class: "pending" }, " (constant operand: not needed)")),
    ]);
  });
  if (trace.forward_mode) {
    rows.push([[h("span", {}, "tangent "), sym(node, "tangent")], tangent === null ? pending("forward mode has not reached it") : h("span", { class: "n" }, precise(tangent))]);
    if (tangent !== null && value !== null) rows.push(["dual number", `(${precise(value)}, ${precise(tangent)})`]);
  }
  if (trace.reverse_mode && node.adjoint !== null) {
    const count = view.contributions[node.id];
    rows.push([[h("span", {}, "adjoint "), sym(node, "adjoint")], adjoint === null
      ? pending("reverse mode has not reached it")
      : h("span", { class: "n", "data-testid": "inspector-adjoint" }, precise(adjoint), count > 1 ? h("span", { class: "pending" }, ` (${count} contributions so far)`) : null)]);
  }
  replace(container,
    h("div", { class: "inspector-head" },
      h("h2", {}, node.notation.value.text,
        node.notation.value.text === node.notation.var.text ? null : h("span", { class: "inspector-var" }, node.notation.var.text)),
      close),
    h("dl", { class: "inspector-list" }, rows.map(([term, detail]) => [h("dt", {}, term), h("dd", {}, detail)])));
}
