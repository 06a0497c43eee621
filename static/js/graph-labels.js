// The graph's texts on shapes: the badges beside a node (tangent, adjoint), the labels on its edges
// (cached partials, the active step's partial and contribution), sized to their text as the browser
// will draw it (measured on a canvas: no layout of the page), and the texts each may show.

import { s, replace } from "./dom.js";
import { num } from "./format.js";

export const BADGE_HEIGHT = 26;
export const LABEL_HEIGHT = 24;
export const FLOW_HEIGHT = 22;

// Each kind of text's font, as graph.css draws it (the family is the page's, read once).
const FONTS = { badge: "650 15.5px", label: "400 14.5px", active: "650 15.5px", flow: "700 16px", caption: "700 12px", chip: "600 13px" };
const PADDING = { badge: 20, label: 12, active: 14, flow: 6, caption: 2, chip: 10 };

let context = null;
let family = "sans-serif";
const widths = new Map();

let fontRead = false;

/** Read the page's UI font once (the graph's texts use it). Call it before the drawing is built: reading a
 * style forces the page's styles to be brought up to date, a 2,000-node drawing's too. */
export function useFontOf(element) {
  if (fontRead) return;
  family = getComputedStyle(element).fontFamily || family;
  fontRead = true;
  widths.clear();
}

/** The width of `text` drawn as a `kind` of label, padding included. */
export function labelWidth(text, kind) {
  const key = `${kind}|${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    context ??= document.createElement("canvas").getContext("2d");
    context.font = `${FONTS[kind]} ${family}`;
    // small capitals spaced 0.06em (captions) come out wider than measured
    const spacing = kind === "caption" ? text.length * 0.9 : 0;
    const drawn = kind === "caption" ? text.toUpperCase() : text; // captions are drawn in capitals
    width = Math.ceil(context.measureText(drawn).width + spacing) + PADDING[kind];
    if (widths.size > 20000) widths.clear();
    widths.set(key, width);
  }
  return width;
}

/** Every badge text a node may show (its tangent; each adjoint it accumulates), widest first. */
export function badgeTexts(trace) {
  const texts = trace.nodes.map(() => []);
  for (const node of trace.nodes) {
    if (node.op === "const") continue;
    if (node.tangent !== null && node.notation.tangent) texts[node.id].push(`${node.notation.tangent.text} = ${num(node.tangent)}`);
  }
  for (const step of trace.steps) {
    if (step.kind === "cotangent") {
      for (const seed of step.seeds) texts[seed.node].push(adjointText(trace.nodes[seed.node], seed.adjoint));
      for (const node of trace.nodes) if (node.adjoint !== null && node.op !== "const") texts[node.id].push(adjointText(node, 0));
    } else if (step.kind === "adjoint") {
      const operand = trace.nodes[trace.nodes[step.node].operands[step.operand_index]];
      texts[operand.id].push(adjointText(operand, step.after));
    }
  }
  return texts;
}

const adjointText = (node, value) => `${node.notation.adjoint.text} = ${num(value)}`;

export function addBadge(part, className) {
  const rect = s("rect", { height: BADGE_HEIGHT, y: -BADGE_HEIGHT / 2, rx: 13 });
  const text = s("text", { y: 5.5 });
  const [x, y] = part.badgeAt;
  const g = s("g", { class: className, transform: `translate(${x},${y})` }, rect, text);
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
  const width = labelWidth(name + rest, "badge");
  part.rect.setAttribute("x", -width / 2);
  part.rect.setAttribute("width", width);
  part.g.classList.add("is-shown");
}

export function edgeLabel(x, y, className, key) {
  const rect = s("rect", { height: LABEL_HEIGHT, y: -LABEL_HEIGHT / 2, rx: 6 });
  const text = s("text", { y: 5 });
  const g = s("g", { class: className, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`, "data-edge": key }, rect, text);
  return { g, rect, text };
}

export function setEdgeLabel(label, text, kind = "label") {
  if (text === null) {
    label.g.classList.remove("is-shown");
    return;
  }
  label.text.textContent = text;
  const width = labelWidth(text, kind);
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
