"""The records of a trace, each defined once, here: one type per kind of step, and the node's record.

Every pass appends its steps to one ordered list (the trace's `steps`, in replay order); a view shows
step k by folding over steps[0..k]. A step names its node (and, for a step along an edge, the operand
index); what the node already holds (its value, its cached partials, its final tangent and adjoint,
its notation) is read from the node, never repeated in the step.

Records are NamedTuples: immutable, and cheap enough to make one per edge of a 100,000-node graph.
Each class states its phase and kind twice over: as fields (so its dict says them) and as the class
constants PHASE and KIND (so the registry of passes and the API's schema can list them).
`record_dict` is the one way any record becomes a dict; the API's models are derived from the classes.
"""
from __future__ import annotations

from typing import NamedTuple

from .notation import NodeNotation


class NodeRecord(NamedTuple):
    """One node of the graph (a line of the Wengert list) with what the passes computed for it."""
    id: int
    op: str  # "input", "const", or a primitive's name (see the trace's `primitives`)
    label: str  # what a picture of the node shows: x, 2, *, exp
    name: str | None  # the input's name, or the name the node was assigned to
    operands: tuple[int, ...]  # operand node ids, ordered; x*x lists x twice
    span: tuple[int, int]  # [start, end) of the source text the node came from
    group: int | None  # the innermost group (named statement, function call) it belongs to
    value: float  # the primal value
    active: bool  # depends on an input (so it has a tangent and an adjoint)
    partials: tuple[float | None, ...]  # the cached local partial per operand; None: not needed or undefined
    tangent: float | None  # forward mode's tangent (final); None when forward mode did not run
    adjoint: float | None  # reverse mode's adjoint (final); None when it did not run, or for a constant
    uses: int  # how many operand slots read this node (its edges out)
    contributions: int | None  # how many contributions reverse mode added to its adjoint; None: it did not run
    notation: NodeNotation  # its Wengert variable, value, tangent and adjoint as text and LaTeX


# ---- evaluation ---------------------------------------------------------------------------------------

class EvaluateStep(NamedTuple):
    """Evaluation of one node: its primal value and its local partials are computed and cached (both on
    the node)."""
    PHASE = "evaluation"
    KIND = "evaluate"
    phase: str
    kind: str
    node: int


# ---- forward mode -----------------------------------------------------------------------------------

class SeedStep(NamedTuple):
    """Forward mode at an input: its tangent is the seed, the direction differentiated along."""
    PHASE = "forward"
    KIND = "seed"
    phase: str
    kind: str
    node: int
    tangent: float


class ConstantStep(NamedTuple):
    """Forward mode at a node that depends on no input: its tangent is 0."""
    PHASE = "forward"
    KIND = "constant"
    phase: str
    kind: str
    node: int


class TangentTerm(NamedTuple):
    """One summand of a tangent: the local partial of operand `operand_index` x that operand's tangent."""
    operand_index: int
    product: float


class TangentStep(NamedTuple):
    """Forward mode at an operation: its tangent (on the node) is the sum of its terms, one per operand
    that depends on an input."""
    PHASE = "forward"
    KIND = "tangent"
    phase: str
    kind: str
    node: int
    terms: tuple[TangentTerm, ...]


# ---- reverse mode -----------------------------------------------------------------------------------

class AdjointSeed(NamedTuple):
    """An adjoint the reverse sweep starts from: an output's share of the cotangent."""
    node: int
    adjoint: float


class CotangentStep(NamedTuple):
    """Reverse mode starts: every adjoint is 0 except the seeded outputs' (the cotangent). `node` is the
    first seeded output."""
    PHASE = "reverse"
    KIND = "cotangent"
    phase: str
    kind: str
    node: int
    seeds: tuple[AdjointSeed, ...]


class AdjointStep(NamedTuple):
    """One reverse-mode update along the edge from operand `operand_index` into `node`:
    adjoint(operand) += adjoint(node) x local partial = contribution, giving `after`. It is contribution
    number `contribution_index` (from 1) of the operand node's `contributions`."""
    PHASE = "reverse"
    KIND = "adjoint"
    phase: str
    kind: str
    node: int
    operand_index: int
    contribution: float
    after: float
    contribution_index: int


def record_dict(record: tuple) -> dict:
    """A record as a dict of its fields; a nested record as a dict, a tuple of records as a list of dicts,
    any other tuple as a list."""
    result = {}
    for name, value in zip(record._fields, record):  # type: ignore[attr-defined]
        if isinstance(value, tuple):
            if hasattr(value, "_fields"):
                value = record_dict(value)
            elif value and hasattr(value[0], "_fields"):
                value = [record_dict(item) for item in value]
            else:
                value = list(value)
        result[name] = value
    return result
