"""The page's pure modules, imported in the browser: URL <-> state, number formatting, stateAt."""
from __future__ import annotations

import pytest

from .conftest import Explorer
from .test_stepping import trace_of


@pytest.fixture
def modules(explorer: Explorer) -> Explorer:
    explorer.open("?expr=x&inputs=x:1")
    return explorer


def test_the_url_round_trip_keeps_every_shared_field(modules: Explorer) -> None:
    state = {
        "expression": "a = x + y  # a sum\nb = a^2 * 3, sin(a) / -2",
        "inputs": {"x": -1.5, "y": 1e-7},
        "mode": "forward",
        "seed": {"x": 1, "y": 0.5},
        "output": 1,
        "k": 7,
        "selected": 3,
        "speed": 4,
        "present": True,
        "theme": "dark",
        "collapsed": [0, 2],
    }
    back = modules.page.evaluate("""async (state) => {
        const { fromQuery, toQuery } = await import('/static/js/state.js');
        const query = toQuery(state);
        return { query, back: fromQuery(query) };
    }""", state)
    assert back["back"] == state
    assert "\n" not in back["query"] and " " not in back["query"]


@pytest.mark.parametrize("value, text", [
    (7.38905609893065, "7.389"),
    (-0.46181600618316565, "−0.4618"),
    (0.25, "0.25"),
    (4.0, "4"),
    (0.0, "0"),
    (-1e-12, "−1e−12"),
    (1234567.0, "1.235e6"),
    (0.00012346, "0.0001235"),
])
def test_numbers_show_four_significant_digits(modules: Explorer, value: float, text: str) -> None:
    shown = modules.page.evaluate("async (x) => (await import('/static/js/format.js')).num(x)", value)
    assert shown == text


def test_state_at_step_k_is_a_pure_function_of_the_trace(modules: Explorer, api) -> None:
    trace = trace_of(api, "x*x + sin(x)", {"x": 1})
    result = modules.page.evaluate("""async (trace) => {
        const { stateAt } = await import('/static/js/steps.js');
        const steps = trace.steps;
        const at = (k) => { const s = stateAt(trace, k); return { values: s.values, tangents: s.tangents, adjoints: s.adjoints, active: s.activeNode, phase: s.phase }; };
        const forward = steps.map((_, k) => at(k));
        const again = [...steps.keys()].reverse().map((k) => at(k)).reverse();
        return { count: steps.length, same: JSON.stringify(forward) === JSON.stringify(again), last: at(steps.length), clamped: at(10 ** 6) };
    }""", trace)
    assert result["count"] == len(trace["steps"]) == len(trace["nodes"]) * 2 + 1 + 5  # x*x + sin(x): five edges
    assert result["same"]
    assert result["last"] == result["clamped"]
    assert result["last"]["values"] == [node["value"] for node in trace["nodes"]]
    assert result["last"]["tangents"] == [node["tangent"] for node in trace["nodes"]]
    assert result["last"]["adjoints"] == [node["adjoint"] for node in trace["nodes"]]
