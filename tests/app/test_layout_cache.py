"""The layout cache: keyed by the graph's structure (never its values), bounded by the nodes it holds."""
from __future__ import annotations

import engine
from app.layout import layout_graph
from app.layout_cache import LayoutCache


def graph_of(source: str, **inputs: float):
    return engine.trace(source, inputs, mode="evaluation").graph


def test_the_same_structure_at_another_point_reuses_the_layout():
    cache = LayoutCache()
    first = cache.layout_dict(graph_of("x*y + sin(x)", x=1, y=2))
    again = cache.layout_dict(graph_of("x*y + sin(x)", x=5, y=-3))
    plain = layout_graph(graph_of("x*y + sin(x)", x=1, y=2)).to_dict()
    assert again is first and first == {**plain, "constants_folded": False, "folded_constants": []}


def test_folding_the_constants_is_part_of_the_key():
    cache = LayoutCache()
    graph = graph_of("2*x + 3*sin(x)", x=1)
    plain, folded = cache.layout_dict(graph), cache.layout_dict(graph, fold_constants=True)
    assert not plain["constants_folded"] and folded["constants_folded"]
    assert len(folded["nodes"]) < len(plain["nodes"]) and cache.layout_dict(graph, fold_constants=True) is folded


def test_another_structure_gets_its_own_layout():
    cache = LayoutCache()
    assert cache.layout_dict(graph_of("x*y + sin(x)", x=1, y=2)) != cache.layout_dict(graph_of("x*y + cos(y)", x=1, y=2))
    assert cache.layout_dict(graph_of("x*x", x=1)) is not cache.layout_dict(graph_of("x*y", x=1, y=2))


def test_the_cache_holds_at_most_its_nodes():
    cache = LayoutCache(max_nodes=10)
    for k in range(20):
        cache.layout_dict(graph_of(" + ".join(["x"] * (k % 3 + 1)) + f" + {k}", x=1))
    assert cache._nodes <= 10 and sum(len(key[0]) for key in cache._layouts) == cache._nodes


def test_the_groups_are_part_of_the_key():
    """The same operands in a group of two nodes or in none: the layout keeps a group together."""
    cache = LayoutCache()
    grouped, plain = graph_of("h = sin(x)*y\nh + x", x=1, y=2), graph_of("sin(x)*y + x", x=1, y=2)
    assert [node.operands for node in grouped.nodes] == [node.operands for node in plain.nodes]
    assert cache.layout_dict(grouped) is not cache.layout_dict(plain)
    assert cache.layout_dict(grouped) == {**layout_graph(grouped).to_dict(), "constants_folded": False, "folded_constants": []}
