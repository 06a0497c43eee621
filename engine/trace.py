"""The record of a run: immutable, plain data. `Trace.to_dict()` is the JSON the API serves."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .graph import Graph

# Step records are NamedTuples: immutable like frozen dataclasses, and cheap enough to make one per
# edge of a 100,000-node graph.


class NodeWarning(NamedTuple):
    node: int
    message: str


class EvaluationStep(NamedTuple):
    """Evaluation of one node: its primal value and its cached local partials, one per operand."""
    node: int
    value: float
    partials: tuple[float | None, ...]  # None: not needed (a constant operand) and not defined


class Term(NamedTuple):
    """One summand of a tangent: local partial x the operand's tangent."""
    operand: int
    partial: float
    tangent: float
    product: float


class TangentStep(NamedTuple):
    """Forward mode at one node: its tangent, the sum of its terms (the node's dual number is (value, tangent))."""
    node: int
    tangent: float
    terms: tuple[Term, ...]


class AdjointStep(NamedTuple):
    """One reverse-mode update: operand adjoint += node adjoint x local partial."""
    node: int
    operand: int
    operand_index: int
    adjoint: float  # the node's adjoint, final when this step runs
    partial: float
    contribution: float
    before: float
    after: float


@dataclass(frozen=True)
class Evaluation:
    """The evaluation (forward pass): primal values and cached local partials, in topological order."""
    values: tuple[float, ...]
    partials: tuple[tuple[float | None, ...], ...]
    active: tuple[bool, ...]  # True where the node depends on an input (needs a tangent/adjoint)
    warnings: tuple[NodeWarning, ...]

    @property
    def steps(self) -> tuple[EvaluationStep, ...]:
        return tuple(EvaluationStep(i, v, p) for i, (v, p) in enumerate(zip(self.values, self.partials)))


@dataclass(frozen=True)
class ForwardMode:
    seed: dict[str, float]
    tangents: tuple[float, ...]
    steps: tuple[TangentStep, ...]
    jvp: tuple[float, ...]  # one per output


@dataclass(frozen=True)
class ReverseMode:
    cotangent: dict[int, float]  # output index -> seed adjoint
    adjoints: tuple[float | None, ...]  # None where the node is a constant (it needs no adjoint)
    steps: tuple[AdjointStep, ...]
    gradient: dict[str, float]  # the VJP: cotangent^T J, one entry per input


@dataclass(frozen=True)
class Trace:
    graph: Graph
    inputs: dict[str, float]
    mode: str
    evaluation: Evaluation
    forward_mode: ForwardMode | None
    reverse_mode: ReverseMode | None

    @property
    def outputs(self) -> tuple[int, ...]:
        return self.graph.outputs

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(self.evaluation.values[i] for i in self.graph.outputs)

    def to_dict(self) -> dict:
        """The JSON record of the run. It runs once per node and once per edge of every traced graph,
        so each record is a dict literal and each section one pass over plain tuples."""
        from .ops import PRIMITIVES
        graph, evaluation = self.graph, self.evaluation
        count = len(graph.nodes)
        absent = (None,) * count  # the tangents or adjoints of a mode that did not run
        tangents = self.forward_mode.tangents if self.forward_mode else absent
        adjoints = self.reverse_mode.adjoints if self.reverse_mode else absent
        variables = graph.variables()
        display = graph.display_names(variables)
        nodes = []
        append = nodes.append
        for node, value, active, partials, tangent, adjoint in zip(
                graph.nodes, evaluation.values, evaluation.active, evaluation.partials, tangents, adjoints):
            node_id, op, operands, span, position, label, name, _ = node
            primitive = PRIMITIVES.get(op)
            if primitive is None:
                definition, formulas = label, []
            elif len(operands) == 1:  # unary and binary spelled out, as in evaluate(): no loop per node
                (a,) = operands
                definition = primitive.expression((variables[a],))
                formulas = primitive.partial_formulas((display[a],))
            else:
                a, b = operands
                definition = primitive.expression((variables[a], variables[b]))
                formulas = primitive.partial_formulas((display[a], display[b]))
            append({
                "id": node_id,
                "var": variables[node_id],
                "op": op,
                "label": label,
                "name": name,
                "operands": list(operands),
                "definition": definition,
                "span": list(span),
                "position": position,
                "value": value,
                "active": active,
                "partials": list(partials),
                "partial_formulas": formulas,
                "tangent": tangent,
                "adjoint": adjoint,
            })
        return {
            "expression": graph.source,
            "inputs": dict(self.inputs),
            "outputs": list(graph.outputs),
            "output_values": list(self.values),
            "mode": self.mode,
            "nodes": nodes,
            "evaluation": [
                {"node": i, "value": v, "partials": list(p)}
                for i, (v, p) in enumerate(zip(evaluation.values, evaluation.partials))
            ],
            "forward_mode": _forward_dict(self.forward_mode) if self.forward_mode else None,
            "reverse_mode": _reverse_dict(self.reverse_mode, graph) if self.reverse_mode else None,
            "warnings": [{"node": w.node, "message": w.message} for w in evaluation.warnings],
        }


# The records below spell out the fields of Term and AdjointStep, in order (a test checks they match):
# a dict literal is twice as fast as dict(zip(fields, record)).

def _forward_dict(forward: ForwardMode) -> dict:
    steps = []
    for node, tangent, terms in forward.steps:
        records = []  # a loop, not a comprehension: in Python 3.11 a comprehension is a function call
        for operand, partial, operand_tangent, product in terms:
            records.append({"operand": operand, "partial": partial, "tangent": operand_tangent, "product": product})
        steps.append({"node": node, "tangent": tangent, "terms": records})
    return {"seed": dict(forward.seed), "steps": steps, "jvp": list(forward.jvp)}


def _reverse_dict(reverse: ReverseMode, graph: Graph) -> dict:
    return {
        "cotangent": {str(k): v for k, v in reverse.cotangent.items()},
        "seed": [{"node": node, "adjoint": value} for node, value in seed_adjoints(reverse, graph).items()],
        "steps": [
            {"node": node, "operand": operand, "operand_index": operand_index, "adjoint": adjoint,
             "partial": partial, "contribution": contribution, "before": before, "after": after}
            for node, operand, operand_index, adjoint, partial, contribution, before, after in reverse.steps
        ],
        "gradient": dict(reverse.gradient),
    }


def seed_adjoints(reverse: ReverseMode, graph: Graph) -> dict[int, float]:
    """The adjoints the sweep starts from: output node -> its cotangent (summed if listed twice)."""
    seeded: dict[int, float] = {}
    for index, value in reverse.cotangent.items():
        node = graph.outputs[index]
        seeded[node] = seeded.get(node, 0.0) + value
    return seeded
