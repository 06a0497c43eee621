"""Property tests: random text, random valid expressions and random JSON through the API never give
a 5xx and always give JSON that matches the published schema (the client checks every response; a
server exception would be raised into the test by the TestClient)."""
from __future__ import annotations

import json
import math
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import KINDS
from engine.ops import FUNCTIONS, PRIMITIVES

PROPERTY_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EXPRESSION_CHARACTERS = "xyz ab01234.56789e+-*/^(),;=\n#_" + "".join(FUNCTIONS) + "×−²é\u0000\t"
# Lone surrogates too: json.dumps writes them as \ud800 escapes, which Python's json module accepts.
any_character = st.characters(codec=None) | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
random_text = st.text(alphabet=st.sampled_from(EXPRESSION_CHARACTERS), max_size=120) | st.text(any_character, max_size=60)

extreme_numbers = st.sampled_from([0.0, -0.0, 1.0, -1.0, 1e308, -1e308, 5e-324, 1e-300, 710.0, -745.5, 1e16])
numbers = st.floats(allow_nan=False, allow_infinity=False) | extreme_numbers | st.integers(-10, 10).map(float)


def number_text(value: float) -> str:
    text = repr(abs(value)) if math.isfinite(value) else "1"
    return f"(-{text})" if value < 0 else text


UNARY = sorted(name for name, p in PRIMITIVES.items() if p.arity == 1 and p.symbol is None)
leaves = st.sampled_from(["x", "y", "pi", "e"]) | numbers.map(number_text)


def extend(children):
    return (
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "^", "**"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
        | children.map(lambda a: f"-{a}")
        | st.tuples(st.sampled_from(UNARY), children).map(lambda t: f"{t[0]}({t[1]})")
        | st.tuples(children, children).map(lambda t: f"pow({t[0]}, {t[1]})")
    )


expressions = st.recursive(leaves, extend, max_leaves=40)


def program(parts: list[str]) -> str:
    """t0 = ...; t1 = ...; then the last expression and every name as outputs (none unused)."""
    names = [f"t{i}" for i in range(len(parts) - 1)]
    lines = [f"{name} = {part}" for name, part in zip(names, parts)]
    return "\n".join(lines + [", ".join([parts[-1], *names])])


valid_expressions = expressions | st.lists(expressions, min_size=2, max_size=4).map(program)


def inputs_for(expression: str, values: tuple[float, float]) -> dict[str, float]:
    return {name: value for name, value in zip(("x", "y"), values) if re.search(rf"\b{name}\b", expression)}


def assert_json_error_or_trace(response, allowed_kinds=KINDS) -> dict:
    assert response.status_code in (200, 400, 422), response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    if response.status_code == 400:
        assert body["detail"]["kind"] in allowed_kinds, body
    return body


@PROPERTY_SETTINGS
@given(text=random_text, mode=st.sampled_from(["evaluation", "forward", "reverse", "both"]),
       inputs=st.dictionaries(st.sampled_from(["x", "y", "z"]) | st.text(any_character, max_size=2), numbers, max_size=3))
def test_random_text_never_breaks_the_server(client, text, mode, inputs):
    body = json.dumps({"expression": text, "inputs": inputs, "mode": mode})
    response = client.post("/api/trace", content=body, headers={"content-type": "application/json"})
    has_surrogate = any(0xD800 <= ord(ch) <= 0xDFFF for ch in text + "".join(inputs))
    assert response.status_code == 422 if has_surrogate else response.status_code in (200, 400)
    assert_json_error_or_trace(response)


@PROPERTY_SETTINGS
@given(expression=valid_expressions, values=st.tuples(numbers, numbers),
       share=st.booleans(), mode=st.sampled_from(["forward", "reverse", "both"]))
def test_valid_expressions_trace_or_fail_only_on_numbers(client, expression, values, share, mode):
    body = {"expression": expression, "inputs": inputs_for(expression, values), "mode": mode,
            "share_subexpressions": share}
    response = client.post("/api/trace", json=body)
    assert response.status_code in (200, 400)
    trace = assert_json_error_or_trace(response, allowed_kinds=("domain",))
    if response.status_code == 200:
        assert len(trace["layout"]["nodes"]) == len(trace["nodes"])
        assert all(math.isfinite(v) for v in trace["output_values"])


@PROPERTY_SETTINGS
@given(expression=valid_expressions, values=st.tuples(numbers, numbers),
       seed=st.none() | st.dictionaries(st.text(max_size=3) | st.sampled_from(["x", "y"]), numbers, max_size=3),
       cotangent=st.none() | st.dictionaries(st.text(max_size=3) | st.integers(-1, 3).map(str), numbers, max_size=3))
def test_any_seed_and_cotangent(client, expression, values, seed, cotangent):
    body = {"expression": expression, "inputs": inputs_for(expression, values), "seed": seed, "cotangent": cotangent}
    response = client.post("/api/trace", json=body)
    assert_json_error_or_trace(response, allowed_kinds=("domain", "unknown_input", "unknown_output"))


@PROPERTY_SETTINGS
@given(expression=valid_expressions, values=st.tuples(numbers, numbers),
       route=st.sampled_from(["/api/jacobian", "/api/check", "/api/export?format=dot", "/api/export?format=latex",
                              "/api/export?format=json"]))
def test_valid_expressions_through_the_other_routes(client, expression, values, route):
    response = client.post(route, json={"expression": expression, "inputs": inputs_for(expression, values)})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert response.json()["detail"]["kind"] == "domain"


# Python's JSON parser (and so FastAPI's) accepts NaN, Infinity and -Infinity: send them too.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20)
request_like = st.fixed_dictionaries(
    {"expression": st.text(max_size=30) | json_values},
    optional={"inputs": st.dictionaries(st.text(max_size=3), json_values, max_size=3) | json_values,
              "mode": st.text(max_size=10) | json_values, "seed": json_values, "cotangent": json_values,
              "share_subexpressions": json_values})


@PROPERTY_SETTINGS
@given(body=request_like | json_values, route=st.sampled_from(["/api/trace", "/api/jacobian", "/api/check"]))
def test_random_json_bodies_are_answered_with_json(client, body, route):
    response = client.post(route, content=json.dumps(body), headers={"content-type": "application/json"})
    assert_json_error_or_trace(response)


@PROPERTY_SETTINGS
@given(raw=st.binary(max_size=200))
def test_random_bytes_are_answered_with_json(client, raw):
    response = client.post("/api/trace", content=raw, headers={"content-type": "application/json"})
    assert response.status_code in (400, 422)
    assert_json_error_or_trace(response)
