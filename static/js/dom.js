// Tiny DOM helpers, so views read as what they build. No innerHTML of user text anywhere.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Create an HTML element: h("td", {class: "num"}, "7.389", child, ...). */
export function h(tag, attributes = {}, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** Create an SVG element the same way. */
export function s(tag, attributes = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attributes, children);
}

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replace an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

export const qs = (selector, root = document) => root.querySelector(selector);
export const qsa = (selector, root = document) => [...root.querySelectorAll(selector)];

let lastDownloadURL = null;

/** Offer a Blob as a file download. (The previous blob URL is released here, so no timer is needed.) */
export function download(blob, filename) {
  if (lastDownloadURL) URL.revokeObjectURL(lastDownloadURL);
  lastDownloadURL = URL.createObjectURL(blob);
  const link = h("a", { href: lastDownloadURL, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
}

const keepers = new WeakMap(); // box -> IntersectionObserver that keeps one row in view

/**
 * Scroll `row` into view inside its scrolling `box` only (never the page). The positions come from an
 * IntersectionObserver, which reports after the browser's own layout: reading them here would force
 * an extra layout of the whole page on every step.
 */
export function scrollIntoBox(box, row, headerHeight = 34) {
  if (!box || !row) return;
  let keeper = keepers.get(box);
  if (!keeper) {
    keeper = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      const rect = entry.boundingClientRect;
      const bounds = entry.rootBounds;
      if (!bounds) return;
      if (rect.top < bounds.top + headerHeight) box.scrollTop += rect.top - bounds.top - headerHeight - 8;
      else if (rect.bottom > bounds.bottom) box.scrollTop += rect.bottom - bounds.bottom + 8;
    }, { root: box, threshold: [0, 1] });
    keepers.set(box, keeper);
  }
  keeper.disconnect();
  keeper.observe(row);
}
