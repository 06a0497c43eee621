"""The Hessian-vector product: reverse mode over forward mode (Pearlmutter 1994), as JAX's jvp of grad.

Forward mode along the direction v has given every node a dual number: its value and its tangent. This
pass runs reverse mode on those dual numbers. Every local partial is then a dual number p + ṗε, whose
tangent is  ṗ = sum over operands k of  d²(node)/d(operand)d(operand k) x tangent(operand k),  the
second partials coming from the primitive table's rules differentiated by the table itself
(engine/rules.py: SECOND_PARTIALS). So every adjoint becomes a dual number ā + ā̇ε:

    ā(operand)  += ā(node) x p
    ā̇(operand)  += ā̇(node) x p + ā(node) x ṗ        (the product rule, on the dual numbers)

ā is reverse mode's adjoint, unchanged; ā̇, the second-order adjoint, is at the inputs the Hessian of
the cotangent-weighted outputs times v: H·v, in two passes, a constant multiple of a gradient's work
whatever the number of inputs (forming H takes one such product per input).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import ExpressionError
from .forward_mode import ForwardMode
from .graph import Graph
from .records import AdjointSeed, DualAdjointStep, DualCotangentStep
from .reverse_mode import seed_adjoints
from .rules import SECOND_PARTIAL_FORMULAS, SECOND_PARTIALS
from .trace import Evaluation, undefined_partial

Step = DualCotangentStep | DualAdjointStep
_MATH_ERRORS = (OverflowError, ValueError, ZeroDivisionError)


@dataclass(frozen=True)
class HessianVectorProduct:
    direction: dict[str, float]  # v, one tangent per input (forward mode's seed)
    cotangent: dict[int, float]  # output index -> seed adjoint
    adjoints: tuple[float | None, ...]  # ā: reverse mode's adjoints; None for a constant
    adjoint_tangents: tuple[float | None, ...]  # ā̇: their tangents along v; None for a constant
    steps: tuple[Step, ...]
    gradient: dict[str, float]  # ā at the inputs
    result: dict[str, float]  # ā̇ at the inputs: H·v
    operations: int  # multiply-adds: adjoint x partial, two for its tangent, one per second partial used
    contributions: tuple[int, ...] = ()  # how many contributions each node's adjoint received

    def to_dict(self) -> dict:
        return {"direction": dict(self.direction), "cotangent": {str(k): v for k, v in self.cotangent.items()},
                "gradient": dict(self.gradient), "result": dict(self.result)}


def _second_partial(graph: Graph, evaluation: Evaluation, node_id: int, first: int, second: int) -> float:
    """d²(node)/d(operand first)d(operand second) at the evaluated point, or a domain error naming it."""
    node = graph.nodes[node_id]
    args = tuple(evaluation.values[operand] for operand in node.operands)
    try:
        value = SECOND_PARTIALS[node.op][first][second](*args, evaluation.values[node_id])
    except _MATH_ERRORS:
        value = math.inf
    if not math.isfinite(value):
        formula = SECOND_PARTIAL_FORMULAS[node.op][first][second].text.replace("$", "")
        raise ExpressionError("domain", (
            f"the HVP needs the second partial of {node.var} = {node.op}({', '.join('ab'[:len(args)])}) with respect "
            f"to operands {'ab'[first]} and {'ab'[second]}, {formula}, which is not a finite number at "
            f"({', '.join(f'{a:.6g}' for a in args)})"), node.position, node.span, graph.source)
    return value


def hessian_vector_product(graph: Graph, evaluation: Evaluation, forward: ForwardMode,
                           cotangent: dict[int, float]) -> HessianVectorProduct:
    """Reverse mode over the dual numbers (value, tangent) that forward mode along v computed."""
    nodes = graph.nodes
    active = evaluation.active
    tangents = forward.tangents
    adjoints = [0.0] * len(nodes)
    adjoint_tangents = [0.0] * len(nodes)
    received = [0] * len(nodes)
    relevant = [False] * len(nodes)  # upstream of a seeded output: only these receive anything
    seeded = seed_adjoints(graph, cotangent)
    for node_id, value in seeded.items():
        adjoints[node_id] = value
        relevant[node_id] = value != 0
    updates = []
    operations = 0
    for node_id in range(len(nodes) - 1, -1, -1):
        if not relevant[node_id] or not active[node_id]:
            continue
        adjoint, adjoint_tangent = adjoints[node_id], adjoint_tangents[node_id]
        operands = nodes[node_id].operands
        for k, operand in enumerate(operands):
            if not active[operand]:
                continue
            relevant[operand] = True
            partial = evaluation.partials[node_id][k]
            if partial is None:
                raise undefined_partial(graph, evaluation, node_id, k, "the HVP")
            second_partials = tuple(_second_partial(graph, evaluation, node_id, k, j) if active[other] else None
                                    for j, other in enumerate(operands))
            partial_tangent = sum(second * tangents[other]
                                  for second, other in zip(second_partials, operands) if second is not None)
            contribution = adjoint * partial
            tangent_contribution = adjoint_tangent * partial + adjoint * partial_tangent
            adjoints[operand] += contribution
            adjoint_tangents[operand] += tangent_contribution
            received[operand] += 1
            operations += 3 + sum(second is not None for second in second_partials)
            updates.append((node_id, k, operand, second_partials, partial_tangent, adjoint_tangent, contribution,
                            adjoints[operand], tangent_contribution, adjoint_tangents[operand]))
    for values, what in ((adjoints, "adjoint"), (adjoint_tangents, "tangent of the adjoint")):
        if not all(map(math.isfinite, values)):
            node = next(node for node, value in zip(nodes, values) if not math.isfinite(value))
            raise ExpressionError("domain", f"the {what} of {node.var} overflows a double",
                                  node.position, node.span, graph.source)
    seeds = tuple(AdjointSeed(node, value) for node, value in seeded.items())
    steps: list[Step] = [DualCotangentStep("hvp", "hvp_cotangent", seeds[0].node, seeds)] if seeds else []
    counted = [0] * len(nodes)
    for node_id, k, operand, *numbers in updates:
        counted[operand] += 1
        (second_partials, partial_tangent, adjoint_tangent, contribution, after, tangent_contribution,
         tangent_after) = numbers
        steps.append(DualAdjointStep("hvp", "hvp_adjoint", node_id, k, second_partials, partial_tangent,
                                     adjoint_tangent, contribution, after, tangent_contribution, tangent_after,
                                     counted[operand]))
    direction = dict(forward.seed)
    return HessianVectorProduct(
        direction, dict(cotangent),
        tuple(value if is_active else None for value, is_active in zip(adjoints, active)),
        tuple(value if is_active else None for value, is_active in zip(adjoint_tangents, active)),
        tuple(steps),
        {name: adjoints[node_id] for name, node_id in graph.inputs.items()},
        {name: adjoint_tangents[node_id] for name, node_id in graph.inputs.items()},
        operations, tuple(received))
