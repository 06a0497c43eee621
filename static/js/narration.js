// The narration of step k: its equation in proper notation with the numbers filled in, and one line
// of plain explanation (what is cached, and why). Every number is read from the step's record.

import { h, replace } from "./dom.js";
import { accentText, definition, formula, nodeName, num, subscriptVar } from "./format.js";
import { n, op, partial, sym, text } from "./notation.js";
import { PHASE_NAMES, termOperandIndices } from "./steps.js";

const totals = new WeakMap(); // steps -> contributions each node receives in reverse mode

function contributionTotals(steps, count) {
  if (!totals.has(steps)) {
    const counts = new Array(count).fill(0);
    for (const step of steps) if (step.kind === "adjoint") counts[step.operand] += 1;
    totals.set(steps, counts);
  }
  return totals.get(steps);
}

/** Render step `view.k` of `trace` into `container`. `descriptions` maps op name -> what it is. */
export function renderNarration(container, trace, steps, view, descriptions = {}) {
  if (!trace) {
    replace(container, h("p", { class: "narration-explain" }, "Type an expression and press Run."));
    return;
  }
  const step = view.step;
  const head = h("div", { class: "narration-head" },
    h("span", { class: `phase-chip phase-chip--${step ? step.phase : "ready"}`, "data-testid": "phase" },
      step ? PHASE_NAMES[step.phase] : "ready"),
    h("span", { class: "narration-step", "data-testid": "step-count" }, `step ${view.k} of ${view.total}`));
  const parts = step ? describe(trace, steps, view, step, descriptions) : ready(trace);
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
  const modes = [
    trace.forward_mode && "forward mode carries a tangent forward beside each value",
    trace.reverse_mode && "reverse mode sends adjoints back from the output, edge by edge",
  ].filter(Boolean);
  return {
    equation: [text("Press "), h("kbd", {}, "Space"), text(" or "), h("kbd", {}, "→"), text(" to take the first step.")],
    explain: `Evaluation computes each node's primal value in order and caches its local partials${modes.length ? "; then " + modes.join(", and ") : ""}.`,
  };
}

function finished(trace) {
  if (trace.reverse_mode) {
    const gradient = Object.entries(trace.reverse_mode.gradient).map(([name, value]) => `${accentText(name, "bar")} = ${num(value)}`);
    return `Done: the gradient is ${gradient.join(", ")}.`;
  }
  if (trace.forward_mode) return `Done: the JVP is ${trace.forward_mode.jvp.map((value) => num(value)).join(", ")}.`;
  return `Done: ${trace.output_values.map((value) => num(value)).join(", ")}.`;
}

function describe(trace, steps, view, step, descriptions) {
  if (step.kind === "evaluate") return evaluation(trace, step, descriptions);
  if (step.kind === "tangent") return tangent(trace, step);
  if (step.kind === "seed") return seed(trace, step);
  return adjoint(trace, steps, view, step);
}

// ---- evaluation -----------------------------------------------------------------------------------

function lhs(node) {
  return node.name || node.op === "const" ? [h("var", { class: "sym" }, subscriptVar(node.var)), op("=")] : [];
}

function evaluation(trace, step, descriptions) {
  const node = trace.nodes[step.node];
  const operands = node.operands.map((id) => trace.nodes[id]);
  if (node.op === "input") {
    return {
      equation: [...lhs(node), sym(node), op("="), n(step.value)],
      explain: `${nodeName(node)} is an input: its value is given, and it is the start of every path through the graph.`,
    };
  }
  if (node.op === "const") {
    return {
      equation: [...lhs(node), n(step.value)],
      explain: "A constant: nothing depends on an input here, so it needs no tangent and no adjoint.",
    };
  }
  const symbolic = definition(node, operands.map(nodeName));
  const numeric = definition(node, operands.map((operand) => num(operand.value).startsWith("\u2212") ? `(${num(operand.value)})` : num(operand.value)));
  const equation = [
    ...lhs(node), sym(node), op("="), h("span", { class: "expr" }, symbolic), op("="), h("span", { class: "expr" }, numeric),
    op("="), h("strong", { class: "n n--result" }, num(step.value)),
  ];
  const cached = [];
  node.operands.forEach((id, index) => {
    const operand = trace.nodes[id];
    const value = step.partials[index];
    if (!operand.active || value === null || value === undefined) return;
    if (cached.length) cached.push(h("span", { class: "sep" }, ""));
    cached.push(partial(node, operand), op("="), h("span", { class: "expr" }, formula(node.partial_formulas[index])), op("="), n(value));
  });
  const what = descriptions[node.op] ? `${capitalise(descriptions[node.op])}. ` : "";
  return {
    equation,
    cached: cached.length ? [h("span", { class: "cached-tag" }, "cached"), ...cached] : null,
    explain: cached.length
      ? `${what}Evaluation stores the value and each local partial now, so neither mode has to recompute them.`
      : `${what}No operand depends on an input, so no local partial is needed.`,
  };
}

// ---- forward mode ---------------------------------------------------------------------------------

function tangent(trace, step) {
  const node = trace.nodes[step.node];
  const dual = `(${num(node.value)}, ${num(step.tangent)})`;
  if (node.op === "input") {
    return {
      equation: [sym(node, "dot"), op("="), n(step.tangent), text(" (seed)")],
      explain: `Forward mode starts from the seed, the direction we differentiate along: ${nodeName(node)} carries the dual number ${dual}.`,
    };
  }
  if (!step.terms.length) {
    return {
      equation: [sym(node, "dot"), op("="), n(0)],
      explain: node.op === "const"
        ? "A constant does not change when an input does: its tangent is 0."
        : "Nothing here depends on an input, so its tangent is 0.",
    };
  }
  const indices = termOperandIndices(trace, node);
  const symbolic = [];
  const numeric = [];
  step.terms.forEach((term, j) => {
    const operand = trace.nodes[node.operands[indices[j]]];
    if (j) {
      symbolic.push(op("+"));
      numeric.push(op("+"));
    }
    symbolic.push(partial(node, operand), op("·"), sym(operand, "dot"));
    numeric.push(n(term.partial, { inner: j > 0 }), op("·"), n(term.tangent, { inner: true }));
  });
  const equation = [sym(node, "dot"), op("="), ...symbolic, op("="), ...numeric];
  equation.push(op("="), h("strong", { class: "n n--result" }, num(step.tangent)));
  return {
    equation,
    explain: `The tangent is the sum of local partial × operand tangent, with the partials cached during evaluation; ${nodeName(node)} now carries the dual number ${dual}.`,
  };
}

// ---- reverse mode ---------------------------------------------------------------------------------

function seed(trace, step) {
  const equation = [];
  step.seeds.forEach((entry, index) => {
    if (index) equation.push(h("span", { class: "sep" }, ""));
    equation.push(sym(trace.nodes[entry.node], "bar"), op("="), n(entry.adjoint), text(" (seed)"));
  });
  const output = trace.nodes[step.seeds[0]?.node];
  return {
    equation,
    explain: output
      ? `Reverse mode starts at the output: the adjoint of ${nodeName(output)} is ∂${nodeName(output)}/∂${nodeName(output)} = 1 (the cotangent). Every other adjoint starts at 0 and will accumulate.`
      : "Reverse mode starts from the cotangent.",
  };
}

function adjoint(trace, steps, view, step) {
  const node = trace.nodes[step.node];
  const target = trace.nodes[step.operand];
  const equation = [
    sym(target, "bar"), op("+="), sym(node, "bar"), op("·"), partial(node, target),
    op("="), n(step.adjoint), op("·"), n(step.partial, { inner: true }), op("="), n(step.contribution),
    op("→"), sym(target, "bar"), op("="),
  ];
  if (step.before !== 0) equation.push(n(step.before), op("+"), n(step.contribution, { inner: true }), op("="));
  equation.push(h("strong", { class: "n n--result" }, num(step.after)));
  const total = contributionTotals(steps, trace.nodes.length)[step.operand];
  const so = view.contributions[step.operand];
  let explain = `The adjoint of ${nodeName(node)} is complete, so ${nodeName(node)} passes ${nodeName(target)} its share: adjoint × the local partial cached during evaluation, one multiplication.`;
  if (total > 1) {
    explain = so > 1
      ? `${nodeName(target)} is used ${total} times, so its adjoint accumulates: contribution ${so} of ${total} is added to the ${num(step.before)} already there.`
      : `${nodeName(target)} is used ${total} times: this is contribution 1 of ${total}, and the others will be added to it (adjoint × cached local partial each time).`;
  }
  return { equation, explain };
}

function capitalise(words) {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
