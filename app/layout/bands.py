"""Placement with clusters: every cluster a band, the items of other groups kept out of it.

Each cluster c gets two more variables, the top and the bottom of its band (y grows downwards). Walking
a layer from the top (with its phantoms: the clusters it crosses without an item there), each thing
must lie below the one before: an item below the item or band bottom above it by the gap (its half
height added), the first thing inside a band below the band's top by GROUP_PAD, a band's bottom
below its last thing by GROUP_PAD. Every constraint reads `value[after] >= value[before] + distance`
and they form a DAG (siblings come in one order in every layer), so `legalize` meets them all in one
pass in topological order, moving each item down the least it must from where placement put it.
"""
from __future__ import annotations

from collections import deque
from math import inf

from .clusters import GROUP_PAD, NO_CLUSTER, Clusters
from .layered import LayeredGraph


class Constraints:
    """The constraints `value[after] >= value[before] + distance` of one clustered layered graph,
    over the items (0..item_count-1) and each cluster's top (item_count + 2c) and bottom (+1); and
    per item, the extra room above it in its layer that the bands between it and the item before
    take (for placement's packing)."""

    def __init__(self, graph: LayeredGraph, clusters: Clusters, sequences: list[list[tuple[int, int]]],
                 halves: list[float], gap: float, pad: float = GROUP_PAD) -> None:
        self.variable_count = graph.item_count + 2 * len(clusters.parent)
        self.before: list[int] = []
        self.after: list[int] = []
        self.distance: list[float] = []
        self.extra = [0.0] * graph.item_count
        self.graph, self.clusters, self.halves, self.gap, self.pad = graph, clusters, halves, gap, pad
        for sequence in sequences:
            self.walk(sequence)

    def add(self, before: int, after: int, distance: float) -> None:
        self.before.append(before)
        self.after.append(after)
        self.distance.append(distance)

    def walk(self, sequence: list[tuple[int, int]]) -> None:
        """The constraints of one layer, from the top: `last` is the variable above the next thing
        (with the distance from it to the next thing's top edge), None at the top of the layer."""
        clusters, halves, gap, pad = self.clusters, self.halves, self.gap, self.pad
        top_of = self.graph.item_count
        stack: list[int] = []
        last: tuple[int, float] | None = None
        room = 0.0  # the bands' room since the last item
        for item, phantom in sequence:
            chain = clusters.chain_of(item) if phantom == NO_CLUSTER else clusters.chains[phantom]
            shared = 0
            while shared < len(stack) and shared < len(chain) and stack[shared] == chain[shared]:
                shared += 1
            while len(stack) > shared:  # close the bands left, innermost first
                bottom = top_of + 2 * stack.pop() + 1
                self.add(last[0], bottom, last[1] - gap + pad)
                last, room = (bottom, gap), room + pad
            for cluster in chain[shared:]:  # open the bands entered, outermost first
                top = top_of + 2 * cluster
                if last is not None:
                    self.add(last[0], top, last[1])
                stack.append(cluster)
                last, room = (top, pad), room + pad
            if phantom == NO_CLUSTER:
                half = halves[item]
                if last is not None:
                    self.add(last[0], item, last[1] + half)
                self.extra[item] = room
                last, room = (item, half + gap), 0.0
        while stack:
            bottom = top_of + 2 * stack.pop() + 1
            self.add(last[0], bottom, last[1] - gap + pad)
            last = (bottom, gap)

    def legalize(self, y: list[float]) -> None:
        """Move the items down the least that meets every constraint, in topological order (Kahn's,
        first come first served, so the same graph always gives the same picture)."""
        count = self.variable_count
        value = y[:self.graph.item_count] + [-inf] * (count - self.graph.item_count)
        outgoing: list[list[int]] = [[] for _ in range(count)]
        waiting = [0] * count
        for index, (before, after) in enumerate(zip(self.before, self.after)):
            outgoing[before].append(index)
            waiting[after] += 1
        ready = deque(variable for variable in range(count) if not waiting[variable])
        done = 0
        afters, distances = self.after, self.distance
        while ready:
            variable = ready.popleft()
            done += 1
            here = value[variable]
            for index in outgoing[variable]:
                after = afters[index]
                if here + distances[index] > value[after]:
                    value[after] = here + distances[index]
                waiting[after] -= 1
                if not waiting[after]:
                    ready.append(after)
        if done != count:
            raise ValueError("the clusters' constraints have a cycle: siblings are not in one order")
        y[:self.graph.item_count] = value[:self.graph.item_count]
