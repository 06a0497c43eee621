"""The layout keeps groups together: the boxes the page draws for collapsed groups never overlap, a
nested group's box lies inside its parent's, and no other node lies in a box (group_boxes.py computes
the boxes as the page does)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.examples import EXAMPLES
from app.layout import Spacing, layout_dag, layout_graph
from engine import compile_graph

from .group_boxes import box_faults, faults, group_boxes
from .programs import layered_program, mlp_program
from .test_layout import dags

MLP_24 = mlp_program([6, 6, 6, 6, 6])  # 24 neurons over 6 inputs, 515 nodes: issue 9's worst case
PROGRAMS = {
    "24 neurons over 6 inputs": MLP_24,
    "builder 6, 8, 8, 8": mlp_program([6, 8, 8, 8]),
    "builder 3, 5, 5, 1 (two neuron functions)": mlp_program([3, 5, 5, 1]),
    "nested calls": "inner(u) = sin(u)*u + 1\nouter(v, w) = inner(v) * inner(w)\n"
                    "a = outer(x, y)\nb = outer(a, x) + inner(y)\nc = b * a\nc + outer(c, y)",
    "statements": layered_program(40),
    **{f"gallery {example.id}": example.expression for example in EXAMPLES},
}


@pytest.mark.parametrize("fold_constants", [False, True])
@pytest.mark.parametrize("name", PROGRAMS)
def test_group_boxes_never_overlap(name: str, fold_constants: bool) -> None:
    graph = compile_graph(PROGRAMS[name])
    assert box_faults(graph, layout_graph(graph, fold_constants=fold_constants).to_dict()) == []


def test_without_the_groups_the_boxes_of_the_24_neurons_overlap() -> None:
    """What the check above would catch: laid out as a plain DAG, the neurons' nodes interleave."""
    graph = compile_graph(MLP_24)
    plain = layout_dag([node.operands for node in graph.nodes], graph.outputs, list(graph.inputs.values()),
                       layout_graph.__defaults__[0]).to_dict()
    faults = box_faults(graph, plain)
    assert any("overlaps" in fault for fault in faults) and len(faults) > 100


def test_the_24_neurons_collapsed_are_a_grid_of_boxes() -> None:
    """Collapsed, the 24 statements are 4 columns (network layers) of 6 boxes, each column's boxes
    stacked in the order of its units, and the drawing about as wide as it is tall."""
    graph = compile_graph(MLP_24)
    layout = layout_graph(graph, fold_constants=True).to_dict()
    boxes = group_boxes(graph, layout)
    statements = [group for group in graph.groups if group.parent is None]
    assert len(statements) == 24
    for column in range(4):
        units = [boxes[group.id] for group in statements[6 * column:6 * column + 6]]
        assert all(upper.y1 <= lower.y0 for upper, lower in zip(units, units[1:]))
        if column:
            before = [boxes[group.id] for group in statements[6 * column - 6:6 * column]]
            assert min(box.x0 for box in units) >= max(box.x1 for box in before)
    assert layout["height"] < 1.5 * layout["width"]


def test_a_parameter_of_one_group_is_drawn_by_it_and_a_shared_input_first() -> None:
    """A neuron's weights and bias (inputs read only inside it) come just before their first reader;
    x1, read by six neurons, and the targets, read outside every group, stay in the first layer."""
    graph = compile_graph(MLP_24)
    layout = layout_graph(graph).to_dict()
    layer = {node["id"]: node["layer"] for node in layout["nodes"]}
    readers: dict[int, list[int]] = {}
    for node, record in enumerate(graph.nodes):
        for operand in record.operands:
            readers.setdefault(operand, []).append(node)
    for name, node in graph.inputs.items():
        if name.startswith(("x", "t")):
            assert layer[node] == 0, name
        else:
            assert layer[node] == min(layer[reader] for reader in readers[node]) - 1, name
    assert max(layer[graph.inputs[name]] for name in graph.inputs if name.startswith("w4")) > 20


def test_the_group_layout_is_deterministic() -> None:
    assert layout_graph(compile_graph(MLP_24)).to_dict() == layout_graph(compile_graph(MLP_24)).to_dict()


@st.composite
def grouped_dags(draw):
    """A random DAG (test_layout.dags) with random nested groups: each group's parent is an earlier
    group or none, each node but an input in a group or none (the engine keeps inputs in none)."""
    operands, outputs, inputs = draw(dags(max_nodes=36))
    count = draw(st.integers(1, 7))
    parents = [draw(st.one_of(st.none(), st.integers(0, group - 1))) if group else None for group in range(count)]
    group_of = [None if node in inputs else draw(st.one_of(st.none(), st.integers(0, count - 1)))
                for node in range(len(operands))]
    return operands, outputs, inputs, group_of, parents


@settings(max_examples=300, deadline=None)
@given(grouped_dags())
def test_random_groups_get_boxes_that_never_overlap(case) -> None:
    operands, outputs, inputs, group_of, parents = case
    layout = layout_dag(operands, outputs, inputs, Spacing(gap=36), groups=(group_of, parents)).to_dict()
    assert faults(group_of, parents, [f"g{group}" for group in range(len(parents))], layout) == []
    assert layout == layout_dag(operands, outputs, inputs, Spacing(gap=36), groups=(group_of, parents)).to_dict()
