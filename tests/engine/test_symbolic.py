"""The symbolic derivative: built by the chain rule with the rule table, printed so that it parses and
evaluates to the gradient, simplified a little, and much larger than the AD trace as programs grow."""
from __future__ import annotations

import pytest

from engine import ExpressionError, Limits, symbolic, trace
from engine.parser import parse_expression
from engine.printing import to_text
from engine.simplify import simplify
from engine.symbolic import size

from .test_passes import CORPUS


def evaluate_text(text: str, point: dict[str, float]) -> float:
    """The printed derivative run through the engine like any program."""
    result = trace(text, point, mode="evaluation", fill_inputs=True)
    assert not result.filled.defaulted  # it names only inputs of the program
    return result.values[0]


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_both_derivatives_parse_and_evaluate_to_the_gradient(source: str, inputs: dict[str, float]) -> None:
    report = symbolic(source, inputs)
    gradient = trace(source, inputs, mode="reverse").reverse_mode.gradient
    assert list(report.derivatives) == list(inputs)
    for name, derivative in report.derivatives.items():
        for written in (derivative.naive, derivative.simplified):
            assert evaluate_text(written.expression, inputs) == pytest.approx(gradient[name], rel=1e-9, abs=1e-12)
            assert written.value == pytest.approx(gradient[name], rel=1e-9, abs=1e-12)
            assert size(parse_expression(written.expression)) == written.size  # the size of what is printed
        assert derivative.simplified.size <= derivative.naive.size


def test_the_classic_derivative_as_the_rule_table_writes_it() -> None:
    report = symbolic("exp(x)/x^2", {"x": 2})
    derivative = report.derivatives["x"]
    assert derivative.naive.expression == "1/x^2*(exp(x)*1) + -(exp(x)/x^2)/x^2*(2*x^(2 - 1)*1)"
    assert derivative.simplified.expression == "1/x^2*exp(x) - exp(x)/x^2/x^2*(2*x)"
    assert derivative.simplified.latex == r"\frac{1}{x^{2}} \cdot e^{x} - \frac{\frac{e^{x}}{x^{2}}}{x^{2}} \cdot \left(2 \cdot x\right)"
    assert (derivative.naive.size, derivative.simplified.size) == (32, 23)
    assert derivative.simplified.value == 0.0
    assert (report.trace_nodes, report.trace_steps) == (5, 10)  # 5 evaluations, the cotangent, 4 adjoint updates
    assert report.to_dict()["trace_size"] == {"nodes": 5, "steps": 10}


def test_names_are_typeset_with_the_engines_notation() -> None:
    derivative = symbolic("θ^2 + w1*pi", {"θ": 1.0, "w1": 2.0}).derivatives
    assert derivative["θ"].simplified.latex == r"2 \cdot \theta"
    assert derivative["w1"].simplified.latex == r"\pi"
    assert derivative["w1"].simplified.expression == "pi"


@pytest.mark.parametrize("before, after", [
    ("0 + x", "x"), ("x + 0", "x"), ("x - 0", "x"), ("0 - x", "-x"),
    ("x*1", "x"), ("1*x", "x"), ("x*0", "0"), ("0*sin(x)", "0"), ("-1*x", "-x"), ("x*-1", "-x"),
    ("x/1", "x"), ("0/x", "0"), ("x^1", "x"), ("x^0", "1"), ("1^x", "1"),
    ("2 - 1", "1"), ("2*3 + 1", "7"), ("x^(2 - 1)", "x"), ("4/2", "2"), ("2^3", "8"),
    ("1/3", "1/3"), ("log(2)", "log(2)"), ("2^0.5", "2^0.5"),  # folded only where the result reads exactly
    ("x + -y", "x - y"), ("x - -y", "x + y"), ("x + -2", "x - 2"), ("-(-x)", "x"),
    ("(-x)*y", "-(x*y)"), ("x/(-y)", "-(x/y)"), ("-x*-y", "x*y"),
    ("x*x", "x*x"), ("x + x", "x + x"),  # no sharing, no collecting: that is what the graph is for
])
def test_the_simplifier_folds_constants_and_the_identities_of_0_and_1(before: str, after: str) -> None:
    assert to_text(simplify(parse_expression(before))) == after


def product_of(n: int) -> str:
    return "*".join(f"x{i}" for i in range(1, n + 1))


def composition_of(n: int) -> str:
    return "sin(" * n + "x" + ")" * n


def symbolic_size(source: str) -> int:
    inputs = {name: 0.5 for name in trace(source, {}, mode="evaluation", fill_inputs=True).inputs}
    return sum(derivative.naive.size for derivative in symbolic(source, inputs).derivatives.values())


@pytest.mark.parametrize("family", [product_of, composition_of])
def test_the_symbolic_size_grows_much_faster_than_the_trace(family) -> None:
    sizes = {n: symbolic_size(family(n)) for n in (8, 16, 32)}
    nodes = {n: len(trace(family(n), {}, mode="evaluation", fill_inputs=True).graph.nodes) for n in (8, 16, 32)}
    assert nodes[32] / nodes[16] < 2.1 and nodes[16] / nodes[8] < 2.1  # the trace grows like n
    assert sizes[32] / sizes[16] > 3.4 and sizes[16] / sizes[8] > 3  # the derivatives like n^2


def test_a_shared_subexpression_makes_the_swell_exponential_and_the_limit_stops_it() -> None:
    program = "; ".join(["u1 = x*x"] + [f"u{k + 1} = u{k}*u{k}" for k in range(1, 40)]) + "; u40"
    with pytest.raises(ExpressionError) as caught:
        symbolic(program, {"x": 1.0})
    assert caught.value.kind == "limit" and caught.value.limit == "max_symbolic_size"
    assert "expression swell" in caught.value.message and "its graph has 41 nodes" in caught.value.message


def test_the_symbolic_size_limit_is_a_setting() -> None:
    assert symbolic("exp(x)/x^2", {"x": 2}, limits=Limits(max_symbolic_size=32)).derivatives["x"].naive.size == 32
    with pytest.raises(ExpressionError) as caught:
        symbolic("exp(x)/x^2", {"x": 2}, limits=Limits(max_symbolic_size=31))
    assert caught.value.limit == "max_symbolic_size"


def test_a_long_sum_prints_without_recursion() -> None:
    source = " + ".join(["sin(x)"] * 5000)
    derivative = symbolic(source, {"x": 0.3}).derivatives["x"]
    assert derivative.naive.expression.startswith("1*(1*(1*(")  # each + passes its adjoint on times 1
    assert derivative.simplified.expression.count("cos(x)") == 5000
    assert derivative.simplified.value == pytest.approx(5000 * 0.955336489125606)


def test_an_output_that_does_not_depend_on_an_input_has_derivative_0() -> None:
    report = symbolic("x*2, y", {"x": 1, "y": 2}, output=1)
    assert report.derivatives["x"].naive.expression == "0" and report.derivatives["y"].naive.expression == "1"
    with pytest.raises(ExpressionError) as caught:
        symbolic("x*2, y", {"x": 1, "y": 2}, output=2)
    assert caught.value.kind == "unknown_output"


def test_where_reverse_mode_has_no_gradient_the_symbolic_report_is_the_same_domain_error() -> None:
    # d/dy x^y = x^y*log(x) has no real value at x = -2.
    with pytest.raises(ExpressionError) as caught:
        symbolic("x^y", {"x": -2.0, "y": 2.0})
    assert caught.value.kind == "domain" and "needs a positive base" in caught.value.message
