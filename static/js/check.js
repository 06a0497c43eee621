// The result panel: output values, the gradient (reverse mode), the JVP (forward mode), and beside
// them the API's finite-difference check (POST /api/check): each derivative beside the quotient
// (f(x+h) − f(x−h)) / 2h of the engine's evaluation, with the engine's verdict. The page computes
// no derivative and no quotient.

import { checkOf } from "./api.js";
import { h, replace } from "./dom.js";
import { num, pointText, precise } from "./format.js";

/** How an input's quantity is written, from its node's notation. */
function inputText(trace, name, quantity = "value") {
  const node = trace.nodes.find((entry) => entry.op === "input" && entry.name === name);
  return node ? node.notation[quantity].text : name;
}

/** The check of the same point, seed and cotangent as `trace`. */
function checkRequest(trace) {
  const body = { expression: trace.expression, inputs: trace.inputs };
  if (trace.forward_mode) body.seed = trace.forward_mode.seed;
  if (trace.reverse_mode) body.cotangent = trace.reverse_mode.cotangent;
  return body;
}

export function createCheck(container) {
  let generation = 0;

  async function render(trace, output) {
    const current = ++generation;
    if (!trace) {
      replace(container, h("p", { class: "empty" }, "Run an expression to see its value and derivatives."));
      return;
    }
    const outputNode = trace.nodes[trace.outputs[output] ?? trace.outputs[0]];
    const outName = outputNode.notation.value.text;
    const blocks = [valuesBlock(trace)];
    const gradientCells = new Map();
    const jvpCells = [];
    if (trace.reverse_mode) {
      const rows = Object.entries(trace.reverse_mode.gradient).map(([name, value]) => {
        const check = h("td", { class: "fd num" }, h("span", { class: "pending" }, "…"));
        gradientCells.set(name, { check });
        return h("tr", { "data-testid": `gradient-${name}`, "data-value": String(value) },
          h("th", { scope: "row" }, `∂${outName}/∂${inputText(trace, name)}`,
            h("span", { class: "as-adjoint" }, ` = ${inputText(trace, name, "adjoint")}`)),
          h("td", { class: "num strong" }, precise(value)), check);
      });
      blocks.push(h("table", { class: "result-table", "data-testid": "gradient" },
        h("caption", {}, "Gradient (reverse mode)"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "derivative")), h("th", { class: "num" }, "autodiff"), h("th", { class: "num" }, "finite-difference check"))),
        h("tbody", {}, rows)));
    }
    if (trace.forward_mode) {
      const seedText = Object.entries(trace.forward_mode.seed).filter(([, v]) => v !== 0)
        .map(([name, v]) => (v === 1 ? inputText(trace, name) : `${num(v)}·${inputText(trace, name)}`)).join(" + ") || "0";
      const rows = trace.forward_mode.jvp.map((value, index) => {
        const check = h("td", { class: "fd num" }, h("span", { class: "pending" }, "…"));
        jvpCells.push({ check });
        return h("tr", { "data-testid": `jvp-${index}`, "data-value": String(value) },
          h("th", { scope: "row" }, trace.nodes[trace.outputs[index]].notation.tangent?.text ?? trace.nodes[trace.outputs[index]].notation.value.text),
          h("td", { class: "num strong" }, precise(value)), check);
      });
      blocks.push(h("table", { class: "result-table", "data-testid": "jvp" },
        h("caption", {}, `JVP (forward mode, seed along ${seedText})`),
        h("tbody", {}, rows)));
    }
    if (trace.warnings.length) {
      blocks.push(h("ul", { class: "warnings", "data-testid": "warnings", "aria-label": "Warnings" },
        trace.warnings.map((warning) => h("li", {}, h("strong", {}, "Warning: "), warning.message))));
    }
    const note = h("p", { class: "fd-note" }, "Finite-difference check: asking the engine…");
    if (trace.reverse_mode || trace.forward_mode) blocks.push(note);
    replace(container, blocks);
    if (!trace.reverse_mode && !trace.forward_mode) return;

    let result;
    try {
      result = await checkOf(checkRequest(trace));
    } catch (error) {
      if (current !== generation) return;
      replace(note, "Finite-difference check: not available.");
      const text = error.kind === "limit" ? "too many inputs to check here" : "not available here";
      for (const cell of [...gradientCells.values(), ...jvpCells]) replace(cell.check, h("span", { class: "pending", title: error.message }, text));
      return;
    }
    if (current !== generation) return;
    replace(note, `Finite-difference check: ${result.formula}, from the engine's evaluation; ✓ within a relative ${result.tolerance}.`);
    for (const entry of result.gradient) if (gradientCells.has(entry.input)) show(gradientCells.get(entry.input), entry);
    result.jvp.forEach((entry, i) => jvpCells[i] && show(jvpCells[i], entry));
  }

  function show(cell, entry) {
    if (entry.finite_difference === null) {
      replace(cell.check, h("span", { class: "pending", title: entry.note }, "undefined near x"));
      return;
    }
    const verdict = entry.agrees ? "agrees with autodiff" : "differs from autodiff";
    replace(cell.check,
      h("span", { class: "fd-value", "data-testid": "fd-value", "data-value": String(entry.finite_difference), title: `h = ${entry.h}, ${entry.scheme} quotient` },
        num(entry.finite_difference, 6)),
      entry.scheme === "central" ? null : h("span", { class: "pending" }, ` (${entry.scheme} only)`),
      h("span", { class: `fd-verdict ${entry.agrees ? "fd-verdict--ok" : "fd-verdict--off"}`, title: verdict },
        entry.agrees ? " ✓" : " ≠", h("span", { class: "visually-hidden" }, entry.agrees ? " agrees" : " differs")));
    cell.check.title = entry.note ?? verdict;
  }

  return { render };
}

function valuesBlock(trace) {
  const rows = trace.outputs.map((id, index) => h("tr", { "data-testid": `output-${index}`, "data-value": String(trace.output_values[index]) },
    h("th", { scope: "row" }, trace.outputs.length > 1 ? `output ${index}: ${trace.nodes[id].notation.value.text}` : trace.nodes[id].notation.value.text),
    h("td", { class: "num strong" }, precise(trace.output_values[index]))));
  // the point; a big program's hundreds of inputs are in the Inputs panel, not here
  const at = pointText(Object.entries(trace.inputs).map(([name, value]) => [name, num(value, 6)]));
  return h("table", { class: "result-table", "data-testid": "outputs" },
    h("caption", {}, at ? `Value at ${at}` : "Value"), h("tbody", {}, rows));
}
