// Pan (drag), zoom (wheel, buttons) and fit-to-screen for an SVG whose drawing sits in <g>s (the graph,
// and the overlay above it).
// The transform is the only thing that changes, so a 500-node drawing pans without redrawing.

const MIN_SCALE = 0.05;
const MAX_SCALE = 4;
const MAX_FIT_SCALE = 1.9; // a small graph fills the screen, but not absurdly
const DRAG_THRESHOLD = 4; // pixels before a press becomes a pan (so a click still selects a node)

/** `reserved()` -> pixels at the bottom covered by an overlay (the legend), kept clear when fitting. */
export function createViewport(svg, groups, onChange = () => {}, reserved = () => 0) {
  let scale = 1;
  let tx = 0;
  let ty = 0;
  let bounds = { x: 0, y: 0, width: 1, height: 1 };
  let userMoved = false; // after a pan or zoom, a resize keeps the view instead of refitting

  function apply() {
    const transform = `translate(${tx.toFixed(2)},${ty.toFixed(2)}) scale(${scale.toFixed(4)})`;
    for (const group of groups) group.setAttribute("transform", transform);
    onChange(scale);
  }

  let reservedPx = 0; // the overlay's height, measured when fitting (not on every step)
  let known = null; // the SVG's size, kept by the ResizeObserver (reading it would force a layout)
  function size() {
    if (!known) {
      const rect = svg.getBoundingClientRect();
      known = { width: rect.width || 800, height: rect.height || 500 };
    }
    return known;
  }

  /** Show the whole drawing, centred. */
  function fit() {
    const { width, height: fullHeight } = size();
    reservedPx = reserved();
    const height = Math.max(120, fullHeight - reservedPx);
    const padding = 20;
    scale = Math.min(
      (width - 2 * padding) / bounds.width,
      (height - 2 * padding) / bounds.height,
      MAX_FIT_SCALE,
    );
    scale = Math.max(MIN_SCALE, scale);
    tx = (width - bounds.width * scale) / 2 - bounds.x * scale;
    ty = (height - bounds.height * scale) / 2 - bounds.y * scale;
    userMoved = false;
    apply();
  }

  /** Zoom by `factor` keeping the screen point (cx, cy) fixed (the centre by default). */
  function zoomBy(factor, cx, cy) {
    const { width, height } = size();
    cx ??= width / 2;
    cy ??= height / 2;
    const next = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale * factor));
    tx = cx - ((cx - tx) * next) / scale;
    ty = cy - ((cy - ty) * next) / scale;
    scale = next;
    userMoved = true;
    apply();
  }

  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const rect = svg.getBoundingClientRect();
    zoomBy(Math.exp(-event.deltaY * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });

  let press = null;
  let panned = false; // the last press was a pan, so the click that ends it selects nothing
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    panned = false;
    press = { x: event.clientX, y: event.clientY, tx, ty, dragging: false, id: event.pointerId };
  });
  svg.addEventListener("pointermove", (event) => {
    if (!press || event.pointerId !== press.id) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    if (!press.dragging && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!press.dragging) {
      press.dragging = true;
      panned = true;
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("is-panning");
    }
    tx = press.tx + dx;
    ty = press.ty + dy;
    userMoved = true;
    apply();
  });
  const release = (event) => {
    if (!press || event.pointerId !== press.id) return;
    if (press.dragging) {
      svg.releasePointerCapture(event.pointerId);
      svg.classList.remove("is-panning");
    }
    press = null;
  };
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);

  new ResizeObserver((entries) => {
    const box = entries[entries.length - 1].contentRect;
    known = { width: box.width || 800, height: box.height || 500 };
    if (!userMoved) fit();
  }).observe(svg);

  /** Pan (without zooming) so the drawing point (x, y) is on screen, if it is not. */
  function reveal(x, y) {
    const { width, height } = size();
    const sx = tx + x * scale;
    const sy = ty + y * scale;
    const margin = 60;
    if (sx >= margin && sx <= width - margin && sy >= margin && sy <= height - margin - reservedPx) return;
    tx = width / 2 - x * scale;
    ty = (height - reservedPx) / 2 - y * scale;
    apply();
  }

  return {
    /** New drawing bounds; refit unless `keepView` (same layout, new numbers: no jump). */
    setBounds(next, keepView = false) {
      bounds = next;
      if (!keepView) fit();
    },
    fit,
    reveal,
    zoomIn: () => zoomBy(1.25),
    zoomOut: () => zoomBy(1 / 1.25),
    get scale() {
      return scale;
    },
    get panned() {
      return panned;
    },
  };
}
