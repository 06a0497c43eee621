"""Groups, the minimap, the search box, the export of a big graph and the MLP builder, in a real browser.

Geometry is measured on screen (bounding boxes of texts and boxes), never compared with a screenshot."""
from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ElementTree

import pytest

from .conftest import Explorer
from .test_sharing import download

MLP = ("neuron(x1, x2, w1, w2, b) = tanh(w1*x1 + w2*x2 + b)\nh1 = neuron(x1, x2, w11, w12, b1)\n"
       "h2 = neuron(x1, x2, w21, w22, b2)\ny = neuron(h1, h2, u1, u2, c)\n(y - target)^2")
SVG = "{http://www.w3.org/2000/svg}"

# In the page: what is drawn in the graph's view (a box with a size, inside the graph's rectangle).
SHOWN = """(selector) => {
  const view = document.querySelector('[data-testid=graph]').getBoundingClientRect();
  return [...document.querySelectorAll(selector)].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > view.left && r.left < view.right && r.bottom > view.top && r.top < view.bottom;
  }).map((e) => { const r = e.getBoundingClientRect();
    return { text: e.textContent.trim(), height: r.height, group: e.closest('[data-group]')?.dataset.group ?? null }; });
}"""


def open_mlp(explorer: Explorer, extra: str = "") -> None:
    explorer.open(f"?expr={urllib.parse.quote(MLP)}&mode=both{extra}")


def open_big(explorer: Explorer, sizes: str = "3,5,5,1", extra: str = "") -> int:
    """A network from the builder's own program text (over 80 nodes); returns its node count."""
    explorer.open()
    program = explorer.page.evaluate(
        f"async () => (await import('/static/js/builder.js')).mlpProgram([{sizes}], 'tanh')")
    inputs = ",".join(f"{name}:{value}" for name, value in program["inputs"].items())
    explorer.open(f"?expr={urllib.parse.quote(program['expression'])}&inputs={inputs}&mode=both{extra}")
    return explorer.page.locator(".nodes > .node").count()


def shown(explorer: Explorer, selector: str) -> list[dict]:
    return explorer.page.evaluate(SHOWN, selector)


def test_a_group_collapses_into_a_box_with_its_inputs_and_outputs_and_expands_again(explorer: Explorer) -> None:
    page = explorer.page
    open_mlp(explorer, "&step=25")
    assert page.locator(".group-box").count() == 0  # 30 nodes: the groups open expanded
    page.focus("[data-testid=collapse-2]")  # the tag on the outline of h2 = neuron#2
    page.keyboard.press("Enter")
    box = page.locator("[data-testid=group-2]")
    assert box.is_visible()
    assert page.locator("[data-testid=group-name-2]").text_content() == "h2 = neuron#2"
    members = [13, 14, 15, 16, 17]
    assert all(not page.locator(f"[data-testid=node-{i}]").is_visible() for i in members)
    texts = page.eval_on_selector_all("[data-testid=group-2] .group-in, [data-testid=group-2] .group-out",
                                      "els => els.map(e => e.textContent)")
    # what goes in (x1, x2, w21, w22, b2) and what comes out (h2), with the numbers reached at step 25
    assert len(texts) == 7 and texts[0] == "→ x₁ = 1" and re.match(r"h₂ = −?\d", texts[-2])
    box.focus()
    page.keyboard.press("Enter")
    assert page.locator(".group-box").count() == 0
    assert all(page.locator(f"[data-testid=node-{i}]").is_visible() for i in members)


def test_a_big_graph_opens_collapsed_and_the_group_list_expands_all(explorer: Explorer) -> None:
    page = explorer.page
    count = open_big(explorer)
    assert count > 80
    boxes = page.locator(".group-box").count()
    assert boxes == page.evaluate("() => document.querySelectorAll('.group-list input').length") // 2
    visible = page.eval_on_selector_all(".nodes > .node", "ns => ns.filter(n => getComputedStyle(n).display !== 'none' && !n.classList.contains('is-off')).length")
    assert visible < count / 2  # the members are hidden behind their boxes
    page.click("[data-testid=group-menu] summary")
    page.click("[data-testid=expand-all]")
    assert page.locator(".group-box").count() == 0


def test_a_summary_step_takes_a_collapsed_group_at_once_and_opens_step_by_step(explorer: Explorer) -> None:
    page = explorer.page
    open_mlp(explorer, "&groups=0,1,2,3,4,5&step=5")  # the five inputs of neuron#1 evaluated
    page.keyboard.press("ArrowRight")
    assert explorer.step()[0] == 10  # neuron#1's five nodes as one step
    assert explorer.text("[data-testid=equation]") == "evaluation runs through h1 = neuron#1: 5 steps over 5 nodes"
    assert "h₁ = " in explorer.text("[data-testid=summary-io]")
    page.keyboard.press("ArrowLeft")
    assert explorer.step()[0] == 5
    page.keyboard.press("End")  # reverse mode's last run: back through neuron#1
    assert explorer.text("[data-testid=equation]").startswith("reverse mode runs back through h1 = neuron#1: ")
    page.keyboard.press("ArrowLeft")  # the run before it: back through neuron#2
    assert explorer.text("[data-testid=equation]").startswith("reverse mode runs back through h2 = neuron#2: ")
    page.keyboard.press("Home")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert explorer.step()[0] == 10
    page.click("[data-testid=open-summary]")
    assert explorer.step()[0] == 6  # the first of its steps, now one by one
    assert page.locator("[data-testid=node-5]").is_visible()
    assert explorer.text("[data-testid=equation]").startswith("v₅ = ")
    page.keyboard.press("ArrowRight")
    assert explorer.step()[0] == 7


def test_the_link_keeps_the_collapsed_groups(explorer: Explorer) -> None:
    page = explorer.page
    open_mlp(explorer)
    page.focus("[data-testid=collapse-4]")
    page.keyboard.press("Enter")
    page.click("[data-testid=copy-link]")
    page.wait_for_selector("[data-testid=toast].is-shown")
    assert "groups=4" in page.url
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    explorer.wait_for_trace()
    assert [box["group"] for box in shown(explorer, ".group-names .group-name")] == ["4"]
    page.click("[data-testid=narration]")
    page.keyboard.press("g")  # some collapsed: G expands them all, and the link says so
    page.wait_for_function("() => location.search.includes('groups=none')")
    assert page.locator(".group-box").count() == 0
    page.keyboard.press("g")  # then collapses them all
    page.wait_for_function("() => location.search.includes('groups=0,1,2,3,4,5')")


def test_zoomed_out_the_groups_names_and_the_active_path_stay_readable(explorer: Explorer) -> None:
    page = explorer.page
    open_big(explorer, extra="&step=1000")  # the end: reverse mode's last step
    page.click("[data-testid=narration]")
    page.keyboard.press("0")  # the whole graph
    assert page.evaluate("() => document.querySelector('[data-testid=graph]').classList.contains('is-far')")
    names = shown(explorer, ".group-names .group-name")
    assert len(names) == page.locator(".group-box").count() >= 5
    assert min(name["height"] for name in names) >= 12  # readable names, not a grey smear
    rects = page.eval_on_selector_all(".group-names .group-name", "ns => ns.map(n => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
    overlaps = [(a, b) for i, a in enumerate(rects) for b in rects[i + 1:]
                if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1]
    assert overlaps == []  # no name covers another
    values = shown(explorer, ".node .value")
    assert values == []  # node texts are left out at this zoom
    active = page.eval_on_selector_all(".edge.is-active", """es => es.map(e => ({ w: e.getBoundingClientRect().width + e.getBoundingClientRect().height,
        stroke: parseFloat(getComputedStyle(e).strokeWidth), display: getComputedStyle(e).display }))""")
    assert active and all(edge["display"] != "none" and edge["w"] > 0 and edge["stroke"] >= 5 for edge in active)


def test_the_minimap_shows_where_the_view_is_and_moves_it(explorer: Explorer) -> None:
    page = explorer.page
    open_big(explorer, extra="&groups=none")
    minimap = page.locator("[data-testid=minimap]")
    assert minimap.is_visible()  # the graph does not fit at a readable zoom
    transform = lambda: page.get_attribute(".graph .viewport", "transform")
    frame = lambda: page.locator("[data-testid=minimap-frame]").bounding_box()
    before, frame_before = transform(), frame()
    box = minimap.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.5)
    assert transform() != before
    assert frame()["x"] > frame_before["x"] + 10  # the frame went where the view went
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5, steps=4)
    page.mouse.up()
    assert frame()["x"] < frame_before["x"] + box["width"] * 0.3


def test_search_finds_a_node_by_name_opens_its_group_centres_and_selects_it(explorer: Explorer) -> None:
    page = explorer.page
    open_big(explorer)
    page.keyboard.press("/")
    page.keyboard.type("h2_3")
    results = page.locator("[data-testid=search-results] li")
    assert results.count() >= 1 and results.first.inner_text().startswith("h")
    node = int(results.first.get_attribute("data-node"))
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.search.includes('node={node}')")
    element = page.locator(f"[data-testid=node-{node}]")
    assert element.is_visible()  # its group opened
    assert "is-selected" in element.get_attribute("class")
    graph, found = page.locator("[data-testid=graph]").bounding_box(), element.bounding_box()
    centre = (found["x"] + found["width"] / 2, found["y"] + found["height"] / 2)
    assert abs(centre[0] - (graph["x"] + graph["width"] / 2)) < graph["width"] / 4
    assert abs(centre[1] - (graph["y"] + graph["height"] / 2)) < graph["height"] / 4


def test_the_svg_export_of_a_big_graph_keeps_its_labels_readable(explorer: Explorer, tmp_path) -> None:
    page = explorer.page
    count = open_big(explorer, extra="&groups=none&step=40")
    page.click("[data-testid=narration]")
    page.keyboard.press("0")  # zoomed out: texts are hidden on screen, but not in the export
    svg = ElementTree.parse(download(page, "export-svg")).getroot()
    scale = float(svg.get("width")) / float(svg.get("viewBox").split()[2])
    nodes = [g for g in svg.iter(f"{SVG}g") if g.get("data-node") and "node" in (g.get("class") or "").split()]
    assert len(nodes) == count  # every node, those off screen too
    values = [t for t in svg.iter(f"{SVG}text") if (t.get("class") or "") == "value" and "".join(t.itertext()).strip()]
    assert len(values) >= 20
    sizes = [float(re.search(r"font-size:\s*([\d.]+)px", t.get("style")).group(1)) * scale for t in values]
    assert min(sizes) >= 14  # at least 14 px in the drawing as exported


@pytest.mark.parametrize("sizes, activation", [("2, 3, 1", "tanh"), ("3, 4, 2", "relu"), ("1, 2, 2, 1", "sigmoid")])
def test_the_builder_writes_a_program_that_traces(explorer: Explorer, sizes: str, activation: str) -> None:
    page = explorer.page
    explorer.open()
    page.click("[data-testid=builder-button]")
    options = page.eval_on_selector_all("[data-testid=builder-activation] option", "os => os.map(o => o.value)")
    assert activation in options and "add" not in options
    page.fill("[data-testid=builder-sizes]", sizes)
    page.select_option("[data-testid=builder-activation]", activation)
    page.click("[data-testid=builder-build]")
    explorer.wait_for_trace()
    page.wait_for_function("() => document.querySelector('[data-testid=source]').value.includes('neuron')")
    explorer.wait_for_trace()
    source = page.input_value("[data-testid=source]")
    assert f"= {activation}(" in source and source.splitlines()[-1].endswith("^2")
    assert page.locator("[data-testid=error]").is_hidden()
    assert explorer.step()[1] > 0
    units = sum(int(size) for size in sizes.split(",")[1:])
    assert len([line for line in source.splitlines() if re.match(r"^(h\d+_\d+|y\d*) = neuron", line)]) == units


def test_the_builder_says_what_is_wrong_with_the_sizes(explorer: Explorer) -> None:
    page = explorer.page
    explorer.open()
    page.click("[data-testid=builder-button]")
    page.fill("[data-testid=builder-sizes]", "2, 0")
    page.click("[data-testid=builder-build]")
    assert page.inner_text("[data-testid=builder-error]") == '"0" is not a layer size: a whole number from 1 to 12'
    assert page.locator("[data-testid=builder-dialog]").is_visible()
