// A node of the graph view (graph-view.js): built once per layout, then rendered at each step, changing
// only what differs from the step before.

import { s } from "./dom.js";
import { num } from "./format.js";
import { addBadge, labelWidth, pulse, setBadge } from "./graph-labels.js";

const RING_INSET = 5; // an output's box is its ring; its shape sits this far inside
const CHIP_HEIGHT = 20; // a folded constant's chip

/** A node's drawing: its shape, label, Wengert variable, value and caption; `select` on click or focus. */
export function buildNode(node, box, height, outputIndex, trace, select) {
  const kind = node.op === "input" ? "input" : node.op === "const" ? "const" : "op";
  const isOutput = outputIndex !== undefined;
  const w = box.halfWidth * 2;
  const base = `node node--${kind}${isOutput ? " node--output" : ""}`;
  const g = s("g", {
    class: base,
    transform: `translate(${box.x},${box.y})`,
    tabindex: 0,
    role: "button",
    "data-node": node.id,
    "data-testid": `node-${node.id}`,
  });
  // an output: a second line around it (its ring on the layout's box, the shape inside)
  const inset = isOutput ? RING_INSET : 0;
  if (isOutput) g.append(s("rect", { class: "ring", x: -w / 2, y: -height / 2, width: w, height, rx: 15 }));
  const radius = kind === "input" ? height / 2 - inset : kind === "const" ? 4 : 12 - inset / 2;
  g.append(s("rect", { class: "shape", x: -w / 2 + inset, y: -height / 2 + inset, width: w - 2 * inset, height: height - 2 * inset, rx: radius }));
  const glyph = trace.primitives[node.op]?.glyph ?? node.label;
  const label = kind === "const" ? constantText(node) : glyph;
  const title = s("text", { class: `label${label.length > 4 ? " label--long" : ""}`, y: kind === "const" ? 6 : -5 }, label);
  if (kind !== "const") {
    title.append(s("tspan", { class: "var", dx: 5 }, kind === "input" ? node.notation.var.text : node.notation.value.text));
  }
  const value = s("text", { class: "value", y: 18 });
  g.append(title, value);
  let caption = null;
  if (kind === "input") caption = s("text", { class: "caption caption--input", x: -w / 2 - 8, y: 5 }, "input");
  if (isOutput) {
    caption = s("text", { class: "caption caption--output", x: w / 2 + 6, y: 5 },
      trace.outputs.length > 1 ? `output ${outputIndex}` : "output");
  }
  if (caption) g.append(caption);
  g.addEventListener("click", () => select(node.id, true));
  g.addEventListener("focus", () => select(node.id, false));
  // One badge hangs under the node: its tangent during forward mode, its adjoint during reverse mode.
  // Badges are made when first needed (a big graph stays light until its derivatives arrive).
  return { g, base, value, caption, tangent: null, adjoint: null, badgeAt: [0, 0], placed: true, node, kind, cache: {}, chips: [] };
}


/** A node at step k: its classes, value, tangent and adjoint badges, data and ARIA label, changed only
 * where they differ from the last step. `off`: culled; `still`: shown without motion. */
export function renderNode(part, view, seeded, selected, adjointsFlow, off, still) {
  const id = part.node.id;
  const value = view.values[id];
  // a constant's tangent (0) and adjoint (none) teach nothing, and once adjoints flow they replace the tangents
  const derivatives = part.kind !== "const";
  const adjoint = derivatives ? view.adjoints[id] : null;
  const tangent = derivatives && !adjointsFlow ? view.tangents[id] : null;
  const flags = (view.activeNode === id ? 1 : 0) | (view.receivingNode === id ? 2 : 0) | (seeded.has(id) ? 4 : 0)
    | (selected === id ? 8 : 0) | (off ? 16 : 0);
  const cache = part.cache;
  // a step changes a node or two: the others are left alone (no strings made, no DOM touched)
  if (cache.flags === flags && cache.value === value && cache.tangent === tangent && cache.adjoint === adjoint
    && cache.rawTangent === view.tangents[id] && cache.rawAdjoint === view.adjoints[id]) return;
  cache.flags = flags;
  cache.rawTangent = view.tangents[id];
  cache.rawAdjoint = view.adjoints[id];
  const classes = [
    value !== null && "is-reached",
    tangent !== null && "has-tangent",
    adjoint !== null && "has-adjoint",
    view.activeNode === id && "is-active",
    view.receivingNode === id && "is-receiving",
    seeded.has(id) && "is-seeded",
    selected === id && "is-selected",
    off && "is-off",
  ].filter(Boolean).join(" ");
  if (cache.classes !== classes) {
    part.g.setAttribute("class", `${part.base} ${classes}`);
    cache.classes = classes;
  }
  if (cache.value !== value) {
    part.value.textContent = value === null || part.kind === "const" ? "" : num(value);
    cache.value = value;
  }
  if (cache.tangent !== tangent) {
    if (tangent !== null && !part.tangent) part.tangent = addBadge(part, "badge badge--tangent");
    if (part.tangent) setBadge(part.tangent, tangent === null ? null : [part.node.notation.tangent.text, ` = ${num(tangent)}`]);
    cache.tangent = tangent;
  }
  if (cache.adjoint !== adjoint) {
    if (adjoint !== null && !part.adjoint) part.adjoint = addBadge(part, "badge badge--adjoint");
    if (part.adjoint) setBadge(part.adjoint, adjoint === null ? null : [part.node.notation.adjoint.text, ` = ${num(adjoint)}`]);
    cache.adjoint = adjoint;
    if (adjoint !== null && view.receivingNode === id && !still) pulse(part.adjoint.g);
  }
  // the state at step k as data, exactly as the trace records it (tests and tools read these)
  const raw = [value, view.tangents[id], view.adjoints[id]];
  const rawKey = raw.join("|");
  if (cache.raw !== rawKey) {
    [part.g.dataset.value, part.g.dataset.tangent, part.g.dataset.adjoint] = raw.map((x) => (x === null ? "" : String(x)));
    cache.raw = rawKey;
  }
  const aria = ariaLabel(part.node, value, view.tangents[id], view.adjoints[id]);
  if (cache.aria !== aria) {
    part.g.setAttribute("aria-label", aria);
    cache.aria = aria;
  }
}


/**
 * Each folded constant (the layout left it out): its value in a chip by the node using it, on the left
 * side where its edge would have come in, placed like every label (placement.js), inside the node's <g>.
 */
export function placeChips(trace, nodeParts, boxes, scene, select, grow) {
  for (const part of nodeParts) {
    if (!part) continue;
    for (const chip of part.chips) chip.remove();
    part.chips = [];
  }
  for (const folded of trace.layout.folded_constants ?? []) {
    const part = nodeParts[folded.target];
    const constant = trace.nodes[folded.node];
    if (!part) continue;
    const text = constantText(constant);
    const width = labelWidth(text, "chip");
    const arity = trace.nodes[folded.target].operands.length;
    const slot = arity < 2 ? 0 : (2 * folded.operand_index) / (arity - 1) - 1;
    const place = scene.placeChip(folded.target, width, CHIP_HEIGHT, slot);
    if (!place) continue; // nowhere free: the Wengert list still shows the constant in the definition
    const box = boxes[folded.target];
    const chip = s("g", {
      class: "const-chip", transform: `translate(${(place.x - box.x).toFixed(1)},${(place.y - box.y).toFixed(1)})`,
      "data-node": constant.id, "data-target": folded.target, "data-testid": `const-chip-${constant.id}`,
    }, s("rect", { x: -width / 2, y: -CHIP_HEIGHT / 2, width, height: CHIP_HEIGHT, rx: 4 }), s("text", { y: 4.5 }, text));
    chip.addEventListener("click", (event) => {
      event.stopPropagation();
      select(constant.id, true);
    });
    part.g.append(chip);
    part.chips.push(chip);
    grow({ x0: place.x - width / 2, y0: place.y - CHIP_HEIGHT / 2, x1: place.x + width / 2, y1: place.y + CHIP_HEIGHT / 2 });
  }
}

/** What a constant shows: the engine's label, or its value when the label is long. */
export const constantText = (node) => (node.label.length > 7 ? num(node.value) : node.label);

function ariaLabel(node, value, tangent, adjoint) {
  const kind = node.op === "input" ? "input" : node.op === "const" ? "constant" : node.op;
  let text = `${node.notation.value.text} (${node.notation.var.text}), ${kind}`;
  text += value === null ? ", not evaluated yet" : `, value ${num(value)}`;
  if (tangent !== null) text += `, tangent ${num(tangent)}`;
  if (adjoint !== null) text += `, adjoint ${num(adjoint)}`;
  return text;
}
