"""The full Hessian of one output, by D Hessian-vector products: H e_1, ..., H e_D are its columns.

Each HVP is a forward-mode pass along e_j and a reverse pass over the dual numbers it made
(engine/hvp.py), so the Hessian takes 2D passes after one evaluation, and the multiply-adds of each
are counted as the Jacobian counts its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from .forward_mode import forward_mode
from .graph import Graph
from .hvp import hessian_vector_product
from .jacobian import output_labels
from .trace import Evaluation


@dataclass(frozen=True)
class Hessian:
    inputs: tuple[str, ...]
    output: int  # the output index differentiated
    output_label: str
    matrix: tuple[tuple[float, ...], ...]  # D x D: d²f / d(input i) d(input j)
    gradient: dict[str, float]
    hvps: int  # Hessian-vector products taken: one per input
    passes: int  # each HVP: one forward-mode pass and one reverse pass over dual numbers
    operations: int  # multiply-adds of all those passes
    evaluation_operations: int  # primitive evaluations, once, shared by every pass

    def to_dict(self) -> dict:
        return {
            "inputs": list(self.inputs),
            "output": self.output,
            "output_label": self.output_label,
            "matrix": [list(row) for row in self.matrix],
            "gradient": dict(self.gradient),
            "hvps": self.hvps,
            "passes": self.passes,
            "operations": self.operations,
            "evaluation_operations": self.evaluation_operations,
        }


def passes_needed(graph: Graph) -> int:
    """Two passes per input: forward mode along e_j, then reverse mode over its dual numbers."""
    return 2 * len(graph.inputs)


def hessian_of(graph: Graph, evaluation: Evaluation, output: int) -> Hessian:
    inputs = tuple(graph.inputs)
    columns, operations, gradient = [], 0, {name: 0.0 for name in inputs}
    for name in inputs:
        forward = forward_mode(graph, evaluation, {other: 1.0 if other == name else 0.0 for other in inputs})
        product = hessian_vector_product(graph, evaluation, forward, {output: 1.0})
        columns.append(tuple(product.result[other] for other in inputs))
        operations += forward.operations + product.operations
        gradient = product.gradient
    return Hessian(
        inputs=inputs,
        output=output,
        output_label=output_labels(graph)[output],
        matrix=tuple(tuple(column[i] for column in columns) for i in range(len(inputs))),
        gradient=gradient,
        hvps=len(inputs),
        passes=passes_needed(graph),
        operations=operations,
        evaluation_operations=sum(1 for node in graph.nodes if node.operands),
    )
