"""The registry of passes and modes: the one place that says which passes exist and what each records.

A pass runs over the evaluated graph and returns a result whose `steps` go, in order, into the
trace's one list of steps; its `to_dict()` (a summary: seed and JVP, cotangent and gradient) goes
under its `key`. A mode is the sequence of passes one trace runs. The API's schema, the CLI's
`--mode`, `/api/meta` and so the page's mode control, timeline and phase colours all read these.
Adding a pass is one `Pass(...)` here (plus the narration of its step kinds on the page).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

from .forward_mode import forward_mode
from .graph import Graph
from .hvp import hessian_vector_product
from .reverse_mode import reverse_mode
from .records import (AdjointStep, ConstantStep, CotangentStep, DualAdjointStep, DualCotangentStep, EvaluateStep,
                      SeedStep, TangentStep)
from .trace import Evaluation


class PassInput(NamedTuple):
    """What a pass may read: the graph, its evaluation, the request's parameters, earlier results."""
    graph: Graph
    evaluation: Evaluation
    seed: dict[str, float]  # forward mode's direction, one tangent per input
    cotangent: dict[int, float]  # reverse mode's seed, one adjoint per output index
    direction: dict[str, float]  # the HVP's direction v, one entry per input (forward mode runs along it)
    results: dict[str, Any]  # the results of the passes run before this one


@dataclass(frozen=True)
class Pass:
    name: str  # the phase of its steps: "forward"
    label: str  # how people say it: "forward mode"
    key: str | None  # where its summary goes in a trace's dict ("forward_mode"); None: no summary
    records: tuple[type, ...]  # its step records, one type per kind
    parameters: tuple[str, ...]  # the request fields it reads: ("seed",)
    direction: str  # "along" the edges (operand to node) or "against" them, as its steps travel
    description: str
    run: Callable[[PassInput], Any] | None  # None for evaluation, which every trace runs first

    @property
    def step_kinds(self) -> tuple[str, ...]:
        return tuple(record.KIND for record in self.records)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Mode:
    name: str
    label: str  # how a control names it: "Forward"
    passes: tuple[str, ...]  # in the order they run, evaluation first
    description: str


PASSES: dict[str, Pass] = {}
MODES: dict[str, Mode] = {}


def register(pass_: Pass) -> None:
    for record in pass_.records:
        assert record.PHASE == pass_.name, f"{record.__name__} belongs to {record.PHASE}, not {pass_.name}"
    PASSES[pass_.name] = pass_


def add_mode(mode: Mode) -> None:
    assert mode.passes[0] == "evaluation" and all(name in PASSES for name in mode.passes), mode
    MODES[mode.name] = mode


register(Pass(
    "evaluation", "evaluation", None, (EvaluateStep,), (), "along",
    "the forward pass: each node's primal value in topological order, caching every local partial", None))
register(Pass(
    "forward", "forward mode", "forward_mode", (SeedStep, ConstantStep, TangentStep), ("seed",), "along",
    "a tangent beside each value (a dual number), along the seed direction: a Jacobian-vector product",
    lambda given: forward_mode(given.graph, given.evaluation, given.seed)))
register(Pass(
    "reverse", "reverse mode", "reverse_mode", (CotangentStep, AdjointStep), ("cotangent",), "against",
    "adjoints from the cotangent back to the inputs, edge by edge: a vector-Jacobian product",
    lambda given: reverse_mode(given.graph, given.evaluation, given.cotangent)))

register(Pass(
    "hvp", "HVP", "hvp", (DualCotangentStep, DualAdjointStep), ("direction", "cotangent"), "against",
    "reverse mode on the dual numbers forward mode computed along the direction: each adjoint gets a tangent "
    "(the second-order adjoint), which at the inputs is the Hessian-vector product H·v",
    lambda given: hessian_vector_product(
        given.graph, given.evaluation,
        given.results.get("forward") or forward_mode(given.graph, given.evaluation, given.direction),
        given.cotangent)))

add_mode(Mode("evaluation", "Evaluation", ("evaluation",),
              "every primal value and every local partial, cached"))
add_mode(Mode("forward", "Forward", ("evaluation", "forward"),
              "a tangent travels with each value (a dual number); one pass gives one directional derivative (a JVP)"))
add_mode(Mode("reverse", "Reverse", ("evaluation", "reverse"),
              "adjoints flow back from the output; one pass gives the whole gradient (a VJP)"))
add_mode(Mode("both", "Both", ("evaluation", "forward", "reverse"),
              "evaluation, then forward mode, then reverse mode, one after the other"))
add_mode(Mode("hvp", "HVP", ("evaluation", "forward", "hvp"),
              "forward mode along the direction v, then reverse mode over those dual numbers: the gradient and "
              "the Hessian-vector product H·v (forward over reverse, as JAX's jvp of grad)"))


def run_passes(mode: str, given: PassInput) -> dict[str, Any]:
    """Run the mode's passes after evaluation, each seeing the results before it."""
    results: dict[str, Any] = {}
    for name in MODES[mode].passes[1:]:
        results[name] = PASSES[name].run(given._replace(results=results))  # type: ignore[misc]
    return results
