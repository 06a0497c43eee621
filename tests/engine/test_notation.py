"""Names and their notation: the accent covers the whole name, subscripts stay subscripts."""
from __future__ import annotations

import pytest

from engine import trace
from engine.notation import Notation, name_notation, node_notation, seed_written

DOT, MACRON, OVERLINE = "\u0307", "\u0304", "\u0305"


@pytest.mark.parametrize("name, value, tangent, adjoint", [
    ("x", ("x", "x"), ("x" + DOT, r"\dot{x}"), ("x" + MACRON, r"\bar{x}")),
    ("w12", ("w₁₂", "w_{12}"), ("w" + DOT + "₁₂", r"\dot{w}_{12}"), ("w" + MACRON + "₁₂", r"\bar{w}_{12}")),
    ("a_1", ("a₁", "a_{1}"), ("a" + DOT + "₁", r"\dot{a}_{1}"), ("a" + MACRON + "₁", r"\bar{a}_{1}")),
    ("θ", ("θ", r"\theta"), ("θ" + DOT, r"\dot{\theta}"), ("θ" + MACRON, r"\bar{\theta}")),
    ("target", ("target", r"\mathit{target}"), ("ta" + "r" + DOT + "get", r"\dot{\mathit{target}}"),
     ("".join(c + OVERLINE for c in "target"), r"\overline{\mathit{target}}")),
])
def test_name_notation(name, value, tangent, adjoint) -> None:
    assert [tuple(n) for n in name_notation(name)] == [value, tangent, adjoint]


def test_nodes_carry_their_notation_unnamed_ones_as_wengert_variables() -> None:
    nodes = trace("u = x*2\nu - 3", {"x": 1.0}).to_dict()["nodes"]
    assert nodes[2]["notation"]["value"] == {"text": "u", "latex": "u"}
    assert nodes[2]["notation"]["var"] == {"text": "v₂", "latex": "v_{2}"}
    assert nodes[4]["notation"]["adjoint"] == {"text": "v" + MACRON + "₄", "latex": r"\bar{v}_{4}"}
    constant = nodes[1]["notation"]
    assert constant["value"] == {"text": "2", "latex": "2"} and constant["tangent"] is None and constant["adjoint"] is None


def test_a_negative_constant_is_parenthesised_where_a_formula_uses_it() -> None:
    notation = node_notation(3, "const", "-2", None)
    assert notation.value.text == "(-2)" and notation.value.latex == r"\left(-2\right)"


def _tangents(values: list[float]) -> list:
    return [(Notation(f"ẋ{i}", rf"\dot{{x}}_{{{i}}}"), Notation(f"{value:g}", f"{value:g}"), value)
            for i, value in enumerate(values)]


@pytest.mark.parametrize("values, text", [
    ([1, 0], "ẋ0 = 1, ẋ1 = 0"),  # a few entries: all of them
    ([1, 0, 0, 0], "ẋ0 = 1, ẋ1 = 0, ẋ2 = 0, ẋ3 = 0"),
    ([1] + [0] * 179, "ẋ0 = 1 (the other 179 tangents 0)"),  # a network's 180 inputs: a line
    ([0, 0, 0, 0, 2, 0], "ẋ4 = 2 (the other 5 tangents 0)"),
    ([0, 0, 0, 0, 0], "all 5 tangents 0"),
    ([1, 2, 3, 4, 5, 6, 0], "ẋ0 = 1, ẋ1 = 2, ẋ2 = 3, ẋ3 = 4 (2 more; the other 1 tangent 0)"),
])
def test_a_seed_is_written_by_its_nonzero_entries_past_four(values, text):
    written = seed_written(_tangents(values), "tangent", "tangents")
    assert written.text == text
    assert written.latex.count(r"\dot{x}") == written.text.count("ẋ")  # the same entries in both forms
