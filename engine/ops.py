"""The primitive table: one entry per primitive, the only place its mathematics lives.

Each entry holds the primal function, one local partial derivative per operand, and each partial's
formula (plain text and LaTeX) written in the operand names `a`, `b` and the output `y`.
Evaluation, forward mode, reverse mode, the CLI and the API's /api/ops all read this table; adding a
primitive is adding one entry.

Partials take the operands and the primal output: `partial(a, y)` or `partial(a, b, y)`, so rules
that reuse the output (exp, tanh, sigmoid) are one multiplication, as in backprop's cache.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

Check = Callable[..., "str | None"]


@dataclass(frozen=True)
class Primitive:
    name: str
    arity: int
    value: Callable[..., float]
    partials: tuple[Callable[..., float], ...]
    formulas: tuple[str, ...]  # text over the placeholders $a, $b (operands) and $y (output)
    latex: tuple[str, ...]  # the same formulas in LaTeX
    description: str
    category: str  # the kind of derivative rule, as autodidax names them
    symbol: str | None = None  # infix or prefix operator, None for a function call
    domain: Check | None = None  # returns why the operands are outside the domain, else None
    kink: Callable[..., bool] | None = None  # True where the primitive is not differentiable

    def formula(self, index: int, operands: tuple[str, ...], output: str = "y") -> str:
        return _fill(self.formulas[index], operands, output)

    def latex_formula(self, index: int, operands: tuple[str, ...], output: str = "y") -> str:
        return _fill(self.latex[index], operands, output)

    def partial_formulas(self, operands: tuple[str, ...], output: str = "y") -> list[str]:
        """formula(k, operands) for every operand k, in one call: a trace shows them at every node."""
        a = operands[0] if operands else "a"
        b = operands[1] if len(operands) > 1 else "b"
        formulas = []  # a loop, not a comprehension: in Python 3.11 a comprehension is one more call
        for template in _FORMAT_STRINGS[self.name]:
            formulas.append(template.format(a, b, output))
        return formulas

    def expression(self, operands: tuple[str, ...]) -> str:
        """How a node of this primitive reads in a Wengert list: `v1 / v2`, `-v1`, `exp(v1)`."""
        if self.symbol and self.arity == 2:
            return f"{operands[0]} {self.symbol} {operands[1]}"
        if self.symbol:
            return f"{self.symbol}{operands[0]}"
        return f"{self.name}({', '.join(operands)})"


@lru_cache(maxsize=None)
def _format_string(template: str) -> str:
    """The template as a str.format string, made once per template: $a, $b, $y -> {0}, {1}, {2},
    and LaTeX's braces doubled. A trace fills a formula for every edge of its graph, and
    str.format does that in one C call."""
    escaped = template.replace("{", "{{").replace("}", "}}")
    return re.sub(r"\$([aby])", lambda placeholder: "{%d}" % "aby".index(placeholder[1]), escaped)


def _fill(template: str, operands: tuple[str, ...], output: str) -> str:
    return _format_string(template).format(
        operands[0] if operands else "a", operands[1] if len(operands) > 1 else "b", output)


def _sigmoid(a: float) -> float:
    # Two branches so that neither exp can overflow.
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    z = math.exp(a)
    return z / (1.0 + z)


def _softplus(a: float) -> float:
    # log(1 + e^a) without overflow: max(a, 0) + log1p(e^-|a|)
    return max(a, 0.0) + math.log1p(math.exp(-abs(a)))


def _pow(a: float, b: float) -> float:
    return math.pow(a, b)


def _pow_exponent_partial(a: float, b: float, y: float) -> float:
    # d(a^b)/db = a^b log a; at a = 0 with b > 0 the limit is 0; for a < 0 it is not real.
    if a > 0:
        return y * math.log(a)
    if a == 0 and b > 0:
        return 0.0
    return math.nan


def _pow_domain(a: float, b: float) -> str | None:
    if a < 0 and not float(b).is_integer():
        return f"a negative base raised to a non-integer power is not a real number: {_num(a)}^{_num(b)}"
    if a == 0 and b < 0:
        return f"0 raised to a negative power divides by zero: 0^{_num(b)}"
    return None


def _num(x: float) -> str:
    return f"{x:.6g}"


PRIMITIVES: dict[str, Primitive] = {}


# Each primitive's partial formulas as str.format strings, for Primitive.partial_formulas.
_FORMAT_STRINGS: dict[str, tuple[str, ...]] = {}


def _add(p: Primitive) -> None:
    assert len(p.partials) == p.arity == len(p.formulas) == len(p.latex), p.name
    PRIMITIVES[p.name] = p
    _FORMAT_STRINGS[p.name] = tuple(_format_string(template) for template in p.formulas)


# ---- linear: the partials are constants -------------------------------------------------------
_add(Primitive(
    "add", 2, lambda a, b: a + b,
    (lambda a, b, y: 1.0, lambda a, b, y: 1.0),
    ("1", "1"), ("1", "1"),
    "sum a + b: passes the adjoint unchanged to both operands (a gradient distributor)",
    "linear", symbol="+"))
_add(Primitive(
    "sub", 2, lambda a, b: a - b,
    (lambda a, b, y: 1.0, lambda a, b, y: -1.0),
    ("1", "-1"), ("1", "-1"),
    "difference a - b", "linear", symbol="-"))
_add(Primitive(
    "neg", 1, lambda a: -a,
    (lambda a, y: -1.0,),
    ("-1",), ("-1",),
    "negation -a", "linear", symbol="-"))

# ---- bilinear and rational: each partial is the other operand -----------------------------------
_add(Primitive(
    "mul", 2, lambda a, b: a * b,
    (lambda a, b, y: b, lambda a, b, y: a),
    ("$b", "$a"), ("$b", "$a"),
    "product a * b: each operand's partial is the other operand (a gradient switcher)",
    "bilinear", symbol="*"))
_add(Primitive(
    "div", 2, lambda a, b: a / b,
    (lambda a, b, y: 1.0 / b, lambda a, b, y: -a / (b * b)),
    ("1/$b", "-$a/$b^2"), (r"\frac{1}{$b}", r"-\frac{$a}{$b^{2}}"),
    "quotient a / b", "rational", symbol="/",
    domain=lambda a, b: "division by zero: the divisor is 0" if b == 0 else None))
_add(Primitive(
    "pow", 2, _pow,
    (lambda a, b, y: b * math.pow(a, b - 1) if b != 0 else 0.0, _pow_exponent_partial),
    ("$b*$a^($b - 1)", "$a^$b*log($a)"),
    (r"$b\,$a^{$b - 1}", r"$a^{$b}\ln $a"),
    "power a ^ b (also a ** b and pow(a, b)); a variable exponent needs a positive base",
    "power", symbol="^", domain=_pow_domain))

# ---- elementwise functions ----------------------------------------------------------------------
_add(Primitive(
    "exp", 1, math.exp, (lambda a, y: y,),
    ("exp($a)",), (r"e^{$a}",),
    "exponential e^a: its derivative is its own output, already cached", "uses output"))
_add(Primitive(
    "log", 1, math.log, (lambda a, y: 1.0 / a,),
    ("1/$a",), (r"\frac{1}{$a}",),
    "natural logarithm ln a, for a > 0", "elementwise",
    domain=lambda a: None if a > 0 else f"log needs a positive argument, got {_num(a)}"))
_add(Primitive(
    "sqrt", 1, math.sqrt, (lambda a, y: 0.5 / y if y != 0 else math.inf,),
    ("1/(2*sqrt($a))",), (r"\frac{1}{2\sqrt{$a}}",),
    "square root of a, for a >= 0", "uses output",
    domain=lambda a: None if a >= 0 else f"sqrt needs a non-negative argument, got {_num(a)}"))
_add(Primitive(
    "sin", 1, math.sin, (lambda a, y: math.cos(a),),
    ("cos($a)",), (r"\cos $a",), "sine", "elementwise"))
_add(Primitive(
    "cos", 1, math.cos, (lambda a, y: -math.sin(a),),
    ("-sin($a)",), (r"-\sin $a",), "cosine", "elementwise"))
_add(Primitive(
    "tan", 1, math.tan, (lambda a, y: 1.0 + y * y,),
    ("1 + tan($a)^2",), (r"1 + \tan^{2} $a",), "tangent", "uses output"))
_add(Primitive(
    "tanh", 1, math.tanh, (lambda a, y: 1.0 - y * y,),
    ("1 - tanh($a)^2",), (r"1 - \tanh^{2} $a",),
    "hyperbolic tangent, a classic activation", "uses output"))
_add(Primitive(
    "sigmoid", 1, _sigmoid, (lambda a, y: y * (1.0 - y),),
    ("sigmoid($a)*(1 - sigmoid($a))",), (r"\sigma($a)\,(1 - \sigma($a))",),
    "logistic sigmoid 1/(1 + e^-a)", "uses output"))
_add(Primitive(
    "relu", 1, lambda a: a if a > 0 else 0.0, (lambda a, y: 1.0 if a > 0 else 0.0,),
    ("($a > 0 ? 1 : 0)",), (r"[$a > 0]",),
    "rectified linear unit max(a, 0); not differentiable at 0 (0 is used there)", "piecewise",
    kink=lambda a: a == 0))
_add(Primitive(
    "softplus", 1, _softplus, (lambda a, y: _sigmoid(a),),
    ("sigmoid($a)",), (r"\sigma($a)",),
    "softplus log(1 + e^a), a smooth relu", "elementwise"))
_add(Primitive(
    "abs", 1, abs, (lambda a, y: 1.0 if a > 0 else (-1.0 if a < 0 else 0.0),),
    ("sign($a)",), (r"\operatorname{sign} $a",),
    "absolute value |a|; not differentiable at 0 (0 is used there)", "piecewise",
    kink=lambda a: a == 0))

# Names a program may call, with the primitive each one makes.
FUNCTIONS: dict[str, str] = {
    name: name
    for name, p in PRIMITIVES.items()
    if p.symbol is None
}
FUNCTIONS["pow"] = "pow"

# Operator text in the source -> primitive.
BINARY_OPERATORS: dict[str, str] = {"+": "add", "-": "sub", "*": "mul", "/": "div", "^": "pow"}

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
