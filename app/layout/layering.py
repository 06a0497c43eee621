"""Phases 1 and 2: layers by longest path, then a dummy item wherever an edge skips a layer.

A node's layer is 1 + the largest layer among its operands, so every edge advances to the right.
Inputs stay in layer 0. An output that feeds no other node moves to the last layer, so the results
line up on the right. Then a node moves right, towards its readers, where that makes the wires
shorter in all (see promote). A constant moves to the layer just before its earliest consumer: in
layer 0 it would stretch an edge across the picture for a number that is read in one place. (So an
input that is also an output stays in layer 0.)

An edge spanning k > 1 layers runs through one dummy in each layer between. The edges leaving
one source share these dummies: one trunk per source, one dummy per layer, like a wire carrying
`x` to each place it is read; an edge leaves the trunk in the layer before its target. Sharing
bounds the dummies by layers x sources rather than layers x edges, and a limit bounds them
outright: past it the longest trunks are dropped and their edges drawn straight.

The edges are kept as columns (layered.Edges), and the trunks grow in one step of Python per long
edge (usually a small part of them) rather than per edge.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate, compress, repeat
from operator import not_
from typing import Sequence

from .layered import Adjacency, Edges, LayeredGraph, from_above, layers_in_id_order, to_below

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


def assign_layers(operands: Sequence[Sequence[int]], outputs: Sequence[int], inputs: Sequence[int],
                  edges: Edges) -> list[int]:
    """Longest-path layers; sink outputs pushed to the last layer; nodes promoted towards their
    readers; constants just before first use."""
    count = len(operands)
    layer = [0] * count
    for node, node_operands in enumerate(operands):
        if node_operands:
            top = 0
            for operand in node_operands:
                if layer[operand] >= top:
                    top = layer[operand] + 1
            layer[node] = top
    last = max(layer, default=0)
    is_input = [False] * count
    for node in inputs:
        is_input[node] = True
    consumed = set(edges.sources)
    for node in outputs:
        if node not in consumed and not is_input[node]:
            layer[node] = last
    promote(layer, operands, edges, is_input)
    constants = [node for node in compress(range(count), map(not_, operands))
                 if not is_input[node] and node in consumed]
    if constants:
        first_use = [last + 1] * count
        for operand, node in zip(edges.sources, edges.targets):
            if layer[node] < first_use[operand]:
                first_use[operand] = layer[node]
        for node in constants:
            layer[node] = first_use[node] - 1  # a constant, just before its first consumer
    return layer


def promote(layer: list[int], operands: Sequence[Sequence[int]], edges: Edges, is_input: list[bool]) -> None:
    """Move each node with operands as far right as it goes while that makes the wires shorter.

    A source's wire (its trunk) runs to its farthest reader, its reach. Moving a node one layer
    right takes one dummy off its own trunk (its readers are all farther), and adds one to the
    trunk of each operand whose farthest reader it is. So it moves, in one jump, up to the layer
    before its nearest reader, and no farther than the reach of any of its operands (there it
    would become their farthest reader). A constant follows its readers (it is placed after), so
    it holds no node back. No move changes a reach, and a node's readers come after it: one pass
    from the last node to the first finds every move.
    """
    count = len(layer)
    reach = [-1] * count
    for source, target in zip(edges.sources, edges.targets):
        if layer[target] > reach[source]:
            reach[source] = layer[target]
    nearest = [count] * count  # per node, the layer of its nearest reader, once its readers are placed
    for node in range(count - 1, -1, -1):
        node_operands = operands[node]
        here = layer[node]
        if node_operands and reach[node] >= 0:  # a node that is read (inputs and constants stay)
            target = nearest[node] - 1
            for operand in node_operands:
                if reach[operand] < target and (operands[operand] or is_input[operand]):  # not a constant
                    target = reach[operand]
            if target > here:
                layer[node] = here = target
        for operand in node_operands:
            if here < nearest[operand]:
                nearest[operand] = here


def routed_sources(sources: list[int], target_layers: Sequence[int], long_edges: list[int], layer_of: list[int],
                   dummy_limit: int) -> set[int]:
    """The sources whose long edges get a trunk: all of them when their dummies fit the limit,
    else the shortest trunks first (by length, then id) while they fit."""
    reach: dict[int, int] = {}  # source -> the farthest layer a long edge of it reaches
    for edge in long_edges:
        source, target_layer = sources[edge], target_layers[edge]
        if target_layer > reach.get(source, -1):
            reach[source] = target_layer
    lengths = [(reach[source] - layer_of[source] - 1, source) for source in reach]
    if sum(length for length, _ in lengths) <= dummy_limit:
        return set(reach)
    routed, dummies = set(), 0
    for length, source in sorted(lengths):
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
    edges = Edges.of(operands)
    layer_of = assign_layers(operands, outputs, inputs, edges)
    target_layers = list(map(layer_of.__getitem__, edges.targets))
    long_edges = [edge for edge, (source, target_layer) in enumerate(zip(edges.sources, target_layers))
                  if target_layer - layer_of[source] > 1]
    layers = layers_in_id_order(layer_of)
    made = Trunks(layer_of, layers, routed_sources(edges.sources, target_layers, long_edges, layer_of, dummy_limit))
    edges.entries = made.grow(edges, target_layers, long_edges)
    node_count = len(operands)
    into_nodes, into_node_ports, node_counts = made.into_nodes(edges, operands)
    lower, lower_items, pair_bounds = to_below(*made.segments(edges, node_count), layers)
    made.in_made_order(lower, operands)
    upper = from_above(into_nodes, into_node_ports, node_counts, made.into_dummies)
    item_ports = [len(node_operands) or 1 for node_operands in operands] + [1] * len(made.into_dummies)
    return LayeredGraph(node_count, layer_of, layers, upper, lower, lower_items, pair_bounds, item_ports,
                        edges, made.trunks)


@dataclass
class Trunks:
    """The dummies of the long edges, made edge by edge. Dummies are numbered as they are needed,
    so a trunk grows as later edges reach farther; each is appended to its layer as it is made."""
    layer_of: list[int]  # per item; dummies are added to it
    layers: list[list[int]]  # the items of each layer, by id; dummies are added to them
    routed: set[int]  # the sources whose long edges get a trunk
    trunks: dict[int, list[int]] = field(default_factory=dict)
    into_dummies: list[int] = field(default_factory=list)  # per dummy, the item before it in its trunk
    made_at: list[int] = field(default_factory=list)  # per dummy, the edge its trunk grew for

    def grow(self, edges: Edges, target_layers: list[int], long_edges: list[int]) -> list[int]:
        """Each edge's entry (see Edges.entries): the long edges take their trunk's dummy in the
        layer before their target, growing the trunk as far as it needs: new dummies in the layers
        after its last, each joined to the one before."""
        layer_of, layers, trunks, routed, sources = self.layer_of, self.layers, self.trunks, self.routed, edges.sources
        into_dummies, made_at = self.into_dummies, self.made_at
        entries = list(sources)
        for edge in long_edges:
            source = sources[edge]
            trunk = trunks.get(source)
            if trunk is None:
                if source not in routed:
                    entries[edge] = -1
                    continue
                trunk = trunks[source] = []
            dummies = target_layers[edge] - layer_of[source] - 1
            if len(trunk) < dummies:
                tail, first, added = trunk[-1] if trunk else source, len(layer_of), dummies - len(trunk)
                into_dummies.append(tail)
                into_dummies.extend(range(first, first + added - 1))
                made_at.extend(repeat(edge, added))
                trunk.extend(range(first, first + added))
                for layer in range(layer_of[tail] + 1, layer_of[tail] + 1 + added):
                    layers[layer].append(first)
                    first += 1
                layer_of.extend(range(layer_of[tail] + 1, layer_of[tail] + 1 + added))
            entries[edge] = trunk[dummies - 1]
        return entries

    def into_nodes(self, edges: Edges, operands: Sequence[Sequence[int]]) -> tuple[list[int], list[int], list[int]]:
        """The segments into nodes, node by node in port order, as their upper items and ports;
        and how many each node has (one per operand, less the edges drawn straight)."""
        entries = edges.entries
        if -1 not in entries:
            return entries, edges.operand_indices, list(map(len, operands))
        kept = list(map((-1).__ne__, entries))
        into = Counter(compress(edges.targets, kept))
        return (list(compress(entries, kept)), list(compress(edges.operand_indices, kept)),
                list(map(into.get, range(len(operands)), repeat(0))))

    def segments(self, edges: Edges, node_count: int) -> tuple[list[int], list[int], list[int]]:
        """Every segment as columns (upper item, lower item, port at the lower item): one into
        each port, node by node (none for an edge drawn straight), then one into each dummy."""
        entries, dummy_count = edges.entries, len(self.into_dummies)
        uppers, lowers, ports = entries, edges.targets, edges.operand_indices
        if -1 in entries:
            kept = list(map((-1).__ne__, entries))
            uppers, lowers, ports = (list(compress(column, kept)) for column in (uppers, lowers, ports))
        return (uppers + self.into_dummies, lowers + list(range(node_count, node_count + dummy_count)),
                ports + [0] * dummy_count)

    def in_made_order(self, lower: Adjacency, operands: Sequence[Sequence[int]]) -> None:
        """Put an item's segments to below back in the order they were made, where that matters.
        to_below lists them as `segments` gives them: those into nodes in edge order, then the one
        into the next dummy of the item's trunk. That one was made when the trunk grew for some
        edge, so before the segments of that edge and the later ones. The order only changes a
        mean over three or more of them (in its last bit: a sum of floats depends on its order),
        so only such items are reordered."""
        node_count, made_at, counts = len(operands), self.made_at, lower.counts
        neighbours, ports, begins = lower.neighbours, lower.ports, lower.begin
        edge_begin: list[int] = []  # per node, the index of its first edge
        for dummy, upper in enumerate(self.into_dummies, node_count):
            if counts[upper] < 3:
                continue
            if not edge_begin:
                edge_begin = list(accumulate(map(len, operands), initial=0))
            grown_for = made_at[dummy - node_count]
            at, last = begins[upper], begins[upper] + counts[upper] - 1  # the segment into `dummy` is last
            while at < last and edge_begin[neighbours[at]] + ports[at] < grown_for:
                at += 1
            if at < last:
                neighbours[at:last + 1] = [dummy, *neighbours[at:last]]
                ports[at:last + 1] = [0, *ports[at:last]]
                lower.first[upper] = neighbours[begins[upper]]
