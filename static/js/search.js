// Find a node by name: type a name (an input, a named value, v5), the matching nodes are listed by
// their notation, and Enter (or a click) centres the graph on one and selects it. A node inside a
// collapsed group opens its group. Matching reads the engine's names and notation only.

import { h, replace } from "./dom.js";

const MAX_SHOWN = 12;
const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

/** Text as typed: subscript digits as digits, lower case (v₁₂ matches "v12"). */
const plain = (text) => text.toLowerCase().replace(/[₀-₉]/g, (digit) => String(SUBSCRIPTS.indexOf(digit)));

/** The nodes whose name or notation contains `query`, exact names first; at most MAX_SHOWN. */
export function matchNodes(trace, query) {
  const wanted = plain(query.trim());
  if (!wanted || !trace) return [];
  const scored = [];
  for (const node of trace.nodes) {
    const names = [node.name ?? "", node.notation.value.text, node.notation.var.text].filter(Boolean).map(plain);
    if (!names.some((name) => name.includes(wanted))) continue;
    scored.push({ node, exact: names.includes(wanted) ? 0 : 1 });
  }
  scored.sort((a, b) => a.exact - b.exact || a.node.id - b.node.id);
  return scored.slice(0, MAX_SHOWN).map((entry) => entry.node);
}

export function createSearch({ field, list }, { getTrace, onFind }) {
  let matches = [];
  let current = 0;

  function show() {
    list.hidden = matches.length === 0 && !field.value.trim();
    field.setAttribute("aria-expanded", String(!list.hidden));
    replace(list, matches.length ? matches.map((node, i) => {
      const item = h("li", {
        role: "option", id: `search-${node.id}`, class: i === current ? "is-current" : "", "aria-selected": String(i === current),
        "data-node": node.id, "data-testid": `search-result-${node.id}`,
      }, h("span", { class: "search-name" }, node.notation.value.text),
      node.name && node.name !== node.notation.value.text ? h("span", { class: "search-op" }, ` ${node.name}`) : "",
      h("span", { class: "search-op" }, ` ${node.op}`));
      item.addEventListener("pointerdown", (event) => {
        event.preventDefault();
        choose(i);
      });
      return item;
    }) : h("li", { class: "search-none" }, "no node has that name"));
    if (matches.length) field.setAttribute("aria-activedescendant", `search-${matches[current].id}`);
    else field.removeAttribute("aria-activedescendant");
  }

  function choose(i) {
    const node = matches[i];
    if (!node) return;
    onFind(node.id);
    list.hidden = true;
    field.setAttribute("aria-expanded", "false");
  }

  field.addEventListener("input", () => {
    matches = matchNodes(getTrace(), field.value);
    current = 0;
    show();
  });
  field.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!matches.length) return;
      current = (current + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      show();
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(current);
    } else if (event.key === "Escape") {
      list.hidden = true;
      field.blur();
    }
  });
  field.addEventListener("blur", () => {
    list.hidden = true;
  });

  return { focus: () => field.focus() };
}
