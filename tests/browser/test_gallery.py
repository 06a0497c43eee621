"""The gallery, the page shell, and a big graph."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from .conftest import Explorer
from .test_stepping import trace_of


def test_every_example_loads_with_its_note_and_ends_at_the_api_gradient(explorer: Explorer, api) -> None:
    examples = api.get("/api/examples").json()
    assert len(examples) >= 3
    page = explorer.page
    explorer.open()
    for index, example in enumerate(examples):
        page.click("[data-testid=examples-button]")
        page.wait_for_selector("[data-testid=examples-dialog][open]")
        card = page.locator(f"[data-testid=example-{example['id']}]")
        assert example["note"][:40] in card.inner_text()
        if index == 0:
            explorer.screenshot("gallery.png")
        card.click()
        page.wait_for_function("e => document.querySelector('[data-testid=graph]').dataset.expression === e",
                               arg=example["expression"])
        explorer.wait_for_trace()
        assert example["title"] in page.inner_text("[data-testid=example-note]")
        trace = trace_of(api, example["expression"], example["inputs"], example["mode"])
        assert page.locator(".node").count() == len(trace["nodes"])
        page.keyboard.press("End")
        if trace["reverse_mode"]:
            for name, value in trace["reverse_mode"]["gradient"].items():
                assert float(page.get_attribute(f"[data-testid=gradient-{name}]", "data-value")) == value, example["id"]
        for state, node in zip(explorer.node_states(), trace["nodes"]):
            assert state["value"] != "" and float(state["value"]) == node["value"]
        for warning in trace["warnings"]:  # a kink where a subgradient is used is said, not hidden
            assert warning["message"] in page.inner_text("[data-testid=warnings]")
    assert explorer.unexpected_errors() == []


def test_the_page_shell_obeys_the_content_security_policy(api) -> None:
    response = api.get("/")
    assert response.status_code == 200
    html = response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    assert not re.search(r"\sstyle\s*=", html), "an inline style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "an inline event handler"
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "something fetched from outside"
    for path in re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", html):
        assert api.get(path).status_code == 200, path


def big_program(width: int = 24, inputs: int = 6) -> str:
    """About 500 nodes: `width` neurons over `inputs` inputs, their squares summed."""
    lines = []
    for j in range(width):
        terms = " + ".join(f"{((i * 7 + j * 3) % 11) / 10 + 0.1:.1f}*x{i}" for i in range(1, inputs + 1))
        lines.append(f"h{j} = tanh({terms})")
    lines.append(" + ".join(f"h{j}*h{j}" for j in range(width)))
    return "\n".join(lines)


def test_a_500_node_graph_renders_in_under_a_second_and_steps_smoothly(explorer: Explorer, api) -> None:
    page = explorer.page
    source = big_program()
    inputs = {f"x{i}": i / 10 for i in range(1, 7)}
    trace = trace_of(api, source, inputs)
    nodes = len(trace["nodes"])
    assert nodes >= 450
    # its 24 statements expanded (over 80 nodes they open collapsed, and a step would be a whole statement)
    query = urlencode({"expr": source, "inputs": ",".join(f"{k}:{v}" for k, v in inputs.items()), "mode": "both",
                       "groups": "none"})
    page.goto(f"{explorer.base}/?{query}")
    explorer.wait_for_trace()
    # over 50 nodes the constants are folded: chips by the nodes using them, not nodes of the layout
    assert page.locator(".node").count() == len(trace["layout"]["nodes"]) == nodes - len(trace["layout"]["folded_constants"])
    assert page.locator(".const-chip").count() == len(trace["layout"]["folded_constants"]) > 100
    render_ms = int(page.get_attribute("body", "data-render-ms"))
    assert render_ms < 1000, f"rendering the trace took {render_ms} ms"
    # one step of page work (state, graph, tables, narration), measured in the page
    per_step = page.evaluate("""() => {
        const started = performance.now();
        for (let i = 0; i < 100; i++) document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
        return (performance.now() - started) / 100;
    }""")
    # over 50 nodes the player skips the constants' steps: 100 steps forward is the 100th other step
    kept = [k for k, step in enumerate(trace["steps"], start=1) if trace["nodes"][step["node"]]["active"]
            or step["kind"] == "cotangent"]
    assert explorer.step()[0] == kept[99] > 100
    assert per_step < 60, f"a step took {per_step:.1f} ms"
    page.keyboard.press("End")
    page.click("[data-testid=zoom-in]")
    page.click("[data-testid=zoom-fit]")
    assert explorer.step()[0] == explorer.step()[1]
