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
    record = tuple.__new__  # Term(...) and TangentStep(...) without the Python-level __new__: one C call
    for node, node_partials in zip(graph.nodes, evaluation.partials):
        op = node.op
        if op == INPUT:
            tangent = seed.get(node.name, 0.0)  # type: ignore[arg-type]
            terms: tuple[Term, ...] = ()
        elif op == CONSTANT:
            tangent, terms = 0.0, ()
        else:
            collected = []
            tangent = 0.0
            for operand, partial in zip(node.operands, node_partials):
                if active[operand]:
                    operand_tangent = tangents[operand]
                    product = partial * operand_tangent  # type: ignore[operator]
                    tangent += product
                    collected.append(record(Term, (operand, partial, operand_tangent, product)))
            terms = tuple(collected)
            if not math.isfinite(tangent):
                raise ExpressionError("domain", f"the tangent of {node.var} overflows a double",
                                      node.position, node.span, graph.source)
        tangents.append(tangent)
        steps.append(record(TangentStep, (node.id, tangent, terms)))
    jvp = tuple(tangents[i] for i in graph.outputs)
    return ForwardMode(dict(seed), tuple(tangents), tuple(steps), jvp)
