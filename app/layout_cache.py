"""The layout of a graph, remembered by the graph's structure.

The layout depends only on each node's ordered operands, the outputs and the inputs, the groups (each
node's group and each group's parent: the layout keeps a group's nodes together) and whether the
constants are folded, never on the values: moving a slider on the page asks for the same graph at another point, and half of a small
trace's time in the route was laying it out again. A bounded LRU cache keyed by that structure
answers it at once (measured: 0.33x -> ~0.5x of /healthz's requests per second, see the README).
It is bounded by the nodes it holds, so a few big graphs cannot hold much memory; the cached dict
is shared and never changed after it is made.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from engine.graph import Graph

from .layout import layout_graph

# operands, outputs, inputs, each node's group, each group's parent, fold_constants
Structure = tuple[tuple[tuple[int, ...], ...], tuple[int, ...], tuple[int, ...], tuple[int | None, ...],
                  tuple[int | None, ...], bool]


class LayoutCache:
    def __init__(self, max_nodes: int = 100_000) -> None:
        self.max_nodes = max_nodes
        self._layouts: OrderedDict[Structure, dict] = OrderedDict()
        self._nodes = 0
        self._lock = threading.Lock()  # routes lay out graphs in worker threads

    def layout_dict(self, graph: Graph, fold_constants: bool = False) -> dict:
        """The API's layout dict of `graph`, from the cache when a graph of its structure was laid out
        (with its constants folded or not: see layout_graph)."""
        key = (tuple(node.operands for node in graph.nodes), tuple(graph.outputs), tuple(graph.inputs.values()),
               tuple(graph.group_of), tuple(group.parent for group in graph.built_groups), fold_constants)
        with self._lock:
            if key in self._layouts:
                self._layouts.move_to_end(key)
                return self._layouts[key]
        layout = layout_graph(graph, fold_constants=fold_constants).to_dict()
        layout["constants_folded"] = fold_constants
        layout.setdefault("folded_constants", [])
        size = len(graph.nodes)
        if size <= self.max_nodes:
            with self._lock:
                if key not in self._layouts:
                    self._layouts[key] = layout
                    self._nodes += size
                while self._nodes > self.max_nodes:
                    evicted, old = self._layouts.popitem(last=False)
                    self._nodes -= len(evicted[0])
        return layout


layouts = LayoutCache()
