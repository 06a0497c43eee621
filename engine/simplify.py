"""A small simplifier: constant folding and the identities of 0 and 1, nothing more.

    0 + u -> u    u * 1 -> u    u * 0 -> 0    u ^ 1 -> u    2 - 1 -> 1
    -1 * u -> -u    u + -v -> u - v    u * -v -> -(u * v)    -(-u) -> u

It shares no common subexpression (that is what the graph and its cache are for): what it leaves is
the derivative a student would write by rote, minus the trivial factors. Arithmetic on numbers is
folded when the result is exact to read (any sum, difference or product; a quotient or power only when
it is a whole number), so log(2) stays log(2) and 1/3 stays 1/3. Each shared subtree is simplified once.
"""
from __future__ import annotations


from .syntax import Binary, Expr, Number, Unary
from .ops import PRIMITIVES, value_or_none
from .symbolic import NOWHERE, apply, fold, number, operation

_ARITHMETIC = {"add", "sub", "mul", "neg"}  # folded to any finite result
_WHOLE_ONLY = {"div", "pow"}  # folded only to a whole number


def simplify(tree: Expr) -> Expr:
    return fold(tree, _simplified)  # type: ignore[return-value]


def _is(expr: Expr, value: float) -> bool:
    return type(expr) is Number and expr.value == value  # type: ignore[union-attr]


def negate(expr: Expr) -> Expr:
    """-expr, without a double minus: -(2) is -2, -(-u) is u."""
    if type(expr) is Number:
        return number(-expr.value)  # type: ignore[union-attr]
    if type(expr) is Unary:
        return expr.operand  # type: ignore[union-attr]
    return Unary("neg", expr, NOWHERE, 0)


def _negative(expr: Expr) -> Expr | None:
    """u where expr is -u or a negative number, else None."""
    if type(expr) is Unary:
        return expr.operand  # type: ignore[union-attr]
    if type(expr) is Number and expr.value < 0:  # type: ignore[union-attr]
        return number(-expr.value)  # type: ignore[union-attr]
    return None


def _folded(op: str, operands: list[Expr]) -> Expr | None:
    if op not in _ARITHMETIC | _WHOLE_ONLY or not all(type(operand) is Number for operand in operands):
        return None
    values = [operand.value for operand in operands]  # type: ignore[union-attr]
    value = value_or_none(PRIMITIVES[op], values)
    if value is None or (op in _WHOLE_ONLY and not float(value).is_integer()):
        return None
    return number(value)


def _sign_moved_out(op: str, left: Expr, right: Expr) -> Expr | None:
    """(-u) * v -> -(u * v), and so for u * (-v), (-u) / v and u / (-v): the minus meets the others."""
    if type(left) is Unary:
        return negate(_simplified(Binary(op, left.operand, right, NOWHERE, 0), [left.operand, right]))  # type: ignore
    if type(right) is Unary:
        return negate(_simplified(Binary(op, left, right.operand, NOWHERE, 0), [left, right.operand]))  # type: ignore
    return None


def _simplified(expr: Expr, operands: list[Expr]) -> Expr:
    found = operation(expr)
    if found is None:
        return expr
    op = found[0]
    folded = _folded(op, operands)
    if folded is not None:
        return folded
    if op == "neg":
        return negate(operands[0])
    if op in ("add", "sub", "mul", "div", "pow"):
        left, right = operands
        identity = _identity(op, left, right)
        if identity is not None:
            return identity
    return apply(op, tuple(operands))


def _identity(op: str, left: Expr, right: Expr) -> Expr | None:
    """What the identities of 0 and 1 (and a minus sign moved out) make of `left op right`, if anything."""
    if op == "add":
        if _is(left, 0):
            return right
        if _is(right, 0):
            return left
        subtracted = _negative(right)
        return None if subtracted is None else Binary("sub", left, subtracted, NOWHERE, 0)
    if op == "sub":
        if _is(right, 0):
            return left
        if _is(left, 0):
            return negate(right)
        added = _negative(right)
        return None if added is None else Binary("add", left, added, NOWHERE, 0)
    if op == "mul":
        if _is(left, 0) or _is(right, 0):
            return number(0)
        for one, other in ((left, right), (right, left)):
            if _is(one, 1):
                return other
            if _is(one, -1):
                return negate(other)
        return _sign_moved_out(op, left, right)
    if op == "div":
        if _is(left, 0):
            return number(0)
        if _is(right, 1):
            return left
        return negate(left) if _is(right, -1) else _sign_moved_out(op, left, right)
    # pow
    if _is(right, 1):
        return left
    if _is(right, 0) or _is(left, 1):
        return number(1)
    return None
