"""Print an expression tree in the engine's own language (it parses back to the same tree) and in LaTeX.

Both printers take the text each name stands for, so one tree prints as a rule template (`$b*$a^($b - 1)`),
as a formula over a node's operands (`v3*v1^(v3 - 1)`) or as a symbolic derivative over the inputs.
Parentheses are written only where the parser's binding powers need them.
"""
from __future__ import annotations

import re
from typing import Callable

from .ops import PRIMITIVES
from .parser import BINDING_POWER, PREFIX_POWER
from .syntax import Binary, Call, Expr, Name, Number, Unary, format_number

Names = Callable[[str], str]

_ATOM = 100
_FRACTION = 25  # \frac{a}{b} binds like a product, and needs no parentheses of its own inside one


def _power(expr: Expr) -> int:
    """How tightly an expression holds together: below an operator's power it needs parentheses."""
    kind = type(expr)
    if kind is Binary:
        return BINDING_POWER[PRIMITIVES[expr.op].symbol][0]  # type: ignore[index]
    if kind is Unary or (kind is Number and expr.value < 0):  # type: ignore[union-attr]
        return PREFIX_POWER
    return _ATOM


def _operands_need_parentheses(expr: Binary) -> tuple[bool, bool]:
    """(left, right): left-associative operators group to the left, ^ to the right."""
    symbol = PRIMITIVES[expr.op].symbol
    left_power, right_power = BINDING_POWER[symbol]  # type: ignore[index]
    left, right = _power(expr.left), _power(expr.right)
    if left_power > right_power:  # ^: right-associative, and a base must be an atom to read clearly
        return left < _ATOM, right < PREFIX_POWER
    return left < left_power, right < right_power


# ---- the engine's language -------------------------------------------------------------------------
#
# Both printers walk the tree with an explicit stack of pieces (a text to write, or a subtree to print
# in its place), so a tree of any depth prints in time linear in its size: a symbolic derivative is
# far deeper than anything the parser builds, and a Python recursion would stop near 1,000 levels.

def _written(expr: Expr, pieces_of: Callable[[Expr], list]) -> str:
    """The text of `expr`, where pieces_of(subtree) says what a subtree prints as, in order."""
    out: list[str] = []
    stack: list = [expr]
    while stack:
        item = stack.pop()
        if type(item) is str:
            out.append(item)
        else:
            stack.extend(reversed(pieces_of(item)))
    return "".join(out)


def to_text(expr: Expr, names: Names = lambda name: name) -> str:
    """The expression as the parser reads it: `1 - out^2`, `b*a^(b - 1)`."""
    return _written(expr, lambda item: _text_pieces(item, names))


def _text_pieces(expr: Expr, names: Names) -> list:
    kind = type(expr)
    if kind is Number:
        return [format_number(expr.value)]  # type: ignore[union-attr]
    if kind is Name:
        return [names(expr.name)]  # type: ignore[union-attr]
    if kind is Call:
        pieces: list = [f"{expr.op}("]  # type: ignore[union-attr]
        for index, arg in enumerate(expr.args):  # type: ignore[union-attr]
            pieces += [", ", arg] if index else [arg]
        return pieces + [")"]
    if kind is Unary:
        operand = expr.operand  # type: ignore[union-attr]
        return ["-(", operand, ")"] if _power(operand) < PREFIX_POWER else ["-", operand]
    left_parens, right_parens = _operands_need_parentheses(expr)  # type: ignore[arg-type]
    symbol = PRIMITIVES[expr.op].symbol  # type: ignore[union-attr]
    between = f" {symbol} " if symbol in "+-" else symbol
    return (_wrapped(expr.left, left_parens, "(", ")") + [between]  # type: ignore[union-attr]
            + _wrapped(expr.right, right_parens, "(", ")"))  # type: ignore[union-attr]


def _wrapped(expr: Expr, parentheses: bool, opening: str, closing: str) -> list:
    return [opening, expr, closing] if parentheses else [expr]


# ---- LaTeX -----------------------------------------------------------------------------------------

def latex_number(value: float, text: str | None = None) -> str:
    """A number in LaTeX: its text (format_number's, unless given), an exponent as x 10^n."""
    text = format_number(value) if text is None else text
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


_LEFT, _RIGHT = r"\left(", r"\right)"


def to_latex(expr: Expr, names: Names = lambda name: name) -> str:
    """The expression typeset: `1 - out^{2}`, `\\frac{1}{b}`, `e^{a}`."""
    return _written(expr, lambda item: _latex_pieces(item, names))


def _latex_pieces(expr: Expr, names: Names) -> list:
    kind = type(expr)
    if kind is Number:
        return [latex_number(expr.value)]  # type: ignore[union-attr]
    if kind is Name:
        return [names(expr.name)]  # type: ignore[union-attr]
    if kind is Call:
        primitive = PRIMITIVES[expr.op]  # type: ignore[union-attr]
        if primitive.symbol == "^":  # pow(a, b) typesets as a power
            return [Binary("pow", expr.args[0], expr.args[1], expr.span, expr.position)]  # type: ignore
        slots = dict(zip(primitive.operands, expr.args))  # type: ignore[union-attr]
        template = _PLACEHOLDER.split(call_latex(primitive.name))  # text, slot, text, slot, ..., text
        return [slots[part] if index % 2 else part for index, part in enumerate(template) if part or index % 2]
    if kind is Unary:
        inner = expr.operand  # type: ignore[union-attr]
        tight = _power(inner) >= PREFIX_POWER or (type(inner) is Binary and inner.op == "div")
        return ["-", inner] if tight else ["-", _LEFT, inner, _RIGHT]
    op, left, right = expr.op, expr.left, expr.right  # type: ignore[union-attr]
    if op == "div":
        return [r"\frac{", left, "}{", right, "}"]
    left_parens, right_parens = _operands_need_parentheses(expr)  # type: ignore[arg-type]
    if op == "pow":
        simple_base = type(left) is Name or (type(left) is Number and left.value >= 0)
        return _wrapped(left, not simple_base, _LEFT, _RIGHT) + ["^{", right, "}"]
    if op == "mul" and type(left) is Binary and left.op == "div":
        left_parens = False
    if op == "mul" and type(right) is Binary and right.op == "div":
        right_parens = False
    symbol = {"add": "+", "sub": "-", "mul": r"\cdot"}[op]
    return _wrapped(left, left_parens, _LEFT, _RIGHT) + [f" {symbol} "] + _wrapped(right, right_parens, _LEFT, _RIGHT)


def call_latex(name: str) -> str:
    """How a call of primitive `name` is typeset, over $a and $b."""
    primitive = PRIMITIVES[name]
    if primitive.latex is not None:
        return primitive.latex
    return rf"\operatorname{{{name}}}(" + ", ".join(f"${slot}" for slot in primitive.operands) + ")"


def fill(template: str, slots: dict[str, str]) -> str:
    """Put texts into a template's placeholders: fill("e^{$a}", {"a": "x"}) -> "e^{x}"."""
    return _PLACEHOLDER.sub(lambda match: slots[match[1]], template)


_PLACEHOLDER = re.compile(r"\$(a|b|out)(?![A-Za-z0-9_])")
