// The label placement (static/js/placement.js) on the engine's layouts, without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import { focusBox, sampledPath, spreadParallel, trimRoute } from "../../static/js/geometry.js";
import { createScene, distanceToPolyline, intersects, rectAt, segmentCrossesRect } from "../../static/js/placement.js";
import { traces } from "./fixtures.mjs";

function sceneOf(trace) {
  const { layout } = trace;
  const boxes = trace.nodes.map((node, i) => ({ x: layout.nodes[i].x, y: layout.nodes[i].y, halfWidth: layout.node_width / 2, halfHeight: layout.node_height / 2 }));
  const routes = spreadParallel(layout.edges.map((e) => trimRoute(e.points, boxes[e.source], boxes[e.target])),
    layout.edges.map((e) => [e.source, e.target]));
  const polys = routes.map((route) => sampledPath(route));
  return { boxes, polys, scene: createScene({ boxes, edges: polys }) };
}

const nodeRect = (box) => ({ x0: box.x - box.halfWidth, y0: box.y - box.halfHeight, x1: box.x + box.halfWidth, y1: box.y + box.halfHeight });

test("badges and edge labels cover no node and no other label, and sit nearest their own edge", () => {
  for (const [source, trace] of Object.entries(traces)) {
    const { boxes, polys, scene } = sceneOf(trace);
    const placed = [];
    boxes.forEach((box, id) => {
      const place = scene.placeBadge(id, 90, 26);
      assert.ok(place, `${source}: node ${id} has a badge`);
      placed.push(rectAt(box.x + place.x, box.y + place.y, 90, 26));
    });
    polys.forEach((poly, edge) => {
      const place = scene.placeEdgeLabel(edge, 50, 24);
      if (!place) return;
      placed.push(rectAt(place.x, place.y, 50, 24));
      const own = distanceToPolyline(place.x, place.y, poly);
      polys.forEach((other, index) => {
        if (index !== edge) assert.ok(distanceToPolyline(place.x, place.y, other) > own, `${source}: edge ${edge}'s label`);
      });
    });
    for (const [i, r] of placed.entries()) {
      for (const box of boxes) assert.ok(!intersects(r, nodeRect(box)), `${source}: label ${i} on a node`);
      for (const other of placed.slice(i + 1)) assert.ok(!intersects(r, other), `${source}: labels ${i} overlap`);
    }
  }
});

test("the same placement twice gives the same places (deterministic)", () => {
  const trace = traces["x*x + sin(x)"];
  const once = () => { const { polys, scene } = sceneOf(trace); return polys.map((_, edge) => scene.placeEdgeLabel(edge, 50, 24)).map((p) => p && [p.x, p.y]); };
  assert.deepEqual(once(), once());
});

test("x*x: the two edges from x into the product are drawn apart, and each gets its own label", () => {
  const trace = traces["x*x + sin(x)"];
  const { polys, scene } = sceneOf(trace);
  const pair = trace.layout.edges.map((e, i) => [e, i]).filter(([e]) => e.source === 0 && e.target === 1).map(([, i]) => i);
  assert.equal(pair.length, 2);
  const [a, b] = pair.map((i) => polys[i][Math.floor(polys[i].length / 2)]);
  assert.ok(Math.hypot(a[0] - b[0], a[1] - b[1]) > 20);
  const labels = pair.map((edge) => scene.placeEdgeLabel(edge, 50, 24));
  assert.ok(labels.every(Boolean));
  assert.ok(!intersects(rectAt(labels[0].x, labels[0].y, 50, 24), rectAt(labels[1].x, labels[1].y, 50, 24)));
});

test("a segment crosses a rectangle only where it passes through it", () => {
  const r = { x0: 0, y0: 0, x1: 10, y1: 10 };
  assert.ok(segmentCrossesRect(-5, 5, 15, 5, r));
  assert.ok(!segmentCrossesRect(-5, 15, 15, 15, r));
  assert.ok(segmentCrossesRect(5, 5, 6, 6, r));
});

test("a folded constant's chip sits by its node's left side, on no node and no other label", () => {
  for (const [source, trace] of Object.entries(traces)) {
    const { boxes, scene } = sceneOf(trace);
    const placed = [];
    boxes.forEach((box, id) => {
      // two chips per node, as a node with two constant operands has (slots -1 and 1), then its badge
      for (const slot of [-1, 1]) {
        const place = scene.placeChip(id, 28, 20, slot);
        assert.ok(place, `${source}: node ${id} has its chips`);
        assert.ok(place.x < box.x, `${source}: node ${id}'s chip is on its left`);
        placed.push(rectAt(place.x, place.y, 28, 20));
      }
      const badge = scene.placeBadge(id, 90, 26);
      if (badge) placed.push(rectAt(box.x + badge.x, box.y + badge.y, 90, 26));
    });
    for (const [i, r] of placed.entries()) {
      for (const box of boxes) assert.ok(!intersects(r, nodeRect(box)), `${source}: chip or badge ${i} on a node`);
      for (const other of placed.slice(i + 1)) assert.ok(!intersects(r, other), `${source}: ${i} overlaps another`);
    }
  }
});

test("a contribution's number stays by its edge, or is left out: never pushed far away into a crowd", () => {
  for (const [source, trace] of Object.entries(traces)) {
    const { boxes, polys, scene } = sceneOf(trace);
    boxes.forEach((_, id) => scene.placeBadge(id, 90, 26)); // a crowd of badges, as in reverse mode
    polys.forEach((_, edge) => scene.placeEdgeLabel(edge, 50, 24)); // and of partials on the edges
    polys.forEach((poly, edge) => {
      // the step's active partial first, on the line, then the contribution travelling back along it
      const { places } = scene.placeTransient([
        { edge, widths: [150, 50], height: 24, onLine: true, preferred: 0.5 },
        { edge, widths: [70], height: 22, onLine: false, preferred: 0.3 },
      ]);
      if (!places[1]) return;
      // beside the line: at most 1.8 times the distance at which a 70 x 22 label clears it, plus air
      const limit = 1.8 * (Math.hypot(70, 22) / 2 + 3) + 1;
      assert.ok(distanceToPolyline(places[1].x, places[1].y, poly) <= limit, `${source}: edge ${edge}'s contribution`);
    });
  }
});

test("the camera's focus takes in the nodes, their badges' room and their captions", () => {
  const boxes = [{ x: 100, y: 50, halfWidth: 40, halfHeight: 20 }, { x: 300, y: 90, halfWidth: 40, halfHeight: 20 }];
  assert.equal(focusBox([], boxes, [], 10), null);
  assert.deepEqual(focusBox([0, 1], boxes, [], 10), { x: 50, y: 20, width: 300, height: 100 });
  // an output's caption to the right of node 1 widens the box past the node
  assert.deepEqual(focusBox([1], boxes, [undefined, { x0: 346, x1: 400 }], 10), { x: 250, y: 60, width: 160, height: 60 });
});
