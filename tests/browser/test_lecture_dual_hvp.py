"""The lecture's dual-number and HVP tabs: what the API says, for every example of the gallery, stepped
through, and measured on screen (nothing wider than the screen; typeset numbers 16 px or more presenting)."""
from __future__ import annotations

import pytest

from app.examples import EXAMPLES

from .conftest import Explorer
from .test_lecture import OVERLAPS, query, wait_ready

LONG = " + ".join(f"sin(x*{k})*y^{k % 3 + 1}" for k in range(1, 60))

# In the page: how far the lecture's content reaches past its panel or the screen (0: nothing cut off).
OVERFLOW = """() => {
  const panel = document.querySelector('[data-testid=lecture-panel]');
  const boxes = [...panel.querySelectorAll('.dual-formula, .dual-node, .dual-window, .hvp-vector, .hvp-costs, .lecture-lead')]
    .filter((e) => e.getClientRects().length > 0).map((e) => e.getBoundingClientRect().right);
  // a formula or a table scrolled sideways inside its own box is cut off too
  const inner = [...panel.querySelectorAll('.dual-formula, .hvp-vector, .dual-line')].map((e) => e.scrollWidth - e.clientWidth);
  return { scroll: Math.max(panel.scrollWidth - panel.clientWidth, ...inner), page: document.documentElement.scrollWidth - innerWidth,
           right: Math.max(0, ...boxes) - Math.min(innerWidth, panel.getBoundingClientRect().right) };
}"""

# In the page: the font size of every typeset digit in the lecture's matrices and tables (KaTeX's and the tables').
NUMBER_SIZES = """() => {
  const host = document.querySelector('[data-testid=lecture-panel]');
  const sizes = [];
  const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!/[0-9]/.test(node.textContent) || element.getClientRects().length === 0) continue;
    if (!element.closest('.dual-formula, .hvp-table, .dual-check')) continue;
    sizes.push({ text: node.textContent.trim().slice(0, 20), px: parseFloat(getComputedStyle(element).fontSize) });
  }
  return sizes;
}"""


@pytest.mark.parametrize("tab", ["dual", "hvp"])
def test_each_tab_renders_every_example_of_the_gallery(explorer: Explorer, tab) -> None:
    for example in EXAMPLES:
        explorer.open(query(example.expression, example.inputs, lecture=tab))
        wait_ready(explorer, tab)
        assert explorer.page.locator(f"[data-testid={tab}-summary]").is_visible(), example.id


def test_the_dual_tab_steps_through_forward_mode_as_the_api_says(explorer: Explorer, api) -> None:
    page = explorer.page
    inputs = {"x": 2, "y": 3}
    explorer.open(query("x*y + sin(x)", inputs, seed="y", step="2", lecture="dual"))
    wait_ready(explorer, "dual")
    expected = api.post("/api/dual", json={"expression": "x*y + sin(x)", "inputs": inputs, "seed": {"x": 0, "y": 1},
                                           "node": 2}).json()
    assert expected["seed"] == {"x": 0.0, "y": 1.0}  # the trace's own seed, from the link
    assert explorer.text("[data-testid=dual-summary]") == expected["summary"]
    record = expected["records"][2]  # the player's step 2 evaluates node 2, x*y: the tab opens there
    assert page.get_attribute("[data-testid=dual-node]", "data-node") == "2"
    assert explorer.text("[data-testid=dual-equation]") == record["equation"]["text"]
    assert explorer.text("[data-testid=dual-identity]") == record["identity"]["text"]
    assert explorer.text("[data-testid=dual-rule]") == "the product rule"
    assert page.get_attribute("[data-testid=dual-check]", "data-agrees") == "true"
    page.click("[data-testid=dual-next]")
    page.wait_for_selector("[data-testid=dual-node][data-node='3']")
    assert explorer.text("[data-testid=dual-rule]") == "the chain rule"
    assert page.locator("[data-testid=dual-check]").count() == 0  # sin: no plain matrix arithmetic to check
    assert explorer.text("[data-testid=dual-position]") == "line 4 of 5"  # node 3, counted from 1
    page.click("[data-testid=dual-window] .dual-line[data-node='0']")
    page.wait_for_selector("[data-testid=dual-node][data-node='0']")
    assert page.is_disabled("[data-testid=dual-previous]")


def test_a_long_program_shows_a_window_and_asks_for_the_next(explorer: Explorer) -> None:
    page = explorer.page
    explorer.open(query(LONG, {"x": 0.5, "y": 1.5}, lecture="dual"))
    wait_ready(explorer, "dual")
    lines = page.locator("[data-testid=dual-window] .dual-line")
    assert lines.count() == 12
    nodes = [int(value) for value in lines.evaluate_all("lines => lines.map((l) => l.dataset.node)")]
    last = nodes[-1]
    assert f"(lines {nodes[0] + 1}–{last + 1} listed)" in explorer.text("[data-testid=dual-position]")
    page.click(f"[data-testid=dual-window] .dual-line[data-node='{last}']")
    page.click("[data-testid=dual-next]")  # past the window: another answer, around the next node
    page.wait_for_selector(f"[data-testid=dual-node][data-node='{last + 1}']")
    assert page.locator(f"[data-testid=dual-window] .dual-line[data-node='{last + 1}'][aria-current=step]").count() == 1
    assert lines.count() == 12


def test_the_hvp_tab_takes_the_traces_direction_and_checks_h_times_v(explorer: Explorer, api) -> None:
    page = explorer.page
    source, inputs = "x*y + sin(x)*y^2", {"x": 0.5, "y": -1.5}
    explorer.open(query(source, inputs, mode="hvp", seed="x:0.5,y:2", lecture="hvp"))
    wait_ready(explorer, "hvp")
    trace = api.post("/api/trace", json={"expression": source, "inputs": inputs, "mode": "hvp",
                                         "seed": {"x": 0.5, "y": 2}}).json()
    expected = api.post("/api/hvp", json={"expression": source, "inputs": inputs, "direction": {"x": 0.5, "y": 2}}).json()
    assert expected["result"] == [trace["hvp"]["result"][name] for name in expected["inputs"]]  # the player's H·v
    shown = page.eval_on_selector_all("[data-testid=hvp-result] td", "cells => cells.map((c) => Number(c.dataset.value))")
    assert shown == expected["result"]
    direction = page.eval_on_selector_all("[data-testid=hvp-direction] td", "cells => cells.map((c) => Number(c.dataset.value))")
    assert direction == [0.5, 2.0]
    assert page.locator("[data-testid=hvp-hessian] td").count() == 4
    assert page.get_attribute("[data-testid=hvp-check]", "data-agrees") == "true"
    assert explorer.text("[data-testid=hvp-summary]") == expected["summary"]
    operations = page.eval_on_selector_all("[data-testid=hvp-costs] .sym-bar", "bars => bars.map((b) => Number(b.dataset.operations))")
    assert operations == [expected["costs"][kind]["operations"] for kind in ("gradient", "hvp", "hessian")]


def test_many_inputs_say_h_is_not_formed(explorer: Explorer) -> None:
    example = next(example for example in EXAMPLES if example.id == "mlp")
    explorer.open(query(example.expression, example.inputs, lecture="hvp"))
    wait_ready(explorer, "hvp")
    assert explorer.text("[data-testid=hvp-hessian]").endswith("not formed: 144 entries")  # the engine's count, 12 x 12
    assert "H has 144 entries and is not formed here" in explorer.text("[data-testid=hvp-summary]")
    assert explorer.page.locator("[data-testid=hvp-check]").count() == 0
    assert "more entries" in explorer.text("[data-testid=hvp-result]")  # 12 inputs: 8 listed, the rest counted


@pytest.mark.parametrize("source, inputs", [("x^y + exp(x)/y", {"x": 2, "y": 1.5}), (LONG, {"x": 0.5, "y": 1.5})])
@pytest.mark.parametrize("tab", ["dual", "hvp"])
def test_presenting_at_1280_nothing_overflows_and_numbers_are_16_px(explorer: Explorer, source, inputs, tab) -> None:
    page = explorer.page
    page.set_viewport_size({"width": 1280, "height": 720})
    explorer.open(query(source, inputs, present="1", step="5", lecture=tab))
    wait_ready(explorer, tab)
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scroll"] <= 0 and overflow["page"] <= 0 and overflow["right"] <= 0.5, overflow
    sizes = page.evaluate(NUMBER_SIZES)
    assert len(sizes) >= 4
    small = [entry for entry in sizes if entry["px"] < 16]
    assert not small, small
    assert page.evaluate(OVERLAPS) == []
    explorer.screenshot(f"lecture-{tab}-present-1280{'-long' if source == LONG else ''}.png")


@pytest.mark.parametrize("tab", ["dual", "hvp"])
def test_on_a_phone_nothing_is_cut_off_horizontally(explorer: Explorer, tab) -> None:
    page = explorer.page
    page.set_viewport_size({"width": 390, "height": 844})
    explorer.open(query("x^y + exp(x)/y", {"x": 2, "y": 1.5}, step="5", lecture=tab))
    wait_ready(explorer, tab)
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scroll"] <= 0 and overflow["page"] <= 0 and overflow["right"] <= 0.5, overflow
    tabs = page.locator("[data-testid=lecture] .lecture-tab")
    for index in range(tabs.count()):
        box = tabs.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390.5, index
    explorer.screenshot(f"lecture-{tab}-390x844.png")


def test_the_hvp_tab_steps_through_one_hvp_in_the_player(explorer: Explorer, api) -> None:
    """From the costs to the passes: the player in mode hvp along the same v, the lecture aside (L brings it back)."""
    page = explorer.page
    inputs = {"x": 1, "y": 3}
    explorer.open(query("x*y + sin(x)*y^2", inputs, lecture="hvp", seed="y:1"))
    wait_ready(explorer, "hvp")
    shown = [float(value) for value in page.eval_on_selector_all(
        "[data-testid=hvp-result] [data-value]", "cells => cells.map((c) => c.dataset.value)")]
    page.click("[data-testid=hvp-play]")
    page.wait_for_selector("[data-testid=lecture]", state="hidden")
    page.wait_for_function("() => new URLSearchParams(location.search).get('mode') === 'hvp'")
    explorer.wait_for_trace()
    assert explorer.step()[0] == 0
    trace = api.post("/api/trace", json={"expression": "x*y + sin(x)*y^2", "inputs": inputs, "mode": "hvp",
                                         "direction": {"x": 0, "y": 1}}).json()
    assert list(trace["hvp"]["result"].values()) == pytest.approx(shown, rel=1e-12)  # the tab's H·v, along y
    page.keyboard.press("l")
    wait_ready(explorer, "hvp")
