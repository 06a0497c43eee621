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
