// The mode controls: which passes run (evaluation / forward mode / reverse mode / both), forward
// mode's seed direction (one input, or a vector), and which output reverse mode starts from.

import { h, qsa, replace } from "./dom.js";
import { modeNamed, modeReads, modes } from "./meta.js";

/** How an input's quantity is written, from the trace's notation (the name itself before a trace). */
function inputText(trace, name, quantity) {
  const node = trace?.nodes.find((entry) => entry.op === "input" && entry.name === name);
  return node ? node.notation[quantity].text : name;
}

export function createControls({ modeBox, help, seedBox, outputBox }, { onChange }) {
  /** The mode control, one radio per mode of the engine (GET /api/meta). */
  function buildModes() {
    const legend = modeBox.querySelector("legend");
    replace(modeBox, legend, modes().map((mode) => {
      const radio = h("input", { type: "radio", name: "mode", value: mode.name, "data-testid": `mode-${mode.name}` });
      radio.addEventListener("change", () => radio.checked && onChange({ mode: radio.value }));
      return h("label", {}, radio, h("span", {}, mode.label));
    }));
  }
  let seedSignature = "";
  let vectorFor = null; // the input names for which the person chose "a vector of my own"
  let outputSignature = "";

  function render(state) {
    if (!qsa("input[name=mode]", modeBox).length && modes().length) buildModes();
    for (const radio of qsa("input[name=mode]", modeBox)) radio.checked = radio.value === state.mode;
    const mode = modeNamed(state.mode);
    help.textContent = mode ? `${mode.label}: ${mode.description}.` : "";
    const trace = state.trace;
    const names = trace ? Object.keys(trace.inputs) : Object.keys(state.inputs);
    renderSeed(state, names, trace);
    renderOutput(state, trace);
  }

  function renderSeed(state, names, trace) {
    const shown = modeReads(state.mode, "seed") && names.length > 0;
    seedBox.hidden = !shown;
    if (!shown) {
      seedSignature = "";
      return;
    }
    const seed = state.seed ?? { [names[0]]: 1 };
    const single = Object.entries(seed).filter(([, value]) => value !== 0);
    const isAxis = single.length === 1 && single[0][1] === 1 && names.includes(single[0][0]);
    const choice = isAxis && vectorFor !== names.join(",") ? single[0][0] : "__vector";
    const signature = `${names.join(",")}|${choice}|${choice === "__vector" ? JSON.stringify(seed) : ""}`;
    if (signature === seedSignature) return;
    seedSignature = signature;
    const select = h("select", { id: "seed-select", "data-testid": "seed-select" },
      names.map((name) => h("option", { value: name, selected: choice === name },
        `${inputText(trace, name, "tangent")} = 1: along ${inputText(trace, name, "value")} (∂/∂${inputText(trace, name, "value")})`)),
      h("option", { value: "__vector", selected: choice === "__vector" }, "a vector of my own…"));
    select.addEventListener("change", () => {
      vectorFor = select.value === "__vector" ? names.join(",") : null;
      seedSignature = "";
      if (select.value === "__vector") onChange({ seed: Object.fromEntries(names.map((name) => [name, seed[name] ?? 0])) });
      else onChange({ seed: { [select.value]: 1 } });
    });
    const children = [h("label", { for: "seed-select", class: "field-label" }, "Seed direction (forward mode)"), select];
    if (choice === "__vector") {
      children.push(h("div", { class: "seed-vector" }, names.map((name) => {
        const field = h("input", { type: "number", step: "any", value: String(seed[name] ?? 0), "aria-label": `seed of ${name}`, "data-testid": `seed-${name}` });
        field.addEventListener("change", () => {
          if (!Number.isFinite(Number(field.value)) || field.value.trim() === "") return;
          onChange({ seed: { ...Object.fromEntries(names.map((other) => [other, seed[other] ?? 0])), [name]: Number(field.value) } });
        });
        return h("label", { class: "seed-entry" }, h("var", {}, inputText(trace, name, "tangent")), field);
      })));
    }
    replace(seedBox, children);
  }

  function renderOutput(state, trace) {
    const outputs = trace ? trace.outputs : [];
    const shown = modeReads(state.mode, "cotangent") && outputs.length > 1;
    outputBox.hidden = !shown;
    if (!shown) {
      outputSignature = "";
      return;
    }
    const signature = `${outputs.join(",")}|${state.output}`;
    if (signature === outputSignature) return;
    outputSignature = signature;
    const select = h("select", { id: "output-select", "data-testid": "output-select" },
      outputs.map((id, index) => h("option", { value: index, selected: index === state.output },
        `output ${index}: ${trace.nodes[id].notation.value.text}`)));
    select.addEventListener("change", () => onChange({ output: Number(select.value) }));
    replace(outputBox, h("label", { for: "output-select", class: "field-label" }, "Reverse mode starts from (cotangent 1)"), select);
  }

  return { render };
}
