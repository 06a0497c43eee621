// Pan (drag, one or two fingers), zoom (wheel, pinch, buttons), fit and a camera that follows a box, for an
// SVG whose drawing sits in <g>s (the graph, and the overlay above it).
// The transform is the only thing that changes, so a 2,000-node drawing pans without redrawing.
//
// Two fits: the overview shows the whole drawing, however small; the home view shows it at a readable
// scale at least (`readable`), and what does not fit is reached by the camera, which follows the step.

const MIN_SCALE = 0.02;
const MAX_SCALE = 4;
const MAX_FIT_SCALE = 1.9; // a small graph fills the screen, but not absurdly
const DRAG_THRESHOLD = 4; // pixels before a press becomes a pan (so a click still selects a node)
const PADDING = 16;
const COVER_GAP = 8; // px between the focus and an element covering the view (the minimap)

/** The translation along one axis that shows [low, high] (drawing units) in a view `size` px long at
 * `scale`: centred when it fits; else as close to `want` as keeps the view inside the drawing. */
export function clampAxis(want, low, high, scale, size) {
  const extent = (high - low) * scale;
  if (extent <= size - 2 * PADDING) return (size - extent) / 2 - low * scale;
  const most = PADDING - low * scale; // the drawing's start at the view's start
  const least = size - PADDING - high * scale; // the drawing's end at the view's end
  return Math.min(most, Math.max(least, want));
}

/**
 * The pan along one axis that brings [low, high] (screen px at the current transform) inside [margin,
 * size - margin], moving as little as possible; a box larger than the view keeps its start in view.
 */
export function followAxis(low, high, size, margin) {
  if (low >= margin && high <= size - margin) return 0;
  if (high - low > size - 2 * margin || low < margin) return margin - low;
  return size - margin - high;
}

/**
 * `reserved()` -> pixels at the bottom covered by an overlay (the legend), kept clear when fitting.
 * `covering`: elements drawn over a corner of the view (the minimap); the camera keeps the focus out from
 * under them, their places measured only when they or the view resize.
 * `pinned`: the SVGs sized in pixels to their host (the svg's parent), which is observed instead. An SVG
 * sized in percent is laid out again, every text in it, whenever the page around it is (measured: a
 * changed narration cost 60 ms more on a 2,000-node graph); one sized in pixels is not.
 */
export function createViewport(svg, groups, onChange = () => {}, reserved = () => 0, pinned = [svg], covering = []) {
  let scale = 1;
  let tx = 0;
  let ty = 0;
  let bounds = { x: 0, y: 0, width: 1, height: 1 };
  let readable = 0; // the home view's least scale (0: fit everything)
  let userMoved = false; // after a pan or zoom, a resize keeps the view instead of refitting
  let inOverview = false; // showing the whole drawing (0 again goes back home)
  let focusBox = null; // the box the camera keeps in view (the active step's), in drawing units
  const listeners = [];
  /** The person moved the view: a resize keeps it, and it is no longer the overview. */
  const moved = () => {
    userMoved = true;
    inOverview = false;
  };

  function apply() {
    const transform = `translate(${tx.toFixed(2)},${ty.toFixed(2)}) scale(${scale.toFixed(4)})`;
    for (const group of groups) group.setAttribute("transform", transform);
    onChange(scale);
    for (const listener of listeners) listener(view());
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
  const usable = () => ({ width: size().width, height: Math.max(120, size().height - reservedPx) });

  const fitScale = () => {
    const { width, height } = usable();
    return Math.max(MIN_SCALE, Math.min((width - 2 * PADDING) / bounds.width, (height - 2 * PADDING) / bounds.height, MAX_FIT_SCALE));
  };

  /** Place the drawing at `next` scale, the drawing point (cx, cy) as near the view's centre as the
   * drawing allows (no empty margin where the drawing is larger than the view). */
  function centreOn(next, cx, cy) {
    const { width, height } = usable();
    scale = next;
    tx = clampAxis(width / 2 - cx * scale, bounds.x, bounds.x + bounds.width, scale, width);
    ty = clampAxis(height / 2 - cy * scale, bounds.y, bounds.y + bounds.height, scale, height);
  }

  /** The home view: everything if it is readable so, else readable and following the focus. */
  function home() {
    reservedPx = reserved();
    const next = Math.max(fitScale(), Math.min(readable, MAX_FIT_SCALE));
    const box = focusBox ?? { x: bounds.x, y: bounds.y + bounds.height / 2, width: 0, height: 0 };
    centreOn(next, box.x + box.width / 2, box.y + box.height / 2);
    if (focusBox) follow(focusBox, false);
    userMoved = false;
    inOverview = false;
    apply();
  }

  /** The overview: the whole drawing, however small. */
  function overview() {
    reservedPx = reserved();
    centreOn(fitScale(), bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
    userMoved = true; // a resize keeps the overview the person asked for
    inOverview = true;
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
    moved();
    apply();
  }

  /** How far from the view's edges the camera keeps the focus. */
  function followMargin() {
    const { width, height } = usable();
    return Math.min(60, width / 8, height / 8);
  }

  let covered = []; // the covering elements' rectangles, in the view's px (a hidden one has none)
  function measureCovered() {
    const origin = svg.getBoundingClientRect();
    covered = covering.map((element) => element.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left, bottom: r.bottom - origin.top }));
  }

  /** Pan as little as brings `box` (drawing units) into view, and out from under what covers the view;
   * `render` false: only compute. */
  function follow(box, render = true) {
    const { width, height } = usable();
    const margin = followMargin();
    const dx = followAxis(tx + box.x * scale, tx + (box.x + box.width) * scale, width, margin);
    const dy = followAxis(ty + box.y * scale, ty + (box.y + box.height) * scale, height, margin);
    tx += dx;
    ty += dy;
    const [ux, uy] = uncover(box, margin);
    if (!dx && !dy && !ux && !uy) return;
    if (render) apply();
  }

  /**
   * Pan `box` out from under each covering rectangle it meets: left of it or above it, whichever is the
   * shorter move that keeps the box `margin` from the view's other edge. Returns the pan made.
   */
  function uncover(box, margin) {
    let panX = 0;
    let panY = 0;
    for (const rect of covered) {
      const left = tx + box.x * scale;
      const top = ty + box.y * scale;
      const right = left + box.width * scale;
      const bottom = top + box.height * scale;
      if (right <= rect.left || left >= rect.right || bottom <= rect.top || top >= rect.bottom) continue;
      const byX = rect.left - COVER_GAP - right; // < 0: the drawing moves left
      const byY = rect.top - COVER_GAP - bottom; // < 0: the drawing moves up
      const fitsX = left + byX >= margin;
      const fitsY = top + byY >= margin;
      if (fitsX && (!fitsY || -byX <= -byY)) {
        tx += byX;
        panX += byX;
      } else if (fitsY) {
        ty += byY;
        panY += byY;
      }
    }
    return [panX, panY];
  }

  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const rect = svg.getBoundingClientRect();
    zoomBy(Math.exp(-event.deltaY * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });

  // One pointer pans; two pointers (a phone's pinch) zoom about their midpoint and pan with it.
  const pointers = new Map(); // pointerId -> {x, y}
  let press = null;
  let pinch = null;
  let panned = false; // the last press was a pan, so the click that ends it selects nothing
  const local = (event) => {
    const rect = svg.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const spread = () => {
    const [a, b] = [...pointers.values()];
    return { distance: Math.hypot(a.x - b.x, a.y - b.y) || 1, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  };
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    pointers.set(event.pointerId, local(event));
    if (pointers.size === 2) {
      pinch = { ...spread(), scale, tx, ty };
      press = null;
      panned = true;
      return;
    }
    panned = false;
    press = { x: event.clientX, y: event.clientY, tx, ty, dragging: false, id: event.pointerId };
  });
  svg.addEventListener("pointermove", (event) => {
    if (!pointers.has(event.pointerId)) return;
    pointers.set(event.pointerId, local(event));
    if (pinch && pointers.size === 2) {
      const now = spread();
      const next = Math.max(MIN_SCALE, Math.min(MAX_SCALE, pinch.scale * (now.distance / pinch.distance)));
      // the drawing point under the first midpoint stays under the fingers' midpoint
      tx = now.x - ((pinch.x - pinch.tx) * next) / pinch.scale;
      ty = now.y - ((pinch.y - pinch.ty) * next) / pinch.scale;
      scale = next;
      moved();
      apply();
      return;
    }
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
    moved();
    apply();
  });
  const release = (event) => {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pinch = null;
    if (!press || event.pointerId !== press.id) return;
    if (press.dragging) {
      svg.releasePointerCapture(event.pointerId);
      svg.classList.remove("is-panning");
    }
    press = null;
  };
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);

  const host = svg.parentElement ?? svg;
  new ResizeObserver((entries) => {
    const box = entries[entries.length - 1].contentRect;
    known = { width: box.width || 800, height: box.height || 500 };
    if (host !== svg) {
      for (const element of pinned) {
        element.style.width = `${box.width}px`;
        element.style.height = `${box.height}px`;
      }
    }
    measureCovered();
    if (inOverview) overview(); // still the whole drawing, in the new size (entering present mode)
    else if (!userMoved) home();
    else apply();
  }).observe(host);
  // a covering element shown, hidden or resized: measured again, and the focus moved out from under it
  const coverObserver = new ResizeObserver(() => {
    measureCovered();
    if (focusBox && !userMoved && uncover(focusBox, followMargin()).some(Boolean)) apply();
  });
  for (const element of covering) coverObserver.observe(element);

  /** What the view shows, in drawing units (for the minimap). */
  function view() {
    const { width, height } = size();
    return { x: -tx / scale, y: -ty / scale, width: width / scale, height: height / scale, scale, bounds };
  }

  return {
    /** New drawing bounds; refit unless `keepView` (same layout, new numbers: no jump). */
    setBounds(next, keepView = false) {
      bounds = next;
      if (!keepView) home();
    },
    /** The least scale of the home view (0: fit everything); refits unless the person moved the view. */
    setReadable(next) {
      if (next === readable) return;
      readable = next;
      if (!userMoved) home();
    },
    /** Keep `box` (drawing units: the active step's nodes) in view, panning as little as possible. */
    follow(box) {
      focusBox = box;
      if (box) follow(box);
    },
    /** Centre the drawing point (x, y) at a readable scale at least (a node found by name). */
    show(x, y) {
      centreOn(Math.max(scale, Math.min(readable || 1, MAX_FIT_SCALE)), x, y);
      moved();
      apply();
    },
    /** Centre the drawing point (x, y) at the current scale (the minimap). */
    centre(x, y) {
      centreOn(scale, x, y);
      moved();
      apply();
    },
    home,
    overview,
    toggleOverview: () => (inOverview ? home() : overview()),
    zoomIn: () => zoomBy(1.25),
    zoomOut: () => zoomBy(1 / 1.25),
    onView: (listener) => listeners.push(listener),
    view,
    get scale() {
      return scale;
    },
    get panned() {
      return panned;
    },
  };
}
