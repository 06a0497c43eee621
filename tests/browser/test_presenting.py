"""Presentation mode reads from the back of a lecture hall: measured on screen, for every gallery example."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import Explorer
from .geometry import VALUE_HEIGHTS

EQUATION_SIZES = """() => [...document.querySelectorAll('[data-testid=equation], [data-testid=equation] .katex')]
  .map((e) => parseFloat(getComputedStyle(e).fontSize))"""


def gallery_query(example: dict, **extra: str) -> str:
    inputs = ",".join(f"{name}:{value}" for name, value in example["inputs"].items())
    query = f"?expr={quote(example['expression'], safe='')}&inputs={inputs}&mode={example['mode']}"
    return query + "".join(f"&{key}={value}" for key, value in extra.items())


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_node_values_are_20_px_and_the_equation_28_px_in_present_mode(browser, server, api, width, height) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    page = context.new_page()
    explorer = Explorer(page, server)
    try:
        small = {}
        for example in api.get("/api/examples").json():
            total = len(api.post("/api/trace", json={"expression": example["expression"], "inputs": example["inputs"],
                                                    "mode": example["mode"]}).json()["steps"])
            for k in (total // 2, total):
                explorer.open(gallery_query(example, present="1", step=str(k)))
                heights = page.evaluate(VALUE_HEIGHTS)
                shown = [entry for entry in heights if entry["inside"]]
                assert shown, f"{example['id']} step {k}: no node value on screen"
                too_small = [entry for entry in shown if entry["height"] < 20 or entry["fontPx"] < 18]
                if too_small:
                    small[f"{example['id']} step {k}"] = too_small
                assert min(page.evaluate(EQUATION_SIZES)) >= 28, example["id"]
        assert not small, small
    finally:
        context.close()


def test_present_mode_hides_the_panels_until_asked_and_a_bigger_screen_grows_the_graph_not_the_chrome(
        explorer: Explorer, api) -> None:
    page = explorer.page
    page.set_viewport_size({"width": 1280, "height": 720})
    explorer.open("?expr=tanh(w1*x1%2Bw2*x2%2Bb)&inputs=w1:-3,x1:2,w2:1,x2:0,b:6.88&present=1&step=12")
    assert not page.is_visible("[data-testid=source]")
    assert not page.is_visible("[data-testid=wengert]")
    page.keyboard.press("d")
    page.wait_for_selector("[data-testid=wengert]", state="visible")
    page.keyboard.press("Escape")
    page.wait_for_selector("[data-testid=wengert]", state="hidden")
    page.keyboard.press("PageDown")  # a presentation clicker
    assert explorer.step()[0] == 13

    def measure() -> dict:
        return page.evaluate("""() => ({
            value: document.querySelector('.node .value').getBoundingClientRect().height,
            player: document.querySelector('[data-testid=player]').getBoundingClientRect().height,
            play: parseFloat(getComputedStyle(document.querySelector('[data-testid=play]')).fontSize),
        })""")
    before = measure()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_function("h => document.querySelector('.node .value').getBoundingClientRect().height > h * 1.2",
                           arg=before["value"])
    after = measure()
    assert after["player"] == before["player"] and after["play"] == before["play"]
    page.keyboard.press("p")
    page.wait_for_selector("[data-testid=source]", state="visible")


# In the page: the active step's nodes (shape and caption) that lie under the minimap, when it shows.
UNDER_MINIMAP = """() => {
  const map = document.querySelector('[data-testid=minimap]');
  const m = map && map.getClientRects().length ? map.getBoundingClientRect() : null;
  if (!m || m.width === 0) return null;
  const under = [];
  for (const node of document.querySelectorAll('.nodes > .node:is(.is-active, .is-receiving, .is-seeded)')) {
    for (const part of node.querySelectorAll('.shape, .ring, .caption')) {
      const r = part.getBoundingClientRect();
      if (r.width && r.left < m.right && m.left < r.right && r.top < m.bottom && m.top < r.bottom) {
        under.push(`${node.dataset.node} ${part.getAttribute('class')}`);
      }
    }
  }
  return under;
}"""


@pytest.mark.parametrize("example_id", ["many-inputs", "mlp"])
def test_the_active_node_never_hides_under_the_minimap(browser, server, api, example_id) -> None:
    """Presenting at 1280x720, the camera keeps every step's node and its caption out from under the
    minimap (many-inputs' seed of reverse mode, its output, sat under it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page = context.new_page()
    explorer = Explorer(page, server)
    try:
        example = next(one for one in api.get("/api/examples").json() if one["id"] == example_id)
        explorer.open(gallery_query(example, present="1"))
        total = explorer.step()[1]
        page.click("[data-testid=narration]")
        shown, hidden = 0, {}
        for k in range(1, total + 1):
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"() => document.querySelector('[data-testid=step-count]').textContent.includes('step {k} ')")
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
            under = page.evaluate(UNDER_MINIMAP)
            if under is None:
                continue
            shown += 1
            if under:
                hidden[k] = under
        assert shown > total // 2, "the minimap should show for this example in present mode"
        assert hidden == {}
    finally:
        context.close()
