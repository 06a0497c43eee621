// One number field and one slider per input of the expression. Dragging a slider re-traces live
// (the caller debounces); the rows are rebuilt only when the set of inputs changes, so a slider being
// dragged is never replaced under the pointer.

import { h, replace } from "./dom.js";

const ranges = new Map(); // input name -> {min, max, step}: stays put while the value moves inside it

function rangeAround(value) {
  const reach = Math.max(2, Math.abs(value) * 2);
  const step = 10 ** Math.floor(Math.log10(reach / 200));
  const snap = (x) => Math.round(x / step) * step;
  return { min: snap(value - reach), max: snap(value + reach), step };
}

function rangeFor(name, value) {
  const known = ranges.get(name);
  if (known && value >= known.min && value <= known.max) return known;
  const fresh = rangeAround(value);
  ranges.set(name, fresh);
  return fresh;
}

const tidy = (x, step) => Number((Math.round(x / step) * step).toPrecision(12));

/** `onInput(name, value, live)`: live is true while a slider moves (debounce it), false on commit. */
export function createInputs(container, { onInput }) {
  let names = "";
  let rows = new Map();

  function row(name, value) {
    const range = rangeFor(name, value);
    const id = `input-${name}`;
    const field = h("input", {
      type: "number", id, class: "number", step: "any", value: String(value),
      "data-testid": `input-${name}`, "aria-label": `value of ${name}`,
    });
    const slider = h("input", {
      type: "range", class: "slider", min: range.min, max: range.max, step: range.step, value: String(value),
      "data-testid": `slider-${name}`, "aria-label": `${name} slider`,
    });
    slider.addEventListener("input", () => {
      const next = tidy(Number(slider.value), Number(slider.step));
      field.value = String(next);
      onInput(name, next, true);
    });
    slider.addEventListener("change", () => onInput(name, tidy(Number(slider.value), Number(slider.step)), false));
    field.addEventListener("change", () => {
      const next = Number(field.value);
      if (field.value.trim() === "" || !Number.isFinite(next)) return;
      onInput(name, next, false);
    });
    const entry = h("div", { class: "input-row" }, h("label", { for: id, class: "input-name" }, h("var", {}, name)), field, slider);
    return { entry, field, slider, range };
  }

  /** Show the trace's inputs; keep the rows (and any slider being dragged) when the names are the same. */
  function render(inputs) {
    const entries = Object.entries(inputs);
    const nextNames = entries.map(([name]) => name).join(",");
    if (nextNames !== names) {
      names = nextNames;
      rows = new Map(entries.map(([name, value]) => [name, row(name, value)]));
      replace(container, entries.length
        ? [...rows.values()].map((r) => r.entry)
        : h("p", { class: "empty" }, "This expression has no inputs."));
      return;
    }
    for (const [name, value] of entries) {
      const current = rows.get(name);
      const range = rangeFor(name, value);
      // the element the person is using (a slider being dragged, a field being typed in) is left alone
      if (range !== current.range && document.activeElement !== current.slider) {
        Object.assign(current.slider, { min: range.min, max: range.max, step: range.step });
        current.range = range;
      }
      if (document.activeElement !== current.field && Number(current.field.value) !== value) current.field.value = String(value);
      if (document.activeElement !== current.slider && Number(current.slider.value) !== value) current.slider.value = String(value);
    }
  }

  return { render };
}
