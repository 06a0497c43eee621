"""Forward mode: carry a tangent beside each primal value (a dual number), one direction at a time.

tangent(node) = sum over operands of  local partial x tangent(operand): a Jacobian-vector product.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import ExpressionError
from .graph import CONSTANT, INPUT, Graph
from .records import ConstantStep, SeedStep, TangentStep, TangentTerm
from .trace import Evaluation, undefined_partial

Step = SeedStep | ConstantStep | TangentStep


@dataclass(frozen=True)
class ForwardMode:
    seed: dict[str, float]
    tangents: tuple[float, ...]
    steps: tuple[Step, ...]
    jvp: tuple[float, ...]  # one per output
    operations: int  # multiply-adds: partial x tangent

    def to_dict(self) -> dict:
        return {"seed": dict(self.seed), "jvp": list(self.jvp)}


def forward_mode(graph: Graph, evaluation: Evaluation, seed: dict[str, float]) -> ForwardMode:
    """Propagate the seed direction (a tangent per input, 0 where not given) through the graph."""
    tangents: list[float] = []
    steps: list[Step] = []
    active = evaluation.active
    record = tuple.__new__  # records without the Python-level __new__ of a NamedTuple: one C call
    operations = 0
    for node, node_partials in zip(graph.nodes, evaluation.partials):
        node_id = node[0]
        if node.op == INPUT:
            tangent = seed.get(node.name, 0.0)  # type: ignore[arg-type]
            steps.append(record(SeedStep, ("forward", "seed", node_id, tangent)))
        elif node.op == CONSTANT or not active[node_id]:
            tangent = 0.0
            steps.append(record(ConstantStep, ("forward", "constant", node_id)))
        else:
            terms = []
            tangent = 0.0
            for index, (operand, partial) in enumerate(zip(node.operands, node_partials)):
                if active[operand]:
                    if partial is None:
                        raise undefined_partial(graph, evaluation, node_id, index, "forward mode")
                    product = partial * tangents[operand]
                    tangent += product
                    terms.append(record(TangentTerm, (index, product)))
            operations += len(terms)
            if not math.isfinite(tangent):
                raise ExpressionError("domain", f"the tangent of {node.var} overflows a double",
                                      node.position, node.span, graph.source)
            steps.append(record(TangentStep, ("forward", "tangent", node_id, tuple(terms))))
        tangents.append(tangent)
    jvp = tuple(tangents[i] for i in graph.outputs)
    return ForwardMode(dict(seed), tuple(tangents), tuple(steps), jvp, operations)
