"""Counting edge crossings between adjacent layers.

A segment ends at a port of its lower item (operand 0 highest), so two segments into one node cross
when they arrive against the port order: a segment's lower end is keyed position x slots + port.
The crossings between two layers are the inversions among the lower ends read in upper order (one
item's ends in increasing order, as segments from one point do not cross).
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import compress, islice, repeat
from operator import gt
from typing import Iterable, Iterator

from .layered import LayeredGraph

INSORT_LIMIT = 4096  # segments between two layers up to which inversions are counted by insertion
NARROW = 8  # segments per pair of layers (on average) up to which all pairs are counted in one sort


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
        # more than any lower end (position x slots + port) and any position
        self.width = max(map(len, graph.layers), default=1) * self.slots

    def lower_ends(self, position: list[int]) -> Iterator[list[int]]:
        """For each pair of layers, the lower ends of its segments read in upper order."""
        return map(self.pair_ends, repeat(position), range(self.count))

    def pair_ends(self, position: list[int], index: int) -> list[int]:
        """The lower ends of the segments between layer `index` and the next, read in upper order;
        none when they cannot cross (all from one point)."""
        graph, slots = self.graph, self.slots
        begin, end = graph.pair_bounds[index], graph.pair_bounds[index + 1]
        if end - begin < 2 or len(graph.layers[index]) < 2:
            return []
        # sort by (upper position, lower end) in one key, then keep the lower ends
        width = len(graph.layers[index + 1]) * slots
        uppers, lowers, ports = graph.lower_items, graph.lower.neighbours, graph.lower.ports
        keys = sorted([position[uppers[at]] * width + position[lowers[at]] * slots + ports[at]
                       for at in range(begin, end)])
        return [key % width for key in keys]

    def all_ends(self, position: list[int]) -> list[int]:
        """The lower ends of every segment, pair by pair, each pair's read in upper order, as
        pair x width + end: one sort of one key per segment (pair, upper position, lower end),
        rather than one per pair (a deep graph has thousands of pairs of a few segments)."""
        graph, slots, width = self.graph, self.slots, self.width
        square, layer_of = width * width, graph.layer_of
        keys = sorted([layer_of[upper] * square + position[upper] * width + position[lower] * slots + port
                       for upper, lower, port in zip(graph.lower_items, graph.lower.neighbours, graph.lower.ports)])
        return [key // square * width + key % width for key in keys]

    def crossings(self, position: list[int]) -> list[int]:
        """Crossings between layer i and layer i + 1, for each i (dummies included). Narrow pairs
        (a deep graph's) are counted from all_ends, in the pairs where some lower end comes
        before a lesser one; wide ones pair by pair."""
        if len(self.graph.lower_items) > NARROW * self.count:
            return list(map(inversions, self.lower_ends(position)))
        ends, bounds, width = self.all_ends(position), self.graph.pair_bounds, self.width
        crossings = [0] * self.count
        for at in compress(range(1, len(ends)), map(gt, ends, islice(ends, 1, None))):
            pair = ends[at] // width
            if not crossings[pair]:
                crossings[pair] = inversions([end % width for end in ends[bounds[pair]:bounds[pair + 1]]])
        return crossings

    def total(self, position: list[int], pairs: Iterable[int] | None = None) -> int:
        """All the crossings; or those of the given pairs (by upper layer), when the others have none."""
        if pairs is None:
            return sum(self.crossings(position))
        return sum(map(inversions, map(self.pair_ends, repeat(position), pairs)))

    def any(self, position: list[int]) -> bool:
        """Whether any two segments cross: stops at the first pair of layers where some do."""
        return any(ends != sorted(ends) for ends in self.lower_ends(position))
