// The graph as SVG, drawn from the API's layout, showing the state at step k.
//
// build() draws nodes and edges once per layout; render(view) then changes only what differs from the
// previous step (classes and texts of the nodes and edges whose state changed), so playing a 500-node
// graph never rebuilds the drawing. A new trace with the same layout (a slider moved) keeps the picture
// and the view, and only the numbers change.

import { s, replace } from "./dom.js";
import { num } from "./format.js";
import { createActiveLabels } from "./graph-flows.js";
import { BADGE_HEIGHT, LABEL_HEIGHT, badgeTexts, edgeLabel, labelWidth, setEdgeLabel, useFontOf } from "./graph-labels.js";
import { buildNode, placeChips, renderNode } from "./graph-nodes.js";
import { focusBox, pathData, sampledPath, spreadParallel, trimRoute } from "./geometry.js";
import { againstEdges, paintPhase } from "./meta.js";
import { createScene } from "./placement.js";
import { edgeKey } from "./steps.js";
import { createViewport } from "./viewport.js";

const SMALL_GRAPH = 60; // up to this many nodes every edge shows its local partial
const FAR_SCALE = 0.42; // below this zoom, texts are hidden (unreadable anyway) to keep panning smooth
const CONST_WIDTH = 0.62; // a constant is drawn narrower than the layout's box
// Below this travel time (fast play) nothing moves: a dot crossing an edge in a frame or two is a flicker,
// and animating every frame kept a 2,000-node graph from playing smoothly. Contributions rest on their edge.
const LEAST_TRAVEL_MS = 100;
// The least size of a node's value on screen, in px: on a projector, and on a desk.
const READABLE_PX = { present: 18.5, desk: 11 };

/**
 * `keepClear(trace, boxes)`: rectangles the resting labels must not cover besides the nodes (the groups'
 * collapse tags, drawn by group-view.js over the graph).
 */
export function createGraphView(container, { onSelect, reducedMotion, legend = null, keepClear = () => [], covering = [] }) {
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
    groups: s("g", { class: "groups" }), // collapsed groups' boxes and expanded groups' outlines (group-view.js)
  };
  viewportGroup.append(layers.edges, layers.nodes, layers.groups, layers.labels, layers.active);
  svg.append(defs, viewportGroup);
  // The travelling contributions move on every frame: they get an SVG (and a compositing layer) of their
  // own above the graph, so their animation never repaints the whole drawing.
  const overlayGroup = s("g", { class: "viewport" }, layers.flows);
  const overlay = s("svg", { class: "graph-overlay", "aria-hidden": "true" }, overlayGroup);
  replace(container, svg, overlay);

  let far = null;
  const viewport = createViewport(svg, [viewportGroup, overlayGroup], (scale) => {
    if (far === scale < FAR_SCALE) return;
    far = scale < FAR_SCALE;
    svg.classList.toggle("is-far", far);
    overlay.classList.toggle("is-far", far);
  }, () => (legendPx ? legendPx + 8 : 0), [svg, overlay], covering);
  // the legend's height, as its observer reports it after each layout (reading it would force one)
  let legendPx = 0;
  if (legend) new ResizeObserver((entries) => (legendPx = entries[entries.length - 1].borderBoxSize?.[0]?.blockSize ?? 0)).observe(legend);
  // the values' font size, read before a drawing is built (reading a style after would force the styles of
  // a new 2,000-node drawing to be computed at once), on the desk and presenting
  const fontPxOf = new Map(); // presenting -> px
  viewport.onView(cull);
  const activeLabels = createActiveLabels(layers, reducedMotion);
  // a node clicked (unless the click ended a pan) or focused
  const select = (id, clicked) => {
    if (!clicked || !viewport.panned) onSelect(id);
  };

  let trace = null;
  let signature = "";
  let nodeParts = []; // per node: {g, value, tangent, adjoint, cache}; null for a folded constant
  let edgeParts = []; // per layout edge: {path, label, key, source, target, index, points, d, cache}
  let edgeByKey = new Map();
  let boxes = []; // per node: its centre and half sizes, where edges end and labels must not cover
  let outputIndex = new Map(); // output node id -> its index among the outputs
  let scene = null; // the placement of this trace's resting labels (placement.js)
  let labelOfItem = new Map(); // a resting edge label's place -> its label, hidden while a step covers it
  let lastActiveKey = null;
  let lastTraceShown = null;
  let presenting = false;
  let still = false; // this step is shown without motion (reduced motion, or playing fast)
  let bounds = null; // the drawing's extent: nodes, captions, badges and labels
  let captionOf = []; // node id -> its caption's rectangle (input, output), in drawing units
  let culled = null; // per node and per edge: outside the view, so not drawn
  let edgeBoxes = []; // per edge: the box around its drawn line

  function layoutSignature(next) {
    const { layout } = next;
    return next.nodes.map((node) => `${node.op}:${node.label}`).join("|")
      + `@${layout.nodes.map((place) => `${place.id}:${place.x},${place.y}`).join("|")}`
      + `#${layout.edges.length}/${(layout.folded_constants ?? []).length}`;
  }

  /** Show a new trace. Returns true when the drawing was rebuilt (a new layout). */
  function setTrace(next) {
    useFontOf(svg);
    valueFontPx();
    const nextSignature = layoutSignature(next);
    const sameLayout = trace !== null && nextSignature === signature;
    trace = next;
    svg.dataset.expression = next.expression;
    svg.dataset.mode = next.mode;
    if (sameLayout) {
      // same picture, new numbers: keep every element and the view; refresh the texts and their places
      for (const part of nodeParts) if (part) part.cache = {};
      for (const part of edgeParts) part.cache = {};
      placeLabels();
      viewport.setBounds(bounds, true);
      lastActiveKey = null;
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
    outputIndex = new Map(trace.outputs.map((id, index) => [id, index]));
    // a folded constant (layout.folded_constants) has no place: it is drawn as a chip by the node using it
    const places = [];
    for (const place of layout.nodes) places[place.id] = place;
    boxes = trace.nodes.map((node) => (places[node.id] ? {
      x: places[node.id].x,
      y: places[node.id].y,
      halfWidth: (node.op === "const" ? width * CONST_WIDTH : width) / 2,
      halfHeight: height / 2,
    } : null));

    // x*x: the two edges from x into one node are drawn apart, each with its own label
    const routes = spreadParallel(
      layout.edges.map((edge) => trimRoute(edge.points, boxes[edge.source], boxes[edge.target])),
      layout.edges.map((edge) => [edge.source, edge.target]));
    edgeParts = layout.edges.map((edge, index) => {
      const points = routes[index];
      const d = pathData(points);
      const key = edgeKey(edge.target, edge.operand_index);
      const path = s("path", { class: "edge", d, "data-edge": key });
      return {
        path, label: null, key, index, source: edge.source, target: edge.target, operand: edge.operand_index,
        points, poly: sampledPath(points), d, cache: {},
      };
    });
    edgeByKey = new Map(edgeParts.map((part) => [part.key, part]));
    replace(layers.edges, edgeParts.map((part) => part.path));

    nodeParts = trace.nodes.map((node, i) => (boxes[i] ? buildNode(node, boxes[i], height, outputIndex.get(node.id), trace, select) : null));
    replace(layers.nodes, nodeParts.filter(Boolean).map((part) => part.g));
    placeLabels();
    activeLabels.clear();
    lastActiveKey = null;

    culled = { nodes: new Array(nodeParts.length).fill(false), edges: new Array(edgeParts.length).fill(false) };
    edgeBoxes = edgeParts.map((part) => polyBox(part.poly));
    updateReadable();
    viewport.setBounds(bounds);
    cull(viewport.view());
  }

  /**
   * What lies outside the view (with a margin) is not drawn at all (display: none): a big graph at a
   * readable zoom then lays out and paints only what is on screen, so a step repaints in a few ms.
   */
  function cull(view) {
    if (!trace || !culled) return;
    const margin = 240 / Math.max(view.scale, 0.05);
    const x0 = view.x - margin;
    const y0 = view.y - margin;
    const x1 = view.x + view.width + margin;
    const y1 = view.y + view.height + margin;
    for (let i = 0; i < nodeParts.length; i++) {
      const box = boxes[i];
      if (!box) continue;
      const off = box.x + box.halfWidth < x0 || box.x - box.halfWidth > x1 || box.y + box.halfHeight < y0 || box.y - box.halfHeight > y1;
      if (off !== culled.nodes[i]) {
        nodeParts[i].g.classList.toggle("is-off", off);
        nodeParts[i].cache.classes = nodeParts[i].g.getAttribute("class").slice(nodeParts[i].base.length + 1);
        culled.nodes[i] = off;
      }
    }
    for (let i = 0; i < edgeParts.length; i++) {
      const r = edgeBoxes[i];
      const off = r.x1 < x0 || r.x0 > x1 || r.y1 < y0 || r.y0 > y1;
      if (off !== culled.edges[i]) {
        edgeParts[i].path.classList.toggle("is-off", off);
        edgeParts[i].cache.classes = edgeParts[i].path.getAttribute("class").slice("edge ".length);
        edgeParts[i].label?.g.classList.toggle("is-off", off);
        culled.edges[i] = off;
      }
    }
  }

  /**
   * Where every label rests, for this trace: the captions, each node's badge (sized for the widest text
   * it will show), then each edge's cached partial (small graphs); the active step's labels are placed
   * over them at each step (graph-flows.js).
   */
  function placeLabels() {
    const small = trace.nodes.length <= SMALL_GRAPH;
    const captions = [];
    captionOf = [];
    const placeBoxes = boxes.map((box, id) => {
      const part = nodeParts[id];
      if (part?.caption) {
        const w = labelWidth(part.caption.textContent, "caption");
        const x = part.kind === "input" ? box.x - box.halfWidth - 8 - w / 2 : box.x + box.halfWidth + 6 + w / 2;
        captions.push(captionOf[id] = { x0: x - w / 2, y0: box.y - 9, x1: x + w / 2, y1: box.y + 9 });
      }
      return box;
    });
    scene = createScene({ boxes: placeBoxes, edges: edgeParts.map((part) => part.poly), fixed: [...captions, ...keepClear(trace, boxes)] });
    const extent = { x0: 0, y0: 0, x1: trace.layout.width, y1: trace.layout.height };
    const grow = (r) => {
      extent.x0 = Math.min(extent.x0, r.x0);
      extent.y0 = Math.min(extent.y0, r.y0);
      extent.x1 = Math.max(extent.x1, r.x1);
      extent.y1 = Math.max(extent.y1, r.y1);
    };
    captions.forEach(grow);
    // the chips first: each has a few places by its node's side, a badge has more and further out
    placeChips(trace, nodeParts, boxes, scene, select, grow);
    const texts = badgeTexts(trace);
    nodeParts.forEach((part, id) => {
      if (!part) return;
      const widest = Math.max(0, ...texts[id].map((text) => labelWidth(text, "badge")));
      part.badgeAt = [0, boxes[id].halfHeight + 4 + BADGE_HEIGHT / 2];
      part.placed = widest === 0;
      if (widest) {
        const place = scene.placeBadge(id, widest, BADGE_HEIGHT);
        part.placed = place !== null;
        if (place) part.badgeAt = [Math.round(place.x * 10) / 10, Math.round(place.y * 10) / 10];
        const [bx, by] = part.badgeAt;
        grow({ x0: boxes[id].x + bx - widest / 2, y0: boxes[id].y + by - BADGE_HEIGHT / 2, x1: boxes[id].x + bx + widest / 2, y1: boxes[id].y + by + BADGE_HEIGHT / 2 });
      }
      for (const badge of [part.tangent, part.adjoint]) {
        if (badge) badge.g.setAttribute("transform", `translate(${part.badgeAt[0]},${part.badgeAt[1]})`);
      }
    });
    replace(layers.labels);
    labelOfItem = new Map();
    for (const part of edgeParts) {
      part.label = null;
      const partial = trace.nodes[part.target].partials[part.operand];
      // nothing flows from a constant; a big graph shows the active step's partial only
      if (!small || !trace.nodes[part.source].active || partial === null || partial === undefined) continue;
      const place = scene.placeEdgeLabel(part.index, labelWidth(num(partial), "label"), LABEL_HEIGHT);
      if (!place) continue; // no place by its own edge: the narration and the tables still say it
      part.label = edgeLabel(place.x, place.y, "edge-label", part.key);
      part.cache.partial = undefined;
      labelOfItem.set(place.item, part.label);
      layers.labels.append(part.label.g);
    }
    const margin = 8;
    bounds = { x: extent.x0 - margin, y: extent.y0 - margin, width: extent.x1 - extent.x0 + 2 * margin, height: extent.y1 - extent.y0 + 2 * margin };
  }

  // ---- one step ----------------------------------------------------------------------------------

  /** Show the state at step k: `view` from stateAt(), plus the selected node and animation timing. */
  function render(view, { selected, travelMs }) {
    if (!trace) return;
    still = travelMs < LEAST_TRAVEL_MS || reducedMotion();
    const activeEdges = new Map(view.activeEdges.map((edge) => [edgeKey(edge.target, edge.operandIndex), edge]));
    const seeded = new Set(view.seedNodes);
    // once adjoints flow they replace the tangents under the nodes
    const adjointsFlow = view.adjoints.some((x) => x !== null);
    for (let i = 0; i < nodeParts.length; i++) {
      if (nodeParts[i]) renderNode(nodeParts[i], view, seeded, selected, adjointsFlow, culled.nodes[i], still);
    }
    for (const part of edgeParts) renderEdge(part, view, activeEdges.get(part.key));
    const activeKey = `${view.k}|${[...activeEdges.keys()].join(",")}`;
    if (activeKey !== lastActiveKey) {
      activeLabels.render(trace, view, { edgeByKey, scene, labelOfItem }, travelMs, !still);
    } else if (trace !== lastTraceShown) {
      // same step, new numbers (a slider moved): refresh the labels, keep the contribution still
      activeLabels.render(trace, view, { edgeByKey, scene, labelOfItem }, travelMs, false);
    }
    lastActiveKey = activeKey;
    lastTraceShown = trace;
    // the camera keeps the step in view: its node, and the node receiving from it
    const ids = [view.activeNode, view.receivingNode, ...view.seedNodes].filter((id) => id !== null && id !== undefined && boxes[id]);
    viewport.follow(focusBox(ids, boxes, captionOf, BADGE_HEIGHT + 10));
  }

  /** Presenting: the home view's least scale makes a node's value READABLE_PX.present tall on screen. */
  function setPresenting(next) {
    presenting = next;
    updateReadable();
  }

  function updateReadable() {
    viewport.setReadable((presenting ? READABLE_PX.present : READABLE_PX.desk) / valueFontPx());
  }

  /** The font size of a node's value, on the desk or presenting (read once each, from the probe). */
  function valueFontPx() {
    if (!fontPxOf.has(presenting)) {
      fontPxOf.set(presenting, parseFloat(getComputedStyle(svg).getPropertyValue("--value-font-size")) || 18);
    }
    return fontPxOf.get(presenting);
  }

  function renderEdge(part, view, active) {
    const sourceActive = trace.nodes[part.source].active;
    const evaluated = view.values[part.target] !== null;
    // drawn in the colour of the phase that crossed it last (the active step's, when it is on it)
    const phase = active ? active.phase : view.crossed.get(part.key) ?? null;
    const off = culled.edges[part.index];
    const cache = part.cache;
    // most edges are as they were at the last step: nothing to do (their label follows the same three)
    if (cache.active === Boolean(active) && cache.evaluated === evaluated && cache.phase === phase && cache.off === off) return;
    cache.active = Boolean(active);
    cache.evaluated = evaluated;
    cache.off = off;
    const classes = [
      !sourceActive && "is-inert",
      evaluated && "is-evaluated",
      sourceActive && phase && phase !== trace.passes[0] && "is-crossed",
      phase && (againstEdges(phase) ? "is-against" : "is-along"),
      active && "is-active",
      culled.edges[part.index] && "is-off",
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
      const partial = evaluated && !active ? trace.nodes[part.target].partials[part.operand] : null;
      if (part.cache.partial !== partial) {
        setEdgeLabel(part.label, partial === null || partial === undefined ? null : num(partial));
        part.cache.partial = partial;
      }
    }
  }

  return {
    svg,
    setTrace,
    render,
    fit: () => viewport.home(),
    overview: () => viewport.overview(),
    toggleOverview: () => viewport.toggleOverview(),
    setPresenting,
    zoomIn: () => viewport.zoomIn(),
    zoomOut: () => viewport.zoomOut(),
    // hooks for the groups, the minimap and the search (group-view.js, minimap.js, search.js)
    groupLayer: layers.groups,
    nodeBoxes: () => boxes,
    onView: (listener) => viewport.onView(listener),
    view: () => viewport.view(),
    show: (x, y) => viewport.show(x, y),
    centre: (x, y) => viewport.centre(x, y),
    get panned() {
      return viewport.panned;
    },
    get bounds() {
      return trace ? bounds : null;
    },
  };
}

// ---- small pieces ----------------------------------------------------------------------------------

function polyBox(poly) {
  const xs = poly.map((p) => p[0]);
  const ys = poly.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

function markers() {
  const arrow = (id, start = false) => s("marker", {
    id, class: `marker ${id}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 11, markerHeight: 11,
    orient: start ? "auto-start-reverse" : "auto", markerUnits: "userSpaceOnUse",
  }, s("path", { d: "M0,1 L10,5 L0,9 z" }));
  // arrow-phase takes the colour of the edge it ends (context-stroke), in any phase
  return [arrow("arrow"), arrow("arrow-evaluated"), arrow("arrow-phase"), arrow("arrow-phase-start", true)];
}
