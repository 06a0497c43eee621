// Finding a node by name (static/js/search.js): the engine's names and notation, as typed.
import assert from "node:assert/strict";
import { test } from "node:test";

import { matchNodes } from "../../static/js/search.js";
import { traces } from "./fixtures.mjs";

const mlp = Object.values(traces).find((trace) => trace.groups.some((group) => group.name === "neuron#3"));

test("a name matches its node first, then the nodes whose names contain it", () => {
  const found = matchNodes(mlp, "x2");
  assert.equal(found[0].name, "x2");
  assert.equal(found[0].op, "input");
});

test("subscript digits match typed digits, case does not matter, nothing matches nothing", () => {
  const table = [["v5", [5]], ["V5", [5]], ["h1", null], ["", []], ["  ", []], ["nosuchname", []]];
  for (const [query, ids] of table) {
    const found = matchNodes(mlp, query).map((node) => node.id);
    if (ids === null) assert.ok(found.length >= 1, query);
    else assert.deepEqual(found, ids, query);
  }
  const h1 = matchNodes(mlp, "h1")[0];
  assert.equal(h1.notation.value.text, "h₁");
});
