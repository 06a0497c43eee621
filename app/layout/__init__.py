"""A layered (Sugiyama-style) layout of a computational graph, drawn left to right.

One module per phase; nothing recurses (graphs may be 100,000 nodes deep):

1. and 2. layering.py: layers by longest path, and a shared dummy trunk per source for the
   edges that skip layers, into the layered graph of layered.py.
3. ordering.py: the order within each layer, by barycenter sweeps and adjacent exchanges
   (exchanges.py), keeping the best order seen; crossings.py counts the crossings.
4. placement.py: vertical centres, by least-squares sweeps under the separation constraints, then
   level trunks (straightening.py); x comes from the layer: x = margin + node_width / 2 +
   layer * layer_spacing.
5. routing.py: one polyline per (node, operand_index).

Groups (the engine's named statements and function calls) are kept together when given: each
group's items contiguous in every layer and its box clear of every other item (clusters.py for the
order, bands.py for the heights), so that the page's boxes of collapsed groups never overlap.

budget.py caps the rounds of phases 3 and 4 by the size of the graph, so a big graph gets fewer
and the time grows about linearly with the graph. drawing.py holds the sizes (Spacing) and the
result (Layout, with the API's dict); engine/collector.py pauses Python's cycle collector meanwhile.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from itertools import repeat
from operator import add
from typing import TYPE_CHECKING, Sequence

from engine.collector import collector_paused
from engine.graph import CONSTANT
from .bands import Constraints
from .clusters import add_dummies, cluster_tree, parameters, sequences
from .drawing import DIRECTION, EdgeRoute, Layout, NodePlace, Spacing, hundredths, port_offset
from .layered import LayeredGraph
from .layering import DUMMY_LIMIT, layered_graph
from .ordering import order_clustered, order_layers
from .placement import assign_y, item_halves, refit
from .routing import route_edges

if TYPE_CHECKING:
    from engine.graph import Graph

__all__ = ["DIRECTION", "EdgeRoute", "FOLD_CONSTANTS_ABOVE", "FoldedLayout", "Layout", "LayeredGraph", "NodePlace", "Spacing", "layered_graph",
           "layout_dag", "layout_graph", "port_offset"]


# Each node's group (None: in none) and each group's parent (a parent before its children).
Groups = tuple[Sequence["int | None"], Sequence["int | None"]]


def layout_dag(operands: Sequence[Sequence[int]], outputs: Sequence[int], inputs: Sequence[int],
               spacing: Spacing = Spacing(), dummy_limit: int = DUMMY_LIMIT, groups: Groups | None = None) -> Layout:
    """Lay out a DAG given as each node's ordered operand ids (topological: operands come first);
    with `groups`, each group's nodes kept together, clear of the others."""
    with collector_paused:
        return layout_phases(operands, outputs, inputs, spacing, dummy_limit, groups)


def layout_phases(operands: Sequence[Sequence[int]], outputs: Sequence[int], inputs: Sequence[int],
                  spacing: Spacing, dummy_limit: int, groups: Groups | None = None) -> Layout:
    """The five phases in turn (the groups kept together), then the drawing moved inside the margin."""
    clusters = cluster_tree(*groups) if groups is not None else None
    if clusters is not None:  # a group's parameters are drawn by it, as constants are
        local = parameters(clusters, operands, inputs, outputs)
        inputs = [node for node in inputs if node not in local]
    graph = layered_graph(operands, outputs, inputs, dummy_limit)
    crossings = order_layers(graph)
    if clusters is None:
        y = assign_y(graph, spacing)
    else:
        add_dummies(clusters, graph)
        crossings, order = order_clustered(graph, clusters, crossings)
        constraints = Constraints(graph, clusters, sequences(graph, clusters, order), item_halves(graph, spacing),
                                  spacing.gap)
        y = assign_y(graph, spacing, constraints.extra)
        constraints.legalize(y)
        refit(graph, spacing, y, constraints.free_layers())
    shift, height = vertical_frame(graph, y, spacing)
    y = hundredths(map(add, y, repeat(shift)))
    xs = [spacing.margin + spacing.node_width / 2 + layer * spacing.layer_spacing
          for layer in range(len(graph.layers))]
    width = 2 * spacing.margin
    if graph.layers:
        width += spacing.node_width + (len(graph.layers) - 1) * spacing.layer_spacing
    count, edges = graph.node_count, graph.edges
    node_layer = graph.layer_of[:count]
    return Layout(
        node_x=list(map(xs.__getitem__, node_layer)), node_y=y[:count], node_layer=node_layer,
        node_order=node_orders(graph),
        edge_sources=edges.sources, edge_targets=edges.targets, edge_operand_indices=edges.operand_indices,
        edge_points=route_edges(graph, xs, y, spacing),
        width=width, height=height, crossings=crossings,
        node_width=spacing.node_width, node_height=spacing.node_height,
        item_layers=graph.layers, segment_columns=(graph.lower_items, graph.lower.neighbours, graph.lower.ports),
    )


# The explorer hangs a badge (a tangent or an adjoint, 26 px tall) under a node: rows leave room for it.
LABELLED = Spacing(gap=36)


# Above this many nodes a trace's constants are folded unless the request says otherwise (TraceRequest).
FOLD_CONSTANTS_ABOVE = 50


def layout_graph(graph: Graph, spacing: Spacing = LABELLED, fold_constants: bool = False) -> Layout:
    """Lay out an engine Graph: inputs at the left, outputs at the right. `fold_constants`: the constants
    are left out of the layers (and their edges with them); the page draws each by the node using it."""
    operands = [node.operands for node in graph.nodes]
    inputs = list(graph.inputs.values())
    groups = (graph.group_of or [None] * len(operands), [group.parent for group in graph.built_groups])
    if not fold_constants:
        return layout_dag(operands, graph.outputs, inputs, spacing, groups=groups)
    return folded_layout(operands, [node.op == CONSTANT for node in graph.nodes], graph.outputs, inputs, spacing,
                         groups)


@dataclass(frozen=True)
class FoldedLayout(Layout):
    """A layout of the graph without its folded constants: node places for the other nodes (by their
    own ids), edges between them (with their own operand indices), and where each constant went."""
    node_ids: list[int] = field(default_factory=list)  # per laid-out node: its id in the graph
    folded: list[tuple[int, int, int]] = field(default_factory=list)  # (constant, the node using it, operand index)

    @cached_property
    def nodes(self) -> tuple[NodePlace, ...]:
        return tuple(map(NodePlace, self.node_ids, self.node_x, self.node_y, self.node_layer, self.node_order))

    def to_dict(self) -> dict:
        record = super().to_dict()
        for place, node in zip(record["nodes"], self.node_ids):
            place["id"] = node
        record["folded_constants"] = [{"node": constant, "target": target, "operand_index": operand_index}
                                      for constant, target, operand_index in self.folded]
        return record


def folded_layout(operands: Sequence[Sequence[int]], constant: Sequence[bool], outputs: Sequence[int],
                  inputs: Sequence[int], spacing: Spacing, groups: Groups | None = None) -> FoldedLayout:
    """Lay out the graph without the constants that some node uses (a constant that is an output, or that
    nothing uses, stays), then give the nodes and edges back their own ids and operand indices."""
    used = [False] * len(operands)
    for node_operands in operands:
        for operand in node_operands:
            used[operand] = True
    foldable = [constant[node] and used[node] for node in range(len(operands))]
    for output in outputs:
        foldable[output] = False
    kept = [node for node in range(len(operands)) if not foldable[node]]
    index = {node: rank for rank, node in enumerate(kept)}
    ports = [[k for k, operand in enumerate(operands[node]) if not foldable[operand]] for node in kept]
    compact = [[index[operands[node][k]] for k in node_ports] for node, node_ports in zip(kept, ports)]
    if groups is not None:
        groups = ([groups[0][node] for node in kept], groups[1])
    layout = layout_dag(compact, [index[node] for node in outputs], [index[node] for node in inputs], spacing,
                        groups=groups)
    columns = {item.name: getattr(layout, item.name) for item in fields(Layout)}
    columns.update(
        edge_sources=[kept[source] for source in layout.edge_sources],
        edge_targets=[kept[target] for target in layout.edge_targets],
        edge_operand_indices=[ports[target][k] for target, k in zip(layout.edge_targets, layout.edge_operand_indices)])
    folded = [(operand, node, k) for node, node_operands in enumerate(operands)
              for k, operand in enumerate(node_operands) if foldable[operand]]
    return FoldedLayout(**columns, node_ids=kept, folded=folded)


def vertical_frame(graph: LayeredGraph, y: list[float], spacing: Spacing) -> tuple[float, float]:
    """The shift that puts the top of the drawing on the margin, and the height with both margins."""
    if not y:
        return 0.0, 2 * spacing.margin
    half = spacing.node_height / 2
    nodes, dummies = y[:graph.node_count], y[graph.node_count:]
    top = min(min(nodes) - half, min(dummies, default=float("inf")))
    bottom = max(max(nodes) + half, max(dummies, default=float("-inf")))
    return spacing.margin - top, round(bottom - top + 2 * spacing.margin, 2)


def node_orders(graph: LayeredGraph) -> list[int]:
    """Each real node's rank among the real nodes of its layer."""
    count = graph.node_count
    order = [0] * count
    for layer in graph.layers:
        rank = 0
        for item in layer:
            if item < count:
                order[item] = rank
                rank += 1
    return order
