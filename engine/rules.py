"""What follows from each rule of the primitive table: its tree, its callable, its text and its LaTeX.

Each local partial is written once, as text in the engine's language (engine/ops.py). Here, once, at
import, each is parsed by the engine's own parser, and from the tree come:
  - the callable that evaluation runs, compiled to a Python function (see `_compile`);
  - the formula a view shows, as plain text and as LaTeX, over the placeholders $a, $b and $out;
  - the tree itself, for whatever differentiates a rule (second partials, symbolic derivatives).
Then each rule is differentiated with the table itself (engine/symbolic.py) and simplified: the second
partials, as trees, formulas and callables, which the HVP evaluates. None is written by hand.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, NamedTuple

from .ops import CONSTANTS, OUTPUT_NAME, PRIMITIVES, Primitive
from .parser import parse_expression
from .syntax import Binary, Call, Expr, Name, Number, Unary


class Formula(NamedTuple):
    """A formula as plain text (the engine's language) and as LaTeX, over $a, $b and $out."""
    text: str
    latex: str


# primitive name -> the tree of each of its partials (over the names a, b and out)
RULE_TREES: dict[str, tuple[Expr, ...]] = {}
# primitive name -> each partial's formula
PARTIAL_FORMULAS: dict[str, tuple[Formula, ...]] = {}
# primitive name -> how a node of it reads in a Wengert list: "$a * $b", "exp($a)"
DEFINITIONS: dict[str, Formula] = {}
# primitive name -> [j][k]: d^2(out) / d(operand j) d(operand k), simplified, over a, b and out
SECOND_PARTIAL_TREES: dict[str, tuple[tuple[Expr, ...], ...]] = {}
SECOND_PARTIAL_FORMULAS: dict[str, tuple[tuple[Formula, ...], ...]] = {}
SECOND_PARTIALS: dict[str, tuple[tuple[Callable[..., float], ...], ...]] = {}


def placeholder(name: str) -> str:
    return "$" + name


def derive_all() -> None:
    """Parse, compile and print every rule of the table (called once, when engine.ops is imported)."""
    for name in list(PRIMITIVES):
        derive(name)
    # Second partials, once every first partial has its tree: a rule may call another primitive
    # (pow's uses log, softplus's sigmoid), whose own rule the chain rule then reads.
    for name in list(PRIMITIVES):
        derive_second(name)


def derive(name: str) -> None:
    """Parse, compile and print the rules of one primitive of the table."""
    from .printing import call_latex, to_latex, to_text
    primitive = PRIMITIVES[name]
    trees = tuple(parse_expression(rule) for rule in primitive.rules)
    allowed = set(primitive.operands) | {OUTPUT_NAME} | set(CONSTANTS)
    for rule, tree in zip(primitive.rules, trees):
        unknown = sorted(set(_names(tree)) - allowed)
        if unknown:
            raise ValueError(f"the rule {rule!r} of {name} uses {unknown}: a rule may use only {sorted(allowed)}")
    RULE_TREES[name] = trees
    PARTIAL_FORMULAS[name] = tuple(Formula(to_text(tree, placeholder), to_latex(tree, placeholder)) for tree in trees)
    DEFINITIONS[name] = _definition(primitive, call_latex(name))
    PRIMITIVES[name] = replace(primitive, partials=tuple(_compile(primitive, tree) for tree in trees))


def forget(name: str) -> None:
    for table in (RULE_TREES, PARTIAL_FORMULAS, DEFINITIONS, SECOND_PARTIAL_TREES, SECOND_PARTIAL_FORMULAS,
                  SECOND_PARTIALS):
        table.pop(name, None)


def derive_second(name: str) -> None:
    """The second partials of one primitive: its rules differentiated by the rule table, simplified,
    printed and compiled like the first ones (never written by hand)."""
    from .printing import to_latex, to_text
    from .simplify import simplify
    from .symbolic import second_partial_tree
    primitive = PRIMITIVES[name]
    indices = range(primitive.arity)
    trees = tuple(tuple(simplify(second_partial_tree(name, j, k)) for k in indices) for j in indices)
    SECOND_PARTIAL_TREES[name] = trees
    SECOND_PARTIAL_FORMULAS[name] = tuple(tuple(Formula(to_text(tree, placeholder), to_latex(tree, placeholder))
                                                for tree in row) for row in trees)
    SECOND_PARTIALS[name] = tuple(tuple(_compile(primitive, tree) for tree in row) for row in trees)


def _definition(primitive: Primitive, latex_call: str) -> Formula:
    if primitive.symbol and primitive.arity == 2:
        latex_symbol = {"*": r"\cdot", "/": "/"}.get(primitive.symbol, primitive.symbol)
        latex = r"\frac{$a}{$b}" if primitive.name == "div" else (
            "$a^{$b}" if primitive.name == "pow" else f"$a {latex_symbol} $b")
        return Formula(f"$a {primitive.symbol} $b", latex)
    if primitive.symbol:
        return Formula(f"{primitive.symbol}$a", f"{primitive.symbol}$a")
    return Formula(f"{primitive.name}(" + ", ".join(f"${slot}" for slot in primitive.operands) + ")", latex_call)


def _names(tree: Expr) -> list[str]:
    stack, found = [tree], []
    while stack:
        expr = stack.pop()
        if type(expr) is Name:
            found.append(expr.name)
        elif type(expr) is Call:
            stack.extend(expr.args)
        elif type(expr) is Unary:
            stack.append(expr.operand)
        elif type(expr) is Binary:
            stack.extend((expr.left, expr.right))
    return found


# ---- the one place where text becomes code ------------------------------------------------------------
#
# A partial is evaluated once per edge of every traced graph, so it must cost what a hand-written lambda
# costs. Each rule's tree is therefore printed as a Python expression and compiled, once, at import.
# Audited: the only text compiled is the rule table's own (engine/ops.py, fixed in the source); the
# printer below emits only the parameter names, float literals (repr) and calls of the primitives'
# value functions; no user program, user-defined function or request ever reaches this function.

_PYTHON_OPERATORS = {"add": "+", "sub": "-", "mul": "*", "div": "/"}


def _python(expr: Expr) -> str:
    kind = type(expr)
    if kind is Number:
        return repr(float(expr.value))  # type: ignore[union-attr]
    if kind is Name:
        name = expr.name  # type: ignore[union-attr]
        return repr(CONSTANTS[name]) if name in CONSTANTS else name
    if kind is Unary:
        return f"(-{_python(expr.operand)})"  # type: ignore[union-attr]
    if kind is Call:
        return f"{expr.op}_value({', '.join(_python(arg) for arg in expr.args)})"  # type: ignore[union-attr]
    op, left, right = expr.op, _python(expr.left), _python(expr.right)  # type: ignore[union-attr]
    if op == "pow":
        return f"pow_value({left}, {right})"
    return f"({left} {_PYTHON_OPERATORS[op]} {right})"


def _compile(primitive: Primitive, tree: Expr) -> Callable[..., float]:
    parameters = ", ".join(primitive.operands + (OUTPUT_NAME,))
    namespace: dict[str, object] = {f"{name}_value": p.value for name, p in PRIMITIVES.items()}
    namespace["__builtins__"] = {}
    source = f"def partial({parameters}):\n    return {_python(tree)}\n"
    exec(source, namespace)  # noqa: S102 (audited above: the rule table's own text, never a user's)
    partial = namespace["partial"]
    partial.__qualname__ = f"{primitive.name}_partial"  # type: ignore[attr-defined]
    return partial  # type: ignore[return-value]

