"""axe-core finds no violation: on the first page, mid-step, in presentation mode, in the dark theme.

axe-core comes inside PyPI's axe-playwright-python wheel (a test dependency), so nothing is fetched."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import Explorer

LECTURE_TABS = ["jacobian", "symbolic", "dual", "hvp", "quiz"]  # the lecture's tabs (static/js/lecture-model.js)
NEURON = "?expr=tanh(w1*x1%2Bw2*x2%2Bb)&inputs=w1:-3,x1:2,w2:1,x2:0,b:6.88&mode=both"


@pytest.mark.parametrize("query", [
    "",
    NEURON + "&step=17",
    NEURON + "&step=24&present=1",
    NEURON + "&step=24&theme=dark",
    NEURON + "&step=24&present=1&theme=dark",
    *(NEURON + f"&lecture={tab}" for tab in LECTURE_TABS),
    *(NEURON + f"&lecture={tab}&present=1&theme=dark" for tab in LECTURE_TABS),
], ids=["initial", "mid-step", "present", "dark", "present-dark", *(f"lecture-{tab}" for tab in LECTURE_TABS),
        *(f"lecture-{tab}-present-dark" for tab in LECTURE_TABS)])
def test_axe_finds_no_violation(explorer: Explorer, query: str) -> None:
    explorer.open(query)
    if "step=" in query:
        explorer.page.wait_for_selector("[data-testid=fd-value]", state="attached")
    if "lecture=" in query:
        explorer.page.wait_for_selector("[data-testid=lecture-panel][data-state=ready]")
    results = Axe().run(explorer.page)
    found = [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:4]) for v in results.response["violations"]]
    assert not found, found
