// The fold over the engine's steps (static/js/steps.js), without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import { edgeKey, isConstantStep, operandOf, phaseRanges, stateAt } from "../../static/js/steps.js";
import { traces } from "./fixtures.mjs";

const reused = traces["x*x + sin(x)"];
const quotient = traces["exp(x)/x^2"];

test("at step 0 nothing is reached, at the end every value, tangent and adjoint is the node's", () => {
  for (const trace of Object.values(traces)) {
    const start = stateAt(trace, 0);
    assert.ok(start.values.every((value) => value === null));
    assert.equal(start.step, null);
    const end = stateAt(trace, trace.steps.length);
    trace.nodes.forEach((node, id) => {
      assert.equal(end.values[id], node.value);
      if (trace.forward_mode) assert.equal(end.tangents[id], node.tangent);
      if (trace.reverse_mode && node.adjoint !== null && node.active) assert.equal(end.adjoints[id], node.adjoint);
    });
  }
});

test("stepping back is the state at k - 1: the fold is a pure function of (trace, k)", () => {
  const trace = reused;
  for (let k = 0; k <= trace.steps.length; k++) {
    assert.deepEqual(stateAt(trace, k), stateAt(trace, k));
    const before = stateAt(trace, k - 1 < 0 ? 0 : k - 1);
    const now = stateAt(trace, k);
    if (k > 0 && now.step.kind === "adjoint") {
      const operand = operandOf(trace, now.step);
      assert.equal(now.before, before.adjoints[operand]);
    }
  }
});

test("a reused node's adjoint accumulates one contribution per edge, k of n", () => {
  const trace = reused;
  const into = trace.steps.map((step, index) => [step, index])
    .filter(([step]) => step.kind === "adjoint" && operandOf(trace, step) === 0);
  assert.deepEqual(into.map(([step]) => step.contribution_index), [1, 2, 3]);
  assert.equal(trace.nodes[0].contributions, 3);
  const [, last] = into[into.length - 1];
  const view = stateAt(trace, last + 1);
  assert.equal(view.adjoints[0], trace.nodes[0].adjoint);
  assert.equal(view.contributions[0], 3);
  assert.equal(view.receivingNode, 0);
});

test("the phases come in the order of the trace's passes, as ranges over k", () => {
  const ranges = phaseRanges(quotient.steps);
  assert.deepEqual(ranges.map((range) => range.phase), quotient.passes);
  assert.equal(ranges[ranges.length - 1].end, quotient.steps.length);
});

test("the active edges of a step are the engine's operand indices", () => {
  const trace = quotient;
  const k = trace.steps.findIndex((step) => step.kind === "tangent" && step.node === 4) + 1;
  const view = stateAt(trace, k);
  assert.deepEqual(view.activeEdges.map((edge) => edgeKey(edge.target, edge.operandIndex)), ["4:0", "4:1"]);
  assert.equal(view.crossed.get("4:1"), "forward");
});

test("constants' steps are the ones the player may skip", () => {
  const trace = quotient;
  const skipped = trace.steps.filter((step) => isConstantStep(trace, step)).map((step) => [step.kind, step.node]);
  assert.deepEqual(skipped, [["evaluate", 2], ["constant", 2]]);
});

test("the fold continued from an earlier state is the fold from step 0, in any order of k", () => {
  for (const trace of Object.values(traces)) {
    const total = trace.steps.length;
    const fresh = (k) => stateAt(structuredClone(trace), k); // a new trace object: folded from step 0
    const order = [0, 1, 2, total, 3, total - 1, Math.floor(total / 2), Math.floor(total / 2) + 1, total];
    for (const k of order) {
      const { values, tangents, adjoints, contributions, crossed, before, activeNode, receivingNode } = stateAt(trace, k);
      const expected = fresh(k);
      assert.deepEqual({ values, tangents, adjoints, contributions, crossed, before, activeNode, receivingNode }, {
        values: expected.values, tangents: expected.tangents, adjoints: expected.adjoints,
        contributions: expected.contributions, crossed: expected.crossed, before: expected.before,
        activeNode: expected.activeNode, receivingNode: expected.receivingNode,
      });
    }
  }
});
