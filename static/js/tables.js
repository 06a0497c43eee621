// The Wengert list (one row per node: definition, primal value and tangent, cached local partials) and
// the adjoint table (one row per reverse-mode update), their active rows in step with the graph.
//
// Rows are made when first shown and only a window of them (around the active row) is in the page, so a
// 500-node trace with a thousand adjoint updates costs no more per step than a small one.

import { h, replace, scrollIntoBox } from "./dom.js";
import { num, operand as inner } from "./format.js";
import { operandOf } from "./steps.js";
import { definitionOf } from "./tex.js";

const text = (node, quantity = "value") => (node.notation[quantity] ?? node.notation.value).text;

const WINDOW = 60; // rows in the page at once (a table lays out all its rows again when one changes)
const MARGIN = 12; // re-centre the window when the active row comes this close to its edge

/** A window of lazily made rows in one <tbody>, with "… n more" rows at either end. */
function createWindow(tbody, count, makeRow) {
  const made = new Map();
  let start = -1;
  let end = -1;
  const rowAt = (index) => {
    if (!made.has(index)) made.set(index, makeRow(index));
    return made.get(index);
  };
  const more = (n, where) => h("tr", { class: "more-rows" }, h("td", { colspan: 6 }, `… ${n} ${where} rows`));
  return {
    /** Make sure `center` is well inside the window; returns the entries in the page. */
    show(center) {
      center = Math.max(0, Math.min(center, count - 1));
      const inside = start >= 0 && (center >= start + MARGIN || start === 0) && (center < end - MARGIN || end === count);
      if (!inside) {
        start = Math.max(0, Math.min(center - WINDOW / 2, count - WINDOW));
        end = Math.min(count, start + WINDOW);
        const rows = [];
        for (let i = start; i < end; i++) rows.push(rowAt(i).row);
        replace(tbody, start > 0 ? more(start, "earlier") : null, rows, end < count ? more(count - end, "later") : null);
      }
      const shown = [];
      for (let i = start; i < end; i++) shown.push(rowAt(i));
      return shown;
    },
    entry: (index) => (index >= start && index < end ? rowAt(index) : null),
  };
}

export function createTables(wengertBox, adjointBox, { onSelect }) {
  let trace = null;
  let wengert = null; // window over nodes
  let adjoints = null; // window over reverse-mode steps (the seed step first)
  let reverseStart = 0; // index in `steps` of the seed step
  let lastActive = { wengert: null, adjoint: null };

  function setTrace(next) {
    trace = next;
    buildWengert();
    buildAdjoints(next.steps);
    lastActive = { wengert: null, adjoint: null };
  }

  // ---- Wengert list -------------------------------------------------------------------------------

  function buildWengert() {
    const outputs = new Map(trace.outputs.map((id, index) => [id, index]));
    const hasTangent = Boolean(trace.forward_mode);
    const tbody = h("tbody");
    wengert = createWindow(tbody, trace.nodes.length, (index) => {
      const node = trace.nodes[index];
      const value = h("span", { class: "value-line" });
      const tangent = hasTangent ? h("span", { class: "tangent-line" }) : null;
      const partials = h("td", { class: "partials" });
      const named = node.name && node.op !== "input" ? h("span", { class: "row-name" }, text(node)) : null;
      const output = outputs.has(node.id)
        ? h("span", { class: "row-tag" }, trace.outputs.length > 1 ? `output ${outputs.get(node.id)}` : "output")
        : null;
      const row = h("tr", { "data-node": node.id, "data-testid": `wengert-row-${node.id}` },
        h("th", { scope: "row", class: "var" }, node.notation.var.text, named),
        h("td", { class: "definition" }, node.op === "input" ? `${text(node)} (input)` : definitionOf(trace, node, "text"), output),
        h("td", { class: "num" }, value, tangent),
        partials);
      row.addEventListener("click", () => onSelect(node.id));
      return { row, value, tangent, partials, node, cache: {} };
    });
    const head = h("tr", {},
      h("th", { scope: "col" }, "node"),
      h("th", { scope: "col" }, "definition"),
      h("th", { scope: "col", class: "num" }, hasTangent ? "value, tangent" : "value"),
      h("th", { scope: "col" }, "cached partials"));
    replace(wengertBox, h("table", { class: "table wengert" }, h("thead", {}, head), tbody));
  }

  function partialText(node) {
    const parts = [];
    node.operands.forEach((id, index) => {
      const operand = trace.nodes[id];
      const value = node.partials[index];
      if (!operand.active || value === null || value === undefined) return;
      parts.push(`∂/∂${text(operand)} = ${num(value)}`);
    });
    return parts.join("\n");
  }

  // ---- adjoint table ------------------------------------------------------------------------------

  function buildAdjoints(steps) {
    adjoints = null;
    // a reverse sweep is a run of steps that starts from seeds and updates adjoints along edges (reverse
    // mode, and the HVP's reverse sweep over dual numbers): read by their fields, as the fold does
    const isUpdate = (step) => step.operand_index !== undefined && step.after !== undefined;
    if (!steps.some((step) => step.seeds)) {
      replace(adjointBox, h("p", { class: "empty" }, "Reverse mode did not run. Choose Reverse or Both to see the adjoints flow back."));
      return;
    }
    reverseStart = steps.findIndex((step) => step.seeds);
    if (reverseStart < 0) reverseStart = steps.length;
    // each update's operand adjoint before it: the `after` of the previous update of that operand
    const before = new Map();
    const last = new Map();
    steps.forEach((step, index) => {
      if (!isUpdate(step)) return;
      const operand = operandOf(trace, step);
      before.set(index, last.get(operand) ?? 0);
      last.set(operand, step.after);
    });
    const count = steps.length - reverseStart;
    const tbody = h("tbody");
    adjoints = createWindow(tbody, count, (offset) => {
      const index = reverseStart + offset;
      const step = steps[index];
      const number = h("th", { scope: "row", class: "num step-number" }, String(index + 1));
      if (step.seeds) {
        const seeds = step.seeds.map((seed) => `${text(trace.nodes[seed.node], "adjoint")} = ${num(seed.adjoint)}`);
        const row = h("tr", { class: "seed-row", "data-step": index + 1, "data-testid": `adjoint-row-${index + 1}` },
          number,
          h("td", { class: "update" }, seeds.join(",  "), h("span", { class: "update-numbers" }, "the seed: reverse mode starts here")),
          h("td", { class: "num accumulate" }, step.seeds.map((seed) => num(seed.adjoint)).join(", ")));
        return { row, stepIndex: index, seed: true, cache: {} };
      }
      const node = trace.nodes[step.node];
      const operandId = operandOf(trace, step);
      const operand = trace.nodes[operandId];
      const update = `${text(operand, "adjoint")} += ${text(node, "adjoint")} · ∂${text(node)}/∂${text(operand)}`;
      const previous = before.get(index);
      const row = h("tr", { "data-step": index + 1, "data-node": operandId, "data-testid": `adjoint-row-${index + 1}` },
        number,
        h("td", { class: "update" }, update,
          h("span", { class: "update-numbers" },
            `= ${num(node.adjoint)} · ${inner(node.partials[step.operand_index])} = ${num(step.contribution)}`)),
        h("td", { class: "num accumulate" }, previous === 0 ? num(step.after) : `${num(previous)} → ${num(step.after)}`));
      row.addEventListener("click", () => onSelect(operandId));
      return { row, stepIndex: index, seed: false, cache: {} };
    });
    const head = h("tr", {},
      h("th", { scope: "col", class: "num" }, "step"),
      h("th", { scope: "col" }, "update = adjoint · cached partial"),
      h("th", { scope: "col", class: "num" }, "operand adjoint"));
    replace(adjointBox, h("table", { class: "table adjoint-table" }, h("thead", {}, head), tbody));
  }

  // ---- one step -----------------------------------------------------------------------------------

  function render(view, selected) {
    if (!trace) return;
    const step = view.step;
    // the node whose row the step writes: evaluated or given its tangent, or receiving an adjoint
    const update = step && step.operand_index !== undefined && step.after !== undefined;
    const wengertActive = !step || step.node === undefined || step.seeds ? null
      : update ? operandOf(trace, step) : step.node;
    for (const entry of wengert.show(wengertActive ?? 0)) {
      const id = entry.node.id;
      const value = view.values[id];
      const tangent = view.tangents[id];
      const classes = [
        value === null && "is-future",
        wengertActive === id && !update && "is-active",
        view.receivingNode === id && "is-receiving",
        selected === id && "is-selected",
      ].filter(Boolean).join(" ");
      if (entry.cache.classes !== classes) {
        entry.row.className = classes;
        entry.cache.classes = classes;
      }
      if (entry.cache.value !== value) {
        entry.value.textContent = value === null ? "" : num(value);
        entry.partials.textContent = value === null ? "" : partialText(entry.node);
        entry.cache.value = value;
      }
      if (entry.tangent && entry.cache.tangent !== tangent) {
        entry.tangent.textContent = tangent === null || !entry.node.notation.tangent ? "" : `${text(entry.node, "tangent")} = ${num(tangent)}`;
        entry.cache.tangent = tangent;
      }
    }
    let adjointActive = null;
    if (adjoints) {
      const activeOffset = view.k - 1 - reverseStart;
      for (const entry of adjoints.show(Math.max(0, activeOffset))) {
        const state = entry.stepIndex < view.k - 1 ? "is-done" : entry.stepIndex === view.k - 1 ? "is-active" : "is-future";
        if (entry.cache.state !== state) {
          entry.row.className = `${entry.seed ? "seed-row " : ""}${state}`;
          entry.cache.state = state;
        }
        if (state === "is-active") adjointActive = entry.row;
      }
    }
    const wengertRow = wengertActive === null ? null : wengert.entry(wengertActive)?.row ?? null;
    if (wengertRow && wengertRow !== lastActive.wengert) scrollIntoBox(wengertBox, wengertRow);
    if (adjointActive && adjointActive !== lastActive.adjoint) scrollIntoBox(adjointBox, adjointActive);
    if (!adjointActive && adjoints && view.k - 1 < reverseStart) {
      // before reverse mode the table shows its start (its first row, by the same observer: writing
      // scrollTop here would force a layout of the whole page, a new 2,000-node drawing's too)
      if (lastActive.adjoint !== "top") scrollIntoBox(adjointBox, adjoints.entry(0)?.row);
      adjointActive = "top";
    }
    lastActive = { wengert: wengertRow, adjoint: adjointActive };
  }

  return { setTrace, render };
}
