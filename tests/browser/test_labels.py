"""Labels never collide: at every step of every gallery example, measured as bounding boxes on screen."""
from __future__ import annotations

from .conftest import Explorer
from .geometry import LABEL_RULES

# Step through the whole trace in the page, checking the rules after each step; the violations, by step.
WALK = """async (rules) => {
  const check = eval(rules);
  const found = {};
  const record = (k) => { const problems = check(); if (problems.length) found[k] = problems; };
  const total = Number(document.querySelector('[data-testid=scrubber]').max);
  record(0);
  for (let k = 1; k <= total; k++) {
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    record(k);
  }
  return found;
}"""


def test_no_label_covers_a_node_or_a_label_and_each_sits_by_its_own_edge(browser, server, api) -> None:
    """Every gallery example, mode "both" (evaluation, forward mode, reverse mode), every step."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page = context.new_page()
    explorer = Explorer(page, server)
    try:
        failures = {}
        for example in api.get("/api/examples").json():
            inputs = ",".join(f"{name}:{value}" for name, value in example["inputs"].items())
            for present in ("0", "1"):
                page.goto(f"{server}/?expr={_quote(example['expression'])}&inputs={inputs}&mode=both"
                          f"&constants=show&present={present}")
                explorer.wait_for_trace()
                found = page.evaluate(WALK, LABEL_RULES)
                if found:
                    failures[f"{example['id']} present={present}"] = found
        assert not failures, _summary(failures)
    finally:
        context.close()


def _quote(text: str) -> str:
    from urllib.parse import quote
    return quote(text, safe="")


def _summary(failures: dict) -> str:
    """One line per example: how many steps break a rule, and the first few sentences."""
    lines = []
    for where, steps in failures.items():
        first = next(iter(steps.items()))
        lines.append(f"{where}: {len(steps)} steps, e.g. step {first[0]}: {first[1][:3]}")
    return "\n".join(lines)
