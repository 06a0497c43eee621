"""Adding a primitive is adding one entry: a fixture registers `cube` (one rule, "3*a^2") and it works
in every mode of the registry, in the CLI and in the API, with no other change."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

import engine
from app import api
from app.main import create_app
from engine.__main__ import main as cli
from engine.ops import Primitive, add_primitive, remove_primitive


@pytest.fixture
def cube():
    add_primitive(Primitive("cube", 1, lambda a: a * a * a, ("3*a^2",), "cube a^3", "elementwise", latex="{$a}^{3}"))
    api.ops_list.cache_clear()
    api.meta.cache_clear()
    yield
    remove_primitive("cube")
    api.ops_list.cache_clear()
    api.meta.cache_clear()


@pytest.mark.parametrize("mode", list(engine.MODES))
def test_a_new_primitive_traces_in_every_mode(cube, mode: str) -> None:
    result = engine.trace("cube(x) + x", {"x": 2.0}, mode=mode)
    assert result.values[0] == 10.0
    if result.reverse_mode:
        assert result.reverse_mode.gradient == {"x": 13.0}  # 3x^2 + 1
    if result.forward_mode:
        assert result.forward_mode.jvp == (13.0,)
    record = result.to_dict()
    assert record["primitives"]["cube"]["partials"] == [{"text": "3*$a^2", "latex": r"3 \cdot $a^{2}"}]
    assert record["primitives"]["cube"]["definition"] == {"text": "cube($a)", "latex": "{$a}^{3}"}
    check = engine.check("cube(x)", {"x": 1.5})
    assert check.gradient["x"].agrees


def test_a_new_primitive_in_the_cli(cube, capsys) -> None:
    assert cli(["cube(x)", "--at", "x=2"]) == 0
    out = capsys.readouterr().out
    assert "v1 = cube(v0) = 8" in out and "Gradient: d/dx = 12" in out
    assert cli(["cube(x)", "--at", "x=2", "--json", "--mode", "reverse"]) == 0
    assert json.loads(capsys.readouterr().out)["reverse_mode"]["gradient"] == {"x": 12.0}


def test_a_new_primitive_in_the_api(cube) -> None:
    client = TestClient(create_app())
    for mode in engine.MODES:
        response = client.post("/api/trace", json={"expression": "cube(x)", "inputs": {"x": 2}, "mode": mode})
        assert response.status_code == 200, response.text
    assert response.json()["reverse_mode"]["gradient"] == {"x": 12.0}
    assert "cube" in [op["name"] for op in client.get("/api/meta").json()["ops"]]
    assert next(op for op in client.get("/api/ops").json() if op["name"] == "cube")["rules"] == ["3*a^2"]


def test_without_the_entry_the_name_is_unknown() -> None:
    with pytest.raises(engine.ExpressionError) as caught:
        engine.trace("cube(x)", {"x": 2.0})
    assert caught.value.kind == "unknown_function"
