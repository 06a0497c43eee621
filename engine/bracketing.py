"""How the Jacobian of a program is written for the lecture: its entries' names, the two bracketings
of the product of the Wengert lines' Jacobians, and why one mode is recommended, as text and LaTeX.

A program with L operations is the composition of L elementary steps, so its Jacobian is the product
J = J_L ... J_2 J_1 (J_k: the Jacobian of the k-th operation's Wengert line). A product of matrices can
be bracketed two ways:

    forward mode:  J e_j = J_L(...(J_2(J_1 e_j)))        one pass per input, each gives a column
    reverse mode:  e_i^T J = ((e_i^T J_L) J_{L-1})...J_1   one pass per output, each gives a row

so D inputs cost D forward-mode passes and M outputs M reverse-mode passes: forward mode is cheap
when D << M, reverse mode when D >> M.
"""
from __future__ import annotations

from typing import NamedTuple

from .graph import Graph
from .notation import Notation, name_notation, node_notation

SHOWN_FACTORS = 3  # a chain of more factors than this is written with an ellipsis after them


class Method(NamedTuple):
    name: str  # "forward_mode" or "reverse_mode"
    label: str  # "forward mode"
    passes: int
    operations: int


def input_notation(graph: Graph) -> tuple[Notation, ...]:
    """Each input's name as a formula writes it: x, θ, a₁."""
    return tuple(name_notation(name)[0] for name in graph.inputs)


def output_notation(graph: Graph) -> tuple[Notation, ...]:
    """Each output's value as a formula writes it: its name, or its Wengert variable v₃."""
    written = []
    for node_id in graph.outputs:
        node = graph.nodes[node_id]
        written.append(node_notation(node_id, node.op, node.label, node.name).value)
    return tuple(written)


def entry_notation(output: Notation, input: Notation) -> Notation:
    """The name of one entry of J: ∂y/∂x."""
    return Notation(f"∂{output.text}/∂{input.text}", rf"\dfrac{{\partial {output.latex}}}{{\partial {input.latex}}}")


def layer_count(graph: Graph) -> int:
    """L: the Wengert lines that apply an operation, one Jacobian factor each."""
    return sum(1 for node in graph.nodes if node.operands)


class Factor(NamedTuple):
    """A factor the bracketings write out: J_k, the Jacobian of the k-th operation's Wengert line."""
    index: int  # k
    notation: Notation  # J₃
    node: int  # the node that line makes: J_k is the identity but for its row, its local partials


FACTORS_NOTE = ("Each factor J_k is the Jacobian of one Wengert line: the identity, except in the row of the "
                "node the line makes, which holds that node's cached local partials.")


def written_factors(graph: Graph) -> tuple[Factor, ...]:
    """The factors written in the bracketings (J_L, J_{L-1}, ..., J_1: all of them when L is small),
    each with the node of its Wengert line."""
    operations = [node.id for node in graph.nodes if node.operands]
    return tuple(Factor(index, _factor(index), operations[index - 1]) for index in _factors(len(operations)) if index)


def _factors(layers: int) -> list[int]:
    """The factors' indices written out, highest first; 0 stands for the ellipsis."""
    if layers <= SHOWN_FACTORS + 1:
        return list(range(layers, 0, -1))
    return [layers, layers - 1, 0, 1]


def _factor(index: int) -> Notation:
    digits = str(index)
    return Notation("J" + digits.translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")), f"J_{{{digits}}}")


def forward_chain(layers: int, seed: Notation) -> Notation:
    """J ẋ = J_L(...(J_2(J_1 ẋ))): the product applied to the seed from the right, innermost first."""
    if layers == 0:
        return Notation(f"J·{seed.text} = {seed.text}", rf"J\,{seed.latex} = {seed.latex}")
    text, latex = seed.text, seed.latex
    for index in reversed(_factors(layers)):  # innermost (J_1) first
        if index == 0:
            text, latex = f"⋯({text})", rf"\cdots({latex})"
        else:
            factor = _factor(index)
            inner = text if index == 1 else f"({text})"
            inner_latex = latex if index == 1 else f"({latex})"
            text, latex = f"{factor.text}{'·' if index == 1 else ''}{inner}", rf"{factor.latex}\,{inner_latex}"
    return Notation(f"J·{seed.text} = {text}", rf"J\,{seed.latex} = {latex}")


def reverse_chain(layers: int, cotangent: Notation) -> Notation:
    """ȳᵀ J = ((ȳᵀ J_L) J_{L-1})...J_1: the product applied to the cotangent from the left, outermost first."""
    row_text, row_latex = f"{cotangent.text}ᵀ", rf"{cotangent.latex}^{{\top}}"
    if layers == 0:
        return Notation(f"{row_text}·J = {row_text}", rf"{row_latex} J = {row_latex}")
    factors = _factors(layers)
    text, latex = row_text, row_latex
    for position, index in enumerate(factors):
        last = position == len(factors) - 1
        if index == 0:
            text, latex = f"({text}⋯)", rf"({latex}\cdots)"
            continue
        factor = _factor(index)
        if last:
            text, latex = f"{text}·{factor.text}", rf"{latex}\,{factor.latex}"
        else:
            text, latex = f"({text}·{factor.text})", rf"({latex}\,{factor.latex})"
    return Notation(f"{row_text}·J = {text}", rf"{row_latex} J = {latex}")


def unit_vector(subscript: Notation) -> Notation:
    """e_x: 1 in x's place, 0 elsewhere."""
    return Notation(f"e_{subscript.text}", f"e_{{{subscript.latex}}}")


def counted(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def summary(count: int, gives: str) -> str:
    """What a method's passes are and what each gives, in a sentence."""
    if gives == "column":
        return (f"D = {counted(count, 'pass', 'passes')}, one per input: pass j starts from the tangents e_j "
                f"(1 on input j, 0 elsewhere) and gives column j of J, J e_j")
    return (f"M = {counted(count, 'pass', 'passes')}, one per output: pass i starts from the adjoints e_i "
            f"(1 on output i, 0 elsewhere) and gives row i of J, e_iᵀ J")


def per_pass(method: Method) -> str:
    """The multiply-adds of one pass on average, to one decimal where it is not whole."""
    average = method.operations / method.passes if method.passes else 0.0
    return str(int(average)) if average == int(average) else f"{average:.1f}"


def reason(inputs: int, outputs: int, forward: Method, reverse: Method, recommended: str) -> str:
    """Why the recommended mode: its passes (D against M) and the multiply-adds the passes took."""
    if inputs == 0:
        return "D = 0: the program has no inputs, so its Jacobian has no columns and there is nothing to differentiate."
    chosen, other = (forward, reverse) if recommended == forward.name else (reverse, forward)
    sizes = f"D = {counted(inputs, 'input', 'inputs')} and M = {counted(outputs, 'output', 'outputs')}"
    costs = (f"forward mode builds J one column per pass: D = {counted(forward.passes, 'pass', 'passes')}, "
             f"{counted(forward.operations, 'multiply-add', 'multiply-adds')}; reverse mode builds it one row per "
             f"pass: M = {counted(reverse.passes, 'pass', 'passes')}, "
             f"{counted(reverse.operations, 'multiply-add', 'multiply-adds')}")
    if chosen.operations == other.operations:
        return (f"{sizes}: {costs}. Both take as many multiply-adds, so either will do; "
                f"{chosen.label} is named on a tie.")
    if inputs == outputs:
        why = "D = M, so the passes tie and the multiply-adds decide"
    elif (inputs < outputs) == (chosen is forward):
        why = f"as D {'<' if inputs < outputs else '>'} M predicts"
    else:
        why = (f"although D {'<' if inputs < outputs else '>'} M: in this program a {chosen.label} pass crosses "
               f"fewer edges ({per_pass(chosen)} on average) than a {other.label} pass ({per_pass(other)})")
    return (f"{sizes}: {costs}. {chosen.label.capitalize()} is recommended: it takes fewer multiply-adds "
            f"({chosen.operations} against {other.operations}), {why}.")
