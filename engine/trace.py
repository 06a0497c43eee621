"""The record of a run: immutable, plain data. `Trace.to_dict()` is the JSON the API serves.

One ordered list of steps across all passes (replay order), and one record per node holding what
every step of it refers to: its value and cached local partials, its final tangent and adjoint, how
many times it is used, and its notation. No list repeats another.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from .collector import collector_paused
from .errors import ExpressionError
from .graph import Graph
from .notation import node_notation
from .records import EvaluateStep, NodeRecord, record_dict


class NodeWarning(NamedTuple):
    node: int
    message: str


@dataclass(frozen=True)
class Evaluation:
    """The evaluation (forward pass): primal values and cached local partials, in topological order."""
    values: tuple[float, ...]
    partials: tuple[tuple[float | None, ...], ...]  # None: not needed (a constant operand), or undefined
    active: tuple[bool, ...]  # True where the node depends on an input (needs a tangent/adjoint)
    warnings: tuple[NodeWarning, ...]
    inactive: tuple[int, ...]  # the nodes that depend on no input, in order: those not active

    @property
    def steps(self) -> tuple[EvaluateStep, ...]:
        make = tuple.__new__
        return tuple([make(EvaluateStep, ("evaluation", "evaluate", i)) for i in range(len(self.values))])


def undefined_partial(graph: Graph, evaluation: Evaluation, node_id: int, index: int, mode: str) -> ExpressionError:
    """The domain error of a mode that needs a local partial that evaluation found undefined."""
    from .evaluate import no_derivative_message  # evaluation words the message; the modes raise it
    node = graph.nodes[node_id]
    args = tuple(evaluation.values[operand] for operand in node.operands)
    return ExpressionError("domain", f"{mode} needs it, but {no_derivative_message(node.op, index, args)}",
                           node.position, node.span, graph.source)


class FilledInputs(NamedTuple):
    """What `fill_inputs` did: inputs given the default value, and given names that are not inputs."""
    defaulted: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trace:
    graph: Graph
    inputs: dict[str, float]
    mode: str
    evaluation: Evaluation
    results: dict[str, Any]  # pass name -> its result (ForwardMode, ReverseMode, ...), in the order run
    filled: FilledInputs = field(default_factory=FilledInputs)

    @property
    def forward_mode(self) -> Any:
        return self.results.get("forward")

    @property
    def reverse_mode(self) -> Any:
        return self.results.get("reverse")

    @property
    def passes(self) -> tuple[str, ...]:
        return ("evaluation",) + tuple(self.results)

    @cached_property
    def steps(self) -> tuple:
        """Every step of every pass, in replay order."""
        steps = list(self.evaluation.steps)
        for result in self.results.values():
            steps.extend(result.steps)
        return tuple(steps)

    @property
    def outputs(self) -> tuple[int, ...]:
        return self.graph.outputs

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(self.evaluation.values[i] for i in self.graph.outputs)

    def to_dict(self) -> dict:
        """The JSON record of the run (the cycle collector paused: nothing here is cyclic)."""
        from .passes import PASSES
        with collector_paused:
            graph = self.graph
            return {
                "expression": graph.source,
                "inputs": dict(self.inputs),
                "defaulted_inputs": list(self.filled.defaulted),
                "ignored_inputs": list(self.filled.ignored),
                "outputs": list(graph.outputs),
                "output_values": list(self.values),
                "mode": self.mode,
                "passes": list(self.passes),
                "primitives": primitives_dict(sorted({node.op for node in graph.nodes if node.operands})),
                "nodes": self._nodes(),
                "groups": [record_dict(group) for group in graph.groups],
                "steps": [record_dict(step) for step in self.steps],
                **{PASSES[name].key: result.to_dict() for name, result in self.results.items()},
                **{PASSES[name].key: None for name in PASSES if name not in self.results and PASSES[name].key},
                "warnings": [{"node": w.node, "message": w.message} for w in self.evaluation.warnings],
            }

    def _nodes(self) -> list[dict]:
        graph, evaluation = self.graph, self.evaluation
        count = len(graph.nodes)
        absent = (None,) * count  # the tangents or adjoints of a mode that did not run
        tangents = self.forward_mode.tangents if self.forward_mode else absent
        sweep = self.reverse_mode or self.results.get("hvp")  # the HVP's adjoints are reverse mode's
        adjoints = sweep.adjoints if sweep else absent
        contributions = sweep.contributions if sweep else absent
        uses = operand_uses(graph)
        second_order = "hvp" in self.results  # the tangents of the adjoints have a notation then
        group_of = graph.group_of or (None,) * count
        make = tuple.__new__
        return [record_dict(make(NodeRecord, (
            node_id, op, label, name, operands, span, group, value, active, partials, tangent, adjoint, used,
            received, node_notation(node_id, op, label, name, second_order))))
            for (node_id, op, operands, span, _, label, name, _), group, value, active, partials, tangent, adjoint,
            used, received in zip(graph.nodes, group_of, evaluation.values, evaluation.active, evaluation.partials,
                                  tangents, adjoints, uses, contributions)]


def operand_uses(graph: Graph) -> list[int]:
    """How many operand slots read each node: its edges out (x*x uses x twice)."""
    uses = [0] * len(graph.nodes)
    for node in graph.nodes:
        for operand in node.operands:
            uses[operand] += 1
    return uses


# How a picture of an operation's node shows its operator: a true times and minus sign.
GLYPHS = {"*": "×", "-": "−"}


def primitives_dict(names: list[str]) -> dict[str, dict]:
    """How each primitive's node reads (its Wengert definition) and its local partials, as text and
    LaTeX templates over $a, $b (the operands' notation) and $out (the node's own)."""
    from .ops import PRIMITIVES
    from .rules import DEFINITIONS, PARTIAL_FORMULAS
    return {
        name: {
            "symbol": PRIMITIVES[name].symbol,
            "glyph": GLYPHS.get(PRIMITIVES[name].symbol or "", PRIMITIVES[name].symbol or name),
            "definition": DEFINITIONS[name]._asdict(),
            "partials": [formula._asdict() for formula in PARTIAL_FORMULAS[name]],
        }
        for name in names
    }
