"""The boxes of groups as the page draws them (static/js/groups.js and group-view.js), from a layout dict:
a collapsed group is the bounding box of its laid-out nodes' boxes, BOX_PAD further out. A folded
constant has no box of its own."""
from __future__ import annotations

from typing import NamedTuple, Sequence

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


def subtrees(group_of: Sequence[int | None], parents: Sequence[int | None]) -> list[list[int]]:
    """Per group, the nodes of it and of the groups nested in it."""
    members: list[list[int]] = [[] for _ in parents]
    for node, group in enumerate(group_of):
        while group is not None:
            members[group].append(node)
            group = parents[group]
    return members


def tree_of(graph: Graph) -> tuple[tuple[int | None, ...], list[int | None], list[str]]:
    """Each node's group, each group's parent and name."""
    groups = graph.groups
    return graph.group_of or (None,) * len(graph.nodes), [group.parent for group in groups], [group.name for group in groups]


def group_boxes(graph: Graph, layout: dict, pad: float = BOX_PAD) -> dict[int, Box]:
    """Per group with a laid-out node, its box when collapsed."""
    group_of, parents, _ = tree_of(graph)
    return boxes_of(group_of, parents, layout, pad)


def boxes_of(group_of: Sequence[int | None], parents: Sequence[int | None], layout: dict,
             pad: float = BOX_PAD) -> dict[int, Box]:
    boxes = node_boxes(layout)
    result = {}
    for group, members in enumerate(subtrees(group_of, parents)):
        shown = [boxes[node] for node in members if node in boxes]
        if shown:
            result[group] = Box(min(box.x0 for box in shown) - pad, min(box.y0 for box in shown) - pad,
                                max(box.x1 for box in shown) + pad, max(box.y1 for box in shown) + pad)
    return result


def box_faults(graph: Graph, layout: dict) -> list[str]:
    """Whatever would make the page's group boxes collide, in words (see faults)."""
    return faults(*tree_of(graph), layout)


def faults(group_of: Sequence[int | None], parents: Sequence[int | None], names: Sequence[str], layout: dict) -> list[str]:
    """Two groups of one parent (or two outermost groups) whose boxes overlap, a node outside a group
    inside its box, a group's box not inside its parent's."""
    boxes, nodes, members = boxes_of(group_of, parents, layout), node_boxes(layout), subtrees(group_of, parents)
    found = []
    for group, box in boxes.items():
        parent = parents[group]
        if parent is not None and not boxes[parent].holds(box):
            found.append(f"{names[group]} sticks out of {names[parent]}")
        for other, other_box in boxes.items():
            if other > group and parents[other] == parent and box.overlaps(other_box):
                found.append(f"{names[group]} overlaps {names[other]}")
        inside = set(members[group])
        for node, node_box in nodes.items():
            if node not in inside and box.overlaps(node_box):
                found.append(f"node {node} lies in {names[group]}")
    return found
