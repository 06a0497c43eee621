"""Adjacent exchanges (transpose): swap two neighbours in a layer when that removes crossings.

Two neighbours' crossings with a layer beside are counted from their own segments alone (the rest
of the layer does not change), so an exchange is judged in O(segments of the two).

As in Graphviz dot, the layers are visited in rounds until a round removes nothing, and a layer is
visited again only when it or a layer beside it changed. A sideways round also swaps two
neighbours whose crossings stay the same (and are not zero), as dot's "reverse" transpose does:
the crossings move from one side of the layer to the other, where the next rounds may remove
them. Repeated from the best order found, it is most of what the exchanges gain on the
benchmark's graphs.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from .crossings import LayerPairs
from .layered import LayeredGraph


class Ends:
    """Per layer, the far ends of each item's segments to one side, in the layer's order: an
    item of one segment as its end (an int; most items, a dummy or a node of one operand), else
    -1 in `single` and its ends, sorted, in `lists` (None for the others). Kept until the layer
    on that side changes."""

    def __init__(self, layer_count: int) -> None:
        self.single: list[list[int] | None] = [None] * layer_count
        self.lists: list[list[list[int] | None]] = [[] for _ in range(layer_count)]

    def forget(self, index: int) -> None:
        if 0 <= index < len(self.single):
            self.single[index] = None


def upper_ends(graph: LayeredGraph, position: list[int], layer: list[int]) -> tuple[list[int], list[list[int] | None]]:
    """The ends of a layer's segments from the layer before: the positions of the upper items."""
    upper = graph.upper
    counts, first = upper.counts, upper.first
    single = [position[first[item]] if counts[item] == 1 else -1 for item in layer]
    lists = [None if end >= 0 else sorted(map(position.__getitem__, upper.of(item)))
             for end, item in zip(single, layer)]
    return single, lists


def lower_ends(graph: LayeredGraph, position: list[int], layer: list[int]) -> tuple[list[int], list[list[int] | None]]:
    """The ends of a layer's segments to the layer after: position x slots + port at the lower item."""
    lower, slots = graph.lower, graph.slots
    counts, first, begin, ports = lower.counts, lower.first, lower.begin, lower.ports
    single = [position[first[item]] * slots + ports[begin[item]] if counts[item] == 1 else -1 for item in layer]
    lists = [None if end >= 0 else sorted([position[other] * slots + port
                                           for other, port in zip(lower.of(item), lower.ports_of(item))])
             for end, item in zip(single, layer)]
    return single, lists


class Exchanges:
    """Adjacent exchanges over one graph from a given order, which only they change after: they
    keep the crossings of each pair of layers up to date, and count the items they visit (the
    refinement's budget)."""

    def __init__(self, graph: LayeredGraph, pairs: LayerPairs, position: list[int],
                 cluster: list[int] | None = None) -> None:
        self.graph = graph
        self.cluster = cluster  # per item, its cluster: only two neighbours of one cluster are swapped
        self.crossings = pairs.crossings(position)
        self.visits = 0

    def transpose(self, position: list[int], sideways: bool = False) -> int:
        """Rounds of exchanges over the layers with crossings beside them, the first round
        sideways if asked, until a round removes no crossing; return the total crossings after."""
        graph, crossings = self.graph, self.crossings
        last = len(graph.layers) - 1
        candidate = [True] * (last + 1)
        before, after = Ends(last + 1), Ends(last + 1)
        while True:
            removed = 0
            for index in range(last + 1):
                if not candidate[index]:
                    continue
                candidate[index] = False
                layer = graph.layers[index]
                if len(layer) < 2 or not ((index and crossings[index - 1]) or (index < last and crossings[index])):
                    continue
                self.visits += len(layer)
                if before.single[index] is None:
                    before.single[index], before.lists[index] = upper_ends(graph, position, layer)
                if after.single[index] is None:
                    after.single[index], after.lists[index] = lower_ends(graph, position, layer)
                removed_before, removed_after = transpose(layer, before.single[index], before.lists[index],
                                                          after.single[index], after.lists[index], sideways,
                                                          self.cluster)
                if removed_before is None:
                    continue
                for rank, item in enumerate(layer):
                    position[item] = rank
                for near in range(max(index - 1, 0), min(index + 1, last) + 1):
                    candidate[near] = True
                before.forget(index + 1)  # the layers beside see this one's new order
                after.forget(index - 1)
                if index:
                    crossings[index - 1] -= removed_before
                if index < last:
                    crossings[index] -= removed_after
                removed += removed_before + removed_after
            if not removed:
                return sum(crossings)
            sideways = False


def pair_crossings(first: int, first_ends: list[int] | None, second: int,
                   second_ends: list[int] | None) -> tuple[int, int]:
    """Crossings between two neighbours' segments to one side, from their ends (see Ends: an end,
    or -1 and the sorted ends): (with the first above the second, with the second above the first)."""
    if first >= 0:  # one end against several (or none)
        return bisect_left(second_ends, first), len(second_ends) - bisect_right(second_ends, first)
    if second >= 0:
        return len(first_ends) - bisect_right(first_ends, second), bisect_left(first_ends, second)
    kept = swapped = 0
    size = len(second_ends)
    for end in first_ends:
        kept += bisect_left(second_ends, end)
        swapped += size - bisect_right(second_ends, end)
    return kept, swapped


def transpose(layer: list[int], before_single: list[int], before_lists: list[list[int] | None],
              after_single: list[int], after_lists: list[list[int] | None],
              sideways: bool, cluster: list[int] | None = None) -> tuple[int, int] | tuple[None, None]:
    """One pass of adjacent exchanges down a layer, given its items' ends on both sides (see
    Ends; swapped along with the items): swap two neighbours when that removes crossings with
    the two layers beside it (or, sideways, keeps them and they are not zero). Returns the
    crossings removed (with the layer before, with the layer after), or None when no two were
    swapped. With `cluster` (per item), only two neighbours of one cluster are swapped."""
    removed_before = removed_after = 0
    moved = False
    for rank in range(len(layer) - 1):
        if cluster is not None and cluster[layer[rank]] != cluster[layer[rank + 1]]:
            continue
        first, second = before_single[rank], before_single[rank + 1]
        if first >= 0 and second >= 0:  # most pairs: each of one segment
            kept_before, swapped_before = first > second, first < second
        else:
            kept_before, swapped_before = pair_crossings(first, before_lists[rank], second, before_lists[rank + 1])
        first, second = after_single[rank], after_single[rank + 1]
        if first >= 0 and second >= 0:
            kept_after, swapped_after = first > second, first < second
        else:
            kept_after, swapped_after = pair_crossings(first, after_lists[rank], second, after_lists[rank + 1])
        kept, swapped = kept_before + kept_after, swapped_before + swapped_after
        if swapped < kept or (sideways and swapped == kept and kept):
            for row in (layer, before_single, before_lists, after_single, after_lists):
                row[rank], row[rank + 1] = row[rank + 1], row[rank]
            removed_before += kept_before - swapped_before
            removed_after += kept_after - swapped_after
            moved = True
    return (removed_before, removed_after) if moved else (None, None)
