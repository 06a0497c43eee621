"""Dual numbers as matrices: forward mode is matrix arithmetic.

The dual number a + ȧε is the 2x2 matrix  [[a, ȧ], [0, a]] = a·I + ȧ·ε,  with ε = [[0, 1], [0, 0]] and
ε² = 0. Then the arithmetic of matrices is forward mode, rule for rule:

    [[a, ȧ], [0, a]] + [[b, ḃ], [0, b]] = [[a + b, ȧ + ḃ], [0, a + b]]        the sum rule
    [[a, ȧ], [0, a]] · [[b, ḃ], [0, b]] = [[ab, aḃ + ȧb], [0, ab]]            the product rule
    f([[a, ȧ], [0, a]]) = f(a)·I + f'(a)ȧ·ε = [[f(a), f'(a)ȧ], [0, f(a)]]     the chain rule (the power
                                                                            series of f stops at ε¹)

This module reads forward mode's values and tangents (engine/forward_mode.py) and writes one record per
node: its operation over its operands' matrices, the result's matrix, and the identity of the rule it
exemplifies, written with the rule table's partials (engine/rules.py). For a product, sum, difference or
quotient (A·B⁻¹) it also does the matrix arithmetic itself, plainly (`matrix_product`, ...), so the lesson is a check
that could fail: the matrices, multiplied as matrices, give forward mode's dual number.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, NamedTuple

from .bracketing import counted
from .forward_mode import ForwardMode
from .graph import CONSTANT, INPUT, Graph
from .notation import CONSTANT_NAMES, Notation, equation, name_notation, node_notation, seed_written
from .ops import CONSTANTS, PRIMITIVES
from .printing import fill, to_latex, to_text
from .rules import DEFINITIONS
from .simplify import simplify
from .symbolic import apply, chain_rule, name, number
from .syntax import format_number
from .trace import Evaluation

Matrix = tuple[tuple[float, ...], ...]

WINDOW = 12  # the records one answer holds at most: a window of the Wengert list around the focus
SHOWN_DIGITS = 4  # significant digits of a number written in a matrix (as the page writes numbers)

# The rule each category of primitive (engine/ops.py) reproduces as matrix arithmetic.
RULES = {"linear": "the sum rule", "bilinear": "the product rule", "rational": "the quotient rule",
         "power": "the power rule"}
CHAIN_RULE = "the chain rule"


def dual_matrix(value: float, tangent: float) -> Matrix:
    """a + ȧε as [[a, ȧ], [0, a]]."""
    return ((value, tangent), (0.0, value))


# ---- 2x2 matrix arithmetic, written plainly (the check does not go through forward mode) -------------

def matrix_product(left: Matrix, right: Matrix) -> Matrix:
    return tuple(tuple(sum(left[i][k] * right[k][j] for k in range(2)) for j in range(2)) for i in range(2))


def matrix_sum(left: Matrix, right: Matrix) -> Matrix:
    return tuple(tuple(left[i][j] + right[i][j] for j in range(2)) for i in range(2))


def matrix_difference(left: Matrix, right: Matrix) -> Matrix:
    return tuple(tuple(left[i][j] - right[i][j] for j in range(2)) for i in range(2))


def matrix_inverse(matrix: Matrix) -> Matrix:
    """[[a, b], [c, d]]⁻¹ = [[d, -b], [-c, a]] / (ad - bc); a dual number's determinant is its value squared."""
    (a, b), (c, d) = matrix
    determinant = a * d - b * c
    return ((d / determinant, -b / determinant), (-c / determinant, a / determinant))


def matrix_quotient(left: Matrix, right: Matrix) -> Matrix:
    """A·B⁻¹: for dual numbers, the quotient rule."""
    return matrix_product(left, matrix_inverse(right))


# primitive -> (what the matrix arithmetic is called, how it is done)
MATRIX_ARITHMETIC: dict[str, tuple[str, Callable[[Matrix, Matrix], Matrix]]] = {
    "mul": ("product", matrix_product), "add": ("sum", matrix_sum), "sub": ("difference", matrix_difference),
    "div": ("quotient A·B⁻¹", matrix_quotient)}


def same_matrix(left: Matrix, right: Matrix) -> bool:
    """Equal entry by entry, to rounding (the two sides may add their terms in another order)."""
    return all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300) for row_a, row_b in zip(left, right)
               for a, b in zip(row_a, row_b))


# ---- writing matrices --------------------------------------------------------------------------------

def shown_number(value: float) -> Notation:
    """A number to SHOWN_DIGITS significant digits: 7.389, -0.4618, 1.5 × 10^-7."""
    if value == 0:
        return Notation("0", "0")
    if abs(value) >= 1e6 or abs(value) < 1e-4:
        mantissa, exponent = f"{value:.{SHOWN_DIGITS - 1}e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return Notation(f"{mantissa}e{int(exponent)}", rf"{mantissa} \times 10^{{{int(exponent)}}}")
    text = format_number(float(f"{value:.{SHOWN_DIGITS}g}"))
    return Notation(text, text)


def written_matrix(entries: tuple[tuple[Notation, ...], ...]) -> Notation:
    """[[a, b], [c, d]] and its pmatrix."""
    text = "[" + ", ".join("[" + ", ".join(entry.text for entry in row) + "]" for row in entries) + "]"
    latex = r"\begin{pmatrix} " + r" \\ ".join(" & ".join(entry.latex for entry in row) for row in entries) \
        + r" \end{pmatrix}"
    return Notation(text, latex)


def matrix_of(value: Notation, tangent: Notation) -> Notation:
    """The dual number value + tangent·ε written as its matrix."""
    zero = Notation("0", "0")
    return written_matrix(((value, tangent), (zero, value)))


def numbers_of(matrix: Matrix) -> Notation:
    return written_matrix(tuple(tuple(shown_number(entry) for entry in row) for row in matrix))


def operation_template(op: str, matrices: tuple[bool, ...]) -> Notation:
    """How `op` is written over matrices: a + b, a · b, a / b and -a as the program writes them, and a function
    as f(A): its value on a matrix is its power series (never e^{A} or |A|, which read otherwise). A power
    with a matrix exponent is pow(A, B)."""
    primitive = PRIMITIVES[op]
    if primitive.symbol is not None and not (op == "pow" and matrices[1]):
        return Notation(*DEFINITIONS[op])
    slots = ", ".join(f"${slot}" for slot in primitive.operands)
    return Notation(f"{op}({slots})", rf"\operatorname{{{op}}}\left({slots}\right)")


# ---- the record of one node ------------------------------------------------------------------------

class DualMatrix(NamedTuple):
    """A dual number value + tangent·ε as the matrix [[value, tangent], [0, value]]."""
    of: Notation  # whose value it is: x, v₃
    value: float
    tangent: float
    matrix: tuple[tuple[float, ...], ...]  # [[value, tangent], [0, value]]
    written: Notation  # the matrix with its numbers, to SHOWN_DIGITS digits


class MatrixCheck(NamedTuple):
    """The operands' matrices combined by plain 2x2 matrix arithmetic, beside forward mode's dual number."""
    operation: str  # "product", "sum" or "difference"
    matrix: tuple[tuple[float, ...], ...]
    written: Notation  # the matrix with its numbers
    agrees: bool  # equal, entry by entry, to the result's matrix from forward mode


class DualNode(NamedTuple):
    """One node of forward mode as matrices: its operation over its operands' matrices, the result's matrix,
    and the rule of differentiation the matrix arithmetic reproduces."""
    node: int
    kind: str  # "seed" (an input: its tangent is the seed), "constant" (depends on no input) or "operation"
    var: Notation  # its Wengert variable, v₃
    line: Notation  # its line of the Wengert list: v₃ = x·y
    operands: tuple[DualMatrix, ...]  # in order; x*x lists x twice
    result: DualMatrix
    equation: Notation  # the operation over the operands' matrices, with their numbers, = the result's matrix
    rule: str  # "the product rule", "the chain rule", ...; "" for an input or a constant
    identity: Notation  # the same equation over symbols: [[x, ẋ], [0, x]]·[[y, ẏ], [0, y]] = [[x·y, y·ẋ + x·ẏ], ...]
    sentence: str  # what the matrices show, in words
    check: MatrixCheck | None  # a product, sum or difference done as matrices; None for other operations


def _names(notations: dict[str, Notation], form: str) -> Callable[[str], str]:
    """How a tree's names print: the slots given, and a named constant as the constant (π)."""
    def written(text: str) -> str:
        if text in notations:
            return getattr(notations[text], form)
        return CONSTANT_NAMES[text][form == "latex"] if text in CONSTANTS else text
    return written


def _printed(tree, notations: dict[str, Notation]) -> Notation:
    return Notation(to_text(tree, _names(notations, "text")), to_latex(tree, _names(notations, "latex")))


def _filled(template: Notation, slots: dict[str, Notation]) -> Notation:
    return Notation(fill(template.text, {slot: written.text for slot, written in slots.items()}),
                    fill(template.latex, {slot: written.latex for slot, written in slots.items()}))


@dataclass(frozen=True)
class DualMatrices:
    """Forward mode along `seed` as matrices, for a window of the Wengert list."""
    seed: dict[str, float]
    seed_notation: tuple[Notation, ...]  # ẋ = 1, one per input
    nodes: int  # the Wengert list's length
    first: int  # the window's first node
    focus: int  # the node asked for (or the first operation)
    records: tuple[DualNode, ...]  # nodes first .. first + len(records) - 1
    summary: str

    def to_dict(self) -> dict:
        from .records import record_dict
        return {"seed": dict(self.seed), "seed_notation": [written._asdict() for written in self.seed_notation],
                "nodes": self.nodes, "first": self.first, "focus": self.focus,
                "records": [record_dict(record) for record in self.records], "summary": self.summary}


class _Writer:
    """Writes the records of one graph's nodes from its evaluation and forward mode."""

    def __init__(self, graph: Graph, evaluation: Evaluation, forward: ForwardMode) -> None:
        self.graph, self.evaluation, self.forward = graph, evaluation, forward

    def notation(self, node_id: int):
        node = self.graph.nodes[node_id]
        return node_notation(node_id, node.op, node.label, node.name)

    def dual(self, node_id: int) -> DualMatrix:
        value, tangent = self.evaluation.values[node_id], self.forward.tangents[node_id]
        matrix = dual_matrix(value, tangent)
        return DualMatrix(self.notation(node_id).value, value, tangent, matrix, numbers_of(matrix))

    def record(self, node_id: int) -> DualNode:
        node = self.graph.nodes[node_id]
        written = self.notation(node_id)
        result = self.dual(node_id)
        if node.op == INPUT:
            tangent = written.tangent
            symbols = matrix_of(written.value, tangent)
            seed = shown_number(result.tangent)
            return DualNode(node_id, "seed", written.var, written.value, (), result,
                            equation(written.value, result.written), "",
                            equation(written.value, symbols),
                            f"An input's matrix carries its seed: {tangent.text} = {seed.text} sits above the "
                            f"diagonal, the value {written.value.text} = {shown_number(result.value).text} on it.",
                            None)
        if node.op == CONSTANT or not self.evaluation.active[node_id]:
            line = equation(written.var, self.definition(node_id) if node.operands else written.value)
            scalar = shown_number(result.value)
            return DualNode(node_id, "constant", written.var, line, tuple(map(self.dual, node.operands)), result,
                            equation(scalar, result.written), "",
                            equation(written.value, matrix_of(written.value, Notation("0", "0"))),
                            f"{written.value.text} depends on no input: its tangent is 0, so its matrix is "
                            f"{scalar.text}·I, a plain number.", None)
        return self.operation(node_id, written, equation(written.var, self.definition(node_id)), result)

    def constant_tree(self, node_id: int):
        node = self.graph.nodes[node_id]
        return name(node.label) if node.label in CONSTANTS else number(node.constant)

    def definition(self, node_id: int) -> Notation:
        node = self.graph.nodes[node_id]
        slots = {slot: self.notation(operand).value for slot, operand in zip("ab", node.operands)}
        return _filled(Notation(*DEFINITIONS[node.op]), slots)

    def operation(self, node_id: int, written, line: Notation, result: DualMatrix) -> DualNode:
        node = self.graph.nodes[node_id]
        primitive = PRIMITIVES[node.op]
        active = tuple(self.evaluation.active[operand] for operand in node.operands)
        operands = tuple(map(self.dual, node.operands))
        template = operation_template(node.op, active)
        # An operand that depends on no input is c·I: written as the number c
        numbers = {slot: (dual.written if on else shown_number(dual.value))
                   for slot, dual, on in zip("ab", operands, active)}
        with_numbers = equation(_filled(template, numbers), result.written)
        # The identity over symbols, its top-right entry by the rule table's partials (the chain rule's terms)
        names = {slot: self.notation(operand).value for slot, operand in zip("ab", node.operands)}
        tangents = {f"d{slot}": self.notation(operand).tangent for slot, operand, on in zip("ab", node.operands, active)
                    if on}
        # a constant operand is its number in the formula, so the simplifier folds it: x^(2 - 1) is x
        operand_trees = tuple(self.constant_tree(operand) if self.graph.nodes[operand].op == CONSTANT else name(slot)
                              for slot, operand in zip("ab", node.operands))
        value_tree = apply(node.op, operand_trees)
        tangent_tree = simplify(chain_rule(node.op, operand_trees, value_tree,
                                           tuple(name(f"d{slot}") if on else None for slot, on in zip("ab", active))))
        value_written = _printed(value_tree, names)
        tangent_written = _printed(tangent_tree, names | tangents)
        symbols = {slot: (matrix_of(names[slot], tangents[f"d{slot}"]) if on else names[slot])
                   for slot, on in zip("ab", active)}
        identity = equation(_filled(template, symbols), matrix_of(value_written, tangent_written))
        rule = RULES.get(primitive.category, CHAIN_RULE) if primitive.symbol else CHAIN_RULE
        check = None
        if node.op in MATRIX_ARITHMETIC:
            called, arithmetic = MATRIX_ARITHMETIC[node.op]
            computed = arithmetic(*(operand.matrix for operand in operands))
            check = MatrixCheck(called, computed, numbers_of(computed), same_matrix(computed, result.matrix))
        return DualNode(node_id, "operation", written.var, line, operands, result, with_numbers, rule, identity,
                        self.sentence(node.op, rule, written, tangent_written), check)

    @staticmethod
    def sentence(op: str, rule: str, written, tangent: Notation) -> str:
        primitive = PRIMITIVES[op]
        if primitive.symbol is None:
            how = (f"{op} applied to the matrix, by its power series (ε² = 0 leaves its first two terms),")
        else:
            how = f"The {primitive.description.split()[0]} of the matrices"
        return (f"{how} reproduces {rule}: the entry above the diagonal is {written.tangent.text} = {tangent.text}, "
                f"the tangent forward mode computes, and the diagonal is the value {written.value.text}.")


def window(nodes: int, focus: int, size: int = WINDOW) -> range:
    """The `size` nodes around `focus` (it sits in the middle, except near either end)."""
    first = max(0, min(focus - size // 2, nodes - size))
    return range(first, min(nodes, first + size))


def dual_matrices_of(graph: Graph, evaluation: Evaluation, forward: ForwardMode, focus: int | None = None,
                     size: int = WINDOW) -> DualMatrices:
    """The records of the window around `focus` (default: the first operation that depends on an input)."""
    count = len(graph.nodes)
    if focus is None:
        focus = next((node.id for node in graph.nodes if node.operands and evaluation.active[node.id]), 0)
    shown = window(count, focus, size)
    writer = _Writer(graph, evaluation, forward)
    seed_notation = tuple(equation(name_notation(input_name)[1], shown_number(forward.seed[input_name]))
                          for input_name in graph.inputs)
    operations = sum(1 for node in graph.nodes if node.operands)
    seed = seed_written([(name_notation(input_name)[1], shown_number(value), value)
                         for input_name, value in forward.seed.items()], "tangent", "tangents")
    summary = (f"Forward mode along the seed {seed.text or '(no inputs)'}, "
               f"node by node as 2×2 matrices: {counted(count, 'node', 'nodes')}, "
               f"{counted(operations, 'operation', 'operations')}.")
    return DualMatrices(dict(forward.seed), seed_notation, count, shown.start, focus,
                        tuple(writer.record(node_id) for node_id in shown), summary)

