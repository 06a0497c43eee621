"""The graph: one node per input, ordered operands, no rewriting, optional sharing, Wengert list."""
from __future__ import annotations

import pytest

from engine import ExpressionError, Limits, compile_graph, trace
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


# ---- functions and groups ------------------------------------------------------------------------

NEURON = "neuron(x, w, b) = tanh(w*x + b)\n"


def groups(source: str, share: bool = False) -> list[tuple]:
    graph = compile_graph(source, share)
    return [(g.kind, g.name, source[g.span[0]:g.span[1]], g.parent, g.nodes, g.inputs, g.outputs)
            for g in graph.groups]


def test_each_call_builds_fresh_nodes_bound_to_its_arguments() -> None:
    graph = compile_graph(NEURON + "neuron(x1, w1, b1) + neuron(x1, w2, b2)")
    assert [(n.op, n.operands) for n in graph.nodes] == [
        ("input", ()), ("input", ()), ("input", ()),  # x1 w1 b1: no nodes for the parameters
        ("mul", (1, 0)), ("add", (3, 2)), ("tanh", (4,)),
        ("input", ()), ("input", ()),  # w2 b2
        ("mul", (6, 0)), ("add", (8, 7)), ("tanh", (9,)),
        ("add", (5, 10))]
    body = NEURON.index("tanh")
    assert graph.nodes[5].span == (body, body + len("tanh(w*x + b)"))  # a body's node points at the body
    assert list(graph.inputs) == ["x1", "w1", "b1", "w2", "b2"]


def test_a_named_statement_and_the_call_in_it_are_nested_groups() -> None:
    source = NEURON + "h = neuron(x, w, b)\nh * 2"
    assert groups(source) == [
        ("statement", "h", "h = neuron(x, w, b)", None, (), (0, 1, 2), (5,)),
        ("call", "neuron#1", "neuron(x, w, b)", 0, (3, 4, 5), (0, 1, 2), (5,)),
    ]
    graph = compile_graph(source)
    assert graph.group_of == (None, None, None, 1, 1, 1, None, None)  # inputs and the last statement: none


def test_calls_of_one_function_are_numbered_in_the_order_they_run() -> None:
    source = ("sq(a) = a*a\n"
              "u = sq(x) + 1\n"
              "sq(sq(u))")  # the inner call runs first: its argument is built before the outer body
    assert groups(source) == [
        ("statement", "u", "u = sq(x) + 1", None, (2, 3), (0,), (3,)),
        ("call", "sq#1", "sq(x)", 0, (1,), (0,), (1,)),
        ("call", "sq#2", "sq(u)", None, (4,), (3,), (4,)),
        ("call", "sq#3", "sq(sq(u))", None, (5,), (4,), (5,)),
    ]


def test_a_call_in_a_body_is_nested_in_the_call_that_wrote_the_body_out() -> None:
    source = ("sq(a) = a*a\n"
              "f(a, b) = sq(a) - sq(b)*3\n"
              "y = f(x, z)\n"
              "y + x")
    graph = compile_graph(source)
    names = {g.name: g for g in graph.groups}
    assert [(g.name, g.parent) for g in graph.groups] == [("y", None), ("f#1", 0), ("sq#1", 1), ("sq#2", 1)]
    assert names["f#1"].nodes == (4, 5, 6)  # the 3, the product, the difference: not the squares
    assert names["sq#1"].nodes == (2,) and names["sq#2"].nodes == (3,)
    assert names["f#1"].inputs == (0, 1) and names["f#1"].outputs == (6,)
    assert names["sq#2"].inputs == (1,) and names["sq#2"].outputs == (3,)
    assert names["y"].inputs == (0, 1) and names["y"].outputs == (6,)


def test_a_value_leaving_a_group_is_its_output_and_a_shared_input_feeds_each_group() -> None:
    source = "u = x*y\nv = u + sin(x)\nw = 2*u\nv, w"
    assert groups(source) == [
        ("statement", "u", "u = x*y", None, (2,), (0, 1), (2,)),
        ("statement", "v", "v = u + sin(x)", None, (3, 4), (0, 2), (4,)),
        ("statement", "w", "w = 2*u", None, (5, 6), (2,), (6,)),
    ]
    assert groups("u = x*y\nu") == [("statement", "u", "u = x*y", None, (2,), (0, 1), (2,))]
    assert groups("x + y") == []  # an unnamed last statement is no group


def test_with_sharing_a_reused_node_stays_in_the_group_that_built_it_and_constants_in_none() -> None:
    source = "u = x*2\nv = x*2 + 2\nv"
    assert groups(source, share=True) == [
        ("statement", "u", "u = x*2", None, (2,), (0, 1), (2,)),
        ("statement", "v", "v = x*2 + 2", None, (3,), (1, 2), (3,)),
    ]
    assert compile_graph(source, True).group_of == (None, None, 0, 1)


@pytest.mark.parametrize("with_function, inlined, inputs", [
    (NEURON + "h1 = neuron(x1, w1, b1)\nh2 = neuron(x2, w2, b2)\ny = neuron(h1*h2, v, c)\n(y - t)^2",
     "h1 = tanh(w1*x1 + b1)\nh2 = tanh(w2*x2 + b2)\ny = tanh(v*(h1*h2) + c)\n(y - t)^2",
     {"x1": 0.5, "w1": -1.2, "b1": 0.3, "x2": 2.0, "w2": 0.4, "b2": -0.1, "v": 1.5, "c": 0.2, "t": 0.25}),
    ("sq(a) = a*a\nnorm(a, b) = sqrt(sq(a) + sq(b))\nnorm(x, y) * sq(norm(y, 2))",
     "n1 = sqrt(x*x + y*y)\nc = 2\nn2 = sqrt(y*y + c*c)\nn1 * (n2*n2)", {"x": 3.0, "y": -4.0}),
    ("f(a, b) = a^b - exp(a) / b\nf(x, x) + f(y, pi)", "p = pi\n(x^x - exp(x) / x) + (y^p - exp(y) / p)",
     {"x": 1.3, "y": 0.7}),
])
def test_derivatives_through_a_function_equal_those_of_the_written_out_program(with_function, inlined, inputs):
    # The same graph up to the order of its nodes (a call builds its arguments before its body).
    seed = {name: 1.0 for name in inputs}  # the default seed is the first input, and their orders differ
    ours, theirs = trace(with_function, inputs, seed=seed), trace(inlined, inputs, seed=seed)
    assert sorted((n.op, len(n.operands)) for n in ours.graph.nodes) == \
        sorted((n.op, len(n.operands)) for n in theirs.graph.nodes)
    assert ours.values == theirs.values
    assert ours.reverse_mode.gradient == theirs.reverse_mode.gradient
    assert ours.forward_mode.jvp == theirs.forward_mode.jvp


@pytest.mark.parametrize("share", [False, True])
def test_a_call_chain_that_doubles_at_each_link_is_refused_before_it_is_built(share: bool) -> None:
    # f_k calls f_{k-1} twice: f_59 would write out 2^60 nodes, and is refused at once.
    lines = ["f0(a) = a*a"] + [f"f{k}(a) = f{k - 1}(a) + f{k - 1}(a)" for k in range(1, 60)] + ["y = f59(x)\ny"]
    source = "\n".join(lines)
    with pytest.raises(ExpressionError) as caught:
        compile_graph(source, share, Limits(max_nodes=10_000))
    error = caught.value
    assert (error.kind, error.limit, error.position) == ("limit", "max_nodes", source.index("f59(x)"))
    assert error.message == ("calling f59 here writes out about 10^18 nodes, so the expression would have "
                             "more than 10000 nodes (the limit is 10000)")


def test_calls_that_build_no_node_still_count_against_the_limit() -> None:
    # id writes out no node, but every call is a group: 2^40 calls are refused too.
    lines = ["f0(a) = a"] + [f"f{k}(a) = f{k - 1}(f{k - 1}(a))" for k in range(1, 41)] + ["f40(x)"]
    with pytest.raises(ExpressionError) as caught:
        compile_graph("\n".join(lines), limits=Limits(max_nodes=10_000))
    assert (caught.value.kind, caught.value.limit) == ("limit", "max_nodes")
    assert caught.value.message.startswith("calling f40 here makes about 10^12 calls")


def test_the_node_limit_points_at_the_call_in_the_program_text() -> None:
    # Each call fits, but the third passes the limit: the error points at that call, not into the body.
    source = "f(a) = " + " + ".join(["a"] * 41) + "\nf(x) * f(y) * f(z)"  # 40 nodes a call
    with pytest.raises(ExpressionError) as caught:
        compile_graph(source, limits=Limits(max_nodes=100))
    assert caught.value.position == source.index("f(z)")
    with pytest.raises(ExpressionError) as caught:  # with sharing, x and 40 sums pass it inside the body
        compile_graph(source, True, Limits(max_nodes=40))
    assert caught.value.position == source.index("f(x)")


def test_the_wengert_list_notes_the_call_each_node_came_from() -> None:
    result = trace("sq(a) = a*a\nsq(x) + 1", {"x": 3.0})
    assert wengert_list(result.graph, result.evaluation.values) == [
        "v0 = x = 3",
        "v1 = v0 * v0 = 9    [in sq#1]",
        "v2 = 1 = 1",
        "v3 = v1 + v2 = 10    <- output",
    ]


@pytest.mark.parametrize("source", [
    "exp(x)/x^2",
    "y = (x + 1) * -(z)\nw = -2 * y^-3 + pi\nsin(w), (y)",
    "h = relu(b + w1*2.0 + w2*-1.0)\n(h - t)^2",
    "a = x\nb = -(a)\n-b * ((a + pi))",
])
def test_the_graph_read_from_the_text_has_the_spans_and_operations_of_its_syntax_tree(source: str) -> None:
    """The parser makes the graph's nodes without a tree (engine/graph.py's builder) and trees for
    parse(): each operation, number and named constant of the tree is one node, in the same order,
    with the same span and operator position."""
    from engine.ops import CONSTANTS
    from engine.parser import parse
    from engine.syntax import Binary, Call, Name, Number, Unary

    made = []
    for statement in parse(source).statements:
        for expr in statement.exprs:
            stack, order = [expr], []
            while stack:  # the tree in post-order, operands left to right
                node = stack.pop()
                order.append(node)
                stack.extend({Unary: lambda n: [n.operand], Binary: lambda n: [n.left, n.right],
                              Call: lambda n: list(n.args)}.get(type(node), lambda n: [])(node))
            for node in reversed(order):
                if type(node) is Number:
                    made.append(("const", node.span, node.span[0]))
                elif type(node) is Name and node.name in CONSTANTS:
                    made.append(("const", node.span, node.span[0]))
                elif type(node) is not Name:
                    made.append((node.op, node.span, node.position))
    graph = compile_graph(source)
    assert [(node.op, node.span, node.position) for node in graph.nodes if node.op != "input"] == made
