// The groups on the graph: a collapsed group is one box at its members' bounding box (the layout's
// coordinates), labelled with its name and showing what goes in and what comes out, with their numbers
// as the step reaches them; its members and the edges between them are hidden, and the edges into and
// out of it end under the box. An expanded group of two nodes or more gets a thin outline with a tag
// that collapses it. Click or Enter on a box expands it.
//
// It draws into the graph's group layer and marks what a box hides with data-hidden (graph.css hides
// those); graph-view.js keeps drawing every node as before.

import { s, replace } from "./dom.js";
import { num } from "./format.js";
import { OUTLINE_PAD, areaOf, boxOf, displayName, hiddenBy, isMerged, shownBoxes, subtreesOf, tagWidth } from "./groups.js";

const BOX_PAD = 10; // a collapsed box reaches this far past its members' boxes
const LINE = 21; // the height of one line of a box's in/out list, in drawing units

export function createGroupView(graph, { onToggle }) {
  const layer = graph.groupLayer;
  let trace = null;
  let hidden = [];
  let key = "";
  let boxes = []; // per drawn collapsed group: {id, g, lines: [{text, node, role}]}
  let hiddenEdges = new Set();

  // zoomed out, a box's name stays readable: it grows as the drawing shrinks (texts else hide below 0.42)
  let lastScale = null;
  graph.onView((view) => {
    if (view.scale === lastScale) return;
    lastScale = view.scale;
    layer.style.setProperty("--group-name-size", `${Math.max(22, 15 / view.scale).toFixed(1)}px`);
    spreadNames(view.scale);
  });

  /**
   * Zoomed out, each box's name moves from its top left to its box's centre, shortened to the group's own name
   * ("h1_4" for "h1_4 = neuron#4") when the whole is wider than the box, and a name that would cover
   * one placed before it moves down until it covers none.
   */
  function spreadNames(scale) {
    const far = graph.svg.classList.contains("is-far");
    const placed = [];
    const order = [...boxes].sort((a, b) => a.centre[1] - b.centre[1] || a.centre[0] - b.centre[0]);
    for (const box of order) {
      if (box.name.textContent !== box.fullName) box.name.textContent = box.fullName;
      box.name.setAttribute("x", far ? box.centre[0] : box.left);
      if (!far) {
        box.name.removeAttribute("transform");
        continue;
      }
      if (box.shortName !== box.fullName && box.name.getBBox().width > box.width - 24) box.name.textContent = box.shortName;
      const bbox = box.name.getBBox();
      const rect = { x0: bbox.x, x1: bbox.x + bbox.width, y0: bbox.y, y1: bbox.y + bbox.height };
      let dy = box.centre[1] - (rect.y0 + rect.y1) / 2;
      const gap = 4 / scale;
      for (let tries = 0; tries < 200; tries++) {
        const hit = placed.find((r) => r.x0 < rect.x1 + gap && rect.x0 < r.x1 + gap && r.y0 < rect.y1 + dy + gap && rect.y0 + dy < r.y1 + gap);
        if (!hit) break;
        dy = hit.y1 + gap - rect.y0;
      }
      placed.push({ x0: rect.x0, x1: rect.x1, y0: rect.y0 + dy, y1: rect.y1 + dy });
      box.name.setAttribute("transform", `translate(0,${dy.toFixed(1)})`);
    }
  }

  function setTrace(next) {
    trace = next;
    key = "";
  }

  /** Draw the groups for `collapsed` (ids) at the state `view`. */
  function render(view, collapsed) {
    if (!trace || !trace.groups) return;
    const nextKey = `${trace.expression}|${[...collapsed].sort((a, b) => a - b).join(",")}|${graph.nodeBoxes().length}`;
    if (nextKey !== key) {
      key = nextKey;
      hidden = hiddenBy(trace, collapsed);
      markHidden();
      draw(collapsed);
    }
    update(view);
  }

  function markHidden() {
    const nodes = graph.svg.querySelectorAll(".nodes > .node");
    nodes.forEach((g, id) => toggleHidden(g, hidden[id]));
    hiddenEdges = new Set();
    for (const path of graph.svg.querySelectorAll(".edges > path.edge")) {
      const [target, index] = path.dataset.edge.split(":").map(Number);
      const source = trace.nodes[target].operands[index];
      // an edge inside one box is hidden; one into or out of a box ends under it
      const inside = hidden[source] !== null && hidden[source] === hidden[target];
      toggleHidden(path, inside ? hidden[target] : null);
      if (hidden[source] !== null || hidden[target] !== null) hiddenEdges.add(path.dataset.edge);
    }
    for (const label of graph.svg.querySelectorAll(".edge-labels > [data-edge]")) {
      toggleHidden(label, hiddenEdges.has(label.dataset.edge) ? 0 : null);
    }
  }

  function draw(collapsed) {
    const nodeBoxes = graph.nodeBoxes();
    boxes = shownBoxes(hidden).map((id) => collapsedBox(trace.groups[id], boxOf(hidden, nodeBoxes, id)));
    const outlines = outlinesOf(collapsed, nodeBoxes);
    replace(layer, outlines, boxes.map((box) => box.g), s("g", { class: "group-names" }, boxes.map((box) => box.name)));
    if (lastScale !== null) spreadNames(lastScale);
  }

  function collapsedBox(group, area) {
    const x = area.x - BOX_PAD;
    const y = area.y - BOX_PAD;
    const width = area.width + 2 * BOX_PAD;
    const height = area.height + 2 * BOX_PAD;
    const members = hidden.filter((owner) => owner === group.id).length;
    const name = displayName(trace, group);
    const g = s("g", {
      class: "group-box", tabindex: 0, role: "button", "data-group": group.id, "data-testid": `group-${group.id}`,
      "aria-label": `${name}: a collapsed group of ${members} nodes. Press Enter to expand it.`,
    });
    g.append(s("rect", { class: "group-shape", x, y, width, height, rx: 16 }));
    // the name is drawn above every box (boxes of interleaved groups overlap), in the names' layer
    // the name and the count at the top left, over what goes in: a box wider than the screen (a long
    // chain) still shows them where the camera, following the box, brings its left side into view
    const title = s("text", { class: "group-name", x: x + 12, y: y + 26, "data-group": group.id, "data-testid": `group-name-${group.id}` }, name);
    if (height >= 56) g.append(s("text", { class: "group-count", x: x + 12, y: y + 44 }, `${members} nodes`));
    const lines = [];
    const more = [];
    // as many lines as the box has room for (the narration of a summary step lists them all)
    const room = Math.max(0, Math.floor((height - 66 - 8) / LINE) + 1);
    const lineAt = (i) => y + 66 + i * LINE;
    // what goes in, down the left side
    const inputs = group.inputs.length > room ? group.inputs.slice(0, Math.max(0, room - 1)) : group.inputs;
    inputs.forEach((node, i) => {
      lines.push({ text: s("text", { class: "group-in", x: x + 12, y: lineAt(i), "data-node": node }), node, role: "in" });
    });
    if (inputs.length < group.inputs.length && room > 0) {
      more.push(s("text", { class: "group-in group-more", x: x + 12, y: lineAt(inputs.length) }, `→ … ${group.inputs.length - inputs.length} more`));
    }
    // what comes out, down the right: each output's value, and under it its adjoint once reverse mode reaches it
    const both = 2 * group.outputs.length <= room;
    const outputs = group.outputs.slice(0, both ? group.outputs.length : room);
    outputs.forEach((node, i) => {
      const at = both ? 2 * i : i;
      lines.push({ text: s("text", { class: "group-out", x: x + width - 12, y: lineAt(at), "data-node": node }), node, role: "out" });
      if (both) {
        lines.push({ text: s("text", { class: "group-out group-out--adjoint", x: x + width - 12, y: lineAt(at + 1), "data-node": node }), node, role: "adjoint" });
      }
    });
    g.append(...lines.map((line) => line.text), ...more);
    const expand = (event) => {
      if (event.type === "click" && graph.panned) return;
      event.preventDefault();
      event.stopPropagation();
      onToggle(group.id, false);
    };
    g.addEventListener("click", expand);
    g.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") expand(event);
    });
    return { id: group.id, g, lines, cache: [], name: title, fullName: name, shortName: group.name, width, left: x + 12, centre: [x + width / 2, y + height / 2] };
  }

  /** The outlines of the expanded groups that are shown, each enclosing the outlines nested in it. */
  function outlinesOf(collapsed, nodeBoxes) {
    const closed = new Set(collapsed);
    const groups = trace.groups;
    const subtree = subtreesOf(trace);
    // a statement that is one call is drawn once, by the statement, named "h1 = neuron#1"
    const drawn = groups.filter((group) => !closed.has(group.id) && subtree[group.id].length > 1
      && subtree[group.id].every((id) => hidden[id] === null) && !isMerged(trace, group));
    const drawnIds = new Set(drawn.map((group) => group.id));
    const depth = new Map(); // how many drawn outlines nest inside, so an enclosing outline stands clear
    for (const group of [...drawn].reverse()) {
      let up = group.parent;
      while (up !== null && !drawnIds.has(up)) up = groups[up].parent;
      if (up !== null) depth.set(up, Math.max(depth.get(up) ?? 0, (depth.get(group.id) ?? 0) + 1));
    }
    return drawn.map((group) => {
      const pad = OUTLINE_PAD + 14 * (depth.get(group.id) ?? 0);
      const area = areaOf(subtree[group.id], nodeBoxes);
      const x = area.x - pad;
      const y = area.y - pad;
      const name = displayName(trace, group);
      const tag = s("g", {
        class: "group-tag", tabindex: 0, role: "button", "data-testid": `collapse-${group.id}`,
        "aria-label": `Collapse ${name}`, transform: `translate(${x},${y})`,
      }, s("rect", { x: 0, y: -13, height: 24, width: tagWidth(name), rx: 6 }),
      s("text", { x: 8, y: 4 }, `⊟ ${name}`));
      const collapse = (event) => {
        if (event.type === "click" && graph.panned) return;
        event.preventDefault();
        event.stopPropagation();
        onToggle(group.id, true);
      };
      tag.addEventListener("click", collapse);
      tag.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") collapse(event);
      });
      return s("g", { class: "group-outline", "data-group": group.id },
        s("rect", { class: "group-frame", x, y, width: area.width + 2 * pad, height: area.height + 2 * pad, rx: 18 }), tag);
    });
  }

  /** The numbers in the boxes as the step reaches them, and the box the active step is in. */
  function update(view) {
    const active = [view.activeNode, view.receivingNode].filter((id) => id !== null && id !== undefined).map((id) => hidden[id]);
    for (const box of boxes) {
      box.g.classList.toggle("is-active", active.includes(box.id));
      box.lines.forEach((line, i) => {
        const node = trace.nodes[line.node];
        const value = view.values[line.node];
        const adjoint = view.adjoints[line.node];
        let text = `${node.notation.value.text}${value === null ? "" : ` = ${num(value)}`}`;
        if (line.role === "in") text = `→ ${text}`;
        if (line.role === "out") text = `${text} →`;
        if (line.role === "adjoint") text = adjoint === null || !node.notation.adjoint ? "" : `${node.notation.adjoint.text} = ${num(adjoint)}`;
        if (box.cache[i] !== text) {
          line.text.textContent = text;
          box.cache[i] = text;
        }
      });
    }
    // the active step's labels and contributions on an edge that enters, leaves or lies in a box
    for (const element of graph.svg.querySelectorAll(".active-labels > [data-edge]")) {
      toggleHidden(element, hiddenEdges.has(element.dataset.edge) ? 0 : null);
    }
    const overlay = graph.svg.parentElement?.querySelector(".graph-overlay");
    for (const element of overlay ? overlay.querySelectorAll(".flow[data-edge]") : []) {
      toggleHidden(element, hiddenEdges.has(element.dataset.edge) ? 0 : null);
    }
  }

  return { setTrace, render, get hidden() { return hidden; } };
}

function toggleHidden(element, group) {
  if (group === null || group === undefined) {
    if (element.hasAttribute("data-hidden")) element.removeAttribute("data-hidden");
  } else if (element.getAttribute("data-hidden") !== String(group)) {
    element.setAttribute("data-hidden", String(group));
  }
}
