"""The editor, the inputs and the inspector: errors in place, inputs from the expression, live sliders."""
from __future__ import annotations

from .conftest import Explorer
from .test_stepping import as_number, trace_of

BAD_REQUEST = r"status of 400"


def run(explorer: Explorer, source: str, shortcut: bool = True) -> None:
    page = explorer.page
    page.fill("[data-testid=source]", source)
    if shortcut:
        page.press("[data-testid=source]", "Control+Enter")
    else:
        page.click("[data-testid=run]")


def test_an_error_shows_a_caret_under_its_position_and_keeps_the_text(explorer: Explorer, api) -> None:
    explorer.allow(BAD_REQUEST)  # the browser logs the API's 400 answer itself
    page = explorer.page
    explorer.open("?expr=exp(x)/x^2&inputs=x:2")
    run(explorer, "sin(x")
    page.wait_for_selector("[data-testid=error]:not([hidden])")
    expected = api.post("/api/trace", json={"expression": "sin(x", "inputs": {"x": 2}}).json()["detail"]
    assert expected["position"] == 5
    assert page.get_attribute("[data-testid=error]", "data-position") == "5"
    assert page.inner_text("[data-testid=error-message]") == expected["message"]
    line, caret = page.inner_text("[data-testid=error-caret]").split("\n")[:2]
    assert line == "sin(x"
    assert caret.index("^") == 5
    assert page.input_value("[data-testid=source]") == "sin(x"  # nothing typed is lost
    assert page.is_visible("#editor-backdrop .mark--error")
    # the last good picture stays, marked as such
    assert page.is_visible("[data-testid=stale]")
    assert page.get_attribute("[data-testid=graph]", "data-expression") == "exp(x)/x^2"
    explorer.screenshot("error-caret.png")

    # an error on the second line: the caret is under its column, the line is named
    run(explorer, "y = x^2\nz = y + * 3", shortcut=False)
    page.wait_for_function("() => document.querySelector('[data-testid=error]').dataset.position !== '5'")
    detail = api.post("/api/trace", json={"expression": "y = x^2\nz = y + * 3", "inputs": {"x": 2}}).json()["detail"]
    assert page.get_attribute("[data-testid=error]", "data-position") == str(detail["position"])
    line, caret = page.inner_text("[data-testid=error-caret]").split("\n")[:2]
    assert line == "z = y + * 3"
    assert caret.index("^") == detail["position"] - len("y = x^2\n")
    assert "line 2" in page.inner_text("[data-testid=error]")

    # fixing it clears the error and draws the new graph
    run(explorer, "y = x^2\nz = y + 3")
    page.wait_for_selector("[data-testid=error]", state="hidden")
    page.wait_for_function("() => document.querySelector('[data-testid=graph]').dataset.expression.startsWith('y = x^2')")
    assert not page.is_visible("[data-testid=stale]")


def test_new_inputs_get_a_field_and_a_slider_each(explorer: Explorer, api) -> None:
    explorer.allow(BAD_REQUEST)  # a missing input is found by asking the API, which answers 400
    page = explorer.page
    explorer.open("?expr=exp(x)/x^2&inputs=x:2")
    run(explorer, "x*y + z")
    page.wait_for_function("() => document.querySelector('[data-testid=graph]').dataset.expression === 'x*y + z'")
    explorer.wait_for_trace()
    # x keeps its value, the new inputs start at 1
    assert page.input_value("[data-testid=input-x]") == "2"
    assert page.input_value("[data-testid=input-y]") == "1"
    assert page.input_value("[data-testid=input-z]") == "1"
    for name in "xyz":
        assert page.is_visible(f"[data-testid=slider-{name}]")
    page.keyboard.press("End")
    trace = trace_of(api, "x*y + z", {"x": 2, "y": 1, "z": 1})
    for name, value in trace["reverse_mode"]["gradient"].items():
        assert float(page.get_attribute(f"[data-testid=gradient-{name}]", "data-value")) == value


def test_moving_a_slider_retraces_live_without_moving_the_picture(explorer: Explorer, api) -> None:
    page = explorer.page
    explorer.open("?expr=exp(x)/x^2&inputs=x:2&mode=both&step=12")
    assert explorer.step()[0] == 12
    before = page.evaluate("""() => {
        const node = document.querySelector('[data-testid=node-0]');
        node.dataset.marker = 'kept';
        return document.querySelector('.viewport').getAttribute('transform');
    }""")
    page.focus("[data-testid=slider-x]")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('[data-testid=input-x]').value === '2.05'")
    page.wait_for_function("() => document.querySelector('[data-testid=node-0]').dataset.value === '2.05'")
    explorer.wait_for_trace()
    assert explorer.step()[0] == 12  # the same step
    assert page.get_attribute("[data-testid=node-0]", "data-marker") == "kept"  # the same drawing
    assert page.evaluate("() => document.querySelector('.viewport').getAttribute('transform')") == before
    trace = trace_of(api, "exp(x)/x^2", {"x": 2.05})
    for state, node in zip(explorer.node_states(), trace["nodes"]):
        assert as_number(state["value"]) == node["value"]
    page.wait_for_function("() => location.search.includes('x:2.05')")  # the link follows


def test_inspecting_a_node_shows_its_partials_and_marks_its_source(explorer: Explorer, api) -> None:
    page = explorer.page
    explorer.open("?expr=exp(x)/x^2&inputs=x:2&mode=both&step=5")
    trace = trace_of(api, "exp(x)/x^2", {"x": 2})
    page.click("[data-testid=node-4]")
    page.wait_for_function("() => document.querySelector('[data-testid=inspector]').innerText.includes('quotient')")
    inspector = explorer.text("[data-testid=inspector]")
    assert "div" in inspector
    # the local partials' formulas, the engine's own (the second reuses the cached output v₄)
    assert "1/v₃" in inspector and "-v₄/v₃" in inspector
    assert "v₄ = v₁ / v₃" in inspector  # the Wengert line
    assert page.inner_text("[data-testid=inspector-value]") == "1.847264025"
    assert page.inner_text("#editor-backdrop .mark--source") == "exp(x)/x^2"
    # keyboard: focusing a node inspects it
    page.focus("[data-testid=node-1]")
    page.wait_for_function("() => document.querySelector('#editor-backdrop .mark--source')?.textContent === 'exp(x)'")
    assert page.inner_text("[data-testid=inspector] h2").startswith("v₁")
    node = trace["nodes"][1]
    formula = trace["primitives"][node["op"]]["partials"][0]["text"].replace("$out", node["notation"]["value"]["text"])
    assert formula == "v₁" and f"∂v₁/∂x\n{formula}" in explorer.text("[data-testid=inspector]")
    page.keyboard.press("Escape")
    page.wait_for_selector("[data-testid=inspector]", state="hidden")
