"""The layered layout: its invariants on gallery graphs and random DAGs, its determinism, and its
crossings against an independent recount and against a plain barycenter method written here."""
from __future__ import annotations

import inspect
import itertools
import math
import random
import sys
from collections import defaultdict
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.layout import Layout, Spacing, layered_graph, layout_dag, layout_graph
from app.layout.budget import EXCHANGE_BUDGET, PLAIN_BUDGET, layout_work
from app.layout.crossings import LayerPairs, positions
from app.layout.drawing import hundredths
from app.layout.exchanges import Exchanges
from app.layout.layered import Edges
from app.layout.layering import promote
from engine import compile_graph

from .programs import layered_program

SPACING = Spacing()
GALLERY = [
    "exp(x)/x^2",
    "w = sin(x); y = exp(w); z = w*y",
    "w = x^2; y = sin(w); z = exp(w) * y",
    "x*y + x",
    "x*x + sin(x)",
    "tanh(w1*x1 + w2*x2 + b)",
    "x*y, x+y, sin(x)",
    "x*x*x*x",
    "sigmoid(w1*x + b1) * sigmoid(w2*x + b2) + log(1 + exp(x*y))",
    "sin(sin(sin(x))) * 2",
    "a = x*y; b = a + z; c = a*b; d = b - c; q = c/d; q + a",
    "a = sin(x); b = cos(x); a*2",  # b is read by no one: a sink that is no output
]

Dag = tuple[list[list[int]], list[int], list[int]]  # operands per node, outputs, inputs


def graph_dag(source: str) -> Dag:
    graph = compile_graph(source)
    return [list(node.operands) for node in graph.nodes], list(graph.outputs), list(graph.inputs.values())


@st.composite
def dags(draw, max_nodes: int = 28) -> Dag:
    """Random DAGs with fan-out: some inputs, constants (no operands), nodes of arity 1 to 3 whose
    operands are any earlier nodes (repeats allowed); outputs are some of the sinks (an unused
    assignment is a sink that is no output) and maybe a few other nodes."""
    input_count = draw(st.integers(0, 4))
    size = draw(st.integers(max(input_count, 1), max_nodes))
    operands: list[list[int]] = [[] for _ in range(input_count)]
    for node in range(input_count, size):
        arity = draw(st.sampled_from([0, 1, 1, 2, 2, 2, 3])) if node else 0
        operands.append([draw(st.integers(0, node - 1)) for _ in range(arity)])
    consumed = {operand for node_operands in operands for operand in node_operands}
    sinks = [node for node in range(size) if node not in consumed]
    kept = draw(st.lists(st.booleans(), min_size=len(sinks), max_size=len(sinks)))
    extra = draw(st.lists(st.integers(0, size - 1), max_size=2))
    outputs = sorted({sink for sink, keep in zip(sinks, kept) if keep} | set(extra))
    return operands, outputs, list(range(input_count))


@st.composite
def trees(draw, max_nodes: int = 40) -> Dag:
    """In-trees: every node but the root feeds exactly one later node, at most once."""
    size = draw(st.integers(1, max_nodes))
    parent = [draw(st.integers(node + 1, size - 1)) for node in range(size - 1)]
    operands: list[list[int]] = [[] for _ in range(size)]
    for node, consumer in enumerate(parent):
        operands[consumer].append(node)
    leaves = [node for node in range(size) if not operands[node]]
    inputs = leaves[: draw(st.integers(0, len(leaves)))]
    return operands, [size - 1], inputs


def seeded_dag(seed: int, size: int = 60, input_count: int = 5) -> Dag:
    """A random DAG with local and long-range reuse, fixed by its seed."""
    rng = random.Random(seed)
    operands: list[list[int]] = [[] for _ in range(input_count)]
    for node in range(input_count, size):
        operands.append([rng.randrange(node) if rng.random() < 0.3 else rng.randrange(max(0, node - 6), node)
                         for _ in range(rng.choice((1, 2, 2)))])
    consumed = {operand for node_operands in operands for operand in node_operands}
    return operands, [node for node in range(size) if node not in consumed], list(range(input_count))


# ---- independent checks -----------------------------------------------------------------------

def recount_crossings(layers: Sequence[Sequence[int]], segments: Sequence[tuple[int, int, int]]) -> int:
    """Crossings by brute force: two segments between the same pair of layers cross when they
    leave two items in one order and arrive in the other: at two items, or at two ports (operand
    0 highest) of one node. Segments leaving one item never cross."""
    rank = {item: order for items in layers for order, item in enumerate(items)}
    layer = {item: index for index, items in enumerate(layers) for item in items}
    between: dict[int, list[tuple[int, tuple[int, int]]]] = defaultdict(list)
    for upper, lower, port in segments:
        assert layer[lower] == layer[upper] + 1
        between[layer[upper]].append((rank[upper], (rank[lower], port)))
    crossings = 0
    for pairs in between.values():
        for index, (a_upper, a_lower) in enumerate(pairs):
            for b_upper, b_lower in pairs[index + 1:]:
                crossings += (a_upper < b_upper and a_lower > b_lower) or (a_upper > b_upper and a_lower < b_lower)
    return crossings


def plain_barycenter_crossings(dag: Dag, rounds: int = 4) -> int:
    """The textbook method on the same layered graph (layers, dummies, initial order): `rounds`
    times a down and an up sweep, each layer sorted by its neighbours' mean position in the layer
    just fixed (own position when it has none; ties by item id); the final order's crossings.
    Upward, a segment counts at its port: operand k of n at (k + 1) / (n + 1) - 1/2 of a place."""
    operands = dag[0]
    graph = layered_graph(*dag)
    segments = graph.segments()
    layers = [list(layer) for layer in graph.layers]
    upper: dict[int, list[tuple[int, float]]] = defaultdict(list)
    lower: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for source, target, port in segments:
        arity = len(operands[target]) if target < len(operands) else 1
        upper[target].append((source, 0.0))
        lower[source].append((target, (port + 1) / (arity + 1) - 0.5))

    def sweep(indices: range, fixed_offset: int, neighbours: dict[int, list[tuple[int, float]]]) -> None:
        for index in indices:
            fixed = {item: rank for rank, item in enumerate(layers[index + fixed_offset])}
            own = {item: rank for rank, item in enumerate(layers[index])}

            def key(item: int) -> tuple[float, int]:
                around = neighbours[item]
                if not around:
                    return own[item], item
                return sum(fixed[other] + shift for other, shift in around) / len(around), item
            layers[index].sort(key=key)

    for _ in range(rounds):
        sweep(range(1, len(layers)), -1, upper)
        sweep(range(len(layers) - 2, -1, -1), +1, lower)
    return recount_crossings(layers, segments)


def dummy_count(layout: Layout) -> int:
    return sum(item >= len(layout.nodes) for layer in layout.layers for item in layer)


def check_layout(layout: Layout, dag: Dag) -> None:
    """Every invariant of the contract that does not depend on the particular order found."""
    operands, outputs, inputs = dag
    data = layout.to_dict()
    nodes, edges = data["nodes"], data["edges"]
    width, height = data["width"], data["height"]
    half_w, half_h = data["node_width"] / 2, data["node_height"] / 2
    assert data["direction"] == "left-to-right"
    assert [node["id"] for node in nodes] == list(range(len(operands)))
    layer = [node["layer"] for node in nodes]
    last = max(layer, default=0)
    consumers: dict[int, list[int]] = defaultdict(list)
    for node, node_operands in enumerate(operands):
        for operand in node_operands:
            consumers[operand].append(node)

    # layers: edges advance; inputs first; sink outputs last; constants just before first use
    for node in inputs:
        assert layer[node] == 0
    for node in outputs:
        if node not in inputs and not consumers[node]:
            assert layer[node] == last
    for node, node_operands in enumerate(operands):
        assert all(layer[operand] < layer[node] for operand in node_operands)
        if not node_operands and node not in inputs and consumers[node]:
            assert layer[node] == min(layer[consumer] for consumer in consumers[node]) - 1

    # boxes: inside the frame, x from the layer, no overlaps, the gap kept within a layer
    for node in nodes:
        assert node["x"] == SPACING.margin + half_w + node["layer"] * SPACING.layer_spacing
        assert 0 <= node["x"] - half_w and node["x"] + half_w <= width
        assert 0 <= node["y"] - half_h and node["y"] + half_h <= height
    for index, a in enumerate(nodes):
        for b in nodes[index + 1:]:
            assert abs(a["x"] - b["x"]) >= 2 * half_w or abs(a["y"] - b["y"]) >= 2 * half_h
            if a["layer"] == b["layer"]:
                assert abs(a["y"] - b["y"]) >= 2 * half_h + SPACING.gap - 1e-6

    # order: the rank by y among the real nodes of a layer, and the final orders agree
    by_layer: dict[int, list[dict]] = defaultdict(list)
    for node in nodes:
        by_layer[node["layer"]].append(node)
    for members in by_layer.values():
        assert [node["order"] for node in sorted(members, key=lambda node: node["y"])] == list(range(len(members)))
    real = [[item for item in items if item < len(nodes)] for items in layout.layers]
    assert real == [[node["id"] for node in sorted(by_layer[index], key=lambda node: node["order"])]
                    for index in range(len(layout.layers))]

    # edges: one per (node, operand_index), from source centre to target centre, rightwards,
    # bending only at layer columns outside every node box
    assert [(e["target"], e["operand_index"]) for e in edges] == [
        (node, index) for node, node_operands in enumerate(operands) for index in range(len(node_operands))]
    columns = {node["x"]: [n["y"] for n in by_layer[node["layer"]]] for node in nodes}
    for edge in edges:
        source, target, points = nodes[edge["source"]], nodes[edge["target"]], edge["points"]
        assert edge["source"] == operands[edge["target"]][edge["operand_index"]]
        assert points[0] == [source["x"], source["y"]] and points[-1] == [target["x"], target["y"]]
        assert all(a[0] < b[0] for a, b in zip(points, points[1:]))
        assert all(0 <= x <= width and 0 <= y <= height for x, y in points)
        port = points[-2]
        assert port[0] == target["x"] - half_w and abs(port[1] - target["y"]) < half_h
        for x, y in points[1:-2]:  # the dummies
            assert all(abs(y - node_y) >= half_h for node_y in columns.get(x, []))

    # segments: each edge ends in one segment into its port, from its source when it spans one
    # layer, else from a dummy (the end of its route), or none when it is drawn straight;
    # a dummy has one segment in
    count = len(nodes)
    into: dict[tuple[int, int], list[int]] = defaultdict(list)
    for upper, lower, port in layout.segments:
        into[lower, port].append(upper)
    for edge in edges:
        ends = into[edge["target"], edge["operand_index"]]
        if layer[edge["target"]] - layer[edge["source"]] == 1:
            assert ends == [edge["source"]]
        elif len(edge["points"]) == 3:
            assert ends == []
        else:
            assert len(ends) == 1 and ends[0] >= count
    assert all(len(into[item, 0]) == 1 for items in layout.layers for item in items if item >= count)

    # crossings: as a brute-force recount of the final orders finds
    assert data["crossings"] == recount_crossings(layout.layers, layout.segments)


# ---- the gallery ----------------------------------------------------------------------------

@pytest.mark.parametrize("source", GALLERY)
def test_gallery_layouts_keep_every_invariant(source: str) -> None:
    check_layout(layout_graph(compile_graph(source)), graph_dag(source))


@pytest.mark.parametrize("source", GALLERY)
def test_gallery_layouts_are_deterministic(source: str) -> None:
    assert layout_graph(compile_graph(source)).to_dict() == layout_graph(compile_graph(source)).to_dict()


@pytest.mark.parametrize("source", GALLERY)
def test_gallery_crossings_at_most_plain_barycenter(source: str) -> None:
    assert layout_graph(compile_graph(source)).crossings <= plain_barycenter_crossings(graph_dag(source))


@pytest.mark.parametrize("source, crossings", [
    ("exp(x)/x^2", 0),
    ("tanh(w1*x1 + w2*x2 + b)", 0),
    ("w = sin(x); y = exp(w); z = w*y", 0),
    ("x*y + x", 1),  # x enters x*y at the top and x*y + x at the bottom: one crossing either way
    ("x*x*x*x", 0),
    ("((a+b)*(c+d)) + ((e+f)*(g+h))", 0),
    ("x*y, x+y, sin(x)", 1),  # x and y both feed x*y and x+y: a K(2,2), one crossing at least
])
def test_known_crossings(source: str, crossings: int) -> None:
    assert layout_graph(compile_graph(source)).crossings == crossings


def optimum_crossings(dag: Dag) -> int:
    """The fewest crossings over every ordering of every layer (a small graph's)."""
    graph = layered_graph(*dag)
    orderings = itertools.product(*(itertools.permutations(layer) for layer in graph.layers))
    return min(recount_crossings(layers, graph.segments()) for layers in orderings)


@pytest.mark.parametrize("source", [source for source in GALLERY if math.prod(
    math.factorial(len(layer)) for layer in layered_graph(*graph_dag(source)).layers) <= 20_000])
def test_small_gallery_graphs_get_the_fewest_crossings_possible(source: str) -> None:
    assert layout_graph(compile_graph(source)).crossings == optimum_crossings(graph_dag(source))


def test_layout_dict_has_the_contract_fields() -> None:
    data = layout_graph(compile_graph("exp(x)/x^2")).to_dict()
    assert set(data) == {"nodes", "edges", "width", "height", "crossings", "node_width", "node_height", "direction"}
    assert set(data["nodes"][0]) == {"id", "x", "y", "layer", "order"}
    assert set(data["edges"][0]) == {"source", "target", "operand_index", "points"}
    assert (data["node_width"], data["node_height"]) == (96, 56)


def test_exp_over_square_layers() -> None:
    # x; exp(x) and x^2 (with its constant 2 just before it); the quotient last
    layout = layout_graph(compile_graph("exp(x)/x^2")).to_dict()
    assert [node["layer"] for node in layout["nodes"]] == [0, 1, 0, 1, 2]


def test_constant_sits_just_before_its_consumer_not_in_layer_zero() -> None:
    layout = layout_graph(compile_graph("sin(sin(sin(x))) * 2")).to_dict()
    layers = {node["id"]: node["layer"] for node in layout["nodes"]}
    assert layers == {0: 0, 1: 1, 2: 2, 3: 3, 4: 3, 5: 4}  # the constant 2 is node 4


def test_repeated_operand_gives_two_distinct_routes() -> None:
    edges = layout_graph(compile_graph("x*x + sin(x)")).to_dict()["edges"]
    square = [edge for edge in edges if edge["target"] == 1]
    assert [(edge["source"], edge["operand_index"]) for edge in square] == [(0, 0), (0, 1)]
    assert square[0]["points"] != square[1]["points"]
    assert square[0]["points"][-2][1] < square[1]["points"][-2][1]  # operand 0 enters higher


def test_long_edge_bends_at_dummies_around_nodes() -> None:
    # x feeds the last node across two layers: its route passes the column of x*y, off its box
    data = layout_graph(compile_graph("x*y + x")).to_dict()
    long_edge = next(edge for edge in data["edges"] if edge["target"] == 3 and edge["operand_index"] == 1)
    product = data["nodes"][2]
    middle = [point for point in long_edge["points"] if point[0] == product["x"]]
    assert len(middle) == 1 and abs(middle[0][1] - product["y"]) >= data["node_height"] / 2 + SPACING.gap


def test_edges_from_one_source_share_a_trunk() -> None:
    # x*x*x*x: x feeds layers 1, 2 and 3; the edges to layers 2 and 3 share the dummy in layer 1
    layout = layout_graph(compile_graph("x*x*x*x"))
    first, second = (item for layer in layout.layers for item in layer if item >= len(layout.nodes))
    touching = [segment for segment in layout.segments if first in segment[:2]]
    assert touching == [(0, first, 0), (first, 2, 1), (first, second, 0)]  # in from x; out to x*x*x and on


def test_a_trunk_runs_level_where_it_can() -> None:
    # x's trunk to the last node passes layers 1 and 2 at one height: one straight wire
    layout = layout_graph(compile_graph("x*x*x*x"))
    route = next(edge.points for edge in layout.edges if edge.source == 0 and edge.target == 3)
    assert len({y for _, y in route[1:-2]}) == 1


def weave(steps: int) -> str:
    """Two chains, each reading the other and an input at every step: the inputs' trunks weave."""
    lines = ["t1 = sin(x)", "u1 = cos(y)"]
    for step in range(2, steps):
        lines += [f"t{step} = t{step - 1} * x + u{step - 1}", f"u{step} = u{step - 1} * y - t{step - 1}"]
    return "; ".join([*lines, f"t{steps - 1}, u{steps - 1}"])


def test_routes_of_a_weaving_trunk_keep_a_bounded_number_of_points(monkeypatch: pytest.MonkeyPatch) -> None:
    source = weave(40)
    unbounded = max(len(edge.points) for edge in layout_graph(compile_graph(source)).edges)
    monkeypatch.setattr("app.layout.routing.MAX_TRUNK_BENDS", 6)
    layout = layout_graph(compile_graph(source))
    assert unbounded > 6 + 4 >= max(len(edge.points) for edge in layout.edges)
    check_layout(layout, graph_dag(source))


def test_an_input_that_is_an_output_stays_in_layer_zero() -> None:
    layers = [node["layer"] for node in layout_graph(compile_graph("x, sin(x)")).to_dict()["nodes"]]
    assert layers == [0, 1]


def test_an_output_that_feeds_another_node_keeps_its_layer() -> None:
    layers = [node["layer"] for node in layout_graph(compile_graph("w = sin(x); w, exp(w)")).to_dict()["nodes"]]
    assert layers == [0, 1, 2]


def test_a_chain_is_level_and_centred() -> None:
    data = layout_dag([[]] + [[node - 1] for node in range(1, 50)], [49], [0]).to_dict()
    assert {node["y"] for node in data["nodes"]} == {data["height"] / 2}
    assert data["width"] == 2 * SPACING.margin + SPACING.node_width + 49 * SPACING.layer_spacing


def test_single_node_and_empty_graph() -> None:
    single = layout_dag([[]], [0], [0]).to_dict()
    assert single["nodes"] == [{"id": 0, "x": 80.0, "y": 60.0, "layer": 0, "order": 0}]
    assert (single["width"], single["height"], single["edges"]) == (160, 120, [])
    empty = layout_dag([], [], []).to_dict()
    assert (empty["nodes"], empty["edges"], empty["width"], empty["height"]) == ([], [], 64, 64)


@pytest.mark.parametrize("operands, outputs, inputs, message", [
    ([[], [2], []], [1], [0], "operand 2"),
    ([[], [1]], [1], [0], "operand 1"),
    ([[], [0]], [5], [0], "not in the graph"),
    ([[], [0]], [1], [1], "input node 1 has operands"),
])
def test_bad_dags_are_refused(operands, outputs, inputs, message) -> None:
    with pytest.raises(ValueError, match=message):
        layout_dag(operands, outputs, inputs)


def test_past_the_dummy_limit_the_longest_edges_are_drawn_straight() -> None:
    dag = seeded_dag(3)
    full, limited = layout_dag(*dag), layout_dag(*dag, dummy_limit=6)
    assert dummy_count(full) > 6 >= dummy_count(limited)
    check_layout(limited, dag)
    straight = [edge for edge in limited.edges if len(edge.points) == 3
                and limited.nodes[edge.target].layer - limited.nodes[edge.source].layer > 1]
    assert straight  # source centre, port, target centre: no segment, so no crossings counted
    assert {(edge.target, edge.operand_index) for edge in limited.edges} == {
        (edge.target, edge.operand_index) for edge in full.edges}


def test_many_values_read_after_a_long_chain_stay_within_the_dummy_limit() -> None:
    # 300 values of x read one by one after a 300-node chain would need some 135,000 dummies
    operands: list[list[int]] = [[]] + [[0] for _ in range(300)]
    last = 0
    for _ in range(300):
        operands.append([last])
        last = len(operands) - 1
    for value in range(1, 301):
        operands.append([last, value])
        last = len(operands) - 1
    dag = (operands, [last], [0])
    layout = layout_dag(*dag, dummy_limit=5_000)
    assert dummy_count(layout) <= 5_000
    check_layout(layout, dag)


def test_a_big_graph_counts_every_crossing() -> None:
    """Past the budgets a graph gets one sweep up, after which only the pairs of layers with an
    item of several segments below are counted: the others cannot cross. The count is still all."""
    source = layered_program(900)
    work = layout_work(layered_graph(*graph_dag(source)))
    assert work > max(EXCHANGE_BUDGET, PLAIN_BUDGET // 2)  # one sweep up, no exchanges
    layout = layout_graph(compile_graph(source))
    assert 0 < layout.crossings == recount_crossings(layout.layers, layout.segments)
    assert layout.crossings <= plain_barycenter_crossings(graph_dag(source))


@pytest.mark.parametrize("seed", range(6))
def test_narrow_and_wide_pairs_count_alike(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Crossings per pair of layers, all in one sort (narrow pairs) or pair by pair (wide ones)."""
    graph = layered_graph(*seeded_dag(seed, size=120))
    rng = random.Random(seed)
    for layer in graph.layers:
        rng.shuffle(layer)
    position, pairs = positions(graph.layers, graph.item_count), LayerPairs(graph)
    monkeypatch.setattr("app.layout.crossings.NARROW", 10**9)
    narrow = pairs.crossings(position)
    monkeypatch.setattr("app.layout.crossings.NARROW", 0)
    assert narrow == pairs.crossings(position)
    assert sum(narrow) == recount_crossings(graph.layers, graph.segments())


def test_an_items_segments_below_keep_the_order_they_were_made() -> None:
    # x (0) feeds node 1 (layer 1), then node 3 across two layers (its trunk grows), then node 5
    # (layer 1, held there by input 4); the segments are listed by kind (into nodes, then into the
    # trunk) and put back
    graph = layered_graph([[], [0], [1], [2, 0], [], [0, 4], [5, 3]], [6], [0, 4])
    assert graph.layer_of[:7] == [0, 1, 2, 3, 0, 1, 4]
    assert graph.lower.of(0) == [1, graph.trunks[0][0], 5] and graph.lower.first[0] == 1


@given(st.floats(-1e6, 1e6))
def test_hundredths_round_to_two_decimals(value: float) -> None:
    [rounded] = hundredths([value])
    assert abs(rounded - round(value, 2)) <= 0.01 + 1e-9 and rounded == round(rounded, 2)


def test_deep_chain_needs_no_recursion() -> None:
    """20,000 layers with only 40 frames of stack to spare: nothing recurses."""
    operands = [[]] + [[node - 1] for node in range(1, 20_000)]
    depth = len(inspect.stack())
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 40)
    try:
        layout = layout_dag(operands, [19_999], [0])
    finally:
        sys.setrecursionlimit(limit)
    assert len(layout.layers) == 20_000 and layout.crossings == 0


# ---- random DAGs ------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(dags())
def test_random_dags_keep_every_invariant(dag: Dag) -> None:
    check_layout(layout_dag(*dag), dag)


@settings(max_examples=60, deadline=None)
@given(dags())
def test_random_dags_are_deterministic(dag: Dag) -> None:
    copy = ([list(node_operands) for node_operands in dag[0]], list(dag[1]), list(dag[2]))
    assert layout_dag(*dag).to_dict() == layout_dag(*copy).to_dict()


@settings(max_examples=150, deadline=None)
@given(dags(max_nodes=40))
def test_random_dags_crossings_at_most_plain_barycenter(dag: Dag) -> None:
    assert layout_dag(*dag).crossings <= plain_barycenter_crossings(dag)


@settings(max_examples=100, deadline=None)
@given(trees())
def test_trees_are_drawn_without_crossings(dag: Dag) -> None:
    layout = layout_dag(*dag)
    assert layout.crossings == 0 == recount_crossings(layout.layers, layout.segments)


def test_seeded_dags_beat_plain_barycenter() -> None:
    """On a fixed set of random DAGs the adjacent exchanges and their sideways tries pay: never
    worse, better in total by more than a fifth (0.72 when written)."""
    ours, plain = [], []
    for seed in range(12):
        dag = seeded_dag(seed)
        layout = layout_dag(*dag)
        check_layout(layout, dag)
        ours.append(layout.crossings)
        plain.append(plain_barycenter_crossings(dag))
    assert all(a <= b for a, b in zip(ours, plain))
    assert sum(ours) < 0.8 * sum(plain)


# ---- the pieces: promotion, exchanges ---------------------------------------------------------

def trunk_dummies(operands: Sequence[Sequence[int]], layer: Sequence[int]) -> int:
    """The dummies of the shared trunks: each source's wire to its farthest reader."""
    reach: dict[int, int] = {}
    for node, node_operands in enumerate(operands):
        for operand in node_operands:
            reach[operand] = max(reach.get(operand, 0), layer[node])
    return sum(max(0, farthest - layer[source] - 1) for source, farthest in reach.items())


def longest_path_layers(dag: Dag) -> list[int]:
    """The layers before promotion: longest path, sink outputs last (constants left where they are:
    both sides of the comparison below place them alike, just before their first reader)."""
    operands, outputs, inputs = dag
    layer = [0] * len(operands)
    for node, node_operands in enumerate(operands):
        layer[node] = max((layer[operand] + 1 for operand in node_operands), default=0)
    read = {operand for node_operands in operands for operand in node_operands}
    for node in outputs:
        if node not in read and node not in inputs:
            layer[node] = max(layer, default=0)
    return layer


def is_input_list(dag: Dag) -> list[bool]:
    return [node in dag[2] for node in range(len(dag[0]))]


@settings(max_examples=150, deadline=None)
@given(dags(max_nodes=40))
def test_promotion_never_lengthens_the_wires_and_stops_where_no_move_shortens_them(dag: Dag) -> None:
    operands = dag[0]
    before = longest_path_layers(dag)
    after = list(before)
    promote(after, operands, Edges.of(operands), is_input_list(dag))
    constant = [not node_operands and node not in dag[2] for node, node_operands in enumerate(operands)]
    real = [[node for node in node_operands if not constant[node]] for node_operands in operands]
    assert trunk_dummies(real, after) <= trunk_dummies(real, before)
    assert all(a >= b for a, b in zip(after, before))  # nodes only move right
    for node, node_operands in enumerate(operands):
        assert all(after[operand] < after[node] for operand in node_operands)
        readers = [reader for reader, reader_operands in enumerate(operands) if node in reader_operands]
        if node_operands and readers and min(after[reader] for reader in readers) > after[node] + 1:
            moved = list(after)
            moved[node] += 1  # a move the pass did not make: it would not shorten the wires
            assert trunk_dummies(real, moved) >= trunk_dummies(real, after)


def test_promotion_moves_a_node_towards_its_only_reader() -> None:
    # x feeds a chain of four, sin(x) and the last node; sin(x) feeds the last node too. It moves
    # next to it, off the wire of its own it needed across three layers (x's runs there anyway)
    operands = [[], [0], [1], [2], [3], [0], [4, 5, 0]]
    dag = (operands, [6], [0])
    layout = layout_dag(*dag)
    assert [node.layer for node in layout.nodes] == [0, 1, 2, 3, 4, 4, 5]
    assert dummy_count(layout) == 4  # x's trunk, in layers 1 to 4 (sin(x) needed three more before)
    check_layout(layout, dag)


def test_promotion_keeps_a_node_that_would_stretch_its_operands_wire() -> None:
    # sin(x) is the farthest reader of x: moving it right would lengthen x's wire as much as it
    # shortens its own, so it stays
    layout = layout_dag([[], [0], [1], [2], [3], [0], [4, 5]], [6], [0])
    assert [node.layer for node in layout.nodes] == [0, 1, 2, 3, 4, 1, 5]


@settings(max_examples=100, deadline=None)
@given(dags(max_nodes=40), st.integers(0, 2**32 - 1), st.booleans())
def test_exchanges_never_add_crossings_and_keep_their_count(dag: Dag, seed: int, sideways: bool) -> None:
    """From any order, a call of the exchanges (sideways or not) ends with no more crossings than
    it began with, and the count it keeps is the true one."""
    graph = layered_graph(*dag)
    rng = random.Random(seed)
    for layer in graph.layers:
        rng.shuffle(layer)
    position, pairs = positions(graph.layers, graph.item_count), LayerPairs(graph)
    start = pairs.total(position)
    exchanges = Exchanges(graph, pairs, position)
    for _ in range(3):
        crossings = exchanges.transpose(position, sideways)
        assert crossings == recount_crossings(graph.layers, graph.segments()) <= start
        assert position == positions(graph.layers, graph.item_count)
        start = crossings


def test_node_ids_decide_ties() -> None:
    # two inputs feeding two nodes alike: equal barycenters, so the smaller id goes on top
    data = layout_dag([[], [], [0, 1], [0, 1]], [2, 3], [0, 1]).to_dict()
    assert [node["order"] for node in data["nodes"]] == [0, 1, 0, 1]
    assert data["nodes"][2]["y"] < data["nodes"][3]["y"]
