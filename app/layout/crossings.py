"""Counting edge crossings between adjacent layers.

A segment ends at a port of its lower item (operand 0 highest), so two segments into one node cross
when they arrive against the port order: a segment's lower end is keyed position x slots + port.
The crossings between two layers are the inversions among the lower ends read in upper order (one
item's ends in increasing order, as segments from one point do not cross).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Iterator

from .layered import LayeredGraph

INSORT_LIMIT = 4096  # segments between two layers up to which inversions are counted by insertion


def positions(layers: list[list[int]], item_count: int) -> list[int]:
    """Each item's index within its layer."""
    position = [0] * item_count
    for layer in layers:
        for index, item in enumerate(layer):
            position[item] = index
    return position


def inversions(ends: list[int]) -> int:
    """Pairs i < j with ends[i] > ends[j]: none when they are sorted (checked in C); by insertion
    into a sorted list while that is cheap (a C memmove), else by Barth, Juenger & Mutzel's
    accumulator tree, O(n log n) at any size."""
    if ends == sorted(ends):
        return 0
    if len(ends) <= INSORT_LIMIT:
        seen: list[int] = []
        insert = seen.insert
        not_greater = 0  # over all ends, how many earlier ends are not greater
        for end in ends:
            place = bisect_right(seen, end)
            not_greater += place
            insert(place, end)
        return len(ends) * (len(ends) - 1) // 2 - not_greater
    leaves = 1
    while leaves <= max(ends):
        leaves *= 2
    tree = [0] * (2 * leaves - 1)  # tree[i]: how many ends lie under node i
    count = 0
    for end in ends:
        index = end + leaves - 1
        tree[index] += 1
        while index > 0:
            if index % 2:  # a left child: everything under its right sibling lies further down
                count += tree[index + 1]
            index = (index - 1) // 2
            tree[index] += 1
    return count


class LayerPairs:
    """Counts over the segments between each layer and the next (graph.pair_bounds)."""

    def __init__(self, graph: LayeredGraph) -> None:
        self.graph = graph
        self.slots = graph.slots
        self.count = max(len(graph.layers) - 1, 0)

    def lower_ends(self, position: list[int]) -> Iterator[list[int]]:
        """For each pair of layers, the lower ends of its segments read in upper order; none when
        they cannot cross (all from one point)."""
        graph, slots = self.graph, self.slots
        layers, bounds, ports = graph.layers, graph.pair_bounds, graph.lower.ports
        uppers, lowers = graph.lower_items, graph.lower.neighbours
        for index in range(self.count):
            begin, end = bounds[index], bounds[index + 1]
            if end - begin < 2 or len(layers[index]) < 2:
                yield []
                continue
            # sort by (upper position, lower end) in one key, then keep the lower ends
            width = len(layers[index + 1]) * slots
            if slots == 1:
                keys = sorted([position[upper] * width + position[lower]
                               for upper, lower in zip(uppers[begin:end], lowers[begin:end])])
            else:
                keys = sorted([position[upper] * width + position[lower] * slots + port for upper, lower, port
                               in zip(uppers[begin:end], lowers[begin:end], ports[begin:end])])
            yield [key % width for key in keys]

    def crossings(self, position: list[int]) -> list[int]:
        """Crossings between layer i and layer i + 1, for each i (dummies included)."""
        return list(map(inversions, self.lower_ends(position)))

    def total(self, position: list[int]) -> int:
        return sum(self.crossings(position))

    def any(self, position: list[int]) -> bool:
        """Whether any two segments cross: stops at the first pair of layers where some do."""
        return any(ends != sorted(ends) for ends in self.lower_ends(position))
