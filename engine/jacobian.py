"""The full Jacobian of R^D -> R^M two ways: D forward-mode passes (columns) or M reverse-mode
passes (rows), counting the multiply-adds each takes, so "forward mode when D << M, reverse mode
when D >> M" shows in numbers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .bracketing import (FACTORS_NOTE, Factor, Method, entry_notation, forward_chain, input_notation, layer_count,
                         output_notation, reason, reverse_chain, summary, unit_vector, written_factors)
from .forward_mode import forward_mode
from .graph import Graph
from .notation import Notation
from .records import record_dict
from .reverse_mode import reverse_mode
from .trace import Evaluation

FORWARD, REVERSE = "forward_mode", "reverse_mode"
LABELS = {FORWARD: "forward mode", REVERSE: "reverse mode"}


class JacobianPass(NamedTuple):
    """One pass of one method: the unit vector it starts from, and the column (forward mode, J e_j) or
    row (reverse mode, e_iᵀ J) of the Jacobian it gives."""
    index: int  # the column j (forward mode) or row i (reverse mode) it gives
    seed: Notation  # e_x (forward mode: the inputs' tangents) or e_y (reverse mode: the outputs' adjoints)
    vector: tuple[float, ...]  # that column (M entries) or row (D entries)
    operations: int  # its multiply-adds
    bracketing: Notation  # J e_x = J_L(...(J_1 e_x)), or e_yᵀ J = ((e_yᵀ J_L)...)J_1


@dataclass(frozen=True)
class MethodCost:
    passes: int
    operations: int  # multiply-adds: partial x tangent (forward) or adjoint x partial (reverse)
    each_pass: tuple[JacobianPass, ...] = ()
    bracketing: Notation | None = None  # over a general seed: J ẋ = ..., or ȳᵀ J = ...
    gives: str = ""  # what each pass gives: "column" (forward mode) or "row" (reverse mode)
    summary: str = ""  # the passes in a sentence

    def to_dict(self) -> dict:
        return {"passes": self.passes, "operations": self.operations, "gives": self.gives, "summary": self.summary,
                "each_pass": [record_dict(one) for one in self.each_pass],
                "bracketing": self.bracketing._asdict() if self.bracketing else None}


@dataclass(frozen=True)
class Jacobian:
    matrix: tuple[tuple[float, ...], ...]  # M rows (outputs) x D columns (inputs)
    outputs: tuple[str, ...]
    inputs: tuple[str, ...]
    forward_mode: MethodCost
    reverse_mode: MethodCost
    evaluation_operations: int  # primitive evaluations, shared by both methods
    input_notation: tuple[Notation, ...] = ()  # each input as a formula writes it
    output_notation: tuple[Notation, ...] = ()  # each output's value as a formula writes it
    layers: int = 0  # L: the operations, one Jacobian factor J_k each
    factors: tuple[Factor, ...] = ()  # the factors the bracketings write out, each with its node

    @property
    def recommended(self) -> str:
        return FORWARD if self.forward_mode.operations < self.reverse_mode.operations else REVERSE

    def entries(self) -> list[list[dict]]:
        """Each entry's name, ∂y/∂x, in the matrix's layout."""
        return [[entry_notation(output, input)._asdict() for input in self.input_notation]
                for output in self.output_notation]

    def reason(self) -> str:
        methods = {name: Method(name, LABELS[name], cost.passes, cost.operations)
                   for name, cost in ((FORWARD, self.forward_mode), (REVERSE, self.reverse_mode))}
        return reason(len(self.inputs), len(self.outputs), methods[FORWARD], methods[REVERSE], self.recommended)

    def to_dict(self) -> dict:
        return {
            "matrix": [list(row) for row in self.matrix],
            "outputs": list(self.outputs),
            "inputs": list(self.inputs),
            "forward_mode": self.forward_mode.to_dict(),
            "reverse_mode": self.reverse_mode.to_dict(),
            "evaluation_operations": self.evaluation_operations,
            "recommended": self.recommended,
            "reason": self.reason(),
            "input_notation": [written._asdict() for written in self.input_notation],
            "output_notation": [written._asdict() for written in self.output_notation],
            "entries": self.entries(),
            "layers": self.layers,
            "factors": [record_dict(one) for one in self.factors],
            "factors_note": FACTORS_NOTE,
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
    inputs_written, outputs_written = input_notation(graph), output_notation(graph)
    layers = layer_count(graph)
    columns: list[JacobianPass] = []
    for index, (name, written) in enumerate(zip(inputs, inputs_written)):
        forward = forward_mode(graph, evaluation, {name: 1.0})
        seed = unit_vector(written)
        columns.append(JacobianPass(index, seed, forward.jvp, forward.operations, forward_chain(layers, seed)))
    rows: list[JacobianPass] = []
    for index, written in enumerate(outputs_written):
        reverse = reverse_mode(graph, evaluation, {index: 1.0})
        cotangent = unit_vector(written)
        rows.append(JacobianPass(index, cotangent, tuple(reverse.gradient[name] for name in inputs),
                                 reverse.operations, reverse_chain(layers, cotangent)))
    return Jacobian(
        matrix=tuple(row.vector for row in rows),
        outputs=output_labels(graph),
        inputs=inputs,
        forward_mode=MethodCost(len(inputs), sum(one.operations for one in columns), tuple(columns),
                                forward_chain(layers, Notation("ẋ", r"\dot{x}")), "column", summary(len(inputs), "column")),
        reverse_mode=MethodCost(len(graph.outputs), sum(one.operations for one in rows), tuple(rows),
                                reverse_chain(layers, Notation("ȳ", r"\bar{y}")), "row", summary(len(graph.outputs), "row")),
        evaluation_operations=layers,  # primitive evaluations: one per operation
        input_notation=inputs_written,
        output_notation=outputs_written,
        layers=layers,
        factors=written_factors(graph),
    )
