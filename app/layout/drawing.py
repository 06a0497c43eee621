"""The finished drawing: sizes in, node places and edge routes out, and the API's dict of it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, NamedTuple

from engine.collector import collector_paused

DIRECTION = "left-to-right"


@dataclass(frozen=True)
class Spacing:
    """Sizes in pixels. Every node is a node_width x node_height box."""
    node_width: int = 96
    node_height: int = 56
    gap: int = 24  # the least free space between two items of one layer
    layer_spacing: int = 168  # from one layer's centre line to the next
    margin: int = 32
    port_spacing: int = 20  # between the ports of a node's operands on its left side


def hundredths(values: Iterable[float]) -> list[float]:
    """The values rounded to 0.01 px, as the API gives coordinates. An integer round of 100 x value:
    a few times faster than round(value, 2), and the same but for values within a rounding error
    of a half hundredth (where it may give the other neighbour)."""
    return [round(value * 100) / 100 for value in values]


def port_offset(operand_index: int, arity: int, spacing: Spacing) -> float:
    """Where operand k enters its node's left side, below the centre (operand 0 highest)."""
    if arity < 2:
        return 0.0
    step = min(spacing.port_spacing, 0.8 * spacing.node_height / (arity - 1))
    return (operand_index - (arity - 1) / 2) * step


def port_offsets_by_arity(most: int, spacing: Spacing) -> list[list[float]]:
    """port_offset(operand_index, arity) as table[arity][operand_index], for arities up to `most`."""
    return [[port_offset(port, arity, spacing) for port in range(arity)] for arity in range(most + 1)]


class NodePlace(NamedTuple):
    id: int
    x: float
    y: float
    layer: int
    order: int  # rank among the real nodes of its layer, top to bottom


class EdgeRoute(NamedTuple):
    source: int
    target: int
    operand_index: int
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Layout:
    """The finished drawing, kept as columns: the API's dict is made straight from them, and the
    row views (nodes, edges, layers, segments) only when first read."""
    node_x: list[float]  # per node, in id order: its centre,
    node_y: list[float]
    node_layer: list[int]  # its layer,
    node_order: list[int]  # its rank among the real nodes of its layer, top to bottom
    edge_sources: list[int]  # per edge, node by node in operand order: its source,
    edge_targets: list[int]  # its target,
    edge_operand_indices: list[int]  # the operand it is,
    edge_points: list[list[list[float]]]  # its polyline, [x, y] points shared by routes and dicts: read only
    width: float
    height: float
    crossings: int
    node_width: int
    node_height: int
    item_layers: list[list[int]]  # final order of each layer, dummies (ids >= node count) included
    segment_columns: tuple[list[int], list[int], list[int]]  # upper items, lower items, ports: what crossings counts

    @cached_property
    def nodes(self) -> tuple[NodePlace, ...]:  # in node id order
        return tuple(map(NodePlace, range(len(self.node_x)), self.node_x, self.node_y, self.node_layer,
                         self.node_order))

    @cached_property
    def edges(self) -> tuple[EdgeRoute, ...]:  # per node, per operand_index
        return tuple(map(EdgeRoute, self.edge_sources, self.edge_targets, self.edge_operand_indices,
                         [tuple(map(tuple, points)) for points in self.edge_points]))

    @cached_property
    def layers(self) -> tuple[tuple[int, ...], ...]:
        return tuple(map(tuple, self.item_layers))

    @cached_property
    def segments(self) -> tuple[tuple[int, int, int], ...]:
        """(upper item, lower item, port) by layer: what crossings counts."""
        return tuple(zip(*self.segment_columns))

    def to_dict(self) -> dict:
        """The API's dict. Its point lists are the layout's own, shared between routes (a big graph
        has tens of thousands): the dict is for encoding, not for editing."""
        with collector_paused:  # a big layout's dict is a few hundred thousand lists and dicts
            return {
                "nodes": [{"id": node, "x": x, "y": y, "layer": layer, "order": order} for node, x, y, layer, order
                          in zip(range(len(self.node_x)), self.node_x, self.node_y, self.node_layer, self.node_order)],
                "edges": [{"source": source, "target": target, "operand_index": operand_index,
                           "points": points} for source, target, operand_index, points
                          in zip(self.edge_sources, self.edge_targets, self.edge_operand_indices, self.edge_points)],
                "width": self.width,
                "height": self.height,
                "crossings": self.crossings,
                "node_width": self.node_width,
                "node_height": self.node_height,
                "direction": DIRECTION,
            }
