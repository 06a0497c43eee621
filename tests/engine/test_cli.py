"""The CLI: Wengert list, step tables, JSON, standard input, and errors with a caret (exit status 2)."""
from __future__ import annotations

import json
import subprocess
import sys


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
