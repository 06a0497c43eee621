"""Exports of a trace dict (the /api/trace response): Graphviz DOT and a LaTeX fragment.

They only present what the engine recorded; every piece of user text is escaped for its format.
"""
from __future__ import annotations

import unicodedata

from engine.graph import output_note, output_positions
from engine.printing import fill

MEDIA_TYPES = {"dot": "text/vnd.graphviz", "latex": "application/x-latex", "json": "application/json"}
_EXTENSIONS = {"dot": "dot", "latex": "tex", "json": "json"}


def filename(format: str) -> str:
    return f"chainrule-trace.{_EXTENSIONS[format]}"


def _g(x: float | None) -> str:
    return "-" if x is None else f"{x:.6g}"


# ---- Graphviz DOT ---------------------------------------------------------------------------------

def dot_string(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return '"' + text.replace("\n", "\\n") + '"'


def _var(node: dict) -> str:
    return f"v{node['id']}"


def _dot_label(node: dict, outputs: dict[int, list[int]], count: int) -> str:
    lines = [f"{node['notation']['var']['text']}: {node['label']}"]
    if node["name"] is not None and node["op"] != "input":
        lines[0] += f" ({node['name']})"
    lines.append(f"value {_g(node['value'])}")
    if node["tangent"] is not None:
        lines.append(f"tangent {_g(node['tangent'])}")
    if node["adjoint"] is not None:
        lines.append(f"adjoint {_g(node['adjoint'])}")
    if node["id"] in outputs:
        lines.append(output_note(outputs[node["id"]], count))
    return "\n".join(lines)


_DOT_SHAPES = {"input": "ellipse", "const": "plaintext"}


def to_dot(trace: dict) -> str:
    """The graph with each node's value, tangent and adjoint; each edge shows its local partial."""
    at = ", ".join(f"{name} = {_g(value)}" for name, value in trace["inputs"].items())
    title = f"{trace['expression']}" + (f"  at {at}" if at else "")
    out = [
        "digraph chainrule {",
        f"  graph [rankdir=LR, labelloc=t, fontname=Helvetica, label={dot_string(title)}];",
        "  node [shape=box, style=rounded, fontname=Helvetica];",
        "  edge [fontname=Helvetica, fontsize=10];",
    ]
    outputs = output_positions(trace["outputs"])
    for node in trace["nodes"]:
        attributes = [f"label={dot_string(_dot_label(node, outputs, len(trace['outputs'])))}"]
        if node["op"] in _DOT_SHAPES:
            attributes.append(f"shape={_DOT_SHAPES[node['op']]}")
        if node["id"] in outputs:
            attributes.append("peripheries=2")
        out.append(f"  {_var(node)} [{', '.join(attributes)}];")
    nodes = trace["nodes"]
    for node in nodes:
        for k, operand in enumerate(node["operands"]):
            partial = node["partials"][k]
            label = f"∂ {_g(partial)}" if partial is not None else ""
            out.append(f"  {_var(nodes[operand])} -> {_var(node)} [label={dot_string(label)}];")
    out.append("}")
    return "\n".join(out) + "\n"


# ---- LaTeX ----------------------------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


# Beyond ASCII, pdflatex knows few characters: names may be Greek (θ) or any Unicode letter, and a
# comment may hold anything. Each character becomes a command that works in text and in math mode
# alike (\ensuremath, amsmath's \text), or, if pdflatex has no glyph for it, its code point.
_GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma sigma "
          "tau upsilon phi chi psi omega").split()
_GREEK_CAPITALS = "A B Gamma Delta E Z H Theta I K Lambda M N Xi O Pi P - Sigma T Upsilon Phi X Psi Omega".split()
_LATEX_UNICODE = {
    **{chr(0x3B1 + i): (r"\ensuremath{\%s}" % name if len(name) > 1 else name) for i, name in enumerate(_GREEK)},
    **{chr(0x391 + i): (r"\ensuremath{\%s}" % name if len(name) > 1 else name)
       for i, name in enumerate(_GREEK_CAPITALS) if name != "-"},
    "ϑ": r"\ensuremath{\vartheta}", "ϕ": r"\ensuremath{\phi}", "ϖ": r"\ensuremath{\varpi}",
    "ϱ": r"\ensuremath{\varrho}", "ϵ": r"\ensuremath{\epsilon}", "ε": r"\ensuremath{\varepsilon}",
    "φ": r"\ensuremath{\varphi}", "∂": r"\ensuremath{\partial}", "∇": r"\ensuremath{\nabla}",
    "ß": r"\text{\ss}", "æ": r"\text{\ae}", "Æ": r"\text{\AE}", "œ": r"\text{\oe}", "Œ": r"\text{\OE}",
    "ø": r"\text{\o}", "Ø": r"\text{\O}", "ł": r"\text{\l}", "Ł": r"\text{\L}", "ı": r"\text{\i}",
    "\t": " ",
}
# Combining accents that pdflatex's default (OT1) fonts can put on an ASCII letter: é = e + U+0301.
_LATEX_ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
                  "\u0307": ".", "\u0308": '"', "\u030A": "r", "\u030B": "H", "\u030C": "v", "\u0327": "c"}


def latex_character(ch: str) -> str:
    """One character of user text as LaTeX that pdflatex compiles, whatever the character."""
    if ch in _LATEX_SPECIALS:
        return _LATEX_SPECIALS[ch]
    if " " <= ch <= "~":
        return ch
    if ch in _LATEX_UNICODE:
        return _LATEX_UNICODE[ch]
    base, *accents = unicodedata.normalize("NFD", ch)
    if " " < base <= "~" and base.isalpha() and accents and all(a in _LATEX_ACCENTS for a in accents):
        for accent in accents:
            base = f"\\{_LATEX_ACCENTS[accent]}{{{base}}}"
        return rf"\text{{{base}}}"
    return rf"\text{{[U+{ord(ch):04X}]}}"  # a control character, or a letter without a glyph here


def latex_text(text: str) -> str:
    """Escape text for LaTeX (text or \\mathrm), so no user text can run a command, and any
    character compiles with pdflatex."""
    return "".join(map(latex_character, text))


def compilable(latex: str) -> str:
    """The engine's LaTeX notation with every character outside ASCII made one pdflatex compiles (the
    engine writes Greek as \\theta already; KaTeX on the page takes the rest as it is)."""
    return latex if latex.isascii() else "".join(ch if ch.isascii() else latex_character(ch) for ch in latex)


def latex_number(x: float | None) -> str:
    if x is None:
        return "-"
    mantissa, _, exponent = f"{x:.6g}".partition("e")
    return f"{mantissa}\\times 10^{{{int(exponent)}}}" if exponent else mantissa


def _v(node_id: int) -> str:
    return f"v_{{{node_id}}}"


def _latex_node(node: dict) -> str:
    named = node["name"] is not None and node["op"] != "input"
    return f"${_v(node['id'])}$" + (rf" (\texttt{{{latex_text(node['name'])}}})" if named else "")


def _latex_definition(node: dict, trace: dict) -> str:
    """The right-hand side of the node's Wengert line, in LaTeX, from the primitive's template."""
    if node["op"] in ("input", "const"):
        return rf"\mathrm{{{latex_text(node['label'])}}}"
    template = trace["primitives"][node["op"]]["definition"]["latex"]
    return fill(template, dict(zip("ab", (_v(i) for i in node["operands"]))))


def _latex_partials(node: dict, trace: dict) -> str:
    if node["op"] not in trace["primitives"]:
        return ""
    nodes = trace["nodes"]
    slots = {"out": compilable(node["notation"]["value"]["latex"])}
    slots.update(zip("ab", (compilable(nodes[i]["notation"]["value"]["latex"]) for i in node["operands"])))
    parts = []
    for k, (operand, formula) in enumerate(zip(node["operands"], trace["primitives"][node["op"]]["partials"])):
        formula, number = fill(formula["latex"], slots), latex_number(node["partials"][k])
        shown = number if formula == number else f"{formula} = {number}"  # not "1 = 1"
        parts.append(rf"\frac{{\partial {_v(node['id'])}}}{{\partial {_v(operand)}}} = {shown}")
    return "$" + r"$, $".join(parts) + "$"


def _table(columns: str, header: list[str], rows: list[list[str]]) -> list[str]:
    lines = [rf"\begin{{tabular}}{{{columns}}}", " & ".join(header) + r" \\ \hline"]
    lines += [" & ".join(row) + r" \\" for row in rows]
    lines.append(r"\end{tabular}")
    return lines


def _symbol(node: dict, what: str) -> str:
    """The engine's notation of a node's tangent, adjoint or adjoint's tangent, made compilable."""
    return compilable(node["notation"][what]["latex"])


def _partial(node_id: int, operand: int) -> str:
    return rf"\frac{{\partial {_v(node_id)}}}{{\partial {_v(operand)}}}"


def _per_input(values: dict[str, float], symbol: str) -> str:
    return ", ".join(rf"${symbol}_{{\mathrm{{{latex_text(name)}}}}} = {latex_number(value)}$" for name, value in values.items())


def _pass_heading(trace: dict, name: str, what: str, key: str, phase: str) -> tuple[list[str], list[dict]]:
    """A pass's heading and its steps; no steps, and a line saying so, when the mode did not run it."""
    out = ["", rf"\paragraph{{{name} ({what})}}", ""]
    if trace[key] is None:
        return out + [f"{name} was not run (mode: {latex_text(trace['mode'])})."], []
    return out, [step for step in trace["steps"] if step["phase"] == phase]


def _forward_mode(trace: dict) -> list[str]:
    """Forward mode's table: each node's tangent, the sum over its operands of partial times tangent."""
    nodes, forward = trace["nodes"], trace["forward_mode"]
    out, steps = _pass_heading(trace, "Forward mode", "tangents", "forward_mode", "forward")
    if forward is None:
        return out
    seeds = ", ".join(f"${_symbol(nodes[step['node']], 'tangent')} = {latex_number(step['tangent'])}$"
                      for step in steps if step["kind"] == "seed")
    out += [f"Seed (the direction): {seeds or 'none'}.", ""]
    rows = []
    for step in steps:
        if step["kind"] != "tangent":
            continue
        node = nodes[step["node"]]
        operands = [node["operands"][term["operand_index"]] for term in step["terms"]]
        formula = " + ".join(f"{_partial(node['id'], k)} {_symbol(nodes[k], 'tangent')}" for k in operands)
        products = " + ".join(latex_number(term["product"]) for term in step["terms"])
        rows.append([_latex_node(node), f"${_symbol(node, 'tangent')} = {formula}$", f"${products}$",
                     f"${latex_number(node['tangent'])}$"])
    out += _table("llrr", ["node", "tangent", "terms", "tangent value"], rows)
    jvp = ", ".join(f"${latex_number(value)}$" for value in forward["jvp"])
    return out + ["", f"Directional derivative of each output (JVP): {jvp}."]


def _reverse_mode(trace: dict) -> list[str]:
    """Reverse mode's table: each adjoint update, in the order the sweep makes them."""
    nodes, reverse = trace["nodes"], trace["reverse_mode"]
    out, steps = _pass_heading(trace, "Reverse mode", "adjoints", "reverse_mode", "reverse")
    if reverse is None:
        return out
    seeds = ", ".join(rf"$\bar{{v}}_{{{s['node']}}} = {latex_number(s['adjoint'])}$"
                      for step in steps if step["kind"] == "cotangent" for s in step["seeds"])
    out += [f"Seed: {seeds or 'none'}.", ""]
    rows, adjoint_so_far = [], {}
    for step in steps:
        if step["kind"] != "adjoint":
            continue
        node = nodes[step["node"]]
        operand = node["operands"][step["operand_index"]]
        numbers = (node["adjoint"], node["partials"][step["operand_index"]], step["contribution"],
                   adjoint_so_far.get(operand, 0.0), step["after"])
        adjoint_so_far[operand] = step["after"]
        rows.append([str(len(rows) + 1),
                     rf"$\bar{{v}}_{{{operand}}} \mathrel{{+}}= \bar{{v}}_{{{step['node']}}} \cdot "
                     rf"\partial {_v(step['node'])} / \partial {_v(operand)}$",
                     *(f"${latex_number(number)}$" for number in numbers)])
    out += _table("rlrrrrr", ["step", "update", r"adjoint $\bar{v}$", "partial", "contribution", "before", "after"], rows)
    return out + ["", f"Gradient: {_gradient(reverse['gradient'])}."]


def _gradient(gradient: dict[str, float]) -> str:
    return ", ".join(rf"$\partial f / \partial \mathrm{{{latex_text(name)}}} = {latex_number(value)}$"
                     for name, value in gradient.items()) or "no inputs"


def _hvp(trace: dict) -> list[str]:
    """The Hessian-vector product's table (reverse mode over forward mode): each update of an
    adjoint's tangent, the product rule applied to the adjoint update."""
    hvp = trace["hvp"]
    if hvp is None:
        return []
    nodes = trace["nodes"]
    out = ["", r"\paragraph{Hessian-vector product (reverse mode over forward mode)}", "",
           f"Direction $v$: {_per_input(hvp['direction'], 'v')}.", ""]
    rows = []
    for step in trace["steps"]:
        if step["phase"] != "hvp" or step["kind"] != "hvp_adjoint":
            continue
        node = nodes[step["node"]]
        operand = nodes[node["operands"][step["operand_index"]]]
        partial = _partial(node["id"], operand["id"])
        update = (rf"${_symbol(operand, 'adjoint_tangent')} \mathrel{{+}}= {_symbol(node, 'adjoint_tangent')} {partial}"
                  rf" + {_symbol(node, 'adjoint')} \left({partial}\right)^{{\cdot}}$")
        numbers = (step["adjoint_tangent"], node["partials"][step["operand_index"]], node["adjoint"],
                   step["partial_tangent"], step["tangent_contribution"], step["tangent_after"])
        rows.append([str(len(rows) + 1), update, *(f"${latex_number(number)}$" for number in numbers)])
    out += _table("rlrrrrrr", ["step", "update", r"$\dot{\bar{v}}$ of the node", "partial", r"$\bar{v}$ of the node",
                               r"partial's tangent", "contribution", "after"], rows)
    return out + ["", f"Gradient: {_gradient(hvp['gradient'])}.",
                  f"Hessian times $v$: {_per_input(hvp['result'], '(Hv)')}."]


def to_latex(trace: dict) -> str:
    """A document fragment: the Wengert list (evaluation), then a table for each pass that ran:
    forward mode, reverse mode, the Hessian-vector product."""
    nodes = trace["nodes"]
    at = ", ".join(rf"$\mathrm{{{latex_text(name)}}} = {latex_number(value)}$" for name, value in trace["inputs"].items())
    lines = [" ".join(line.split()) for line in trace["expression"].splitlines() if line.strip()]
    expression = r"}\newline \texttt{".join(latex_text(line) for line in lines)  # one \texttt per line
    out = [
        "% chainrule trace: the Wengert list, and a table for each pass that ran.",
        r"% Needs \usepackage{amsmath} (for \operatorname and \text).",
        rf"\paragraph{{Expression}} \texttt{{{expression}}}" + (f" at {at}." if at else "."),
        "",
        r"\paragraph{Wengert list (evaluation)}",
        "",
    ]
    rows = [[_latex_node(node), f"${_latex_definition(node, trace)}$", f"${latex_number(node['value'])}$",
             _latex_partials(node, trace)] for node in nodes]
    out += _table("llll", ["node", "definition", "value", "local partials"], rows)
    if trace["forward_mode"] is not None:
        out += _forward_mode(trace)
    if trace["hvp"] is None or trace["reverse_mode"] is not None:
        out += _reverse_mode(trace)  # says so when it did not run, unless the HVP (which holds it) did
    out += _hvp(trace)
    return "\n".join(out) + "\n"


EXPORTERS = {"dot": to_dot, "latex": to_latex}
