"""Phase 5: one polyline per (node, operand_index).

A route runs from the source centre through its trunk's dummies where the line bends (at most
MAX_TRUNK_BENDS of them) to the port on the target's left side (so the two edges of x*x are two
lines), then to the target centre.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import compress, islice
from operator import ne, or_

from .drawing import EdgeRoute, Spacing, port_offset
from .layered import LayeredGraph

MAX_TRUNK_BENDS = 64  # past it, a route follows only every k-th bend of its trunk


def trunk_bends(trunk: list[int], source_y: float, y: list[float]) -> list[int]:
    """Indices of the trunk's dummies where a line through them bends; the last one too. Past
    MAX_TRUNK_BENDS (a trunk weaving through a big graph) every k-th, so that no route has more
    points than that: the routes of a source's edges repeat its trunk, edges x bends in all."""
    if len(trunk) == 1:
        return [0]
    heights = [source_y, *map(y.__getitem__, trunk)]
    steps = list(map(ne, heights, islice(heights, 1, None)))  # steps[i]: the line moves into dummy i
    bends = list(compress(range(len(trunk) - 1), map(or_, steps, islice(steps, 1, None))))
    bends.append(len(trunk) - 1)
    if len(bends) > MAX_TRUNK_BENDS:
        bends = bends[::-(-len(bends) // MAX_TRUNK_BENDS)]
    return bends


def route_edges(graph: LayeredGraph, xs: list[float], y: list[float], spacing: Spacing) -> list[EdgeRoute]:
    """One polyline per (node, operand_index): source centre, trunk bends, port, target centre."""
    layer_of, arity, trunks = graph.layer_of, graph.ports, graph.trunks
    centres = [(xs[layer], height) for layer, height in zip(layer_of, y[:graph.node_count])]
    along: dict[int, tuple[list[int], tuple[tuple[float, float], ...]]] = {}  # source -> its bends, their points
    for source, trunk in trunks.items():
        bends = trunk_bends(trunk, y[source], y)
        first_x = layer_of[source] + 1  # the layer of the trunk's first dummy
        along[source] = bends, tuple([(xs[first_x + index], y[trunk[index]]) for index in bends])
    port_x = [x - spacing.node_width / 2 for x in xs]
    offsets = {count: [port_offset(port, count, spacing) for port in range(count)] for count in set(arity)}
    routes = []
    for source, target, operand_index in graph.edges:
        target_layer = layer_of[target]
        count = arity[target]
        port_y = round(y[target] + offsets[count][operand_index], 2) if count > 1 else y[target]
        last = target_layer - layer_of[source] - 2  # the index of the trunk's dummy in the layer before the target
        if last >= 0 and source in along:
            bends, points = along[source]
            exit_point = (xs[target_layer - 1], y[trunks[source][last]])
            points = (centres[source], *points[:bisect_left(bends, last)], exit_point,
                      (port_x[target_layer], port_y), centres[target])
        else:
            points = (centres[source], (port_x[target_layer], port_y), centres[target])
        routes.append(EdgeRoute(source, target, operand_index, points))
    return routes
