"""Phase 4: the vertical centre of every item (x comes from the layer alone).

In a layer, y is the weighted least-squares fit to where the neighbours want each item (level with
the port it enters, or with its port level with them), subject to the minimum separation of
consecutive items (node_height + gap between two nodes), solved exactly in O(n) by pooling adjacent
violators; dummies weigh more, and chains come out level. Sweeps go down, up, and last on both
sides (a big graph gets fewer one-sided sweeps, the last of them upward). Then the trunks are
straightened (straightening.py); in a big graph they come out of the sweeps about as level as they
can be, and that step is skipped.
"""
from __future__ import annotations

from functools import cached_property
from itertools import accumulate, chain, compress, islice, repeat
from operator import add, gt, not_
from typing import Iterable

from .budget import PLACEMENT_BUDGET, PLACEMENT_SWEEPS, STRAIGHTEN_BUDGET, layout_work, rounds_within
from .drawing import Spacing, port_offset
from .layered import Adjacency, LayeredGraph
from .straightening import straighten_trunks

DUMMY_WEIGHT = 4.0  # a dummy's pull in placement, so long edges stay straight
LOOSE_WEIGHT = 0.25  # a node with no neighbour on the side being fitted keeps its place lightly


def pack(desired: list[float], weights: Iterable[float], offsets: list[float]) -> list[float]:
    """The y closest to `desired` (weighted least squares) with y[i+1] - y[i] >= the separation
    offsets[i+1] - offsets[i] (offsets: the running sum of separations, from 0).

    Writing y[i] = z[i] + offsets[i], the constraint becomes z non-decreasing: isotonic
    regression, solved by pooling adjacent violators.
    """
    z = [target - offset for target, offset in zip(desired, offsets)]
    if z == sorted(z):
        return desired
    blocks: list[tuple[float, float, int]] = []  # (weighted mean of z, total weight, item count)
    for mean, weight in zip(z, weights):
        size = 1
        while blocks and blocks[-1][0] >= mean:
            left_mean, left_weight, left_size = blocks.pop()
            total = left_weight + weight
            mean = (left_weight * left_mean + weight * mean) / total
            weight, size = total, size + left_size
        blocks.append((mean, weight, size))
    placed: list[float] = []
    for mean, _, size in blocks:
        placed += [mean] * size
    return [mean + offset for mean, offset in zip(placed, offsets)]


class Side:
    """Where the neighbours on one side want each item: level with its neighbour there (plus the
    port offset), the mean over several, its own y when it has none; and how strongly."""

    def __init__(self, graph: LayeredGraph, adjacency: Adjacency, pulls: list[float], position: list[int]) -> None:
        node_count = graph.node_count
        self.counts, self.firsts, self.pulls = adjacency.counts, adjacency.first, pulls
        self.weights = [1.0 if neighbours else LOOSE_WEIGHT for neighbours in self.counts[:node_count]]
        self.weights += [DUMMY_WEIGHT] * (graph.item_count - node_count)
        self.graph, self.adjacency, self.position = graph, adjacency, position

    @cached_property
    def several(self) -> dict[int, list[tuple[int, int]]]:
        """Per layer, its items of several neighbours on this side: (place, item)."""
        return several_by_layer(self.graph, self.adjacency.several(range(self.graph.item_count)), self.position)

    def one(self, item: int, y: list[float]) -> float:
        """Where the neighbours want an item: the mean over them, its own y when it has none."""
        count = self.counts[item]
        if count == 1:
            return y[self.firsts[item]] + self.pulls[item]
        if count:
            return (sum(map(y.__getitem__, self.adjacency.of(item))) + self.pulls[item]) / count
        return y[item]

    def desired(self, index: int, layer: list[int], y: list[float]) -> list[float]:
        firsts, pulls = self.firsts, self.pulls
        wanted = [y[firsts[item]] + pulls[item] for item in layer]
        for place, item in self.several.get(index, ()):
            wanted[place] = self.one(item, y)
        return wanted


class BothSides:
    """Where the neighbours on both sides want each item: the mean over all of them, the pull of
    each side added to its sum. A side of no neighbour reads `nowhere`, a y of 0.0."""

    def __init__(self, graph: LayeredGraph, above: Side, below: Side, nowhere: int, position: list[int]) -> None:
        self.above, self.below = above, below
        self.firsts_up, self.firsts_down = list(above.firsts), list(below.firsts)
        for firsts, counts in ((self.firsts_up, above.counts), (self.firsts_down, below.counts)):
            for item in compress(range(graph.item_count), map(not_, counts)):
                firsts[item] = nowhere
        totals = list(map(add, above.counts, below.counts))
        self.counts = list(map(float, map(max, totals, repeat(1))))
        self.weights = list(map(max, above.weights, below.weights))
        self.several = several_by_layer(graph, sorted(set(chain(
            compress(range(graph.item_count), map(gt, above.counts, repeat(1))),
            compress(range(graph.item_count), map(gt, below.counts, repeat(1))),
            compress(range(graph.item_count), map(not_, totals))))), position)

    def desired(self, index: int, layer: list[int], y: list[float]) -> list[float]:
        ups, downs, counts = self.firsts_up, self.firsts_down, self.counts
        pulls_up, pulls_down = self.above.pulls, self.below.pulls
        wanted = [((y[ups[item]] + pulls_up[item]) + (y[downs[item]] + pulls_down[item])) / counts[item]
                  for item in layer]
        for place, item in self.several.get(index, ()):
            wanted[place] = self.one(item, y)
        return wanted

    def one(self, item: int, y: list[float]) -> float:
        """Where the neighbours on both sides want an item: the mean over all of them."""
        above, below, at = self.above, self.below, y.__getitem__
        ups, downs = above.counts[item], below.counts[item]
        if ups == downs == 1:  # most items: a dummy, or a node of one operand and one consumer
            return ((y[above.firsts[item]] + above.pulls[item]) + (y[below.firsts[item]] + below.pulls[item])) / 2
        total = 0.0
        if ups:
            total += sum(map(at, above.adjacency.of(item))) + above.pulls[item]
        if downs:
            total += sum(map(at, below.adjacency.of(item))) + below.pulls[item]
        return total / (ups + downs) if ups or downs else y[item]


def several_by_layer(graph: LayeredGraph, items: Iterable[int],
                     position: list[int]) -> dict[int, list[tuple[int, int]]]:
    """The given items, by layer: (place in the layer, item)."""
    by_layer: dict[int, list[tuple[int, int]]] = {}
    layer_of = graph.layer_of
    for item in items:
        by_layer.setdefault(layer_of[item], []).append((position[item], item))
    return by_layer


def placement_sweep(indices: Iterable[int], graph: LayeredGraph, offsets: list[list[float]],
                    side: Side | BothSides, y: list[float]) -> None:
    """Place each layer in turn where `side` wants it; a layer of one item (a chain) simply
    takes the mean."""
    layers, weights = graph.layers, side.weights.__getitem__
    for index in indices:
        layer = layers[index]
        if len(layer) == 1:
            y[layer[0]] = side.one(layer[0], y)
            continue
        for item, placed in zip(layer, pack(side.desired(index, layer, y), map(weights, layer), offsets[index])):
            y[item] = placed


def port_offsets(graph: LayeredGraph, spacing: Spacing) -> tuple[list[float], list[float]]:
    """Per item, the sums of the port offsets (px) of its segments from above and to below:
    the pull of a neighbour above is its y minus the port offset at the item, of one below its
    y plus the offset of the port entered there."""
    arity, upper = graph.ports, graph.upper  # a dummy's one port is its centre
    from_upper = [0.0] * graph.item_count
    from_lower = [0.0] * graph.item_count
    offsets_by_arity = {count: [port_offset(port, count, spacing) for port in range(count)]
                        for count in set(arity[:graph.node_count]) if count > 1}
    for item, count in enumerate(arity[:graph.node_count]):
        if count > 1:
            offsets, begin = offsets_by_arity[count], upper.begin[item]
            total = 0.0
            for at in range(begin, begin + upper.counts[item]):
                total += offsets[upper.ports[at]]
                from_lower[upper.neighbours[at]] += offsets[upper.ports[at]]
            from_upper[item] = -total
    return from_upper, from_lower


def separations(graph: LayeredGraph, halves: list[float], gap: float) -> list[list[float]]:
    """Per layer, each item's least distance below the layer's first: the running sum of half
    heights and gaps."""
    alone = [0.0]  # shared by every layer of one item (a chain has thousands): read, never written
    return [list(accumulate([halves[above] + halves[below] + gap
                             for above, below in zip(layer, islice(layer, 1, None))], initial=0.0))
            if len(layer) > 1 else alone
            for layer in graph.layers]


def assign_y(graph: LayeredGraph, spacing: Spacing) -> list[float]:
    """Vertical centres: each layer packed around 0, then down, up and two-sided placement sweeps."""
    node_count, gap, item_count = graph.node_count, spacing.gap, graph.item_count
    halves = [spacing.node_height / 2] * node_count + [0.0] * (item_count - node_count)
    offsets = separations(graph, halves, gap)
    y = [0.0] * (item_count + 1)  # and one more: `nowhere`, for a side of no neighbours
    position = [0] * item_count
    for layer, layer_offsets in zip(graph.layers, offsets):
        middle = layer_offsets[-1] / 2
        for rank, (item, offset) in enumerate(zip(layer, layer_offsets)):
            y[item] = offset - middle
            position[item] = rank
    from_upper, from_lower = port_offsets(graph, spacing)
    above = Side(graph, graph.upper, from_upper, position)
    below = Side(graph, graph.lower, from_lower, position)
    layer_count = len(graph.layers)
    work = layout_work(graph)
    sweeps = rounds_within(PLACEMENT_BUDGET, work, PLACEMENT_SWEEPS, least=0)
    schedule = (True, False) * (PLACEMENT_SWEEPS // 2)  # down, up, ...: the last `sweeps`, so ending upward
    for downward in schedule[len(schedule) - sweeps:]:
        if downward:
            placement_sweep(range(1, layer_count), graph, offsets, above, y)
        else:
            placement_sweep(range(layer_count - 2, -1, -1), graph, offsets, below, y)
    placement_sweep(range(layer_count), graph, offsets, BothSides(graph, above, below, item_count, position), y)
    del y[item_count]
    if work <= STRAIGHTEN_BUDGET:
        straighten_trunks(graph, y, halves, gap, position)
    return y
