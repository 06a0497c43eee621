// Linked highlighting, as Distill's articles do between an equation and its figure: pointing at (or
// focusing) a symbol of the narration lights its node or edge in the graph and its rows in the tables,
// and pointing at a node or a row lights the symbols and rows that name it.
//
// Every view marks what it shows with data-node (a node; a partial ∂top/∂bottom: data-node=top and
// data-operand=bottom, its edge); this module only reads those marks.

import { qsa } from "./dom.js";
import { edgeKey } from "./steps.js";

const LINKED = "is-linked";

/** What an element names: {node} or {node, operand} (a partial: the edge from operand into node). */
function targetOf(element) {
  const marked = element.closest("[data-node], [data-edge]");
  if (!marked) return null;
  if (marked.dataset.edge) {
    const [target, index] = marked.dataset.edge.split(":").map(Number);
    return { edge: { target, index } };
  }
  const node = Number(marked.dataset.node);
  if (marked.dataset.operand !== undefined) return { node, operand: Number(marked.dataset.operand) };
  return { node };
}

/** `roots`: the elements whose marks link (the graph, the narration, the tables); `trace()`: the current trace. */
export function bindLinks(roots, trace) {
  let lit = [];

  function clear() {
    for (const element of lit) element.classList.remove(LINKED);
    lit = [];
  }

  function light(target) {
    clear();
    const current = trace();
    if (!current || !target) return;
    const selectors = [];
    if (target.edge) {
      const { target: node, index } = target.edge;
      const operand = current.nodes[node]?.operands[index];
      if (operand === undefined) return;
      selectors.push(`path.edge[data-edge="${edgeKey(node, index)}"]`, `.partial[data-node="${node}"][data-operand="${operand}"]`);
    } else if (target.operand !== undefined) {
      // a partial: its edges (both of x*x's), and the symbols of the partial wherever they appear
      current.nodes[target.node]?.operands.forEach((operand, index) => {
        if (operand === target.operand) selectors.push(`path.edge[data-edge="${edgeKey(target.node, index)}"]`);
      });
      selectors.push(`.partial[data-node="${target.node}"][data-operand="${target.operand}"]`);
    } else {
      selectors.push(`.node[data-node="${target.node}"]`, `.sym[data-node="${target.node}"]`, `tr[data-node="${target.node}"]`);
    }
    for (const root of roots) {
      for (const element of qsa(selectors.join(","), root)) {
        element.classList.add(LINKED);
        lit.push(element);
      }
    }
  }

  for (const root of roots) {
    root.addEventListener("pointerover", (event) => light(targetOf(event.target)));
    root.addEventListener("pointerleave", clear);
    root.addEventListener("focusin", (event) => light(targetOf(event.target)));
    root.addEventListener("focusout", clear);
  }
  return { clear, light };
}
