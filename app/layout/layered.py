"""The proper layered graph the phases work on: items in layers, segments between adjacent layers.

Real nodes are items 0..node_count-1, dummies come after. Dummies are most of a big graph's items,
so the segments are kept in a few flat lists indexed by item (rather than a few lists per item),
grouped by item on each side; the edges too are kept as columns, and the items of no segment or of
several on a side are listed once, as the lists are made, for the phases that treat them apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate, chain, compress
from operator import not_
from typing import Sequence


@dataclass(frozen=True)
class Adjacency:
    """The segments on one side of every item: item i's counts[i] segments lie from begin[i] on in
    `neighbours` (the far items) and `ports` (each segment's port at its lower item). first[i] is
    its first neighbour, or i itself when it has none. `alone` lists the items of no segment,
    `several` those of two or more."""
    neighbours: list[int]
    ports: list[int]
    begin: list[int]
    counts: list[int]
    first: list[int]
    alone: list[int]
    several: list[int]

    def of(self, item: int) -> list[int]:
        begin = self.begin[item]
        return self.neighbours[begin:begin + self.counts[item]]

    def ports_of(self, item: int) -> list[int]:
        begin = self.begin[item]
        return self.ports[begin:begin + self.counts[item]]


@dataclass
class Edges:
    """The graph's edges, one per operand of each node, node by node in operand order, as columns."""
    sources: list[int]
    targets: list[int]
    operand_indices: list[int]
    # per edge, the item its segment into the target's port leaves: the source when the edge spans one
    # layer, else the dummy of the source's trunk in the layer before the target; -1 when the edge
    # is drawn straight (past the dummy limit, no segment)
    entries: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, operands: Sequence[Sequence[int]]) -> Edges:
        counts = list(map(len, operands))
        ranges = [tuple(range(count)) for count in range(max(counts, default=0) + 1)]
        sources = list(chain.from_iterable(operands))
        return cls(sources, [node for node, node_operands in enumerate(operands) for _ in node_operands],
                   list(chain.from_iterable(map(ranges.__getitem__, counts))), sources)


@dataclass
class LayeredGraph:
    """A proper layered graph: every segment joins an item to one in the next layer."""
    node_count: int
    layer_of: list[int]
    layers: list[list[int]]  # the items of each layer, in their current order
    upper: Adjacency  # per item, its segments from the layer before, in port order
    lower: Adjacency  # per item, its segments to the layer after, in the order made (see layering.Trunks)
    lower_items: list[int]  # per segment of `lower`, its upper item: `lower` lists layer by layer,
    pair_bounds: list[int]  # so the segments from layer i to i + 1 are at pair_bounds[i]:pair_bounds[i + 1]
    ports: list[int]  # per item, its ports: a node's operand count (at least 1), a dummy's 1
    edges: Edges
    trunks: dict[int, list[int]]  # source -> its dummies, one per layer after the source's
    slots: int = field(init=False)  # the most ports of any item: lower ends are keyed position x slots + port

    def __post_init__(self) -> None:
        self.slots = max(self.ports, default=1)

    @property
    def item_count(self) -> int:
        return len(self.layer_of)

    def segments(self) -> list[tuple[int, int, int]]:
        """Every segment as (upper item, lower item, port at the lower item), layer by layer;
        x*x has two."""
        return list(zip(self.lower_items, self.lower.neighbours, self.lower.ports))


def layers_in_id_order(layer_of: list[int]) -> list[list[int]]:
    """The items of each layer, by id."""
    layers: list[list[int]] = [[] for _ in range(max(layer_of, default=-1) + 1)]
    appends = [layer.append for layer in layers]
    for item, layer in enumerate(layer_of):
        appends[layer](item)
    return layers


def adjacency(neighbours: list[int], ports: list[int], begin: list[int], counts: list[int],
              alone: list[int], several: list[int]) -> Adjacency:
    """An Adjacency over grouped segments, with each item's first neighbour (itself for the items
    `alone`, those of no segment on this side)."""
    first = list(map((neighbours + [0]).__getitem__, begin))
    for item in alone:
        first[item] = item
    return Adjacency(neighbours, ports, begin, counts, first, alone, several)


def from_above(into_nodes: list[int], into_node_ports: list[int], node_counts: list[int],
               into_dummies: list[int]) -> Adjacency:
    """Each item's segments from the layer before: a node's, made in port order, node by node
    (node_counts[n] of them for node n); then one per dummy (into_dummies[d]: the item before it)."""
    counts = node_counts + [1] * len(into_dummies)
    return adjacency(into_nodes + into_dummies, into_node_ports + [0] * len(into_dummies),
                     list(accumulate(counts, initial=0))[:-1], counts,
                     list(compress(range(len(node_counts)), map(not_, node_counts))),
                     list(compress(range(len(node_counts)), map((1).__lt__, node_counts))))


def to_below(uppers: list[int], lowers: list[int], ports: list[int],
             layers: list[list[int]]) -> tuple[Adjacency, list[int], list[int]]:
    """Each item's segments to the layer after, grouped layer by layer, item by item in the
    layers' order, each item's in the order given (a counting sort); with each grouped segment's
    upper item, and where each layer's segments begin."""
    item_count = sum(map(len, layers))
    counts = [0] * item_count
    for upper in uppers:
        counts[upper] += 1
    begin, alone, several, layer_begins = [0] * item_count, [], [], []
    at = 0
    for layer in layers:
        layer_begins.append(at)
        for item in layer:
            begin[item] = at
            count = counts[item]
            if count == 1:
                at += 1
            elif count:
                at += count
                several.append(item)
            else:
                alone.append(item)
    layer_begins.append(at)
    free = list(begin)  # where each item's next segment goes
    items, neighbours, grouped_ports = [0] * len(uppers), [0] * len(uppers), [0] * len(uppers)
    for upper, lower, port in zip(uppers, lowers, ports):
        at = free[upper]
        free[upper] = at + 1
        items[at], neighbours[at], grouped_ports[at] = upper, lower, port
    return adjacency(neighbours, grouped_ports, begin, counts, alone, several), items, layer_begins
