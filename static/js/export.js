// Export: the graph at the current step as SVG (styles inlined, so it stands alone) and PNG (the same
// SVG drawn onto a canvas), the trace as JSON, and the tables as LaTeX (from the API's export).

import { exportAs } from "./api.js";
import { download } from "./dom.js";

const STYLE_PROPERTIES = [
  "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "stroke-linecap",
  "stroke-linejoin", "opacity", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
  "dominant-baseline", "text-decoration", "paint-order", "marker-start", "marker-end", "letter-spacing",
];

const localURL = (value) => value.replace(/url\("?[^#")]*#([^")]+)"?\)/g, "url(#$1)");

/**
 * Draw every part of the graph while `fn` runs: what the view leaves out to stay fast (the parts off
 * screen, and the texts when zoomed out) belongs in an export, which shows the whole drawing at scale 1.
 * What a collapsed group hides stays hidden: the export is the state on screen, groups included.
 */
function drawnWhole(svg, fn) {
  const off = [...svg.querySelectorAll(".is-off")];
  const far = svg.classList.contains("is-far");
  for (const element of off) element.classList.remove("is-off");
  svg.classList.remove("is-far");
  try {
    return fn();
  } finally {
    for (const element of off) element.classList.add("is-off");
    if (far) svg.classList.add("is-far");
  }
}

/** The graph as a standalone SVG document: computed styles inlined, the whole drawing in view, at
 * scale 1 (its texts as large as at zoom 1). */
export function graphSVG(svg, bounds) {
  return drawnWhole(svg, () => standalone(svg, bounds));
}

function standalone(svg, bounds) {
  const clone = svg.cloneNode(true);
  const originals = [svg, ...svg.querySelectorAll("*")];
  const copies = [clone, ...clone.querySelectorAll("*")];
  const hidden = [];
  originals.forEach((original, index) => {
    const copy = copies[index];
    const style = getComputedStyle(original);
    const inDefs = original.closest("defs") !== null;
    if (index > 0 && !inDefs && (style.display === "none" || style.visibility === "hidden")) {
      hidden.push(copy);
      return;
    }
    for (const property of STYLE_PROPERTIES) {
      const value = style.getPropertyValue(property);
      if (value && value !== "none" && value !== "normal" && value !== "auto") copy.style.setProperty(property, localURL(value));
      else if (value === "none" && (property === "fill" || property === "stroke")) copy.style.setProperty(property, "none");
    }
  });
  for (const element of hidden) element.remove();
  for (const element of clone.querySelectorAll(".flows, animateMotion")) element.remove();
  for (const element of clone.querySelectorAll("[tabindex]")) element.removeAttribute("tabindex");
  clone.querySelector(".viewport")?.removeAttribute("transform");
  clone.setAttribute("viewBox", `${bounds.x} ${bounds.y} ${bounds.width} ${bounds.height}`);
  // the page sizes its svg in pixels (viewport.js): the file's size is the drawing's
  clone.style.removeProperty("width");
  clone.style.removeProperty("height");
  clone.setAttribute("width", String(Math.round(bounds.width)));
  clone.setAttribute("height", String(Math.round(bounds.height)));
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.removeAttribute("class");
  const background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [name, value] of Object.entries({ x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height })) {
    background.setAttribute(name, String(value));
  }
  background.style.setProperty("fill", getComputedStyle(svg.parentElement).getPropertyValue("--graph-bg").trim() || "#ffffff");
  clone.insertBefore(background, clone.querySelector(".viewport"));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

export function downloadSVG(svg, bounds, name) {
  download(new Blob([graphSVG(svg, bounds)], { type: "image/svg+xml" }), `${name}.svg`);
}

/** Draw the SVG onto a canvas (twice the size, for sharp slides) and offer it as a PNG. */
export async function downloadPNG(svg, bounds, name) {
  const url = URL.createObjectURL(new Blob([graphSVG(svg, bounds)], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.decoding = "sync";
    await new Promise((resolve, reject) => {
      image.onload = resolve;
      image.onerror = () => reject(new Error("the browser could not draw the SVG"));
      image.src = url;
    });
    // twice the size, as far as a canvas goes (16,384 px a side, 2^28 px in all in Chromium)
    const scale = Math.min(2, 16000 / Math.max(bounds.width, bounds.height), Math.sqrt(2.6e8 / (bounds.width * bounds.height)));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bounds.width * scale);
    canvas.height = Math.round(bounds.height * scale);
    canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    download(blob, `${name}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function downloadJSON(trace, name) {
  download(new Blob([JSON.stringify(trace, null, 2)], { type: "application/json" }), `${name}.json`);
}

export async function downloadLaTeX(body, name) {
  const text = await exportAs(body, "latex");
  download(new Blob([text], { type: "application/x-latex" }), `${name}.tex`);
}

/** Export the step shown as SVG or PNG (the drawing), or the trace as JSON or LaTeX; says how it went. */
export async function exportStep(kind, state, graph, request, toast) {
  if (!state.trace) return;
  const name = `chainrule-step-${state.k}`;
  try {
    if (kind === "svg") downloadSVG(graph.svg, graph.bounds, name);
    if (kind === "png") await downloadPNG(graph.svg, graph.bounds, name);
    if (kind === "json") downloadJSON(state.trace, "chainrule-trace");
    if (kind === "latex") await downloadLaTeX(request, "chainrule-tables");
    toast(`Exported ${kind.toUpperCase()}.`);
  } catch (error) {
    toast(`Export failed: ${error.message}`);
  }
}
