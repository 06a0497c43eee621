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


# ---- second order, symbolic, paths -------------------------------------------------------------------

def test_hvp_mode_prints_the_dual_updates_and_h_v() -> None:
    done = run("x*y + sin(x)*y^2", "--at", "x=1", "--at", "y=3", "--mode", "hvp", "--direction", "x=1",
               "--direction", "y=0")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "HVP (reverse mode over dual numbers, direction x=1, y=0, cotangent output 0=1):" in lines
    assert lines[-1] == "H·v: x = -7.57324, y = 4.24181"  # -9 sin(1), 1 + 6 cos(1)
    row = next(line.split() for line in lines if "adj(v0) += adj(v3) * dv3/dv0" in line)
    # step, update (5 words), adjoint, d adjoint, partial, d partial, contribution, d contribution, after, d after
    assert row[6:] == ["9", "0", "0.540302", "-0.841471", "4.86272", "-7.57324", "4.86272", "-7.57324"]


def test_hvp_json_has_the_summary_and_the_steps() -> None:
    done = run("x*y", "--at", "x=2", "--at", "y=3", "--mode", "hvp", "--direction", "y=1", "--json")
    data = json.loads(done.stdout)
    assert data["hvp"] == {"direction": {"x": 0.0, "y": 1.0}, "cotangent": {"0": 1.0},
                           "gradient": {"x": 3.0, "y": 2.0}, "result": {"x": 1.0, "y": 0.0}}
    assert [step["kind"] for step in data["steps"] if step["phase"] == "hvp"] == ["hvp_cotangent"] + ["hvp_adjoint"] * 2


def test_hessian_of_the_classic_is_e_squared_over_8() -> None:
    done = run("exp(x)/x^2", "--at", "x=2", "--hessian")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Hessian of output 0 (exp(x)/x^2) by 1 Hessian-vector product")
    assert lines[3].split() == ["x", "0.923632"]  # e^2/8
    assert lines[-1].startswith("Cost: 2 passes (a forward-mode pass and a reverse pass over dual numbers per input)")
    data = json.loads(run("exp(x)/x^2", "--at", "x=2", "--hessian", "--json").stdout)
    assert data["matrix"] == [[0.9236320123663313]] and data["passes"] == 2


def test_symbolic_prints_both_derivatives_and_the_trace_size() -> None:
    done = run("exp(x)/x^2", "--at", "x=2", "--symbolic")
    assert done.returncode == 0, done.stderr
    lines = [line.strip() for line in done.stdout.splitlines()]
    assert "simplified (23 nodes, value 0):" in lines
    assert "1/x^2*exp(x) - exp(x)/x^2/x^2*(2*x)" in lines
    assert "Sizes in nodes: d/dx 32 naive, 23 simplified." in lines
    assert lines[-1].startswith("AD trace: 5 nodes, 10 steps")
    data = json.loads(run("exp(x)/x^2", "--at", "x=2", "--symbolic", "--json").stdout)
    assert data["derivatives"]["x"]["simplified"]["expression"] == "1/x^2*exp(x) - exp(x)/x^2/x^2*(2*x)"
    assert data["trace_size"] == {"nodes": 5, "steps": 10}


def test_paths_lists_every_path_and_their_sum() -> None:
    done = run("u = x*x; v = u*u; v + x", "--at", "x=1.5", "--paths", "x")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Paths from x to output 0: 5 paths")
    assert "  v0 -a-> v1 -b-> v2 -a-> v3: 1.5 * 2.25 * 1 = 3.375" in lines
    assert lines[-1] == "Sum over paths: 14.5; reverse mode's d/dx: 14.5"
    data = json.loads(run("x*y, x + y", "--at", "x=2", "--at", "y=3", "--paths", "y", "--output", "1", "--json").stdout)
    assert data["paths"] == [{"nodes": [1, 3], "operand_indices": [1], "partials": [1.0], "product": 1.0}]


def test_paths_of_an_unknown_input_is_an_error() -> None:
    done = run("x*y", "--at", "x=1", "--at", "y=2", "--paths", "z")
    assert done.returncode == 2 and "error (unknown_input): 'z' is not an input" in done.stderr


def test_the_reports_are_one_at_a_time() -> None:
    done = run("x", "--at", "x=1", "--hessian", "--symbolic")
    assert done.returncode == 2 and "not allowed with argument" in done.stderr
