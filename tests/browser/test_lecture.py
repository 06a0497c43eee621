"""The lecture view: the Jacobian and the symbolic swell as the API gives them, measured on screen (no
overlapping boxes; text 20 px or more in present mode), in the link, and closed by Escape."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import Explorer

SEVERAL_OUTPUTS = "h = exp(x * sin(x))\nh * 2, h + 1, h^2"
SQUARINGS = "u = x*x\nv = u*u\nw = v*v\nw*w"


def query(source: str, inputs: dict, **extra: str) -> str:
    point = ",".join(f"{name}:{value}" for name, value in inputs.items())
    return f"?expr={quote(source, safe='')}&inputs={point}" + "".join(f"&{key}={value}" for key, value in extra.items())


def wait_ready(explorer: Explorer, tab: str) -> None:
    explorer.page.wait_for_selector(f"[data-testid=lecture-panel][data-state=ready][data-tab={tab}]")


# In the page: the boxes of the lecture's visible pieces that overlap one another (none: []). Pieces are the
# matrix's cells and headers, each method card, each pass button, the reason and the bars' labels.
OVERLAPS = """() => {
  const pieces = [...document.querySelectorAll('[data-testid=lecture] :is(td, th, .jac-method, .jac-pass, .jac-reason,'
    + ' .lecture-tab, .lecture-close, .sym-bar-label, .sym-derivative, .lecture-lead, .jac-factor-name, .jac-factor-line,'
    + ' .jac-factor-partial)')]
    .filter((e) => e.getClientRects().length > 0 && e.checkVisibility()); // not folded in a closed <details>
  const box = (e) => e.getBoundingClientRect();
  const problems = [];
  for (let i = 0; i < pieces.length; i++) {
    for (let j = i + 1; j < pieces.length; j++) {
      const a = pieces[i], b = pieces[j];
      if (a.contains(b) || b.contains(a)) continue;
      const r = box(a), s = box(b);
      if (r.left < s.right - 0.5 && s.left < r.right - 0.5 && r.top < s.bottom - 0.5 && s.top < r.bottom - 0.5) {
        problems.push(`${a.className || a.tagName} "${a.textContent.slice(0, 20)}" overlaps ${b.className || b.tagName} "${b.textContent.slice(0, 20)}"`);
      }
    }
  }
  return problems;
}"""

# In the page: every text shown in the lecture (outside KaTeX's own sub- and superscripts) with the font size
# it is drawn at, and the base size of every typeset formula.
TEXT_SIZES = """() => {
  const host = document.querySelector('[data-testid=lecture]');
  const sizes = [];
  const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest('.katex, .visually-hidden') || element.getClientRects().length === 0) continue;
    sizes.push({ text: node.textContent.trim().slice(0, 30), px: parseFloat(getComputedStyle(element).fontSize) });
  }
  for (const math of host.querySelectorAll('.katex')) {
    if (math.getClientRects().length) sizes.push({ text: math.closest('.tex').dataset.text.slice(0, 30), px: parseFloat(getComputedStyle(math).fontSize) });
  }
  return sizes;
}"""


def test_the_jacobian_tab_shows_what_the_api_says_and_lights_each_pass(explorer: Explorer, api) -> None:
    page = explorer.page
    inputs = {"x": 0.5}
    explorer.open(query(SEVERAL_OUTPUTS, inputs))
    assert page.is_hidden("[data-testid=lecture]")
    page.click("[data-testid=lecture-button]")
    wait_ready(explorer, "jacobian")
    expected = api.post("/api/jacobian", json={"expression": SEVERAL_OUTPUTS, "inputs": inputs}).json()
    # the matrix: every entry's name and value, in the engine's notation
    for i, row in enumerate(expected["matrix"]):
        for j, value in enumerate(row):
            cell = f"[data-testid=jac-cell-{i}-{j}]"
            assert float(page.get_attribute(cell, "data-value")) == value
            assert expected["entries"][i][j]["text"] in explorer.text(cell)
    for method in ("forward_mode", "reverse_mode"):
        card = explorer.text(f"[data-testid=method-{method}]")
        assert expected[method]["summary"] in card
        assert expected[method]["bracketing"]["text"] in card
        passes, operations = expected[method]["passes"], expected[method]["operations"]
        assert f"{passes} pass" in explorer.text(f"[data-testid=cost-{method}]")
        assert f"{operations} multiply-adds" in explorer.text(f"[data-testid=cost-{method}]")
    assert explorer.text("[data-testid=jac-reason]") == expected["reason"]
    recommended = expected["recommended"]
    assert page.locator(f"[data-testid=method-{recommended}] [data-testid=recommended]").count() == 1
    assert page.locator("[data-testid=recommended]").count() == 1
    # a reverse-mode pass lights its row, a forward-mode pass its column, and shows its own bracketing
    page.click("[data-testid=pass-reverse_mode-1]")
    lit = page.eval_on_selector_all("td.is-given", "cells => cells.map(c => c.dataset.cell)")
    assert lit == [f"1,{j}" for j in range(len(expected["inputs"]))]
    assert page.get_attribute("[data-testid=pass-reverse_mode-1]", "aria-pressed") == "true"
    assert expected["reverse_mode"]["each_pass"][1]["bracketing"]["text"] in explorer.text("[data-testid=bracketing-reverse_mode]")
    page.click("[data-testid=pass-forward_mode-0]")
    lit = page.eval_on_selector_all("td.is-given", "cells => cells.map(c => c.dataset.cell)")
    assert lit == [f"{i},0" for i in range(len(expected["outputs"]))]
    # the link reopens the tab; Escape closes the view and the link forgets it; the trace stayed
    page.wait_for_function("() => new URLSearchParams(location.search).get('lecture') === 'jacobian'")
    step_before = explorer.step()
    for key in ("ArrowRight", "PageDown", "End", "ArrowLeft"):  # the player's keys do not move it unseen
        page.keyboard.press(key)
    page.wait_for_timeout(200)
    assert explorer.step() == step_before
    page.keyboard.press("Escape")
    page.wait_for_selector("[data-testid=lecture]", state="hidden")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('lecture')")
    assert explorer.step() == step_before and page.is_visible("[data-testid=graph]")
    assert page.evaluate("() => document.activeElement.dataset.testid") == "lecture-button"  # focus comes back
    explorer.screenshot("lecture-jacobian-1440.png")


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_the_lecture_boxes_do_not_overlap(explorer: Explorer, width, height) -> None:
    page = explorer.page
    page.set_viewport_size({"width": width, "height": height})
    explorer.open(query(SEVERAL_OUTPUTS, {"x": 0.5}, lecture="jacobian"))
    wait_ready(explorer, "jacobian")
    assert page.evaluate(OVERLAPS) == []
    lecture = page.locator("[data-testid=lecture]").bounding_box()
    assert lecture["x"] >= 0 and lecture["x"] + lecture["width"] <= width + 0.5
    page.click("[data-testid=lecture-tab-symbolic]")
    wait_ready(explorer, "symbolic")
    assert page.evaluate(OVERLAPS) == []
    explorer.screenshot(f"lecture-{width}x{height}.png")


def test_present_mode_text_is_20_px_and_the_link_opens_the_symbolic_tab(explorer: Explorer, api) -> None:
    page = explorer.page
    page.set_viewport_size({"width": 1280, "height": 720})
    explorer.open(query(SEVERAL_OUTPUTS, {"x": 0.5}, present="1", lecture="jacobian"))
    wait_ready(explorer, "jacobian")
    sizes = page.evaluate(TEXT_SIZES)
    assert len(sizes) > 20
    small = [entry for entry in sizes if entry["px"] < 20]
    assert not small, small
    assert page.evaluate(OVERLAPS) == []
    # the matrix and both methods are on the screen at once, without scrolling
    for selector in ("[data-testid=jac-matrix]", "[data-testid=method-forward_mode]", "[data-testid=method-reverse_mode]"):
        box = page.locator(selector).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 720, selector
    explorer.screenshot("lecture-present-1280.png")
    # what each J_k is: folded at first; opened, each factor written shows its node's Wengert line and row
    expected = api.post("/api/jacobian", json={"expression": SEVERAL_OUTPUTS, "inputs": {"x": 0.5}}).json()
    trace = api.post("/api/trace", json={"expression": SEVERAL_OUTPUTS, "inputs": {"x": 0.5}}).json()
    assert page.is_hidden("[data-testid=jac-factors] .jac-factor-list")
    page.click("[data-testid=jac-factors] > summary")
    for factor in expected["factors"]:
        node = trace["nodes"][factor["node"]]
        row = explorer.text(f"[data-testid=factor-{factor['index']}]")
        assert factor["notation"]["text"] in row and f"{node['notation']['var']['text']} =" in row
        shown = page.locator(f"[data-testid=factor-{factor['index']}] .jac-factor-partial")
        assert shown.count() == len(node["operands"])
    assert expected["factors_note"] in explorer.text("[data-testid=jac-factors]")
    assert page.evaluate(OVERLAPS) == []  # before scrolling: scrolled up, the cells pass under the tabs
    page.locator("[data-testid=jac-factors]").scroll_into_view_if_needed()
    assert not [entry for entry in page.evaluate(TEXT_SIZES) if entry["px"] < 20]
    panel = page.locator("[data-testid=lecture-panel]").bounding_box()
    for row in page.locator("[data-testid=jac-factors] .jac-factor-partial").all():
        box = row.bounding_box()
        assert box["x"] + box["width"] <= panel["x"] + panel["width"] + 0.5  # no row runs off the panel
    explorer.screenshot("lecture-factors-present-1280.png")
    # the symbolic tab from a link: the swell of repeated squaring against the trace
    inputs = {"x": 1.1}
    explorer.open(query(SQUARINGS, inputs, present="1", lecture="symbolic"))
    wait_ready(explorer, "symbolic")
    expected = api.post("/api/symbolic", json={"expression": SQUARINGS, "inputs": inputs}).json()
    assert explorer.text("[data-testid=sym-summary]") == expected["summary"]
    sizes = page.eval_on_selector_all("[data-testid=sym-bars] .sym-bar", "bars => bars.map(b => Number(b.dataset.size))")
    derivative = expected["derivatives"]["x"]
    assert sizes == [derivative["size"], derivative["simplified"]["size"], expected["trace_size"]["nodes"],
                     expected["trace_size"]["steps"]]
    assert f"{derivative['size']} nodes" in explorer.text("[data-testid=sym-size-x]")
    small = [entry for entry in page.evaluate(TEXT_SIZES) if entry["px"] < 20]
    assert not small, small
    explorer.screenshot("lecture-symbolic-present-1280.png")
    page.keyboard.press("Escape")
    page.wait_for_selector("[data-testid=lecture]", state="hidden")
    page.keyboard.press("l")  # opens again at the tab it had
    wait_ready(explorer, "symbolic")


def test_in_present_mode_many_inputs_keep_the_matrix_and_both_methods_on_screen(explorer: Explorer) -> None:
    """Nine inputs: the matrix takes the width, and both methods, with the recommendation, sit under it."""
    page = explorer.page
    page.set_viewport_size({"width": 1280, "height": 720})
    inputs = {"w1": 0.5, "x1": 1, "w2": -0.25, "x2": 2, "w3": 1.5, "x3": -1, "w4": 0.1, "x4": 3, "target": 1}
    explorer.open(query("(w1*x1 + w2*x2 + w3*x3 + w4*x4 - target)^2", inputs, present="1", lecture="jacobian"))
    wait_ready(explorer, "jacobian")
    matrix = page.locator("[data-testid=jac-matrix]").bounding_box()
    assert matrix["x"] + matrix["width"] <= 1280  # every column on screen, none scrolled away
    for selector in ("[data-testid=jac-matrix]", "[data-testid=method-forward_mode]", "[data-testid=method-reverse_mode]",
                     "[data-testid=recommended]"):
        box = page.locator(selector).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 720, selector
    assert page.evaluate(OVERLAPS) == []
    assert not [entry for entry in page.evaluate(TEXT_SIZES) if entry["px"] < 20]
    # nine passes of forward mode: six buttons stand for them, the rest counted, the cost under them on screen
    assert page.locator("[data-testid^=pass-forward_mode-]").count() == 6
    assert explorer.text("[data-testid=more-forward_mode]") == "… and 3 more passes"
    cost = page.locator("[data-testid=cost-forward_mode]").bounding_box()
    assert cost["y"] + cost["height"] <= 720 and "9 passes" in explorer.text("[data-testid=cost-forward_mode]")


def test_a_limit_is_the_engines_message(explorer: Explorer) -> None:
    # eight squarings: the written-out derivative is past the server's symbolic size limit
    source = "\n".join(f"u{k} = u{k - 1}*u{k - 1}" for k in range(1, 17)).replace("u0", "x") + "\nu16"
    explorer.allow("400")
    explorer.open(query(source, {"x": 1.0}, lecture="symbolic"))
    explorer.page.wait_for_selector("[data-testid=lecture-panel][data-state=error]")
    message = explorer.text("[data-testid=lecture-error]")
    assert "expression swell that automatic differentiation avoids" in message
