// Numbers and points as the page writes them (static/js/format.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { pointText } from "../../static/js/format.js";

const pairs = (count) => Array.from({ length: count }, (_, i) => [`x${i + 1}`, String(i + 1)]);

test("a point names every input up to eight", () => {
  assert.equal(pointText(pairs(2)), "x1 = 1, x2 = 2");
  assert.equal(pointText(pairs(8)).split(", ").length, 8);
  assert.equal(pointText([]), "");
});

test("a bigger point names eight, then counts them all, unless the text around it does", () => {
  assert.equal(pointText(pairs(180)), "x1 = 1, x2 = 2, x3 = 3, x4 = 4, x5 = 5, x6 = 6, x7 = 7, x8 = 8, … (180 inputs)");
  assert.equal(pointText(pairs(9), { counted: false }), "x1 = 1, x2 = 2, x3 = 3, x4 = 4, x5 = 5, x6 = 6, x7 = 7, x8 = 8, …");
  assert.equal(pointText(pairs(5), { most: 2 }), "x1 = 1, x2 = 2, … (5 inputs)");
});
