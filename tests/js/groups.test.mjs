// Collapsed groups (static/js/groups.js): what a collapsed group hides, and which steps the player
// takes as one summary step, on traces the engine makes.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  COLLAPSE_ABOVE, OUTLINE_PAD, boxOf, collapsedFromText, collapsedOf, collapsedText, hiddenBy, openFor, runAround,
  shownBoxes, stepOwners, strideTarget, summaryAt, tagRects, tagWidth,
} from "../../static/js/groups.js";
import { traces } from "./fixtures.mjs";

const mlp = Object.values(traces).find((trace) => trace.groups.some((group) => group.name === "neuron#3"));
const nested = traces["f(a) = sin(a)*a\nu = f(f(x))\nu + f(y)"];
const byName = (trace, name) => trace.groups.find((group) => group.name === name).id;
const label = (phase) => ({ evaluation: "evaluation", reverse: "reverse mode", forward: "forward mode" })[phase];
const against = (phase) => phase === "reverse";

test("a collapsed group hides its members and its nested groups' members; inputs stay shown", () => {
  const hidden = hiddenBy(mlp, [byName(mlp, "neuron#2")]);
  const members = mlp.groups[byName(mlp, "neuron#2")].nodes;
  assert.deepEqual(hidden.flatMap((group, id) => (group === null ? [] : [id])), members);
  // the statement h2 holds the call neuron#2: collapsing the outer one hides the same nodes under its id
  const outer = hiddenBy(mlp, [byName(mlp, "h2"), byName(mlp, "neuron#2")]);
  assert.deepEqual(shownBoxes(outer), [byName(mlp, "h2")]);
  for (const input of mlp.groups[byName(mlp, "h2")].inputs) assert.equal(outer[input], null);
});

test("nested calls collapse into the outermost collapsed ancestor", () => {
  const all = nested.groups.map((group) => group.id);
  const hidden = hiddenBy(nested, all);
  assert.deepEqual(shownBoxes(hidden), [byName(nested, "u"), byName(nested, "f#3")]);
  const inner = hiddenBy(nested, [byName(nested, "f#1"), byName(nested, "f#2")]);
  assert.deepEqual(shownBoxes(inner), [byName(nested, "f#1"), byName(nested, "f#2")]);
  // opening the way to a node inside f#1 opens u and f#1, and keeps f#2 (inside u) and f#3 collapsed
  const node = nested.groups[byName(nested, "f#1")].nodes[0];
  assert.deepEqual(openFor(nested, all, node), [byName(nested, "f#2"), byName(nested, "f#3")]);
});

test("graphs over COLLAPSE_ABOVE nodes open collapsed; a chosen set wins and unknown ids drop", () => {
  const small = collapsedOf(mlp, null);
  assert.ok(mlp.nodes.length <= COLLAPSE_ABOVE);
  assert.deepEqual(small, []);
  const big = { ...mlp, nodes: Array.from({ length: COLLAPSE_ABOVE + 1 }, () => ({})) };
  assert.deepEqual(collapsedOf(big, null), mlp.groups.map((group) => group.id));
  assert.deepEqual(collapsedOf(mlp, [3, 99]), [3]);
  assert.deepEqual(collapsedOf(mlp, []), []);
});

test("the link's text of the collapsed set round-trips", () => {
  for (const set of [[], [0], [1, 3, 5]]) assert.deepEqual(collapsedFromText(collapsedText(set)), set);
  assert.equal(collapsedFromText(null), null);
  assert.equal(collapsedFromText("1,x"), null);
});

test("the steps of a collapsed group's nodes are one run per phase, and the player strides over it", () => {
  const group = byName(mlp, "neuron#2");
  const owners = stepOwners(mlp, hiddenBy(mlp, [group]));
  const members = new Set(mlp.groups[group].nodes);
  const phases = [...new Set(mlp.steps.filter((step) => members.has(step.node)).map((step) => step.phase))];
  const runs = [];
  for (let k = 0; k < mlp.steps.length; k = strideTarget(mlp, owners, k, +1)) {
    const run = runAround(mlp, owners, k);
    if (run) runs.push(run);
  }
  assert.deepEqual(runs.map((run) => run.phase), phases);
  for (const run of runs) {
    // every step of the run is on a member, and the steps on either side are not (in that phase)
    for (let i = run.start; i < run.end; i++) assert.ok(members.has(mlp.steps[i].node));
    assert.equal(strideTarget(mlp, owners, run.start, +1), run.end);
    assert.equal(strideTarget(mlp, owners, run.end, -1), run.start);
    assert.equal(strideTarget(mlp, owners, run.start + 1, -1), run.start); // from inside a run: before it
  }
  const evaluation = runs[0];
  assert.equal(evaluation.end - evaluation.start, members.size);
  // outside the group every step is its own
  const before = runs[0].start;
  assert.equal(strideTarget(mlp, owners, before - 1, +1), before);
});

test("the summary names the phase (the engine's label) and the group, and counts its steps and nodes", () => {
  const group = byName(mlp, "neuron#2");
  const owners = stepOwners(mlp, hiddenBy(mlp, [group]));
  const size = mlp.groups[group].nodes.length;
  const end = (phase) => 1 + owners.findLastIndex((owner, i) => owner === group && mlp.steps[i].phase === phase);
  const evaluation = summaryAt(mlp, owners, end("evaluation"), label, against);
  assert.equal(evaluation.words, `evaluation runs through neuron#2: ${size} steps over ${size} nodes`);
  const reverse = summaryAt(mlp, owners, end("reverse"), label, against);
  assert.match(reverse.words, /^reverse mode runs back through neuron#2: \d+ steps over 5 nodes$/);
  assert.equal(summaryAt(mlp, owners, 0, label, against), null);
});

test("a collapsed group's box is the bounding box of the layout boxes it hides", () => {
  const group = byName(mlp, "neuron#1");
  const hidden = hiddenBy(mlp, [group]);
  const boxes = mlp.layout.nodes.map((place) => ({ x: place.x, y: place.y, halfWidth: 10, halfHeight: 5 }));
  const box = boxOf(hidden, boxes, group);
  const xs = mlp.groups[group].nodes.map((id) => mlp.layout.nodes[id].x);
  assert.equal(box.x, Math.min(...xs) - 10);
  assert.equal(box.width, Math.max(...xs) - Math.min(...xs) + 20);
});

test("the player strides over a collapsed group's runs, and skips constants between them", async () => {
  const { createPlayer } = await import("../../static/js/player.js");
  const group = byName(mlp, "neuron#2");
  const owners = stepOwners(mlp, hiddenBy(mlp, [group]));
  for (const skipConstants of [false, true]) {
    const state = { trace: mlp, k: 0, speed: 1, playing: false, skipConstants };
    const player = createPlayer(() => state, (patch) => Object.assign(state, patch), {
      stride: (current, k, direction) => strideTarget(current.trace, owners, k, direction),
    });
    const visited = [];
    while (state.k < mlp.steps.length) {
      player.forward();
      visited.push(state.k);
    }
    // never inside a run of neuron#2's steps, and never on a constant's step when they are skipped
    for (const k of visited.slice(0, -1)) {
      const run = runAround(mlp, owners, k - 1);
      if (run) assert.equal(k, run.end);
      if (skipConstants) assert.ok(mlp.nodes[mlp.steps[k - 1].node].active || mlp.steps[k - 1].kind === "cotangent");
    }
    const back = [];
    while (state.k > 0) {
      player.back();
      back.push(state.k);
    }
    // stepping back stops where stepping forward did
    assert.deepEqual(back, [...visited.slice(0, -1).reverse(), 0]);
  }
});

test("the collapse tags the labels keep clear of: one per group an outline can hold, at its top-left corner", () => {
  // every node a box 100 x 50 at (100 * id, 0): a group's area starts at its first member's left edge
  const boxes = mlp.nodes.map((node) => ({ x: 100 * node.id, y: 0, halfWidth: 50, halfHeight: 25 }));
  const rects = tagRects(mlp, boxes);
  // h1 = neuron#1 is one tag (the statement and its call are drawn as one outline), so three in all
  assert.equal(rects.length, 3);
  const first = Math.min(...mlp.groups[byName(mlp, "neuron#1")].nodes);
  const x = 100 * first - 50 - OUTLINE_PAD;
  assert.deepEqual(rects[0], { x0: x, y0: -25 - OUTLINE_PAD - 13, x1: x + tagWidth("h1 = neuron#1"), y1: -25 - OUTLINE_PAD + 11 });
});
