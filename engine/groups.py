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


class BuiltGroup(NamedTuple):
    """What the builder knows of a group when it closes; close_groups derives the rest."""
    kind: str
    name: str
    span: tuple[int, int]
    parent: int | None
    value: int  # the node the statement names, or the call's result
    end: int  # one past the id of its last descendant: its subtree is the ids [id, end)


def close_groups(opened: tuple[BuiltGroup, ...], group_of: tuple[int | None, ...],
                 operands: list[tuple[int, ...]], outputs: tuple[int, ...]) -> tuple[Group, ...]:
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
    inputs: list[dict[int, None]] = [{} for _ in range(count)]  # dicts as ordered sets
    outputs_of: list[dict[int, None]] = [{} for _ in range(count)]
    highest: dict[int, int] = {}  # node -> the highest group that has it as an output so far

    def leaves(node: int, consumer: int | None) -> None:
        """Record `node` as an output of each group that holds it but not `consumer` (a group, or
        None for outside every group). Those groups are a run up node's chain of ancestors, and
        the run recorded so far ends at highest[node]."""
        top = highest.get(node)
        group = group_of[node] if top is None else parent[top]
        while group is not None and not (consumer is not None and group <= consumer < end[group]):
            outputs_of[group][node] = None
            highest[node] = group
            group = parent[group]

    # One pass over the edges, the hot loop of this module: most edges stay in their group.
    for node, (group, node_operands) in enumerate(zip(group_of, operands)):
        if group is not None:
            members[group].append(node)
        for operand in node_operands:
            source = group_of[operand]
            if source == group:
                continue
            inner = group  # operand enters inner and its ancestors up to one that holds source
            while (inner is not None and operand not in inputs[inner]
                   and not (source is not None and inner <= source < end[inner])):
                inputs[inner][operand] = None
                inner = parent[inner]
            if source is not None:
                leaves(operand, group)
    for node in outputs:
        if group_of[node] is not None:
            leaves(node, None)
    for index, group in enumerate(opened):
        value = group.value
        if group_of[value] is not None and index <= group_of[value] < end[index]:
            leaves(value, group.parent)
    # Group(...) without the Python-level __new__ of a NamedTuple, as for the graph's nodes.
    return tuple([
        tuple.__new__(Group, (index, group.kind, group.name, group.span, group.parent, tuple(members[index]),
                              tuple(sorted(inputs[index])), tuple(sorted(outputs_of[index]))))
        for index, group in enumerate(opened)])
