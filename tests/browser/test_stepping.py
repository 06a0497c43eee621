"""Playing and stepping: the page shows exactly what the API's trace records, at every step."""
from __future__ import annotations

import pytest

from .conftest import Explorer

EXPRESSION = "exp(x)/x^2"


def trace_of(api, expression: str, inputs: dict, mode: str = "both", **extra) -> dict:
    response = api.post("/api/trace", json={"expression": expression, "inputs": inputs, "mode": mode, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def as_number(text: str) -> float | None:
    return None if text == "" else float(text)


def test_evaluation_and_reverse_mode_of_exp_over_square_end_at_the_api_gradient(explorer: Explorer, api) -> None:
    page = explorer.page
    explorer.open("?expr=x&inputs=x:5&mode=both")
    # enter the expression and the input as a person would
    page.check("input[name=mode][value=reverse]")
    page.fill("[data-testid=source]", EXPRESSION)
    page.click("[data-testid=run]")
    page.wait_for_function("e => document.querySelector('[data-testid=graph]').dataset.expression === e", arg=EXPRESSION)
    page.fill("[data-testid=input-x]", "2")
    page.press("[data-testid=input-x]", "Tab")
    explorer.wait_for_trace()
    page.wait_for_function("() => document.querySelector('[data-testid=graph]').dataset.mode === 'reverse'")
    trace = trace_of(api, EXPRESSION, {"x": 2}, "reverse")
    total = len(trace["steps"])
    assert total == len(trace["nodes"]) + 1 + 4  # evaluation, the cotangent, one update per edge
    assert explorer.step() == (0, total)

    page.select_option("[data-testid=speed]", "64")
    page.click("[data-testid=play]")
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=scrubber]'); return s.value === s.max && s.max !== '0'; }")
    page.wait_for_function("() => document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false'")
    assert explorer.step() == (total, total)

    states = explorer.node_states()
    assert len(states) == len(trace["nodes"])
    for state, node in zip(states, trace["nodes"]):
        assert as_number(state["value"]) == node["value"], node["id"]
        assert as_number(state["adjoint"]) == node["adjoint"], node["id"]
    gradient = trace["reverse_mode"]["gradient"]["x"]
    assert float(page.get_attribute("[data-testid=gradient-x]", "data-value")) == gradient
    assert float(page.get_attribute("[data-testid=output-0]", "data-value")) == trace["output_values"][0]
    # the displayed numbers, not only the data: the gradient (0) and the value 1.847...
    assert "1.847264025" in page.inner_text("[data-testid=outputs]")
    assert page.inner_text("[data-testid=gradient-x] td.strong") == "0"
    assert "the gradient is x̄ = 0" in explorer.text("[data-testid=narration]")
    # the finite-difference check shows the API's quotient and verdict
    page.wait_for_selector("[data-testid=gradient-x] [data-testid=fd-value]")
    check = api.post("/api/check", json={"expression": EXPRESSION, "inputs": {"x": 2}}).json()["gradient"][0]
    assert float(page.get_attribute("[data-testid=gradient-x] [data-testid=fd-value]", "data-value")) == check["finite_difference"]
    assert abs(check["finite_difference"] - gradient) < 1e-6
    assert "agrees" in page.inner_text("[data-testid=gradient-x]")


def test_the_check_marks_a_kink_as_differing(explorer: Explorer) -> None:
    page = explorer.page
    explorer.open("?expr=relu(x)&inputs=x:0&mode=both")
    explorer.wait_for_trace()
    page.wait_for_selector("[data-testid=gradient-x] [data-testid=fd-value]")
    assert float(page.get_attribute("[data-testid=gradient-x] [data-testid=fd-value]", "data-value")) == pytest.approx(0.5)
    assert "differs" in page.inner_text("[data-testid=gradient-x]")
    assert "kink" in page.get_attribute("[data-testid=gradient-x] td.fd", "title")
    assert "differs" in page.inner_text("[data-testid=jvp-0]")


def test_stepping_back_and_forward_gives_the_same_states_and_shows_accumulation(explorer: Explorer, api) -> None:
    page = explorer.page
    explorer.open("?expr=x*x%2Bsin(x)&inputs=x:1&mode=both")
    trace = trace_of(api, "x*x+sin(x)", {"x": 1})
    _, total = explorer.step()
    forward_pass = [explorer.node_states()]
    narrations = [explorer.text("[data-testid=equation]")]
    for _ in range(total):
        page.keyboard.press("ArrowRight")
        forward_pass.append(explorer.node_states())
        narrations.append(explorer.text("[data-testid=equation]"))
    assert explorer.step() == (total, total)
    for k in range(total, -1, -1):
        assert explorer.step()[0] == k
        assert explorer.node_states() == forward_pass[k], f"step {k} differs when reached going back"
        assert explorer.text("[data-testid=equation]") == narrations[k]
        if k:
            page.click("[data-testid=step-back]")

    # x is used three times: its adjoint accumulates, one contribution per step, as the API recorded
    steps, nodes = trace["steps"], trace["nodes"]
    seed_k = next(k for k, step in enumerate(steps, start=1) if step["kind"] == "cotangent")  # k after the seed step
    into_x = [(k, step) for k, step in enumerate(steps, start=1)
              if step["kind"] == "adjoint" and nodes[step["node"]]["operands"][step["operand_index"]] == 0]
    assert len(into_x) == 3
    shown = [as_number(forward_pass[k][0]["adjoint"]) for k, _ in into_x]
    assert shown == [step["after"] for _, step in into_x]
    assert shown[0] < shown[1] < shown[2]
    assert as_number(forward_pass[into_x[0][0] - 1][0]["adjoint"]) == 0  # every adjoint starts at 0
    assert as_number(forward_pass[seed_k - 1][0]["adjoint"]) is None  # before the seed step: none
    # the equation of an accumulating step shows before + contribution, and which contribution it is
    second = into_x[1][0]
    assert "x̄ +=" in narrations[second] and "0.5403 + 1 = 1.54" in narrations[second]


def test_forward_mode_shows_tangents_and_the_jvp_along_the_chosen_seed(explorer: Explorer, api) -> None:
    page = explorer.page
    explorer.open("?expr=x*y%2Bsin(x)&inputs=x:1,y:2&mode=forward")
    page.select_option("[data-testid=seed-select]", "y")
    page.wait_for_function("() => !document.body.classList.contains('is-busy') && document.querySelector('[data-testid=seed-select]').value === 'y'")
    explorer.wait_for_trace()
    trace = trace_of(api, "x*y+sin(x)", {"x": 1, "y": 2}, "forward", seed={"y": 1})
    page.keyboard.press("End")
    page.wait_for_function("v => Number(document.querySelector('[data-testid=jvp-0]')?.dataset.value) === v",
                           arg=trace["forward_mode"]["jvp"][0])
    for state, node in zip(explorer.node_states(), trace["nodes"]):
        assert as_number(state["tangent"]) == node["tangent"], node["var"]
        assert state["adjoint"] == ""  # forward mode only: no adjoints
    assert "y" in page.inner_text("[data-testid=jvp] caption")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_mid_reverse_mode_screenshots(explorer: Explorer, theme: str) -> None:
    """The README's picture: the neuron of the gallery, half-way through reverse mode."""
    page = explorer.page
    explorer.open(f"?expr=tanh(w1*x1+%2B+w2*x2+%2B+b)&inputs=w1:-3,x1:2,w2:1,x2:0,b:6.8813735870195432&mode=both&theme={theme}")
    _, total = explorer.step()
    seed = page.evaluate("() => document.querySelector('[data-testid=phase-reverse]') !== null")
    assert seed
    page.keyboard.press("End")
    target = total - 5
    for _ in range(total - target):
        page.keyboard.press("ArrowLeft")
    assert explorer.step() == (target, total)
    assert page.get_attribute("html", "data-theme") == theme
    assert page.inner_text("[data-testid=phase]").lower() == "reverse mode"
    page.wait_for_timeout(900)  # let the contribution arrive along its edge
    explorer.screenshot(f"explorer-reverse-mode-{theme}.png")


def test_reverse_mode_from_a_chosen_output_and_forward_mode_along_a_seed_vector(explorer: Explorer, api) -> None:
    page = explorer.page
    expression = "x*y, x + y, sin(x)*y"
    explorer.open("?expr=x*y,+x+%2B+y,+sin(x)*y&inputs=x:1,y:2&mode=both")
    page.select_option("[data-testid=output-select]", "1")
    expected = trace_of(api, expression, {"x": 1, "y": 2}, cotangent={"1": 1})
    for name, value in expected["reverse_mode"]["gradient"].items():
        page.wait_for_function("([n, v]) => Number(document.querySelector(`[data-testid=gradient-${n}]`)?.dataset.value) === v",
                               arg=[name, value])
    page.select_option("[data-testid=seed-select]", "__vector")
    page.fill("[data-testid=seed-y]", "0.5")
    page.press("[data-testid=seed-y]", "Tab")
    expected = trace_of(api, expression, {"x": 1, "y": 2}, seed={"x": 1, "y": 0.5}, cotangent={"1": 1})
    for index, value in enumerate(expected["forward_mode"]["jvp"]):
        page.wait_for_function("([i, v]) => Number(document.querySelector(`[data-testid=jvp-${i}]`)?.dataset.value) === v",
                               arg=[index, value])
    page.wait_for_function("() => location.search.includes('seed=x:1,y:0.5') && location.search.includes('out=1')")
    page.click("[data-testid=narration]")  # out of the fields, where End is a shortcut
    page.keyboard.press("End")
    for state, node in zip(explorer.node_states(), expected["nodes"]):
        assert as_number(state["tangent"]) == node["tangent"]
        assert as_number(state["adjoint"]) == node["adjoint"]
