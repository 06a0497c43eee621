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
    # one per output), the finite-difference check (two evaluations per input, two more), the Hessian
    # (two passes per input), the symbolic derivatives (one chain-rule sweep per input) and the paths.
    max_work: int = 50_000_000
    # Paths from an input to an output listed by engine.paths: their number can double with each
    # reused node (u = x*x; v = u*u; ...), and each is written out.
    max_paths: int = 10_000
    # Nodes of the symbolic derivatives written out by engine.symbolic (all inputs together): the
    # expression swell can be exponential in the program's size.
    max_symbolic_size: int = 200_000


def check_work(graph: Graph, passes: int, purpose: str, limits: Limits) -> None:
    """Refuse `passes` passes over `graph` when they would visit more than `limits.max_work` nodes."""
    work = passes * len(graph.nodes)
    if work > limits.max_work:
        raise ExpressionError("limit", (
            f"{purpose} needs {passes} passes over {len(graph.nodes)} nodes, {work} node visits, "
            f"more than the limit of {limits.max_work}"), limit="max_work")
