"""Each local partial is written once (engine/ops.py); its callable, text and LaTeX are derived from it.

The text form parses with the engine's own parser and, evaluated by the engine, equals the compiled
callable at many points of the primitive's domain; the LaTeX form is the same tree typeset."""
from __future__ import annotations

import math
import random

import pytest

import engine
from engine.ops import OUTPUT_NAME, PRIMITIVES
from engine.parser import parse_expression
from engine.syntax import to_sexpr
from engine.printing import fill, to_latex, to_text
from engine.rules import DEFINITIONS, PARTIAL_FORMULAS, RULE_TREES

from .test_ops import DOMAINS


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_every_rule_parses_and_prints_back_to_the_same_tree(name: str) -> None:
    primitive = PRIMITIVES[name]
    assert len(primitive.rules) == len(primitive.partials) == len(PARTIAL_FORMULAS[name]) == primitive.arity
    for rule, tree, formula in zip(primitive.rules, RULE_TREES[name], PARTIAL_FORMULAS[name]):
        assert to_sexpr(parse_expression(rule)) == to_sexpr(tree)
        assert to_sexpr(parse_expression(to_text(tree))) == to_sexpr(tree)  # the printer's text parses back
        plain = fill(formula.text, {"a": "a", "b": "b", "out": OUTPUT_NAME})
        assert to_sexpr(parse_expression(plain)) == to_sexpr(tree)
        assert formula.latex == to_latex(tree, lambda n: "$" + n)


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_the_text_formula_evaluated_by_the_engine_equals_the_compiled_partial(name: str) -> None:
    primitive = PRIMITIVES[name]
    for args in DOMAINS[name]:
        out = primitive.value(*args)
        point = dict(zip(primitive.operands, args)) | {OUTPUT_NAME: out}
        for k, formula in enumerate(PARTIAL_FORMULAS[name]):
            text = fill(formula.text, {"a": "a", "b": "b", "out": OUTPUT_NAME})
            used = {key: value for key, value in point.items() if key in text}
            if not used:  # a constant rule: "1", "-1", "0"
                value = engine.trace(text, {}, mode="evaluation").values[0]
            else:
                value = engine.trace(text, used, mode="evaluation").values[0]
            assert value == pytest.approx(primitive.partials[k](*args, out), rel=1e-12, abs=1e-300), (name, k, args)


def test_definitions_are_the_wengert_lines() -> None:
    assert DEFINITIONS["div"].text == "$a / $b" and DEFINITIONS["div"].latex == r"\frac{$a}{$b}"
    assert DEFINITIONS["neg"].text == "-$a" and DEFINITIONS["exp"].latex == "e^{$a}"
    for name, definition in DEFINITIONS.items():
        line = fill(definition.text, {"a": "p", "b": "q"})
        assert to_sexpr(parse_expression(line)) == f"({name} {' '.join('pq'[:PRIMITIVES[name].arity])})"


@pytest.mark.parametrize("source, inputs", [
    ("tanh(x)", {"x": 0.3}), ("x/y", {"x": 1.5, "y": -2.0}), ("sqrt(x)", {"x": 2.0}), ("sigmoid(x)", {"x": -1.0}),
    ("exp(x)", {"x": 0.5}), ("x^y", {"x": 1.7, "y": 0.4}),
])
def test_rules_that_use_the_output_read_the_cached_value(source: str, inputs: dict) -> None:
    # the partial of a node whose rule uses `out` is computed from the node's own cached value
    result = engine.trace(source, inputs, mode="evaluation")
    node = result.graph.nodes[-1]
    primitive = PRIMITIVES[node.op]
    args = tuple(result.evaluation.values[i] for i in node.operands)
    assert result.evaluation.partials[-1] == tuple(p(*args, result.evaluation.values[-1]) for p in primitive.partials)


def test_the_quotient_rule_does_not_underflow() -> None:
    result = engine.trace("x/y", {"x": 1e-170, "y": 1e-170}, mode="reverse")
    assert result.reverse_mode.gradient == {"x": pytest.approx(1e170), "y": pytest.approx(-1e170)}


@pytest.mark.parametrize("source, inputs, node", [("sqrt(x)", {"x": 0.0}, 1), ("log(x)", {"x": 5e-324}, 1)])
def test_evaluation_alone_evaluates_what_has_a_value(source: str, inputs: dict, node: int) -> None:
    result = engine.trace(source, inputs, mode="evaluation")
    assert math.isfinite(result.values[0])
    assert result.evaluation.partials[node] == (None,)  # undefined, recorded as such
    [warning] = result.evaluation.warnings
    assert warning.node == node and "undefined" in warning.message and "v1" in warning.message
    for mode in ("forward", "reverse", "both"):
        with pytest.raises(engine.ExpressionError) as caught:
            engine.trace(source, inputs, mode=mode)
        assert caught.value.kind == "domain" and caught.value.position == 0


def test_random_points_of_the_compiled_rules_match_a_hand_written_oracle() -> None:
    # an independent statement of a few rules, to catch a printer or compiler that loses a sign
    oracle = {
        "div": (lambda a, b, out: 1 / b, lambda a, b, out: -a / b**2),
        "pow": (lambda a, b, out: b * a ** (b - 1), lambda a, b, out: a**b * math.log(a)),
        "sigmoid": (lambda a, out: out * (1 - out),),
        "tan": (lambda a, out: 1 / math.cos(a) ** 2,),
        "cos": (lambda a, out: -math.sin(a),),
    }
    rng = random.Random(7)
    for name, partials in oracle.items():
        primitive = PRIMITIVES[name]
        for _ in range(50):
            args = tuple(rng.uniform(0.2, 1.3) for _ in range(primitive.arity))
            out = primitive.value(*args)
            for compiled, expected in zip(primitive.partials, partials):
                assert compiled(*args, out) == pytest.approx(expected(*args, out), rel=1e-12)
