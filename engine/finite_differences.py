"""The finite-difference check: autodiff's derivatives beside difference quotients of the evaluation.

Automatic differentiation is exact up to rounding; a difference quotient only approximates, but it
needs nothing but values, so agreement is the classic sanity check of a gradient. Each input x_i is
stepped by its own h_i = 1e-5 max(1, |x_i|) (a step scaled by another input's size would swamp a
small input: x + sin(y) at x = 1e8), which gives a column of quotients, one per output k,

    q_ik = (f_k(x + h_i e_i) - f_k(x - h_i e_i)) / 2h_i.

The gradient entry of x_i (reverse mode, of the cotangent-weighted outputs c . f) is compared with
sum_k c_k q_ik, and the JVP along the seed s (forward mode, per output k) with sum_i s_i q_ik: the
Jacobian-vector product of the quotients' Jacobian. Every step is finite (h_i <= 1e-5 of the largest
double). Where one side is outside the domain (sqrt(x) at x = 0) or beyond the largest double, the
other side and f(x) give a one-sided quotient; where both are, there is no quotient. The check costs
2D evaluations, so it is bounded by the same work limit as the Jacobian.
"""
from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass

from .errors import ExpressionError
from .evaluate import evaluate
from .graph import Graph
from .forward_mode import ForwardMode
from .reverse_mode import ReverseMode
from .trace import Evaluation

RELATIVE_STEP = 1e-5  # about the cube root of the double's epsilon: truncation ~ rounding error
TOLERANCE = 1e-4  # relative; a central quotient with this h is good to about 1e-8 where f is smooth
FORMULA = ("(f(x + h e_i) - f(x - h e_i)) / 2h with h = 1e-5 max(1, |x_i|) for each input x_i; "
           "the JVP sums them weighted by the seed")

Point = dict[str, float]


@dataclass(frozen=True)
class Comparison:
    """One derivative both ways: autodiff's value and the difference quotient's."""
    autodiff: float
    finite_difference: float | None  # None: f is undefined on both sides of the point
    h: float
    scheme: str | None  # "central", "forward" (f(x+h) - f(x)) / h, "backward", or None
    agrees: bool | None
    note: str | None

    def to_dict(self) -> dict:
        return {"autodiff": self.autodiff, "finite_difference": self.finite_difference, "h": self.h,
                "scheme": self.scheme, "agrees": self.agrees, "note": self.note}


@dataclass(frozen=True)
class DerivativeCheck:
    gradient: dict[str, Comparison]  # per input: reverse mode's gradient entry
    jvp: tuple[Comparison, ...]  # per output: forward mode's JVP
    cotangent: dict[int, float]
    seed: dict[str, float]
    evaluations: int  # evaluations of the graph the quotients took

    def to_dict(self) -> dict:
        return {
            "formula": FORMULA,
            "tolerance": TOLERANCE,
            "evaluations": self.evaluations,
            "cotangent": {str(index): value for index, value in self.cotangent.items()},
            "gradient": [{"input": name, **comparison.to_dict()} for name, comparison in self.gradient.items()],
            "seed": dict(self.seed),
            "jvp": [{"output": index, **comparison.to_dict()} for index, comparison in enumerate(self.jvp)],
        }


def evaluations_needed(graph: Graph) -> int:
    """Two per input: its column of quotients serves the gradient and the JVP alike."""
    return 2 * len(graph.inputs)


@dataclass(frozen=True)
class Quotient:
    """One difference quotient, or why there is none."""
    value: float | None
    scheme: str | None  # "central", "forward" (f(x+h) - f(x)) / h, "backward", or None
    error: float  # what rounding (and, one-sided, truncation) may have cost it
    note: str | None


Side = tuple[float, ...] | str  # the outputs' values at a point, or why there are none


def check_derivatives(graph: Graph, inputs: Point, evaluation: Evaluation, forward: ForwardMode,
                      reverse: ReverseMode) -> DerivativeCheck:
    """Compare reverse mode's gradient and forward mode's JVP at `inputs` with difference quotients."""
    outputs_at = _outputs_at(graph)
    here = tuple(evaluation.values[i] for i in graph.outputs)
    weights, seed = reverse.cotangent, forward.seed
    steps = {name: RELATIVE_STEP * max(1.0, abs(x)) for name, x in inputs.items()}
    columns = {}  # per input: one quotient per output
    for name, x in inputs.items():
        plus, minus = (_side(outputs_at, inputs, name, sign * steps[name]) for sign in (1, -1))
        columns[name] = [_quotient(here[k], _at(plus, k), _at(minus, k), steps[name]) for k in range(len(here))]

    gradient = {
        name: _compare(reverse.gradient[name], _combine([(weight, columns[name][k]) for k, weight in weights.items()]),
                       steps[name])
        for name in inputs}
    seeded = [name for name in inputs if seed[name] != 0]
    jvp_step = max((steps[name] for name in seeded), default=RELATIVE_STEP)
    jvp = tuple(_compare(forward.jvp[k], _combine([(seed[name], columns[name][k]) for name in seeded], names=seeded),
                         jvp_step)
                for k in range(len(here)))
    return DerivativeCheck(gradient, jvp, dict(weights), dict(seed), evaluations_needed(graph))


def _outputs_at(graph: Graph) -> Callable[[Point], tuple[float, ...] | None]:
    """The outputs' values at a point, or None where the point is outside the domain."""

    def outputs_at(point: Point) -> tuple[float, ...] | None:
        try:
            values = evaluate(graph, point).values
        except ExpressionError:
            return None
        return tuple(values[i] for i in graph.outputs)

    return outputs_at


def _side(outputs_at: Callable[[Point], tuple[float, ...] | None], inputs: Point, name: str, step: float) -> Side:
    moved = inputs[name] + step
    if not math.isfinite(moved):
        return "is beyond the largest double"
    values = outputs_at({**inputs, name: moved})
    return "is undefined there" if values is None else values


def _at(side: Side, k: int) -> float | str:
    return side if isinstance(side, str) else side[k]


def _quotient(here: float, plus: float | str, minus: float | str, h: float) -> Quotient:
    epsilon = sys.float_info.epsilon
    if not isinstance(plus, str) and not isinstance(minus, str):
        value = (plus - minus) / (2 * h)
        scheme, note, error = "central", None, epsilon * max(abs(plus), abs(minus)) / h
    elif not isinstance(plus, str):
        value, scheme = (plus - here) / h, "forward"
        note = f"f(x - h) {minus}: a one-sided quotient (f(x + h) - f(x)) / h, good to about h"
        error = epsilon * max(abs(plus), abs(here)) / h + h
    elif not isinstance(minus, str):
        value, scheme = (here - minus) / h, "backward"
        note = f"f(x + h) {plus}: a one-sided quotient (f(x) - f(x - h)) / h, good to about h"
        error = epsilon * max(abs(minus), abs(here)) / h + h
    else:
        reason = plus if plus == minus else f"{plus} on one side and {minus} on the other"
        return Quotient(None, None, 0.0, f"f {reason} on both sides of the point: no quotient")
    if not math.isfinite(value):
        return Quotient(None, scheme, 0.0, "the quotient overflows: f is too large near the point")
    return Quotient(value, scheme, error, note)


def _combine(terms: list[tuple[float, Quotient]], names: list[str] | None = None) -> Quotient:
    """sum of weight * quotient: the gradient's over outputs, the JVP's over inputs (named in notes)."""
    if len(terms) == 1 and terms[0][0] == 1.0:
        return terms[0][1]
    value, error, schemes, notes = 0.0, 0.0, [], []
    for index, (weight, quotient) in enumerate(terms):
        if quotient.note is not None:
            notes.append(quotient.note if names is None else f"along {names[index]}: {quotient.note}")
        if quotient.value is None:
            return Quotient(None, quotient.scheme, 0.0, "; ".join(notes))
        value += weight * quotient.value
        error += abs(weight) * quotient.error
        schemes.append(quotient.scheme)
    if not math.isfinite(value):
        return Quotient(None, None, 0.0, "the quotient overflows: f is too large near the point")
    scheme = next((s for s in schemes if s != "central"), "central")  # one-sided if any part is
    return Quotient(value, scheme, error, "; ".join(notes) or None)


def _compare(autodiff: float, quotient: Quotient, h: float) -> Comparison:
    if quotient.value is None:
        return Comparison(autodiff, None, h, quotient.scheme, None, quotient.note)
    # Differences of large values lose digits: allow for rounding, not only truncation.
    agrees = abs(quotient.value - autodiff) <= TOLERANCE * max(1.0, abs(autodiff)) + 4 * quotient.error
    note = quotient.note
    if not agrees and note is None:
        note = "the quotient differs: a kink (relu, abs) or a steep function near the point"
    return Comparison(autodiff, quotient.value, h, quotient.scheme, agrees, note)
