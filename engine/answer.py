"""A student's answer to a number question: text the engine's own parser reads as a constant expression
(`exp(2)/4`, `-0.5`, `1/3`, `pi/2`), judged against the expected value with one tolerance.

The text is compiled and evaluated like any program with no inputs: never eval'd, never handed to
Python's parser. A name, a malformed text or a value that is not finite is an ExpressionError with
the position in the answer where it is wrong.
"""
from __future__ import annotations

import math
from typing import NamedTuple

from .errors import ExpressionError
from .limits import Limits

# An answer is short: a number or a formula of a few operations.
ANSWER_LIMITS = Limits(max_length=200, max_nodes=400, max_depth=40)


class Tolerance(NamedTuple):
    """A number answer is right when |answer - expected| <= relative x scale + absolute, where scale is the largest magnitude among the
    numbers the expected value is made of (the value itself, or the terms of a sum). Four significant
    digits of the given numbers are enough; a sum that cancels to 0 is judged on the size of its terms."""
    relative: float
    absolute: float

    def allows(self, answer: float, expected: float, scale: float) -> bool:
        return abs(answer - expected) <= self.relative * max(abs(expected), scale) + self.absolute


TOLERANCE = Tolerance(relative=5e-4, absolute=1e-9)
# What a number answer may be, said under its field.
ANSWER_HINT = (f"Any constant expression: 1/3, -0.5, exp(2)/4, sqrt(2)/2. Within {TOLERANCE.relative * 100:g}% of "
               f"the answer: four significant digits are enough.")


def answer_value(text: object) -> float:
    """The value of an answer written as a constant expression in the engine's language."""
    from . import compile_graph  # the engine's entry point: its limits, its parser, its graph
    from .evaluate import evaluate
    if not isinstance(text, str):
        raise ExpressionError("syntax", "the answer must be text, such as 0.5, 1/3 or exp(2)/4")
    if not text.strip():
        raise ExpressionError("syntax", "the answer is empty: type a number, such as 0.5, 1/3 or exp(2)/4",
                              0, (0, len(text)), text)
    try:
        graph = compile_graph(text, limits=ANSWER_LIMITS)
    except ExpressionError as error:
        if error.kind == "limit":  # the answer's own bound, not a server setting
            error.message, error.limit = f"the answer is too big: {error.message}", "answer"
            error.args = (error.message,)
        raise
    if graph.inputs:
        name, node_id = next(iter(graph.inputs.items()))
        span = graph.nodes[node_id].span
        raise ExpressionError("unknown_input", (
            f"'{name}' is a name, but an answer is a number: write its value (numbers, pi, e and functions "
            f"such as exp(2)/4 are allowed)"), span[0], span, text)
    if len(graph.outputs) != 1:
        second = graph.nodes[graph.outputs[1]].span
        raise ExpressionError("syntax", f"an answer is one number, but this gives {len(graph.outputs)}",
                              second[0], second, text)
    value = evaluate(graph, {}).values[graph.outputs[0]]
    if not math.isfinite(value):  # evaluation refuses infinities; a guard all the same
        raise ExpressionError("domain", "the answer is not a finite number", 0, (0, len(text)), text)
    return value
