"""How the quiz writes its formulas: a node's Wengert definition and its local partials, from the rule
table's own templates (engine/rules.py), filled once with the operands' notation and once with their
numbers; the chain rule's sums of products; numbers as the CLI prints them. Nothing here is new
notation: every name is the graph's (engine/notation.py), every formula the table's."""
from __future__ import annotations

from .bracketing import entry_notation
from .graph import Graph
from .notation import Notation, NodeNotation, node_notation
from .printing import fill, latex_number
from .rules import DEFINITIONS, PARTIAL_FORMULAS


def written(graph: Graph, node_id: int) -> NodeNotation:
    """A node's notation: its value (v₃ or its name), tangent, adjoint."""
    node = graph.nodes[node_id]
    return node_notation(node_id, node.op, node.label, node.name)


def number(value: float, inner: bool = False) -> Notation:
    """A number to six significant digits, as the CLI prints it; `inner`: a negative one in parentheses,
    as an operand of a longer formula."""
    text = f"{value:.6g}"
    text = "0" if text == "-0" else text
    latex = latex_number(value, text)
    if inner and text.startswith("-"):
        return Notation(f"({text})", rf"\left({latex}\right)")
    return Notation(text, latex)


def _slots(graph: Graph, node_id: int, values: tuple[float, ...] | None) -> tuple[dict, dict]:
    """A node's template slots ($out, $a, $b) as text and as LaTeX: the notation, or with `values` the numbers."""
    shown = (lambda i: number(values[i], inner=True)) if values else (lambda i: written(graph, i).value)
    slots = [("out", shown(node_id))] + list(zip("ab", map(shown, graph.nodes[node_id].operands)))
    return {name: item.text for name, item in slots}, {name: item.latex for name, item in slots}


def definition(graph: Graph, node_id: int, values: tuple[float, ...] | None = None) -> Notation:
    """The right-hand side of a node's Wengert line, `v₁ / v₂`, or with `values` its numbers, `7.38906 / 4`."""
    text_slots, latex_slots = _slots(graph, node_id, values)
    template = DEFINITIONS[graph.nodes[node_id].op]
    return Notation(fill(template.text, text_slots), fill(template.latex, latex_slots))


def partial_formula(graph: Graph, node_id: int, index: int, values: tuple[float, ...] | None = None) -> Notation:
    """The rule of a node's local partial with respect to operand `index` (`-v₁/v₂^2`), or its numbers."""
    text_slots, latex_slots = _slots(graph, node_id, values)
    template = PARTIAL_FORMULAS[graph.nodes[node_id].op][index]
    return Notation(fill(template.text, text_slots), fill(template.latex, latex_slots))


def partial_name(graph: Graph, node_id: int, operand: int) -> Notation:
    """∂v₃/∂v₁, named as the Jacobian's entries are."""
    return entry_notation(written(graph, node_id).value, written(graph, operand).value)


def asked(left: Notation) -> Notation:
    """The unknown of a question: `x̄ = ?`."""
    return Notation(f"{left.text} = ?", rf"{left.latex} = {{?}}")


def products(pairs: list[tuple[Notation, Notation]]) -> Notation:
    """a·b + c·d: a chain-rule sum of products; 0 when it has no terms."""
    if not pairs:
        return Notation("0", "0")
    return Notation(" + ".join(f"{a.text}·{b.text}" for a, b in pairs),
                    " + ".join(rf"{a.latex} \cdot {b.latex}" for a, b in pairs))


def source_text(graph: Graph, node_id: int, width: int = 40) -> str:
    """The program text a node came from, on one line, shortened to `width` characters."""
    start, end = graph.nodes[node_id].span
    text = " ".join(graph.source[start:end].split())
    return text if len(text) <= width else text[: width - 1] + "…"
