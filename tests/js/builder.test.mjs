// The MLP builder's program text (static/js/builder.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { activations, mlpProgram, parseSizes } from "../../static/js/builder.js";
import { meta } from "./fixtures.mjs";

test("the activations are the engine's one-argument primitives written as calls", () => {
  const names = activations(meta.ops);
  assert.ok(names.includes("tanh") && names.includes("relu") && names.includes("sigmoid"));
  assert.ok(!names.includes("neg") && !names.includes("add"));
  for (const name of names) assert.equal(meta.ops.find((op) => op.name === name).arity, 1);
});

test("layer sizes are read from text, with a message for what is wrong", () => {
  const table = [
    ["2, 3, 1", { sizes: [2, 3, 1] }],
    ["4 4 4 2", { sizes: [4, 4, 4, 2] }],
    ["3", { error: "give at least two layer sizes: the inputs and the outputs, e.g. 2, 3, 1" }],
    ["2, 0, 1", { error: '"0" is not a layer size: a whole number from 1 to 12' }],
    ["2, x", { error: '"x" is not a layer size: a whole number from 1 to 12' }],
    ["1,1,1,1,1,1,1", { error: "at most 6 layers" }],
  ];
  for (const [text, expected] of table) assert.deepEqual(parseSizes(text), expected, text);
});

test("the program of 2, 3, 1: one neuron function per fan-in, a named statement per unit, the loss", () => {
  const { expression, inputs } = mlpProgram([2, 3, 1], "tanh");
  assert.equal(expression, [
    "neuron2(a1, a2, w1, w2, b) = tanh(w1*a1 + w2*a2 + b)",
    "neuron3(a1, a2, a3, w1, w2, w3, b) = tanh(w1*a1 + w2*a2 + w3*a3 + b)",
    "h1_1 = neuron2(x1, x2, w1_1_1, w1_1_2, b1_1)",
    "h1_2 = neuron2(x1, x2, w1_2_1, w1_2_2, b1_2)",
    "h1_3 = neuron2(x1, x2, w1_3_1, w1_3_2, b1_3)",
    "y = neuron3(h1_1, h1_2, h1_3, w2_1_1, w2_1_2, w2_1_3, b2_1)",
    "(y - target)^2",
  ].join("\n"));
  // every free name of the program has a starting value: 2 inputs, 9 + 4 weights and biases, the target
  assert.equal(Object.keys(inputs).length, 2 + 9 + 4 + 1);
  assert.ok(Object.values(inputs).every(Number.isFinite));
});

test("equal fan-ins share one neuron; several outputs get a target each", () => {
  const { expression } = mlpProgram([3, 3, 3], "relu");
  const lines = expression.split("\n");
  assert.equal(lines[0], "neuron(a1, a2, a3, w1, w2, w3, b) = relu(w1*a1 + w2*a2 + w3*a3 + b)");
  assert.equal(lines.filter((line) => line.includes("= neuron(")).length, 6);
  assert.equal(lines[lines.length - 1], "(y1 - t1)^2 + (y2 - t2)^2 + (y3 - t3)^2");
});
