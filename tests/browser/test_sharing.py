"""Sharing, presenting and exporting: the URL restores a step, the keyboard drives the player, exports parse."""
from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from .conftest import Explorer
from .test_stepping import trace_of

SVG = "{http://www.w3.org/2000/svg}"


def test_the_share_url_restores_the_same_step(explorer: Explorer) -> None:
    page = explorer.page
    explorer.open("?expr=x1+%3D+s+*+t%0Ax2+%3D+s+%2B+t%0Af+%3D+x1+*+sin(x2)&inputs=s:1,t:2&mode=both")
    for _ in range(19):
        page.keyboard.press("ArrowRight")
    page.click("[data-testid=node-2]")
    page.click("[data-testid=copy-link]")
    page.wait_for_selector("[data-testid=toast].is-shown")
    url = page.url
    assert "step=19" in url and "node=2" in url
    step = explorer.step()
    states = explorer.node_states()
    equation = explorer.text("[data-testid=equation]")
    inspector = explorer.text("[data-testid=inspector]")

    page.goto("about:blank")
    page.goto(url)  # a new document from the link alone
    explorer.wait_for_trace()
    assert explorer.step() == step
    assert explorer.node_states() == states
    assert explorer.text("[data-testid=equation]") == equation
    assert explorer.text("[data-testid=inspector]") == inspector
    assert page.input_value("[data-testid=source]") == "x1 = s * t\nx2 = s + t\nf = x1 * sin(x2)"


def test_keyboard_shortcuts_drive_the_player_and_the_page(explorer: Explorer) -> None:
    page = explorer.page
    explorer.open("?expr=exp(x)/x^2&inputs=x:2&mode=both")
    _, total = explorer.step()
    page.click("[data-testid=narration]")  # focus on the page, not in a field

    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert explorer.step()[0] == 2
    page.keyboard.press("ArrowLeft")
    assert explorer.step()[0] == 1
    page.keyboard.press("End")
    assert explorer.step()[0] == total
    page.keyboard.press("Home")
    assert explorer.step()[0] == 0

    page.keyboard.press("+")
    assert page.input_value("[data-testid=speed]") == "2"
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert page.input_value("[data-testid=speed]") == "0.5"

    page.keyboard.press("Space")
    assert page.get_attribute("[data-testid=play]", "aria-pressed") == "true"
    page.keyboard.press("Space")
    assert page.get_attribute("[data-testid=play]", "aria-pressed") == "false"
    assert explorer.step()[0] >= 1

    page.keyboard.press("?")
    assert page.is_visible("[data-testid=help-dialog]")
    assert "play / pause" in page.inner_text("[data-testid=help-dialog]")
    page.keyboard.press("Escape")
    assert not page.is_visible("[data-testid=help-dialog]")

    shown = page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'")
    page.keyboard.press("t")
    assert page.get_attribute("html", "data-theme") == ("light" if shown == "dark" else "dark")
    page.keyboard.press("t")

    page.keyboard.press("p")
    assert page.evaluate("() => document.body.classList.contains('is-presenting')")
    assert not page.is_visible("[data-testid=source]")
    page.wait_for_function("() => location.search.includes('present=1')")
    page.keyboard.press("End")
    explorer.screenshot("presentation-mode.png")
    page.keyboard.press("p")
    assert page.is_visible("[data-testid=source]")

    normal = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement !== null")
    same = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert same == normal  # full screen gives the graph the room; the chrome keeps its size
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === null")

    # keys typed into the editor stay in the editor
    k = explorer.step()[0]
    page.focus("[data-testid=source]")
    page.keyboard.press("End")
    page.keyboard.press("Space")
    assert explorer.step()[0] == k
    assert page.input_value("[data-testid=source]") == "exp(x)/x^2 "

    # every control is reachable with Tab, and a focused control shows a visible ring
    page.focus("[data-testid=play]")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def download(page, testid: str) -> Path:
    with page.expect_download() as info:
        page.click("[data-testid=export-menu] summary")
        page.click(f"[data-testid={testid}]")
    return Path(info.value.path())


def test_exports_are_valid_svg_png_json_and_latex(explorer: Explorer, api) -> None:
    page = explorer.page
    explorer.open("?expr=exp(x)/x^2&inputs=x:2&mode=both&step=14")

    svg = ElementTree.parse(download(page, "export-svg")).getroot()
    assert svg.tag == f"{SVG}svg"
    assert len(svg.get("viewBox").split()) == 4
    # the file's size is the drawing's (the viewBox's), not the page's svg's pixels
    assert svg.get("width") == str(round(float(svg.get("viewBox").split()[2])))
    properties = {part.split(":")[0].strip() for part in (svg.get("style") or "").split(";")}
    assert not properties & {"width", "height"}, svg.get("style")
    texts = "".join(svg.itertext())
    assert "exp" in texts and "7.389" in texts and "x̄ = −1.847" in texts
    styled = [element for element in svg.iter() if "fill" in (element.get("style") or "")]
    assert len(styled) > 10  # styles inlined: the file stands alone
    assert not list(svg.iter(f"{SVG}animateMotion"))

    png = download(page, "export-png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 400 and height > 150

    exported = json.loads(download(page, "export-json").read_text())
    expected = trace_of(api, "exp(x)/x^2", {"x": 2})
    assert exported["nodes"] == expected["nodes"]
    assert exported["reverse_mode"] == expected["reverse_mode"]

    latex = download(page, "export-latex").read_text()
    assert "\\begin{tabular}" in latex and "Wengert" in latex


def test_motion_follows_prefers_reduced_motion(explorer: Explorer) -> None:
    page = explorer.page
    explorer.open("?expr=exp(x)/x^2&inputs=x:2&mode=both&step=11")
    page.click("[data-testid=narration]")
    page.keyboard.press("ArrowRight")
    assert page.locator(".flows animateMotion").count() >= 1  # the contribution travels along its edge
    page.emulate_media(reduced_motion="reduce")
    page.keyboard.press("ArrowRight")
    assert page.locator(".flows .flow").count() >= 1
    assert page.locator(".flows animateMotion").count() == 0  # shown in place, not moving
    assert float(page.get_attribute(".flows .flow circle", "cx")) > 0  # resting on its edge


def test_pan_zoom_and_fit(explorer: Explorer) -> None:
    page = explorer.page
    explorer.open("?expr=exp(x)/x^2&inputs=x:2&mode=both")
    transform = lambda: page.get_attribute(".viewport", "transform")  # noqa: E731
    fitted = transform()
    box = page.locator("[data-testid=graph]").bounding_box()
    # from the left edge's middle: the top left corner holds the search box and the groups menu
    page.mouse.move(box["x"] + 40, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 140, box["y"] + box["height"] / 2 + 50, steps=5)
    page.mouse.up()
    panned = transform()
    assert panned != fitted and "scale" in panned
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_function("t => document.querySelector('.viewport').getAttribute('transform') !== t", arg=panned)
    zoomed = transform()
    scale = lambda text: float(text.split("scale(")[1].rstrip(")"))  # noqa: E731
    assert scale(zoomed) > scale(panned)
    page.click("[data-testid=zoom-out]")
    assert scale(transform()) < scale(zoomed)
    page.click("[data-testid=zoom-fit]")
    assert transform() == fitted
