// The page's one state object, changed only through update(), and its round trip through the URL.
//
// Shared state (in the URL): expression, inputs, mode, seed, output, step, node, speed, present, theme,
// skipping and folding the constants, the open lecture tab.
// Working state (not in the URL): trace, error, playing, busy.

import { collapsedFromText, collapsedText } from "./groups.js";
import { isLectureTab } from "./lecture-model.js";
import { isMode, modeReads } from "./meta.js";

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];
export const DEFAULT_EXPRESSION = "exp(x)/x^2";

const defaults = () => ({
  expression: DEFAULT_EXPRESSION,
  inputs: { x: 2 },
  mode: "both",
  seed: null, // null: the API's default (1 on the first input); else {input: number}
  output: 0, // which output reverse mode starts from (the cotangent is 1 there)
  k: 0,
  selected: null, // the inspected node id
  speed: 1,
  present: false,
  panels: false, // presenting: the drawer with the result and the tables is open
  theme: "auto",
  trace: null,
  skipConstants: null, // null: the default (on for graphs over SKIP_CONSTANTS_ABOVE nodes)
  collapsed: null, // the collapsed groups' ids; null: the default (all, above groups.COLLAPSE_ABOVE nodes)
  foldConstants: null, // null: the API's default (constants drawn by their nodes above 50 nodes)
  lecture: null, // the open tab of the lecture view (lecture-model.js LECTURE_TABS); null: closed
  error: null,
  playing: false,
  busy: false,
});

const state = defaults();
const listeners = [];

export const getState = () => state;

/** The one way to change the state: merge `patch`, then tell every listener which keys changed. */
export function update(patch, origin = "page") {
  const changed = new Set();
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in state)) throw new Error(`unknown state key ${key}`);
    if (state[key] !== value) {
      state[key] = value;
      changed.add(key);
    }
  }
  if (changed.size) for (const listener of listeners) listener(state, changed, origin);
}

export function subscribe(listener) {
  listeners.push(listener);
}

// ---- URL <-> state ---------------------------------------------------------------------------------

function numberMap(text) {
  const map = {};
  for (const pair of text.split(",")) {
    const [name, value] = pair.split(":");
    if (name && value !== undefined && value.trim() !== "" && Number.isFinite(Number(value))) {
      map[name.trim()] = Number(value);
    }
  }
  return map;
}

const mapText = (map) => Object.entries(map).map(([name, value]) => `${name}:${value}`).join(",");

/** The shared part of the state read from a query string; keys absent from the URL are left out. */
export function fromQuery(search) {
  const params = new URLSearchParams(search);
  const patch = {};
  if (params.has("expr")) patch.expression = params.get("expr");
  if (params.has("inputs")) patch.inputs = numberMap(params.get("inputs"));
  else if (params.has("expr")) patch.inputs = {};
  if (params.has("mode") && isMode(params.get("mode"))) patch.mode = params.get("mode");
  const seed = params.get("seed");
  if (seed) patch.seed = seed.includes(":") ? numberMap(seed) : { [seed]: 1 };
  const integer = (key, min) => {
    const value = Number(params.get(key));
    return params.has(key) && Number.isInteger(value) && value >= min ? value : null;
  };
  if (integer("out", 0) !== null) patch.output = integer("out", 0);
  if (integer("step", 0) !== null) patch.k = integer("step", 0);
  if (integer("node", 0) !== null) patch.selected = integer("node", 0);
  const speed = Number(params.get("speed"));
  if (SPEEDS.includes(speed)) patch.speed = speed;
  if (params.get("present") === "1") patch.present = true;
  if (["light", "dark"].includes(params.get("theme"))) patch.theme = params.get("theme");
  if (["skip", "show"].includes(params.get("constants"))) patch.skipConstants = params.get("constants") === "skip";
  const collapsed = collapsedFromText(params.get("groups"));
  if (collapsed !== null) patch.collapsed = collapsed;
  if (["1", "0"].includes(params.get("fold"))) patch.foldConstants = params.get("fold") === "1";
  if (isLectureTab(params.get("lecture"))) patch.lecture = params.get("lecture");
  return patch;
}

// Characters left readable in a shared link (URLSearchParams decodes them all the same).
const READABLE = { "%2C": ",", "%3A": ":", "%2F": "/", "%5E": "^", "%20": "+" };

function encode(text) {
  return encodeURIComponent(text).replace(/%2C|%3A|%2F|%5E|%20/g, (code) => READABLE[code]);
}

/** The query string that restores this state exactly (same expression, inputs, mode and step). */
export function toQuery(current) {
  const parts = [
    ["expr", current.expression],
    ["inputs", mapText(current.inputs)],
    ["mode", current.mode],
  ];
  if (current.seed) parts.push(["seed", mapText(current.seed)]);
  if (current.output) parts.push(["out", String(current.output)]);
  parts.push(["step", String(current.k)]);
  if (current.selected !== null) parts.push(["node", String(current.selected)]);
  if (current.speed !== 1) parts.push(["speed", String(current.speed)]);
  if (current.present) parts.push(["present", "1"]);
  if (current.theme !== "auto") parts.push(["theme", current.theme]);
  if (typeof current.skipConstants === "boolean") parts.push(["constants", current.skipConstants ? "skip" : "show"]);
  if (Array.isArray(current.collapsed)) parts.push(["groups", collapsedText(current.collapsed)]);
  if (typeof current.foldConstants === "boolean") parts.push(["fold", current.foldConstants ? "1" : "0"]);
  if (current.lecture) parts.push(["lecture", current.lecture]);
  return "?" + parts.map(([key, value]) => `${key}=${encode(value)}`).join("&");
}

/**
 * The API request body for the current state. `fill_inputs`: the engine gives an input the page has no
 * value for its default, and ignores values for names that are no longer inputs (the response says which).
 */
export function traceRequest(current, overrides = {}) {
  const body = { expression: current.expression, inputs: { ...current.inputs }, mode: current.mode, fill_inputs: true };
  if (current.seed && modeReads(current.mode, "seed")) body.seed = { ...current.seed };
  if (current.output && modeReads(current.mode, "cotangent")) body.cotangent = { [current.output]: 1 };
  if (typeof current.foldConstants === "boolean") body.fold_constants = current.foldConstants;
  return { ...body, ...overrides };
}
