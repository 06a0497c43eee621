"""Linked highlighting: a symbol of the narration lights its node or edge and its table rows, and back."""
from __future__ import annotations

from .conftest import Explorer

LIT = "() => [...document.querySelectorAll('.is-linked')].map((e) => e.dataset.testid || e.dataset.edge || e.className.baseVal || e.className)"


def test_pointing_at_a_symbol_lights_its_node_its_edge_and_its_rows(explorer: Explorer, api) -> None:
    page = explorer.page
    # x * y at the reverse-mode step that sends y its share: v̄y += v̄2 · ∂v2/∂y
    trace = api.post("/api/trace", json={"expression": "x * y", "inputs": {"x": 2, "y": -3}}).json()
    k = next(i for i, step in enumerate(trace["steps"], 1) if step["kind"] == "adjoint" and step["operand_index"] == 1)
    explorer.open(f"?expr=x*y&inputs=x:2,y:-3&mode=both&step={k}")
    y = trace["nodes"][2]["operands"][1]
    page.hover(f"[data-testid=equation] .partial[data-operand='{y}']")
    lit = page.evaluate(LIT)
    assert "2:1" in lit and "2:0" not in lit, lit  # the edge from y, not the edge from x
    page.hover(f"[data-testid=equation] .sym[data-node='{y}']")
    assert page.get_attribute(f"[data-testid=node-{y}]", "class").count("is-linked") == 1
    assert "is-linked" in page.get_attribute(f"[data-testid=wengert-row-{y}]", "class")
    assert "is-linked" not in page.get_attribute("[data-testid=node-0]", "class")
    # and the other way round: a node lights the symbols that name it
    page.hover("[data-testid=node-2] .shape")
    symbols = page.eval_on_selector_all("[data-testid=equation] .sym[data-node='2']", "s => s.map(e => e.classList.contains('is-linked'))")
    assert symbols and all(symbols)
    # a keyboard reaches the same link
    page.focus(f"[data-testid=equation] .sym[data-node='{y}']")
    assert "is-linked" in page.get_attribute(f"[data-testid=node-{y}]", "class")
