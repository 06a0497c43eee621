// The graph's texts on shapes: the badges under a node (value, tangent, adjoint) and the labels on
// its edges (cached partials), sized to their text; and where the active edge's label goes.

import { s, replace } from "./dom.js";
import { midpoint } from "./geometry.js";

export function addBadge(part, className) {
  const rect = s("rect", { height: 26, y: -13, rx: 13 });
  const text = s("text", { y: 5.5 });
  const g = s("g", { class: className, transform: `translate(0,${part.badgeY})` }, rect, text);
  part.g.append(g);
  return { g, rect, text };
}

/** Fill a badge with [the engine's notation, " = 1.847"], or hide it (null). */
export function setBadge(part, content) {
  if (content === null) {
    part.g.classList.remove("is-shown");
    return;
  }
  const [name, rest] = content;
  replace(part.text, s("tspan", {}, name), rest);
  const width = Math.max(50, (name.replace(/[\u0300-\u036f]/g, "").length + rest.length) * 9.4 + 20);
  part.rect.setAttribute("x", -width / 2);
  part.rect.setAttribute("width", width);
  part.g.classList.add("is-shown");
}

const LABEL_HEIGHT = 24;
export const labelWidth = (text) => text.length * 8.4 + 12;

export function edgeLabel(x, y, className) {
  const rect = s("rect", { height: LABEL_HEIGHT, y: -LABEL_HEIGHT / 2, rx: 6 });
  const text = s("text", { y: 5 });
  const g = s("g", { class: className, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})` }, rect, text);
  return { g, rect, text };
}

export function setEdgeLabel(label, text) {
  if (text === null) {
    label.g.classList.remove("is-shown");
    return;
  }
  label.text.textContent = text;
  const width = labelWidth(text);
  label.rect.setAttribute("x", -width / 2);
  label.rect.setAttribute("width", width);
  label.g.classList.add("is-shown");
}

/** Pulse the badge (Web Animations: no timer, no forced layout), so each new contribution is seen. */
export function pulse(g) {
  for (const child of g.children) {
    child.animate?.([{ transform: "scale(1.3)" }, { transform: "scale(1)" }], { duration: 550, easing: "ease-out" });
  }
}

/** The edge's midpoint; or, where a label that wide would cover a node at either end (`ends`: the
 * two boxes, {x, y, halfWidth, halfHeight}; a short edge), just above both ends, so the numbers in
 * the nodes stay readable. */
export function activeLabelPlace(points, ends, width) {
  const [x, y] = midpoint(points);
  const covers = ends.some((box) => Math.abs(x - box.x) < width / 2 + box.halfWidth
    && Math.abs(y - box.y) < LABEL_HEIGHT / 2 + box.halfHeight);
  if (!covers) return [x, y];
  return [x, Math.min(...ends.map((box) => box.y - box.halfHeight)) - LABEL_HEIGHT / 2 - 6];
}
