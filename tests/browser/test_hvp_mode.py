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


def test_the_tangent_line_never_breaks_inside_the_partials_tangent(explorer: Explorer) -> None:
    """The HVP's tangent update, x̄̇ += v̄̇ · ∂ + v̄ · ( Σ ∂² · ẋ ): at 1440x900 its line wraps, but
    between the parentheses, never inside them, and each parenthesis is as tall as the fractions."""
    page = explorer.page
    page.set_viewport_size({"width": 1440, "height": 900})
    explorer.open("?expr=tanh(w1*x1+%2B+w2*x2+%2B+b)&inputs=w1:0.5,x1:1,w2:-1,x2:2,b:0.1&mode=hvp&step=30")
    page.wait_for_selector(".equation .paren")
    opening, closing = (page.locator(".equation .paren").nth(i).bounding_box() for i in (0, 1))
    assert abs(opening["y"] - closing["y"]) < 2 and closing["x"] > opening["x"]  # one line
    fraction = page.locator(".equation .unbroken .katex .mfrac").first.bounding_box()
    assert opening["height"] >= 0.8 * fraction["height"]
