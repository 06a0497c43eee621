// The page's state in the URL (static/js/state.js): links round-trip, and old links still open.
import assert from "node:assert/strict";
import { test } from "node:test";

import { setMeta } from "../../static/js/meta.js";
import { fromQuery, getState, toQuery, traceRequest, update } from "../../static/js/state.js";
import { meta } from "./fixtures.mjs";

setMeta(meta);

test("a link restores expression, inputs, mode, seed, output, step, node, speed, present, theme", () => {
  const patch = {
    expression: "u = x*y\nsin(u) + u, u", inputs: { x: 1.5, y: -2 }, mode: "reverse", seed: { x: 1 }, output: 1,
    k: 7, selected: 2, speed: 4, present: true, theme: "dark", skipConstants: false,
  };
  update(patch);
  const query = toQuery(getState());
  const back = fromQuery(query);
  for (const [key, value] of Object.entries(patch)) assert.deepEqual(back[key], value, key);
});

test("a link made before this change opens the same step", () => {
  const old = "?expr=exp(x)/x^2&inputs=x:2&mode=both&step=7&node=1";
  assert.deepEqual(fromQuery(old), { expression: "exp(x)/x^2", inputs: { x: 2 }, mode: "both", k: 7, selected: 1 });
});

test("modes come from the engine: an unknown mode in a link is ignored", () => {
  assert.equal(fromQuery("?mode=both").mode, "both");
  assert.equal(fromQuery("?mode=sideways").mode, undefined);
});

test("the trace request asks the engine to fill inputs, and sends a seed only to a mode that reads it", () => {
  update({ expression: "a*b", inputs: { x: 2 }, mode: "reverse", seed: { a: 1 }, output: 0 });
  const body = traceRequest(getState());
  assert.equal(body.fill_inputs, true);
  assert.equal(body.seed, undefined);
  update({ mode: "forward" });
  assert.deepEqual(traceRequest(getState()).seed, { a: 1 });
});
