"""The trace's JSON records match the engine's record types, formulas fill the same way one at a time
or all at once, and the deepest program the limits allow compiles, runs and serialises."""
from __future__ import annotations

import pytest

from engine import Limits, trace
from engine.ops import PRIMITIVES
from engine.parser import HARD_MAX_DEPTH
from engine.trace import AdjointStep, TangentStep, Term


def test_step_records_spell_out_the_record_fields_in_order() -> None:
    # Trace.to_dict writes these records as dict literals: their keys must stay the fields.
    d = trace("u = x*y\nsin(u) + u/y", {"x": 3.0, "y": -2.0}).to_dict()
    forward_steps = d["forward_mode"]["steps"]
    assert all(tuple(step) == TangentStep._fields for step in forward_steps)
    terms = [term for step in forward_steps for term in step["terms"]]
    assert terms and all(tuple(term) == Term._fields for term in terms)
    reverse_steps = d["reverse_mode"]["steps"]
    assert reverse_steps and all(tuple(step) == AdjointStep._fields for step in reverse_steps)


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_partial_formulas_are_the_formulas_one_at_a_time(name: str) -> None:
    primitive = PRIMITIVES[name]
    for operands in (("u", "w")[: primitive.arity], ("v_{3}", "{0}")[: primitive.arity], ("$b", "x")[: primitive.arity]):
        for output in ("y", "v_{7}"):
            assert primitive.partial_formulas(operands, output) == [
                primitive.formula(k, operands, output) for k in range(primitive.arity)]


@pytest.mark.parametrize("source", [
    "sin(" * HARD_MAX_DEPTH + "x" + ")" * HARD_MAX_DEPTH,
    "pow(x, " * HARD_MAX_DEPTH + "x" + ")" * HARD_MAX_DEPTH,
    "(" * HARD_MAX_DEPTH + "x" + ")" * HARD_MAX_DEPTH,
    "-" * HARD_MAX_DEPTH + "x",
    "0.5^" * HARD_MAX_DEPTH + "x",
    "x + (" * (HARD_MAX_DEPTH // 2) + "x" + ")" * (HARD_MAX_DEPTH // 2),
    "sin(" * (HARD_MAX_DEPTH - 1) + "x" + " + 1)" * (HARD_MAX_DEPTH - 1),
])
def test_the_deepest_nesting_allowed_compiles_traces_and_serialises(source: str) -> None:
    result = trace(source, {"x": 0.5}, limits=Limits(max_depth=HARD_MAX_DEPTH))
    record = result.to_dict()
    assert len(record["nodes"]) == len(result.graph.nodes)
    assert record["reverse_mode"]["gradient"].keys() == {"x"}
