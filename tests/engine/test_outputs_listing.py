"""The Wengert list names each output once, linear in the number of outputs: it
looks each node up in one table of positions and never searches the list of outputs (`x, x, x, ...`
adds outputs, not nodes, so a search per node made a 50,000-output listing quadratic)."""
from __future__ import annotations

import dataclasses

import pytest

import engine
from engine.graph import output_note, output_positions, wengert_list


class Unsearchable(tuple):
    """A tuple of outputs that fails if anything searches it."""

    def __contains__(self, item: object) -> bool:
        raise AssertionError("the outputs were searched")

    def index(self, *args: object) -> int:  # type: ignore[override]
        raise AssertionError("the outputs were searched")


PROGRAM = "u = x*y; u, x, u + 1, u"


def test_the_wengert_list_never_searches_the_outputs():
    result = engine.trace(PROGRAM, {"x": 2, "y": 3})
    graph = dataclasses.replace(result.graph, outputs=Unsearchable(result.graph.outputs))
    lines = wengert_list(graph, result.evaluation.values)
    assert [line.split("<- ")[1] for line in lines if "<-" in line] == ["output 1", "outputs 0, 3", "output 2"]


@pytest.mark.parametrize("outputs, expected", [
    ((), {}), ((4,), {4: [0]}), ((1, 2, 1), {1: [0, 2], 2: [1]}),
])
def test_output_positions(outputs, expected):
    assert output_positions(outputs) == expected


@pytest.mark.parametrize("positions, count, note", [
    ([0], 1, "output"), ([2], 3, "output 2"), ([0, 2], 3, "outputs 0, 2"),
])
def test_output_note(positions, count, note):
    assert output_note(positions, count) == note
