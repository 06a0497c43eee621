"""Bounds on what one call may cost; the API sets tighter ones from its settings."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ExpressionError
from .graph import Graph


@dataclass(frozen=True)
class Limits:
    max_length: int = 10_000_000  # characters of source
    max_nodes: int = 200_000
    max_depth: int = 200  # nesting of parentheses, calls, unary minus and right-associative ^
    # Node visits of a computation that runs several passes: the Jacobian (one pass per input and
    # one per output) and the finite-difference check (two evaluations per input).
    max_work: int = 50_000_000


def check_work(graph: Graph, passes: int, purpose: str, limits: Limits) -> None:
    """Refuse `passes` passes over `graph` when they would visit more than `limits.max_work` nodes."""
    work = passes * len(graph.nodes)
    if work > limits.max_work:
        raise ExpressionError("limit", (
            f"{purpose} needs {passes} passes over {len(graph.nodes)} nodes, {work} node visits, "
            f"more than the limit of {limits.max_work}"), limit="max_work")
