// The MLP builder: a fully connected network for given layer sizes, written as a program of the
// engine's language (one neuron function per fan-in, one named statement per unit, a squared-error
// loss), with starting weights. The activation is one of the engine's one-argument primitives, chosen
// from GET /api/meta; nothing here evaluates anything: the engine traces the program the builder writes.

import { h, replace } from "./dom.js";

export const MAX_LAYERS = 6;
export const MAX_UNITS = 12;

/** The engine's primitives a neuron can apply to its sum: those of one argument written as a call. */
export function activations(ops) {
  return ops.filter((op) => op.arity === 1 && !op.symbol).map((op) => op.name);
}

/** Layer sizes from text like "2, 3, 1": {sizes} or {error} naming what is wrong. */
export function parseSizes(text) {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length < 2) return { error: "give at least two layer sizes: the inputs and the outputs, e.g. 2, 3, 1" };
  if (parts.length > MAX_LAYERS) return { error: `at most ${MAX_LAYERS} layers` };
  const sizes = parts.map(Number);
  const bad = parts.find((part, i) => !Number.isInteger(sizes[i]) || sizes[i] < 1 || sizes[i] > MAX_UNITS);
  if (bad !== undefined) return { error: `"${bad}" is not a layer size: a whole number from 1 to ${MAX_UNITS}` };
  return { sizes };
}

// Starting weights: small, mixed in sign, different for every weight, the same every time.
const weight = (index) => Math.round(((((index * 7919) % 23) - 11) / 11) * 0.9 * 100) / 100 || 0.15;

/**
 * The program of a fully connected network with layer sizes `sizes` (inputs first, outputs last) and
 * `activation` applied in every unit: {expression, inputs}. Units are h{layer}_{unit}, the outputs
 * y{unit} (y alone for one), the targets t{unit} (target alone), the loss the sum of squared errors.
 */
export function mlpProgram(sizes, activation) {
  const [inputCount, ...layers] = sizes;
  const lines = [];
  const fanIns = [...new Set(layers.map((_, i) => (i === 0 ? inputCount : layers[i - 1])))].sort((a, b) => a - b);
  const single = fanIns.length === 1;
  const neuronName = (fanIn) => (single ? "neuron" : `neuron${fanIn}`);
  for (const fanIn of fanIns) {
    const xs = Array.from({ length: fanIn }, (_, i) => `a${i + 1}`);
    const ws = Array.from({ length: fanIn }, (_, i) => `w${i + 1}`);
    const sum = xs.map((x, i) => `${ws[i]}*${x}`).join(" + ");
    lines.push(`${neuronName(fanIn)}(${[...xs, ...ws, "b"].join(", ")}) = ${activation}(${sum} + b)`);
  }
  const inputs = {};
  let previous = Array.from({ length: inputCount }, (_, i) => `x${i + 1}`);
  previous.forEach((name, i) => {
    inputs[name] = Math.round((0.5 - i * 0.75) * 100) / 100;
  });
  let count = 0;
  layers.forEach((size, l) => {
    const last = l === layers.length - 1;
    const units = Array.from({ length: size }, (_, j) => (last ? (size === 1 ? "y" : `y${j + 1}`) : `h${l + 1}_${j + 1}`));
    units.forEach((unit, j) => {
      const ws = previous.map((_, i) => `w${l + 1}_${j + 1}_${i + 1}`);
      const b = `b${l + 1}_${j + 1}`;
      for (const name of ws) inputs[name] = weight(++count);
      inputs[b] = Math.round(weight(++count) * 10) / 100;
      lines.push(`${unit} = ${neuronName(previous.length)}(${[...previous, ...ws, b].join(", ")})`);
    });
    previous = units;
  });
  const targets = previous.map((_, j) => (previous.length === 1 ? "target" : `t${j + 1}`));
  targets.forEach((name, j) => {
    inputs[name] = Math.round((0.5 - j * 0.25) * 100) / 100;
  });
  lines.push(previous.map((unit, j) => `(${unit} - ${targets[j]})^2`).join(" + "));
  return { expression: lines.join("\n"), inputs };
}

/** The builder's dialog: layer sizes and an activation; `onBuild({expression, inputs})` loads it. */
export function createBuilder({ dialog, openButton, form, sizes, activation, error }, { getOps, onBuild }) {
  openButton.addEventListener("click", () => {
    const names = activations(getOps());
    const current = activation.value;
    replace(activation, names.map((name) => h("option", { value: name }, name)));
    activation.value = names.includes(current) ? current : names.includes("tanh") ? "tanh" : names[0] ?? "";
    error.hidden = true;
    dialog.showModal();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const parsed = parseSizes(sizes.value);
    if (parsed.error) {
      error.textContent = parsed.error;
      error.hidden = false;
      return;
    }
    dialog.close();
    onBuild(mlpProgram(parsed.sizes, activation.value));
  });
}
