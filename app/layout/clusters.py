"""Groups kept together: each group's items contiguous in every layer, and its box clear of the rest.

The page draws a collapsed group as a box around its members (their bounding box), and an expanded
one as an outline around it. For those boxes never to overlap, as Graphviz dot does with clusters:

- every layer lists each group's items together, nested groups inside their parent's run, and the
  groups that share a parent (siblings) come in one order in every layer (ordering: `canonical`,
  then adjacent exchanges only between two items of one group);
- in every layer of a group's span, the items above its run stay above its band (the top of its
  box in any layer) and those below stay below (bands.py: the constraints of each layer's
  `sequences`, its items with the phantoms of the groups crossing it; `Constraints.legalize` pushes
  items down the least that meets them all after placement, and `placement.refit` places again the
  layers no band crosses).

Ordering first without the groups and then taking the nearest clustered order, rather than sweeping
with the groups from the start, keeps the crossings of graphs with few groups where they were (the
bench's random DAGs: within 1%).

A cluster is a group with two or more laid-out nodes in its subtree; a group of one node needs
no box of its own (the nodes' separation keeps it clear), and its items go to its parent's
cluster. A dummy belongs to the innermost cluster holding both ends of every edge through its
trunk, so a wire between two groups runs outside both boxes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import Sequence

from .layered import LayeredGraph

NO_CLUSTER = -1
GROUP_PAD = 16  # from a cluster's members to its band, and from a band to its parent's (px)


@dataclass(frozen=True)
class Clusters:
    """The clusters of one layered graph: their tree and each item's innermost cluster."""
    parent: list[int]  # per cluster, its parent cluster (NO_CLUSTER: at the top); parents come first
    of_item: list[int]  # per item (nodes, then dummies), its innermost cluster or NO_CLUSTER

    @cached_property
    def chains(self) -> list[tuple[int, ...]]:
        """Per cluster, its ancestors from the outermost down to itself."""
        chains: list[tuple[int, ...]] = []
        for cluster, parent in enumerate(self.parent):
            chains.append((*chains[parent], cluster) if parent != NO_CLUSTER else (cluster,))
        return chains

    def chain_of(self, item: int) -> tuple[int, ...]:
        cluster = self.of_item[item]
        return () if cluster == NO_CLUSTER else self.chains[cluster]

    def common(self, first: int, second: int) -> int:
        """The innermost cluster holding both (NO_CLUSTER: none)."""
        chains = self.chains
        if first == NO_CLUSTER or second == NO_CLUSTER:
            return NO_CLUSTER
        shared = NO_CLUSTER
        for one, other in zip(chains[first], chains[second]):
            if one != other:
                break
            shared = one
        return shared


def cluster_tree(group_of: Sequence[int | None], group_parent: Sequence[int | None]) -> Clusters | None:
    """The clusters of the nodes in the groups `group_of` (per node; a group's parent comes before it,
    as the engine numbers them); None when no group has two nodes."""
    count = len(group_parent)
    sizes = [0] * count  # laid-out nodes in each group's subtree
    for group in group_of:
        if group is not None:
            sizes[group] += 1
    for group in range(count - 1, -1, -1):
        parent = group_parent[group]
        if parent is not None:
            sizes[parent] += sizes[group]
    kept = [size >= 2 for size in sizes]
    if not any(kept):
        return None
    index: list[int] = [NO_CLUSTER] * count  # group -> its cluster, or its nearest kept ancestor's
    parents: list[int] = []
    for group in range(count):
        parent = group_parent[group]
        above = NO_CLUSTER if parent is None else index[parent]
        if kept[group]:
            index[group] = len(parents)
            parents.append(above)
        else:
            index[group] = above
    return Clusters(parents, [NO_CLUSTER if group is None else index[group] for group in group_of])


def parameters(clusters: Clusters, operands: Sequence[Sequence[int]], inputs: Sequence[int],
               outputs: Sequence[int]) -> set[int]:
    """The inputs read only inside one cluster (a neuron's weights and bias): the layout draws each,
    as it does a constant, just before its first reader, by the group, not in the inputs' column.
    (An input stays a node of no group, so its box stays outside the group's.)"""
    readers: dict[int, int] = {}  # input -> the innermost cluster holding its readers so far
    candidates = set(inputs).difference(outputs)
    of_item = clusters.of_item
    for node, node_operands in enumerate(operands):
        for operand in node_operands:
            if operand in candidates:
                held = readers.get(operand)
                readers[operand] = of_item[node] if held is None else clusters.common(held, of_item[node])
    return {node for node, cluster in readers.items() if cluster != NO_CLUSTER}


def add_dummies(clusters: Clusters, graph: LayeredGraph) -> None:
    """Give each dummy a cluster: the innermost holding the source and every target of the edges
    through its trunk."""
    of_item = clusters.of_item
    of_item.extend([NO_CLUSTER] * (graph.item_count - len(of_item)))
    shared = {source: of_item[source] for source in graph.trunks}
    node_count, edges = graph.node_count, graph.edges
    for source, target, entry in zip(edges.sources, edges.targets, edges.entries):
        if entry >= node_count:  # the edge runs through its source's trunk
            shared[source] = clusters.common(shared[source], of_item[target])
    for source, trunk in graph.trunks.items():
        for dummy in trunk:
            of_item[dummy] = shared[source]


def subtree_keys(graph: LayeredGraph, clusters: Clusters, position: list[int]) -> list[float]:
    """Per cluster, the mean relative height of the items in its subtree: (rank + 1/2) / layer size."""
    count = len(clusters.parent)
    totals, sizes = [0.0] * count, [0] * count
    of_item = clusters.of_item
    for layer in graph.layers:
        size = len(layer)
        for item in layer:
            cluster = of_item[item]
            if cluster != NO_CLUSTER:
                totals[cluster] += (position[item] + 0.5) / size
                sizes[cluster] += 1
    for cluster in range(count - 1, -1, -1):
        parent = clusters.parent[cluster]
        if parent != NO_CLUSTER:
            totals[parent] += totals[cluster]
            sizes[parent] += sizes[cluster]
    return [total / size if size else 0.5 for total, size in zip(totals, sizes)]


class Order:
    """The hierarchical order of a layer: an item's key is, for each cluster holding it from the
    outermost in, (the cluster's key, 0, the cluster), then (its own key, 1, itself). Sorting by it
    keeps each cluster's items together and siblings in the order of their keys, in every layer;
    a cluster with no item in a layer it spans (a phantom) keys as its chain alone."""

    def __init__(self, clusters: Clusters, cluster_keys: list[float], own: list[float]) -> None:
        self.clusters = clusters
        self.levels = [tuple(chain.from_iterable((cluster_keys[c], 0, c) for c in chain_))
                       for chain_ in clusters.chains]
        self.own = own  # per item, its own key

    def item_key(self, item: int, own: float | None = None) -> tuple:
        cluster = self.clusters.of_item[item]
        prefix = () if cluster == NO_CLUSTER else self.levels[cluster]
        return (*prefix, self.own[item] if own is None else own, 1, item)

    def phantom_key(self, cluster: int) -> tuple:
        return self.levels[cluster]


def canonical(graph: LayeredGraph, clusters: Clusters, position: list[int]) -> Order:
    """Reorder every layer hierarchically (see Order), each item keyed by its relative height in the
    order given and each cluster by its subtree's mean: the nearest clustered order. Returns the
    order's keys, for the phantoms."""
    own = [0.0] * graph.item_count
    for layer in graph.layers:
        size = len(layer)
        for item in layer:
            own[item] = (position[item] + 0.5) / size
    order = Order(clusters, subtree_keys(graph, clusters, position), own)
    of_item = clusters.of_item
    for layer in graph.layers:
        if all(of_item[item] == NO_CLUSTER for item in layer):
            continue  # keyed by their own keys alone, the items keep their order
        layer.sort(key=order.item_key)
        for rank, item in enumerate(layer):
            position[item] = rank
    return order


def spans(graph: LayeredGraph, clusters: Clusters) -> list[tuple[int, int]]:
    """Per cluster, its first and last layer (of the items in its subtree)."""
    count = len(clusters.parent)
    first, last = [len(graph.layers)] * count, [-1] * count
    for item, cluster in enumerate(clusters.of_item):
        if cluster != NO_CLUSTER:
            layer = graph.layer_of[item]
            if layer < first[cluster]:
                first[cluster] = layer
            if layer > last[cluster]:
                last[cluster] = layer
    for cluster in range(count - 1, -1, -1):
        parent = clusters.parent[cluster]
        if parent != NO_CLUSTER:
            first[parent] = min(first[parent], first[cluster])
            last[parent] = max(last[parent], last[cluster])
    return list(zip(first, last))


def phantom_entry(cluster: int) -> int:
    """A phantom's entry in a layer's sequence: -1 - cluster (an item's is the item)."""
    return -1 - cluster


def sequences(graph: LayeredGraph, clusters: Clusters, order: Order) -> list[list[int]]:
    """Per layer, its items in order with the phantoms of that layer put in their places (see
    phantom_entry); a layer without phantoms is its own list. Items keep the layer's order: their
    own keys are their ranks, given to the runs of items of one cluster as the sorted keys of the
    run, so that a phantom, keyed by its chain alone, falls between the runs and sibling blocks
    where it belongs."""
    present: list[set[int]] = [set() for _ in graph.layers]
    layer_of, chains = graph.layer_of, clusters.chains
    for item, cluster in enumerate(clusters.of_item):
        if cluster != NO_CLUSTER:
            present[layer_of[item]].update(chains[cluster])
    phantoms: list[list[int]] = [[] for _ in graph.layers]
    for cluster, (first, last) in enumerate(spans(graph, clusters)):
        for layer in range(first, last + 1):
            if cluster not in present[layer]:
                phantoms[layer].append(cluster)
    result = []
    for index, layer in enumerate(graph.layers):
        if not phantoms[index]:
            result.append(layer)
            continue
        keyed = [(order.item_key(item, own), item) for item, own in zip(layer, run_ranks(layer, clusters, order))]
        keyed += [(order.phantom_key(cluster), phantom_entry(cluster)) for cluster in phantoms[index]]
        keyed.sort(key=lambda entry: entry[0])
        result.append([entry for _, entry in keyed])
    return result


def run_ranks(layer: list[int], clusters: Clusters, order: Order) -> list[float]:
    """Own keys that sort a layer's items as they stand. Exchanges only swap two neighbours of one
    cluster, so each run of consecutive items of one cluster holds the items it held in the
    canonical order, between the same blocks: its items take the run's keys, sorted, in order."""
    of_item, own = clusters.of_item, order.own
    keys: list[float] = []
    start = 0
    for end in range(1, len(layer) + 1):
        if end == len(layer) or of_item[layer[end]] != of_item[layer[start]]:
            keys.extend(sorted(own[item] for item in layer[start:end]))
            start = end
    return keys
