"""Phase 3: the order of each layer, chosen to reduce crossings.

Plain barycenter sweeps, down then up, keeping the best ordering seen and stopping at a fixed
point; then, from that best, adjacent exchanges (transpose: swap two neighbours in a layer when that
removes crossings, exchanges.py), and again and again after a sideways round (swapping neighbours
whose crossings stay the same), keeping the best order seen: Graphviz dot's transpose, iterated
from the best order. So the result never has more crossings than the plain method's. Ties go to
the smaller item id (nodes by id, then dummies in creation order), and nothing is random: the same
graph always gets the same picture. Sweeping up, a segment counts at its port (operand k of n at
(k + 1) / (n + 1) - 1/2 of a place), so the operands of one node sort in port order. Rounds are
capped by a work budget (see budget.py): a big graph gets one upward sweep, judged as a whole, and
no exchanges. (The initial order, nodes in the order they were made, is about as good as a downward
sweep's: on the benchmark's graphs, sweeping down first changes the crossings by under 3%, either
way.)

Dot also sweeps between its exchanges (weighted medians, down and up). Measured on eight of the
benchmark's random DAGs of 100 nodes, a sweep before each try gave 1,363 to 1,390 crossings in all
(as dot alternates sideways rounds, or with every round sideways) against 1,383 without, for twice
the time: a sweep undoes much of what the exchanges found.
"""
from __future__ import annotations

from functools import cached_property

from .budget import EXCHANGE_BUDGET, PLAIN_BUDGET, PLAIN_ROUNDS, REFINE_VISITS, layout_work, rounds_within
from .clusters import Clusters, Order, canonical
from .crossings import LayerPairs, positions
from .exchanges import Exchanges
from .layered import Adjacency, LayeredGraph

QUIT = 3  # sideways tries without progress after which the refinement stops
CONVERGENCE = 200  # progress: fewer crossings by more than a part in this many


class Sorter:
    """Barycenter sweeps over one graph. The set of items of a layer never changes: each sweep
    sorts the items of a layer from id order (so that a stable sort breaks ties by id), by keys
    kept in a list indexed by item. An item's key is its neighbour's position, or for the items
    with several neighbours (found once, when first needed) their mean."""

    def __init__(self, graph: LayeredGraph) -> None:
        self.graph = graph
        self.ids = list(map(sorted, graph.layers))
        self.lone_shift = lone_shifts(graph)
        self.keys = [0.0] * graph.item_count

    @cached_property
    def several_up(self) -> tuple[dict[int, list[int]], list[float]]:
        """Per layer, its items of several neighbours in the layer before; and per segment from
        above, where in a place it counts (0: at the centre)."""
        return self.several(self.graph.upper), [0.0] * len(self.graph.upper.neighbours)

    @cached_property
    def several_down(self) -> tuple[dict[int, list[int]], list[float]]:
        """Per layer, its items of several neighbours in the layer after; and per segment to
        below (of those items), where in a place it counts: at its port (see lone_shifts)."""
        lower, ports = self.graph.lower, self.graph.ports
        by_layer = self.several(lower)
        shifts = [0.0] * len(lower.neighbours)
        for items in by_layer.values():
            for item in items:
                begin = lower.begin[item]
                for at in range(begin, begin + lower.counts[item]):
                    shifts[at] = (lower.ports[at] + 1) / (ports[lower.neighbours[at]] + 1) - 0.5
        return by_layer, shifts

    def several(self, adjacency: Adjacency) -> dict[int, list[int]]:
        """Per layer, its items with several neighbours on the given side."""
        by_layer: dict[int, list[int]] = {}
        layer_of = self.graph.layer_of
        for item in adjacency.several:
            by_layer.setdefault(layer_of[item], []).append(item)
        return by_layer

    def sweep(self, position: list[int], downward: bool) -> None:
        """Sort each layer by its barycenter against the layer just fixed: the mean position of
        its neighbours there (its own when it has none); ties by the smaller item id."""
        graph, all_ids, lone_shift, keys = self.graph, self.ids, self.lone_shift, self.keys
        layers = graph.layers
        if downward:
            adjacency, (several, shifts), indices = graph.upper, self.several_up, range(1, len(layers))
        else:
            adjacency, (several, shifts), indices = graph.lower, self.several_down, range(len(layers) - 2, -1, -1)
        first, neighbours, begins, counts = adjacency.first, adjacency.neighbours, adjacency.begin, adjacency.counts
        key = keys.__getitem__
        for index in indices:
            layer = layers[index]
            if len(layer) < 2:
                continue
            ids = all_ids[index]
            if downward:
                for item in ids:
                    keys[item] = position[first[item]]
            else:
                for item in ids:
                    keys[item] = position[first[item]] + lone_shift[item]
            for item in several.get(index, ()):
                total = 0
                for at in range(begins[item], begins[item] + counts[item]):
                    total += position[neighbours[at]] + shifts[at]
                keys[item] = total / counts[item]
            rank = 0
            for item in sorted(ids, key=key):
                layer[rank] = item
                position[item] = rank
                rank += 1

    def crossable_after_up(self) -> list[int]:
        """After a sweep up, the pairs of layers (by upper layer) whose segments may cross: those
        whose upper layer has an item of several segments to the lower one. In the others every
        item has one segment there (or none), and sorting by its barycenter sorted it by where
        that segment ends (its lone shift, under half a place, orders the ports of one item), so
        no two of them cross."""
        return sorted(self.several_down[0])


def lone_shifts(graph: LayeredGraph) -> list[float]:
    """Where a lone segment to the layer after enters its far item, as a fraction of a place:
    operand 0 of 2 at -1/6, operand 1 at +1/6 (so the operands of one node sort in order); 0 (an
    int, so that the key of most items stays an int) at a dummy or a node of one operand."""
    edges, ports, lower_counts = graph.edges, graph.ports, graph.lower.counts
    lone_shift: list[float] = [0] * graph.item_count
    for entry, target, port in zip(edges.entries, edges.targets, edges.operand_indices):
        arity = ports[target]
        if arity > 1 and entry >= 0 and lower_counts[entry] == 1:
            lone_shift[entry] = (port + 1) / (arity + 1) - 0.5
    return lone_shift


def order_layers(graph: LayeredGraph) -> int:
    """Reorder graph.layers to reduce crossings; return the crossings of the final order."""
    position = positions(graph.layers, graph.item_count)
    pairs = LayerPairs(graph)
    if not pairs.any(position):
        return 0
    work = layout_work(graph)
    sorter = Sorter(graph)
    rounds = rounds_within(PLAIN_BUDGET, work, PLAIN_ROUNDS)
    if rounds == 1:  # a big graph: one upward sweep, judged whole (a count costs about as much as a sweep)
        sorter.sweep(position, downward=False)
        crossings = pairs.total(position, sorter.crossable_after_up())
        if work > EXCHANGE_BUDGET:
            return crossings
        best = Best(graph, crossings)
    else:
        best = plain_rounds(sorter, pairs, position, rounds)
        position = best.restore(graph)
    if best.crossings and work <= EXCHANGE_BUDGET:
        refine(Exchanges(graph, pairs, position), position, best, REFINE_VISITS)
        best.restore(graph)
    return best.crossings


def order_clustered(graph: LayeredGraph, clusters: Clusters, crossings: int) -> tuple[int, Order]:
    """From the order reached (of `crossings`), the nearest clustered order (clusters.canonical),
    then, if that moved anything, adjacent exchanges between two items of one cluster, which keep it
    clustered; return its crossings and the keys that ordered it."""
    position = positions(graph.layers, graph.item_count)
    before = [list(layer) for layer in graph.layers]
    pairs = LayerPairs(graph)
    order = canonical(graph, clusters, position)
    moved = [index for index, layer in enumerate(graph.layers) if layer != before[index]]
    if not moved:  # already clustered: the crossings are those found
        return crossings, order
    # the crossings change only between a moved layer and those beside it: count those twice (before,
    # after) when they are fewer than half the pairs, else all of them once
    near = sorted({pair for index in moved for pair in (index - 1, index) if 0 <= pair < pairs.count})
    if 2 * len(near) < pairs.count:
        crossings += pairs.total(position, near) - pairs.total(positions(before, graph.item_count), near)
    else:
        crossings = pairs.total(position)
    best = Best(graph, crossings)
    if best.crossings and layout_work(graph) <= EXCHANGE_BUDGET:
        refine(Exchanges(graph, pairs, position, clusters.of_item), position, best, REFINE_VISITS)
        best.restore(graph)
    return best.crossings, order


def plain_rounds(sorter: Sorter, pairs: LayerPairs, position: list[int], rounds: int) -> Best:
    """The plain method, keeping the best order: rounds of a down and an up sweep, until a fixed
    point (where every later round repeats)."""
    graph = sorter.graph
    best = Best(graph, pairs.total(position))
    for _ in range(rounds):
        before = [list(layer) for layer in graph.layers]
        for downward in (True, False):
            if best.crossings:
                sorter.sweep(position, downward)
                best.offer(graph, pairs.total(position))
        if best.crossings == 0 or graph.layers == before:
            break
    return best


def refine(exchanges: Exchanges, position: list[int], best: Best, visits: int) -> None:
    """Adjacent exchanges from the order reached, then again and again, each time after a
    sideways round; best keeps the best order. It stops when an order comes back (the steps are
    deterministic, so it would cycle), after QUIT tries that do not better the best by more than
    a part in CONVERGENCE, or once the exchanges have visited `visits` items."""
    graph = exchanges.graph
    best.offer(graph, exchanges.transpose(position))
    seen = {tuple(map(tuple, graph.layers))}
    tries = 0
    while best.crossings and tries < QUIT and exchanges.visits < visits:
        crossings = exchanges.transpose(position, sideways=True)
        order = tuple(map(tuple, graph.layers))
        if order in seen:
            break
        seen.add(order)
        tries += 1
        if crossings < best.crossings:
            if crossings < best.crossings * (1 - 1 / CONVERGENCE):
                tries = 0
            best.offer(graph, crossings)


class Best:
    """The ordering with the fewest crossings seen so far (the earliest among equals)."""

    def __init__(self, graph: LayeredGraph, crossings: int) -> None:
        self.crossings = crossings
        self.layers = [list(layer) for layer in graph.layers]

    def offer(self, graph: LayeredGraph, crossings: int) -> None:
        if crossings < self.crossings:
            self.crossings = crossings
            self.layers = [list(layer) for layer in graph.layers]

    def restore(self, graph: LayeredGraph) -> list[int]:
        graph.layers[:] = [list(layer) for layer in self.layers]
        return positions(graph.layers, graph.item_count)
