// The list of the program's groups (a menu by the zoom buttons): each one collapses or expands, and
// all of them at once. Nested groups are indented under the group that holds them.

import { h, replace } from "./dom.js";
import { displayName } from "./groups.js";

export function createGroupList({ menu, list, collapseAll, expandAll }, { onToggle, onAll }) {
  collapseAll.addEventListener("click", () => onAll(true));
  expandAll.addEventListener("click", () => onAll(false));

  /** Show the trace's groups, each checked when collapsed; no groups: the menu hides. */
  function render(trace, collapsed) {
    const groups = trace?.groups ?? [];
    menu.hidden = groups.length === 0;
    const closed = new Set(collapsed);
    const depth = (group) => (group.parent === null ? 0 : 1 + depth(groups[group.parent]));
    replace(list, groups.map((group) => {
      const box = h("input", { type: "checkbox", "data-group": group.id, "data-testid": `group-toggle-${group.id}` });
      box.checked = closed.has(group.id);
      box.addEventListener("change", () => onToggle(group.id, box.checked));
      const item = h("li", {},
        h("label", {}, box, " ", displayName(trace, group), h("span", { class: "group-list-size" }, ` ${group.kind}`)));
      item.style.paddingLeft = `${depth(group) * 1.1}rem`; // through the CSSOM: the page's CSP forbids style attributes
      return item;
    }));
  }

  return { render };
}
