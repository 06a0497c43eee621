"""The chain rule as a sum over paths: d(output)/d(input) = sum over every path from the input to the
output of the product of the local partials along it.

That sum is what reverse mode's caching avoids writing out: the number of paths can double with every
reused node (u = x*x; v = u*u; w = v*v has 8 paths from x to w), while reverse mode crosses each edge
once, adding at each node the sum of the paths through it so far. Listing them is bounded
(Limits.max_paths, and Limits.max_work for the nodes written out); both are counted before any path is.
A path is a sequence of edges, not only of nodes: x*x has two edges from x into the product, so two paths.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import ExpressionError
from .graph import Graph
from .limits import Limits
from .trace import Evaluation, undefined_partial


@dataclass(frozen=True)
class Path:
    nodes: tuple[int, ...]  # from the input to the output
    operand_indices: tuple[int, ...]  # for each edge, which operand of the later node it enters as
    partials: tuple[float, ...]  # the local partial along each edge
    product: float  # their product (1 for the empty path of an input that is the output)

    def to_dict(self) -> dict:
        return {"nodes": list(self.nodes), "operand_indices": list(self.operand_indices),
                "partials": list(self.partials), "product": self.product}


@dataclass(frozen=True)
class Paths:
    input: str
    output: int
    paths: tuple[Path, ...]
    total: float  # the sum of the products: the gradient entry
    gradient: float  # reverse mode's d(output)/d(input), for comparison

    def to_dict(self) -> dict:
        return {"input": self.input, "output": self.output, "count": len(self.paths),
                "paths": [path.to_dict() for path in self.paths], "total": self.total, "gradient": self.gradient}


def count_paths(graph: Graph, source: int, target: int, cap: int) -> tuple[int, int]:
    """(number of paths from source to target, nodes written out listing them all), each exact up to
    `cap` and `cap` beyond it (the count of u = x*x; v = u*u; ... would have thousands of digits)."""
    counts = [0] * (target + 1)
    lengths = [0] * (target + 1)  # total nodes over the paths from source to each node
    counts[source], lengths[source] = 1, 1
    for node in graph.nodes[source + 1:target + 1]:
        count = length = 0
        for operand in node.operands:
            count += counts[operand]
            length += lengths[operand] + counts[operand]
        counts[node.id], lengths[node.id] = min(count, cap), min(length, cap)
    return counts[target], lengths[target]


def paths_between(graph: Graph, evaluation: Evaluation, input_name: str, output: int, gradient: float,
                  limits: Limits) -> Paths:
    source, target = graph.inputs[input_name], graph.outputs[output]
    cap = max(limits.max_paths, limits.max_work) + 1
    count, written = count_paths(graph, source, target, cap) if source <= target else (0, 0)
    if count > limits.max_paths or written > limits.max_work:
        counted = lambda n: f"more than {cap - 1}" if n >= cap else str(n)  # noqa: E731
        raise ExpressionError("limit", (
            f"there are {counted(count)} paths from {input_name} to output {output} ({counted(written)} nodes to "
            f"list), "
            f"more than the limit of {limits.max_paths} paths or {limits.max_work} nodes: their number grows "
            f"exponentially with reuse, which is why reverse mode adds them up node by node instead"),
            limit="max_paths" if count > limits.max_paths else "max_work")
    reaches = [False] * (target + 1)  # a path from the input arrives here
    if count:
        reaches[source] = True
        for node in graph.nodes[source + 1:target + 1]:
            reaches[node.id] = any(reaches[operand] for operand in node.operands)
    found: list[Path] = []
    # Depth first from the output back to the input, operands in order. Each entry is a node and the
    # edges from it on to the output, as a linked list (node, operand index, the rest), shared by the
    # paths that end alike, so a path costs its own length however long the others are.
    stack: list[tuple[int, tuple | None]] = [(target, None)] if count else []
    while stack:
        node_id, edges = stack.pop()
        if node_id == source:
            found.append(_path(graph, evaluation, source, edges))
            continue
        operands = graph.nodes[node_id].operands
        for index in range(len(operands) - 1, -1, -1):
            if reaches[operands[index]]:
                stack.append((operands[index], (node_id, index, edges)))
    total = sum(path.product for path in found)
    if not math.isfinite(total):
        node = graph.nodes[target]
        raise ExpressionError("domain", f"a product of local partials along a path to {node.var}, or their sum, "
                              f"overflows a double", node.position, node.span, graph.source)
    return Paths(input_name, output, tuple(found), total, gradient)


def _path(graph: Graph, evaluation: Evaluation, source: int, edges: tuple | None) -> Path:
    nodes, indices, partials = [source], [], []
    while edges is not None:
        node_id, index, edges = edges
        partial = evaluation.partials[node_id][index]
        if partial is None:
            raise undefined_partial(graph, evaluation, node_id, index, "the path's product")
        nodes.append(node_id)
        indices.append(index)
        partials.append(partial)
    return Path(tuple(nodes), tuple(indices), tuple(partials), math.prod(partials))
