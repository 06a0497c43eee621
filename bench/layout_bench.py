"""Layout benchmark: app.layout on the API's generated programs, random expression DAGs with
fan-out, the largest requests the server's default limits allow, and a 100,000-node chain.

Run: `.venv/bin/python bench/layout_bench.py [--runs N]`. Every time is the median wall-clock time
of several runs in this one process, beside a baseline timed on the same program in the same run,
so the ratio compares like with like on a shared, noisy machine:

- compile_graph: parsing the program text and building the engine's graph (what every request does
  before the layout).

Targets (the REST API's): the API benchmark's 1,000-node program in 15 ms (its 100 ms trace end to
end needs the layout near 10), a random 2,000-node DAG in 150 ms, a random 10,000-node DAG in 1 s,
the 100,000-node chain in a few seconds. Crossings are set beside a plain barycenter method's on the
same layers and dummies (4 rounds of sweeps, its final order: no keep-best, no adjacent exchanges).

The random DAGs read like programs: `t9 = t3 * x2`, each node consuming a recent open value
(so the graph stays connected) and re-reading (fan-out) a recent value or an input, with some
numeric constants; the values no one reads are the outputs.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import median_seconds  # noqa: E402

from api_bench import generated_program  # noqa: E402
from app.layout import layered_graph, layout_graph  # noqa: E402
from app.layout.crossings import LayerPairs, positions  # noqa: E402
from app.layout.ordering import Sorter  # noqa: E402
from engine import Limits, compile_graph  # noqa: E402
from engine.graph import Graph  # noqa: E402

LIMITS = Limits(max_length=10_000_000, max_nodes=1_000_000)
PLAIN_BASELINE_ROUNDS = 4
UNARY = ("sin", "exp", "tanh", "log")
BINARY = ("+", "-", "*", "/")


# ---- workloads ---------------------------------------------------------------------------------

def random_program(size: int, seed: int, input_count: int = 8) -> str:
    """A program of about `size` nodes whose graph is a random DAG with fan-out."""
    rng = random.Random(seed)
    width = max(4, math.isqrt(size))  # about how many values are open (computed, not yet read)
    names = [f"x{index}" for index in range(input_count)]
    open_values = list(names)
    lines = []
    nodes = input_count
    while nodes < size:
        operands = []
        for position in range(2 if rng.random() < 0.65 else 1):
            roll = rng.random()
            if position and roll < 0.08:
                operands.append(str(rng.choice((2, 3, 0.5))))  # a constant: a node of its own
                nodes += 1
            elif open_values and roll < len(open_values) / width:
                operands.append(open_values.pop(rng.randrange(len(open_values))))
            elif rng.random() < 0.3:
                operands.append(rng.choice(names[:input_count]))
            else:
                operands.append(rng.choice(names[-4 * width:]))  # a recent value, read again
        name = f"t{nodes}"
        if len(operands) == 2:
            lines.append(f"{name} = {operands[0]} {rng.choice(BINARY)} {operands[1]}")
        else:
            lines.append(f"{name} = {rng.choice(UNARY)}({operands[0]})")
        names.append(name)
        open_values.append(name)
        nodes += 1
    lines.append(", ".join(open_values))
    return "\n".join(lines)


def chain_program(size: int) -> str:
    """x, then size - 1 nodes each reading the one before."""
    return "\n".join(["t1 = sin(x)", *(f"t{index} = sin(t{index - 1})" for index in range(2, size)), f"t{size - 1}"])


def late_reads_program(size: int) -> str:
    """size / 2 values of x, a chain of size / 4, then the values added one by one: every value is
    read farther along: some size^2 / 4 dummies in all without the dummy limit."""
    count, length = size // 2, size // 4
    lines = [f"a{index} = sin(x)" for index in range(count)]
    lines += ["c0 = cos(x)", *(f"c{index} = cos(c{index - 1})" for index in range(1, length))]
    lines += [f"s0 = c{length - 1} + a0", *(f"s{index} = s{index - 1} + a{index}" for index in range(1, count))]
    return "\n".join([*lines, f"s{count - 1}"])


# ---- the plain baseline --------------------------------------------------------------------------

def plain_barycenter(graph: Graph) -> int:
    """Layers, dummies and plain barycenter sweeps; returns the crossings of the order reached."""
    layered = layered_graph([node.operands for node in graph.nodes], graph.outputs, list(graph.inputs.values()))
    position = positions(layered.layers, layered.item_count)
    sorter = Sorter(layered)
    for _ in range(PLAIN_BASELINE_ROUNDS):
        sorter.sweep(position, downward=True)
        sorter.sweep(position, downward=False)
    return LayerPairs(layered).total(position)


# ---- the table -----------------------------------------------------------------------------------

def measure(label: str, program: str, runs: int, target_ms: float | None = None) -> None:
    graph = compile_graph(program, limits=LIMITS)
    layout = layout_graph(graph)
    dummies = sum(len(layer) for layer in layout.layers) - len(graph.nodes)
    compile_time, layout_time = interleaved_medians(lambda: compile_graph(program, limits=LIMITS),
                                                    lambda: layout_graph(graph), runs)
    dict_time = median_seconds(lambda: layout.to_dict(), runs)
    target = f"{target_ms:,.0f}" if target_ms else "-"
    print(f"{label:<18} {len(graph.nodes):>7} {dummies:>7} {len(layout.layers):>7} "
          f"{compile_time * 1000:>10.0f} {layout_time * 1000:>9.0f} {target:>7} "
          f"{layout_time / compile_time:>8.1f}x "
          f"{dict_time * 1000:>8.0f} {plain_barycenter(graph):>9} {layout.crossings:>9}", flush=True)


def interleaved_medians(first: Callable[[], object], second: Callable[[], object],
                        runs: int) -> tuple[float, float]:
    """Median seconds of each, run in turns, so that both see the machine alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for run, spent in zip((first, second), times):
            start = time.perf_counter()
            run()
            spent.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def one_input_reused(terms: int) -> str:
    """x*0 + x*1 + ... + y: one input read by every term, a deep sum (the largest default request)."""
    return "+".join(f"x*{index}" for index in range(terms)) + " + y"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7,
                        help="runs per figure (the median is shown); from 10,000 nodes 3 at most")
    runs = parser.parse_args().runs
    big = min(runs, 3)
    print(f"layout benchmark: median wall-clock ms over {runs} runs ({big} from 10,000 nodes); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'graph':<18} {'nodes':>7} {'dummies':>7} {'layers':>7} {'compile ms':>10} {'layout ms':>9} "
          f"{'target':>7} {'/compile':>9} {'dict ms':>8} {'plain x':>9} {'layout x':>9}")
    measure("random 100", random_program(100, seed=100), runs)
    measure("random 500", random_program(500, seed=500), runs)
    measure("API program 1,000", generated_program(1_000), runs, target_ms=15)
    measure("random 2,000", random_program(2_000, seed=2_000), runs, target_ms=150)
    measure("random 10,000", random_program(10_000, seed=10_000), big, target_ms=1_000)
    measure("API program 10,000", generated_program(10_000), big)
    measure("reused x 10,000", one_input_reused(3_332), big)
    measure("late reads", late_reads_program(8_000), big)
    measure("chain 100,000", chain_program(100_000), big)
    print("x = edge crossings (dummies included): the plain sweeps' final order against the layout's.")


if __name__ == "__main__":
    main()
