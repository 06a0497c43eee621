// The lecture view's logic without the DOM: its tabs (views of the page, not facts of the engine), which
// cells of the Jacobian a chosen pass gives, and how long each size's bar is drawn. Every number and
// word shown comes from the API's responses; nothing here computes mathematics.

/** The lecture's tabs, in order: id (kept in the link as lecture=ID) and title. */
export const LECTURE_TABS = [
  { id: "jacobian", title: "Jacobians: forward or reverse" },
  { id: "symbolic", title: "Symbolic swell vs AD" },
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

/**
 * A symbolic response's sizes as bars: each derivative naive and simplified, and the AD trace's nodes and
 * steps, each with its share of the longest (0..1]; a size of 0 is drawn as nothing.
 */
export function sizeBars(symbolic) {
  const bars = [];
  for (const [input, derivative] of Object.entries(symbolic.derivatives)) {
    bars.push({ kind: "naive", input, size: derivative.size });
    bars.push({ kind: "simplified", input, size: derivative.simplified.size });
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
