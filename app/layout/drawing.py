"""The finished drawing: sizes in, node places and edge routes out, and the API's dict of it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .collector import collector_paused

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


def port_offset(operand_index: int, arity: int, spacing: Spacing) -> float:
    """Where operand k enters its node's left side, below the centre (operand 0 highest)."""
    if arity < 2:
        return 0.0
    step = min(spacing.port_spacing, 0.8 * spacing.node_height / (arity - 1))
    return (operand_index - (arity - 1) / 2) * step


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
    nodes: tuple[NodePlace, ...]  # in node id order
    edges: tuple[EdgeRoute, ...]  # per node, per operand_index
    width: float
    height: float
    crossings: int
    node_width: int
    node_height: int
    layers: tuple[tuple[int, ...], ...]  # final order of each layer, dummies (ids >= len(nodes)) included
    segments: tuple[tuple[int, int, int], ...]  # (upper item, lower item, port) by layer: what crossings counts

    def to_dict(self) -> dict:
        with collector_paused:  # a big layout's dict is a few hundred thousand lists and dicts
            return {
                "nodes": [{"id": node, "x": x, "y": y, "layer": layer, "order": order}
                          for node, x, y, layer, order in self.nodes],
                "edges": [{"source": source, "target": target, "operand_index": operand_index,
                           "points": [[x, y] for x, y in points]}
                          for source, target, operand_index, points in self.edges],
                "width": self.width,
                "height": self.height,
                "crossings": self.crossings,
                "node_width": self.node_width,
                "node_height": self.node_height,
                "direction": DIRECTION,
            }
