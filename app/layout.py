"""A layered (Sugiyama-style) layout of a computational graph, drawn left to right.

One section below per phase; nothing recurses (graphs may be 100,000 nodes deep):

1. Layers (longest path). A node's layer is 1 + the largest layer among its operands, so every
   edge advances to the right. Inputs stay in layer 0. An output that feeds no other node moves
   to the last layer, so the results line up on the right. A constant moves to the layer just
   before its earliest consumer: in layer 0 it would stretch an edge across the picture for a
   number that is read in one place. (So an input that is also an output stays in layer 0, and an
   output that feeds another node keeps its longest-path layer: its edges must still advance.)
2. Dummies. An edge spanning k > 1 layers runs through one dummy item in each layer between.
   The edges leaving one source share these dummies: one trunk per source, one dummy per layer,
   like a wire carrying `x` to each place it is read; an edge leaves the trunk in the layer before
   its target. Sharing bounds the dummies by layers x sources rather than layers x edges, and a
   limit bounds them outright: past it the longest trunks are dropped and their edges drawn straight.
3. Order (crossing reduction). Plain barycenter sweeps, down then up, keeping the best ordering
   seen and stopping at a fixed point; then, from that best, more sweeps, each followed by
   adjacent exchanges (transpose: swap two neighbours in a layer when that removes crossings),
   again keeping the best. So the result never has more crossings than the plain method's.
   Ties go to the smaller item id (nodes by id, then dummies in creation order): the same graph
   always gets the same picture. A segment ends at a port of its target (operand 0 highest), so
   two segments into one node cross when they arrive against the port order, and sweeping up,
   a segment counts at its port. Crossings between two layers are the inversions among the
   segments' lower ends (with the accumulator tree of Barth, Juenger and Mutzel for big layers).
   Rounds are capped by a work budget, so a big graph gets fewer (at least one plain round).
4. Coordinates. x = margin + node_width / 2 + layer * layer_spacing. In a layer, y is the
   weighted least-squares fit to where the neighbours want each item (level with the port it
   enters, or with its port level with them), subject to the minimum separation of consecutive
   items (node_height + gap between two nodes), solved exactly in O(n) by pooling adjacent
   violators; dummies weigh more, and chains come out level. Sweeps go down, up, and last on
   both sides. Then each trunk is made a few level runs (a run grows while one height fits
   between the neighbours of all its dummies), and the drawing is moved inside the margin.
5. Routes. Each (node, operand_index) gets one polyline: the source centre, its trunk's dummies
   where the line bends (at most MAX_TRUNK_BENDS of them), the port on the target's left side
   (so the two edges of x*x are two lines), the target centre.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Sequence

if TYPE_CHECKING:
    from engine.graph import Graph

DIRECTION = "left-to-right"
PLAIN_ROUNDS = 8  # most plain barycenter rounds (a round is a down sweep and an up sweep)
REFINE_ROUNDS = 4  # most rounds of sweeps, each followed by adjacent exchanges, after those
PLACEMENT_ROUNDS = 4  # most rounds of coordinate sweeps (down and up) before the two-sided one
# Work budgets, in rounds x work, the work of a round being the items and segments of the layers
# of two or more items (for placement: all items and segments). A graph of a few hundred nodes gets
# every round; a bigger one fewer: at least one plain round, one pass of adjacent exchanges, and
# the final two-sided placement sweep.
PLAIN_BUDGET = 60_000
REFINE_BUDGET = 20_000
PLACEMENT_BUDGET = 40_000
TRANSPOSE_PASSES = 4  # passes of adjacent exchanges over one layer, per sweep
DUMMY_LIMIT = 100_000  # past it, the longest trunks are dropped and their edges drawn straight
MAX_TRUNK_BENDS = 64  # past it, a route follows only every k-th bend of its trunk
INSORT_LIMIT = 4096  # segments between two layers up to which crossings are counted by insertion
DUMMY_WEIGHT = 4.0  # a dummy's pull in placement, so long edges stay straight
LOOSE_WEIGHT = 0.25  # a node with no neighbour on the side being fitted keeps its place lightly


@dataclass(frozen=True)
class Spacing:
    """Sizes in pixels. Every node is a node_width x node_height box."""
    node_width: int = 96
    node_height: int = 56
    gap: int = 24  # the least free space between two items of one layer
    layer_spacing: int = 168  # from one layer's centre line to the next
    margin: int = 32
    port_spacing: int = 20  # between the ports of a node's operands on its left side


@dataclass
class LayeredGraph:
    """A proper layered graph: real nodes 0..node_count-1, then dummies; every segment spans one layer."""
    node_count: int
    layer_of: list[int]
    layers: list[list[int]]  # the items of each layer, in their current order
    upper: list[list[int]]  # per item, its neighbours in the layer before (repeated for x*x)
    upper_ports: list[list[int]]  # per item, the port at the item of each segment from `upper`
    lower: list[list[int]]  # per item, its neighbours in the layer after
    lower_ports: list[list[int]]  # per item, the port at the far item of each segment to `lower`
    ports: list[int]  # per item, its ports: a node's operand count (at least 1), a dummy's 1
    edges: list[tuple[int, int, int]]  # (source, target, operand_index), one per operand of each node
    trunks: dict[int, list[int]]  # source -> its dummies, one per layer after the source's

    @property
    def slots(self) -> int:
        """The most ports of any item: lower ends are keyed position x slots + port."""
        return max(self.ports, default=1)

    @property
    def item_count(self) -> int:
        return len(self.layer_of)

    def segments(self) -> list[tuple[int, int, int]]:
        """Every segment as (upper item, lower item, port at the lower item); x*x has two."""
        return [(item, other, port) for item in range(self.item_count)
                for other, port in zip(self.lower[item], self.lower_ports[item])]

    def lower_shifts(self) -> list[list[float]]:
        """Per item, where each segment to `lower` enters its far item, as a fraction of a place
        in the order: operand 0 of 2 at -1/6, operand 1 at +1/6 (so operands sort in order)."""
        ports = self.ports
        return [[(port + 1) / (ports[other] + 1) - 0.5 for other, port in zip(below, below_ports)]
                for below, below_ports in zip(self.lower, self.lower_ports)]

    def work(self) -> int:
        """Items and outgoing segments in layers of two or more: what a sweep has to sort."""
        lower = self.lower
        return sum(len(layer) + sum(len(lower[item]) for item in layer)
                   for layer in self.layers if len(layer) > 1)


class NodePlace(NamedTuple):
    id: int
    x: float
    y: float
    layer: int
    order: int  # rank among the real nodes of its layer, top to bottom


class EdgeRoute(NamedTuple):
    source: int
    target: int
    operand_index: int
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Layout:
    nodes: tuple[NodePlace, ...]  # in node id order
    edges: tuple[EdgeRoute, ...]  # per node, per operand_index
    width: float
    height: float
    crossings: int
    node_width: int
    node_height: int
    layers: tuple[tuple[int, ...], ...]  # final order of each layer, dummies (ids >= len(nodes)) included
    segments: tuple[tuple[int, int, int], ...]  # (upper item, lower item, port): what crossings counts

    def to_dict(self) -> dict:
        return {
            "nodes": [{"id": node, "x": x, "y": y, "layer": layer, "order": order}
                      for node, x, y, layer, order in self.nodes],
            "edges": [{"source": source, "target": target, "operand_index": operand_index,
                       "points": [[x, y] for x, y in points]}
                      for source, target, operand_index, points in self.edges],
            "width": self.width,
            "height": self.height,
            "crossings": self.crossings,
            "node_width": self.node_width,
            "node_height": self.node_height,
            "direction": DIRECTION,
        }


# ---- 1. layers -------------------------------------------------------------------------------

def check_dag(operands: Sequence[Sequence[int]], outputs: Sequence[int], inputs: Sequence[int]) -> None:
    """Raise ValueError unless node ids are topological (every operand before its node)."""
    count = len(operands)
    for node, node_operands in enumerate(operands):
        for operand in node_operands:
            if not 0 <= operand < node:
                raise ValueError(f"node {node} has operand {operand}; operands must come before their node")
    for node in (*outputs, *inputs):
        if not 0 <= node < count:
            raise ValueError(f"node {node} is not in the graph of {count} nodes")
    for node in inputs:
        if operands[node]:
            raise ValueError(f"input node {node} has operands")


def assign_layers(operands: Sequence[Sequence[int]], outputs: Sequence[int], inputs: Sequence[int]) -> list[int]:
    """Longest-path layers; sink outputs pushed to the last layer; constants just before first use."""
    count = len(operands)
    layer = [0] * count
    has_consumer = [False] * count
    for node, node_operands in enumerate(operands):
        if node_operands:
            layer[node] = 1 + max(map(layer.__getitem__, node_operands))
            for operand in node_operands:
                has_consumer[operand] = True
    last = max(layer, default=0)
    is_input = [False] * count
    for node in inputs:
        is_input[node] = True
    for node in outputs:
        if not has_consumer[node] and not is_input[node]:
            layer[node] = last
    first_use = [last + 1] * count
    for node, node_operands in enumerate(operands):
        for operand in node_operands:
            if layer[node] < first_use[operand]:
                first_use[operand] = layer[node]
    for node, node_operands in enumerate(operands):
        if not node_operands and not is_input[node] and has_consumer[node]:
            layer[node] = first_use[node] - 1  # a constant, just before its first consumer
    return layer


# ---- 2. dummies ------------------------------------------------------------------------------

def routed_sources(operands: Sequence[Sequence[int]], layer_of: list[int], dummy_limit: int) -> set[int]:
    """The sources whose long edges get a trunk: all of them when their dummies fit the limit,
    else the shortest trunks first (by length, then id) while they fit."""
    reach: dict[int, int] = {}  # source -> the farthest layer a long edge of it reaches
    for target, node_operands in enumerate(operands):
        for source in node_operands:
            if layer_of[target] - layer_of[source] > 1 and layer_of[target] > reach.get(source, -1):
                reach[source] = layer_of[target]
    routed, dummies = set(), 0
    for length, source in sorted((reach[source] - layer_of[source] - 1, source) for source in reach):
        if dummies + length > dummy_limit:
            break
        routed.add(source)
        dummies += length
    return routed


def layered_graph(operands: Sequence[Sequence[int]], outputs: Sequence[int], inputs: Sequence[int],
                  dummy_limit: int = DUMMY_LIMIT) -> LayeredGraph:
    """Layers plus a shared dummy trunk per source for long edges; initial order by item id.
    A long edge whose source gets no trunk (past dummy_limit) has no segment: it is drawn straight."""
    check_dag(operands, outputs, inputs)
    count = len(operands)
    layer_of = assign_layers(operands, outputs, inputs)
    routed = routed_sources(operands, layer_of, dummy_limit)
    graph = LayeredGraph(count, layer_of, [], [[] for _ in range(count)], [[] for _ in range(count)],
                         [[] for _ in range(count)], [[] for _ in range(count)],
                         [max(1, len(node_operands)) for node_operands in operands], [], {})
    upper, upper_ports, lower, lower_ports = graph.upper, graph.upper_ports, graph.lower, graph.lower_ports
    for target, node_operands in enumerate(operands):
        for operand_index, source in enumerate(node_operands):
            dummies = layer_of[target] - layer_of[source] - 1
            before = source
            graph.edges.append((source, target, operand_index))
            if dummies > 0 and source not in routed:
                continue
            if dummies > 0:
                trunk = graph.trunks.setdefault(source, [])
                while len(trunk) < dummies:
                    trunk.append(_add_dummy(graph, trunk[-1] if trunk else source))
                before = trunk[dummies - 1]
            upper[target].append(before)  # the segment into the target's port operand_index
            upper_ports[target].append(operand_index)
            lower[before].append(target)
            lower_ports[before].append(operand_index)
    graph.layers = [[] for _ in range(max(layer_of, default=-1) + 1)]
    for item, layer in enumerate(layer_of):
        graph.layers[layer].append(item)
    return graph


def _add_dummy(graph: LayeredGraph, before: int) -> int:
    """A dummy in the layer after `before`, joined to it by a segment."""
    dummy = graph.item_count
    graph.layer_of.append(graph.layer_of[before] + 1)
    graph.upper.append([before])
    graph.upper_ports.append([0])
    graph.lower.append([])
    graph.lower_ports.append([])
    graph.lower[before].append(dummy)
    graph.lower_ports[before].append(0)
    graph.ports.append(1)
    return dummy


# ---- 3. order ----------------------------------------------------------------------------------

def positions(layers: list[list[int]], item_count: int) -> list[int]:
    """Each item's index within its layer."""
    position = [0] * item_count
    for layer in layers:
        for index, item in enumerate(layer):
            position[item] = index
    return position


def upper_barycenter(item: int, upper: list[list[int]], position: list[int]) -> float:
    """The mean position of an item's neighbours in the layer before (its own if it has none)."""
    around = upper[item]
    if len(around) == 1:
        return position[around[0]]
    return sum(map(position.__getitem__, around)) / len(around) if around else position[item]


def lower_barycenter(item: int, lower: list[list[int]], shifts: list[list[float]], position: list[int]) -> float:
    """The mean position of the ports its segments enter in the layer after (its own if none)."""
    below = lower[item]
    if len(below) == 1:
        return position[below[0]] + shifts[item][0]
    if not below:
        return position[item]
    return sum(position[other] + shift for other, shift in zip(below, shifts[item])) / len(below)


def barycenter_sweep(graph: LayeredGraph, position: list[int], downward: bool, shifts: list[list[float]]) -> None:
    """Sort each layer by its barycenter against the layer just fixed; ties by the smaller item id.
    `shifts` is graph.lower_shifts(), so that upward the operands of one node sort in port order."""
    layers, upper, lower = graph.layers, graph.upper, graph.lower
    for index in range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1):
        layer = layers[index]
        if len(layer) < 2:
            continue
        if downward:
            keyed = [(upper_barycenter(item, upper, position), item) for item in layer]
        else:
            keyed = [(lower_barycenter(item, lower, shifts, position), item) for item in layer]
        keyed.sort()
        for rank, (_, item) in enumerate(keyed):
            layer[rank] = item
            position[item] = rank


def inversions(ends: list[int]) -> int:
    """Pairs i < j with ends[i] > ends[j]: by insertion into a sorted list while that is cheap
    (a C memmove), else by Barth, Juenger & Mutzel's accumulator tree, O(n log n) at any size."""
    if len(ends) <= INSORT_LIMIT:
        seen: list[int] = []
        count = 0
        for end in ends:
            place = bisect_right(seen, end)
            count += len(seen) - place
            seen.insert(place, end)
        return count
    leaves = 1
    while leaves <= max(ends):
        leaves *= 2
    tree = [0] * (2 * leaves - 1)  # tree[i]: how many ends lie under node i
    count = 0
    for end in ends:
        index = end + leaves - 1
        tree[index] += 1
        while index > 0:
            if index % 2:  # a left child: everything under its right sibling lies further down
                count += tree[index + 1]
            index = (index - 1) // 2
            tree[index] += 1
    return count


def lower_ends(item: int, graph: LayeredGraph, position: list[int], slots: int) -> list[int]:
    """Where an item's segments end in the layer after, as sorted keys position x slots + port:
    two segments into one node cross when they arrive in the opposite order to their ports."""
    below = graph.lower[item]
    if len(below) == 1:
        return [position[below[0]] * slots + graph.lower_ports[item][0]]
    return sorted(position[other] * slots + port for other, port in zip(below, graph.lower_ports[item]))


def bilayer_crossings(upper_layer: list[int], graph: LayeredGraph, position: list[int], slots: int) -> int:
    """Crossings between two adjacent layers: inversions among the segments' lower ends read in
    upper order (one item's ends in increasing order, as segments from one point do not cross)."""
    ends: list[int] = []
    lower, lower_ports = graph.lower, graph.lower_ports
    for item in upper_layer:
        below = lower[item]
        if len(below) == 1:
            ends.append(position[below[0]] * slots + lower_ports[item][0])
        elif below:
            ends.extend(lower_ends(item, graph, position, slots))
    return inversions(ends)


def layer_pair_crossings(graph: LayeredGraph, position: list[int]) -> list[int]:
    """Crossings between layer i and layer i + 1, for each i (dummies included)."""
    layers, slots = graph.layers, graph.slots
    pairs = [0] * max(len(layers) - 1, 0)
    for index in range(len(layers) - 1):
        if len(layers[index]) > 1 and (len(layers[index + 1]) > 1 or slots > 1):
            pairs[index] = bilayer_crossings(layers[index], graph, position, slots)
    return pairs


def pair_crossings(first_ends: list[int], second_ends: list[int]) -> tuple[int, int]:
    """Crossings between two neighbours' segments to one side, from each one's sorted far ends:
    (with the first above the second, with the second above the first)."""
    if len(first_ends) == 1 and len(second_ends) == 1:
        return int(first_ends[0] > second_ends[0]), int(first_ends[0] < second_ends[0])
    kept = swapped = 0
    size = len(second_ends)
    for end in first_ends:
        kept += bisect_left(second_ends, end)
        swapped += size - bisect_right(second_ends, end)
    return kept, swapped


def transpose(graph: LayeredGraph, position: list[int], index: int, slots: int) -> tuple[int, int]:
    """Adjacent exchanges in one layer while a swap removes crossings with the two layers beside
    it; returns the crossings removed (with the layer before, with the layer after)."""
    layer = graph.layers[index]
    at = position.__getitem__
    before_ends = [sorted(map(at, graph.upper[item])) for item in layer]
    after_ends = [lower_ends(item, graph, position, slots) for item in layer]
    removed_before = removed_after = 0
    for _ in range(TRANSPOSE_PASSES):
        improved = False
        for rank in range(len(layer) - 1):
            kept_before, swapped_before = pair_crossings(before_ends[rank], before_ends[rank + 1])
            kept_after, swapped_after = pair_crossings(after_ends[rank], after_ends[rank + 1])
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


def rounds_within(budget: int, work: int, most: int, least: int = 1) -> int:
    """How many rounds of `work` fit the budget, between least and most."""
    return max(least, min(most, budget // max(work, 1)))


def order_layers(graph: LayeredGraph) -> int:
    """Reorder graph.layers to reduce crossings; return the crossings of the final order."""
    position = positions(graph.layers, graph.item_count)
    crossings = sum(layer_pair_crossings(graph, position))
    if crossings == 0:
        return 0
    work = graph.work()
    best = _Best(graph, crossings)
    shifts = graph.lower_shifts()
    for _ in range(rounds_within(PLAIN_BUDGET, work, PLAIN_ROUNDS)):  # the plain method, keep-best
        before = [list(layer) for layer in graph.layers]
        for downward in (True, False):
            if best.crossings:
                barycenter_sweep(graph, position, downward, shifts)
                best.offer(graph, sum(layer_pair_crossings(graph, position)))
        if best.crossings == 0 or graph.layers == before:  # a fixed point: every later round repeats
            break
    position = best.restore(graph)
    best.offer(graph, transpose_layers(graph, position))  # adjacent exchanges on the plain result
    for _ in range(rounds_within(REFINE_BUDGET, work, REFINE_ROUNDS, least=0)):
        before = best.crossings
        for downward in (True, False):
            if best.crossings:
                barycenter_sweep(graph, position, downward, shifts)
                best.offer(graph, transpose_layers(graph, position))
        if best.crossings == before:  # a round without progress: stop refining
            break
    best.restore(graph)
    return best.crossings


def transpose_layers(graph: LayeredGraph, position: list[int]) -> int:
    """Transpose every layer that has crossings beside it; return the total crossings after."""
    pairs, slots = layer_pair_crossings(graph, position), graph.slots
    for index in range(len(graph.layers)):
        before = pairs[index - 1] if index else 0
        after = pairs[index] if index < len(pairs) else 0
        if before or after:
            removed_before, removed_after = transpose(graph, position, index, slots)
            if index:
                pairs[index - 1] -= removed_before
            if index < len(pairs):
                pairs[index] -= removed_after
    return sum(pairs)


class _Best:
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


# ---- 4. coordinates --------------------------------------------------------------------------

def pack(desired: list[float], weights: list[float], gaps: list[float]) -> list[float]:
    """The y closest to `desired` (weighted least squares) with y[i+1] - y[i] >= gaps[i].

    Writing y[i] = z[i] + offset[i], offset the running sum of gaps, the constraint becomes
    z non-decreasing: isotonic regression, solved by pooling adjacent violators.
    """
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks: list[tuple[float, float, int]] = []  # (total weight, weighted mean of z, item count)
    for target, weight, offset in zip(desired, weights, offsets):
        block_weight, block_mean, block_size = weight, target - offset, 1
        while blocks and blocks[-1][1] >= block_mean:
            left_weight, left_mean, left_size = blocks.pop()
            total = left_weight + block_weight
            block_mean = (left_weight * left_mean + block_weight * block_mean) / total
            block_weight, block_size = total, left_size + block_size
        blocks.append((block_weight, block_mean, block_size))
    placed: list[float] = []
    for _, mean, size in blocks:
        placed.extend([mean] * size)
    return [z + offset for z, offset in zip(placed, offsets)]


Sides = tuple[tuple[list[list[int]], list[float]], ...]  # per side: neighbours, summed port offsets


def place_layer(layer: list[int], sides: Sides, y: list[float], halves: list[float], gap: float,
                node_count: int) -> None:
    """Move one layer's items to where their neighbours on the given sides want them, on average:
    an item level with the port its segment enters, or its port level with the neighbour."""
    at = y.__getitem__
    desired, weights = [], []
    for item in layer:
        total, count = 0.0, 0
        for neighbours, offsets in sides:
            around = neighbours[item]
            if around:
                total += sum(map(at, around)) + offsets[item]
                count += len(around)
        desired.append(total / count if count else y[item])
        weights.append(DUMMY_WEIGHT if item >= node_count else 1.0 if count else LOOSE_WEIGHT)
    gaps = [halves[above] + halves[below] + gap for above, below in zip(layer, layer[1:])]
    for item, placed in zip(layer, pack(desired, weights, gaps)):
        y[item] = placed


def placement_sweep(layers: list[list[int]], sides: Sides, y: list[float], halves: list[float], gap: float,
                    node_count: int) -> None:
    """place_layer on each layer in turn; a layer of one item (a chain) simply takes the mean."""
    at = y.__getitem__
    for layer in layers:
        if len(layer) > 1:
            place_layer(layer, sides, y, halves, gap, node_count)
            continue
        item = layer[0]
        total, count = 0.0, 0
        for neighbours, offsets in sides:
            around = neighbours[item]
            if around:
                total += sum(map(at, around)) + offsets[item]
                count += len(around)
        if count:
            y[item] = total / count


def port_offsets(graph: LayeredGraph, spacing: Spacing) -> tuple[list[float], list[float]]:
    """Per item, the sums of the port offsets (px) of its segments from above and to below:
    the pull of a neighbour above is its y minus the port offset at the item, of one below its
    y plus the offset of the port entered there."""
    arity = graph.ports  # a dummy's one port is its centre
    from_upper, from_lower = [], []
    for item, ports in enumerate(graph.upper_ports):
        offsets = (port_offset(port, arity[item], spacing) for port in ports) if arity[item] > 1 else ()
        from_upper.append(-sum(offsets))
    for below, ports in zip(graph.lower, graph.lower_ports):
        if len(below) == 1 and arity[below[0]] == 1:  # most segments: into a dummy or a unary node
            from_lower.append(0.0)
        else:
            from_lower.append(sum(port_offset(port, arity[other], spacing) for other, port in zip(below, ports)))
    return from_upper, from_lower


def assign_y(graph: LayeredGraph, spacing: Spacing) -> list[float]:
    """Vertical centres: each layer packed around 0, then down, up and two-sided placement sweeps."""
    node_count, gap = graph.node_count, spacing.gap
    halves = [spacing.node_height / 2] * node_count + [0.0] * (graph.item_count - node_count)
    y = [0.0] * graph.item_count
    for layer in graph.layers:
        top = 0.0
        for above, item in zip([None, *layer], layer):
            if above is not None:
                top += halves[above] + halves[item] + gap
            y[item] = top
        for item in layer:
            y[item] -= top / 2
    from_upper, from_lower = port_offsets(graph, spacing)
    down, up = ((graph.upper, from_upper),), ((graph.lower, from_lower),)
    layers = graph.layers
    work = graph.item_count + sum(map(len, graph.lower))  # every layer is placed, even of one item
    for _ in range(rounds_within(PLACEMENT_BUDGET, work, PLACEMENT_ROUNDS, least=0)):
        placement_sweep(layers[1:], down, y, halves, gap, node_count)
        placement_sweep(layers[-2::-1], up, y, halves, gap, node_count)
    placement_sweep(layers, down + up, y, halves, gap, node_count)
    straighten_trunks(graph, y, halves, gap)
    return y


def straighten_trunks(graph: LayeredGraph, y: list[float], halves: list[float], gap: float) -> None:
    """Make each trunk a few level runs, so a long edge reads as a straight wire with few bends
    (and its polyline stays short): walking along the trunk, a run grows while one height fits
    between every dummy's neighbours in its layer; the run takes its mean height, clamped to fit."""
    position = positions(graph.layers, graph.item_count)
    layers, layer_of = graph.layers, graph.layer_of
    for trunk in graph.trunks.values():
        run: list[int] = []
        low, high = float("-inf"), float("inf")
        for dummy in trunk:
            layer, rank = layers[layer_of[dummy]], position[dummy]
            above = layer[rank - 1] if rank else None
            below = layer[rank + 1] if rank + 1 < len(layer) else None
            dummy_low = y[above] + halves[above] + gap if above is not None else float("-inf")
            dummy_high = y[below] - halves[below] - gap if below is not None else float("inf")
            if run and (max(low, dummy_low) > min(high, dummy_high)):
                _level(run, y, low, high)
                run, low, high = [], float("-inf"), float("inf")
            run.append(dummy)
            low, high = max(low, dummy_low), min(high, dummy_high)
        _level(run, y, low, high)


def _level(run: list[int], y: list[float], low: float, high: float) -> None:
    level = min(max(sum(y[dummy] for dummy in run) / len(run), low), high)
    for dummy in run:
        y[dummy] = level


# ---- 5. routes ---------------------------------------------------------------------------------

def trunk_bends(trunk: list[int], source_y: float, y: list[float]) -> list[int]:
    """Indices of the trunk's dummies where a line through them bends; the last one too. Past
    MAX_TRUNK_BENDS (a trunk weaving through a big graph) every k-th, so that no route has more
    points than that: the routes of a source's edges repeat its trunk, edges x bends in all."""
    bends = []
    before = source_y
    for index, dummy in enumerate(trunk):
        after = y[trunk[index + 1]] if index + 1 < len(trunk) else None
        if not before == y[dummy] == after:
            bends.append(index)
        before = y[dummy]
    if len(bends) > MAX_TRUNK_BENDS:
        bends = bends[::-(-len(bends) // MAX_TRUNK_BENDS)]
    return bends


def port_offset(operand_index: int, arity: int, spacing: Spacing) -> float:
    """Where operand k enters its node's left side, below the centre (operand 0 highest)."""
    if arity < 2:
        return 0.0
    step = min(spacing.port_spacing, 0.8 * spacing.node_height / (arity - 1))
    return (operand_index - (arity - 1) / 2) * step


def route_edges(graph: LayeredGraph, xs: list[float], y: list[float], spacing: Spacing) -> list[EdgeRoute]:
    """One polyline per (node, operand_index): source centre, trunk bends, port, target centre."""
    bends = {source: trunk_bends(trunk, y[source], y) for source, trunk in graph.trunks.items()}
    layer_of, trunks, arity = graph.layer_of, graph.trunks, graph.ports
    half_width = spacing.node_width / 2
    routes = []
    for source, target, operand_index in graph.edges:
        target_x, target_y = xs[layer_of[target]], y[target]
        port_y = target_y
        if arity[target] > 1:
            port_y = round(target_y + port_offset(operand_index, arity[target], spacing), 2)
        ends = ((target_x - half_width, port_y), (target_x, target_y))
        dummies = layer_of[target] - layer_of[source] - 1
        if dummies > 0 and source in trunks:  # along the trunk to the layer before the target
            trunk, trunk_bend = trunks[source], bends[source]
            along = tuple((xs[layer_of[trunk[index]]], y[trunk[index]])
                          for index in trunk_bend[:bisect_left(trunk_bend, dummies - 1)] + [dummies - 1])
            ends = along + ends
        routes.append(EdgeRoute(source, target, operand_index, ((xs[layer_of[source]], y[source]), *ends)))
    return routes


# ---- the whole ---------------------------------------------------------------------------------

def layout_dag(operands: Sequence[Sequence[int]], outputs: Sequence[int], inputs: Sequence[int],
               spacing: Spacing = Spacing(), dummy_limit: int = DUMMY_LIMIT) -> Layout:
    """Lay out a DAG given as each node's ordered operand ids (topological: operands come first)."""
    graph = layered_graph(operands, outputs, inputs, dummy_limit)
    crossings = order_layers(graph)
    y = assign_y(graph, spacing)
    shift, height = vertical_frame(graph, y, spacing)
    y = [round(value + shift, 2) for value in y]
    xs = [spacing.margin + spacing.node_width / 2 + layer * spacing.layer_spacing
          for layer in range(len(graph.layers))]
    width = 2 * spacing.margin
    if graph.layers:
        width += spacing.node_width + (len(graph.layers) - 1) * spacing.layer_spacing
    return Layout(
        nodes=node_places(graph, xs, y),
        edges=tuple(route_edges(graph, xs, y, spacing)),
        width=width, height=height, crossings=crossings,
        node_width=spacing.node_width, node_height=spacing.node_height,
        layers=tuple(map(tuple, graph.layers)),
        segments=tuple(graph.segments()),
    )


def vertical_frame(graph: LayeredGraph, y: list[float], spacing: Spacing) -> tuple[float, float]:
    """The shift that puts the top of the drawing on the margin, and the height with both margins."""
    if not y:
        return 0.0, 2 * spacing.margin
    half = spacing.node_height / 2
    nodes, dummies = y[:graph.node_count], y[graph.node_count:]
    top = min(min(nodes) - half, min(dummies, default=float("inf")))
    bottom = max(max(nodes) + half, max(dummies, default=float("-inf")))
    return spacing.margin - top, round(bottom - top + 2 * spacing.margin, 2)


def node_places(graph: LayeredGraph, xs: list[float], y: list[float]) -> tuple[NodePlace, ...]:
    """Each real node's centre, layer and rank among the real nodes of its layer."""
    count = graph.node_count
    order = [0] * count
    for layer in graph.layers:
        rank = 0
        for item in layer:
            if item < count:
                order[item] = rank
                rank += 1
    layers = graph.layer_of[:count]
    return tuple(map(NodePlace, range(count), [xs[layer] for layer in layers], y[:count], layers, order))


def layout_graph(graph: Graph, spacing: Spacing = Spacing()) -> Layout:
    """Lay out an engine Graph: inputs at the left, outputs at the right."""
    return layout_dag([node.operands for node in graph.nodes], graph.outputs, list(graph.inputs.values()), spacing)
