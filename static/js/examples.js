// The examples gallery (from GET /api/examples): a dialog of cards, each with its teaching note, and
// the note of the loaded example above the graph.

import { h, replace } from "./dom.js";

export function createExamples({ dialog, gallery, openButton, note }, { onLoad }) {
  let examples = [];
  openButton.addEventListener("click", () => dialog.showModal());

  function setExamples(list) {
    examples = list;
    replace(gallery, list.map((example) => {
      const button = h("button", { type: "button", class: "card", "data-testid": `example-${example.id}`, "data-example": example.id },
        h("span", { class: "card-title" }, example.title),
        h("code", { class: "card-code" }, example.expression),
        h("span", { class: "card-note" }, example.note));
      button.addEventListener("click", () => {
        dialog.close();
        onLoad(example);
      });
      return h("li", {}, button);
    }));
  }

  /** Show the teaching note of the example whose expression is on screen, if any. */
  function renderNote(expression) {
    const example = examples.find((candidate) => candidate.expression.trim() === expression.trim());
    note.hidden = !example;
    if (!example) return;
    const toggle = h("button", { type: "button", class: "note-toggle", "aria-expanded": "false" }, "more");
    toggle.addEventListener("click", () => {
      const open = note.classList.toggle("is-collapsed") === false;
      toggle.textContent = open ? "less" : "more";
      toggle.setAttribute("aria-expanded", String(open));
    });
    note.classList.add("is-collapsed");
    replace(note, h("p", { class: "note-text" }, h("strong", {}, example.title), " ", example.note), toggle);
  }

  return { setExamples, renderNote, get list() { return examples; } };
}
