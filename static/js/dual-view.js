// The lecture's dual-number tab: forward mode as 2x2 matrices (POST /api/dual). A dual number a + ȧε is the
// matrix [[a, ȧ], [0, a]], so each node's operation done on its operands' matrices gives its own matrix:
// the product rule, the sum rule, the chain rule. One node at a time, stepped through; beside it, the window
// of the Wengert list the answer holds (a long program is never drawn whole). Every matrix, formula and
// sentence is the API's; the page lays them out and asks for another window when the step leaves this one.

import { h } from "./dom.js";
import { dualStep } from "./lecture-model.js";
import { tex } from "./tex.js";

const KINDS = { seed: "input (seed)", constant: "constant", operation: "operation" };

function formula(written, testid, extra = "") {
  return h("div", { class: `dual-formula${extra}`, "data-testid": testid, tabindex: "0" }, tex(written.latex, written.text));
}

function checkLine(check) {
  if (!check) return null;
  return h("p", { class: `dual-check${check.agrees ? " is-agreed" : " is-refuted"}`, "data-testid": "dual-check",
    "data-agrees": String(check.agrees) },
  h("span", {}, `Done as a plain 2×2 matrix ${check.operation}: `), tex(check.written.latex, check.written.text),
  h("strong", {}, check.agrees ? " — equal to forward mode's dual number ✓" : " — differs from forward mode's dual number ✗"));
}

function nodeCard(record) {
  return h("section", { class: "dual-node", "data-testid": "dual-node", "data-node": record.node, "aria-live": "polite" },
    h("h3", {}, tex(record.line.latex, record.line.text), h("span", { class: "dual-kind" }, ` · ${KINDS[record.kind] ?? record.kind}`),
      record.rule ? h("span", { class: "dual-rule", "data-testid": "dual-rule" }, record.rule) : null),
    formula(record.equation, "dual-equation", " is-numbers"),
    formula(record.identity, "dual-identity"),
    h("p", { class: "dual-sentence", "data-testid": "dual-sentence" }, record.sentence),
    checkLine(record.check));
}

/**
 * Render a /api/dual response into `container`. `ask(node)` resolves to the answer whose window holds `node`
 * (another POST /api/dual).
 */
export function renderDual(container, first, ask) {
  let dual = first;
  let node = first.focus;

  function draw() {
    const record = dual.records.find((entry) => entry.node === node) ?? dual.records[0];
    node = record.node;
    const list = h("ol", { class: "dual-window", "data-testid": "dual-window", "aria-label": "The Wengert list around this node" },
      dual.records.map((entry) => h("li", {},
        h("button", { type: "button", class: "dual-line", "data-node": entry.node, "aria-current": entry.node === node ? "step" : null,
          onclick: () => go(entry.node - node) }, tex(entry.line.latex, entry.line.text)))));
    const position = h("span", { class: "dual-position", "data-testid": "dual-position" },
      // counted from 1, as a person counts lines (the node's own name, v₀ or x, is on its card)
      `line ${node + 1} of ${dual.nodes}`, dual.records.length < dual.nodes
        ? h("span", { class: "dual-shown", "data-testid": "dual-listed" }, ` (lines ${dual.first + 1}–${dual.first + dual.records.length} listed)`) : null);
    const stepper = h("div", { class: "dual-stepper", role: "group", "aria-label": "Step through the nodes" },
      h("button", { type: "button", class: "button", "data-testid": "dual-previous", disabled: node === 0, onclick: () => go(-1) }, "◀ Previous node"),
      position,
      h("button", { type: "button", class: "button", "data-testid": "dual-next", disabled: node === dual.nodes - 1, onclick: () => go(1) }, "Next node ▶"));
    container.replaceChildren(h("div", { class: "dual-body" },
      h("p", { class: "lecture-lead", "data-testid": "dual-summary" }, dual.summary),
      stepper,
      h("div", { class: "dual-columns" }, nodeCard(record), list)));
  }

  async function go(step) {
    const next = dualStep(dual, node, step);
    if (!next.held) {
      container.dataset.state = "loading";
      try {
        dual = await ask(next.node);
      } catch (error) {
        container.replaceChildren(h("p", { class: "lecture-error", "data-testid": "lecture-error", role: "alert" }, error.message));
        container.dataset.state = "error";
        return;
      }
      container.dataset.state = "ready";
    }
    node = next.node;
    const focused = document.activeElement?.dataset?.testid;
    draw();
    if (focused) container.querySelector(`[data-testid=${focused}]`)?.focus();
  }

  draw();
}
