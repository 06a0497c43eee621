// Mathematical notation as HTML elements: accented names (x̄, ẋ), stacked partials (∂y/∂x), numbers.

import { h } from "./dom.js";
import { accented, nodeName, num, operand } from "./format.js";

/** A node's name, optionally with an accent: "bar" (adjoint) or "dot" (tangent). */
export function sym(node, accent = null) {
  if (!accent) return h("var", { class: "sym" }, nodeName(node));
  const { text, overline } = accented(nodeName(node), accent);
  return h("var", { class: `sym sym--${accent}${overline ? " overline" : ""}` }, text);
}

/** ∂top/∂bottom, stacked as a fraction. */
export function partial(top, bottom) {
  return h("span", { class: "frac", role: "math", "aria-label": `partial ${nodeName(top)} over partial ${nodeName(bottom)}` },
    h("span", { class: "frac-top" }, "∂", sym(top)),
    h("span", { class: "frac-bottom" }, "∂", sym(bottom)));
}

/** A number in an equation; `inner` wraps a negative number in parentheses. */
export function n(x, { inner = false, digits = 4 } = {}) {
  return h("span", { class: "n" }, inner ? operand(x, digits) : num(x, digits));
}

export const op = (text) => h("span", { class: "op" }, ` ${text} `);
export const text = (words) => h("span", { class: "words" }, words);
