"""AST -> Graph: a Wengert list of nodes in topological order.

Each input variable is one node however often it is used; operands are ordered tuples, so `x*x`
keeps two edges from the same `x`. Subtraction and division stay their own nodes.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .errors import ExpressionError
from .ops import CONSTANTS, FUNCTIONS, LABELS, PRIMITIVES
from .parser import Binary, Call, Expr, Name, Number, Program, Unary, _format_number

INPUT, CONSTANT = "input", "const"


class Node(NamedTuple):
    """One node of the Wengert list. A NamedTuple, like the step records of a trace: immutable, and
    cheap enough to make one per node of a 100,000-node graph."""
    id: int
    op: str  # "input", "const", or a primitive's name
    operands: tuple[int, ...]  # ordered; the same id twice for x*x
    span: tuple[int, int]  # the source text this node came from, [start, end)
    position: int  # where a caret points for this node: its operator or function name
    label: str  # what a picture of the node shows: x, 2, +, exp
    name: str | None  # the variable's name, or the name it was assigned to
    constant: float | None = None  # a constant node's value

    @property
    def var(self) -> str:
        """The node's name in a Wengert list: v0, v1, ..."""
        return f"v{self.id}"


@dataclass(frozen=True)
class Graph:
    source: str
    nodes: tuple[Node, ...]  # topological order: every operand id is smaller than its node's id
    inputs: dict[str, int]  # input name -> node id, in order of first use
    outputs: tuple[int, ...]

    def display_name(self, node_id: int) -> str:
        """The name a formula uses for a node: its own name, a constant's text, or v<id>."""
        node = self.nodes[node_id]
        if node.name is not None:
            return node.name
        if node.op == CONSTANT:
            return node.label
        return node.var

    def variables(self) -> list[str]:
        """The var of every node (v0, v1, ...), in one pass."""
        return [f"v{node_id}" for node_id in range(len(self.nodes))]

    def display_names(self, variables: list[str]) -> list[str]:
        """display_name of every node, in one pass; `variables` is variables(), reused for the
        nodes that have neither a name nor a constant's text."""
        return [name if name is not None else label if op == CONSTANT else var
                for (_, op, _, _, _, label, name, _), var in zip(self.nodes, variables)]


class _Builder:
    def __init__(self, source: str, share: bool, max_nodes: int) -> None:
        self.source = source
        self.share = share
        self.max_nodes = max_nodes
        self.nodes: list[Node] = []
        self.inputs: dict[str, int] = {}
        self.named: dict[str, int] = {}
        self.shared: dict[tuple, int] = {}

    def add(self, op: str, operands: tuple[int, ...], span: tuple[int, int], position: int,
            label: str, name: str | None = None, constant: float | None = None) -> int:
        if self.share and op != INPUT:
            key = (op, operands, constant)
            if key in self.shared:
                return self.shared[key]
        node_id = len(self.nodes)
        if node_id >= self.max_nodes:
            raise ExpressionError(
                "limit", f"the expression has more than {self.max_nodes} nodes (the limit is {self.max_nodes})",
                position, span, limit="max_nodes")
        # Node(...) without the Python-level __new__ of a NamedTuple: one C call.
        self.nodes.append(tuple.__new__(Node, (node_id, op, operands, span, position, label, name, constant)))
        if self.share:
            self.shared[(op, operands, constant)] = node_id
        return node_id

    def name_node(self, expr: Name) -> int:
        name = expr.name
        if name in self.named:
            return self.named[name]
        if name in CONSTANTS:
            return self.add(CONSTANT, (), expr.span, expr.span[0], name, constant=CONSTANTS[name])
        if name not in self.inputs:
            self.inputs[name] = self.add(INPUT, (), expr.span, expr.span[0], name, name=name)
        return self.inputs[name]

    def build(self, expr: Expr) -> int:
        """The node of `expr`, after the nodes of its operands, left to right (post-order).

        A sum like x + x + ... + x is a left-leaning chain of binary operations as long as the
        program, so the left operands of a chain are walked in a loop. Everything else recurses:
        right operands, unary operands and call arguments are each a level of nesting for the
        parser, which stops at max_depth (at most HARD_MAX_DEPTH), so the recursion stays shallow.
        """
        kind = type(expr)
        if kind is Name:
            return self.name_node(expr)
        if kind is Number:
            return self.add(CONSTANT, (), expr.span, expr.span[0], _format_number(expr.value), constant=expr.value)
        if kind is Unary:
            operand = self.build(expr.operand)
            return self.add(expr.op, (operand,), expr.span, expr.position, _LABELS[expr.op])
        if kind is Call:
            args = []
            for arg in expr.args:
                args.append(self.build(arg))
            return self.add(expr.op, tuple(args), expr.span, expr.position, _LABELS[expr.op])
        chain: list[Binary] = []  # expr, its left operand, that one's left operand, ...
        while type(expr) is Binary:
            chain.append(expr)
            expr = expr.left
        node_id = self.build(expr)  # the leftmost operand, not a binary operation: one level deep
        for binary in reversed(chain):  # innermost first: x + y, then (x + y) + z
            right = self.build(binary.right)
            node_id = self.add(binary.op, (node_id, right), binary.span, binary.position, _LABELS[binary.op])
        return node_id

    def assign(self, target: str, target_span: tuple[int, int], node_id: int) -> None:
        if target in CONSTANTS:
            raise ExpressionError("syntax", f"{target} is a constant and cannot be assigned", target_span[0], target_span)
        if target in FUNCTIONS:
            raise ExpressionError("syntax", f"{target} is a function name and cannot be assigned", target_span[0], target_span)
        if target in self.named:
            raise ExpressionError("syntax", f"{target} is already assigned above; choose another name", target_span[0], target_span)
        if target in self.inputs:
            raise ExpressionError(
                "syntax", f"{target} is used above as an input, so it cannot be assigned here", target_span[0], target_span)
        self.named[target] = node_id
        node = self.nodes[node_id]
        if node.name is None:  # else an alias: `b = a` keeps the node's first name
            self.nodes[node_id] = node._replace(name=target)


# The label a picture of each primitive's node shows: +, exp.
_LABELS = LABELS  # kept with the primitive table, so a primitive added later has its label


def build_graph(program: Program, share_subexpressions: bool = False, max_nodes: int = 100_000) -> Graph:
    """Turn a parsed program into a graph. `share_subexpressions` merges identical subexpressions."""
    builder = _Builder(program.source, share_subexpressions, max_nodes)
    outputs: tuple[int, ...] = ()
    try:
        for statement in program.statements:
            ids = tuple(builder.build(expr) for expr in statement.exprs)
            if statement.target is not None:
                builder.assign(statement.target, statement.target_span, ids[0])  # type: ignore[arg-type]
            outputs = ids
    except ExpressionError as error:
        raise error.with_source(program.source)
    return Graph(program.source, tuple(builder.nodes), dict(builder.inputs), outputs)


def output_positions(outputs: Sequence[int]) -> dict[int, list[int]]:
    """Each output node's positions in the list of outputs (`x, x` lists one node twice), found in
    one pass: a lookup per node, never a search of the list (which made a listing quadratic)."""
    positions: dict[int, list[int]] = {}
    for index, node in enumerate(outputs):
        positions.setdefault(node, []).append(index)
    return positions


def output_note(positions: list[int], count: int) -> str:
    """"output" (the only one), "output 2", or "outputs 0, 2" for a node listed twice."""
    if count == 1:
        return "output"
    return ("output " if len(positions) == 1 else "outputs ") + ", ".join(map(str, positions))


def wengert_list(graph: Graph, values: tuple[float, ...] | None = None) -> list[str]:
    """One line per node, `v3 = v1 / v2 = 1.847`, with assigned names noted."""
    lines = []
    outputs = output_positions(graph.outputs)
    for node in graph.nodes:
        if node.op == INPUT:
            rhs = node.name
        elif node.op == CONSTANT:
            rhs = node.label
        else:
            rhs = PRIMITIVES[node.op].expression(tuple(graph.nodes[i].var for i in node.operands))
        line = f"{node.var} = {rhs}"
        if values is not None:
            line += f" = {values[node.id]:.6g}"
        if node.name is not None and node.op != INPUT:
            line += f"    ({node.name})"
        if node.id in outputs:
            line += "    <- " + output_note(outputs[node.id], len(graph.outputs))
        lines.append(line)
    return lines
