// The narration of a summary step: a run of steps inside a collapsed group taken as one ("evaluation
// runs through neuron#2: 5 steps over 5 nodes"), with what leaves the group at that point and a button
// that opens the group to show the run step by step. The words of the summary are groups.js's; every
// name is the engine's notation.

import { h, replace } from "./dom.js";
import { num } from "./format.js";
import { paintPhase, phaseLabel } from "./meta.js";
import { sym } from "./notation.js";

/** Render the summary of `view.k` (from groups.summaryAt) into the narration. */
export function renderSummary(container, trace, view, summary, { onOpen }) {
  const chip = h("span", { class: "phase-chip", "data-testid": "phase", "data-phase": summary.phase }, phaseLabel(summary.phase));
  paintPhase(chip, summary.phase);
  const group = trace.groups[summary.group];
  // the numbers at the group's edge as of this step: what went in, and what comes out
  const shown = (id) => {
    const node = trace.nodes[id];
    const value = view.values[id];
    const adjoint = view.adjoints[id];
    return h("span", { class: "summary-value" }, sym(node), value === null ? "" : ` = ${num(value)}`,
      adjoint !== null && node.notation.adjoint ? [", ", sym(node, "adjoint"), ` = ${num(adjoint)}`] : "");
  };
  const open = h("button", { type: "button", class: "button summary-open", "data-testid": "open-summary",
    "aria-label": `Open ${summary.name}: its ${summary.steps} steps one by one` }, "Open it, step by step");
  open.addEventListener("click", () => onOpen(summary));
  const head = h("div", { class: "narration-head" }, chip,
    h("span", { class: "narration-step", "data-testid": "step-count" }, `step ${view.k} of ${view.total}`), open);
  replace(container, head,
    h("p", { class: "equation summary-words", "data-testid": "equation" }, summary.words),
    h("p", { class: "summary-io", "data-testid": "summary-io" },
      h("span", { class: "summary-tag" }, "in"), group.inputs.map(shown),
      h("span", { class: "summary-tag" }, "out"), group.outputs.map(shown)),
    h("p", { class: "narration-explain", "data-testid": "explanation" },
      `${summary.name} is collapsed, so its ${summary.steps} steps are taken as one.`));
}
