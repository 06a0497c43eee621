// Wires the page together: state -> views, controls -> state, state <-> URL, and the API calls.
// Every view is rendered from the one state object; the step views from stateAt(trace, k). What the
// engine can do (its modes, passes and primitives) comes from GET /api/meta before anything renders.

import * as api from "./api.js";
import { createCheck } from "./check.js";
import { createControls } from "./controls.js";
import { qs, qsa, h } from "./dom.js";
import { createEditor } from "./editor.js";
import { createExamples } from "./examples.js";
import { exportStep } from "./export.js";
import { createGraphView } from "./graph-view.js";
import { createBuilder } from "./builder.js";
import { createGroupList } from "./group-list.js";
import { renderSummary } from "./group-summary.js";
import { createGroupView } from "./group-view.js";
import { boxOf, collapsedOf, hiddenBy, openFor, shownBoxes, stepOwners, strideTarget, summaryAt, tagRects } from "./groups.js";
import { createMinimap } from "./minimap.js";
import { createSearch } from "./search.js";
import { createInputs } from "./inputs.js";
import { createLecture } from "./lecture.js";
import { renderInspector } from "./inspector.js";
import { bindLinks } from "./links.js";
import { renderNarration } from "./narration.js";
import { createPlayer, debounce, skipsConstants, travelMs } from "./player.js";
import { bindShortcuts, toggleFullScreen } from "./shortcuts.js";
import { againstEdges, getMeta, paintPhase, phaseLabel, renderLegend, setMeta } from "./meta.js";
import { fromQuery, getState, subscribe, toQuery, traceRequest, update } from "./state.js";
import { stateAt } from "./steps.js";
import { createTables } from "./tables.js";
import { applyTheme, nextTheme, reducedMotion } from "./theme.js";
import { toast } from "./toast.js";
import { createTimeline } from "./timeline.js";

const remembered = {}; // every input value seen, so an input that comes back gets its value back

// ---- views ---------------------------------------------------------------------------------------

const select = (id) => update({ selected: id });

const graph = createGraphView(qs("#graph"), { onSelect: select, reducedMotion, legend: qs(".legend"), keepClear: tagRects,
  covering: [qs("#minimap")] });
const tables = createTables(qs("#wengert"), qs("#adjoints"), { onSelect: select });
const check = createCheck(qs("#check"));
bindLinks([qs("#graph"), qs("#narration"), qs("#wengert"), qs("#adjoints")], () => getState().trace);
// ---- groups: which are collapsed, what they hide, which steps the player takes as one -----------------

let grouping = { trace: null, chosen: undefined };
/** The collapsed groups of the state, the group hiding each node and the group owning each step. */
function groupsOf(state) {
  if (grouping.trace !== state.trace || grouping.chosen !== state.collapsed) {
    const collapsed = collapsedOf(state.trace, state.collapsed);
    const hidden = state.trace ? hiddenBy(state.trace, collapsed) : [];
    grouping = { trace: state.trace, chosen: state.collapsed, collapsed, hidden, owners: state.trace ? stepOwners(state.trace, hidden) : [] };
  }
  return grouping;
}
/** Collapse or expand a group; expanding a statement that is one call expands the call too. */
function toggleGroup(id, collapse) {
  const { trace } = getState();
  const current = groupsOf(getState()).collapsed;
  if (collapse) {
    update({ collapsed: [...new Set([...current, id])] });
    return;
  }
  const opened = new Set([id]);
  for (let group = trace.groups[id]; group.nodes.length === 0;) {
    const children = trace.groups.filter((other) => other.parent === group.id);
    if (children.length !== 1) break;
    group = children[0];
    opened.add(group.id);
  }
  update({ collapsed: current.filter((other) => !opened.has(other)) });
}
const toggleAllGroups = (collapse) => {
  const { trace } = getState();
  if (trace?.groups?.length) update({ collapsed: collapse ? trace.groups.map((group) => group.id) : [] });
};

const player = createPlayer(getState, update, {
  stride: (state, k, direction) => strideTarget(state.trace, groupsOf(state).owners, k, direction),
});
const groupView = createGroupView(graph, { onToggle: toggleGroup });
const groupList = createGroupList(
  { menu: qs("#group-menu"), list: qs("#group-list"), collapseAll: qs("#collapse-all"), expandAll: qs("#expand-all") },
  { onToggle: toggleGroup, onAll: toggleAllGroups },
);
const minimap = createMinimap(qs("#minimap"), graph);
/** Centre the graph on a node and select it, opening the collapsed groups that hide it. */
function findNode(id) {
  const state = getState();
  const { collapsed, hidden } = groupsOf(state);
  if (hidden[id] !== null) update({ collapsed: openFor(state.trace, collapsed, id) });
  update({ selected: id });
  // a folded constant has no box: the node that uses it is where it is drawn
  const user = getState().trace.layout.folded_constants?.find((entry) => entry.node === id);
  const box = graph.nodeBoxes()[id] ?? graph.nodeBoxes()[user?.target];
  if (box) graph.show(box.x, box.y);
}
const search = createSearch({ field: qs("#search"), list: qs("#search-results") }, { getTrace: () => getState().trace, onFind: findNode });
const timeline = createTimeline({
  scrubber: qs("#scrubber"), bands: qs("#phase-bands"), labels: qs("#phase-labels"),
  speed: qs("#speed"), play: qs("#play"), back: qs("#step-back"), forward: qs("#step-forward"),
  toStart: qs("#to-start"), toEnd: qs("#to-end"),
}, player);
const editor = createEditor(
  { textarea: qs("#source"), backdrop: qs("#editor-backdrop"), runButton: qs("#run"), errorBox: qs("#error") },
  { onRun: run },
);
const inputs = createInputs(qs("#inputs"), {
  onInput: (name, value, live) => change({ inputs: { ...getState().inputs, [name]: value } }, live),
});
const controls = createControls(
  { modeBox: qs("#mode"), help: qs("#mode-help"), seedBox: qs("#seed-controls"), outputBox: qs("#output-controls") },
  { onChange: (patch) => change(patch) },
);
const lecture = createLecture(qs("#lecture"), {
  onTab: (id) => update({ lecture: id }), buttons: [qs("#lecture-button"), qs("#lecture-present-button")], onShow: showStep,
});
/** A lecture tab's way to the player (the quiz's "Show in the graph", the HVP tab's "Step through it"): the
 * lecture steps aside, and the player goes to step k of `mode`, saying `note`. */
function showStep({ mode, k, node = null, note }) {
  player.pause();
  update({ lecture: null });
  if (getState().mode !== mode) change({ mode, k });
  else player.seek(k);
  if (node !== null) findNode(node);
  toast(note);
}
/** Open the lecture (at its last tab, else the first) or close it. */
const toggleLecture = () => lecture.toggle(getState());
const examples = createExamples(
  { dialog: qs("#examples-dialog"), gallery: qs("#gallery"), openButton: qs("#examples-button"), note: qs("#example-note") },
  { onLoad: loadExample },
);

// ---- tracing -------------------------------------------------------------------------------------

let generation = 0;

/** Ask the API for the trace of the current state; the newest request wins. */
async function requestTrace() {
  const current = ++generation;
  update({ busy: true });
  const asked = getState().inputs;
  try {
    const request = traceRequest(getState());
    // the engine fills an input it has no value for, and ignores values of names that are not inputs
    const trace = await api.traceOf({ ...request, inputs: { ...remembered, ...request.inputs } });
    if (current !== generation) return;
    // a slider that moved on while this request was out keeps its newer value (a request for it follows)
    const now = getState().inputs;
    const inputs = now === asked ? trace.inputs
      : Object.fromEntries(Object.entries(trace.inputs).map(([name, value]) => [name, name in now ? now[name] : value]));
    Object.assign(remembered, inputs);
    const { k, selected } = getState();
    update({
      trace, error: null, busy: false, inputs,
      k: Math.min(k, trace.steps.length),
      selected: selected !== null && selected < trace.nodes.length ? selected : null,
    });
  } catch (error) {
    if (current !== generation) return;
    update({ error, busy: false });
  }
}

const liveTrace = debounce(requestTrace, 60);
let liveChange = false; // the latest change came from a moving slider

/** Change shared state and re-trace: at once, or debounced while a slider moves. */
function change(patch, live = false) {
  liveChange = live;
  update(patch);
  if (live) liveTrace();
  else {
    liveTrace.cancel();
    requestTrace();
  }
}

function run(text) {
  player.pause();
  const same = text === getState().expression && getState().trace !== null;
  change(same ? {} : { expression: text, k: 0, selected: null, seed: null, output: 0, collapsed: null });
}

createBuilder(
  { dialog: qs("#builder-dialog"), openButton: qs("#builder-button"), form: qs("#builder-form"), sizes: qs("#builder-sizes"),
    activation: qs("#builder-activation"), error: qs("#builder-error") },
  { getOps: () => getMeta().ops, onBuild: (program) => loadExample({ ...program, mode: "both" }) },
);

function loadExample(example) {
  player.pause();
  editor.setText(example.expression);
  change({
    expression: example.expression, inputs: { ...example.inputs }, mode: example.mode ?? "both",
    seed: null, output: 0, k: 0, selected: null, collapsed: null,
  });
}

// ---- rendering -----------------------------------------------------------------------------------

const STEP_KEYS = ["trace", "k", "selected", "playing", "collapsed"];
const SHARED_KEYS = ["expression", "inputs", "mode", "seed", "output", "k", "selected", "speed", "present", "theme", "skipConstants", "collapsed", "foldConstants", "lecture"];

const syncURL = debounce(() => history.replaceState(null, "", toQuery(getState())), 200);
const checkLater = debounce((trace, output) => check.render(trace, output), 250);

function renderStep(state) {
  if (!state.trace) return;
  const view = stateAt(state.trace, state.k);
  // the page's phase colour changes with the phase only: re-setting it would restyle every element
  if (document.body.dataset.phase !== (view.phase ?? "")) {
    paintPhase(document.body, view.phase);
    document.body.dataset.phase = view.phase ?? "";
  }
  graph.render(view, { selected: state.selected, travelMs: travelMs(state.speed, state.playing) });
  const { collapsed, hidden, owners } = groupsOf(state);
  groupView.render(view, collapsed);
  minimap.render(view, hidden, shownBoxes(hidden).map((id) => boxOf(hidden, graph.nodeBoxes(), id)));
  tables.render(view, state.selected);
  const summary = summaryAt(state.trace, owners, state.k, phaseLabel, againstEdges);
  if (summary) renderSummary(qs("#narration"), state.trace, view, summary, { onOpen: openSummary });
  else renderNarration(qs("#narration"), state.trace, view);
  renderInspector(qs("#inspector"), state.trace, view, state.selected, { onClose: () => select(null) });
}

/** Open the group a summary step stands for, at the first of its steps. */
function openSummary(summary) {
  player.pause();
  toggleGroup(summary.group, false);
  update({ k: summary.start + 1 });
}

let overviewBeforeFirstStep = false; // the camera shows the overview until the first step

subscribe((state, changed) => {
  const any = (...keys) => keys.some((key) => changed.has(key));
  if (any("theme")) applyTheme(state.theme);
  if (any("present", "panels")) showPresenting(state);
  if (any("busy")) document.body.classList.toggle("is-busy", state.busy);
  const started = performance.now();
  let redrawn = false;
  if (any("trace")) {
    redrawn = graph.setTrace(state.trace);
    groupView.setTrace(state.trace);
    minimap.setTrace(state.trace);
    tables.setTrace(state.trace);
    inputs.render(state.inputs);
    examples.renderNote(state.trace.expression);
    document.body.classList.add("has-trace");
  }
  if (any("trace")) {
    // while a slider moves, the finite-difference check (one more API call) waits until it rests
    if (liveChange) checkLater(state.trace, state.output);
    else checkLater.flush(state.trace, state.output);
  }
  if (any("error", "trace")) {
    editor.showError(state.error, state.expression);
    qs("#stale").hidden = !(state.error && state.trace);
  }
  if (any("mode", "trace", "seed", "output", "inputs")) controls.render(state);
  if (any(...STEP_KEYS)) renderStep(state);
  // A big program opens with its groups collapsed: before the first step, the overview shows them all
  // (their names stay readable however far out), the network's shape; the first step then brings the
  // camera to a readable zoom on it, and it follows the steps from there.
  if (redrawn && state.k === 0 && groupsOf(state).collapsed.length) {
    graph.overview();
    overviewBeforeFirstStep = true;
  } else if (overviewBeforeFirstStep && any("k") && state.k > 0) {
    overviewBeforeFirstStep = false;
    graph.fit();
  }
  // how long the page took to show a new trace (tests hold a 500-node graph to under a second)
  if (any("trace")) document.body.dataset.renderMs = String(Math.round(performance.now() - started));
  if (any("k", "trace", "playing", "speed")) timeline.render(state);
  if (any("trace", "skipConstants")) qs("#skip-constants").checked = skipsConstants(state);
  if (any("trace", "collapsed")) groupList.render(state.trace, groupsOf(state).collapsed);
  if (any("trace", "foldConstants")) {
    qs("#fold-constants").checked = typeof state.foldConstants === "boolean" ? state.foldConstants
      : Boolean(state.trace?.layout.constants_folded);
  }
  if (any("selected", "trace")) {
    const node = state.trace && state.selected !== null ? state.trace.nodes[state.selected] : null;
    editor.highlight(node && state.trace.expression === editor.text ? node.span : null);
  }
  if (any("lecture", "trace", "output")) lecture.render(state, changed);
  if (any(...SHARED_KEYS)) syncURL();
});

// ---- page actions --------------------------------------------------------------------------------

async function copyLink() {
  syncURL.flush();
  try {
    await navigator.clipboard.writeText(location.href);
    toast("Link copied: it opens this exact step.");
  } catch {
    const field = h("input", { type: "text", readonly: true, value: location.href, "aria-label": "Link to this step", class: "toast-link" });
    toast("Copy this link:", field);
    field.select();
  }
}

function toggleHelp() {
  const dialog = qs("#help-dialog");
  if (dialog.open) dialog.close();
  else dialog.showModal();
}

qs("#copy-link").addEventListener("click", copyLink);
qs("#skip-constants").addEventListener("change", (event) => update({ skipConstants: event.target.checked }));
// folding changes the layout: the API lays the graph out again
qs("#fold-constants").addEventListener("change", (event) => change({ foldConstants: event.target.checked }));

/** Presentation mode: the graph and the narration in large type; the panels in a drawer (D). */
function showPresenting(state) {
  document.body.classList.toggle("is-presenting", state.present);
  document.body.classList.toggle("shows-panels", state.present && state.panels);
  qs("#present-button").setAttribute("aria-pressed", String(state.present));
  qs("#present-button").textContent = state.present ? "Exit presentation" : "Present";
  qs("#panels-button").setAttribute("aria-pressed", String(state.present && state.panels));
  graph.setPresenting(state.present);
}
const togglePanels = () => update({ panels: getState().present && !getState().panels });

qs("#present-button").addEventListener("click", () => update({ present: !getState().present }));
qs("#present-exit").addEventListener("click", () => update({ present: false, panels: false }));
qs("#panels-button").addEventListener("click", togglePanels);
qs("#theme-button").addEventListener("click", () => update({ theme: nextTheme(getState().theme) }));
qs("#help-button").addEventListener("click", toggleHelp);
for (const button of qsa("#lecture-button, #lecture-present-button")) button.addEventListener("click", toggleLecture);
qs("#zoom-in").addEventListener("click", () => graph.zoomIn());
qs("#zoom-out").addEventListener("click", () => graph.zoomOut());
qs("#zoom-fit").addEventListener("click", () => graph.overview());
for (const button of qsa("[data-export]")) {
  button.addEventListener("click", () => {
    qs("#export-menu").open = false;
    exportStep(button.dataset.export, getState(), graph, traceRequest(getState()), toast);
  });
}
document.addEventListener("click", (event) => {
  const menu = qs("#export-menu");
  if (menu.open && !menu.contains(event.target)) menu.open = false;
});

bindShortcuts({
  toggle: player.toggle,
  forward: player.forward,
  back: player.back,
  toStart: player.toStart,
  toEnd: player.toEnd,
  faster: player.faster,
  slower: player.slower,
  fullScreen: toggleFullScreen,
  present: () => update({ present: !getState().present, panels: false }),
  panels: togglePanels,
  theme: () => update({ theme: nextTheme(getState().theme) }),
  fit: () => graph.toggleOverview(),
  search: () => search.focus(),
  groups: () => toggleAllGroups(groupsOf(getState()).collapsed.length === 0),
  help: toggleHelp,
  lecture: toggleLecture,
  escape: () => {
    if (qs("#export-menu").open) qs("#export-menu").open = false;
    else if (getState().lecture) update({ lecture: null });
    else if (getState().panels) update({ panels: false });
    else select(null);
  },
});

// ---- start ---------------------------------------------------------------------------------------

async function start() {
  try {
    setMeta(await api.meta());
  } catch (error) {
    toast(`The engine's description is unavailable: ${error.message}`);
  }
  renderLegend(qs(".legend"));
  update(fromQuery(location.search));
  const initial = getState();
  applyTheme(initial.theme);
  showPresenting(initial);
  editor.setText(initial.expression);
  controls.render(initial);
  timeline.render(initial);
  renderNarration(qs("#narration"), null, null);
  requestTrace();
  api.examples().then(examples.setExamples).then(() => examples.renderNote(getState().expression))
    .catch((error) => toast(`Examples unavailable: ${error.message}`));
}

start();
