// The minimap: the whole graph small (its nodes as dots, the collapsed groups as boxes, the active
// step's nodes lit) and a frame where the view is. A click or a drag on it moves the view there.
// It draws the layout's coordinates; it computes nothing about the graph.

import { s, replace } from "./dom.js";

const WIDTH = 168; // px
const HEIGHT = 104;

export function createMinimap(host, graph) {
  const content = s("g", { class: "minimap-content" });
  const frame = s("rect", { class: "minimap-frame", "data-testid": "minimap-frame" });
  const svg = s("svg", {
    class: "minimap", width: WIDTH, height: HEIGHT, role: "img", "aria-label": "Minimap: the whole graph and where the view is",
    "data-testid": "minimap",
  }, content, frame);
  replace(host, svg);
  let fit = null; // drawing units -> minimap px: {scale, x, y}
  let dots = [];

  function setTrace(trace) {
    const bounds = graph.bounds;
    if (!trace || !bounds) return;
    const scale = Math.min(WIDTH / bounds.width, HEIGHT / bounds.height);
    fit = { scale, x: (WIDTH - bounds.width * scale) / 2 - bounds.x * scale, y: (HEIGHT - bounds.height * scale) / 2 - bounds.y * scale };
    content.setAttribute("transform", `translate(${fit.x.toFixed(2)},${fit.y.toFixed(2)}) scale(${fit.scale.toFixed(5)})`);
    const boxes = graph.nodeBoxes();
    const drawn = boxes.filter(Boolean); // a folded constant has no box of its own
    const r = Math.max(2.2 / scale, Math.min(...drawn.map((box) => box.halfHeight)) * 0.8);
    dots = boxes.map((box, id) => box && s("circle", { class: "minimap-node", cx: box.x, cy: box.y, r, "data-node": id }));
    replace(content, s("g", { class: "minimap-groups" }), dots);
    host.hidden = false;
    showView(graph.view());
  }

  /** The collapsed groups' boxes, the hidden nodes left out, the active nodes lit. */
  function render(view, hidden, groupBoxes) {
    if (!fit) return;
    dots.forEach((dot, id) => {
      if (!dot) return;
      const state = hidden[id] !== null && hidden[id] !== undefined ? "is-hidden"
        : id === view.activeNode || id === view.receivingNode ? "is-active" : view.values[id] !== null ? "is-reached" : "";
      if (dot.dataset.state !== state) {
        dot.setAttribute("class", `minimap-node ${state}`);
        dot.dataset.state = state;
      }
    });
    const layer = content.firstChild;
    const key = groupBoxes.map((box) => `${box.x},${box.y}`).join("|");
    if (layer.dataset.key !== key) {
      layer.dataset.key = key;
      replace(layer, groupBoxes.map((box) => s("rect", { class: "minimap-group", x: box.x, y: box.y, width: box.width, height: box.height })));
    }
  }

  function showView(view) {
    if (!fit) return;
    // only a graph that does not fit on the screen needs a map
    const bounds = view.bounds;
    host.classList.toggle("is-needed", view.width < bounds.width * 0.97 || view.height < bounds.height * 0.97);
    const x = fit.x + view.x * fit.scale;
    const y = fit.y + view.y * fit.scale;
    frame.setAttribute("x", x.toFixed(1));
    frame.setAttribute("y", y.toFixed(1));
    frame.setAttribute("width", Math.max(4, view.width * fit.scale).toFixed(1));
    frame.setAttribute("height", Math.max(4, view.height * fit.scale).toFixed(1));
  }
  graph.onView(showView);

  // a click or a drag centres the view on the drawing point under the pointer
  const moveTo = (event) => {
    if (!fit) return;
    const rect = svg.getBoundingClientRect();
    graph.centre((event.clientX - rect.left - fit.x) / fit.scale, (event.clientY - rect.top - fit.y) / fit.scale);
  };
  let dragging = false;
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    dragging = true;
    svg.setPointerCapture(event.pointerId);
    moveTo(event);
  });
  svg.addEventListener("pointermove", (event) => {
    if (dragging) moveTo(event);
  });
  const stop = (event) => {
    if (!dragging) return;
    dragging = false;
    svg.releasePointerCapture(event.pointerId);
  };
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointercancel", stop);

  return { setTrace, render };
}
