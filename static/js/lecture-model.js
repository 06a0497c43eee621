// The lecture view's logic without the DOM: its tabs (views of the page, not facts of the engine), which
// cells of the Jacobian a chosen pass gives, and how long each size's bar is drawn. Every number and
// word shown comes from the API's responses; nothing here computes mathematics.

/** The lecture's tabs, in order: id (kept in the link as lecture=ID) and title. */
export const LECTURE_TABS = [
  { id: "jacobian", title: "Jacobians" },
  { id: "symbolic", title: "Symbolic swell" },
  { id: "dual", title: "Dual numbers" },
  { id: "hvp", title: "Hessian · vector" },
  { id: "quiz", title: "Quiz" },
];

export const isLectureTab = (id) => LECTURE_TABS.some((tab) => tab.id === id);

/** The tab after (step 1) or before (step -1) `id`, wrapping around: arrow keys on the tab strip. */
export function nextTab(id, step) {
  const index = LECTURE_TABS.findIndex((tab) => tab.id === id);
  return LECTURE_TABS[(index + step + LECTURE_TABS.length) % LECTURE_TABS.length].id;
}

/** The methods of a /api/jacobian response in the engine's pass order, each with its pass (name, label). */
export function methodsOf(jacobian, passes) {
  return passes.filter((entry) => entry.key && jacobian?.[entry.key]?.each_pass)
    .map((entry) => ({ key: entry.key, phase: entry.name, label: entry.label, ...jacobian[entry.key] }));
}

/**
 * The cells one pass gives, as "row,column" keys: pass `index` of a method whose passes give columns
 * covers column `index` of every row; one whose passes give rows covers row `index`. None chosen: none.
 */
export function cellsOf(jacobian, chosen) {
  const cells = new Set();
  if (!chosen || !jacobian?.[chosen.key]) return cells;
  const gives = jacobian[chosen.key].gives;
  jacobian.matrix.forEach((row, i) => row.forEach((_, j) => {
    if ((gives === "column" && j === chosen.index) || (gives === "row" && i === chosen.index)) cells.add(`${i},${j}`);
  }));
  return cells;
}

/** Past this many derivatives, the bars show them together (the engine's total), not one pair each. */
export const BARS_EACH_UP_TO = 2;

/**
 * A symbolic response's sizes as bars: each derivative naive and simplified (or, past BARS_EACH_UP_TO, all
 * of them together: input null), and the AD trace's nodes and steps, each with its share of the longest
 * (0..1]; a size of 0 is drawn as nothing.
 */
export function sizeBars(symbolic) {
  const bars = [];
  const derivatives = Object.entries(symbolic.derivatives);
  if (derivatives.length > BARS_EACH_UP_TO) {
    bars.push({ kind: "naive", input: null, size: symbolic.total.naive });
    bars.push({ kind: "simplified", input: null, size: symbolic.total.simplified });
  } else {
    for (const [input, derivative] of derivatives) {
      bars.push({ kind: "naive", input, size: derivative.size });
      bars.push({ kind: "simplified", input, size: derivative.simplified.size });
    }
  }
  bars.push({ kind: "trace-nodes", input: null, size: symbolic.trace_size.nodes });
  bars.push({ kind: "trace-steps", input: null, size: symbolic.trace_size.steps });
  const longest = Math.max(1, ...bars.map((bar) => bar.size));
  return bars.map((bar) => ({ ...bar, share: bar.size / longest }));
}

/** Typeset an expression's LaTeX only up to this many nodes; a longer one is shown as text, cut short. */
export const TYPESET_UP_TO = 160;
export const TEXT_UP_TO = 1200;

/** How an expression is shown: typeset, or its text (cut at TEXT_UP_TO characters, saying so). */
export function shownAs(written) {
  if (written.size <= TYPESET_UP_TO) return { typeset: true, text: written.expression, cut: false };
  const cut = written.expression.length > TEXT_UP_TO;
  return { typeset: false, text: cut ? written.expression.slice(0, TEXT_UP_TO) : written.expression, cut };
}

/**
 * The direction the trace's forward mode ran along (its seed; in mode hvp the HVP's direction v too), so the
 * dual-number and HVP tabs agree with the player; null where forward mode did not run (the API's default).
 */
export function directionOf(trace) {
  return trace?.forward_mode?.seed ?? trace?.hvp?.direction ?? null;
}

/** The node the player's step k is at, or null (before any step, or past the last). */
export function nodeAtStep(trace, k) {
  return trace?.steps?.[k]?.node ?? null;
}

/**
 * Stepping through a /api/dual answer: the node `step` (1 or -1) away from `node`, kept in the Wengert list,
 * and whether the answer's window already holds its record (else it must be asked for).
 */
export function dualStep(dual, node, step) {
  const next = Math.min(dual.nodes - 1, Math.max(0, node + step));
  return { node: next, held: next >= dual.first && next < dual.first + dual.records.length };
}

/** The costs of a /api/hvp answer as bars, in its order (a gradient, one HVP, forming H), each with its share of the longest. */
export function costBars(hvp) {
  const bars = Object.entries(hvp.costs).map(([kind, cost]) => ({ kind, ...cost }));
  const longest = Math.max(1, ...bars.map((bar) => bar.operations));
  return bars.map((bar) => ({ ...bar, share: bar.operations / longest }));
}
