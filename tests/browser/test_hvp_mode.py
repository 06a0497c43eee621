"""Mode hvp on the page: its radio comes from /api/meta, and every step plays without an error (the
narration of its step kinds is generic until the page's view of second order comes)."""
from __future__ import annotations

from .conftest import Explorer
from .test_stepping import trace_of


def test_mode_hvp_plays_every_step(explorer: Explorer, api) -> None:
    page = explorer.page
    explorer.open("?expr=x*y+%2B+sin(x)*y^2&inputs=x:1,y:3&mode=hvp&step=0")
    trace = trace_of(api, "x*y + sin(x)*y^2", {"x": 1, "y": 3}, "hvp", fill_inputs=True)
    assert page.is_checked("input[name=mode][value=hvp]")
    total = len(trace["steps"])
    assert explorer.step() == (0, total)
    phases = []
    for k in range(1, total + 1):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("k => document.querySelector('[data-testid=step-count]').textContent.trim()"
                               ".startsWith(`step ${k} `)", arg=k)
        phases.append(page.get_attribute("[data-testid=phase]", "data-phase"))
    assert phases == [step["phase"] for step in trace["steps"]]
    assert "HVP" in page.inner_text("[data-testid=phase]")
    assert explorer.unexpected_errors() == []
