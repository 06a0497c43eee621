"""Source -> Graph: a Wengert list of nodes in topological order, and its groups.

The parser reads the program and calls this module's builder for each number, name, operation and
statement, which makes the nodes as they are read: no syntax tree is made for the program itself.

Each input variable is one node however often it is used; operands are ordered tuples, so `x*x`
keeps two edges from the same `x`. Subtraction and division stay their own nodes.
A call of a function defined in the program is written out: each call builds fresh nodes for the
body, its parameters standing for the argument nodes, inside a group named by the call.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .errors import ExpressionError
from .groups import CALL, STATEMENT, BuiltGroup, Group, close_groups
from .ops import CONSTANTS, FUNCTIONS, LABELS, PRIMITIVES
from .parser import read
from .syntax import Binary, Call, Definition, Expr, FunctionCall, Name, Number, Unary, format_number

INPUT, CONSTANT = "input", "const"
# Node(...) without the Python-level __new__ of a NamedTuple: one C call.
_new = tuple.__new__


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
    group_of: tuple[int | None, ...] = ()  # node id -> the group (an index of groups) it is a direct member of
    built_groups: tuple[BuiltGroup, ...] = field(default=(), repr=False)

    @cached_property
    def groups(self) -> tuple[Group, ...]:
        """Every named statement and every call of a defined function, with its members, inputs
        and outputs. Derived on first use: evaluation, the Jacobian and the CLI never need them."""
        return close_groups(self.built_groups, self.group_of, [node.operands for node in self.nodes], self.outputs)

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
    """The parser's builder that makes graph nodes (engine/syntax.py's Builder is the list of its
    calls); a function's body, read into a tree, is written out by replay() through the same calls."""

    def __init__(self, source: str, share: bool, max_nodes: int) -> None:
        self.source = source
        self.share = share
        self.max_nodes = max_nodes
        self.nodes: list[Node] = []
        self.inputs: dict[str, int] = {}
        self.named: dict[str, int] = {}
        self.shared: dict[tuple, int] = {}
        self.written = 0  # with sharing: the nodes asked for, shared or not
        self.functions: set[str] = set()  # the functions defined so far
        self.parameters: dict[str, int] | None = None  # in a body being written out: parameter -> argument node
        self.group: int | None = None  # the group new nodes join
        self.group_of: list[int | None] = []
        self.groups: list[BuiltGroup | None] = []  # None while a group is open
        self.calls: dict[str, int] = {}  # function name -> its calls so far
        self.outer_call: tuple[int, tuple[int, int]] | None = None  # (position, span) of the call in the
        # program's own text being written out
        self.outputs: tuple[int, ...] = ()  # the last statement's nodes

    def add(self, op: str, operands: tuple[int, ...], span: tuple[int, int], position: int,
            label: str, name: str | None = None, constant: float | None = None) -> int:
        group = self.group
        if self.share and op != INPUT:
            self.written += 1
            key = (op, operands, constant)
            if key in self.shared:
                return self.shared[key]
            if op == CONSTANT:
                group = None  # one node for every use of the constant, in any group
        node_id = len(self.nodes)
        if node_id >= self.max_nodes:
            if self.outer_call is not None:  # point at the call, not into the function's body
                position, span = self.outer_call
            raise ExpressionError(
                "limit", f"the expression has more than {self.max_nodes} nodes (the limit is {self.max_nodes})",
                position, span, limit="max_nodes")
        self.nodes.append(_new(Node, (node_id, op, operands, span, position, label, name, constant)))
        self.group_of.append(group)
        if self.share:
            self.shared[(op, operands, constant)] = node_id
        return node_id

    # -- what the parser calls, in the order of the text ------------------------------------------
    def number(self, value: float, text: str, start: int, end: int) -> int:
        return self.add(CONSTANT, (), (start, end), start, format_number(value), constant=value)

    def name(self, name: str, start: int, end: int) -> int:
        node_id = self.named.get(name)
        if node_id is None:
            node_id = self.inputs.get(name)
            if node_id is None:
                return self.name_node(name, (start, end))
        return node_id

    def unary(self, op: str, operand: int, start: int, end: int, position: int) -> int:
        return self.add(op, (operand,), (start, end), position, _LABELS[op])

    def binary(self, op: str, left: int, right: int, start: int, end: int, position: int) -> int:
        return self.add(op, (left, right), (start, end), position, _LABELS[op])

    def call(self, op: str, args: tuple[int, ...], start: int, end: int, position: int) -> int:
        return self.add(op, args, (start, end), position, _LABELS[op])

    def function_call(self, definition: Definition, args: tuple[int, ...], start: int, end: int,
                      position: int) -> int:
        return self.write_out(definition, args, (start, end), position)

    def begin_statement(self, target: str | None, target_span: tuple[int, int] | None) -> None:
        if target is not None:  # a named statement is a group; the last, unnamed, is in none
            self.group = self.open_group()

    def end_statement(self, target: str | None, target_span: tuple[int, int] | None, results: list[int],
                      span: tuple[int, int]) -> None:
        if target is None:
            self.outputs = tuple(results)
            return
        node_id, group = results[0], self.group
        self.group = None
        self.close_group(group, STATEMENT, target, span, None, node_id)  # type: ignore[arg-type]
        self.assign(target, target_span, node_id)  # type: ignore[arg-type]
        self.outputs = (node_id,)

    def finish(self) -> Graph:
        return Graph(self.source, tuple(self.nodes), dict(self.inputs), self.outputs, tuple(self.group_of),
                     tuple(self.groups))  # type: ignore[arg-type]

    # -- making nodes ------------------------------------------------------------------------------
    def name_node(self, name: str, span: tuple[int, int]) -> int:
        if self.parameters is not None and name in self.parameters:
            return self.parameters[name]
        if name in self.named:
            return self.named[name]
        if name in CONSTANTS:
            return self.add(CONSTANT, (), span, span[0], name, constant=CONSTANTS[name])
        if name not in self.inputs:
            node_id = self.inputs[name] = self.add(INPUT, (), span, span[0], name, name=name)
            self.group_of[node_id] = None  # an input is shared by every group that uses it
        return self.inputs[name]

    def replay(self, expr: Expr) -> int:
        """The node of `expr`, a part of a function's body: its tree replayed through the calls the
        parser makes reading it (operands first, left to right), so a body written out makes its
        nodes as the same text read in a statement would.

        A sum like x + x + ... + x is a left-leaning chain of binary operations as long as the
        program, so the left operands of a chain are walked in a loop. Everything else recurses:
        right operands, unary operands and call arguments are each a level of nesting for the
        parser, which stops at max_depth (at most HARD_MAX_DEPTH), so the recursion stays shallow.
        A call's body is a level deeper still; the parser also refuses a call that would nest the
        written-out program past max_depth.
        """
        kind = type(expr)
        if kind is Name:  # a parameter, or a constant: never the program's own names
            return self.name_node(expr.name, expr.span)
        if kind is Number:
            return self.number(expr.value, expr.text, *expr.span)
        if kind is Unary:
            return self.unary(expr.op, self.replay(expr.operand), *expr.span, expr.position)
        if kind is Call or kind is FunctionCall:
            args = []  # a loop, not a comprehension: a frame less for each level of nesting
            for arg in expr.args:
                args.append(self.replay(arg))
            if kind is Call:
                return self.call(expr.op, tuple(args), *expr.span, expr.position)
            return self.write_out(expr.function, tuple(args), expr.span, expr.position)
        chain: list[Binary] = []  # expr, its left operand, that one's left operand, ...
        while type(expr) is Binary:
            chain.append(expr)
            expr = expr.left
        node_id = self.replay(expr)  # the leftmost operand, not a binary operation: one level deep
        for binary in reversed(chain):  # innermost first: x + y, then (x + y) + z
            node_id = self.binary(binary.op, node_id, self.replay(binary.right), *binary.span, binary.position)
        return node_id

    def write_out(self, function: Definition, args: tuple[int, ...], span: tuple[int, int], position: int) -> int:
        """Build a fresh copy of the function's body with its parameters bound to `args`, in a new
        group nested in the current one."""
        site = (position, span)
        self.check_cost(function, site)
        count = self.calls[function.name] = self.calls.get(function.name, 0) + 1
        group = self.open_group()
        saved = self.parameters, self.group, self.outer_call
        self.parameters = dict(zip(function.parameters, args))
        self.group = group
        self.outer_call = self.outer_call or site
        try:
            result = self.replay(function.body)
        finally:
            self.parameters, self.group, self.outer_call = saved
        self.close_group(group, CALL, f"{function.name}#{count}", span, self.group, result)
        return result

    def check_cost(self, function: Definition, call: tuple[int, tuple[int, int]]) -> None:
        """Refuse a call before building it when the program written out would pass max_nodes, in
        nodes or in calls (each call is a group): a chain of functions that each call the one
        above twice doubles its size at every link, so the cost must be known first.
        With sharing, the nodes written count, not the nodes kept: the work is in the writing."""
        limit = self.max_nodes
        written = self.written if self.share else len(self.nodes)
        position, span = self.outer_call or call
        if written + function.size > limit:
            raise ExpressionError(
                "limit", f"calling {function.name} here writes out {_count(function.size)} nodes, so the expression "
                         f"would have more than {limit} nodes (the limit is {limit})",
                position, span, limit="max_nodes")
        if len(self.groups) + function.calls > limit:
            raise ExpressionError(
                "limit", f"calling {function.name} here makes {_count(function.calls)} calls, so the expression "
                         f"would have more than {limit} calls (the limit is {limit}, as for nodes)",
                position, span, limit="max_nodes")

    def open_group(self) -> int:
        self.groups.append(None)
        return len(self.groups) - 1

    def close_group(self, group: int, kind: str, name: str, span: tuple[int, int], parent: int | None,
                    value: int) -> None:
        self.groups[group] = tuple.__new__(BuiltGroup, (kind, name, span, parent, value, len(self.groups)))

    def define(self, definition: Definition) -> None:
        name, span = definition.name, definition.name_span
        if name in self.named:
            raise ExpressionError("syntax", f"{name} is already assigned above; choose another name for the function",
                                  span[0], span)
        if name in self.inputs:
            raise ExpressionError("syntax", f"{name} is used above as an input, so it cannot name a function here",
                                  span[0], span)
        self.functions.add(name)

    def assign(self, target: str, target_span: tuple[int, int], node_id: int) -> None:
        if target in CONSTANTS:
            raise ExpressionError("syntax", f"{target} is a constant and cannot be assigned", target_span[0], target_span)
        if target in FUNCTIONS or target in self.functions:
            raise ExpressionError("syntax", f"{target} is a function name and cannot be assigned", target_span[0], target_span)
        if target in self.named:
            raise ExpressionError("syntax", f"{target} is already assigned above; choose another name", target_span[0], target_span)
        if target in self.inputs:
            raise ExpressionError(
                "syntax", f"{target} is used above as an input, so it cannot be assigned here", target_span[0], target_span)
        self.named[target] = node_id
        node = self.nodes[node_id]
        if node.name is None:  # else an alias: `b = a` keeps the node's first name
            self.nodes[node_id] = tuple.__new__(Node, (*node[:6], target, node[7]))  # _replace costs 5x as much


def _count(number: int) -> str:
    return str(number) if number < 10**12 else f"about 10^{len(str(number)) - 1}"


# The label a picture of each primitive's node shows: +, exp.
_LABELS = LABELS  # kept with the primitive table, so a primitive added later has its label


def build_graph(source: str, share_subexpressions: bool = False, max_nodes: int = 100_000,
                max_depth: int = 200) -> Graph:
    """Read a program into a graph. `share_subexpressions` merges identical subexpressions. Raises
    ExpressionError: the first error in the text, or a statement's error once all are read."""
    return read(source, _Builder(source, share_subexpressions, max_nodes), max_depth)


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
    """One line per node, `v3 = v1 / v2 = 1.847`, with assigned names and calls noted."""
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
        group = graph.group_of[node.id] if graph.group_of else None
        if group is not None and graph.groups[group].kind == CALL:
            line += f"    [in {graph.groups[group].name}]"
        if node.id in outputs:
            line += "    <- " + output_note(outputs[node.id], len(graph.outputs))
        lines.append(line)
    return lines
