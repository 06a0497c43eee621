"""Symbolic differentiation with the primitive table: the chain rule applied to expression trees.

The same rules that evaluation compiles and the passes evaluate (engine/rules.py) are here substituted
into trees: the derivative of a node `op(a, b)` is the sum, over its operands that depend on the
variable, of  partial_k(a, b, out) * d(operand_k),  where each partial is the rule's tree with a, b
and out replaced by the operands' trees and the node's own. Two uses:

  - the second partials of every primitive, by differentiating its first partials (d(out)/da is the
    first partial itself), so the HVP never needs a hand-written second derivative;
  - the symbolic derivative of a whole program (engine/symbolic_derivative.py), whose size shows the
    expression swell that caching avoids.

Trees are the parser's nodes (engine/parser.py), so the printers print them. A subtree may be shared
by several parents (the derivative of exp(u) names u twice): the tree printed is the expanded one, and
`size` counts it expanded, while every walk here visits each shared object once, with an explicit
stack, so no tree is too deep or too shared to handle.
"""
from __future__ import annotations

from typing import Callable, Iterator

from .ops import OPERAND_NAMES, OUTPUT_NAME, PRIMITIVES
from .syntax import Binary, Call, Expr, Name, Number, Unary, format_number
from .rules import RULE_TREES  # filled before anything here runs: rules.derive_all parses every rule first

NOWHERE = (0, 0)  # the span of a tree no source text wrote


# ---- building trees ----------------------------------------------------------------------------------

def number(value: float) -> Number:
    value = float(value)
    return Number(value, format_number(value), NOWHERE)


def name(text: str) -> Name:
    return Name(text, NOWHERE)


def apply(op: str, operands: tuple[Expr, ...]) -> Expr:
    """The tree of primitive `op` applied to `operands`: a + b, -a, exp(a)."""
    if op == "neg":
        return Unary("neg", operands[0], NOWHERE, 0)
    primitive = PRIMITIVES[op]
    if primitive.symbol is not None and primitive.arity == 2:
        return Binary(op, operands[0], operands[1], NOWHERE, 0)
    return Call(op, tuple(operands), NOWHERE, 0)


def operation(expr: Expr) -> tuple[str, tuple[Expr, ...]] | None:
    """(primitive, operands) of an operation's tree; None for a number or a name."""
    kind = type(expr)
    if kind is Binary:
        return expr.op, (expr.left, expr.right)  # type: ignore[union-attr]
    if kind is Unary:
        return expr.op, (expr.operand,)  # type: ignore[union-attr]
    if kind is Call:
        return expr.op, expr.args  # type: ignore[union-attr]
    return None


def children(expr: Expr) -> tuple[Expr, ...]:
    found = operation(expr)
    return () if found is None else found[1]


# ---- walking trees -----------------------------------------------------------------------------------

def postorder(root: Expr) -> Iterator[Expr]:
    """Every distinct subtree object of `root` once, each after its children."""
    seen: set[int] = set()
    stack: list[tuple[Expr, bool]] = [(root, False)]
    while stack:
        expr, children_done = stack.pop()
        if children_done:
            yield expr
            continue
        if id(expr) in seen:
            continue
        seen.add(id(expr))
        stack.append((expr, True))
        stack.extend((child, False) for child in reversed(children(expr)))


def fold(root: Expr, combine: Callable[[Expr, list], object]) -> object:
    """combine(subtree, [results of its children]) over the tree, once per distinct subtree."""
    results: dict[int, object] = {}
    for expr in postorder(root):
        results[id(expr)] = combine(expr, [results[id(child)] for child in children(expr)])
    return results[id(root)]


def size(root: Expr, cap: int | None = None) -> int:
    """Nodes of the expanded tree (numbers, names and operations): what printing it writes out. With a
    cap, min(size, cap): an exponential swell would otherwise make numbers of thousands of digits."""
    if cap is None:
        return fold(root, lambda expr, sizes: 1 + sum(sizes))  # type: ignore[return-value]
    return fold(root, lambda expr, sizes: min(cap, 1 + sum(sizes)))  # type: ignore[return-value]


def substitute(tree: Expr, slots: dict[str, Expr]) -> Expr:
    """`tree` with each name in `slots` replaced by its tree (a rule's a, b and out by a node's)."""
    def combine(expr: Expr, parts: list) -> Expr:
        if type(expr) is Name:
            return slots.get(expr.name, expr)  # type: ignore[union-attr]
        found = operation(expr)
        return expr if found is None else apply(found[0], tuple(parts))
    return fold(tree, combine)  # type: ignore[return-value]


# ---- the chain rule ----------------------------------------------------------------------------------

def rule_slots(op: str, operands: tuple[Expr, ...], out: Expr) -> dict[str, Expr]:
    """What a rule's names stand for at one node: its operands (a, b) and the node itself (out)."""
    slots = dict(zip(OPERAND_NAMES, operands))
    slots[OUTPUT_NAME] = out
    return slots


def chain_rule(op: str, operands: tuple[Expr, ...], out: Expr,
               operand_derivatives: tuple[Expr | None, ...]) -> Expr | None:
    """d(out) for out = op(operands): sum over operands of partial_k * d(operand_k). A derivative of
    None is an operand that does not depend on the variable: its term is left out, as the passes
    leave out a constant's edge. None when no operand depends on it."""
    slots = rule_slots(op, operands, out)
    derivative: Expr | None = None
    for rule, operand_derivative in zip(RULE_TREES[op], operand_derivatives):
        if operand_derivative is None:
            continue
        term = Binary("mul", substitute(rule, slots), operand_derivative, NOWHERE, 0)
        derivative = term if derivative is None else Binary("add", derivative, term, NOWHERE, 0)
    return derivative


def differentiate(tree: Expr, name_derivatives: dict[str, Expr]) -> Expr | None:
    """The derivative of `tree`, where each name in `name_derivatives` has that derivative and every
    other name is a constant. None where it does not depend on any of them (the derivative is 0)."""
    def combine(expr: Expr, derivatives: list) -> Expr | None:
        if type(expr) is Name:
            return name_derivatives.get(expr.name)  # type: ignore[union-attr]
        found = operation(expr)
        if found is None:
            return None
        op, operands = found
        return chain_rule(op, operands, expr, tuple(derivatives))
    return fold(tree, combine)  # type: ignore[return-value]


def second_partial_tree(op: str, first: int, second: int) -> Expr:
    """d^2(out) / d(operand first) d(operand second), over a, b and out, unsimplified: the rule of
    operand `first` differentiated with respect to operand `second`, where out depends on the operand
    through the rule of operand `second` (d(out)/db is the partial of b)."""
    rules = RULE_TREES[op]
    derivative = differentiate(rules[first], {OPERAND_NAMES[second]: number(1), OUTPUT_NAME: rules[second]})
    return number(0) if derivative is None else derivative
