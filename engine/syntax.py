"""The syntax tree of the engine's language, and the builder that makes it.

The parser (engine/parser.py) calls a builder for every number, name, operation and statement it
reads. TreeBuilder makes these nodes: what the printer prints, the simplifier simplifies, the rules
are written in and a function's body is kept as. The graph builder (engine/graph.py) makes graph
nodes from the same calls, with no tree in between.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


# AST nodes. eq=False: comparing or hashing a deep tree must never recurse. Not frozen, though
# nothing changes a node once made: a frozen dataclass's __init__ costs four times as much.
@dataclass(slots=True, eq=False)
class Number:
    value: float
    text: str
    span: tuple[int, int]


@dataclass(slots=True, eq=False)
class Name:
    name: str
    span: tuple[int, int]


@dataclass(slots=True, eq=False)
class Call:
    op: str  # primitive name
    args: tuple["Expr", ...]
    span: tuple[int, int]
    position: int  # the function name


@dataclass(slots=True, eq=False)
class Unary:
    op: str  # "neg"
    operand: "Expr"
    span: tuple[int, int]
    position: int  # the operator


@dataclass(slots=True, eq=False)
class Binary:
    op: str  # primitive name
    left: "Expr"
    right: "Expr"
    span: tuple[int, int]
    position: int  # the operator


@dataclass(slots=True, eq=False)
class FunctionCall:
    """A call of a function defined in the program (a Call is a primitive's)."""
    function: "Definition"
    args: tuple["Expr", ...]
    span: tuple[int, int]
    position: int  # the function name


Expr = Number | Name | Call | Unary | Binary | FunctionCall


@dataclass(slots=True, eq=False)
class Definition:
    """`name(a, b) = body`: a function, written out at each call."""
    name: str
    name_span: tuple[int, int]
    parameters: tuple[str, ...]
    body: Expr
    span: tuple[int, int]
    depth: int  # nesting of the body with every call in it written out; a call adds this to its own
    size: int  # the nodes one call builds (without sharing): a call's cost is known before it is built
    calls: int  # the calls one call makes, itself included: each is a group


@dataclass(slots=True, eq=False)
class Statement:
    target: str | None  # the name assigned, if any
    target_span: tuple[int, int] | None
    exprs: tuple[Expr, ...]  # several only in the last statement
    span: tuple[int, int]


@dataclass(slots=True, eq=False)
class Program:
    source: str
    statements: tuple[Statement | Definition, ...]  # in source order; the last is a Statement


class Builder(Protocol):
    """What the parser calls, in the order of the text, operands first. Each call returns the
    builder's result for that part (a tree, or a node id), which the parser hands back as an operand
    of the calls that follow; `finish` returns what the whole program made."""

    def number(self, value: float, text: str, start: int, end: int) -> Any: ...
    def name(self, name: str, start: int, end: int) -> Any: ...
    def unary(self, op: str, operand: Any, start: int, end: int, position: int) -> Any: ...
    def binary(self, op: str, left: Any, right: Any, start: int, end: int, position: int) -> Any: ...
    def call(self, op: str, args: tuple[Any, ...], start: int, end: int, position: int) -> Any: ...
    def function_call(self, definition: Definition, args: tuple[Any, ...], start: int, end: int,
                      position: int) -> Any: ...
    def define(self, definition: Definition) -> None: ...
    def begin_statement(self, target: str | None, target_span: tuple[int, int] | None) -> None: ...
    def end_statement(self, target: str | None, target_span: tuple[int, int] | None, results: list[Any],
                      span: tuple[int, int]) -> None: ...
    def finish(self) -> Any: ...


class TreeBuilder:
    """The parser's builder that makes syntax trees: the calls are the graph builder's, and so are
    the results' meaning (what an expression is made of), but here every result is an Expr."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.statements: list[Statement | Definition] = []

    def number(self, value: float, text: str, start: int, end: int) -> Number:
        return Number(value, text, (start, end))

    def name(self, name: str, start: int, end: int) -> Name:
        return Name(name, (start, end))

    def unary(self, op: str, operand: Expr, start: int, end: int, position: int) -> Unary:
        return Unary(op, operand, (start, end), position)

    def binary(self, op: str, left: Expr, right: Expr, start: int, end: int, position: int) -> Binary:
        return Binary(op, left, right, (start, end), position)

    def call(self, op: str, args: tuple[Expr, ...], start: int, end: int, position: int) -> Call:
        return Call(op, args, (start, end), position)

    def function_call(self, definition: Definition, args: tuple[Expr, ...], start: int, end: int,
                      position: int) -> FunctionCall:
        return FunctionCall(definition, args, (start, end), position)

    def define(self, definition: Definition) -> None:
        self.statements.append(definition)

    def begin_statement(self, target: str | None, target_span: tuple[int, int] | None) -> None:
        pass

    def end_statement(self, target: str | None, target_span: tuple[int, int] | None, exprs: list[Expr],
                      span: tuple[int, int]) -> None:
        self.statements.append(Statement(target, target_span, tuple(exprs), span))

    def finish(self) -> Program:
        return Program(self.source, tuple(self.statements))


def to_sexpr(expr: Expr) -> str:
    """The AST as a golden S-expression, e.g. '(add x (mul 2 y))'. Iterative, for any depth."""
    out: list[str] = []
    stack: list[object] = [expr]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Number):
            out.append(format_number(item.value))
        elif isinstance(item, Name):
            out.append(item.name)
        else:
            children = (item.operand,) if isinstance(item, Unary) else (
                item.args if isinstance(item, (Call, FunctionCall)) else (item.left, item.right))
            stack.append(")")
            for child in reversed(children):
                stack.append(child)
                stack.append(" ")
            out.append("(" + (item.function.name if isinstance(item, FunctionCall) else item.op))
    return "".join(out)


def definition_sexpr(definition: Definition) -> str:
    """A definition as a golden S-expression: '(define (neuron x w b) (tanh (add (mul w x) b)))'."""
    return f"(define ({' '.join([definition.name, *definition.parameters])}) {to_sexpr(definition.body)})"


def format_number(value: float) -> str:
    """A constant as a picture or a formula shows it: 2, not 2.0; 0.001; 1e+20."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
