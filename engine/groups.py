"""Groups: the named statements and the function calls of a program, as boxes of the graph.

A group can collapse into one box showing what goes in and what comes out, so each group records
its own nodes, the nodes outside that feed it, and the nodes inside whose values leave it.
Groups nest: a call inside a named statement is in that statement's group, and a call inside a
function's body is in the group of the call that wrote the body out. A call's arguments are built
where the call is written, so they belong to the caller's group, not to the call's.
"""
from __future__ import annotations

from typing import NamedTuple

STATEMENT, CALL = "statement", "call"


class Group(NamedTuple):
    id: int  # groups are numbered as they open: a group's descendants follow it
    kind: str  # "statement" (`h1 = ...`) or "call" (`neuron(...)`)
    name: str  # the statement's target, or the call's label `neuron#2` (#k: the k-th call of neuron to run)
    span: tuple[int, int]  # the source text of the statement or of the call
    parent: int | None  # the enclosing group
    nodes: tuple[int, ...]  # its direct members, in order: not the nodes of the groups nested in it
    inputs: tuple[int, ...]  # nodes outside it (and its nested groups) that feed a node inside, in order
    outputs: tuple[int, ...]  # nodes inside it (or its nested groups) whose value leaves it, in order


class OpenGroup:
    """A group while the builder fills it: what is known when it opens, and where it ends."""
    __slots__ = ("kind", "name", "span", "parent", "value", "end")

    def __init__(self, kind: str, name: str, span: tuple[int, int], parent: int | None) -> None:
        self.kind, self.name, self.span, self.parent = kind, name, span, parent
        self.value: int | None = None  # the node the statement names, or the call's result
        self.end = 0  # one past the id of its last descendant: its subtree is ids [id, end)


def close_groups(opened: list[OpenGroup], group_of: list[int | None], operands: list[tuple[int, ...]],
                 outputs: tuple[int, ...]) -> tuple[Group, ...]:
    """Each group's members, inputs and outputs, from the group of every node.

    A node is an input of group G when it is outside G's subtree and feeds a node inside it; an
    output of G when it is inside and feeds a node outside, is a program output, or is G's own value
    (the value a statement names, the result of a call). An edge from group A to group B makes its
    operand an input of every group from B up to (not including) the first that also holds A, and
    an output of every group from A up to the first that also holds B. Each walk stops where an
    earlier one already went, so the work is the edges plus the entries recorded.
    """
    count = len(opened)
    parent = [group.parent for group in opened]
    end = [group.end for group in opened]
    members: list[list[int]] = [[] for _ in range(count)]
    inputs: list[dict[int, None]] = [{} for _ in range(count)]
    output_sets: list[dict[int, None]] = [{} for _ in range(count)]
    highest: dict[int, int] = {}  # node -> the highest group that has it as an output so far

    def holds(group: int, other: int | None) -> bool:
        return other is not None and group <= other < end[group]

    def leaves(node: int, consumer: int | None) -> None:
        """Record `node` as an output of each group that holds it but not the consumer's group.
        Those groups are a run of node's chain of ancestors from its own group up, and the run
        recorded so far ends at highest[node]."""
        top = highest.get(node)
        group = group_of[node] if top is None else parent[top]
        while group is not None and not holds(group, consumer):
            output_sets[group][node] = None
            highest[node] = group
            group = parent[group]

    for node, group in enumerate(group_of):
        if group is not None:
            members[group].append(node)
        for operand in operands[node]:
            source = group_of[operand]
            if source == group:
                continue
            inner = group
            while inner is not None and not holds(inner, source) and operand not in inputs[inner]:
                inputs[inner][operand] = None
                inner = parent[inner]
            if source is not None:
                leaves(operand, group)
    for node in outputs:
        if group_of[node] is not None:
            leaves(node, None)
    for index, group in enumerate(opened):
        if group.value is not None and holds(index, group_of[group.value]):
            leaves(group.value, group.parent)
    return tuple(
        Group(index, group.kind, group.name, group.span, group.parent, tuple(members[index]),
              tuple(sorted(inputs[index])), tuple(sorted(output_sets[index])))
        for index, group in enumerate(opened))
