// Mathematical notation as HTML elements, from the engine's notation of each node (text and LaTeX).

import { h } from "./dom.js";
import { num, operand } from "./format.js";
import { tex } from "./tex.js";

/** A node's value, tangent ("tangent") or adjoint ("adjoint"), typeset. */
export function sym(node, quantity = "value") {
  const notation = node.notation[quantity] ?? node.notation.value;
  // focusable, so a keyboard reaches the link to its node (links.js)
  return h("var", { class: `sym sym--${quantity}`, "data-node": node.id, tabindex: 0 }, tex(notation.latex, notation.text));
}

/** ∂top/∂bottom, typeset as a fraction. */
export function partial(top, bottom) {
  const latex = `\\frac{\\partial ${top.notation.value.latex}}{\\partial ${bottom.notation.value.latex}}`;
  return h("span", { class: "partial", "data-node": top.id, "data-operand": bottom.id, tabindex: 0 },
    tex(latex, `∂${top.notation.value.text}/∂${bottom.notation.value.text}`));
}

/** A number in an equation; `inner` wraps a negative number in parentheses. */
export function n(x, { inner = false, digits = 4 } = {}) {
  return h("span", { class: "n" }, inner ? operand(x, digits) : num(x, digits));
}

export const op = (text) => h("span", { class: "op" }, ` ${text} `);
export const text = (words) => h("span", { class: "words" }, words);
