// The lecture view's logic (static/js/lecture-model.js) on the engine's responses for x*y, x + y, sin(x)*y.
import assert from "node:assert/strict";
import { test } from "node:test";

import { BARS_EACH_UP_TO, cellsOf, costBars, directionOf, dualStep, isLectureTab, LECTURE_TABS, methodsOf, nextTab, nodeAtStep, shownAs, sizeBars, TEXT_UP_TO, TYPESET_UP_TO } from "../../static/js/lecture-model.js";
import { setMeta } from "../../static/js/meta.js";
import { fromQuery, getState, toQuery, update } from "../../static/js/state.js";
import { lecture, meta, traces } from "./fixtures.mjs";

setMeta(meta);
const { jacobian, symbolic } = lecture;

test("the methods come from the engine's passes, in its order, with their labels and phases", () => {
  const methods = methodsOf(jacobian, meta.passes);
  assert.deepEqual(methods.map((method) => method.key), ["forward_mode", "reverse_mode"]);
  assert.deepEqual(methods.map((method) => method.label), ["forward mode", "reverse mode"]);
  assert.deepEqual(methods.map((method) => method.each_pass.length), [2, 3]);
  assert.deepEqual(methodsOf(null, meta.passes), []);
});

test("a forward-mode pass gives a column, a reverse-mode pass a row, as the engine says", () => {
  assert.deepEqual([...cellsOf(jacobian, { key: "forward_mode", index: 1 })], ["0,1", "1,1", "2,1"]);
  assert.deepEqual([...cellsOf(jacobian, { key: "reverse_mode", index: 2 })], ["2,0", "2,1"]);
  assert.equal(cellsOf(jacobian, null).size, 0);
  // what a pass gives is read from the response, not known by the page
  const swapped = { ...jacobian, forward_mode: { ...jacobian.forward_mode, gives: "row" } };
  assert.deepEqual([...cellsOf(swapped, { key: "forward_mode", index: 1 })], ["1,0", "1,1"]);
  // each lit column holds that pass's vector
  for (const one of jacobian.forward_mode.each_pass) {
    const values = [...cellsOf(jacobian, { key: "forward_mode", index: one.index })]
      .map((key) => key.split(",").map(Number)).map(([i, j]) => jacobian.matrix[i][j]);
    assert.deepEqual(values, one.vector);
  }
});

test("the size bars: each derivative naive and simplified, then the trace, the longest full", () => {
  const bars = sizeBars(symbolic);
  assert.deepEqual(bars.map((bar) => bar.kind), ["naive", "simplified", "naive", "simplified", "trace-nodes", "trace-steps"]);
  assert.deepEqual(bars.slice(0, 2).map((bar) => bar.size), [symbolic.derivatives.x.size, symbolic.derivatives.x.simplified.size]);
  assert.equal(Math.max(...bars.map((bar) => bar.share)), 1);
  const longest = Math.max(...bars.map((bar) => bar.size));
  for (const bar of bars) assert.equal(bar.share, bar.size / longest);
});

test("past BARS_EACH_UP_TO derivatives, the bars show the engine's total of them, then the trace", () => {
  const derivatives = Object.fromEntries(["a", "b", "c"].map((input) => [input, symbolic.derivatives.x]));
  const many = { ...symbolic, derivatives, total: { naive: 66, simplified: 54 } };
  assert.ok(Object.keys(derivatives).length > BARS_EACH_UP_TO);
  const bars = sizeBars(many);
  assert.deepEqual(bars.map((bar) => [bar.kind, bar.input, bar.size]), [["naive", null, 66], ["simplified", null, 54],
    ["trace-nodes", null, symbolic.trace_size.nodes], ["trace-steps", null, symbolic.trace_size.steps]]);
});

test("a long expression is shown as text, cut and saying so; a short one typeset", () => {
  assert.equal(shownAs(symbolic.derivatives.x).typeset, true);
  const long = { size: TYPESET_UP_TO + 1, expression: "x*".repeat(TEXT_UP_TO) + "x", latex: "" };
  const shown = shownAs(long);
  assert.equal(shown.typeset, false);
  assert.equal(shown.cut, true);
  assert.equal(shown.text.length, TEXT_UP_TO);
});

test("the open tab round-trips through the link; an unknown tab is ignored; arrows wrap", () => {
  for (const tab of LECTURE_TABS) {
    update({ lecture: tab.id });
    assert.equal(fromQuery(toQuery(getState())).lecture, tab.id);
  }
  update({ lecture: null });
  assert.equal(toQuery(getState()).includes("lecture"), false);
  assert.equal(fromQuery("?lecture=sideways").lecture, undefined);
  assert.equal(isLectureTab("jacobian"), true);
  const [first, second] = LECTURE_TABS.map((tab) => tab.id);
  const last = LECTURE_TABS[LECTURE_TABS.length - 1].id;
  assert.equal(nextTab(first, 1), second);
  assert.equal(nextTab(first, -1), last);
  assert.equal(nextTab(last, 1), first);
});

test("the dual-number and HVP tabs are in the link like the others", () => {
  assert.deepEqual(LECTURE_TABS.slice(2, 4).map((tab) => tab.id), ["dual", "hvp"]);
  assert.ok(isLectureTab("dual") && isLectureTab("hvp"));
  assert.equal(fromQuery("?lecture=hvp").lecture, "hvp");
  assert.equal(nextTab("hvp", 1), LECTURE_TABS[(LECTURE_TABS.findIndex((tab) => tab.id === "hvp") + 1) % LECTURE_TABS.length].id);
});

test("the tabs take the trace's own direction: forward mode's seed, else the HVP's, else the API's default", () => {
  assert.deepEqual(directionOf({ forward_mode: { seed: { x: 0, y: 1 } }, hvp: null }), { x: 0, y: 1 });
  assert.deepEqual(directionOf({ forward_mode: null, hvp: { direction: { x: 2 } } }), { x: 2 });
  assert.equal(directionOf({ forward_mode: null, hvp: null }), null);
  assert.equal(directionOf(null), null);
  for (const trace of Object.values(traces)) assert.deepEqual(directionOf(trace), trace.forward_mode.seed);
});

test("the player's step names its node; stepping a dual answer says whether its window holds the next", () => {
  const trace = { steps: [{ node: 0 }, { node: 4 }] };
  assert.equal(nodeAtStep(trace, 1), 4);
  assert.equal(nodeAtStep(trace, 9), null);
  const { dual } = lecture;
  const last = dual.first + dual.records.length - 1;
  assert.deepEqual(dualStep(dual, dual.first, 1), { node: dual.first + 1, held: true });
  assert.deepEqual(dualStep(dual, 0, -1), { node: 0, held: true });
  assert.deepEqual(dualStep(dual, dual.nodes - 1, 1), { node: dual.nodes - 1, held: dual.nodes - 1 <= last });
  const windowed = { ...dual, first: 10, nodes: 100 };
  assert.deepEqual(dualStep(windowed, 10 + dual.records.length - 1, 1), { node: 10 + dual.records.length, held: false });
  assert.deepEqual(dualStep(windowed, 10, -1), { node: 9, held: false });
});

test("the HVP's costs as bars, in the engine's order, the longest full", () => {
  const bars = costBars(lecture.hvp);
  assert.deepEqual(bars.map((bar) => bar.kind), Object.keys(lecture.hvp.costs));
  assert.deepEqual(bars.map((bar) => bar.operations), Object.values(lecture.hvp.costs).map((cost) => cost.operations));
  assert.equal(Math.max(...bars.map((bar) => bar.share)), 1);
  assert.ok(bars.every((bar) => bar.share > 0 && bar.share <= 1));
});
