"""The page's logic (the fold over steps, the URL state) under Node's own test runner, on traces the
engine makes: `node --test tests/js/*.test.mjs`.

Node is Debian's `nodejs` package (.ci/run installs it); without it the test is skipped with a message
saying how to enable it, except under CI=true, where a missing Node fails.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

HERE = Path(__file__).resolve().parent
MLP = ("neuron(x1, x2, w1, w2, b) = tanh(w1*x1 + w2*x2 + b)\nh1 = neuron(x1, x2, w11, w12, b1)\n"
       "h2 = neuron(x1, x2, w21, w22, b2)\ny = neuron(h1, h2, u1, u2, c)\n(y - target)^2")
PROGRAMS = {"x*x + sin(x)": {"x": 1.0}, "exp(x)/x^2": {"x": 2.0}, "u = x*y\nsin(u) + u/y": {"x": 3.0, "y": -2.0},
            MLP: {}, "f(a) = sin(a)*a\nu = f(f(x))\nu + f(y)": {}}

# The lecture view's responses (tests/js/lecture.test.mjs): three outputs of two inputs.
LECTURE_PROGRAM = {"expression": "x*y, x + y, sin(x)*y", "inputs": {"x": 1.0, "y": 2.0}}


def test_the_page_logic_under_node(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        message = "Node is missing: the page's logic tests need it (enable them with `apt-get install -y nodejs`)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    client = TestClient(create_app())
    traces = {source: client.post("/api/trace", json={"expression": source, "inputs": inputs, "fill_inputs": True}).json()
              for source, inputs in PROGRAMS.items()}
    (tmp_path / "traces.json").write_text(json.dumps(traces))
    (tmp_path / "meta.json").write_text(json.dumps(client.get("/api/meta").json()))
    lecture = {"jacobian": client.post("/api/jacobian", json=LECTURE_PROGRAM).json(),
               "symbolic": client.post("/api/symbolic", json=LECTURE_PROGRAM).json(),
               "dual": client.post("/api/dual", json={**LECTURE_PROGRAM, "node": 2}).json(),
               "hvp": client.post("/api/hvp", json=LECTURE_PROGRAM).json(),
               "quiz": client.post("/api/quiz", json=LECTURE_PROGRAM).json()}
    first = lecture["quiz"]["questions"][0]  # the engine's verdicts on a right and a wrong answer to it
    verdict = lambda answer: client.post("/api/quiz/check", json={**LECTURE_PROGRAM, "question": first["id"], "answer": answer}).json()  # noqa: E731
    lecture["verdicts"] = [verdict(repr(verdict("1e6")["expected"])), verdict("1e6")]
    (tmp_path / "lecture.json").write_text(json.dumps(lecture))
    environment = {**os.environ, "CHAINRULE_TRACES": str(tmp_path / "traces.json"),
                   "CHAINRULE_META": str(tmp_path / "meta.json"), "CHAINRULE_LECTURE": str(tmp_path / "lecture.json")}
    files = sorted(str(path) for path in HERE.glob("*.test.mjs"))
    assert len(files) >= 3
    result = subprocess.run([node, "--test", *files], capture_output=True, text=True, env=environment, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout and "# pass" in result.stdout
