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

Then, when Graphviz dot is installed (`apt-get install graphviz`; the bench says so when it is not),
the layout against dot on the same random DAGs of 100, 500 and 2,000 nodes (issue 9's targets: at
most 1.1x dot's crossings in at most a quarter of its time). Both drawings are counted alike, from
their geometry: each edge is cut where it crosses each layer's line (dot: its spline, evaluated at
each rank's x; ours: its polyline), giving a point per layer it passes: at a node, the node itself
(edges leaving one node never cross there) or, where the edge ends, the node and the height at which
the edge meets it (dot: the spline's end; ours: the port); between, the height of the edge (dot's
virtual node, our dummy). Between two adjacent layers the edges are then straight segments between
those points; two distinct segments cross when their ends come in opposite orders on the two lines
(segments that share an end do not cross; a segment drawn twice, as the edges of one of our trunks
are, counts once: it is one line on the screen; the last column counts per pair of edges instead,
a trunk's crossing once for each edge it carries there). dot's time is its whole run (`dot -Tplain` as a
process on nodes of our size without labels, reading the graph and writing positions; at 100 nodes
most of it is starting dot, which the bench shows on a graph of one edge); ours is layout_graph on
the engine's graph, interleaved with dot's runs. The ratios are medians over several DAGs of the
ratio ours / dot on each. With --dot-conventions, dot is also asked to keep our conventions (inputs
in the first rank, the outputs that feed nothing in the last), which cost it crossings too.

The random DAGs read like programs: `t9 = t3 * x2`, each node consuming a recent open value
(so the graph stays connected) and re-reading (fan-out) a recent value or an input, with some
numeric constants; the values no one reads are the outputs.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import median_seconds  # noqa: E402

from api_bench import generated_program  # noqa: E402
from app.layout import Layout, Spacing, layered_graph, layout_graph  # noqa: E402
from app.layout.crossings import LayerPairs, inversions, positions  # noqa: E402
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


# ---- against Graphviz dot -------------------------------------------------------------------------

Point = tuple[float, float]
Station = tuple[float, float]  # where an edge crosses a layer's line: (height of its point, height it meets a node at)
Path = list[tuple[int, Station]]  # an edge's stations, layer by layer


def drawn_crossings(paths: Sequence[Path], distinct: bool = True) -> int:
    """Crossings between the distinct straight segments joining the stations of each edge in
    adjacent layers: two cross when their ends come in opposite orders on the two layers' lines.
    Not `distinct`: per pair of edges, so that a line crossing one of our trunks crosses every
    edge the trunk carries there (dot draws no segment twice: its two counts are the same)."""
    between: dict[int, list[tuple[Station, Station]]] = {}
    for path in paths:
        for (layer, upper), (_, lower) in zip(path, path[1:]):
            between.setdefault(layer, []).append((upper, lower))
    total = 0
    for segments in between.values():
        ordered = sorted(set(segments) if distinct else segments)  # by upper end, then lower end
        rank = {lower: index for index, lower in enumerate(sorted({lower for _, lower in ordered}))}
        total += inversions([rank[lower] for _, lower in ordered])
    return total


def layout_paths(layout: Layout) -> list[Path]:
    """Our edges' stations: the layers' lines are the columns of node centres, layer_spacing
    apart; a polyline is cut at each column between its ends (where it runs through its trunk's
    dummies)."""
    paths = []
    for source, target, points in zip(layout.edge_sources, layout.edge_targets, layout.edge_points):
        first, last = layout.node_layer[source], layout.node_layer[target]
        path: Path = [(first, (layout.node_y[source], 0.0))]
        for layer in range(first + 1, last):
            height = polyline_height(points, layout.node_x[source] + (layer - first) * Spacing().layer_spacing)
            path.append((layer, (height, height)))
        path.append((last, (layout.node_y[target], points[-2][1])))  # the port
        paths.append(path)
    return paths


def polyline_height(points: Sequence[Sequence[float]], x: float) -> float:
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x0 <= x <= x1 and x1 > x0:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    raise ValueError(f"the polyline does not reach x = {x}")


def dot_source(graph: Graph, conventions: bool) -> str:
    """The graph for dot, drawn left to right with our node size and no arrowheads (so that an
    edge's spline ends on its node's border). With `conventions`, dot keeps ours: the inputs in
    the first rank, the outputs that feed nothing in the last."""
    lines = ["digraph g {", "rankdir=LR;",
             'node [shape=box, fixedsize=true, width=1.333, height=0.778, label=""];', "edge [dir=none];"]
    for node, record in enumerate(graph.nodes):
        lines.append(f"n{node};")
        lines.extend(f"n{operand} -> n{node};" for operand in record.operands)
    if conventions:
        inputs = list(graph.inputs.values())
        read = {operand for record in graph.nodes for operand in record.operands}
        last = [node for node in graph.outputs if node not in read and node not in inputs]
        lines.append("{rank=min; " + " ".join(f"n{node};" for node in inputs) + "}")
        lines.append("{rank=max; " + " ".join(f"n{node};" for node in last) + "}")
    lines.append("}")
    return "\n".join(lines)


def run_dot(source: str) -> str:
    return subprocess.run(["dot", "-Tplain"], input=source, capture_output=True, text=True, check=True).stdout


def dot_paths(plain: str) -> list[Path]:
    """dot's edges' stations, from its plain output: the ranks' lines are the columns of node
    centres; a spline (cubic Bezier pieces) is cut at each column between its ends."""
    centres: dict[str, Point] = {}
    splines: list[tuple[str, str, list[Point]]] = []
    for line in plain.splitlines():
        fields = line.split()
        if fields[0] == "node":
            centres[fields[1]] = (float(fields[2]), float(fields[3]))
        elif fields[0] == "edge":
            count = int(fields[3])
            splines.append((fields[1], fields[2], [(float(fields[4 + 2 * index]), float(fields[5 + 2 * index]))
                                                   for index in range(count)]))
    columns = sorted({x for x, _ in centres.values()})
    gaps = [after - before for before, after in zip(columns, columns[1:])]
    if gaps and max(gaps) > 1.01 * min(gaps):  # dot spaces ranks alike when every rank has a node
        raise ValueError("a rank of dot's drawing holds no node (only edges): it would not be counted")
    rank = {x: index for index, x in enumerate(columns)}
    paths = []
    for tail, head, points in splines:
        first, last = rank[centres[tail][0]], rank[centres[head][0]]
        if points[0][0] > points[-1][0]:
            points.reverse()
        path: Path = [(first, (centres[tail][1], 0.0))]
        for layer in range(first + 1, last):
            height = spline_height(points, columns[layer])
            path.append((layer, (height, height)))
        path.append((last, (centres[head][1], points[-1][1])))  # where the spline meets the head
        paths.append(path)
    return paths


def spline_height(points: list[Point], x: float) -> float:
    """The height of a piecewise cubic Bezier curve where it crosses the line at x (by bisection
    on the piece that spans x; dot's edges run left to right)."""
    for start in range(0, len(points) - 3, 3):
        piece = points[start:start + 4]
        if min(piece[0][0], piece[3][0]) <= x <= max(piece[0][0], piece[3][0]):
            low, high = 0.0, 1.0
            rising = piece[3][0] >= piece[0][0]
            for _ in range(40):
                middle = (low + high) / 2
                if (bezier(piece, middle)[0] < x) == rising:
                    low = middle
                else:
                    high = middle
            return bezier(piece, (low + high) / 2)[1]
    raise ValueError(f"the spline does not reach x = {x}")


def bezier(piece: list[Point], t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = piece
    s = 1 - t
    a, b, c, d = s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def against_dot(size: int, graphs: int, runs: int, conventions: bool) -> None:
    """One row: medians over `graphs` random DAGs of about `size` nodes."""
    rows = []
    for seed in range(graphs):
        graph = compile_graph(random_program(size, seed=size * 1000 + seed), limits=LIMITS)
        source = dot_source(graph, conventions)
        ours_times, dot_times = [], []
        for _ in range(runs):  # in turns, so that both see the machine alike
            start = time.perf_counter()
            layout = layout_graph(graph)
            ours_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            plain = run_dot(source)
            dot_times.append(time.perf_counter() - start)
        paths = layout_paths(layout)
        rows.append((len(graph.nodes), statistics.median(ours_times), statistics.median(dot_times),
                     drawn_crossings(paths), drawn_crossings(dot_paths(plain)), drawn_crossings(paths, distinct=False)))
    nodes, ours_time, dot_time, ours, dot, _ = (statistics.median(column) for column in zip(*rows))
    crossing_ratio = statistics.median(row[3] / max(row[4], 1) for row in rows)
    per_edge_ratio = statistics.median(row[5] / max(row[4], 1) for row in rows)
    time_ratio = statistics.median(row[1] / row[2] for row in rows)
    print(f"{nodes:>7.0f} {graphs:>7} {dot_time * 1000:>10.1f} {ours_time * 1000:>9.1f} {time_ratio:>8.3f} "
          f"{'yes' if time_ratio <= 0.25 else 'NO':>7} {dot:>10.0f} {ours:>10.0f} {crossing_ratio:>8.2f} "
          f"{'yes' if crossing_ratio <= 1.1 else 'NO':>7} {per_edge_ratio:>9.2f}", flush=True)


def dot_table(sizes: Sequence[int], graphs: int, runs: int, conventions: bool) -> None:
    if shutil.which("dot") is None:
        print("Graphviz dot is not installed (apt-get install graphviz): no comparison with dot.")
        return
    version = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    print(f"\nagainst {version}{' keeping our conventions (inputs first, sink outputs last)' if conventions else ''}: "
          f"medians over random DAGs; times median wall-clock of {runs} runs "
          f"(1 from 2,000 nodes); crossings of the drawn segments between adjacent layers")
    print(f"{'nodes':>7} {'DAGs':>7} {'dot ms':>10} {'ours ms':>9} {'time x':>8} {'<=0.25':>7} "
          f"{'dot cross':>10} {'ours':>10} {'cross x':>8} {'<=1.1':>7} {'per edge':>9}")
    for size in sizes:
        against_dot(size, graphs if size < 2_000 else min(graphs, 3), runs if size < 2_000 else 1, conventions)
    start = median_seconds(lambda: run_dot("digraph g { a -> b; }"), runs)
    print(f"(of dot's time, {start * 1000:.1f} ms is its start and end: a graph of one edge takes that long)")


def one_input_reused(terms: int) -> str:
    """x*0 + x*1 + ... + y: one input read by every term, a deep sum (the largest default request)."""
    return "+".join(f"x*{index}" for index in range(terms)) + " + y"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7,
                        help="runs per figure (the median is shown); from 10,000 nodes 3 at most")
    parser.add_argument("--dot-graphs", type=int, default=5,
                        help="random DAGs per size against dot (3 at most at 2,000 nodes, where dot takes minutes)")
    parser.add_argument("--dot-sizes", type=lambda text: [int(size) for size in text.split(",")],
                        default=[100, 500, 2_000], help="sizes of the DAGs against dot, e.g. 100,500")
    parser.add_argument("--dot-conventions", action="store_true",
                        help="also against dot keeping our conventions (inputs first, sink outputs last)")
    parser.add_argument("--dot-only", action="store_true", help="only the table against dot")
    arguments = parser.parse_args()
    runs = arguments.runs
    if arguments.dot_only:
        dot_tables(arguments)
        return
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
    dot_tables(arguments)


def dot_tables(arguments: argparse.Namespace) -> None:
    runs = min(arguments.runs, 5)
    dot_table(arguments.dot_sizes, arguments.dot_graphs, runs, conventions=False)
    if arguments.dot_conventions:
        dot_table(arguments.dot_sizes, arguments.dot_graphs, runs, conventions=True)


if __name__ == "__main__":
    main()
