// The engine's LaTeX, typeset by KaTeX (static/vendor/katex, loaded by the page), and the templates of its
// formulas filled with the nodes' notation. Nothing here derives notation: every name is the engine's.

const cache = new Map(); // latex -> a typeset element to clone: a step's narration re-uses most of them

/**
 * The LaTeX typeset as an inline element, with the same formula as plain text (the engine's text form)
 * for screen readers (role=math, aria-label), copying and tests (data-text). Plain text without KaTeX.
 */
export function tex(latex, text) {
  let made = cache.get(latex);
  if (!made) {
    made = document.createElement("span");
    if (globalThis.katex) {
      globalThis.katex.render(latex, made, { throwOnError: false, output: "html" });
    } else {
      made.textContent = text;
    }
    if (cache.size > 2000) cache.clear();
    cache.set(latex, made);
  }
  const copy = made.cloneNode(true);
  copy.className = "tex";
  copy.setAttribute("role", "math");
  copy.setAttribute("aria-label", text);
  copy.dataset.text = text;
  return copy;
}

/** Fill a formula template's $a, $b (operands) and $out (the node) with the given texts. */
export function fill(template, slots) {
  return template.replace(/\$(a|b|out)(?![A-Za-z0-9_])/g, (_, slot) => slots[slot] ?? `$${slot}`);
}

/** The slots of `node`'s templates in one notation form ("latex" or "text"). */
export function slotsOf(trace, node, form) {
  const slots = { out: node.notation.value[form] };
  node.operands.forEach((id, index) => {
    slots["ab"[index]] = trace.nodes[id].notation.value[form];
  });
  return slots;
}

/** A node's Wengert definition ("v₁ / v₃", "exp(x)") in one form; an input or constant is its own value. */
export function definitionOf(trace, node, form) {
  const primitive = trace.primitives[node.op];
  if (!primitive) return node.notation.value[form];
  return fill(primitive.definition[form], slotsOf(trace, node, form));
}

/** The formula of node's local partial with respect to operand `index`, in one form. */
export function partialFormulaOf(trace, node, index, form) {
  const primitive = trace.primitives[node.op];
  return primitive ? fill(primitive.partials[index][form], slotsOf(trace, node, form)) : "";
}
