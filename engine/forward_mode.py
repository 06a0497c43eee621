"""Forward mode: carry a tangent beside each primal value (a dual number), one direction at a time.

tangent(node) = sum over operands of  local partial x tangent(operand): a Jacobian-vector product.
"""
from __future__ import annotations

import math

from .errors import ExpressionError
from .graph import CONSTANT, INPUT, Graph
from .trace import Evaluation, ForwardMode, TangentStep, Term


def forward_mode(graph: Graph, evaluation: Evaluation, seed: dict[str, float]) -> ForwardMode:
    """Propagate the seed direction (a tangent per input, 0 where not given) through the graph."""
    tangents: list[float] = []
    steps: list[TangentStep] = []
    active = evaluation.active
    for node in graph.nodes:
        if node.op == INPUT:
            tangent = seed.get(node.name, 0.0)  # type: ignore[arg-type]
            terms: tuple[Term, ...] = ()
        elif node.op == CONSTANT:
            tangent, terms = 0.0, ()
        else:
            node_partials = evaluation.partials[node.id]
            collected = []
            tangent = 0.0
            for k, operand in enumerate(node.operands):
                if active[operand]:
                    partial = node_partials[k]
                    product = partial * tangents[operand]  # type: ignore[operator]
                    tangent += product
                    collected.append(Term(operand, partial, tangents[operand], product))  # type: ignore[arg-type]
            terms = tuple(collected)
            if not math.isfinite(tangent):
                raise ExpressionError("domain", f"the tangent of {node.var} overflows a double",
                                      node.position, node.span, graph.source)
        tangents.append(tangent)
        steps.append(TangentStep(node.id, tangent, terms))
    jvp = tuple(tangents[i] for i in graph.outputs)
    return ForwardMode(dict(seed), tuple(tangents), tuple(steps), jvp)
