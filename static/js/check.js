// The result panel: output values, the gradient (reverse mode), the JVP (forward mode), and beside
// them a finite-difference check. The page computes no derivative: the check asks the API for the
// outputs at x ± h (evaluation only) and shows (f(x+h) − f(x−h)) / 2h, a difference of API values.

import { traceOf } from "./api.js";
import { h, replace } from "./dom.js";
import { accentText, nodeName, num, precise } from "./format.js";

const MAX_CHECKED_INPUTS = 12;
const AGREE = 1e-4; // relative: central differences with h = 1e-5 are good to about 1e-8

const step = (x) => 1e-5 * Math.max(1, Math.abs(x));

async function outputsAt(trace, inputs) {
  const result = await traceOf({ expression: trace.expression, inputs, mode: "evaluation" });
  return result.output_values;
}

/** (f(x + h·d) − f(x − h·d)) / 2h for every output, along direction d (from the API's values). */
async function centralDifference(trace, direction, h) {
  const shift = (sign) => Object.fromEntries(Object.entries(trace.inputs).map(([name, value]) => [name, value + sign * h * (direction[name] ?? 0)]));
  const [plus, minus] = await Promise.all([outputsAt(trace, shift(+1)), outputsAt(trace, shift(-1))]);
  return plus.map((value, i) => (value - minus[i]) / (2 * h));
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
    const outName = nodeName(outputNode);
    const blocks = [valuesBlock(trace)];
    const gradientCells = new Map();
    let jvpCells = [];
    if (trace.reverse_mode) {
      const rows = Object.entries(trace.reverse_mode.gradient).map(([name, value]) => {
        const check = h("td", { class: "fd num" }, h("span", { class: "pending" }, "…"));
        gradientCells.set(name, { check, value });
        return h("tr", { "data-testid": `gradient-${name}`, "data-value": String(value) },
          h("th", { scope: "row" }, `∂${outName}/∂${name}`, h("span", { class: "as-adjoint" }, ` = ${accentText(name, "bar")}`)),
          h("td", { class: "num strong" }, precise(value)), check);
      });
      blocks.push(h("table", { class: "result-table", "data-testid": "gradient" },
        h("caption", {}, "Gradient (reverse mode)"),
        h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", { class: "num" }, "autodiff"), h("th", { class: "num" }, "finite-difference check"))),
        h("tbody", {}, rows)));
    }
    if (trace.forward_mode) {
      const seedText = Object.entries(trace.forward_mode.seed).filter(([, v]) => v !== 0).map(([name, v]) => (v === 1 ? name : `${num(v)}·${name}`)).join(" + ") || "0";
      const rows = trace.forward_mode.jvp.map((value, index) => {
        const check = h("td", { class: "fd num" }, h("span", { class: "pending" }, "…"));
        jvpCells.push({ check, value });
        return h("tr", { "data-testid": `jvp-${index}`, "data-value": String(value) },
          h("th", { scope: "row" }, accentText(nodeName(trace.nodes[trace.outputs[index]]), "dot")),
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
    if (trace.reverse_mode || trace.forward_mode) blocks.push(h("p", { class: "fd-note" }, "Finite-difference check: (f(x+h) − f(x−h)) / 2h with h = 10⁻⁵·max(1, |x|), each f from the API's evaluation."));
    replace(container, blocks);

    const names = Object.keys(trace.inputs);
    try {
      if (trace.reverse_mode && names.length <= MAX_CHECKED_INPUTS) {
        const index = trace.outputs.indexOf(outputNode.id);
        await Promise.all(names.map(async (name) => {
          const hStep = step(trace.inputs[name]);
          const differences = await centralDifference(trace, { [name]: 1 }, hStep);
          if (current !== generation) return;
          show(gradientCells.get(name), differences[index]);
        }));
      } else {
        for (const cell of gradientCells.values()) replace(cell.check, h("span", { class: "pending" }, "too many inputs to check"));
      }
      if (trace.forward_mode) {
        const size = Math.max(...Object.values(trace.forward_mode.seed).map(Math.abs), 0);
        const base = Math.max(1, ...Object.values(trace.inputs).map(Math.abs));
        const differences = await centralDifference(trace, trace.forward_mode.seed, 1e-5 * base / Math.max(size, 1e-12));
        if (current !== generation) return;
        jvpCells.forEach((cell, i) => show(cell, differences[i]));
      }
    } catch (error) {
      if (current !== generation) return;
      for (const cell of [...gradientCells.values(), ...jvpCells]) {
        replace(cell.check, h("span", { class: "pending", title: error.message }, "not available here"));
      }
    }
  }

  function show(cell, difference) {
    const agrees = Math.abs(difference - cell.value) <= AGREE * Math.max(1, Math.abs(cell.value));
    replace(cell.check,
      h("span", { class: "fd-value", "data-testid": "fd-value", "data-value": String(difference) }, num(difference, 6)),
      h("span", { class: `fd-verdict ${agrees ? "fd-verdict--ok" : "fd-verdict--off"}`, title: agrees ? "agrees with autodiff" : "differs from autodiff" },
        agrees ? " ✓" : " ≠", h("span", { class: "visually-hidden" }, agrees ? " agrees" : " differs")));
    if (!agrees) cell.check.title = "The difference quotient disagrees: a kink (relu, abs) or a steep function near x.";
  }

  return { render };
}

function valuesBlock(trace) {
  const rows = trace.outputs.map((id, index) => h("tr", { "data-testid": `output-${index}`, "data-value": String(trace.output_values[index]) },
    h("th", { scope: "row" }, trace.outputs.length > 1 ? `output ${index}: ${nodeName(trace.nodes[id])}` : nodeName(trace.nodes[id])),
    h("td", { class: "num strong" }, precise(trace.output_values[index]))));
  const at = Object.entries(trace.inputs).map(([name, value]) => `${name} = ${num(value, 6)}`).join(", ");
  return h("table", { class: "result-table", "data-testid": "outputs" },
    h("caption", {}, at ? `Value at ${at}` : "Value"), h("tbody", {}, rows));
}
