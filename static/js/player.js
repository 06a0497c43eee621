// The player: play/pause, step, jump, speed. The only module that owns timers (including the page's
// debounces), so stopping, stepping and scrubbing can never race a stray timeout.

import { SPEEDS } from "./state.js";
import { isConstantStep } from "./steps.js";

/** Above this many nodes the player skips the steps on constants unless the person says otherwise. */
export const SKIP_CONSTANTS_ABOVE = 50;

/** Whether the player skips constants' steps in this state (the person's choice, else by graph size). */
export function skipsConstants(state) {
  if (state.skipConstants !== null) return state.skipConstants;
  return Boolean(state.trace) && state.trace.nodes.length > SKIP_CONSTANTS_ABOVE;
}

/** Milliseconds per step at 1x. */
export const STEP_MS = 1100;

/** How long the contribution takes to travel along an edge, for the current speed. */
export function travelMs(speed, playing) {
  const interval = STEP_MS / speed;
  return playing ? Math.min(800, interval * 0.8) : 650;
}

/**
 * A player over `getState()` / `update(patch)`. It reads k, the trace's steps and speed from the state
 * and writes k and playing; it never touches the DOM. Stepping skips the steps on constants when
 * skipsConstants(state); `stride(state, k, direction)` gives the next k otherwise (a run of steps inside
 * a collapsed group is one step: groups.js), k + direction by default.
 */
export function createPlayer(getState, update, { stride = (state, k, direction) => k + direction } = {}) {
  let timer = null;

  const last = () => getState().trace?.steps.length ?? 0;
  /** The next k from k in `direction` (+1 or -1), past the constants' steps when they are skipped. */
  const next = (k, direction) => {
    const state = getState();
    const clamp = (x) => Math.max(0, Math.min(x, last()));
    let target = clamp(stride(state, k, direction));
    if (!skipsConstants(state)) return target;
    const steps = state.trace.steps;
    while (target > 0 && target < last() && isConstantStep(state.trace, steps[target - 1])) target = clamp(stride(state, target, direction));
    return target;
  };
  const stop = () => {
    clearTimeout(timer);
    timer = null;
  };

  function tick() {
    const { k } = getState();
    if (k >= last()) {
      pause();
      return;
    }
    update({ k: next(k, +1) });
    if (getState().k >= last()) {
      pause();
      return;
    }
    timer = setTimeout(tick, STEP_MS / getState().speed);
  }

  function play() {
    if (!last()) return;
    stop();
    if (getState().k >= last()) update({ k: 0 });
    update({ playing: true });
    tick();
  }

  function pause() {
    stop();
    if (getState().playing) update({ playing: false });
  }

  /** Go to step k (clamped), pausing. */
  function seek(k) {
    pause();
    update({ k: Math.max(0, Math.min(k, last())) });
  }

  function changeSpeed(direction) {
    const index = SPEEDS.indexOf(getState().speed);
    const next = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (index < 0 ? 2 : index) + direction))];
    update({ speed: next });
  }

  return {
    play,
    pause,
    toggle: () => (getState().playing ? pause() : play()),
    seek,
    forward: () => seek(next(getState().k, +1)),
    back: () => seek(next(getState().k, -1)),
    toStart: () => seek(0),
    toEnd: () => seek(last()),
    setSpeed: (speed) => SPEEDS.includes(speed) && update({ speed }),
    faster: () => changeSpeed(+1),
    slower: () => changeSpeed(-1),
  };
}

/** fn, called once `ms` after the last of a burst of calls. */
export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.flush = (...args) => {
    clearTimeout(timer);
    fn(...args);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/** Call fn once after ms (a transient message, say); returns a cancel function. */
export function after(ms, fn) {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
}
