"""Phases 1 and 2: layers by longest path, then a dummy item wherever an edge skips a layer.

A node's layer is 1 + the largest layer among its operands, so every edge advances to the right.
Inputs stay in layer 0. An output that feeds no other node moves to the last layer, so the results
line up on the right. A constant moves to the layer just before its earliest consumer: in layer 0
it would stretch an edge across the picture for a number that is read in one place. (So an input
that is also an output stays in layer 0, and an output that feeds another node keeps its
longest-path layer: its edges must still advance.)

An edge spanning k > 1 layers runs through one dummy in each layer between. The edges leaving
one source share these dummies: one trunk per source, one dummy per layer, like a wire carrying
`x` to each place it is read; an edge leaves the trunk in the layer before its target. Sharing
bounds the dummies by layers x sources rather than layers x edges, and a limit bounds them
outright: past it the longest trunks are dropped and their edges drawn straight.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from .layered import LayeredGraph, from_above, to_below

DUMMY_LIMIT = 100_000  # past it, the longest trunks are dropped and their edges drawn straight


def check_dag(operands: Sequence[Sequence[int]], outputs: Sequence[int], inputs: Sequence[int]) -> None:
    """Raise ValueError unless node ids are topological (every operand before its node)."""
    count = len(operands)
    for node, node_operands in enumerate(operands):
        for operand in node_operands:
            if not 0 <= operand < node:
                raise ValueError(f"node {node} has operand {operand}; operands must come before their node")
    for node in (*outputs, *inputs):
        if not 0 <= node < count:
            raise ValueError(f"node {node} is not in the graph of {count} nodes")
    for node in inputs:
        if operands[node]:
            raise ValueError(f"input node {node} has operands")


def assign_layers(operands: Sequence[Sequence[int]], outputs: Sequence[int], inputs: Sequence[int]) -> list[int]:
    """Longest-path layers; sink outputs pushed to the last layer; constants just before first use."""
    count = len(operands)
    layer = [0] * count
    has_consumer = [False] * count
    for node, node_operands in enumerate(operands):
        if node_operands:
            layer[node] = 1 + max(map(layer.__getitem__, node_operands))
            for operand in node_operands:
                has_consumer[operand] = True
    last = max(layer, default=0)
    is_input = [False] * count
    for node in inputs:
        is_input[node] = True
    for node in outputs:
        if not has_consumer[node] and not is_input[node]:
            layer[node] = last
    first_use = [last + 1] * count
    for node, node_operands in enumerate(operands):
        for operand in node_operands:
            if layer[node] < first_use[operand]:
                first_use[operand] = layer[node]
    for node, node_operands in enumerate(operands):
        if not node_operands and not is_input[node] and has_consumer[node]:
            layer[node] = first_use[node] - 1  # a constant, just before its first consumer
    return layer


def routed_sources(operands: Sequence[Sequence[int]], layer_of: list[int], dummy_limit: int) -> set[int]:
    """The sources whose long edges get a trunk: all of them when their dummies fit the limit,
    else the shortest trunks first (by length, then id) while they fit."""
    reach: dict[int, int] = {}  # source -> the farthest layer a long edge of it reaches
    for target, node_operands in enumerate(operands):
        target_layer = layer_of[target]
        for source in node_operands:
            if target_layer - layer_of[source] > 1 and target_layer > reach.get(source, -1):
                reach[source] = target_layer
    lengths = sorted((reach[source] - layer_of[source] - 1, source) for source in reach)
    if sum(length for length, _ in lengths) <= dummy_limit:
        return set(reach)
    routed, dummies = set(), 0
    for length, source in lengths:
        if dummies + length > dummy_limit:
            break
        routed.add(source)
        dummies += length
    return routed


def layered_graph(operands: Sequence[Sequence[int]], outputs: Sequence[int], inputs: Sequence[int],
                  dummy_limit: int = DUMMY_LIMIT) -> LayeredGraph:
    """Layers plus a shared dummy trunk per source for long edges; initial order by item id.
    A long edge whose source gets no trunk (past dummy_limit) has no segment: it is drawn straight."""
    check_dag(operands, outputs, inputs)
    layer_of = assign_layers(operands, outputs, inputs)
    made = Segments(layer_of, routed_sources(operands, layer_of, dummy_limit))
    for target, node_operands in enumerate(operands):
        made.add_edges(target, node_operands)
    layers: list[list[int]] = [[] for _ in range(max(layer_of, default=-1) + 1)]
    for item, layer in enumerate(layer_of):
        layers[layer].append(item)
    lower, lower_items, pair_bounds = to_below(made.uppers, made.lowers, made.ports, layers)
    item_ports = [max(1, len(node_operands)) for node_operands in operands]
    item_ports += [1] * (len(layer_of) - len(operands))
    return LayeredGraph(len(operands), layer_of, layers,
                        from_above(made.into_nodes, made.into_node_ports, made.node_counts, made.into_dummies),
                        lower, lower_items, pair_bounds, item_ports, made.edges, made.trunks)


@dataclass
class Segments:
    """The segments of a layered graph, made edge by edge. Dummies are numbered as they are needed,
    so a trunk grows as later edges reach farther."""
    layer_of: list[int]  # per item; dummies are added to it
    routed: set[int]  # the sources whose long edges get a trunk
    uppers: list[int] = field(default_factory=list)  # per segment, in the order made: its upper item,
    lowers: list[int] = field(default_factory=list)  # its lower item,
    ports: list[int] = field(default_factory=list)  # its port at the lower item
    into_nodes: list[int] = field(default_factory=list)  # per segment into a node, node by node: its upper item,
    into_node_ports: list[int] = field(default_factory=list)  # its port
    node_counts: list[int] = field(default_factory=list)  # per node, its segments from above
    into_dummies: list[int] = field(default_factory=list)  # per dummy, the item before it in its trunk
    edges: list[tuple[int, int, int]] = field(default_factory=list)
    trunks: dict[int, list[int]] = field(default_factory=dict)

    def add_edges(self, target: int, operands: Sequence[int]) -> None:
        """The edges into one node (the nodes taken in order): a segment into each of its ports,
        from the source or from the source's trunk, grown as far as it needs."""
        layer_of, trunks, into_nodes = self.layer_of, self.trunks, self.into_nodes
        target_layer, made = layer_of[target], len(into_nodes)
        for operand_index, source in enumerate(operands):
            self.edges.append((source, target, operand_index))
            dummies = target_layer - layer_of[source] - 1
            before = source
            if dummies > 0:
                if source not in self.routed:
                    continue
                trunk = trunks.setdefault(source, [])
                if len(trunk) < dummies:
                    self.extend_trunk(source, trunk, dummies)
                before = trunk[dummies - 1]
            into_nodes.append(before)
            self.into_node_ports.append(operand_index)
            self.uppers.append(before)
            self.lowers.append(target)
            self.ports.append(operand_index)
        self.node_counts.append(len(into_nodes) - made)

    def extend_trunk(self, source: int, trunk: list[int], length: int) -> None:
        """New dummies in the layers after the trunk's last, each joined to the one before."""
        layer_of = self.layer_of
        tail = trunk[-1] if trunk else source
        first, last = len(layer_of), len(layer_of) + length - len(trunk)
        layer_of.extend(range(layer_of[tail] + 1, layer_of[tail] + 1 + last - first))
        self.into_dummies.append(tail)
        self.into_dummies.extend(range(first, last - 1))
        self.uppers.append(tail)
        self.uppers.extend(range(first, last - 1))
        self.lowers.extend(range(first, last))
        self.ports.extend([0] * (last - first))
        trunk.extend(range(first, last))
