// What the engine can do, from GET /api/meta: its passes (phases) with their labels and step kinds, the
// modes that run them, and its primitives. The page lists no mode, phase or primitive of its own.

import { h, s } from "./dom.js";

let meta = { passes: [], modes: [], ops: [], default_mode: "both", default_input_value: 1 };

export function setMeta(next) {
  meta = next;
}

export const getMeta = () => meta;
export const modes = () => meta.modes;
export const modeNamed = (name) => meta.modes.find((mode) => mode.name === name) ?? null;
export const isMode = (name) => modeNamed(name) !== null;

/** The label people say for a phase: "forward mode". */
export function phaseLabel(phase) {
  return meta.passes.find((entry) => entry.name === phase)?.label ?? phase;
}

/** Does `mode` run a pass that reads the request field `parameter` ("seed", "cotangent")? */
export function modeReads(mode, parameter) {
  const passes = modeNamed(mode)?.passes ?? [];
  return meta.passes.some((entry) => passes.includes(entry.name) && entry.parameters.includes(parameter));
}

/** A primitive's one-line description, by name. */
export function describe(op) {
  return meta.ops.find((entry) => entry.name === op)?.description ?? "";
}

/** Paint an element in `phase`'s colour: --phase from theme.css's --phase-NAME (and its line's dashes). */
export function paintPhase(element, phase) {
  if (phase) {
    element.style.setProperty("--phase", `var(--phase-${phase}, var(--phase-other))`);
    element.style.setProperty("--phase-dash", `var(--phase-${phase}-dash, none)`);
  } else {
    element.style.removeProperty("--phase");
    element.style.removeProperty("--phase-dash");
  }
}

/** Does `phase` travel against the edges (from a node back to its operands), as reverse mode does? */
export function againstEdges(phase) {
  return meta.passes.find((entry) => entry.name === phase)?.direction === "against";
}

/** One legend line per pass after evaluation, in its phase's colour, named as the engine names it. */
export function renderLegend(legend) {
  const [, ...later] = meta.passes;
  const last = legend.lastElementChild;
  for (const entry of later) {
    const line = s("line", { class: "lg-phase", x1: 1, y1: 10, x2: 33, y2: 10 });
    paintPhase(line, entry.name);
    legend.insertBefore(h("li", { "data-phase": entry.name },
      s("svg", { class: "legend-shape", viewBox: "0 0 34 20", "aria-hidden": "true" }, line), entry.label), last);
  }
}
