"""How a node is written: its name, its value, its tangent (a dot) and its adjoint (a bar), as plain
text and as LaTeX. Every view and export reads these; none derives its own.

    x       -> x, ẋ, x̄                  \\dot{x}, \\bar{x}
    v3      -> v₃, v̇₃, v̄₃               v_{3}, \\dot{v}_{3}, \\bar{v}_{3}
    a_1     -> a₁, ȧ₁, ā₁               a_{1}, \\dot{a}_{1}, \\bar{a}_{1}
    θ       -> θ, θ̇, θ̄                  \\theta, \\dot{\\theta}, \\bar{\\theta}
    target  -> target, taṙget, t̅a̅r̅g̅e̅t̅   \\mathit{target}, \\dot{\\mathit{target}}, \\overline{\\mathit{target}}

The accent always covers the whole name (the subscript aside), never its last letter.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from .ops import CONSTANTS

SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
MACRON, OVERLINE, DOT = "\u0304", "\u0305", "\u0307"

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
    "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega", "ϕ": "varphi", "ϑ": "vartheta",
}
CONSTANT_NAMES = {"pi": ("π", r"\pi"), "e": ("e", "e")}

_TRAILING_DIGITS = re.compile(r"(.*?\D)([0-9]+)")


class Notation(NamedTuple):
    text: str
    latex: str


class NodeNotation(NamedTuple):
    """A node's notation: its Wengert variable (v3), its value (its name), tangent and adjoint, and (in a
    trace that ran the Hessian-vector product) the tangent of its adjoint, the second-order adjoint."""
    var: Notation
    value: Notation
    tangent: Notation | None  # None for a constant: it has no tangent of its own (it is 0)
    adjoint: Notation | None
    adjoint_tangent: Notation | None = None  # x̄̇, \dot{\bar{x}}: only where a pass computes it


def split_name(name: str) -> tuple[str, str]:
    """(base, subscript): a_1 -> (a, 1), w12 -> (w, 12), x -> (x, "")."""
    base, underscore, subscript = name.partition("_")
    if underscore and base and subscript:
        return base, subscript
    match = _TRAILING_DIGITS.fullmatch(name)
    if match:
        return match[1], match[2]
    return name, ""


def _latex_characters(text: str) -> str:
    if text.isascii():
        return text if len(text) == 1 else rf"\mathit{{{text}}}"
    parts = []
    for character in text:
        if character in GREEK:
            parts.append(rf"\{GREEK[character]} ")
        elif character.isascii():
            parts.append(character)
        else:
            parts.append(rf"\text{{{character}}}")
    return "".join(parts).rstrip()


def _text_subscript(subscript: str) -> str:
    if subscript.isascii() and subscript.isdigit():
        return subscript.translate(SUBSCRIPT_DIGITS)
    return "_" + subscript if subscript else ""


def _latex_subscript(subscript: str) -> str:
    if not subscript:
        return ""
    return f"_{{{subscript if subscript.isdigit() else _latex_characters(subscript)}}}"


def _characters(text: str) -> list[str]:
    """Letters with their combining marks: an accent goes after the whole cluster."""
    clusters: list[str] = []
    for character in text:
        if clusters and unicodedata.combining(character):
            clusters[-1] += character
        else:
            clusters.append(character)
    return clusters


def _accent_text(base: str, accent: str) -> str:
    letters = _characters(base)
    if len(letters) == 1:
        return base + (MACRON if accent == "bar" else DOT)
    if accent == "bar":  # an overline on every letter draws one line over the whole name
        return "".join(letter + OVERLINE for letter in letters)
    middle = (len(letters) - 1) // 2  # one dot, centred over the name
    return "".join(letter + (DOT if i == middle else "") for i, letter in enumerate(letters))


def _accent_latex(base_latex: str, single: bool, accent: str) -> str:
    if accent == "bar":
        return rf"\bar{{{base_latex}}}" if single else rf"\overline{{{base_latex}}}"
    return rf"\dot{{{base_latex}}}"


@lru_cache(maxsize=4096)
def name_notation(name: str) -> tuple[Notation, Notation, Notation]:
    """(value, tangent, adjoint) of a named quantity."""
    base, subscript = split_name(name)
    single = len(_characters(base)) == 1
    text_sub, latex_sub = _text_subscript(subscript), _latex_subscript(subscript)
    base_latex = _latex_characters(base)
    return (
        Notation(base + text_sub, base_latex + latex_sub),
        Notation(_accent_text(base, "dot") + text_sub, _accent_latex(base_latex, single, "dot") + latex_sub),
        Notation(_accent_text(base, "bar") + text_sub, _accent_latex(base_latex, single, "bar") + latex_sub),
    )


@lru_cache(maxsize=4096)
def adjoint_tangent_notation(name: str) -> Notation:
    """The tangent of a named quantity's adjoint (the second-order adjoint): a dot over the bar, x̄̇."""
    base, subscript = split_name(name)
    single = len(_characters(base)) == 1
    bar = _accent_latex(_latex_characters(base), single, "bar")
    return Notation(_accent_text(base, "bar") + DOT + _text_subscript(subscript),
                    rf"\dot{{{bar}}}" + _latex_subscript(subscript))


def var_adjoint_tangent(node_id: int) -> Notation:
    digits = str(node_id)
    return Notation("v" + MACRON + DOT + digits.translate(SUBSCRIPT_DIGITS), rf"\dot{{\bar{{v}}}}_{{{digits}}}")


def var_notation(node_id: int) -> tuple[Notation, Notation, Notation]:
    """The Wengert variable v<id>: v₃, v̇₃, v̄₃."""
    digits = str(node_id)
    sub_text, sub_latex = digits.translate(SUBSCRIPT_DIGITS), f"_{{{digits}}}"
    return (Notation("v" + sub_text, "v" + sub_latex), Notation("v" + DOT + sub_text, r"\dot{v}" + sub_latex),
            Notation("v" + MACRON + sub_text, r"\bar{v}" + sub_latex))


def constant_notation(label: str) -> Notation:
    """A constant as a formula shows it: pi -> π; a negative number in parentheses, (-2)."""
    if label in CONSTANT_NAMES:
        return Notation(*CONSTANT_NAMES[label])
    latex = label
    if "e" in label or "E" in label:
        mantissa, _, exponent = label.lower().partition("e")
        latex = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    if label.startswith("-"):
        return Notation(f"({label})", rf"\left({latex}\right)")
    return Notation(label, latex)


def node_notation(node_id: int, op: str, label: str, name: str | None,
                  adjoint_tangent: bool = False) -> NodeNotation:
    var = var_notation(node_id)
    if op == "const":  # a constant has neither tangent nor adjoint of its own: nothing flows into it
        return NodeNotation(var[0], name_notation(name)[0] if name else constant_notation(label), None, None)
    value, tangent, adjoint = name_notation(name) if name is not None else var
    if not adjoint_tangent:
        return NodeNotation(var[0], value, tangent, adjoint)
    return NodeNotation(var[0], value, tangent, adjoint, adjoint_tangent_notation(name) if name else var_adjoint_tangent(node_id))


def equation(*sides: Notation) -> Notation:
    """a = b = c, a side that repeats the one before it left out (∂v₁/∂x = v₁ = 7.38906, not twice)."""
    kept = [side for i, side in enumerate(sides) if i == 0 or side.text != sides[i - 1].text]
    return Notation(" = ".join(side.text for side in kept), " = ".join(side.latex for side in kept))


SEED_WRITTEN_UP_TO = 4  # a seed of more entries is written by its nonzero ones, the zeros counted


def seed_written(entries: list[tuple[Notation, Notation, float]], singular: str, plural: str) -> Notation:
    """A seed or a cotangent, from its entries (the quantity, its value written, the value): `ẋ = 1, ẏ = 0`.
    Past SEED_WRITTEN_UP_TO entries only the nonzero ones are written (at most that many), then what is
    left out is counted: `ẋ₁ = 1 (the other 179 tangents 0)`, so 180 inputs make a line, not a page."""
    if len(entries) <= SEED_WRITTEN_UP_TO:
        written, left_out = entries, []
    else:
        nonzero = [entry for entry in entries if entry[2] != 0]
        written = nonzero[:SEED_WRITTEN_UP_TO]
        zeros = len(entries) - len(nonzero)
        left_out = [f"{len(nonzero) - len(written)} more"] if len(nonzero) > len(written) else []
        if zeros:
            left_out.append(f"{'the other ' if written else 'all '}{zeros} {singular if zeros == 1 else plural} 0")
    text = ", ".join(f"{quantity.text} = {value.text}" for quantity, value, _ in written)
    latex = ", ".join(f"{quantity.latex} = {value.latex}" for quantity, value, _ in written)
    if left_out:
        words = "; ".join(left_out)
        text = f"{text} ({words})" if text else words
        latex = rf"{latex}\ 	ext{{({words})}}" if latex else rf"	ext{{{words}}}"
    return Notation(text, latex)


assert set(CONSTANT_NAMES) == set(CONSTANTS), "every named constant needs its notation"
