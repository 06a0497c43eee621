"""Phase 5: one polyline per (node, operand_index).

A route runs from the source centre through its trunk's dummies where the line bends (at most
MAX_TRUNK_BENDS of them) to the port on the target's left side (so the two edges of x*x are two
lines), then to the target centre. Most edges span one layer: their routes (centre, port, centre)
are made as columns; only the long ones take a step of Python each.

A point is an [x, y] list, as the API's dict has it, made once: the routes share them (every edge
of a node starts at the one list of its centre), and so does the dict. Read them, never write.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import compress, islice

from .drawing import Spacing, hundredths, port_offsets_by_arity
from .layered import LayeredGraph

MAX_TRUNK_BENDS = 64  # past it, a route follows only every k-th bend of its trunk

Point = list[float]  # [x, y]


def trunk_bends(trunk: list[int], source_y: float, y: list[float]) -> list[int]:
    """Indices of the trunk's dummies where a line through them bends; the last one too. Past
    MAX_TRUNK_BENDS (a trunk weaving through a big graph) every k-th, so that no route has more
    points than that: the routes of a source's edges repeat its trunk, edges x bends in all."""
    bends = []
    before, height = source_y, y[trunk[0]]
    for index in range(len(trunk) - 1):
        after = y[trunk[index + 1]]
        if height != before or height != after:
            bends.append(index)
        before, height = height, after
    bends.append(len(trunk) - 1)
    if len(bends) > MAX_TRUNK_BENDS:
        bends = bends[::-(-len(bends) // MAX_TRUNK_BENDS)]
    return bends


def route_edges(graph: LayeredGraph, xs: list[float], y: list[float], spacing: Spacing) -> list[list[Point]]:
    """Per edge (in graph.edges' order), its polyline: source centre, trunk bends, port, target centre."""
    node_count, layer_of, arity, edges = graph.node_count, graph.layer_of, graph.ports, graph.edges
    sources, targets, entries = edges.sources, edges.targets, edges.entries
    centres = [[xs[layer], height] for layer, height in zip(islice(layer_of, node_count), y)]
    target_layers = list(map(layer_of.__getitem__, targets))
    port_x = [x - spacing.node_width / 2 for x in xs]
    offsets = port_offsets_by_arity(graph.slots, spacing)
    port_y = hundredths([y[target] + offsets[arity[target]][port]
                         for target, port in zip(targets, edges.operand_indices)])
    ports = [[port_x[layer], height] for layer, height in zip(target_layers, port_y)]
    routes = [[source, port, target] for source, port, target
              in zip(map(centres.__getitem__, sources), ports, map(centres.__getitem__, targets))]
    along: dict[int, tuple[list[int], list[Point]]] = {}  # source -> its trunk's bends, their points
    for edge in compress(range(len(entries)), map(node_count.__le__, entries)):  # the edges through a trunk
        source, target_layer = sources[edge], target_layers[edge]
        bends_and_points = along.get(source)
        if bends_and_points is None:
            trunk = graph.trunks[source]
            bends = trunk_bends(trunk, y[source], y)
            first_x = layer_of[source] + 1  # the layer of the trunk's first dummy
            bends_and_points = along[source] = bends, [[xs[first_x + index], y[trunk[index]]] for index in bends]
        bends, points = bends_and_points
        last = target_layer - layer_of[source] - 2  # the index of the trunk's dummy in the layer before the target
        routes[edge] = [centres[source], *points[:bisect_left(bends, last)],
                        [xs[target_layer - 1], y[entries[edge]]], ports[edge], centres[targets[edge]]]
    return routes
