"""How much effort a graph gets: rounds of each phase, capped by a work budget.

The work of a sweep is what it visits: every item and segment, and for each layer of two or more
items a fixed cost of LAYER_WORK visits (a sweep sorts or packs each such layer as a whole; timed, a
layer costs about as much as 15 items). Each phase gets a budget of visits and runs as many rounds
as fit, between a most and a least. A graph of up to about a thousand nodes gets every round, one
of a few thousand a few, and a bigger one the least that still gives a sound
picture (one barycenter sweep, one two-sided placement sweep): the time of a layout grows about
linearly with the size of its layered graph, its nodes plus the dummies of its long edges. The
exchanges, which find most of the crossings the sweeps leave, run up to a work of EXCHANGE_BUDGET,
until they stop gaining or have visited REFINE_VISITS items.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .layered import LayeredGraph

LAYER_WORK = 15
PLAIN_ROUNDS = 8  # most rounds of plain barycenter sweeps (a round is a down sweep and an up sweep)
PLAIN_BUDGET = 100_000  # every round up to a work of 12,500; four up to 25,000 (random 2,000-node DAGs); one from 50,000
EXCHANGE_BUDGET = 6_000  # up to this work, adjacent exchanges run on the best plain order
REFINE_VISITS = 40_000  # items the exchanges may visit, from the first exchanges to the last sideways try
PLACEMENT_SWEEPS = 8  # most one-sided coordinate sweeps (down, up, down, ...) before the two-sided one
PLACEMENT_BUDGET = 12_000
STRAIGHTEN_BUDGET = 12_000  # up to this work, trunks are straightened (past it they come out about as level)


def layout_work(graph: LayeredGraph) -> int:
    """What one sweep over the graph visits."""
    return (graph.item_count + len(graph.lower.neighbours)
            + LAYER_WORK * sum(map((1).__lt__, map(len, graph.layers))))


def rounds_within(budget: int, work: int, most: int, least: int = 1) -> int:
    """How many rounds of `work` fit the budget, between least and most."""
    return max(least, min(most, budget // max(work, 1)))
