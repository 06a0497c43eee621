"""The boxes of groups as the page draws them (static/js/groups.js and group-view.js), from a layout dict:
a collapsed group is the bounding box of its laid-out nodes' boxes, BOX_PAD further out. A folded
constant has no box of its own."""
from __future__ import annotations

from typing import NamedTuple

from engine.graph import Graph

BOX_PAD = 10  # group-view.js: a collapsed box reaches this far past its members' boxes


class Box(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def holds(self, other: Box) -> bool:
        return self.x0 <= other.x0 and self.y0 <= other.y0 and other.x1 <= self.x1 and other.y1 <= self.y1


def node_boxes(layout: dict) -> dict[int, Box]:
    half_width, half_height = layout["node_width"] / 2, layout["node_height"] / 2
    return {node["id"]: Box(node["x"] - half_width, node["y"] - half_height, node["x"] + half_width,
                            node["y"] + half_height) for node in layout["nodes"]}


def subtrees(graph: Graph) -> list[list[int]]:
    """Per group, the nodes of it and of the groups nested in it."""
    groups = graph.groups
    members: list[list[int]] = [[] for _ in groups]
    for node, group in enumerate(graph.group_of):
        while group is not None:
            members[group].append(node)
            group = groups[group].parent
    return members


def group_boxes(graph: Graph, layout: dict, pad: float = BOX_PAD) -> dict[int, Box]:
    """Per group with a laid-out node, its box when collapsed."""
    boxes = node_boxes(layout)
    result = {}
    for group, members in enumerate(subtrees(graph)):
        shown = [boxes[node] for node in members if node in boxes]
        if shown:
            result[group] = Box(min(box.x0 for box in shown) - pad, min(box.y0 for box in shown) - pad,
                                max(box.x1 for box in shown) + pad, max(box.y1 for box in shown) + pad)
    return result


def box_faults(graph: Graph, layout: dict) -> list[str]:
    """Whatever would make the page's group boxes collide, in words: two groups of one parent (or two
    outermost groups) whose boxes overlap, a node outside a group inside its box, a group's box not
    inside its parent's."""
    boxes, nodes, members = group_boxes(graph, layout), node_boxes(layout), subtrees(graph)
    groups = graph.groups
    faults = []
    for group, box in boxes.items():
        parent = groups[group].parent
        if parent is not None and not boxes[parent].holds(box):
            faults.append(f"{groups[group].name} sticks out of {groups[parent].name}")
        for other, other_box in boxes.items():
            if other > group and groups[other].parent == parent and box.overlaps(other_box):
                faults.append(f"{groups[group].name} overlaps {groups[other].name}")
        inside = set(members[group])
        for node, node_box in nodes.items():
            if node not in inside and box.overlaps(node_box):
                faults.append(f"node {node} lies in {groups[group].name}")
    return faults
