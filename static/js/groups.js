// Groups (the engine's named statements and calls of defined functions) collapsed into one box each:
// which nodes a collapsed group hides, which steps the player takes as one summary step, and the words
// of that summary. Pure functions of (trace, collapsed): no DOM, so they run under Node too.
//
// The engine records each group's members, inputs and outputs and each node's innermost group; this
// module only reads them. A node hidden by a collapsed group is hidden by its outermost collapsed
// ancestor, so nested groups collapse into the box of the outermost one.

/** Above this many nodes a graph opens with its groups collapsed (unless the link says otherwise). */
export const COLLAPSE_ABOVE = 80;

/** The groups collapsed in `state`: the person's choice (from the link), else all above COLLAPSE_ABOVE. */
export function collapsedOf(trace, chosen) {
  if (!trace) return [];
  const known = new Set((trace.groups ?? []).map((group) => group.id));
  if (chosen !== null && chosen !== undefined) return chosen.filter((id) => known.has(id));
  return trace.nodes.length > COLLAPSE_ABOVE ? [...known] : [];
}

/** Per node: the outermost collapsed group holding it (null: shown). */
export function hiddenBy(trace, collapsed) {
  const groups = trace.groups ?? [];
  const closed = new Set(collapsed);
  return trace.nodes.map((node) => {
    let outermost = null;
    for (let group = node.group ?? null; group !== null && group !== undefined; group = groups[group].parent) {
      if (closed.has(group)) outermost = group;
    }
    return outermost;
  });
}

/** The collapsed groups drawn as boxes (each hides at least one node), outermost first, by id. */
export function shownBoxes(hidden) {
  return [...new Set(hidden.filter((group) => group !== null))].sort((a, b) => a - b);
}

/** Per step: the collapsed group its node is hidden by (null: the step shows on its own). A step's node
 * is the one whose value, tangent or adjoint it completes (reverse mode: the node passing its adjoint). */
export function stepOwners(trace, hidden) {
  return trace.steps.map((step) => (step.node === undefined || step.node === null ? null : hidden[step.node]));
}

/** The run of steps taken as one summary step around step index i: [start, end) of the steps with the
 * same owner and phase; null when step i is shown on its own. */
export function runAround(trace, owners, i) {
  if (i < 0 || i >= owners.length || owners[i] === null) return null;
  const owner = owners[i];
  const phase = trace.steps[i].phase;
  const same = (j) => owners[j] === owner && trace.steps[j].phase === phase;
  let start = i;
  let end = i + 1;
  while (start > 0 && same(start - 1)) start--;
  while (end < owners.length && same(end)) end++;
  return { group: owner, phase, start, end };
}

/** The next k from k in `direction` (+1, -1), a run inside a collapsed group being one step: forward
 * lands at the run's end, back lands before the run holding the current step. */
export function strideTarget(trace, owners, k, direction) {
  const last = owners.length;
  if (direction > 0) {
    if (k >= last) return last;
    const run = runAround(trace, owners, k);
    return run ? run.end : k + 1;
  }
  if (k <= 0) return 0;
  const run = runAround(trace, owners, k - 1);
  return run ? run.start : k - 1;
}

/** The summary of step k when its step is inside a collapsed group: {group, phase, start, end, steps,
 * nodes, words}; null otherwise. `label(phase)` and `against(phase)` come from the engine's meta. */
export function summaryAt(trace, owners, k, label, against) {
  const run = runAround(trace, owners, k - 1);
  if (!run) return null;
  const group = trace.groups[run.group];
  const nodes = new Set(trace.steps.slice(run.start, run.end).map((step) => step.node));
  const steps = run.end - run.start;
  const count = `${steps} step${steps === 1 ? "" : "s"} over ${nodes.size} node${nodes.size === 1 ? "" : "s"}`;
  const name = displayName(trace, group);
  const words = `${label(run.phase)} runs ${against(run.phase) ? "back " : ""}through ${name}: ${count}`;
  return { ...run, name, steps, nodes: nodes.size, words };
}

/** The name a group is shown by: a statement that is one call reads "h1 = neuron#1". */
export function displayName(trace, group) {
  const children = trace.groups.filter((other) => other.parent === group.id);
  if (group.kind === "statement" && group.nodes.length === 0 && children.length === 1) return `${group.name} = ${children[0].name}`;
  return group.name;
}

/** The groups to open so that `node` is shown: every collapsed group holding it. */
export function openFor(trace, collapsed, node) {
  const groups = trace.groups ?? [];
  const holding = new Set();
  for (let group = trace.nodes[node].group ?? null; group !== null && group !== undefined; group = groups[group].parent) {
    holding.add(group);
  }
  return collapsed.filter((id) => !holding.has(id));
}

/** The bounding box of the layout boxes ({x, y, halfWidth, halfHeight}) of the nodes `ids`. */
export function areaOf(ids, boxes) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const id of ids) {
    const box = boxes[id];
    if (!box) continue; // a folded constant: drawn as a chip by its node, not a box of its own
    x0 = Math.min(x0, box.x - box.halfWidth);
    y0 = Math.min(y0, box.y - box.halfHeight);
    x1 = Math.max(x1, box.x + box.halfWidth);
    y1 = Math.max(y1, box.y + box.halfHeight);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The box of a collapsed group: the bounding box of the layout boxes of the nodes it hides. */
export function boxOf(hidden, boxes, group) {
  return areaOf(hidden.flatMap((owner, id) => (owner === group ? [id] : [])), boxes);
}

/** The collapsed set as the link writes it: "none", or the ids joined by commas. */
export const collapsedText = (collapsed) => (collapsed.length ? [...collapsed].sort((a, b) => a - b).join(",") : "none");

/** The collapsed set read from the link (null: not given or not readable, so the default applies). */
export function collapsedFromText(text) {
  if (text === null || text === undefined) return null;
  if (text === "none") return [];
  const ids = text.split(",").map(Number);
  return ids.length && ids.every((id) => Number.isInteger(id) && id >= 0) ? ids : null;
}

/** An expanded group's outline stands this far outside its members' boxes (more for each outline nested in it). */
export const OUTLINE_PAD = 12;
/** The width of an outline's collapse tag, "⊟ name", in drawing units. */
export const tagWidth = (name) => 22 + name.length * 8.2;

/** Per group: its nodes and those of the groups nested in it. */
export function subtreesOf(trace) {
  const groups = trace.groups ?? [];
  const subtree = groups.map(() => []);
  trace.nodes.forEach((node, id) => {
    for (let group = node.group ?? null; group !== null; group = groups[group].parent) subtree[group].push(id);
  });
  return subtree;
}

/** A statement that is one call is drawn once, by the statement ("h1 = neuron#1"): the call is merged. */
export const isMerged = (trace, group) => group.parent !== null
  && displayName(trace, trace.groups[group.parent]) !== trace.groups[group.parent].name;

/**
 * Where the collapse tag of each group that can have an outline sits, as its outline would put it with
 * no outline nested inside: rectangles the graph's resting labels keep clear of, whatever is expanded.
 */
export function tagRects(trace, boxes) {
  const subtree = subtreesOf(trace);
  return (trace.groups ?? []).filter((group) => subtree[group.id].length > 1 && !isMerged(trace, group)).map((group) => {
    const area = areaOf(subtree[group.id], boxes);
    const x = area.x - OUTLINE_PAD;
    const y = area.y - OUTLINE_PAD;
    return { x0: x, y0: y - 13, x1: x + tagWidth(displayName(trace, group)), y1: y + 11 };
  });
}
