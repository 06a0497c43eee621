"""The full Jacobian of R^D -> R^M two ways: D forward-mode passes (columns) or M reverse-mode
passes (rows), counting the multiply-adds each takes, so "forward mode when D << M, reverse mode
when D >> M" shows in numbers."""
from __future__ import annotations

from dataclasses import dataclass

from .forward_mode import forward_mode
from .graph import Graph
from .reverse_mode import reverse_mode
from .trace import Evaluation


@dataclass(frozen=True)
class MethodCost:
    passes: int
    operations: int  # multiply-adds: partial x tangent (forward) or adjoint x partial (reverse)


@dataclass(frozen=True)
class Jacobian:
    matrix: tuple[tuple[float, ...], ...]  # M rows (outputs) x D columns (inputs)
    outputs: tuple[str, ...]
    inputs: tuple[str, ...]
    forward_mode: MethodCost
    reverse_mode: MethodCost
    evaluation_operations: int  # primitive evaluations, shared by both methods

    def to_dict(self) -> dict:
        return {
            "matrix": [list(row) for row in self.matrix],
            "outputs": list(self.outputs),
            "inputs": list(self.inputs),
            "forward_mode": vars(self.forward_mode).copy(),
            "reverse_mode": vars(self.reverse_mode).copy(),
            "evaluation_operations": self.evaluation_operations,
            "recommended": "forward_mode" if self.forward_mode.operations < self.reverse_mode.operations
            else "reverse_mode",
        }


def output_labels(graph: Graph, width: int = 40) -> tuple[str, ...]:
    """Each output's assigned name, or its source text (shortened)."""
    labels = []
    for node_id in graph.outputs:
        node = graph.nodes[node_id]
        text = node.name or " ".join(graph.source[node.span[0]:node.span[1]].split())
        labels.append(text if len(text) <= width else text[: width - 3] + "...")
    return tuple(labels)


def passes_needed(graph: Graph) -> int:
    """D forward-mode passes and M reverse-mode passes."""
    return len(graph.inputs) + len(graph.outputs)


def jacobian_of(graph: Graph, evaluation: Evaluation) -> Jacobian:
    inputs = tuple(graph.inputs)
    columns, forward_operations = [], 0
    for name in inputs:
        forward = forward_mode(graph, evaluation, {name: 1.0})
        columns.append(forward.jvp)
        forward_operations += forward.operations
    rows, reverse_operations = [], 0
    for index in range(len(graph.outputs)):
        reverse = reverse_mode(graph, evaluation, {index: 1.0})
        rows.append(tuple(reverse.gradient[name] for name in inputs))
        reverse_operations += reverse.operations
    evaluation_operations = sum(1 for node in graph.nodes if node.operands)
    return Jacobian(
        matrix=tuple(rows),
        outputs=output_labels(graph),
        inputs=inputs,
        forward_mode=MethodCost(len(inputs), forward_operations),
        reverse_mode=MethodCost(len(graph.outputs), reverse_operations),
        evaluation_operations=evaluation_operations,
    )
