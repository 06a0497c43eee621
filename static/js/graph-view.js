// The graph as SVG, drawn from the API's layout, showing the state at step k.
//
// build() draws nodes and edges once per layout; render(view) then changes only what differs from the
// previous step (classes and texts of the nodes and edges whose state changed), so playing a 500-node
// graph never rebuilds the drawing. A new trace with the same layout (a slider moved) keeps the picture
// and the view, and only the numbers change.

import { s, replace } from "./dom.js";
import { num } from "./format.js";
import { activeLabelPlace, addBadge, edgeLabel, labelWidth, pulse, setBadge, setEdgeLabel } from "./graph-labels.js";
import { midpoint, pathData, pointAt, trimRoute } from "./geometry.js";
import { againstEdges, paintPhase, phaseLabel } from "./meta.js";
import { edgeKey } from "./steps.js";
import { createViewport } from "./viewport.js";

const SMALL_GRAPH = 60; // up to this many nodes every edge shows its local partial
const FAR_SCALE = 0.42; // below this zoom, texts are hidden (unreadable anyway) to keep panning smooth
const CONST_WIDTH = 0.62; // a constant is drawn narrower than the layout's box

export function createGraphView(container, { onSelect, reducedMotion, legend = null }) {
  const svg = s("svg", {
    class: "graph", role: "group", "aria-label": "Computational graph", "data-testid": "graph",
    xmlns: "http://www.w3.org/2000/svg",
  });
  const defs = s("defs", {}, markers());
  const viewportGroup = s("g", { class: "viewport" });
  const layers = {
    edges: s("g", { class: "edges" }),
    nodes: s("g", { class: "nodes" }),
    labels: s("g", { class: "edge-labels" }),
    active: s("g", { class: "active-labels" }),
    flows: s("g", { class: "flows" }),
  };
  viewportGroup.append(layers.edges, layers.nodes, layers.labels, layers.active);
  svg.append(defs, viewportGroup);
  // The travelling contributions move on every frame: they get an SVG (and a compositing layer) of their
  // own above the graph, so their animation never repaints the whole drawing.
  const overlayGroup = s("g", { class: "viewport" }, layers.flows);
  const overlay = s("svg", { class: "graph-overlay", "aria-hidden": "true" }, overlayGroup);
  replace(container, svg, overlay);

  const viewport = createViewport(svg, [viewportGroup, overlayGroup], (scale) => {
    svg.classList.toggle("is-far", scale < FAR_SCALE);
    overlay.classList.toggle("is-far", scale < FAR_SCALE);
  }, () => (legend && legend.offsetParent ? legend.offsetHeight + 8 : 0));

  let trace = null;
  let signature = "";
  let nodeParts = []; // per node: {g, value, tangent, adjoint, cache}
  let edgeParts = []; // per layout edge: {path, label, key, source, target, index, points, d, cache}
  let edgeByKey = new Map();
  let boxes = []; // per node: its centre and half sizes, where edges end and labels must not cover
  let lastActiveKey = null;
  let lastTraceShown = null;

  function layoutSignature(next) {
    return next.nodes.map((node, i) => {
      const place = next.layout.nodes[i];
      return `${node.op}:${node.label}:${place.x},${place.y}`;
    }).join("|") + `#${next.layout.edges.length}`;
  }

  /** Show a new trace. Returns true when the drawing was rebuilt (a new layout). */
  function setTrace(next) {
    const nextSignature = layoutSignature(next);
    const sameLayout = trace !== null && nextSignature === signature;
    trace = next;
    svg.dataset.expression = next.expression;
    svg.dataset.mode = next.mode;
    if (sameLayout) {
      // same picture, new numbers: keep every element and the view; refresh the fixed texts
      for (const part of nodeParts) part.cache = {};
      for (const part of edgeParts) part.cache = {};
      return false;
    }
    signature = nextSignature;
    build();
    return true;
  }

  function build() {
    const { layout } = trace;
    const width = layout.node_width;
    const height = layout.node_height;
    const outputs = new Map(trace.outputs.map((id, index) => [id, index]));
    boxes = trace.nodes.map((node, i) => ({
      x: layout.nodes[i].x,
      y: layout.nodes[i].y,
      halfWidth: (node.op === "const" ? width * CONST_WIDTH : width) / 2,
      halfHeight: height / 2,
    }));

    edgeParts = layout.edges.map((edge) => {
      const points = trimRoute(edge.points, boxes[edge.source], boxes[edge.target]);
      const d = pathData(points);
      const key = edgeKey(edge.target, edge.operand_index);
      const path = s("path", { class: "edge", d, "data-edge": key });
      return { path, label: null, key, source: edge.source, target: edge.target, index: edge.operand_index, points, d, cache: {} };
    });
    edgeByKey = new Map(edgeParts.map((part) => [part.key, part]));
    replace(layers.edges, edgeParts.map((part) => part.path));

    const small = trace.nodes.length <= SMALL_GRAPH;
    replace(layers.labels);
    if (small) {
      for (const part of edgeParts) {
        if (!trace.nodes[part.source].active) continue; // nothing flows from a constant
        const [x, y] = midpoint(part.points);
        part.label = edgeLabel(x, y, "edge-label");
        layers.labels.append(part.label.g);
      }
    }

    nodeParts = trace.nodes.map((node, i) => buildNode(node, boxes[i], width, height, outputs.get(node.id)));
    replace(layers.nodes, nodeParts.map((part) => part.g));
    replace(layers.active);
    replace(layers.flows);
    lastActiveKey = null;

    viewport.setBounds(drawingBounds(layout));
  }

  function buildNode(node, box, width, height, outputIndex) {
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
    if (isOutput) {
      g.append(s("rect", { class: "ring", x: -w / 2 - 6, y: -height / 2 - 6, width: w + 12, height: height + 12, rx: 16 }));
    }
    const radius = kind === "input" ? height / 2 : kind === "const" ? 4 : 12;
    g.append(s("rect", { class: "shape", x: -w / 2, y: -height / 2, width: w, height, rx: radius }));
    const glyph = trace.primitives[node.op]?.glyph ?? node.label;
    const label = kind === "const" && node.label.length > 7 ? num(node.value) : glyph;
    const title = s("text", { class: `label${label.length > 4 ? " label--long" : ""}`, y: kind === "const" ? 6 : -5 }, label);
    if (kind !== "const") {
      title.append(s("tspan", { class: "var", dx: 5 }, kind === "input" ? node.notation.var.text : node.notation.value.text));
    }
    const value = s("text", { class: "value", y: 18 });
    g.append(title, value);
    if (kind === "input") g.append(s("text", { class: "caption caption--input", x: -w / 2 - 8, y: 5 }, "input"));
    if (isOutput) {
      const caption = trace.outputs.length > 1 ? `output ${outputIndex}` : "output";
      g.append(s("text", { class: "caption caption--output", x: w / 2 + 12, y: 5 }, caption));
    }
    g.addEventListener("click", () => {
      if (!viewport.panned) onSelect(node.id);
    });
    g.addEventListener("focus", () => onSelect(node.id));
    // One badge hangs under the node: its tangent during forward mode, its adjoint during reverse mode.
    // Badges are made when first needed (a big graph stays light until its derivatives arrive).
    return { g, base, value, tangent: null, adjoint: null, badgeY: height / 2 + 6, node, kind, cache: {} };
  }

  // ---- one step ----------------------------------------------------------------------------------

  /** Show the state at step k: `view` from stateAt(), plus the selected node and animation timing. */
  function render(view, { selected, travelMs }) {
    if (!trace) return;
    const activeEdges = new Map(view.activeEdges.map((edge) => [edgeKey(edge.target, edge.operandIndex), edge]));
    const seeded = new Set(view.seedNodes);
    for (let i = 0; i < nodeParts.length; i++) renderNode(nodeParts[i], view, seeded, selected);
    for (const part of edgeParts) renderEdge(part, view, activeEdges.get(part.key));
    const activeKey = `${view.k}|${[...activeEdges.keys()].join(",")}`;
    if (activeKey !== lastActiveKey) {
      renderActive(view, travelMs, true);
    } else if (trace !== lastTraceShown) {
      // same step, new numbers (a slider moved): refresh the labels, keep the contribution still
      renderActive(view, travelMs, false);
    }
    lastActiveKey = activeKey;
    lastTraceShown = trace;
    // zoomed into a big graph, the camera follows the step
    const focus = view.receivingNode ?? view.activeNode;
    if (focus !== null) viewport.reveal(trace.layout.nodes[focus].x, trace.layout.nodes[focus].y);
  }

  function renderNode(part, view, seeded, selected) {
    const id = part.node.id;
    const value = view.values[id];
    // a constant's tangent (0) and adjoint (none) teach nothing, and once adjoints flow they replace the tangents
    const derivatives = part.kind !== "const";
    const adjoint = derivatives ? view.adjoints[id] : null;
    const tangent = derivatives && !view.adjoints.some((x) => x !== null) ? view.tangents[id] : null;
    const classes = [
      value !== null && "is-reached",
      tangent !== null && "has-tangent",
      adjoint !== null && "has-adjoint",
      view.activeNode === id && "is-active",
      view.receivingNode === id && "is-receiving",
      seeded.has(id) && "is-seeded",
      selected === id && "is-selected",
    ].filter(Boolean).join(" ");
    const cache = part.cache;
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
      if (adjoint !== null && view.receivingNode === id && !reducedMotion()) pulse(part.adjoint.g);
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

  function renderEdge(part, view, active) {
    const sourceActive = trace.nodes[part.source].active;
    const evaluated = view.values[part.target] !== null;
    // drawn in the colour of the phase that crossed it last (the active step's, when it is on it)
    const phase = active ? active.phase : view.crossed.get(part.key) ?? null;
    const classes = [
      !sourceActive && "is-inert",
      evaluated && "is-evaluated",
      sourceActive && phase && phase !== trace.passes[0] && "is-crossed",
      phase && (againstEdges(phase) ? "is-against" : "is-along"),
      active && "is-active",
    ].filter(Boolean).join(" ");
    if (part.cache.classes !== classes) {
      part.path.setAttribute("class", `edge ${classes}`);
      part.cache.classes = classes;
    }
    if (part.cache.phase !== phase) {
      paintPhase(part.path, phase);
      part.path.dataset.phase = phase ?? "";
      part.cache.phase = phase;
    }
    if (part.label) {
      const partial = evaluated && !active ? trace.nodes[part.target].partials[part.index] : null;
      if (part.cache.partial !== partial) {
        setEdgeLabel(part.label, partial === null || partial === undefined ? null : num(partial));
        part.cache.partial = partial;
      }
    }
  }

  /** The active edges' full partial labels and the contributions travelling along them. */
  function renderActive(view, travelMs, animate) {
    replace(layers.active);
    replace(layers.flows);
    for (const edge of view.activeEdges) {
      const part = edgeByKey.get(edgeKey(edge.target, edge.operandIndex));
      if (!part) continue;
      const target = trace.nodes[part.target];
      const source = trace.nodes[part.source];
      const partial = target.partials[part.index];
      if (source.active && partial !== null && partial !== undefined) {
        const text = `∂${target.notation.value.text}/∂${source.notation.value.text} = ${num(partial)}`;
        const [x, y] = activeLabelPlace(part.points, [boxes[part.source], boxes[part.target]], labelWidth(text));
        const label = edgeLabel(x, y, "edge-label edge-label--active");
        paintPhase(label.g, edge.phase);
        setEdgeLabel(label, text);
        layers.active.append(label.g);
      }
      layers.flows.append(flow(part, edge, travelMs, animate));
    }
  }

  function flow(part, edge, travelMs, animate) {
    const reverse = againstEdges(edge.phase);
    const amount = edge.phase === trace.passes[0] ? num(edge.amount) : `+${num(edge.amount)}`.replace("+−", "−");
    const g = s("g", { class: "flow", "data-phase": edge.phase },
      s("circle", { r: 7 }),
      s("text", { y: -13 }, amount));
    paintPhase(g, edge.phase);
    if (!animate || reducedMotion()) {
      const [x, y] = pointAt(part.points, reverse ? 0.25 : 0.75);
      g.setAttribute("transform", `translate(${x},${y})`);
      return g;
    }
    const motion = s("animateMotion", {
      path: part.d, dur: `${travelMs}ms`, fill: "freeze", begin: "indefinite",
      keyPoints: reverse ? "1;0" : "0;1", keyTimes: "0;1", calcMode: "linear",
    });
    // it travels, then fades where it arrived (the badge there now shows the new number)
    const fade = s("animate", {
      attributeName: "opacity", values: "1;1;0", keyTimes: "0;0.8;1", dur: `${Math.round(travelMs * 1.6)}ms`,
      fill: "freeze", begin: "indefinite",
    });
    g.append(motion, fade);
    queueMicrotask(() => {
      motion.beginElement?.();
      fade.beginElement?.();
    });
    return g;
  }

  return {
    svg,
    setTrace,
    render,
    fit: () => viewport.fit(),
    zoomIn: () => viewport.zoomIn(),
    zoomOut: () => viewport.zoomOut(),
    get bounds() {
      return trace ? drawingBounds(trace.layout) : null;
    },
  };
}

// ---- small pieces ----------------------------------------------------------------------------------

/** The layout's box plus room for the captions beside inputs and outputs and the badges under nodes. */
function drawingBounds(layout) {
  return { x: -30, y: -4, width: layout.width + 82, height: layout.height + 22 };
}

function ariaLabel(node, value, tangent, adjoint) {
  const kind = node.op === "input" ? "input" : node.op === "const" ? "constant" : node.op;
  let text = `${node.notation.value.text} (${node.notation.var.text}), ${kind}`;
  text += value === null ? ", not evaluated yet" : `, value ${num(value)}`;
  if (tangent !== null) text += `, tangent ${num(tangent)}`;
  if (adjoint !== null) text += `, adjoint ${num(adjoint)}`;
  return text;
}

function markers() {
  const arrow = (id, start = false) => s("marker", {
    id, class: `marker ${id}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 11, markerHeight: 11,
    orient: start ? "auto-start-reverse" : "auto", markerUnits: "userSpaceOnUse",
  }, s("path", { d: "M0,1 L10,5 L0,9 z" }));
  // arrow-phase takes the colour of the edge it ends (context-stroke), in any phase
  return [arrow("arrow"), arrow("arrow-evaluated"), arrow("arrow-phase"), arrow("arrow-phase-start", true)];
}
