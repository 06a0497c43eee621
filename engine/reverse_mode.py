"""Reverse mode (backpropagation): seed the output's adjoint, then sweep in reverse topological order.

For each node and each operand:  adjoint(operand) += adjoint(node) x local partial.
A node used on two branches receives two contributions; the sum is its adjoint. The result is a
vector-Jacobian product: the gradient when one output is seeded with 1.
"""
from __future__ import annotations

import math

from .errors import ExpressionError
from .graph import Graph
from .trace import AdjointStep, Evaluation, ReverseMode


def reverse_mode(graph: Graph, evaluation: Evaluation, cotangent: dict[int, float]) -> ReverseMode:
    nodes = graph.nodes
    active = evaluation.active
    all_partials = evaluation.partials
    adjoints = [0.0] * len(nodes)
    # Only nodes upstream of a seeded output receive anything: skip the rest of the graph.
    relevant = [False] * len(nodes)
    for index, value in cotangent.items():
        node_id = graph.outputs[index]
        adjoints[node_id] += value
        if value != 0:
            relevant[node_id] = True
    steps: list[AdjointStep] = []
    append = steps.append
    make_step = tuple.__new__  # AdjointStep(...) without the Python-level __new__: one C call
    for node_id in range(len(nodes) - 1, -1, -1):
        if not relevant[node_id] or not active[node_id]:
            continue
        node = nodes[node_id]
        adjoint = adjoints[node_id]
        node_partials = all_partials[node_id]
        for k, operand in enumerate(node.operands):
            if not active[operand]:
                continue
            relevant[operand] = True
            partial = node_partials[k]
            contribution = adjoint * partial  # type: ignore[operator]
            before = adjoints[operand]
            after = before + contribution
            adjoints[operand] = after
            append(make_step(AdjointStep, (node_id, operand, k, adjoint, partial, contribution, before, after)))
    if not all(map(math.isfinite, adjoints)):
        node = next(node for node, adjoint in zip(nodes, adjoints) if not math.isfinite(adjoint))
        raise ExpressionError("domain", f"the adjoint of {node.var} overflows a double",
                              node.position, node.span, graph.source)
    gradient = {name: adjoints[node_id] for name, node_id in graph.inputs.items()}
    shown = tuple([adjoint if is_active else None for adjoint, is_active in zip(adjoints, active)])
    return ReverseMode(dict(cotangent), shown, tuple(steps), gradient)
