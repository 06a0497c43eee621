"""Print an expression tree in the engine's own language (it parses back to the same tree) and in LaTeX.

Both printers take the text each name stands for, so one tree prints as a rule template (`$b*$a^($b - 1)`),
as a formula over a node's operands (`v3*v1^(v3 - 1)`) or as a symbolic derivative over the inputs.
Parentheses are written only where the parser's binding powers need them.
"""
from __future__ import annotations

import re
from typing import Callable

from .ops import PRIMITIVES
from .parser import BINDING_POWER, PREFIX_POWER, Binary, Call, Expr, Name, Number, Unary, _format_number

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

def to_text(expr: Expr, names: Names = lambda name: name) -> str:
    """The expression as the parser reads it: `1 - out^2`, `b*a^(b - 1)`."""
    kind = type(expr)
    if kind is Number:
        return _format_number(expr.value)  # type: ignore[union-attr]
    if kind is Name:
        return names(expr.name)  # type: ignore[union-attr]
    if kind is Call:
        return f"{expr.op}({', '.join(to_text(arg, names) for arg in expr.args)})"  # type: ignore[union-attr]
    if kind is Unary:
        operand = to_text(expr.operand, names)  # type: ignore[union-attr]
        return f"-({operand})" if _power(expr.operand) < PREFIX_POWER else f"-{operand}"  # type: ignore[union-attr]
    left_parens, right_parens = _operands_need_parentheses(expr)  # type: ignore[arg-type]
    left, right = to_text(expr.left, names), to_text(expr.right, names)  # type: ignore[union-attr]
    left = f"({left})" if left_parens else left
    right = f"({right})" if right_parens else right
    symbol = PRIMITIVES[expr.op].symbol  # type: ignore[union-attr]
    return f"{left} {symbol} {right}" if symbol in "+-" else f"{left}{symbol}{right}"


# ---- LaTeX -----------------------------------------------------------------------------------------

def latex_number(value: float) -> str:
    text = _format_number(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def _parenthesised(latex: str) -> str:
    return rf"\left({latex}\right)"


def to_latex(expr: Expr, names: Names = lambda name: name) -> str:
    """The expression typeset: `1 - out^{2}`, `\\frac{1}{b}`, `e^{a}`."""
    kind = type(expr)
    if kind is Number:
        return latex_number(expr.value)  # type: ignore[union-attr]
    if kind is Name:
        return names(expr.name)  # type: ignore[union-attr]
    if kind is Call:
        primitive = PRIMITIVES[expr.op]  # type: ignore[union-attr]
        args = [to_latex(arg, names) for arg in expr.args]  # type: ignore[union-attr]
        if primitive.symbol == "^":  # pow(a, b) typesets as a power
            return to_latex(Binary("pow", expr.args[0], expr.args[1], expr.span, expr.position), names)  # type: ignore
        return fill(call_latex(primitive.name), dict(zip(primitive.operands, args)))
    if kind is Unary:
        operand = to_latex(expr.operand, names)  # type: ignore[union-attr]
        inner = expr.operand  # type: ignore[union-attr]
        tight = _power(inner) >= PREFIX_POWER or (type(inner) is Binary and inner.op == "div")
        return f"-{operand}" if tight else f"-{_parenthesised(operand)}"
    op = expr.op  # type: ignore[union-attr]
    left, right = to_latex(expr.left, names), to_latex(expr.right, names)  # type: ignore[union-attr]
    if op == "div":
        return rf"\frac{{{left}}}{{{right}}}"
    left_parens, right_parens = _operands_need_parentheses(expr)  # type: ignore[arg-type]
    if op == "pow":
        base = expr.left  # type: ignore[union-attr]
        simple_base = type(base) is Name or (type(base) is Number and base.value >= 0)
        return f"{left if simple_base else _parenthesised(left)}^{{{right}}}"
    if op == "mul" and type(expr.left) is Binary and expr.left.op == "div":  # type: ignore[union-attr]
        left_parens = False
    if op == "mul" and type(expr.right) is Binary and expr.right.op == "div":  # type: ignore[union-attr]
        right_parens = False
    left = _parenthesised(left) if left_parens else left
    right = _parenthesised(right) if right_parens else right
    symbol = {"add": "+", "sub": "-", "mul": r"\cdot"}[op]
    return f"{left} {symbol} {right}"


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
