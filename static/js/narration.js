// The narration of step k: its equation, typeset from the engine's notation and formulas with the
// recorded numbers filled in, and one line of plain explanation (what is cached, and why). Every symbol
// carries data-node (and a partial data-operand), so hovering it highlights its node in the graph.
// The sentences are the page's; every name, formula and number in them is the engine's.

import { h, replace } from "./dom.js";
import { num } from "./format.js";
import { describe, paintPhase, phaseLabel } from "./meta.js";
import { n, op, partial, sym, text } from "./notation.js";
import { operandOf } from "./steps.js";
import { definitionOf, partialFormulaOf, tex } from "./tex.js";

const NARRATORS = {
  evaluate: evaluation,
  seed: tangentSeed,
  constant: tangentConstant,
  tangent,
  cotangent,
  adjoint,
  hvp_cotangent: dualCotangent,
  hvp_adjoint: dualAdjoint,
};

const name = (node) => node.notation.value.text;

/** Render step `view.k` of `trace` into `container`. */
export function renderNarration(container, trace, view) {
  if (!trace) {
    replace(container, h("p", { class: "narration-explain" }, "Type an expression and press Run."));
    return;
  }
  const step = view.step;
  const chip = h("span", { class: "phase-chip", "data-testid": "phase", "data-phase": step ? step.phase : "ready" },
    step ? phaseLabel(step.phase) : "ready");
  paintPhase(chip, step ? step.phase : null);
  const head = h("div", { class: "narration-head" }, chip,
    h("span", { class: "narration-step", "data-testid": "step-count" }, `step ${view.k} of ${view.total}`));
  const narrate = step ? NARRATORS[step.kind] : null;
  const parts = narrate ? narrate(trace, view, step) : step ? unknown(step) : ready(trace);
  const done = view.k === view.total && view.total > 0 ? finished(trace) : null;
  // the engine's warning about this node (a kink where a subgradient is used, say), when evaluation reaches it
  const warnings = step && step.kind === "evaluate" ? trace.warnings.filter((warning) => warning.node === step.node) : [];
  replace(container, head,
    h("p", { class: "equation", "data-testid": "equation" }, parts.equation),
    parts.cached ? h("p", { class: "equation equation--cached", "data-testid": "cached" }, parts.cached) : null,
    warnings.map((warning) => h("p", { class: "narration-warning", "data-testid": "warning" }, h("strong", {}, "Warning: "), warning.message)),
    h("p", { class: "narration-explain", "data-testid": "explanation" }, parts.explain, done ? [" ", h("strong", {}, done)] : null));
}

function ready(trace) {
  const later = trace.passes.slice(1).map(phaseLabel);
  return {
    equation: [text("Press "), h("kbd", {}, "Space"), text(" or "), h("kbd", {}, "→"), text(" to take the first step.")],
    explain: `Evaluation computes each node's primal value in order and caches its local partials${later.length ? `; then ${later.join(", then ")}` : ""}.`,
  };
}

function unknown(step) {
  return { equation: [text(`${phaseLabel(step.phase)}: ${step.kind}`)], explain: "" };
}

function inputNotation(trace, inputName, quantity) {
  const node = trace.nodes.find((entry) => entry.op === "input" && entry.name === inputName);
  return node ? node.notation[quantity].text : inputName;
}

function finished(trace) {
  if (trace.hvp) {
    const product = Object.entries(trace.hvp.result).map(([input, value]) => `${inputNotation(trace, input, "value")}: ${num(value)}`);
    return `Done: the Hessian-vector product H·v is (${product.join(", ")}), read off the tangents of the inputs' adjoints.`;
  }
  if (trace.reverse_mode) {
    const gradient = Object.entries(trace.reverse_mode.gradient).map(([input, value]) => `${inputNotation(trace, input, "adjoint")} = ${num(value)}`);
    return `Done: the gradient is ${gradient.join(", ")}.`;
  }
  if (trace.forward_mode) return `Done: the JVP is ${trace.forward_mode.jvp.map((value) => num(value)).join(", ")}.`;
  return `Done: ${trace.output_values.map((value) => num(value)).join(", ")}.`;
}

// ---- evaluation -----------------------------------------------------------------------------------

function evaluation(trace, view, step) {
  const node = trace.nodes[step.node];
  const value = node.value;
  if (node.op === "input") {
    return {
      equation: [sym(node), op("="), n(value)],
      explain: `${name(node)} is an input: its value is given, and it is the start of every path through the graph.`,
    };
  }
  if (node.op === "const") {
    // named by its Wengert variable (v₃ = 0.4): its value's own notation is the number itself
    const variable = node.notation.var;
    return {
      equation: [h("var", { class: "sym", "data-node": node.id }, tex(variable.latex, variable.text)), op("="), n(value)],
      explain: "A constant: it does not depend on any input, so it needs no tangent and no adjoint.",
    };
  }
  const equation = [sym(node), op("="), h("span", { class: "expr" },
    tex(definitionOf(trace, node, "latex"), definitionOf(trace, node, "text"))), op("="),
    h("strong", { class: "n n--result" }, num(value))];
  const cached = [];
  node.operands.forEach((id, index) => {
    const operand = trace.nodes[id];
    const local = node.partials[index];
    if (!operand.active || local === null) return;
    if (cached.length) cached.push(h("span", { class: "sep" }, ""));
    cached.push(partial(node, operand), op("="), h("span", { class: "expr" },
      tex(partialFormulaOf(trace, node, index, "latex"), partialFormulaOf(trace, node, index, "text"))),
      op("="), n(local));
  });
  const what = describe(node.op) ? `${capitalise(describe(node.op))}. ` : "";
  return {
    equation,
    cached: cached.length ? [h("span", { class: "cached-tag" }, "cached"), ...cached] : null,
    explain: cached.length
      ? `${what}Evaluation stores the value and each local partial now, so neither mode has to recompute them.`
      : `${what}No operand depends on an input, so no local partial is needed.`,
  };
}

// ---- forward mode ---------------------------------------------------------------------------------

const dual = (node, tangentValue) => `(${num(node.value)}, ${num(tangentValue)})`;

function tangentSeed(trace, view, step) {
  const node = trace.nodes[step.node];
  return {
    equation: [sym(node, "tangent"), op("="), n(step.tangent), text(" (seed)")],
    explain: `Forward mode starts from the seed, the direction we differentiate along: ${name(node)} carries the dual number ${dual(node, step.tangent)}.`,
  };
}

function tangentConstant(trace, view, step) {
  const node = trace.nodes[step.node];
  return {
    equation: node.notation.tangent
      ? [sym(node, "tangent"), op("="), n(0)]
      : [sym(node), text(" is a constant: its tangent is "), n(0)],
    explain: `${name(node)} does not depend on any input, so it does not change when an input does: its tangent is 0.`,
  };
}

function tangent(trace, view, step) {
  const node = trace.nodes[step.node];
  const symbolic = [];
  const numeric = [];
  step.terms.forEach((term, j) => {
    const operand = trace.nodes[node.operands[term.operand_index]];
    if (j) {
      symbolic.push(op("+"));
      numeric.push(op("+"));
    }
    symbolic.push(partial(node, operand), op("·"), sym(operand, "tangent"));
    numeric.push(n(node.partials[term.operand_index], { inner: j > 0 }), op("·"), n(operand.tangent, { inner: true }));
  });
  return {
    equation: [sym(node, "tangent"), op("="), ...symbolic, op("="), ...numeric, op("="),
      h("strong", { class: "n n--result" }, num(node.tangent))],
    explain: `The tangent is the sum of local partial × operand tangent, with the partials cached during evaluation; ${name(node)} now carries the dual number ${dual(node, node.tangent)}.`,
  };
}

// ---- reverse mode ---------------------------------------------------------------------------------

function cotangent(trace, view, step) {
  const equation = [];
  step.seeds.forEach((seed, index) => {
    if (index) equation.push(h("span", { class: "sep" }, ""));
    equation.push(sym(trace.nodes[seed.node], "adjoint"), op("="), n(seed.adjoint), text(" (seed)"));
  });
  const output = trace.nodes[step.node];
  return {
    equation,
    explain: `Reverse mode starts at the output: the adjoint of ${name(output)} is ∂${name(output)}/∂${name(output)} = 1 (the cotangent). Every other adjoint starts at 0 and will accumulate.`,
  };
}

function adjoint(trace, view, step) {
  const node = trace.nodes[step.node];
  const target = trace.nodes[operandOf(trace, step)];
  const before = view.before ?? 0;
  const equation = [
    sym(target, "adjoint"), op("+="), sym(node, "adjoint"), op("·"), partial(node, target),
    op("="), n(node.adjoint), op("·"), n(node.partials[step.operand_index], { inner: true }), op("="), n(step.contribution),
    op("→"), sym(target, "adjoint"), op("="),
  ];
  if (before !== 0) equation.push(n(before), op("+"), n(step.contribution, { inner: true }), op("="));
  equation.push(h("strong", { class: "n n--result" }, num(step.after)));
  const total = target.contributions;
  const k = step.contribution_index;
  let explain = `The adjoint of ${name(node)} is complete, so ${name(node)} passes ${name(target)} its share: adjoint × the local partial cached during evaluation, one multiplication.`;
  if (total > 1) {
    explain = k > 1
      ? `${name(target)} receives ${total} contributions, so its adjoint accumulates: contribution ${k} of ${total} is added to the ${num(before)} already there.`
      : `${name(target)} receives ${total} contributions: this is contribution 1 of ${total}, and the others will be added to it (adjoint × cached local partial each time).`;
  }
  return { equation, explain };
}

// ---- the Hessian-vector product: reverse mode over dual numbers --------------------------------------

function dualCotangent(trace, view, step) {
  const start = cotangent(trace, view, step);
  return {
    equation: start.equation,
    explain: `${start.explain} Each adjoint is now a dual number: beside it travels its tangent along the direction v, the second-order adjoint, which starts at 0.`,
  };
}

/** A parenthesis as tall as the fractions it holds. */
const paren = (glyph) => h("span", { class: "paren" }, glyph);

function dualAdjoint(trace, view, step) {
  const node = trace.nodes[step.node];
  const target = trace.nodes[operandOf(trace, step)];
  const local = node.partials[step.operand_index];
  const first = adjoint(trace, view, step);
  // the local partial moves with the direction too: its tangent is a sum of second partials x tangents
  const seconds = [];
  step.second_partials.forEach((second, k) => {
    if (second === null) return;
    const other = trace.nodes[node.operands[k]];
    if (seconds.length) seconds.push(op("+"));
    const latex = `\\frac{\\partial^2 ${node.notation.value.latex}}{\\partial ${target.notation.value.latex}\\,\\partial ${other.notation.value.latex}}`;
    seconds.push(tex(latex, `∂²${node.notation.value.text}/∂${target.notation.value.text}∂${other.notation.value.text}`), op("·"), sym(other, "tangent"));
  });
  const cached = [
    sym(target, "adjoint_tangent"), op("+="), sym(node, "adjoint_tangent"), op("·"), partial(node, target),
    // the partial's tangent in its parentheses is one piece: a line never breaks inside it
    op("+"), sym(node, "adjoint"), op("·"), h("span", { class: "unbroken" }, paren("("), ...(seconds.length ? seconds : [n(0)]), paren(")")),
    op("="), n(step.adjoint_tangent), op("·"), n(local, { inner: true }), op("+"), n(node.adjoint, { inner: true }),
    op("·"), n(step.partial_tangent, { inner: true }), op("="), n(step.tangent_contribution),
    op("→"), sym(target, "adjoint_tangent"), op("="), h("strong", { class: "n n--result" }, num(step.tangent_after)),
  ];
  return {
    equation: first.equation,
    cached: [h("span", { class: "cached-tag" }, "tangent"), ...cached],
    explain: `${first.explain} On dual numbers the same step also carries the tangent: the product rule on adjoint × partial, with the partial's own tangent made of second partials (Pearlmutter's trick: forward mode over reverse mode).`,
  };
}

function capitalise(words) {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
