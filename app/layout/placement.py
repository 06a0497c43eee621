"""Phase 4: the vertical centre of every item (x comes from the layer alone).

In a layer, y is the weighted least-squares fit to where the neighbours want each item (level with
the port it enters, or with its port level with them), subject to the minimum separation of
consecutive items (node_height + gap between two nodes), solved exactly in O(n) by pooling adjacent
violators; dummies weigh more, and chains come out level. Sweeps go down, up, and last on both
sides (a big graph gets fewer one-sided sweeps, the last of them upward). Then the trunks are
straightened (straightening.py); in a big graph they come out of the sweeps about as level as they
can be, and that step is skipped.

A deep graph has thousands of layers of a few items, so a sweep does little per layer: it reads
flat lists indexed by item (each item's offset in its layer, its first two neighbours on a side,
where it is wanted), and only the few items of more than two neighbours on a side take a mean of
their own.
"""
from __future__ import annotations

from functools import cached_property
from itertools import chain, islice
from math import inf
from operator import add
from typing import Callable, Iterable, Sequence

from .budget import PLACEMENT_BUDGET, PLACEMENT_SWEEPS, STRAIGHTEN_BUDGET, layout_work, rounds_within
from .crossings import positions
from .drawing import Spacing, port_offsets_by_arity
from .layered import Adjacency, LayeredGraph
from .straightening import straighten_trunks

DUMMY_WEIGHT = 4.0  # a dummy's pull in placement, so long edges stay straight
LOOSE_WEIGHT = 0.25  # a node with no neighbour on the side being fitted keeps its place lightly


def pack(layer: list[int], wanted: list[float], weights: list[float], offset: list[float], y: list[float]) -> None:
    """Set y of a layer's items to the y closest to where they are `wanted` (weighted least
    squares) with y[b] - y[a] >= offset[b] - offset[a] for consecutive items a, b (offset: each
    item's running sum of separations in its layer, from 0).

    Writing y = z + offset, the constraint becomes z non-decreasing: isotonic regression, solved
    by pooling adjacent violators. When z is already in order, y is where they are wanted.
    """
    blocks: list[tuple[float, float, int]] = []  # (weighted mean of z, total weight, item count)
    previous, in_order = -inf, True
    for item in layer:
        mean = wanted[item] - offset[item]
        if mean < previous:
            in_order = False
        previous, weight, size = mean, weights[item], 1
        while blocks and blocks[-1][0] >= mean:
            left_mean, left_weight, left_size = blocks.pop()
            total = left_weight + weight
            mean = (left_weight * left_mean + weight * mean) / total
            weight, size = total, size + left_size
        blocks.append((mean, weight, size))
    if in_order:
        for item in layer:
            y[item] = wanted[item]
        return
    start = 0
    for mean, _, size in blocks:
        for item in layer[start:start + size]:
            y[item] = mean + offset[item]
        start += size


def by_layer(graph: LayeredGraph, items: Iterable[int]) -> dict[int, list[int]]:
    """The given items, by layer."""
    layers: dict[int, list[int]] = {}
    layer_of = graph.layer_of
    for item in items:
        layers.setdefault(layer_of[item], []).append(item)
    return layers


class Side:
    """Where the neighbours on one side want each item: level with its neighbour there (plus the
    port offset), the mean over several, its own y when it has none; and how strongly. An item's
    first two neighbours are read from flat lists (`nowhere` reads a y of 0.0); the few items of
    more are computed one by one."""

    def __init__(self, graph: LayeredGraph, adjacency: Adjacency, pulls: list[float], nowhere: int) -> None:
        self.graph, self.adjacency, self.pulls = graph, adjacency, pulls
        self.counts, self.firsts = adjacency.counts, adjacency.first
        self.seconds = [nowhere] * graph.item_count
        neighbours, begin = adjacency.neighbours, adjacency.begin
        for item in adjacency.several:
            self.seconds[item] = neighbours[begin[item] + 1]

    @cached_property
    def weights(self) -> list[float]:
        node_count = self.graph.node_count
        return ([1.0 if count else LOOSE_WEIGHT for count in self.counts[:node_count]]
                + [DUMMY_WEIGHT] * (self.graph.item_count - node_count))

    @cached_property
    def divisors(self) -> list[int]:
        return [count or 1 for count in self.counts]

    @cached_property
    def many(self) -> dict[int, list[int]]:
        """Per layer, its items of more than two neighbours on this side."""
        counts = self.counts
        return by_layer(self.graph, [item for item in self.adjacency.several if counts[item] > 2])

    def mean(self, item: int, y: list[float]) -> float:
        """Where the neighbours want an item of more than two: the mean over them."""
        return (sum(map(y.__getitem__, self.adjacency.of(item))) + self.pulls[item]) / self.counts[item]

    def sweep(self, indices: Iterable[int], layers: list[list[int]], offset: list[float], y: list[float],
              wanted: list[float]) -> None:
        """Place each layer in turn where this side wants it (`wanted`: a list per item to work in)."""
        firsts, seconds, pulls, divisors, many = self.firsts, self.seconds, self.pulls, self.divisors, self.many
        weights = self.weights
        for index in indices:
            layer = layers[index]
            for item in layer:
                wanted[item] = ((y[firsts[item]] + y[seconds[item]]) + pulls[item]) / divisors[item]
            settle(layer, many.get(index, ()), self.mean, wanted, weights, offset, y)


def settle(layer: list[int], many: Sequence[int], mean: Callable[[int, list[float]], float], wanted: list[float],
           weights: list[float], offset: list[float], y: list[float]) -> None:
    """Place one layer where its items want to be: `wanted` holds that for items of one or two
    neighbours on a side; `mean` gives it for the `many` of more. A lone item (a chain) takes its
    place; a fuller layer is packed without overlaps."""
    for item in many:
        wanted[item] = mean(item, y)
    if len(layer) > 1:
        pack(layer, wanted, weights, offset, y)
    else:
        y[layer[0]] = wanted[layer[0]]


class BothSides:
    """Where the neighbours on both sides want each item: the mean over all of them, the pull of
    each side added to its sum; an item of no neighbours stays where it is."""

    def __init__(self, graph: LayeredGraph, above: Side, below: Side, nowhere: int) -> None:
        self.above, self.below = above, below
        self.firsts_up, self.firsts_down = list(above.firsts), list(below.firsts)
        self.counts = list(map(add, above.counts, below.counts))
        self.weights = [1.0] * graph.node_count + [DUMMY_WEIGHT] * (graph.item_count - graph.node_count)
        for firsts, alone in ((self.firsts_up, above.adjacency.alone), (self.firsts_down, below.adjacency.alone)):
            for item in alone:
                firsts[item] = nowhere
        for item in set(above.adjacency.alone).intersection(below.adjacency.alone):
            self.firsts_up[item], self.counts[item], self.weights[item] = item, 1, LOOSE_WEIGHT  # alone: its own y
        self.many = by_layer(graph, sorted(set(chain(chain.from_iterable(above.many.values()),
                                                     chain.from_iterable(below.many.values())))))

    def mean(self, item: int, y: list[float]) -> float:
        """Where the neighbours on both sides want an item of more than two on a side: the mean
        over all of them."""
        above, below, at = self.above, self.below, y.__getitem__
        ups, downs = above.counts[item], below.counts[item]
        total = 0.0
        if ups:
            total += sum(map(at, above.adjacency.of(item))) + above.pulls[item]
        if downs:
            total += sum(map(at, below.adjacency.of(item))) + below.pulls[item]
        return total / (ups + downs)

    def sweep(self, indices: Iterable[int], layers: list[list[int]], offset: list[float], y: list[float],
              wanted: list[float]) -> None:
        """Place each layer in turn where the neighbours on both sides want it (`wanted`: a list per
        item to work in)."""
        ups, up_seconds, downs, down_seconds = self.firsts_up, self.above.seconds, self.firsts_down, self.below.seconds
        pulls_up, pulls_down, counts = self.above.pulls, self.below.pulls, self.counts
        many, weights = self.many, self.weights
        for index in indices:
            layer = layers[index]
            for item in layer:
                wanted[item] = (((y[ups[item]] + y[up_seconds[item]]) + pulls_up[item])
                                + ((y[downs[item]] + y[down_seconds[item]]) + pulls_down[item])) / counts[item]
            settle(layer, many.get(index, ()), self.mean, wanted, weights, offset, y)


def port_offsets(graph: LayeredGraph, spacing: Spacing) -> tuple[list[float], list[float]]:
    """Per item, the sums of the port offsets (px) of its segments from above and to below:
    the pull of a neighbour above is its y minus the port offset at the item, of one below its
    y plus the offset of the port entered there. (A dummy's one port is its centre.)"""
    edges, arity = graph.edges, graph.ports
    from_upper = [0.0] * graph.item_count
    from_lower = [0.0] * graph.item_count
    offsets = port_offsets_by_arity(graph.slots, spacing)
    for entry, target, port in zip(edges.entries, edges.targets, edges.operand_indices):  # the segments into nodes
        if arity[target] > 1 and entry >= 0:
            offset = offsets[arity[target]][port]
            from_upper[target] -= offset
            from_lower[entry] += offset
    return from_upper, from_lower


def layer_offsets(graph: LayeredGraph, halves: list[float], gap: float,
                  extra: Sequence[float] | None = None) -> tuple[list[float], list[float]]:
    """Per item: its least distance below its layer's first item (the running sum of half heights
    and gaps, and the `extra` room above each item: the group bands between it and the one before),
    and the y that packs its layer around 0."""
    count = graph.item_count
    offset, y = [0.0] * count, [0.0] * (count + 1)  # y: and one more, `nowhere`
    for layer in graph.layers:
        if len(layer) == 1:
            continue  # offset 0, y 0
        below, above = 0.0, layer[0]
        for item in islice(layer, 1, None):
            below += (halves[above] + halves[item]) + gap
            if extra is not None:
                below += extra[item]
            offset[item] = below
            above = item
        middle = below / 2
        for item in layer:
            y[item] = offset[item] - middle
    return offset, y


def item_halves(graph: LayeredGraph, spacing: Spacing) -> list[float]:
    """Per item, half its height: a node's half the node height, a dummy's 0."""
    return [spacing.node_height / 2] * graph.node_count + [0.0] * (graph.item_count - graph.node_count)


def assign_y(graph: LayeredGraph, spacing: Spacing, extra: Sequence[float] | None = None) -> list[float]:
    """Vertical centres: each layer packed around 0, then down, up and two-sided placement sweeps.
    `extra`: per item, more room above it in its layer (the group bands between it and the item before)."""
    gap, item_count, layers = spacing.gap, graph.item_count, graph.layers
    halves = item_halves(graph, spacing)
    offset, y = layer_offsets(graph, halves, gap, extra)
    from_upper, from_lower = port_offsets(graph, spacing)
    above = Side(graph, graph.upper, from_upper, item_count)
    below = Side(graph, graph.lower, from_lower, item_count)
    wanted = [0.0] * item_count
    layer_count = len(layers)
    work = layout_work(graph)
    sweeps = rounds_within(PLACEMENT_BUDGET, work, PLACEMENT_SWEEPS, least=0)
    schedule = (True, False) * (PLACEMENT_SWEEPS // 2)  # down, up, ...: the last `sweeps`, so ending upward
    for downward in schedule[len(schedule) - sweeps:]:
        if downward:
            above.sweep(range(1, layer_count), layers, offset, y, wanted)
        else:
            below.sweep(range(layer_count - 2, -1, -1), layers, offset, y, wanted)
    BothSides(graph, above, below, item_count).sweep(range(layer_count), layers, offset, y, wanted)
    del y[item_count]
    if work <= STRAIGHTEN_BUDGET:
        straighten_trunks(graph, y, halves, gap, positions(layers, item_count), extra)
    return y


def refit(graph: LayeredGraph, spacing: Spacing, y: list[float], indices: Sequence[int]) -> None:
    """Place the layers `indices` again, in turn and then back, where their neighbours on both sides
    want them: after the groups' bands moved the layers they cross (bands.py), the layers they do not
    cross (a column of inputs) follow."""
    if not indices:
        return
    item_count, layers = graph.item_count, graph.layers
    offset, _ = layer_offsets(graph, item_halves(graph, spacing), spacing.gap)
    from_upper, from_lower = port_offsets(graph, spacing)
    both = BothSides(graph, Side(graph, graph.upper, from_upper, item_count),
                     Side(graph, graph.lower, from_lower, item_count), item_count)
    y.append(0.0)  # `nowhere`
    both.sweep([*indices, *reversed(indices)], layers, offset, y, [0.0] * item_count)
    del y[item_count]
