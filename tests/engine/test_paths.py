"""The chain rule as a sum over paths: every path from an input to an output, the product of the local
partials along it, and the sum of those products, which is the gradient entry."""
from __future__ import annotations

import math

import pytest

from engine import ExpressionError, Limits, paths, trace

from .test_passes import CORPUS


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_the_products_along_the_paths_sum_to_the_gradient(source: str, inputs: dict[str, float]) -> None:
    gradient = trace(source, inputs, mode="reverse").reverse_mode.gradient
    for name in inputs:
        result = paths(source, inputs, name)
        assert result.total == pytest.approx(gradient[name], rel=1e-12, abs=1e-12), name
        assert result.gradient == gradient[name]
        for path in result.paths:
            assert path.product == pytest.approx(math.prod(path.partials), rel=1e-15)


def test_each_path_follows_edges_from_the_input_to_the_output() -> None:
    result = paths("x1 = s*t; x2 = s + t^2; f = x1*x2 + sin(x1); f", {"s": 1.1, "t": -0.7}, "s")
    graph = trace("x1 = s*t; x2 = s + t^2; f = x1*x2 + sin(x1); f", {"s": 1.1, "t": -0.7}, mode="evaluation").graph
    assert len(result.paths) == 3  # s -> x1 -> f's product, s -> x1 -> sin -> f, s -> x2 -> f's product
    for path in result.paths:
        assert path.nodes[0] == graph.inputs["s"] and path.nodes[-1] == graph.outputs[0]
        for before, after, index in zip(path.nodes, path.nodes[1:], path.operand_indices):
            assert graph.nodes[after].operands[index] == before


@pytest.mark.parametrize("source, count", [
    ("x*x", 2),  # two edges from x into the product: two paths
    ("x*x*x", 3),
    ("u = x*x; v = u*u; v*v", 8),  # doubling with each reuse
    ("u = x*x; v = u*u; w = v*v; w*w + x", 17),
    ("x", 1),  # the empty path: d x / d x = 1
])
def test_path_counts(source: str, count: int) -> None:
    result = paths(source, {"x": 1.25}, "x")
    assert len(result.paths) == count
    assert result.to_dict()["count"] == count


def test_an_input_is_its_own_path_with_product_1() -> None:
    result = paths("x", {"x": 3.0}, "x")
    assert result.to_dict()["paths"] == [{"nodes": [0], "operand_indices": [], "partials": [], "product": 1.0}]
    assert result.total == 1.0


def test_no_path_means_a_zero_gradient_entry() -> None:
    result = paths("x*2, y", {"x": 1.0, "y": 2.0}, "x", output=1)
    assert result.paths == () and result.total == 0 and result.gradient == 0


def test_exponentially_many_paths_are_refused_before_any_is_listed() -> None:
    program = "; ".join(["u1 = x*x"] + [f"u{k + 1} = u{k}*u{k}" for k in range(1, 200)]) + "; u200"
    with pytest.raises(ExpressionError) as caught:
        paths(program, {"x": 1.0}, "x")
    assert caught.value.kind == "limit" and caught.value.limit == "max_paths"
    assert caught.value.message.startswith("there are more than 50000000 paths from x to output 0 (more than "
                                           "50000000 nodes to list)")


def test_the_path_limit_is_a_setting() -> None:
    assert len(paths("u = x*x; v = u*u; v*v", {"x": 1.0}, "x", limits=Limits(max_paths=8)).paths) == 8
    with pytest.raises(ExpressionError) as caught:
        paths("u = x*x; v = u*u; v*v", {"x": 1.0}, "x", limits=Limits(max_paths=7))
    assert caught.value.limit == "max_paths" and "there are 8 paths" in caught.value.message
    with pytest.raises(ExpressionError) as caught:
        paths("u = x*x; v = u*u; v*v", {"x": 1.0}, "x", limits=Limits(max_work=31))  # 8 paths of 4 nodes
    assert caught.value.limit == "max_work"


@pytest.mark.parametrize("name, output, kind", [("z", 0, "unknown_input"), ("x", 1, "unknown_output")])
def test_unknown_input_or_output(name: str, output: int, kind: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        paths("x*y", {"x": 1.0, "y": 2.0}, name, output=output)
    assert caught.value.kind == kind


def test_a_long_chain_is_one_path_listed_in_linear_time() -> None:
    source = "x" + " + 1" * 20000
    result = paths(source, {"x": 0.5}, "x")
    assert len(result.paths) == 1 and len(result.paths[0].nodes) == 20001 and result.total == 1.0
