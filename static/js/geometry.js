// Drawing geometry for edges: trim a route at the node boxes, smooth it, find its middle.
// Pure presentation of the API's layout (the layout itself is computed by the API, never here).

/** Where the segment from inside point `a` to point `b` leaves the box centred at (cx, cy). */
function exitPoint([ax, ay], [bx, by], cx, cy, halfWidth, halfHeight) {
  const dx = bx - ax;
  const dy = by - ay;
  let t = 1;
  if (dx > 0) t = Math.min(t, (cx + halfWidth - ax) / dx);
  if (dx < 0) t = Math.min(t, (cx - halfWidth - ax) / dx);
  if (dy > 0) t = Math.min(t, (cy + halfHeight - ay) / dy);
  if (dy < 0) t = Math.min(t, (cy - halfHeight - ay) / dy);
  t = Math.max(0, t);
  return [ax + dx * t, ay + dy * t];
}

const inside = ([x, y], [cx, cy], halfWidth, halfHeight) =>
  Math.abs(x - cx) < halfWidth - 0.01 && Math.abs(y - cy) < halfHeight - 0.01;

/**
 * The route's points with the parts inside the source and target boxes cut off, so a line starts at
 * the source's border and its arrow ends at the target's border. `sourceBox`/`targetBox` are
 * {x, y, halfWidth, halfHeight}.
 */
export function trimRoute(points, sourceBox, targetBox) {
  let route = points.map(([x, y]) => [x, y]);
  if (route.length < 2) return route;
  const source = [sourceBox.x, sourceBox.y];
  while (route.length > 2 && inside(route[1], source, sourceBox.halfWidth, sourceBox.halfHeight)) route.splice(1, 1);
  route[0] = exitPoint(source, route[1], source[0], source[1], sourceBox.halfWidth, sourceBox.halfHeight);
  const target = [targetBox.x, targetBox.y];
  let last = route.length - 1;
  while (route.length > 2 && inside(route[last - 1], target, targetBox.halfWidth, targetBox.halfHeight)) {
    route.splice(last - 1, 1);
    last -= 1;
  }
  // A port on the border is where the line should end: drop the step into the centre.
  const beforeLast = route[last - 1];
  const onBorder = Math.abs(Math.abs(beforeLast[0] - target[0]) - targetBox.halfWidth) < 0.5 &&
    Math.abs(beforeLast[1] - target[1]) <= targetBox.halfHeight;
  if (onBorder && route.length > 2) route.pop();
  else route[last] = exitPoint(target, beforeLast, target[0], target[1], targetBox.halfWidth, targetBox.halfHeight);
  return route;
}

const fixed = (v) => Math.round(v * 10) / 10;

/** An SVG path through the points: straight for two, a smooth Catmull-Rom curve (as Béziers) for more. */
export function pathData(points) {
  if (points.length === 0) return "";
  const [first, ...rest] = points;
  if (points.length === 2) return `M${fixed(first[0])},${fixed(first[1])}L${fixed(rest[0][0])},${fixed(rest[0][1])}`;
  let d = `M${fixed(first[0])},${fixed(first[1])}`;
  for (let i = 0; i < points.length - 1; i++) {
    const [p1, c1, c2, p2] = segment(points, i);
    d += `C${fixed(c1[0])},${fixed(c1[1])} ${fixed(c2[0])},${fixed(c2[1])} ${fixed(p2[0])},${fixed(p2[1])}`;
  }
  return d;
}

/** The point half-way along the polyline (by length), where the edge's label sits. */
export const midpoint = (points) => pointAt(points, 0.5);

/** The point a fraction `f` of the way along the polyline, by length. */
export function pointAt(points, f) {
  const lengths = [];
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const length = Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
    lengths.push(length);
    total += length;
  }
  let remaining = total * f;
  for (let i = 1; i < points.length; i++) {
    if (remaining <= lengths[i - 1] || i === points.length - 1) {
      const t = lengths[i - 1] ? remaining / lengths[i - 1] : 0;
      return [
        points[i - 1][0] + (points[i][0] - points[i - 1][0]) * t,
        points[i - 1][1] + (points[i][1] - points[i - 1][1]) * t,
      ];
    }
    remaining -= lengths[i - 1];
  }
  return points[0] ?? [0, 0];
}

/** The cubic Bézier of the curve through `points` from point i to i + 1 (Catmull-Rom: its tangents
 * from the neighbours): [start, control 1, control 2, end]. */
function segment(points, i) {
  const p0 = points[Math.max(0, i - 1)];
  const p1 = points[i];
  const p2 = points[i + 1];
  const p3 = points[Math.min(points.length - 1, i + 2)];
  return [p1, [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6],
    [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6], p2];
}

/** The drawn line of pathData(points) as a polyline: each curve sampled at `perSegment` points. */
export function sampledPath(points, perSegment = 8) {
  if (points.length <= 2) return points.map(([x, y]) => [x, y]);
  const sampled = [[points[0][0], points[0][1]]];
  for (let i = 0; i < points.length - 1; i++) {
    const [p1, c1, c2, p2] = segment(points, i);
    for (let j = 1; j <= perSegment; j++) {
      const t = j / perSegment;
      const u = 1 - t;
      sampled.push([
        u * u * u * p1[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t * t * t * p2[0],
        u * u * u * p1[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t * t * t * p2[1],
      ]);
    }
  }
  return sampled;
}

/**
 * Edges with the same source and target (x*x: two edges from x into one node) drawn apart: the k-th of
 * m bends `spacing` * (k - (m - 1) / 2) to the side of the straight line between its ends, and leaves
 * its source a little apart from the others. `routes`: trimmed routes, in the layout's edge order;
 * `pairs`: each route's [source, target]. Returns new routes (the others unchanged).
 */
export function spreadParallel(routes, pairs, spacing = 34) {
  const groups = new Map();
  pairs.forEach(([source, target], index) => {
    const key = `${source}>${target}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(index);
  });
  const result = routes.slice();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    members.forEach((index, k) => {
      const offset = spacing * (k - (members.length - 1) / 2);
      const route = routes[index];
      const start = route[0];
      const end = route[route.length - 1];
      const length = Math.hypot(end[0] - start[0], end[1] - start[1]) || 1;
      const [nx, ny] = [-(end[1] - start[1]) / length, (end[0] - start[0]) / length];
      const middle = [(start[0] + end[0]) / 2 + nx * offset, (start[1] + end[1]) / 2 + ny * offset];
      const leave = [start[0], start[1] + Math.sign(ny || 1) * offset * 0.3];
      result[index] = [leave, middle, end];
    });
  }
  return result;
}

/**
 * The box around nodes `ids` (the active step's), padded by `pad` for their badges, in drawing units; a
 * node's caption (input, output: `captionOf[id]`, x0 and x1) is part of it, so the camera keeps it in view
 * and clear of the minimap. Null for no node (step 0).
 */
export function focusBox(ids, boxes, captionOf, pad) {
  if (!ids.length) return null;
  const x0 = Math.min(...ids.map((id) => Math.min(boxes[id].x - boxes[id].halfWidth, captionOf[id]?.x0 ?? Infinity))) - pad;
  const x1 = Math.max(...ids.map((id) => Math.max(boxes[id].x + boxes[id].halfWidth, captionOf[id]?.x1 ?? -Infinity))) + pad;
  const y0 = Math.min(...ids.map((id) => boxes[id].y - boxes[id].halfHeight)) - pad;
  const y1 = Math.max(...ids.map((id) => boxes[id].y + boxes[id].halfHeight)) + pad;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
