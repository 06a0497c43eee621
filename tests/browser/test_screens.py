"""Every screen: nothing clipped horizontally on laptops; on a phone the graph comes first, readable."""
from __future__ import annotations

import pytest

from .conftest import Explorer
from .geometry import VALUE_HEIGHTS

NEURON = "?expr=tanh(w1*x1%2Bw2*x2%2Bb)&inputs=w1:-3,x1:2,w2:1,x2:0,b:6.88&mode=both"

# Each table's overflow past its panel, in px (0: it fits), and the page's own horizontal overflow.
CLIPPED = """() => {
  const out = {};
  for (const table of document.querySelectorAll('.result-table, .table')) {
    const box = table.closest('.panel').getBoundingClientRect();
    const r = table.getBoundingClientRect();
    out[table.dataset.testid || table.className] = Math.max(0, Math.round(r.right - box.right + 1), Math.round(box.left - r.left));
  }
  out.page = document.documentElement.scrollWidth - innerWidth;
  return out;
}"""


@pytest.mark.parametrize("width, height", [(1366, 768), (1440, 900)])
def test_nothing_is_clipped_horizontally_on_a_laptop(explorer: Explorer, width: int, height: int) -> None:
    page = explorer.page
    page.set_viewport_size({"width": width, "height": height})
    explorer.open(NEURON + "&step=30")
    page.wait_for_selector("[data-testid=fd-value]")
    clipped = page.evaluate(CLIPPED)
    assert all(value == 0 for value in clipped.values()), clipped


def test_on_a_phone_the_graph_comes_first_and_is_readable(browser, server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    explorer = Explorer(page, server)
    try:
        explorer.open(NEURON + "&step=12")
        graph = page.locator("[data-testid=graph]").bounding_box()
        assert graph["y"] < 150 and graph["height"] >= 400, graph
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shown = [entry for entry in page.evaluate(VALUE_HEIGHTS) if entry["inside"]]
        assert shown and min(entry["fontPx"] for entry in shown) >= 10.5, shown
        # two fingers apart zoom in (the page's own pinch: touch-action none on the graph)
        before = page.evaluate(VALUE_HEIGHTS)[0]["fontPx"]
        page.evaluate("""() => {
            const svg = document.querySelector('[data-testid=graph]');
            const r = svg.getBoundingClientRect();
            const at = (id, x, y, type) => svg.dispatchEvent(new PointerEvent(type, { pointerId: id, clientX: r.left + x,
                clientY: r.top + y, button: 0, bubbles: true, pointerType: 'touch' }));
            at(1, 150, 200, 'pointerdown'); at(2, 200, 200, 'pointerdown');
            at(1, 100, 200, 'pointermove'); at(2, 250, 200, 'pointermove');
            at(1, 100, 200, 'pointerup'); at(2, 250, 200, 'pointerup');
        }""")
        after = page.evaluate(VALUE_HEIGHTS)[0]["fontPx"]
        assert after == pytest.approx(before * 3, rel=0.05)
    finally:
        context.close()
