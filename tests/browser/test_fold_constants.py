"""Folded constants: above 50 nodes (or when asked) a constant is a chip by the node using it, not a node."""
from __future__ import annotations

from urllib.parse import quote

from .conftest import Explorer

# 72 nodes: every term has two constants
BIG = " + ".join(f"{k + 1}*sin(x*{k + 2})" for k in range(12))

# Each chip: its constant, the node it sits by, its text, and whether it is drawn apart from every node.
CHIPS = """() => {
  const box = (e) => e.getBoundingClientRect();
  const shapes = [...document.querySelectorAll('[data-testid=graph] .node')].filter((n) => n.getClientRects().length)
    .map((n) => box(n.querySelector('.ring') ?? n.querySelector('.shape')));
  return [...document.querySelectorAll('[data-testid=graph] .const-chip')].map((chip) => {
    const r = chip.getClientRects().length ? box(chip) : null;
    const clear = r === null || shapes.every((s) => r.right <= s.left || s.right <= r.left || r.bottom <= s.top || s.bottom <= r.top);
    return { node: Number(chip.dataset.node), target: Number(chip.dataset.target), text: chip.textContent,
             inside: Number(chip.closest('.node').dataset.node), clear };
  });
}"""


def open_program(explorer: Explorer, source: str, extra: str = "") -> None:
    explorer.open(f"?expr={quote(source, safe='')}&inputs=x:0.5&mode=both{extra}")


def uses_of_constants(trace: dict) -> list[tuple[int, int]]:
    """(constant, the node using it) for every use, from the engine's graph."""
    return sorted((operand, node["id"]) for node in trace["nodes"] for operand in node["operands"]
                  if trace["nodes"][operand]["op"] == "const")


def test_a_big_program_shows_each_constant_on_its_edge_not_as_a_node(explorer: Explorer, api) -> None:
    trace = api.post("/api/trace", json={"expression": BIG, "inputs": {"x": 0.5}}).json()
    assert len(trace["nodes"]) > 50
    open_program(explorer, BIG)
    page = explorer.page
    assert page.locator("[data-testid=graph] .node--const").count() == 0
    chips = page.evaluate(CHIPS)
    assert sorted((chip["node"], chip["target"]) for chip in chips) == uses_of_constants(trace)
    for chip in chips:
        assert chip["text"] == trace["nodes"][chip["node"]]["label"] and chip["inside"] == chip["target"]
        assert chip["clear"], chip
    assert page.is_checked("[data-testid=fold-constants]")


def test_folding_is_an_option_kept_in_the_link(explorer: Explorer, api) -> None:
    page = explorer.page
    open_program(explorer, BIG, "&fold=0")
    constants = sum(node["op"] == "const" for node in api.post(
        "/api/trace", json={"expression": BIG, "inputs": {"x": 0.5}}).json()["nodes"])
    assert page.locator("[data-testid=graph] .node--const").count() == constants
    assert page.locator("[data-testid=graph] .const-chip").count() == 0
    assert not page.is_checked("[data-testid=fold-constants]")
    # a small program folds when asked
    open_program(explorer, "2*x + 3*sin(x)")
    assert page.locator("[data-testid=graph] .node--const").count() == 2
    page.check("[data-testid=fold-constants]")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=graph] .const-chip').length === 2")
    assert page.locator("[data-testid=graph] .node--const").count() == 0
    page.wait_for_function("() => location.search.includes('fold=1')")
    assert sorted(chip["text"] for chip in page.evaluate(CHIPS)) == ["2", "3"]
