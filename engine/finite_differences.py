"""The finite-difference check: autodiff's derivatives beside difference quotients of the evaluation.

Automatic differentiation is exact up to rounding; a difference quotient only approximates, but it
needs nothing but values, so agreement is the classic sanity check of a gradient. For each input x_i
the gradient entry (reverse mode, of the cotangent-weighted outputs c . f) is compared with

    (c.f(x + h e_i) - c.f(x - h e_i)) / 2h,    h = 1e-5 max(1, |x_i|)

and the JVP along the seed s (forward mode, per output) with (f(x + h s) - f(x - h s)) / 2h,
h = 1e-5 max(1, max|x|) / max|s|. Where one side is outside the domain (sqrt(x) at x = 0), the other
side and f(x) give a one-sided quotient; where both are, there is no quotient. The check costs
2D + 2 evaluations, so it is bounded by the same work limit as the Jacobian.
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
FORMULA = "(f(x + h) - f(x - h)) / 2h with h = 1e-5 max(1, |x|)"

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
    """Two per input for the gradient, two along the seed for the JVP."""
    return 2 * len(graph.inputs) + 2


def check_derivatives(graph: Graph, inputs: Point, evaluation: Evaluation, forward: ForwardMode,
                      reverse: ReverseMode) -> DerivativeCheck:
    """Compare reverse mode's gradient and forward mode's JVP at `inputs` with difference quotients."""
    outputs_at = _outputs_at(graph)
    here = tuple(evaluation.values[i] for i in graph.outputs)
    weights = reverse.cotangent

    def weighted(values: tuple[float, ...] | None) -> float | None:
        return None if values is None else sum(weight * values[index] for index, weight in weights.items())

    gradient = {}
    for name, x in inputs.items():
        h = RELATIVE_STEP * max(1.0, abs(x))
        plus, minus = (weighted(outputs_at({**inputs, name: x + sign * h})) for sign in (1, -1))
        gradient[name] = _compare(reverse.gradient[name], weighted(here), plus, minus, h)

    size = max((abs(v) for v in forward.seed.values()), default=0.0)
    h = RELATIVE_STEP * max([1.0, *map(abs, inputs.values())]) / size if size > 0 else RELATIVE_STEP
    plus, minus = (outputs_at({name: x + sign * h * forward.seed[name] for name, x in inputs.items()})
                   for sign in (1, -1))
    jvp = tuple(_compare(forward.jvp[k], here[k], None if plus is None else plus[k],
                         None if minus is None else minus[k], h) for k in range(len(graph.outputs)))
    return DerivativeCheck(gradient, jvp, dict(weights), dict(forward.seed), evaluations_needed(graph))


def _outputs_at(graph: Graph) -> Callable[[Point], tuple[float, ...] | None]:
    """The outputs' values at a point, or None where the point is outside the domain."""

    def outputs_at(point: Point) -> tuple[float, ...] | None:
        try:
            values = evaluate(graph, point).values
        except ExpressionError:
            return None
        return tuple(values[i] for i in graph.outputs)

    return outputs_at


def _compare(autodiff: float, here: float, plus: float | None, minus: float | None, h: float) -> Comparison:
    if plus is not None and minus is not None:
        quotient, scheme, note = (plus - minus) / (2 * h), "central", None
        rounding = sys.float_info.epsilon * max(abs(plus), abs(minus)) / h
    elif plus is not None:
        quotient, scheme = (plus - here) / h, "forward"
        note = "f(x - h) is undefined there: a one-sided quotient (f(x + h) - f(x)) / h, good to about h"
        rounding = sys.float_info.epsilon * max(abs(plus), abs(here)) / h + h
    elif minus is not None:
        quotient, scheme = (here - minus) / h, "backward"
        note = "f(x + h) is undefined there: a one-sided quotient (f(x) - f(x - h)) / h, good to about h"
        rounding = sys.float_info.epsilon * max(abs(minus), abs(here)) / h + h
    else:
        return Comparison(autodiff, None, h, None, None, "f is undefined on both sides of the point: no quotient")
    if not math.isfinite(quotient):
        return Comparison(autodiff, None, h, scheme, None, "the quotient overflows: f is too large near the point")
    # Differences of large values lose digits: allow for rounding, not only truncation.
    agrees = abs(quotient - autodiff) <= TOLERANCE * max(1.0, abs(autodiff)) + 4 * rounding
    if not agrees and note is None:
        note = "the quotient differs: a kink (relu, abs) or a steep function near the point"
    return Comparison(autodiff, quotient, h, scheme, agrees, note)
