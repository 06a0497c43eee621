"""Collapsed groups on a big graph, measured on screen: the 24-neuron network of the builder (issue 9's
worst case, 515 nodes) opens collapsed with boxes that never overlap, clear of every node shown, with
names and numbers large enough to read, at the desk and in present mode; expanding one keeps it so."""
from __future__ import annotations

import pytest

from .conftest import Explorer
from .test_groups import open_big

SIZES = "6,6,6,6,6"  # 24 neurons over 6 inputs

# In the page: the on-screen rectangles of the group boxes, the expanded outlines and the nodes shown,
# of those inside the graph's view; and the heights of the texts of the boxes in view.
ON_SCREEN = """(everywhere) => {
  const view = document.querySelector('[data-testid=graph]').getBoundingClientRect();
  const inView = (r) => r.width > 0 && r.height > 0 && (everywhere || (r.right > view.left && r.left < view.right
    && r.bottom > view.top && r.top < view.bottom));
  const rect = (e) => { const r = e.getBoundingClientRect(); return { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, r }; };
  const pick = (selector, id) => [...document.querySelectorAll(selector)].map((e) => ({ id: id(e), ...rect(e) }))
    .filter((entry) => inView(entry.r));
  const shown = (e) => getComputedStyle(e).display !== 'none' && !e.closest('[data-hidden]');
  return {
    boxes: pick('.group-box .group-shape', (e) => e.closest('.group-box').dataset.group),
    outlines: pick('.group-outline > .group-frame', (e) => e.closest('.group-outline').dataset.group),
    nodes: [...document.querySelectorAll('.nodes > .node')].filter(shown)
      .map((e) => ({ id: e.dataset.node, ...rect(e.querySelector('.shape') ?? e) })).filter((entry) => inView(entry.r)),
    texts: [...document.querySelectorAll('.group-name, .group-box .group-in, .group-box .group-out, .group-tag text')]
      .filter((e) => { const r = e.getBoundingClientRect(); return e.textContent.trim() && r.width > 0
        && r.right > view.left && r.left < view.right && r.bottom > view.top && r.top < view.bottom; })
      .map((e) => ({ text: e.textContent.trim(), group: e.closest('[data-group]')?.dataset.group ?? null, ...rect(e),
        height: e.getBoundingClientRect().height })),
  };
}"""


def overlapping(first: list[dict], second: list[dict], same: bool) -> list[tuple[str, str]]:
    """The pairs of rectangles (by id) that overlap by more than a pixel."""
    pairs = []
    for index, a in enumerate(first):
        for b in (first[index + 1:] if same else second):
            if a["x0"] < b["x1"] - 1 and b["x0"] < a["x1"] - 1 and a["y0"] < b["y1"] - 1 and b["y0"] < a["y1"] - 1:
                pairs.append((a["id"], b["id"]))
    return pairs


def check_screen(explorer: Explorer, least_text: float, everywhere: bool = False) -> dict:
    """Boxes, outlines and nodes in view (or `everywhere`, off screen too) never overlap; the texts of
    the boxes in view are at least `least_text` px tall."""
    screen = explorer.page.evaluate(ON_SCREEN, everywhere)
    assert screen["boxes"], "no group box in view"
    assert overlapping(screen["boxes"], [], same=True) == []
    assert overlapping(screen["boxes"], screen["nodes"], same=False) == []  # no node shown lies under a box
    assert overlapping(screen["boxes"], screen["outlines"], same=False) == []
    small = [entry for entry in screen["texts"] if entry["height"] < least_text]
    assert screen["texts"] and small == []
    return screen


@pytest.mark.parametrize("view", ["desk 1440x900", "present 1280x720", "present 1280x720 by the P key"])
def test_the_24_neurons_open_collapsed_in_boxes_that_never_overlap(explorer: Explorer, view: str) -> None:
    page = explorer.page
    present = view.startswith("present")
    by_key = view.endswith("P key")  # opened at the desk, then presented: the overview refits the new stage
    page.set_viewport_size({"width": 1280, "height": 720} if present else {"width": 1440, "height": 900})
    count = open_big(explorer, SIZES, "&present=1" if present and not by_key else "")
    if by_key:
        page.keyboard.press("p")
        page.wait_for_function("() => document.body.classList.contains('is-presenting')")
        page.wait_for_timeout(300)  # the stage's resize reaches the viewport in the next frames
    assert count == 509  # 515 nodes, the six constants (the squares' 2) folded
    assert page.locator(".group-box").count() == 24  # each unit's statement, collapsed
    # it opens on the whole network: 24 boxes, none over another, every name readable
    whole = page.evaluate(ON_SCREEN, False)
    assert len(whole["boxes"]) == 24 and overlapping(whole["boxes"], [], same=True) == []
    boxes = {box["id"]: box for box in whole["boxes"]}
    names = [entry for entry in whole["texts"] if entry["group"] in boxes and not entry["text"].startswith("→")]
    assert len(names) == 24 and min(entry["height"] for entry in names) >= 14
    # each name inside its own box: shortened to the statement's name ("h2_1") where the whole is wider
    outside = [name["text"] for name in names if not (boxes[name["group"]]["x0"] - 1 <= name["x0"]
               and name["x1"] <= boxes[name["group"]]["x1"] + 1 and boxes[name["group"]]["y0"] - 1 <= name["y0"]
               and name["y1"] <= boxes[name["group"]]["y1"] + 1)]
    assert outside == [] and "h2_1" in {name["text"] for name in names}
    # the first step brings the camera to a readable zoom on it, where each box lists what goes in
    page.click("[data-testid=narration]")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('[data-testid=step-count]').textContent.trim().startsWith('step 1 ')")
    screen = check_screen(explorer, 14 if present else 10)
    assert any(entry["text"].startswith("→ ") for entry in screen["texts"])  # what goes in, with its name


def test_one_neuron_expanded_keeps_clear_of_the_other_boxes(explorer: Explorer, api) -> None:
    page = explorer.page
    page.set_viewport_size({"width": 1280, "height": 720})
    explorer.open()
    program = page.evaluate(f"async () => (await import('/static/js/builder.js')).mlpProgram([{SIZES}], 'tanh')")
    trace = api.post("/api/trace", json={"expression": program["expression"], "inputs": program["inputs"],
                                         "mode": "both"}).json()
    group_of = [node["group"] for node in trace["nodes"]]
    inside = next(k for k, step in enumerate(trace["steps"]) if group_of[step.get("node") or 0] == 7)
    # h1_4 = neuron#4 (groups 6 and 7) open, the camera on a step inside it
    open_big(explorer, SIZES, f"&present=1&step={inside + 1}&groups="
             + ",".join(str(group) for group in range(48) if group not in (6, 7)))
    assert page.locator(".group-box").count() == 23
    screen = check_screen(explorer, 14, everywhere=True)  # its outline and the 23 boxes, on screen or beside it
    assert [outline["id"] for outline in screen["outlines"]] == ["6"] and len(screen["boxes"]) == 23
    assert page.locator("[data-testid=collapse-6]").is_visible()  # the camera is on the step inside it
