"""Reverse mode (backpropagation): seed the output's adjoint, then sweep in reverse topological order.

For each node and each operand:  adjoint(operand) += adjoint(node) x local partial.
A node used on two branches receives two contributions; the sum is its adjoint. The result is a
vector-Jacobian product: the gradient when one output is seeded with 1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .collector import collector_paused
from .errors import ExpressionError
from .graph import Graph
from .records import AdjointSeed, AdjointStep, CotangentStep
from .trace import Evaluation, undefined_partial

Step = CotangentStep | AdjointStep


@dataclass(frozen=True)
class ReverseMode:
    cotangent: dict[int, float]  # output index -> seed adjoint
    adjoints: tuple[float | None, ...]  # None where the node is a constant (it needs no adjoint)
    steps: tuple[Step, ...]
    gradient: dict[str, float]  # the VJP: cotangent^T J, one entry per input
    contributions: tuple[int, ...]  # how many contributions each node's adjoint received
    operations: int  # multiply-adds: adjoint x partial, one per edge crossed

    def to_dict(self) -> dict:
        return {"cotangent": {str(k): v for k, v in self.cotangent.items()}, "gradient": dict(self.gradient)}


def seed_adjoints(graph: Graph, cotangent: dict[int, float]) -> dict[int, float]:
    """The adjoints the sweep starts from: output node -> its cotangent (summed if listed twice)."""
    seeded: dict[int, float] = {}
    for index, value in cotangent.items():
        node = graph.outputs[index]
        seeded[node] = seeded.get(node, 0.0) + value
    return seeded


def reverse_mode(graph: Graph, evaluation: Evaluation, cotangent: dict[int, float]) -> ReverseMode:
    with collector_paused:  # the records are acyclic: collections would free nothing (see collector.py)
        return _sweep(graph, evaluation, cotangent)


def _sweep(graph: Graph, evaluation: Evaluation, cotangent: dict[int, float]) -> ReverseMode:
    nodes = graph.nodes
    active = evaluation.active
    all_partials = evaluation.partials
    adjoints = [0.0] * len(nodes)
    seeded = seed_adjoints(graph, cotangent)
    # Only nodes upstream of a seeded output receive anything: the sweep visits those alone, finding
    # the next one down with bytearray.rfind (a scan in C), so its cost follows them, not the graph.
    relevant = bytearray(len(nodes))
    for node_id, value in seeded.items():
        adjoints[node_id] = value
        relevant[node_id] = value != 0
    make = tuple.__new__  # records without the Python-level __new__ of a NamedTuple: one C call
    seeds = tuple(make(AdjointSeed, item) for item in seeded.items())
    steps: list[Step] = [make(CotangentStep, ("reverse", "cotangent", seeds[0].node, seeds))] if seeds else []
    append = steps.append
    counted = [0] * len(nodes)  # contributions each node has received so far
    node_id = relevant.rfind(1)
    while node_id >= 0:
        if active[node_id]:
            adjoint = adjoints[node_id]
            node_partials = all_partials[node_id]
            for k, operand in enumerate(nodes[node_id][2]):  # Node.operands
                if not active[operand]:
                    continue
                relevant[operand] = 1
                partial = node_partials[k]
                if partial is None:
                    raise undefined_partial(graph, evaluation, node_id, k, "reverse mode")
                contribution = adjoint * partial
                after = adjoints[operand] + contribution
                adjoints[operand] = after
                count = counted[operand] + 1
                counted[operand] = count
                append(make(AdjointStep, ("reverse", "adjoint", node_id, k, contribution, after, count)))
        node_id = relevant.rfind(1, 0, node_id)
    if not math.isfinite(sum(adjoints)):  # finite unless one is infinite or NaN (or the sum overflows)
        node = next((node for node, adjoint in zip(nodes, adjoints) if not math.isfinite(adjoint)), None)
        if node is not None:
            raise ExpressionError("domain", f"the adjoint of {node.var} overflows a double",
                                  node.position, node.span, graph.source)
    gradient = {name: adjoints[node_id] for name, node_id in graph.inputs.items()}
    for node_id in evaluation.inactive:  # a node that depends on no input has no adjoint
        adjoints[node_id] = None  # type: ignore[call-overload]
    shown = tuple(adjoints)
    return ReverseMode(dict(cotangent), shown, tuple(steps), gradient, tuple(counted), len(steps) - len(seeds[:1]))
