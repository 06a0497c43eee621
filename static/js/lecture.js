// The lecture view: tabs over the stage (the graph, player and narration stay underneath, untouched),
// each showing one API response for the current trace's program and point. Opened by the Lecture button
// or L, closed by its × or Escape; the open tab is in the link (state.lecture).

import { dualOf, hvpOf, jacobianOf, quizOf, symbolicOf } from "./api.js";
import { h, replace } from "./dom.js";
import { renderDual } from "./dual-view.js";
import { renderHvp } from "./hvp-view.js";
import { renderJacobian } from "./jacobian-view.js";
import { directionOf, LECTURE_TABS, nextTab, nodeAtStep } from "./lecture-model.js";
import { renderSymbolic } from "./symbolic-view.js";
import { quizBody } from "./quiz-model.js";
import { renderQuiz } from "./quiz-view.js";

// Each tab: the request it makes of the API for (trace, output), and how it draws the answer.
const TABS = {
  jacobian: {
    request: (trace) => jacobianOf({ expression: trace.expression, inputs: trace.inputs }),
    render: (container, response, trace) => renderJacobian(container, response, trace),
  },
  symbolic: {
    request: (trace, output) => symbolicOf({ expression: trace.expression, inputs: trace.inputs,
      output: Math.min(output, trace.outputs.length - 1) }),
    render: (container, response) => renderSymbolic(container, response),
  },
  dual: { // forward mode along the trace's own seed, opened at the player's node
    key: (state) => directionOf(state.trace),
    request: (trace, output, state) => dualOf(dualBody(trace, nodeAtStep(trace, state.k))),
    render: (container, response, trace) => renderDual(container, response, (node) => dualOf(dualBody(trace, node))),
  },
  hvp: { // H·v along the trace's own direction, for the output reverse mode starts from
    key: (state) => [directionOf(state.trace), state.output],
    request: (trace, output) => hvpOf({ expression: trace.expression, inputs: trace.inputs,
      direction: directionOf(trace) ?? undefined, output: Math.min(output, trace.outputs.length - 1) }),
    render: (container, response, trace, { onShow }) => renderHvp(container, response, { onShow }),
  },
  quiz: {
    request: (trace, output, state) => quizOf(quizBody(state)),
    render: (container, response, trace, { state, onShow }) => renderQuiz(container, response, { body: quizBody(state), onShow }),
    key: (state) => [state.seed, state.output], // the questions follow the seed and the output, not the mode
  },
};

function dualBody(trace, node) {
  return { expression: trace.expression, inputs: trace.inputs, seed: directionOf(trace) ?? undefined, node: node ?? undefined };
}

/**
 * host: the lecture's section; onTab(id or null) changes state.lecture; buttons: the Lecture buttons that
 * open it (at the desk, then presenting), pressed while it is open; onShow({mode, k, node, note}): a tab's
 * way to the player (the quiz's "Show in the graph", the HVP tab's "Step through one HVP").
 */
export function createLecture(host, { onTab, buttons, onShow }) {
  let last = LECTURE_TABS[0].id; // the tab the view opens at again
  const tabs = LECTURE_TABS.map((tab) => h("button", {
    type: "button", role: "tab", id: `lecture-tab-${tab.id}`, class: "lecture-tab", "data-tab": tab.id,
    "data-testid": `lecture-tab-${tab.id}`, "aria-controls": "lecture-panel", onclick: () => onTab(tab.id),
  }, tab.title));
  const strip = h("div", { class: "lecture-tabs", role: "tablist", "aria-label": "Lecture" }, tabs);
  strip.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const next = nextTab(event.target.dataset.tab, step);
    onTab(next);
    host.querySelector(`[data-tab=${next}]`).focus();
  });
  const close = h("button", { type: "button", class: "button button--icon lecture-close", "data-testid": "lecture-close",
    "aria-label": "Close the lecture (Esc)", title: "Close (Esc)", onclick: () => onTab(null) }, "×");
  const panel = h("div", { class: "lecture-panel", id: "lecture-panel", role: "tabpanel", "data-testid": "lecture-panel", tabindex: "-1" });
  // the view's heading, for the outline (the tabs' sections use h3): says which tab is open
  const heading = h("h2", { class: "visually-hidden", id: "lecture-heading" }, "Lecture");
  replace(host, heading, h("div", { class: "lecture-head" }, strip, close), panel);

  let shown = null; // the key of what the panel shows (or is fetching)

  /** Open the view at the tab it had, or close it. */
  const toggle = (state) => onTab(state.lecture ? null : last);

  /** Show state.lecture's tab for the state's trace; `changed`: the state's keys that changed. */
  async function render(state, changed = new Set()) {
    if (state.lecture) last = state.lecture;
    for (const button of buttons) button.setAttribute("aria-pressed", String(Boolean(state.lecture)));
    const focusWasInside = host.contains(document.activeElement);
    host.hidden = !state.lecture;
    document.body.classList.toggle("shows-lecture", Boolean(state.lecture));
    // focus follows the view: into its open tab, and back to the Lecture button when it closes from inside
    if (changed.has("lecture") && !state.lecture && focusWasInside) buttons[state.present ? 1 : 0].focus({ preventScroll: true });
    if (!state.lecture) return;
    heading.textContent = `Lecture: ${LECTURE_TABS.find((tab) => tab.id === state.lecture).title}`;
    for (const tab of tabs) {
      const on = tab.dataset.tab === state.lecture;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    if (changed.has("lecture")) host.querySelector(`#lecture-tab-${state.lecture}`).focus({ preventScroll: true });
    if (!state.trace) return;
    panel.setAttribute("aria-labelledby", `lecture-tab-${state.lecture}`);
    const { trace, output, lecture } = state;
    const key = JSON.stringify([lecture, trace.expression, trace.inputs, lecture === "symbolic" ? output : 0,
      TABS[lecture].key?.(state) ?? null]);
    if (key === shown) return;
    shown = key;
    panel.dataset.state = "loading";
    panel.dataset.tab = lecture;
    try {
      const response = await TABS[lecture].request(trace, output, state);
      if (shown !== key) return;
      TABS[lecture].render(panel, response, trace, { state, onShow });
      panel.dataset.state = "ready";
    } catch (error) {
      if (shown !== key) return;
      replace(panel, h("p", { class: "lecture-error", "data-testid": "lecture-error", role: "alert" }, error.message));
      panel.dataset.state = "error";
    }
  }

  return { render, toggle };
}
