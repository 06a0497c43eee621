// Where the graph's labels go: a deterministic greedy pass over candidate positions.
//
// A label is a rectangle. For each label, in a fixed order, a list of candidate centres is tried and the
// cheapest one that breaks no rule is taken; the label then becomes an obstacle for the labels after it.
// The rules (hard): a label overlaps no node and no label placed before it; an edge's label is nearer
// its own edge than any other edge. The cost (soft): other edges the label covers, how far it sits from
// where it is best read (the edge's middle, under its node).
//
// Pure geometry on plain numbers, no DOM: the page and the tests under Node run the same code.

const CELL = 64; // the spatial index's cell, in drawing units
const NODE_GAP = 3; // clear space kept around a node
const LABEL_GAP = 2; // between two labels
const EDGE_MARGIN = 3; // an edge label's own edge is nearer than any other by at least this

/** The rectangle of a label centred at (x, y). */
export const rectAt = (x, y, width, height) => ({ x0: x - width / 2, y0: y - height / 2, x1: x + width / 2, y1: y + height / 2 });

export const intersects = (a, b, gap = 0) =>
  a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gap && b.y0 < a.y1 + gap;

const inflate = (r, by) => ({ x0: r.x0 - by, y0: r.y0 - by, x1: r.x1 + by, y1: r.y1 + by });

/** Distance from (px, py) to the segment a-b. */
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  let t = length2 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Distance from (px, py) to a polyline [[x, y], ...]. */
export function distanceToPolyline(px, py, poly) {
  let best = Infinity;
  for (let i = 1; i < poly.length; i++) {
    best = Math.min(best, segmentDistance(px, py, poly[i - 1][0], poly[i - 1][1], poly[i][0], poly[i][1]));
  }
  return poly.length === 1 ? Math.hypot(px - poly[0][0], py - poly[0][1]) : best;
}

/** Does the segment a-b pass through the rectangle? (Liang-Barsky clipping.) */
export function segmentCrossesRect(ax, ay, bx, by, r) {
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  for (const [p, q] of [[-dx, ax - r.x0], [dx, r.x1 - ax], [-dy, ay - r.y0], [dy, r.y1 - ay]]) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

/** The point a fraction t of the way along the polyline, with the unit normal there. */
export function pointAndNormal(poly, t) {
  const lengths = [];
  let total = 0;
  for (let i = 1; i < poly.length; i++) {
    const length = Math.hypot(poly[i][0] - poly[i - 1][0], poly[i][1] - poly[i - 1][1]);
    lengths.push(length);
    total += length;
  }
  let remaining = total * t;
  for (let i = 1; i < poly.length; i++) {
    const length = lengths[i - 1];
    if (remaining <= length || i === poly.length - 1) {
      const f = length ? Math.min(1, remaining / length) : 0;
      const [ax, ay] = poly[i - 1];
      const [bx, by] = poly[i];
      const ux = length ? (bx - ax) / length : 1;
      const uy = length ? (by - ay) / length : 0;
      return { x: ax + (bx - ax) * f, y: ay + (by - ay) * f, nx: -uy, ny: ux };
    }
    remaining -= length;
  }
  const [x, y] = poly[0] ?? [0, 0];
  return { x, y, nx: 0, ny: 1 };
}

/** A uniform grid over rectangles: which items may touch a rectangle. */
class Grid {
  constructor() {
    this.cells = new Map();
    this.stamp = 0;
  }

  *cellsOf(r) {
    const x0 = Math.floor(r.x0 / CELL);
    const x1 = Math.floor(r.x1 / CELL);
    const y0 = Math.floor(r.y0 / CELL);
    const y1 = Math.floor(r.y1 / CELL);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) yield `${x},${y}`;
  }

  insert(item, r) {
    item.seen = -1;
    for (const key of this.cellsOf(r)) {
      let cell = this.cells.get(key);
      if (!cell) this.cells.set(key, (cell = []));
      cell.push(item);
    }
  }

  /** A segment goes in the cells it passes through only: a long diagonal edge's bounding box covers
   * thousands of cells (a 2,000-node graph's inputs reach across the whole drawing). */
  insertSegment(item, ax, ay, bx, by) {
    item.seen = -1;
    const x0 = Math.floor(Math.min(ax, bx) / CELL);
    const x1 = Math.floor(Math.max(ax, bx) / CELL);
    for (let x = x0; x <= x1; x++) {
      // the part of the segment within this column of cells
      let low = Math.min(ay, by);
      let high = Math.max(ay, by);
      if (ax !== bx) {
        const yAt = (px) => ay + ((by - ay) * (px - ax)) / (bx - ax);
        const from = Math.max(Math.min(ax, bx), x * CELL);
        const to = Math.min(Math.max(ax, bx), (x + 1) * CELL);
        low = Math.min(yAt(from), yAt(to));
        high = Math.max(yAt(from), yAt(to));
      }
      for (let y = Math.floor(low / CELL); y <= Math.floor(high / CELL); y++) {
        const key = `${x},${y}`;
        let cell = this.cells.get(key);
        if (!cell) this.cells.set(key, (cell = []));
        cell.push(item);
      }
    }
  }

  /** Every item in a cell the rectangle touches, once each. */
  query(r) {
    const stamp = ++this.stamp;
    const found = [];
    for (const key of this.cellsOf(r)) {
      for (const item of this.cells.get(key) ?? []) {
        if (item.seen === stamp) continue;
        item.seen = stamp;
        found.push(item);
      }
    }
    return found;
  }
}

/**
 * A scene to place labels in. `boxes`: the nodes, {x, y, halfWidth, halfHeight} (centre and half sizes,
 * any ring included); `edges`: each edge's drawn line as a polyline [[x, y], ...] (null: not drawn).
 * `fixed`: rectangles already taken (captions).
 */
export function createScene({ boxes, edges, fixed = [] }) {
  const grid = new Grid();
  boxes.forEach((box, index) => {
    if (!box) return;
    const r = { x0: box.x - box.halfWidth, y0: box.y - box.halfHeight, x1: box.x + box.halfWidth, y1: box.y + box.halfHeight };
    grid.insert({ kind: "node", index, r }, r);
  });
  edges.forEach((poly, edge) => {
    if (!poly) return;
    for (let i = 1; i < poly.length; i++) {
      const [ax, ay] = poly[i - 1];
      const [bx, by] = poly[i];
      const r = { x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
      grid.insertSegment({ kind: "segment", edge, ax, ay, bx, by, r }, ax, ay, bx, by);
    }
  });
  for (const r of fixed) grid.insert({ kind: "label", r, yieldable: false }, r);

  /**
   * Does `r` break a rule? Returns null if it does, else its cost (edges covered) and the yieldable labels
   * it covers. `ownEdge` (or -1): the edge whose label this is; `ownNode` (or -1): a node it may touch.
   */
  function check(r, centre, ownEdge, extra, allowYield) {
    let cost = 0;
    const yielded = [];
    const near = grid.query(inflate(r, NODE_GAP));
    for (const item of near) {
      if (item.kind === "node" && intersects(r, item.r, NODE_GAP)) return null;
      if (item.kind === "label" && ownEdge >= 0 && item.edge === ownEdge) continue; // its own resting label
      if (item.kind === "label" && intersects(r, item.r, LABEL_GAP)) {
        if (!(allowYield && item.yieldable)) return null;
        yielded.push(item);
      }
    }
    for (const other of extra) if (intersects(r, other, LABEL_GAP)) return null;
    for (const item of near) {
      if (item.kind === "segment" && item.edge !== ownEdge && segmentCrossesRect(item.ax, item.ay, item.bx, item.by, r)) cost += 1;
    }
    if (ownEdge >= 0 && !nearestIsOwn(centre, ownEdge)) return null;
    return { cost, yielded };
  }

  /** Is the edge `own` nearer the point than every other edge, by EDGE_MARGIN at least? */
  function nearestIsOwn({ x, y }, own) {
    const mine = distanceToPolyline(x, y, edges[own]);
    const reach = mine + EDGE_MARGIN;
    for (const item of grid.query({ x0: x - reach, y0: y - reach, x1: x + reach, y1: y + reach })) {
      if (item.kind !== "segment" || item.edge === own) continue;
      if (segmentDistance(x, y, item.ax, item.ay, item.bx, item.by) < reach) return false;
    }
    return true;
  }

  /** Take the cheapest candidate that breaks no rule; null when none fits. */
  function choose(candidates, width, height, ownEdge, extra, allowYield) {
    let best = null;
    for (const candidate of candidates) {
      // what a candidate covers only adds to its cost: one that starts at the best cost so far cannot win
      if (best && candidate.cost >= best.cost) continue;
      const r = rectAt(candidate.x, candidate.y, width, height);
      const verdict = check(r, candidate, ownEdge, extra, allowYield);
      if (!verdict) continue;
      const cost = candidate.cost + 6 * verdict.cost + 40 * verdict.yielded.length;
      if (!best || cost < best.cost) best = { ...candidate, cost, r, yielded: verdict.yielded };
    }
    return best;
  }

  /** Candidates along an edge: at fractions `ts` of its length, on the line and to either side. */
  function edgeCandidates(edge, width, height, { ts, onLine, preferred, farthest = Infinity }) {
    const poly = edges[edge];
    const candidates = [];
    for (const t of ts) {
      const p = pointAndNormal(poly, t);
      // the distance along the normal at which the rectangle clears the line, plus a little air
      const clear = (Math.abs(p.nx) * width + Math.abs(p.ny) * height) / 2 + 3;
      const along = 10 * Math.abs(t - preferred);
      if (onLine) candidates.push({ x: p.x, y: p.y, t, cost: along });
      for (const [side, far] of FAR_SIDES) {
        if (far > farthest) continue;
        // above (or left) first: text reads above a line
        const sign = p.ny !== 0 ? side * Math.sign(p.ny) : side;
        candidates.push({ x: p.x + sign * p.nx * clear * far, y: p.y + sign * p.ny * clear * far, t, cost: along + 3 * far + (side > 0 ? 0.5 : 0) });
      }
    }
    return candidates;
  }

  // beside the line, then further out (a long label on a short edge clears the nodes at its ends)
  const FAR_SIDES = [[-1, 1], [1, 1], [-1, 1.8], [1, 1.8], [-1, 2.8], [1, 2.8], [-1, 4], [1, 4]];
  const EDGE_TS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];
  // a contribution travelling along an edge: its number no further out than this (in FAR_SIDES' units)
  const FLOW_FARTHEST = 1.8;

  /** Record a placed label as an obstacle for the labels after it. */
  function occupy(r, yieldable = false, edge = -1) {
    const item = { kind: "label", r, yieldable, edge };
    grid.insert(item, r);
    return item;
  }

  return {
    /**
     * A node's badge (width x height): under the node if it fits, else above, beside, or further out.
     * Returns its centre relative to the node's centre, or null.
     */
    placeBadge(node, width, height) {
      const box = boxes[node];
      const below = box.halfHeight + 4 + height / 2;
      const side = box.halfWidth + 6 + width / 2;
      const corner = box.halfHeight + height / 2 - 6; // beside the node, level with its top or bottom edge
      const candidates = [
        { x: 0, y: below, cost: 0 },
        { x: 0, y: -below, cost: 2 },
        { x: side, y: 0, cost: 3 },
        { x: -side, y: 0, cost: 3.5 },
        { x: box.halfWidth * 0.8, y: below, cost: 4 },
        { x: -box.halfWidth * 0.8, y: below, cost: 4 },
        { x: box.halfWidth * 0.8, y: -below, cost: 4.5 },
        { x: -box.halfWidth * 0.8, y: -below, cost: 4.5 },
        { x: side, y: corner, cost: 5 },
        { x: side, y: -corner, cost: 5 },
        { x: -side, y: corner, cost: 5.5 },
        { x: -side, y: -corner, cost: 5.5 },
        { x: 0, y: below + height + 4, cost: 8 },
        { x: 0, y: -below - height - 4, cost: 8.5 },
      ].map((c) => ({ ...c, x: box.x + c.x, y: box.y + c.y }));
      const best = choose(candidates, width, height, -1, [], false);
      if (!best) return null;
      occupy(best.r);
      return { x: best.x - box.x, y: best.y - box.y };
    },

    /**
     * A folded constant's chip (width x height) by the left side of node `node`, where its edge came in:
     * `slot` from -1 (the top operand) to 1 (the bottom one). Returns its centre, or null.
     */
    placeChip(node, width, height, slot) {
      const box = boxes[node];
      const left = box.x - box.halfWidth - NODE_GAP - 3 - width / 2;
      const y = box.y + slot * Math.max(0, box.halfHeight - height / 2 - 4);
      const step = height + LABEL_GAP + 1;
      const above = box.y - box.halfHeight - NODE_GAP - 3 - height / 2;
      const below = box.y + box.halfHeight + NODE_GAP + 3 + height / 2;
      const candidates = [
        { x: left, y, cost: 0 },
        { x: left, y: y - step, cost: 1 },
        { x: left, y: y + step, cost: 1.2 },
        { x: left - width - 4, y, cost: 2 },
        { x: left, y: y - 2 * step, cost: 2.5 },
        { x: left, y: y + 2 * step, cost: 2.7 },
        { x: box.x - box.halfWidth + width / 2, y: above, cost: 3 },
        { x: box.x - box.halfWidth + width / 2, y: below, cost: 3.5 },
        { x: left - width - 4, y: y - step, cost: 4 },
        { x: left - width - 4, y: y + step, cost: 4.2 },
        { x: box.x, y: above, cost: 5 },
        { x: box.x + box.halfWidth + NODE_GAP + 3 + width / 2, y: box.y - box.halfHeight, cost: 6 },
        { x: left, y: y - 3 * step, cost: 7 },
        { x: left, y: y + 3 * step, cost: 7.2 },
        { x: left - width - 4, y: y - 2 * step, cost: 8 },
        { x: left - width - 4, y: y + 2 * step, cost: 8.2 },
      ];
      const best = choose(candidates, width, height, -1, [], false);
      if (!best) return null;
      occupy(best.r);
      return { x: best.x, y: best.y };
    },

    /** A label on edge `edge`, kept for the whole trace: null when no place fits (it is then left out). */
    placeEdgeLabel(edge, width, height) {
      if (!edges[edge]) return null;
      const best = choose(edgeCandidates(edge, width, height, { ts: EDGE_TS, onLine: true, preferred: 0.5 }), width, height, edge, [], false);
      if (!best) return null;
      best.item = occupy(best.r, true, edge);
      return { x: best.x, y: best.y, item: best.item };
    },

    /**
     * The labels of one step, placed in order over the scene without changing it: each {edge, widths
     * (the label's full width, then shorter forms of it), height, preferred (fraction along the edge),
     * onLine}. Returns per label {x, y, t, form (index into widths)} or null, and the yieldable labels
     * (an edge's resting label) they cover, which the step hides.
     */
    placeTransient(labels) {
      const taken = [];
      const hidden = new Set();
      const places = labels.map((label) => {
        if (!edges[label.edge]) return null;
        const preferred = label.preferred ?? 0.5;
        const ts = [...new Set([preferred, ...EDGE_TS.map((t) => Math.max(0.1, Math.min(0.9, t + preferred - 0.5)))])];
        for (const [form, width] of label.widths.entries()) {
          // a contribution's number stays close to its edge, or is left to the narration
          const farthest = label.onLine === false ? FLOW_FARTHEST : Infinity;
          const candidates = edgeCandidates(label.edge, width, label.height, { ts, onLine: label.onLine !== false, preferred, farthest });
          const best = choose(candidates, width, label.height, label.edge, taken, true);
          if (!best) continue;
          taken.push(best.r);
          for (const item of best.yielded) hidden.add(item);
          return { x: best.x, y: best.y, t: best.t, form };
        }
        return null;
      });
      return { places, hidden };
    },

    occupy,
  };
}
