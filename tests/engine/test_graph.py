"""The graph: one node per input, ordered operands, no rewriting, optional sharing, Wengert list."""
from __future__ import annotations

import pytest

from engine import compile_graph, trace
from engine.graph import wengert_list


def ops(source: str, share: bool = False) -> list[tuple[str, tuple[int, ...]]]:
    return [(n.op, n.operands) for n in compile_graph(source, share).nodes]


def test_x_times_x_keeps_two_ordered_edges_from_one_input() -> None:
    assert ops("x*x") == [("input", ()), ("mul", (0, 0))]


def test_subtraction_and_division_are_their_own_nodes() -> None:
    assert ops("x - y / z") == [("input", ()), ("input", ()), ("input", ()), ("div", (1, 2)), ("sub", (0, 3))]


def test_operands_precede_their_node() -> None:
    graph = compile_graph("u = x*y; w = sin(u) + u; w*x, exp(w)")
    for node in graph.nodes:
        assert all(operand < node.id for operand in node.operands)
    assert graph.outputs == (5, 6)
    assert [graph.nodes[i].name for i in (2, 4)] == ["u", "w"]


def test_sharing_merges_identical_subexpressions_only_when_asked() -> None:
    assert len(compile_graph("x*y + x*y").nodes) == 5
    shared = ops("x*y + x*y", share=True)
    assert shared == [("input", ()), ("input", ()), ("mul", (0, 1)), ("add", (2, 2))]
    result = trace("x*y + x*y", {"x": 2.0, "y": 5.0}, share_subexpressions=True)
    assert result.reverse_mode.gradient == {"x": 10.0, "y": 4.0}


def test_constants_and_named_values() -> None:
    graph = compile_graph("a = 2*pi; b = a; b + e")
    labels = [(n.op, n.label, n.name) for n in graph.nodes]
    assert labels == [("const", "2", None), ("const", "pi", None), ("mul", "*", "a"),
                      ("const", "e", None), ("add", "+", None)]
    assert graph.inputs == {}


def test_spans_cover_the_source_of_each_node() -> None:
    source = "exp(x)/x^2"
    graph = compile_graph(source)
    texts = [source[n.span[0]:n.span[1]] for n in graph.nodes]
    assert texts == ["x", "exp(x)", "2", "x^2", "exp(x)/x^2"]
    assert [source[n.position] for n in graph.nodes if n.op in ("div", "pow")] == ["^", "/"]


def test_wengert_list_reads_like_the_textbook() -> None:
    result = trace("exp(x)/x^2", {"x": 2.0})
    assert wengert_list(result.graph, result.evaluation.values) == [
        "v0 = x = 2",
        "v1 = exp(v0) = 7.38906",
        "v2 = 2 = 2",
        "v3 = v0 ^ v2 = 4",
        "v4 = v1 / v3 = 1.84726    <- output",
    ]


@pytest.mark.parametrize("share", [False, True])
def test_node_limit_is_a_limit_error(share: bool) -> None:
    from engine import ExpressionError, Limits
    with pytest.raises(ExpressionError) as caught:
        compile_graph(" + ".join(f"x{i}" for i in range(100)), share, Limits(max_nodes=50))
    assert caught.value.kind == "limit" and "more than 50 nodes" in caught.value.message
    assert caught.value.limit == "max_nodes" and caught.value.to_dict()["limit"] == "max_nodes"
