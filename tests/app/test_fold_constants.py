"""TraceRequest.fold_constants: the layout leaves the constants out, and says where each went."""
from __future__ import annotations

import pytest

from app.layout import FOLD_CONSTANTS_ABOVE

SMALL = "2*x + 3*sin(x) + 2"  # 9 nodes, 3 constants


def big_program(terms: int = 12) -> str:
    """Over FOLD_CONSTANTS_ABOVE nodes, with a constant in every term."""
    return " + ".join(f"{k + 1}*sin(x*{k + 2})" for k in range(terms))


def trace(client, expression: str, **extra) -> dict:
    response = client.post("/api/trace", json={"expression": expression, "inputs": {"x": 0.5}, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def constants(record: dict) -> set[int]:
    return {node["id"] for node in record["nodes"] if node["op"] == "const"}


def check_folded(record: dict) -> None:
    layout = record["layout"]
    folded = constants(record)
    assert layout["constants_folded"] is True
    assert folded and not folded & {place["id"] for place in layout["nodes"]}
    assert not folded & {edge["source"] for edge in layout["edges"]}
    # every other node is placed once, and every edge between two of them is there, with its operand index
    kept = [node for node in record["nodes"] if node["id"] not in folded]
    assert sorted(place["id"] for place in layout["nodes"]) == [node["id"] for node in kept]
    assert sorted((edge["target"], edge["operand_index"], edge["source"]) for edge in layout["edges"]) == sorted(
        (node["id"], k, operand) for node in kept for k, operand in enumerate(node["operands"]) if operand not in folded)
    # each constant is listed with the node that uses it, as the operand it is
    assert sorted((entry["target"], entry["operand_index"], entry["node"]) for entry in layout["folded_constants"]) == sorted(
        (node["id"], k, operand) for node in kept for k, operand in enumerate(node["operands"]) if operand in folded)


def check_plain(record: dict) -> None:
    layout = record["layout"]
    assert layout["constants_folded"] is False and layout["folded_constants"] == []
    assert sorted(place["id"] for place in layout["nodes"]) == [node["id"] for node in record["nodes"]]


def test_a_folded_layout_has_no_constant_nodes_and_no_edges_from_them(client) -> None:
    check_folded(trace(client, SMALL, fold_constants=True))
    check_folded(trace(client, big_program()))


@pytest.mark.parametrize(("expression", "fold", "folded"), [
    (SMALL, None, False),  # the default: small graphs keep their constants
    (big_program(), None, True),  # and big ones fold them
    (big_program(), False, False),
    (SMALL, True, True),
])
def test_the_default_and_the_option(client, expression: str, fold: bool | None, folded: bool) -> None:
    extra = {} if fold is None else {"fold_constants": fold}
    record = trace(client, expression, **extra)
    assert (len(record["nodes"]) > FOLD_CONSTANTS_ABOVE) == (expression != SMALL)
    (check_folded if folded else check_plain)(record)


def test_a_constant_that_is_an_output_stays(client) -> None:
    # `a` is used by x*a and is an output too: it stays a node, and so does the edge from it
    record = trace(client, "a = 5\nx*a, a, 2", fold_constants=True)
    layout = record["layout"]
    assert sorted(place["id"] for place in layout["nodes"]) == [node["id"] for node in record["nodes"]]
    assert layout["folded_constants"] == [] and len(layout["edges"]) == 2


def test_the_option_is_a_boolean_or_null(client) -> None:
    response = client.post("/api/trace", json={"expression": SMALL, "inputs": {"x": 1}, "fold_constants": "yes"})
    assert response.status_code == 422
