"""AST -> Graph: a Wengert list of nodes in topological order, built iteratively.

Each input variable is one node however often it is used; operands are ordered tuples, so `x*x`
keeps two edges from the same `x`. Subtraction and division stay their own nodes.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ExpressionError
from .ops import CONSTANTS, FUNCTIONS, PRIMITIVES
from .parser import Binary, Call, Expr, Name, Number, Program, Unary, _format_number

INPUT, CONSTANT = "input", "const"


@dataclass(frozen=True, slots=True)
class Node:
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


class _Builder:
    def __init__(self, source: str, share: bool, max_nodes: int) -> None:
        self.source = source
        self.share = share
        self.max_nodes = max_nodes
        self.nodes: list[dict] = []
        self.inputs: dict[str, int] = {}
        self.named: dict[str, int] = {}
        self.shared: dict[tuple, int] = {}

    def add(self, op: str, operands: tuple[int, ...], span: tuple[int, int], position: int,
            label: str, name: str | None = None, constant: float | None = None) -> int:
        key = (op, operands, constant)
        if self.share and op != INPUT and key in self.shared:
            return self.shared[key]
        if len(self.nodes) >= self.max_nodes:
            raise ExpressionError(
                "limit", f"the expression has more than {self.max_nodes} nodes (the limit is {self.max_nodes})",
                position, span, limit="max_nodes")
        node_id = len(self.nodes)
        self.nodes.append(dict(id=node_id, op=op, operands=operands, span=span, position=position,
                               label=label, name=name, constant=constant))
        if self.share:
            self.shared[key] = node_id
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
        """Post-order walk with an explicit stack: any depth, no recursion."""
        results: list[int] = []
        stack: list[tuple[Expr, bool]] = [(expr, False)]
        while stack:
            item, children_done = stack.pop()
            if isinstance(item, Number):
                results.append(self.add(CONSTANT, (), item.span, item.span[0],
                                        _format_number(item.value), constant=item.value))
            elif isinstance(item, Name):
                results.append(self.name_node(item))
            else:
                children = _children(item)
                if not children_done:
                    stack.append((item, True))
                    stack.extend((child, False) for child in reversed(children))
                    continue
                operands = tuple(results[len(results) - len(children):])
                del results[len(results) - len(children):]
                primitive = PRIMITIVES[item.op]
                label = primitive.symbol or primitive.name
                results.append(self.add(item.op, operands, item.span, item.position, label))
        return results[0]

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
        if node["name"] is None:  # else an alias: `b = a` keeps the node's first name
            node["name"] = target

    def freeze(self) -> tuple[Node, ...]:
        return tuple(Node(**fields) for fields in self.nodes)


def _children(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, Binary):
        return (expr.left, expr.right)
    if isinstance(expr, Unary):
        return (expr.operand,)
    if isinstance(expr, Call):
        return expr.args
    return ()


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
    return Graph(program.source, builder.freeze(), dict(builder.inputs), outputs)


def wengert_list(graph: Graph, values: tuple[float, ...] | None = None) -> list[str]:
    """One line per node, `v3 = v1 / v2 = 1.847`, with assigned names noted."""
    lines = []
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
        if node.id in graph.outputs:
            line += "    <- output" if len(graph.outputs) == 1 else f"    <- output {graph.outputs.index(node.id)}"
        lines.append(line)
    return lines
