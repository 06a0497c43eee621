"""The last touch of placement: each trunk made a few level runs, so a long edge reads as a
straight wire with few bends (and its polyline stays short).
"""
from __future__ import annotations

from itertools import count, islice
from typing import Sequence

from .layered import LayeredGraph


def straighten_trunks(graph: LayeredGraph, y: list[float], halves: list[float], gap: float,
                      position: list[int], extra: Sequence[float] | None = None) -> None:
    """Walking along each trunk, a run grows while one height fits between every dummy's
    neighbours in its layer; the run takes its mean height, clamped to fit. `extra`: per item, more
    room above it (see placement.assign_y)."""
    bounds = Bounds(graph, y, halves, gap, position, extra)
    for source, trunk in graph.trunks.items():
        lows, highs = bounds.lows, bounds.highs
        start = 0  # the run is trunk[start:index]
        low, high = bounds.unbounded
        for index, (layer, dummy) in enumerate(zip(count(graph.layer_of[source] + 1), trunk)):
            rank = position[dummy]
            dummy_low, dummy_high = lows[layer][rank], highs[layer][rank]
            run_low = dummy_low if dummy_low > low else low
            run_high = dummy_high if dummy_high < high else high
            if run_low > run_high and index > start:  # the dummy does not fit the run: a new run
                bounds.level(trunk[start:index], low, high)
                start, run_low, run_high = index, dummy_low, dummy_high
            low, high = run_low, run_high
        bounds.level(trunk[start:], low, high)


class Bounds:
    """Per layer, per place: the least and the most y that an item there may take, given its
    neighbours in the layer; kept current as dummies move."""

    def __init__(self, graph: LayeredGraph, y: list[float], halves: list[float], gap: float,
                 position: list[int], extra: Sequence[float] | None = None) -> None:
        self.graph, self.y, self.gap, self.position = graph, y, gap, position
        self.extra = extra
        self.unbounded = float("-inf"), float("inf")
        low, high = self.unbounded
        self.lows = [[low, *[y[above] + halves[above] + gap for above in layer]]
                     for layer in graph.layers]  # (one too many per layer: below the last)
        self.highs = [[*[y[below] - halves[below] - gap for below in islice(layer, 1, None)], high]
                      for layer in graph.layers]
        if extra is not None:  # the room a dummy keeps from its neighbours (a dummy's own half is 0)
            for lows, highs, layer in zip(self.lows, self.highs, graph.layers):
                for rank, item in enumerate(layer):
                    lows[rank] += extra[item] if rank else 0.0
                    if rank + 1 < len(layer):
                        highs[rank] -= extra[layer[rank + 1]]

    def level(self, run: list[int], low: float, high: float) -> None:
        """Give a run of dummies its mean height, clamped to [low, high] (a dummy's half height is 0)."""
        y, gap, layer_of, position = self.y, self.gap, self.graph.layer_of, self.position
        if len(run) == 1:
            height = min(max(y[run[0]], low), high)
        else:
            height = min(max(sum(map(y.__getitem__, run)) / len(run), low), high)
        for dummy in run:
            if y[dummy] != height:
                y[dummy] = height
                layer, rank = layer_of[dummy], position[dummy]
                self.lows[layer][rank + 1] = height + gap
                if rank:
                    self.highs[layer][rank - 1] = height - gap
                if self.extra is not None:
                    layer_items = self.graph.layers[layer]
                    if rank + 1 < len(layer_items):
                        self.lows[layer][rank + 1] += self.extra[layer_items[rank + 1]]
                    if rank:
                        self.highs[layer][rank - 1] -= self.extra[dummy]
