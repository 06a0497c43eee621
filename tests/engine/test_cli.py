"""The CLI: Wengert list, step tables, JSON, standard input, and errors with a caret (exit status 2)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_classic_prints_wengert_list_steps_and_zero_gradient() -> None:
    done = run("exp(x)/x^2", "--at", "x=2")
    assert done.returncode == 0
    assert "v4 = v1 / v3 = 1.84726" in done.stdout
    assert "adj(v0) += adj(v1) * dv1/dv0" in done.stdout
    assert "Gradient: d/dx = 0" in done.stdout
    assert "JVP: 0" in done.stdout


def test_json_is_the_trace_dict() -> None:
    done = run("x*y", "--at", "x=2", "--at", "y=3", "--mode", "reverse", "--json")
    data = json.loads(done.stdout)
    assert data["reverse_mode"]["gradient"] == {"x": 3.0, "y": 2.0}
    assert data["forward_mode"] is None


def test_seed_selects_the_forward_mode_direction() -> None:
    done = run("x*y", "--at", "x=2", "--at", "y=3", "--mode", "forward", "--seed", "y=1", "--json")
    assert json.loads(done.stdout)["forward_mode"]["jvp"] == [2.0]


def test_program_from_standard_input() -> None:
    done = run("-", "--at", "x=1", "--at", "y=2", "--json", stdin="u = x*y\nu + sin(u)\n")
    data = json.loads(done.stdout)
    assert data["nodes"][2]["name"] == "u"


def test_expression_error_prints_a_caret_and_exits_2() -> None:
    done = run("sin(x", "--at", "x=1")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-2:] == ["sin(x", "     ^"]
    assert "error (syntax)" in done.stderr


def test_bad_at_argument_is_a_usage_error() -> None:
    done = run("x", "--at", "x=two")
    assert done.returncode == 2 and "is not a number" in done.stderr


def test_check_prints_finite_differences_beside_autodiff() -> None:
    done = run("relu(x) + x*y", "--at", "x=0", "--at", "y=3", "--check")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert "Finite-difference check (gradient of reverse mode, JVP of forward mode):" in lines
    d_dx = next(line.split() for line in lines if line.strip().startswith("d/dx") and "central" in line)
    assert d_dx == ["d/dx", "3", "3.5", "1e-05", "central", "differs"]  # relu's kink: the quotient sees 1/2
    d_dy = next(line.split() for line in lines if line.strip().startswith("d/dy"))
    assert d_dy[-2:] == ["central", "agrees"]
    assert any("kink" in line for line in lines)
    data = json.loads(run("x*y", "--at", "x=2", "--at", "y=3", "--check", "--json").stdout)
    assert [entry["agrees"] for entry in data["check"]["gradient"]] == [True, True]
    assert "check" not in json.loads(run("x*y", "--at", "x=2", "--at", "y=3", "--json").stdout)


def strict_json(text: str) -> object:
    """Parse as standard JSON: NaN, Infinity and -Infinity are refused, as JSON.parse refuses them."""
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("args", [
    ("x*y", "--at", "x=1e308", "--at", "y=1", "--seed", "x=1e-10", "--check"),  # printed "h": Infinity
    ("x*y", "--at", "x=1.7976931348623157e308", "--at", "y=0.5", "--check"),
    ("exp(x)", "--at", "x=709", "--check"),
    ("sqrt(x)*log(x), relu(x - 2)", "--at", "x=2", "--check"),
    ("log(x)", "--at", "x=4e-6", "--check"),
    ("x + sin(y)", "--at", "x=1e8", "--at", "y=0.5", "--seed", "y=1", "--check"),
    ("x, x, x", "--at", "x=-0.0", "--mode", "reverse", "--cotangent", "2=1e-300"),
    ("1e308 * 10", "--mode", "evaluation"),
])
def test_every_json_the_cli_prints_is_strict_json(args) -> None:
    done = run(*args, "--json")
    assert done.returncode in (0, 2), done.stderr
    if done.returncode == 0:
        record = strict_json(done.stdout)
        steps = [c["h"] for c in record.get("check", {}).get("gradient", []) + record.get("check", {}).get("jvp", [])]
        assert all(isinstance(h, float) and 0 < h < float("inf") for h in steps)


def test_non_finite_numbers_are_printed_as_null() -> None:
    from engine.__main__ import finite_or_null
    assert finite_or_null({"a": [float("inf"), 1.5, (float("nan"),)], "b": -float("inf"), "c": "x"}) == \
        {"a": [None, 1.5, [None]], "b": None, "c": "x"}
