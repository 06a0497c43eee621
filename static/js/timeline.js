// The player's view: buttons' states, the scrubber with the phases marked under it (evaluation |
// forward mode | reverse mode), the step count and the speed. Input goes to the player.

import { h, replace } from "./dom.js";
import { SPEEDS } from "./state.js";
import { paintPhase, phaseLabel } from "./meta.js";
import { phaseRanges } from "./steps.js";

export function createTimeline(elements, player) {
  const { scrubber, bands, labels, speed, play, back, forward, toStart, toEnd } = elements;
  let stepsShown = null;

  replace(speed, SPEEDS.map((value) => h("option", { value }, `${value}×`)));
  play.addEventListener("click", () => player.toggle());
  back.addEventListener("click", () => player.back());
  forward.addEventListener("click", () => player.forward());
  toStart.addEventListener("click", () => player.toStart());
  toEnd.addEventListener("click", () => player.toEnd());
  scrubber.addEventListener("input", () => player.seek(Number(scrubber.value)));
  speed.addEventListener("change", () => player.setSpeed(Number(speed.value)));

  function setSteps(steps) {
    stepsShown = steps;
    scrubber.max = String(steps.length);
    const total = Math.max(1, steps.length);
    const ranges = phaseRanges(steps);
    replace(bands, ranges.map((range) => {
      const band = h("div", { class: "band", "data-phase": range.phase });
      paintPhase(band, range.phase);
      band.style.left = `${(range.start / total) * 100}%`;
      band.style.width = `${((range.end - range.start) / total) * 100}%`;
      return band;
    }));
    replace(labels, ranges.map((range) => {
      const label = h("span", {
        class: "phase-label", "data-phase": range.phase, "data-testid": `phase-${range.phase}`,
        title: `${phaseLabel(range.phase)}: ${range.end - range.start} steps`,
      }, phaseLabel(range.phase));
      paintPhase(label, range.phase);
      label.style.left = `${(range.start / total) * 100}%`;
      label.style.width = `${((range.end - range.start) / total) * 100}%`;
      return label;
    }));
  }

  function render(state) {
    const steps = state.trace ? state.trace.steps : [];
    if (steps !== stepsShown) setSteps(steps);
    const total = steps.length;
    scrubber.value = String(state.k);
    const phase = state.k > 0 ? steps[state.k - 1]?.phase : null;
    scrubber.setAttribute("aria-valuetext", `step ${state.k} of ${total}${phase ? `, ${phaseLabel(phase)}` : ""}`);
    speed.value = String(state.speed);
    play.querySelector("use").setAttribute("href", state.playing ? "#i-pause" : "#i-play");
    play.querySelector(".play-text").textContent = state.playing ? "Pause" : state.k >= total && total ? "Replay" : "Play";
    play.setAttribute("aria-label", state.playing ? "Pause (Space)" : "Play (Space)");
    play.setAttribute("aria-pressed", String(state.playing));
    // aria-disabled, not disabled: a focused button must keep the focus when it cannot act any more
    back.setAttribute("aria-disabled", String(state.k <= 0));
    toStart.setAttribute("aria-disabled", String(state.k <= 0));
    forward.setAttribute("aria-disabled", String(state.k >= total));
    toEnd.setAttribute("aria-disabled", String(state.k >= total));
    for (const label of labels.children) {
      label.classList.toggle("is-current", Boolean(phase) && label.dataset.phase === phase);
    }
  }

  return { render };
}
