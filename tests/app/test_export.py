"""POST /api/export: DOT, LaTeX and JSON files, escaped for their formats."""
from __future__ import annotations

import json
import re

import pytest

from app import export

from .conftest import trace_body

NASTY = 'x*y # a comment: "quoted" \\input{/etc/passwd} & % $ # _ { } ~ ^ \\\\ } digraph {'


def exported(client, format: str, expression: str, inputs: dict, **options):
    response = client.post(f"/api/export?format={format}", json=trace_body(expression, inputs, **options))
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize("format, media_type, extension", [
    ("dot", "text/vnd.graphviz", "dot"), ("latex", "application/x-latex", "tex"), ("json", "application/json", "json")])
def test_exports_are_attachments(client, format, media_type, extension):
    response = exported(client, format, "exp(x)/x^2", {"x": 2})
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="chainrule-trace.{extension}"'


def test_json_export_is_the_trace(client):
    body = trace_body("x*x + sin(x)", {"x": 1})
    trace = client.post("/api/trace", json=body).json()
    assert json.loads(exported(client, "json", **{k: body[k] for k in ("expression", "inputs")}).content) == trace


def dot_strings_removed(text: str) -> str:
    """The DOT text with every double-quoted string taken out (escapes honoured)."""
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)


def test_dot_has_every_node_and_edge_with_values_and_adjoints(client):
    trace = client.post("/api/trace", json=trace_body("x*x + sin(x)", {"x": 1})).json()
    dot = exported(client, "dot", "x*x + sin(x)", {"x": 1}).text
    assert dot.startswith("digraph chainrule {") and dot.rstrip().endswith("}")
    for node in trace["nodes"]:
        assert re.search(rf'^  v{node["id"]} \[label="{node["notation"]["var"]["text"]}: ', dot, re.M)
    assert dot.count("v0 -> v1 ") == 2  # x*x: two edges
    assert "adjoint 2.5403" in dot and "tangent 2.5403" in dot and "value 1.84147" in dot
    assert 'label="∂ 0.540302"' in dot  # the local partial cos(1) on the edge x -> sin


def test_dot_escapes_user_text(client):
    dot = exported(client, "dot", NASTY, {"x": 1, "y": 2}).text
    outside = dot_strings_removed(dot)
    assert '"' not in outside.replace('""', "")
    assert outside.count("{") == outside.count("}") == 1  # only the graph's own braces
    assert "\\input" not in outside
    assert export.dot_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'


def test_latex_has_the_wengert_list_and_the_reverse_mode_table(client):
    trace = client.post("/api/trace", json=trace_body("exp(x)/x^2", {"x": 2})).json()
    latex = exported(client, "latex", "exp(x)/x^2", {"x": 2}).text
    assert r"\texttt{exp(x)/x\textasciicircum{}2}" in latex
    for node in trace["nodes"]:
        assert f"$v_{{{node['id']}}}$ & " in latex
    assert r"$v_{4}$ & $\frac{v_{1}}{v_{3}}$ & $1.84726$" in latex
    assert latex.count(r"\mathrel{+}=") == sum(step["kind"] == "adjoint" for step in trace["steps"]) == 4
    assert latex.count(r"\begin{tabular}") == latex.count(r"\end{tabular}") == 3  # evaluation, forward, reverse
    assert r"Gradient: $\partial f / \partial \mathrm{x} = 0$." in latex


def test_latex_of_the_hvp_has_forward_mode_and_the_product_rule_table(client):
    """f = x*y + sin(x): H = [[-sin x, 1], [1, 0]], so along v = (1, 0), Hv = (-sin 1, 1)."""
    body = trace_body("x*y + sin(x)", {"x": 1, "y": 2}, mode="hvp")
    trace = client.post("/api/trace", json=body).json()
    latex = exported(client, "latex", **body).text
    assert r"\paragraph{Forward mode (tangents)}" in latex and r"Seed (the direction): $\dot{x} = 1$, $\dot{y} = 0$." in latex
    assert r"$\dot{v}_{4} = \frac{\partial v_{4}}{\partial v_{2}} \dot{v}_{2} + \frac{\partial v_{4}}{\partial v_{3}} \dot{v}_{3}$" in latex
    assert "Reverse mode was not run" not in latex  # the HVP holds reverse mode's adjoints
    hvp_steps = [step for step in trace["steps"] if step["kind"] == "hvp_adjoint"]
    assert latex.count(r"\left(\frac{\partial") == len(hvp_steps) == 5
    assert r"Hessian times $v$: $(Hv)_{\mathrm{x}} = -0.841471$, $(Hv)_{\mathrm{y}} = 1$." in latex
    assert latex.count(r"\begin{tabular}") == latex.count(r"\end{tabular}") == 3


def test_latex_of_forward_mode_has_its_table_and_the_jvp(client):
    latex = exported(client, "latex", "x*y", {"x": 3, "y": 2}, mode="forward").text
    assert r"$\dot{v}_{2} = \frac{\partial v_{2}}{\partial v_{0}} \dot{x} + \frac{\partial v_{2}}{\partial v_{1}} \dot{y}$ & $2 + 0$ & $2$" in latex
    assert "Directional derivative of each output (JVP): $2$." in latex


def test_latex_without_reverse_mode_says_so(client):
    latex = exported(client, "latex", "x*y", {"x": 1, "y": 2}, mode="forward").text
    assert "Reverse mode was not run (mode: forward)." in latex


def test_latex_escapes_user_text(client):
    latex = exported(client, "latex", NASTY, {"x": 1, "y": 2}).text
    line = next(line for line in latex.splitlines() if line.startswith(r"\paragraph{Expression}"))
    text = line[len(r"\paragraph{Expression} \texttt{"):line.index("} at ")]
    for escape in export._LATEX_SPECIALS.values():
        text = text.replace(escape, "")
    assert not set(text) & set(export._LATEX_SPECIALS), text  # every special character was escaped
    assert r"\input" not in latex
    assert export.latex_text("a_b & 50%") == r"a\_b \& 50\%"


@pytest.mark.parametrize("value, text", [(0.25, "0.25"), (1.5e-7, r"1.5\times 10^{-7}"), (-2e300, r"-2\times 10^{300}"),
                                         (None, "-")])
def test_latex_numbers(value, text):
    assert export.latex_number(value) == text


def test_export_errors(client):
    assert client.post("/api/export?format=pdf", json=trace_body("x", {"x": 1})).status_code == 422
    assert client.post("/api/export", json=trace_body("x", {"x": 1})).status_code == 422
    error = client.post("/api/export?format=dot", json=trace_body("x +", {"x": 1}))
    assert error.status_code == 400 and error.json()["detail"]["kind"] == "syntax"


def test_latex_of_a_program_with_names_and_lines(client):
    latex = exported(client, "latex", "u = x*y  # product\nexp(u)", {"x": 2, "y": 1}).text
    assert r"\texttt{u = x*y \# product}\newline \texttt{exp(u)}" in latex
    assert r"$v_{2}$ (\texttt{u}) & $v_{0} \cdot v_{1}$ & $2$" in latex
    # formulas use the nodes' notation; exp's partial is its own cached output
    assert r"\frac{\partial v_{3}}{\partial v_{2}} = v_{3} = 7.38906" in latex
    assert r"\frac{\partial v_{2}}{\partial v_{0}} = y = 1$" in latex


class UnsearchableList(list):
    """A list of outputs that fails if anything searches it (a search per node is quadratic)."""

    def __contains__(self, item: object) -> bool:
        raise AssertionError("the outputs were searched")

    def index(self, *args: object) -> int:  # type: ignore[override]
        raise AssertionError("the outputs were searched")


def test_the_dot_export_never_searches_the_outputs(client):
    # `x, x, x, ...` adds outputs, not nodes: 50,000 outputs fit the default limits.
    record = client.post("/api/trace", json=trace_body("u = x*y; u, x, u + 1, u", {"x": 2, "y": 3})).json()
    text = export.to_dot({**record, "outputs": UnsearchableList(record["outputs"])})
    assert "outputs 0, 3" in text and "output 1" in text and text.count("peripheries=2") == 3


@pytest.mark.parametrize("text, latex", [
    ("θ", r"\ensuremath{\theta}"), ("Ω", r"\ensuremath{\Omega}"), ("Α", "A"), ("ε", r"\ensuremath{\varepsilon}"),
    ("é", r"\text{\'{e}}"), ("ß", r"\text{\ss}"), ("名", r"\text{[U+540D]}"), ("\x07", r"\text{[U+0007]}"),
    ("\t", " "), ("a_b", r"a\_b"),
])
def test_latex_text_of_unicode_and_control_characters(text, latex):
    assert export.latex_text(text) == latex
