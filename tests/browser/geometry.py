"""What the graph shows, measured on screen: its labels' and nodes' bounding boxes, and the rules a
picture on a projector must keep (tests/browser/test_labels.py, test_presenting.py)."""
from __future__ import annotations

# In the page: the violations of the label rules at the current step, as sentences (none: []).
# Labels are the shown badges, edge labels, contributions and captions; a label overlaps no node, no
# group's collapse tag and no other label; an edge's label (a cached partial, the active partial, a contribution) has its centre
# nearer its own edge's drawn line than any other edge's.
LABEL_RULES = """() => {
  const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
    && Number(getComputedStyle(e).opacity) > 0.05;
  const box = (e) => { const r = e.getBoundingClientRect(); return { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom }; };
  const overlap = (a, b, tol = 0.5) => a.x0 < b.x1 - tol && b.x0 < a.x1 - tol && a.y0 < b.y1 - tol && b.y0 < a.y1 - tol;
  const name = (e) => (e.getAttribute('class') || '') + ' "' + e.textContent.trim() + '"';
  const graph = document.querySelector('[data-testid=graph]');
  const overlay = document.querySelector('.graph-overlay');
  const nodes = [...graph.querySelectorAll('.node')].filter(visible).map((n) => ({ id: n.dataset.node,
    r: box(n.querySelector('.ring') ?? n.querySelector('.shape')) }));
  const labels = [
    ...graph.querySelectorAll('.badge.is-shown, .edge-label.is-shown:not(.is-yielded), .caption, .const-chip'),
    ...overlay.querySelectorAll('.flow-amount'),
  ].filter(visible).map((e) => ({ e, r: box(e), edge: e.dataset.edge ?? null,
    node: e.closest('.node')?.dataset.node ?? null }));
  // an expanded group's collapse tag ("⊟ h1 = neuron#1") is drawn over the graph: no label goes under it
  const tags = [...graph.querySelectorAll('.group-tag')].filter(visible).map((e) => ({ e, r: box(e.querySelector('rect')) }));
  const problems = [];
  for (const label of labels) {
    for (const node of nodes) {
      if (overlap(label.r, node.r)) problems.push(`${name(label.e)} overlaps node ${node.id}`);
    }
    for (const tag of tags) {
      if (overlap(label.r, tag.r)) problems.push(`${name(label.e)} is under the tag ${name(tag.e)}`);
    }
  }
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      if (overlap(labels[i].r, labels[j].r)) problems.push(`${name(labels[i].e)} overlaps ${name(labels[j].e)}`);
    }
  }
  // each edge's drawn line, sampled on screen
  const lines = new Map();
  for (const path of graph.querySelectorAll('path.edge')) {
    const matrix = path.getScreenCTM();
    const length = path.getTotalLength();
    const points = [];
    for (let k = 0; k <= 60; k++) {
      const p = path.getPointAtLength((length * k) / 60);
      points.push([matrix.a * p.x + matrix.c * p.y + matrix.e, matrix.b * p.x + matrix.d * p.y + matrix.f]);
    }
    lines.set(path.dataset.edge, points);
  }
  const distance = (x, y, points) => {
    let best = Infinity;
    for (let k = 1; k < points.length; k++) {
      const [ax, ay] = points[k - 1]; const [bx, by] = points[k];
      const dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
      const t = l2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
      best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
    }
    return best;
  };
  for (const label of labels) {
    if (label.edge === null || label.node !== null) continue;
    const x = (label.r.x0 + label.r.x1) / 2; const y = (label.r.y0 + label.r.y1) / 2;
    const own = distance(x, y, lines.get(label.edge));
    for (const [key, points] of lines) {
      if (key !== label.edge && distance(x, y, points) <= own) {
        problems.push(`${name(label.e)} of edge ${label.edge} is nearer edge ${key}`);
        break;
      }
    }
  }
  return problems;
}"""

# In the page: how tall each node's value is on screen (px), for the nodes inside the graph's view.
VALUE_HEIGHTS = """() => {
  const view = document.querySelector('[data-testid=graph]').getBoundingClientRect();
  return [...document.querySelectorAll('.node .value')].filter((t) => t.textContent.trim() !== '').map((t) => {
    const r = t.getBoundingClientRect();
    const inside = r.left >= view.left && r.right <= view.right && r.top >= view.top && r.bottom <= view.bottom;
    return { node: t.closest('.node').dataset.node, height: r.height, inside,
             fontPx: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a };
  });
}"""
