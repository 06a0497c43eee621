"""Any text at all: the engine answers with a trace or an ExpressionError, never anything else."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from engine import ExpressionError, Limits, trace

ALPHABET = st.sampled_from(list("xyz0123456789.eE+-*/^(),=;#\n \t") + ["**", "sin(", "pow(", "exp(", "θ", "×", "\x00"]
                           + ["f(", "g(", "f(a) = ", "g(a, b) = ", "a", "b", "\nf(x)", "v1"])
LIMITS = Limits(max_length=2_000, max_nodes=2_000, max_depth=60)


def _run(source: str) -> None:
    try:
        result = trace(source, {}, limits=LIMITS)
    except ExpressionError as error:
        assert error.kind in ("syntax", "unknown_function", "arity", "missing_input", "domain", "limit")
        assert error.message and "Traceback" not in error.message
        if error.position is not None:
            assert 0 <= error.position <= len(source)
            assert error.span[0] <= error.span[1]
    else:
        assert result.graph.inputs == {}  # no inputs were given, so it had none


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_operator_soup(source: str) -> None:
    _run(source)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_unicode_text(source: str) -> None:
    _run(source)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30), st.dictionaries(st.text(max_size=5), st.floats(allow_nan=True, allow_infinity=True), max_size=3))
def test_any_inputs(source: str, inputs: dict) -> None:
    try:
        trace(source, inputs, limits=LIMITS)
    except ExpressionError as error:
        assert error.message


# Programs made of function definitions and calls: well-formed often enough to reach the builder.
_NAMES = st.sampled_from(["f", "g", "h", "a", "b", "x", "y", "sin", "pi"])
_ARGUMENTS = st.lists(st.sampled_from(["a", "b", "x", "2", "a*b", "-a", "f(a)", "g(a, b)", "h(x)", "sin(b)"]),
                      min_size=0, max_size=3).map(", ".join)
_DEFINITION = st.tuples(_NAMES, st.lists(_NAMES, min_size=0, max_size=3).map(", ".join), _NAMES, _ARGUMENTS,
                        st.sampled_from(["+", "*", "^", "/"]), _NAMES).map(
    lambda t: f"{t[0]}({t[1]}) = {t[2]}({t[3]}) {t[4]} {t[5]}")
_CALL = st.tuples(_NAMES, _ARGUMENTS).map(lambda t: f"{t[0]}({t[1]})")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_DEFINITION, _CALL, _DEFINITION.map(lambda d: "y = " + d)), min_size=1, max_size=6)
       .map("\n".join))
def test_functions_and_calls(source: str) -> None:
    _run(source)
