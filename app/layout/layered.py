"""The proper layered graph the phases work on: items in layers, segments between adjacent layers.

Real nodes are items 0..node_count-1, dummies come after. Dummies are most of a big graph's items,
so the segments are kept in a few flat lists indexed by item (rather than a few lists per item),
grouped by item on each side.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate, chain, compress
from typing import Iterable, Iterator


@dataclass(frozen=True)
class Adjacency:
    """The segments on one side of every item: item i's counts[i] segments lie from begin[i] on in
    `neighbours` (the far items) and `ports` (each segment's port at its lower item). first[i] is
    its first neighbour, or i itself when it has none."""
    neighbours: list[int]
    ports: list[int]
    begin: list[int]
    counts: list[int]
    first: list[int]

    def of(self, item: int) -> list[int]:
        begin = self.begin[item]
        return self.neighbours[begin:begin + self.counts[item]]

    def ports_of(self, item: int) -> list[int]:
        begin = self.begin[item]
        return self.ports[begin:begin + self.counts[item]]

    def several(self, items: Iterable[int]) -> Iterator[int]:
        """The given items (a sequence) that have two or more segments on this side."""
        return compress(items, map((1).__lt__, map(self.counts.__getitem__, items)))


@dataclass
class LayeredGraph:
    """A proper layered graph: every segment joins an item to one in the next layer."""
    node_count: int
    layer_of: list[int]
    layers: list[list[int]]  # the items of each layer, in their current order
    upper: Adjacency  # per item, its segments from the layer before, in port order
    lower: Adjacency  # per item, its segments to the layer after, in the order they were made
    lower_items: list[int]  # per segment of `lower`, its upper item: `lower` lists layer by layer,
    pair_bounds: list[int]  # so the segments from layer i to i + 1 are at pair_bounds[i]:pair_bounds[i + 1]
    ports: list[int]  # per item, its ports: a node's operand count (at least 1), a dummy's 1
    edges: list[tuple[int, int, int]]  # (source, target, operand_index), one per operand of each node
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


def from_above(into_nodes: list[int], into_node_ports: list[int], node_counts: list[int],
               into_dummies: list[int]) -> Adjacency:
    """Each item's segments from the layer before: a node's, made in port order, node by node
    (node_counts[n] of them for node n); then one per dummy (into_dummies[d]: the item before it)."""
    firsts = [into_nodes[at] if count else node
              for node, at, count in zip(range(len(node_counts)), accumulate(node_counts, initial=0), node_counts)]
    counts = node_counts + [1] * len(into_dummies)
    return Adjacency(into_nodes + into_dummies, into_node_ports + [0] * len(into_dummies),
                     list(accumulate(counts, initial=0))[:-1], counts, firsts + into_dummies)


def to_below(uppers: list[int], lowers: list[int], ports: list[int],
             layers: list[list[int]]) -> tuple[Adjacency, list[int], list[int]]:
    """Each item's segments to the layer after, grouped layer by layer, item by item in the
    layers' order, each item's in the order given (a counting sort); with each grouped segment's
    upper item, and where each layer's segments begin."""
    item_count = sum(map(len, layers))
    counts = [0] * item_count
    for upper in uppers:
        counts[upper] += 1
    flat = list(chain.from_iterable(layers))
    flat_begins = list(accumulate(map(counts.__getitem__, flat), initial=0))
    begin = [0] * item_count
    for item, at in zip(flat, flat_begins):
        begin[item] = at
    free = list(begin)  # where each item's next segment goes
    items, neighbours, grouped_ports = [0] * len(uppers), [0] * len(uppers), [0] * len(uppers)
    for upper, lower, port in zip(uppers, lowers, ports):
        at = free[upper]
        free[upper] = at + 1
        items[at], neighbours[at], grouped_ports[at] = upper, lower, port
    firsts = [neighbours[at] if count else item for item, at, count in zip(range(item_count), begin, counts)]
    layer_begins = list(map(flat_begins.__getitem__, accumulate(map(len, layers), initial=0)))
    return Adjacency(neighbours, grouped_ports, begin, counts, firsts), items, layer_begins
