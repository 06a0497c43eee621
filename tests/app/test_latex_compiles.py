"""The LaTeX export compiles with pdflatex -no-shell-escape: every gallery example, Greek and other
Unicode names, and control characters in a comment.

Without pdflatex the tests are skipped with a message saying how to enable them, except when
CI=true: there a missing pdflatex is a failure, never a skip (.ci/run installs it).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.examples import EXAMPLES

from .conftest import trace_body

PREAMBLE = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
GREEK = "".join(map(chr, [*range(0x391, 0x3A2), *range(0x3A3, 0x3AA), *range(0x3B1, 0x3CA)]))

BODIES = {example.id: trace_body(example.expression, example.inputs, mode=example.mode) for example in EXAMPLES}
BODIES |= {
    "greek-input": trace_body("θ*x + sin(θ)", {"θ": 1, "x": 2}),
    "every-greek-letter": trace_body(" + ".join(GREEK), dict.fromkeys(GREEK, 0.5), mode="evaluation"),
    "accents-and-others": trace_body("é*ñ + Ωmega + 名 + ß + ǅ  # ∂ ∇", {"é": 1, "ñ": 2, "Ωmega": 3, "名": 4, "ß": 5, "ǅ": 6}),
    "control-characters": trace_body("y = x  # bell \x07, escape \x1b, delete \x7f, nul \x00, \x85 \u2028 \u200b\ty\ny",
                                      {"x": 1}),
    "latex-specials": trace_body("a_b = x  # \\ { } % $ & ~ ^ < > | \\input{/etc/passwd}\na_b", {"x": 1}),
    "evaluation-only": trace_body("x*y", {"x": 1, "y": 2}, mode="evaluation"),
    "hessian-vector-product": trace_body("θ*y + sin(θ)^2", {"θ": 1, "y": 2}, mode="hvp"),
    "forward-only": trace_body("exp(x)/x^2", {"x": 2}, mode="forward"),
}


def pdflatex() -> str:
    found = shutil.which("pdflatex")
    if found:
        return found
    message = ("pdflatex is missing: the LaTeX compile tests need it "
               "(enable them with `apt-get install -y texlive-latex-base`)")
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


@pytest.mark.parametrize("name", list(BODIES))
def test_the_latex_export_compiles_with_pdflatex(client, tmp_path: Path, name: str):
    program = pdflatex()
    response = client.post("/api/export?format=latex", json=BODIES[name])
    assert response.status_code == 200, response.text
    (tmp_path / "trace.tex").write_text(PREAMBLE + response.text + "\\end{document}\n", encoding="utf-8")
    done = subprocess.run([program, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "trace.tex"],
                          cwd=tmp_path, capture_output=True, text=True, errors="replace", timeout=120)
    errors = [line for line in done.stdout.splitlines() if line.startswith("!")]
    assert done.returncode == 0 and not errors, "\n".join(errors) or done.stdout[-2000:]
    assert (tmp_path / "trace.pdf").stat().st_size > 0
