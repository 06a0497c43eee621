// The active step's labels in the graph view (graph-view.js): the full partial of each edge the step
// crosses, and the contribution travelling along it, placed over the resting labels (placement.js).

import { s, replace } from "./dom.js";
import { num } from "./format.js";
import { FLOW_HEIGHT, LABEL_HEIGHT, edgeLabel, labelWidth, setEdgeLabel } from "./graph-labels.js";
import { againstEdges, paintPhase } from "./meta.js";
import { pointAndNormal } from "./placement.js";
import { edgeKey } from "./steps.js";

/** The active labels, drawn into `layers.active` and `layers.flows`; `reducedMotion()` stills them. */
export function createActiveLabels(layers, reducedMotion) {
  let yielded = []; // the resting labels the active step's labels cover

  /** The active edges' full partial labels and the contributions travelling along them, placed over
   * the resting labels (a resting label they cover is hidden for the step). */
  function render(trace, view, parts, travelMs, animate) {
    const { edgeByKey, scene, labelOfItem } = parts;
    replace(layers.active);
    replace(layers.flows);
    for (const label of yielded) label.g.classList.remove("is-yielded");
    const wanted = [];
    for (const edge of view.activeEdges) {
      const part = edgeByKey.get(edgeKey(edge.target, edge.operandIndex));
      if (!part) continue;
      const target = trace.nodes[part.target];
      const source = trace.nodes[part.source];
      const partial = target.partials[part.operand];
      if (source.active && partial !== null && partial !== undefined) {
        // the partial with its name; where that does not fit by its edge, its number
        const texts = [`∂${target.notation.value.text}/∂${source.notation.value.text} = ${num(partial)}`, num(partial)];
        wanted.push({ kind: "active", part, edge, texts });
      }
      const amount = edge.phase === trace.passes[0] ? num(edge.amount) : `+${num(edge.amount)}`.replace("+−", "−");
      wanted.push({ kind: "flow", part, edge, texts: [amount] });
    }
    const { places, hidden } = scene.placeTransient(wanted.map((label) => ({
      edge: label.part.index,
      widths: label.texts.map((text) => labelWidth(text, label.kind)),
      height: label.kind === "flow" ? FLOW_HEIGHT : LABEL_HEIGHT,
      onLine: label.kind !== "flow",
      preferred: label.kind === "flow" ? (againstEdges(label.edge.phase) ? 0.3 : 0.7) : 0.5,
    })));
    yielded = [...hidden].map((item) => labelOfItem.get(item)).filter(Boolean);
    for (const label of yielded) label.g.classList.add("is-yielded");
    wanted.forEach((label, i) => {
      const place = places[i];
      if (label.kind === "active") {
        if (!place) return; // nowhere by its own edge: the narration says it
        const g = edgeLabel(place.x, place.y, "edge-label edge-label--active", label.part.key);
        paintPhase(g.g, label.edge.phase);
        setEdgeLabel(g, label.texts[place.form], "active");
        layers.active.append(g.g);
      } else {
        layers.flows.append(flow(label.part, label.edge, label.texts[0], place, travelMs, animate));
      }
    });
  }

  /** The contribution: a dot that travels along the edge, and its number resting by the edge. */
  function flow(part, edge, amount, place, travelMs, animate) {
    const reverse = againstEdges(edge.phase);
    const dot = s("circle", { r: 7 });
    const g = s("g", { class: "flow", "data-phase": edge.phase, "data-edge": part.key }, dot);
    if (place) g.append(s("text", { class: "flow-amount", x: place.x.toFixed(1), y: (place.y + 5.5).toFixed(1), "data-edge": part.key }, amount));
    paintPhase(g, edge.phase);
    const rest = pointAndNormal(part.poly, place ? place.t : reverse ? 0.3 : 0.7);
    if (!animate || reducedMotion()) {
      dot.setAttribute("cx", rest.x.toFixed(1));
      dot.setAttribute("cy", rest.y.toFixed(1));
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
    dot.append(motion, fade);
    queueMicrotask(() => {
      motion.beginElement?.();
      fade.beginElement?.();
    });
    return g;
  }

  /** A new drawing: nothing is active, no resting label is covered. */
  function clear() {
    replace(layers.active);
    replace(layers.flows);
    yielded = [];
  }

  return { render, clear };
}
