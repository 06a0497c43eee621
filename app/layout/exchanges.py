"""Adjacent exchanges (transpose): swap two neighbours in a layer when that removes crossings.

Two neighbours' crossings with a layer beside are counted from their own segments alone (the rest
of the layer does not change), so an exchange is judged in O(segments of the two).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from .crossings import LayerPairs
from .layered import LayeredGraph

TRANSPOSE_PASSES = 4  # passes of adjacent exchanges over one layer, per sweep


def transpose_layers(graph: LayeredGraph, pairs: LayerPairs, position: list[int]) -> int:
    """Transpose every layer that has crossings beside it; return the total crossings after."""
    crossings = pairs.crossings(position)
    for index in range(len(graph.layers)):
        before = crossings[index - 1] if index else 0
        after = crossings[index] if index < len(crossings) else 0
        if before or after:
            removed_before, removed_after = transpose(graph, position, index)
            if index:
                crossings[index - 1] -= removed_before
            if index < len(crossings):
                crossings[index] -= removed_after
    return sum(crossings)


def pair_crossings(first_ends: list[int], second_ends: list[int]) -> tuple[int, int]:
    """Crossings between two neighbours' segments to one side, from each one's sorted far ends:
    (with the first above the second, with the second above the first)."""
    kept = swapped = 0
    size = len(second_ends)
    for end in first_ends:
        kept += bisect_left(second_ends, end)
        swapped += size - bisect_right(second_ends, end)
    return kept, swapped


def transpose(graph: LayeredGraph, position: list[int], index: int) -> tuple[int, int]:
    """Adjacent exchanges in one layer while a swap removes crossings with the two layers beside
    it; returns the crossings removed (with the layer before, with the layer after)."""
    layer = graph.layers[index]
    at = position.__getitem__
    upper, lower, slots = graph.upper, graph.lower, graph.slots
    before_ends = [[position[upper.first[item]]] if upper.counts[item] == 1 else sorted(map(at, upper.of(item)))
                   for item in layer]
    after_ends = [[position[lower.first[item]] * slots + lower.ports[lower.begin[item]]] if lower.counts[item] == 1
                  else sorted([position[other] * slots + port
                               for other, port in zip(lower.of(item), lower.ports_of(item))])
                  for item in layer]
    removed_before = removed_after = 0
    for _ in range(TRANSPOSE_PASSES):
        improved = False
        for rank in range(len(layer) - 1):
            first, second = before_ends[rank], before_ends[rank + 1]
            if len(first) == 1 and len(second) == 1:  # most items: a dummy, or a node of one operand
                kept_before, swapped_before = first[0] > second[0], first[0] < second[0]
            else:
                kept_before, swapped_before = pair_crossings(first, second)
            first, second = after_ends[rank], after_ends[rank + 1]
            if len(first) == 1 and len(second) == 1:
                kept_after, swapped_after = first[0] > second[0], first[0] < second[0]
            else:
                kept_after, swapped_after = pair_crossings(first, second)
            if swapped_before + swapped_after < kept_before + kept_after:
                for row in (layer, before_ends, after_ends):
                    row[rank], row[rank + 1] = row[rank + 1], row[rank]
                removed_before += kept_before - swapped_before
                removed_after += kept_after - swapped_after
                improved = True
        if not improved:
            break
    for rank, item in enumerate(layer):
        position[item] = rank
    return removed_before, removed_after
