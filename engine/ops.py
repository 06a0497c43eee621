"""The primitive table: one entry per primitive, the only place its mathematics lives.

Each entry holds the primal function and, for each operand, its local partial derivative written
ONCE as an expression in the engine's own language, over the operands `a`, `b` and the primal output
`out` (so the rules that reuse the output, as exp, tanh and sigmoid do, are one multiplication, as in
backprop's cache). Everything else about a partial is derived from that text in engine/rules.py: the
callable that evaluation uses, the plain-text and LaTeX formulas every view shows, and (by
differentiating it) the second partials.

Evaluation, forward mode, reverse mode, the parser, the CLI and the API's /api/meta all read this
table; adding a primitive is adding one entry.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

Check = Callable[..., "str | None"]

# The names a rule may use: the operands in order, then the primal output.
OPERAND_NAMES = ("a", "b")
OUTPUT_NAME = "out"


@dataclass(frozen=True)
class Primitive:
    name: str
    arity: int
    value: Callable[..., float]
    rules: tuple[str, ...]  # each local partial, in the engine's language over a, b and out
    description: str
    category: str  # the kind of derivative rule, as autodidax names them
    symbol: str | None = None  # infix or prefix operator, None for a function call
    latex: str | None = None  # how a call is typeset, over $a, $b: e^{$a}; default \operatorname{name}($a)
    domain: Check | None = None  # returns why the operands are outside the domain, else None
    kink: Callable[..., bool] | None = None  # True where the primitive is not differentiable
    # Derived from `rules` by engine/rules.py when the engine is imported:
    partials: tuple[Callable[..., float], ...] = field(default=(), compare=False)  # (a, [b,] out) -> float

    @property
    def operands(self) -> tuple[str, ...]:
        return OPERAND_NAMES[:self.arity]

    def expression(self, operands: tuple[str, ...]) -> str:
        """How a node of this primitive reads in a Wengert list: `v1 / v2`, `-v1`, `exp(v1)`."""
        from .printing import fill
        from .rules import DEFINITIONS
        return fill(DEFINITIONS[self.name].text, dict(zip(self.operands, operands)))


def _sigmoid(a: float) -> float:
    # Two branches so that neither exp can overflow.
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    z = math.exp(a)
    return z / (1.0 + z)


def _softplus(a: float) -> float:
    # log(1 + e^a) without overflow: max(a, 0) + log1p(e^-|a|)
    return max(a, 0.0) + math.log1p(math.exp(-abs(a)))


def _sign(a: float) -> float:
    return 1.0 if a > 0 else (-1.0 if a < 0 else 0.0)


def _pow_domain(a: float, b: float) -> str | None:
    if a < 0 and not float(b).is_integer():
        return f"a negative base raised to a non-integer power is not a real number: {_num(a)}^{_num(b)}"
    if a == 0 and b < 0:
        return f"0 raised to a negative power divides by zero: 0^{_num(b)}"
    return None


def _num(x: float) -> str:
    return f"{x:.6g}"


def _at_zero(a: float) -> bool:
    return a == 0


def value_or_none(primitive: Primitive, values: list[float] | tuple[float, ...]) -> float | None:
    """The primitive's value at `values`, or None where it has none: outside its domain, an arithmetic
    error, or not a finite number (what folding constants and evaluating a written-out derivative need)."""
    if primitive.domain is not None and primitive.domain(*values) is not None:
        return None
    try:
        value = primitive.value(*values)
    except (ArithmeticError, ValueError):
        return None
    return value if math.isfinite(value) else None


PRIMITIVES: dict[str, Primitive] = {}
# Names a program may call, with the primitive each one makes.
FUNCTIONS: dict[str, str] = {"pow": "pow"}
# What a picture of each primitive's node shows: its operator, or its name.
LABELS: dict[str, str] = {}
_derived = False  # whether engine/rules.py has derived the table (at the end of this module)


def add_primitive(p: Primitive) -> None:
    """Add a primitive to the table: callable by name if it has no operator symbol, its rules derived."""
    assert len(p.rules) == p.arity, p.name
    PRIMITIVES[p.name] = p
    LABELS[p.name] = p.symbol or p.name
    if p.symbol is None:
        FUNCTIONS[p.name] = p.name
    if _derived:
        rules.derive(p.name)
        rules.derive_second(p.name)


def remove_primitive(name: str) -> None:
    """Take a primitive out of the table again (for tests that add one)."""
    PRIMITIVES.pop(name)
    LABELS.pop(name)
    if FUNCTIONS.get(name) == name:
        FUNCTIONS.pop(name)
    rules.forget(name)


_add = add_primitive


# ---- linear: the partials are constants -------------------------------------------------------
_add(Primitive("add", 2, lambda a, b: a + b, ("1", "1"),
               "sum a + b: passes the adjoint unchanged to both operands (a gradient distributor)",
               "linear", symbol="+"))
_add(Primitive("sub", 2, lambda a, b: a - b, ("1", "-1"), "difference a - b", "linear", symbol="-"))
_add(Primitive("neg", 1, lambda a: -a, ("-1",), "negation -a", "linear", symbol="-"))

# ---- bilinear and rational: each partial is the other operand -----------------------------------
_add(Primitive("mul", 2, lambda a, b: a * b, ("b", "a"),
               "product a * b: each operand's partial is the other operand (a gradient switcher)",
               "bilinear", symbol="*"))
# -out/b rather than -a/b^2: b^2 underflows to 0 at b = 1e-170, where a/b is still 1.
_add(Primitive("div", 2, lambda a, b: a / b, ("1/b", "-out/b"), "quotient a / b", "rational", symbol="/",
               domain=lambda a, b: "division by zero: the divisor is 0" if b == 0 else None))
_add(Primitive("pow", 2, math.pow, ("b*a^(b - 1)", "out*log(a)"),
               "power a ^ b (also a ** b and pow(a, b)); a variable exponent needs a positive base",
               "power", symbol="^", domain=_pow_domain))

# ---- elementwise functions ----------------------------------------------------------------------
_add(Primitive("exp", 1, math.exp, ("out",),
               "exponential e^a: its derivative is its own output, already cached", "uses output", latex="e^{$a}"))
_add(Primitive("log", 1, math.log, ("1/a",), "natural logarithm ln a, for a > 0", "elementwise", latex=r"\ln($a)",
               domain=lambda a: None if a > 0 else f"log needs a positive argument, got {_num(a)}"))
_add(Primitive("sqrt", 1, math.sqrt, ("1/(2*out)",), "square root of a, for a >= 0", "uses output",
               latex=r"\sqrt{$a}",
               domain=lambda a: None if a >= 0 else f"sqrt needs a non-negative argument, got {_num(a)}"))
_add(Primitive("sin", 1, math.sin, ("cos(a)",), "sine", "elementwise", latex=r"\sin($a)"))
_add(Primitive("cos", 1, math.cos, ("-sin(a)",), "cosine", "elementwise", latex=r"\cos($a)"))
_add(Primitive("tan", 1, math.tan, ("1 + out^2",), "tangent", "uses output", latex=r"\tan($a)"))
_add(Primitive("tanh", 1, math.tanh, ("1 - out^2",), "hyperbolic tangent, a classic activation", "uses output",
               latex=r"\tanh($a)"))
_add(Primitive("sigmoid", 1, _sigmoid, ("out*(1 - out)",), "logistic sigmoid 1/(1 + e^-a)", "uses output",
               latex=r"\sigma($a)"))
_add(Primitive("relu", 1, lambda a: a if a > 0 else 0.0, ("heaviside(a)",),
               "rectified linear unit max(a, 0); not differentiable at 0 (0 is used there)", "piecewise",
               kink=_at_zero))
_add(Primitive("softplus", 1, _softplus, ("sigmoid(a)",), "softplus log(1 + e^a), a smooth relu", "elementwise"))
_add(Primitive("abs", 1, abs, ("sign(a)",),
               "absolute value |a|; not differentiable at 0 (0 is used there)", "piecewise",
               latex=r"\left|$a\right|", kink=_at_zero))
# The derivatives of the piecewise primitives: flat on each side, not differentiable at 0.
_add(Primitive("sign", 1, _sign, ("0",), "sign of a: -1, 0 or 1; its derivative is 0 away from 0", "piecewise",
               kink=_at_zero))
_add(Primitive("heaviside", 1, lambda a: 1.0 if a > 0 else 0.0, ("0",),
               "Heaviside step: 1 where a > 0, else 0 (relu's derivative); its derivative is 0 away from 0",
               "piecewise", latex=r"H($a)", kink=_at_zero))

# Operator text in the source -> primitive.
BINARY_OPERATORS: dict[str, str] = {"+": "add", "-": "sub", "*": "mul", "/": "div", "^": "pow"}

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}

# The derived parts of every entry (partials as callables, formulas as text and LaTeX). Imported
# last: engine/rules.py parses the rules with the engine's parser, which reads the names above.
from . import rules  # noqa: E402

rules.derive_all()
_derived = True
