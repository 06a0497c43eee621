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
from itertools import chain
from math import inf

from .clusters import GROUP_PAD, NO_CLUSTER, Clusters
from .layered import LayeredGraph


class Constraints:
    """The constraints `value[after] >= value[before] + distance` of one clustered layered graph,
    over the items (0..item_count-1) and each cluster's top (item_count + 2c) and bottom (+1); and
    per item, the extra room above it in its layer that the bands between it and the item before
    take (for placement's packing)."""

    def __init__(self, graph: LayeredGraph, clusters: Clusters, sequences: list[list[int]],
                 halves: list[float], gap: float, pad: float = GROUP_PAD) -> None:
        self.variable_count = graph.item_count + 2 * len(clusters.parent)
        self.before: list[int] = []
        self.after: list[int] = []
        self.distance: list[float] = []
        self.extra = [0.0] * graph.item_count
        self.graph, self.clusters, self.halves, self.gap, self.pad = graph, clusters, halves, gap, pad
        for sequence in sequences:
            self.walk(sequence)

    def walk(self, sequence: list[int]) -> None:
        """The constraints of one layer, from the top (its items and phantoms: clusters.sequences):
        `last` is the variable above the next thing (with the distance from it to the next thing's
        top edge), None at the top of the layer. The items above the layer's first band keep the
        separation placement gave them, and nothing above pushes them: they need no constraint (a
        layer of no band needs none at all)."""
        halves, gap, pad, chains, of_item = self.halves, self.gap, self.pad, self.clusters.chains, self.clusters.of_item
        befores, afters, distances = self.before.append, self.after.append, self.distance.append
        top_of = self.graph.item_count
        stack: list[int] = []
        last: tuple[int, float] | None = None
        room = 0.0  # the bands' room since the last item
        banded = False  # a band was entered in this layer
        for entry in sequence:
            if entry >= 0:
                cluster = of_item[entry]
                if cluster == NO_CLUSTER:
                    if not banded:
                        last = (entry, halves[entry] + gap)
                        continue
                    chain: tuple[int, ...] = ()
                else:
                    chain = chains[cluster]
            else:
                chain = chains[-1 - entry]  # a phantom (clusters.phantom_entry)
            banded = True
            shared = 0
            while shared < len(stack) and shared < len(chain) and stack[shared] == chain[shared]:
                shared += 1
            while len(stack) > shared:  # close the bands left, innermost first
                bottom = top_of + 2 * stack.pop() + 1
                befores(last[0]), afters(bottom), distances(last[1] - gap + pad)
                last, room = (bottom, gap), room + pad
            for cluster in chain[shared:]:  # open the bands entered, outermost first
                top = top_of + 2 * cluster
                if last is not None:
                    befores(last[0]), afters(top), distances(last[1])
                stack.append(cluster)
                last, room = (top, pad), room + pad
            if entry >= 0:
                half = halves[entry]
                if last is not None:
                    befores(last[0]), afters(entry), distances(last[1] + half)
                self.extra[entry] = room
                last, room = (entry, half + gap), 0.0
        while stack:
            bottom = top_of + 2 * stack.pop() + 1
            befores(last[0]), afters(bottom), distances(last[1] - gap + pad)
            last = (bottom, gap)

    def free_layers(self) -> list[int]:
        """The layers none of whose items is in a constraint (no band crosses them)."""
        layer_of, item_count = self.graph.layer_of, self.graph.item_count
        bound = {layer_of[variable] for variable in chain(self.before, self.after) if variable < item_count}
        return [index for index in range(len(self.graph.layers)) if index not in bound]

    def legalize(self, y: list[float]) -> None:
        """Move the items down the least that meets every constraint, in topological order (Kahn's,
        first come first served from the variables no constraint pushes, by id, so the same graph
        always gives the same picture)."""
        item_count, afters, distances = self.graph.item_count, self.after, self.distance
        value = y[:item_count] + [-inf] * (self.variable_count - item_count)
        waiting = [0] * self.variable_count
        outgoing: dict[int, list[int]] = {}
        for constraint, (before, after) in enumerate(zip(self.before, afters)):
            waiting[after] += 1
            if before in outgoing:
                outgoing[before].append(constraint)
            else:
                outgoing[before] = [constraint]
        ready = deque(sorted(variable for variable in outgoing if not waiting[variable]))
        left = len(set(afters))  # the variables some constraint pushes, each done when its last one is
        no_constraints: list[int] = []
        while ready:
            variable = ready.popleft()
            here = value[variable]
            for constraint in outgoing.get(variable, no_constraints):
                after = afters[constraint]
                if here + distances[constraint] > value[after]:
                    value[after] = here + distances[constraint]
                waiting[after] -= 1
                if not waiting[after]:
                    left -= 1
                    ready.append(after)
        if left:
            raise ValueError("the clusters' constraints have a cycle: siblings are not in one order")
        y[:item_count] = value[:item_count]
