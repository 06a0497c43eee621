"""Engine benchmark: chainrule's evaluation and reverse mode beside micrograd 0.1.0 on the same graphs.

Run: `make bench` (or `.venv/bin/python bench/engine_bench.py`). Every figure is a median over
several runs in this one process, so the ratios compare like with like on a shared, noisy machine.

For chainrule, "compile" is parse + graph building (done once per expression), "evaluation" is the
forward pass that caches every local partial, "reverse" is the recorded adjoint sweep. micrograd is
define-by-run: its forward pass builds the graph while it computes, and backward() sorts and sweeps.
"one-off" is compile + evaluation + reverse against micrograd's forward + backward: what a single
trace of a new expression costs beside micrograd.

`--baseline REVISION` times compile alone against an earlier revision's, by turns in this process.

compile_graph and reverse_mode pause the cycle collector themselves (engine/collector.py), so their
times here are what any caller gets.
"""
from __future__ import annotations

import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from revision import earlier_engine  # noqa: E402
from timing import median_seconds  # noqa: E402

from engine import Limits, compile_graph  # noqa: E402
from engine.evaluate import evaluate  # noqa: E402
from engine.reverse_mode import reverse_mode  # noqa: E402

try:
    from micrograd.engine import Value
    from micrograd.nn import MLP
except ImportError:  # the bench extra is not installed
    Value = MLP = None

LIMITS = Limits(max_nodes=1_000_000)


# ---- workloads: (chainrule program, inputs, micrograd builder) ------------------------------------

def mlp_workload():
    """micrograd's demo network, MLP(3, [16, 16, 1]), on one input; gradients for every weight."""
    rng = random.Random(1)
    sizes = [3, 16, 16, 1]
    x = [2.0, 3.0, -1.0]
    weights = [[[rng.uniform(-1, 1) for _ in range(sizes[i])] for _ in range(sizes[i + 1])]
               for i in range(len(sizes) - 1)]
    biases = [[0.0] * sizes[i + 1] for i in range(len(sizes) - 1)]
    lines, inputs = [], {}
    previous = [repr(v) for v in x]
    for layer, (w_layer, b_layer) in enumerate(zip(weights, biases)):
        current = []
        for j, (w_row, b) in enumerate(zip(w_layer, b_layer)):
            terms = []
            for i, w in enumerate(w_row):
                name = f"w{layer}_{j}_{i}"
                inputs[name] = w
                terms.append(f"{name}*{previous[i]}")
            bias = f"b{layer}_{j}"
            inputs[bias] = b
            total = " + ".join([bias] + terms)  # micrograd sums from the bias
            last = layer == len(weights) - 1
            lines.append(f"h{layer}_{j} = {total if last else f'relu({total})'}")
            current.append(f"h{layer}_{j}")
        previous = current
    lines.append(previous[0])

    def micrograd() -> Value:
        model = MLP(3, [16, 16, 1])
        for p, value in zip(model.parameters(), _flat_parameters(weights, biases)):
            p.data = value
        return model(x)

    return "\n".join(lines), inputs, micrograd


def _flat_parameters(weights, biases):
    for w_layer, b_layer in zip(weights, biases):
        for w_row, b in zip(w_layer, b_layer):
            yield from w_row
            yield b


def chain_workload(steps: int):
    """A deep chain v_i = v_{i-1}*0.999 + 0.001 (micrograd 0.1.0 has only +, *, ** and relu)."""
    lines = ["a0 = x"] + [f"a{i} = a{i - 1}*0.999 + 0.001" for i in range(1, steps)] + [f"a{steps - 1}"]

    def micrograd() -> Value:
        v = Value(0.5)
        for _ in range(1, steps):
            v = v * 0.999 + 0.001
        return v

    return "\n".join(lines), {"x": 0.5}, micrograd


def dag_workload(n: int):
    """A random DAG with fan-out: each step takes operands anywhere earlier; values stay in [-1, 1]."""
    rng = random.Random(7)
    width = 16
    inputs = {f"x{i}": rng.uniform(-1, 1) for i in range(width)}
    names = list(inputs)
    plan = []  # (kind, a, b) over indices of earlier values
    lines = []
    while len(names) < width + int(n / 2.5):  # 1 node a mul step, 4 a relu step (add, relu, 0.5, mul)
        a, b = rng.randrange(len(names)), rng.randrange(len(names))
        if rng.random() < 0.5:
            plan.append(("mul", a, b))
            lines.append(f"u{len(names)} = {names[a]}*{names[b]}")
        else:
            plan.append(("relu_mean", a, b))
            lines.append(f"u{len(names)} = relu({names[a]} + {names[b]})*0.5")
        names.append(f"u{len(names)}")
    # The output adds up the last 64 values so that most of the graph is upstream of it.
    lines.append(" + ".join(names[-64:]))

    def micrograd() -> Value:
        values = [Value(v) for v in inputs.values()]
        for kind, a, b in plan:
            values.append(values[a] * values[b] if kind == "mul" else (values[a] + values[b]).relu() * 0.5)
        total = values[-64]
        for v in values[-63:]:
            total = total + v
        return total

    return "\n".join(lines), inputs, micrograd


# ---- measuring ---------------------------------------------------------------------------------

def paused_collector(run):
    """`run` with the cycle collector paused, as the API runs the engine."""
    def paused():
        gc.disable()
        try:
            return run()
        finally:
            gc.enable()
    return paused


def measure(title: str, workload, repeat: int) -> dict:
    source, inputs, micrograd = workload
    graph = compile_graph(source, limits=LIMITS)
    compile_once = lambda: compile_graph(source, limits=LIMITS)  # noqa: E731
    compile_time = median_seconds(compile_once, max(3, repeat // 2))
    evaluation = evaluate(graph, inputs)
    evaluation_time = median_seconds(lambda: evaluate(graph, inputs), repeat)
    # reverse mode is cheap beside everything else here: more runs make its median steady on big graphs
    reverse_time = median_seconds(lambda: reverse_mode(graph, evaluation, {0: 1.0}), max(repeat, 15))
    row = {"workload": title, "nodes": len(graph.nodes), "compile": compile_time,
           "evaluation": evaluation_time, "reverse": reverse_time,
           "micrograd_forward": None, "micrograd_backward": None, "micrograd_error": None}
    if micrograd is None or Value is None:
        row["micrograd_error"] = "not installed"
        return row
    try:
        row["micrograd_forward"] = median_seconds(micrograd, repeat)
        outputs = [micrograd() for _ in range(repeat)]
        backward_times = []
        for out in outputs:
            start = time.perf_counter()
            out.backward()
            backward_times.append(time.perf_counter() - start)
        row["micrograd_backward"] = statistics.median(backward_times)
        # Same graph, same answer: check one gradient against ours.
        ours = reverse_mode(graph, evaluation, {0: 1.0})
        assert abs(outputs[0].data - evaluation.values[graph.outputs[0]]) < 1e-9 * max(1, abs(outputs[0].data))
        assert ours.steps, "no reverse-mode steps"
    except RecursionError:
        row["micrograd_error"] = "RecursionError"
    return row


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:9.2f}"


def report(rows: list[dict]) -> str:
    header = ("workload", "nodes", "compile ms", "eval ms", "reverse ms", "reverse/eval",
              "micrograd fwd ms", "micrograd bwd ms", "ours/micrograd (eval+reverse)", "one-off/micrograd")
    lines = [" | ".join(header), " | ".join("---" for _ in header)]
    for r in rows:
        ours = r["evaluation"] + r["reverse"]
        if r["micrograd_error"]:
            theirs, ratio = r["micrograd_error"], f"micrograd fails: {r['micrograd_error']}"
            fwd = bwd = one_off = theirs
        else:
            fwd, bwd = ms(r["micrograd_forward"]).strip(), ms(r["micrograd_backward"]).strip()
            theirs = r["micrograd_forward"] + r["micrograd_backward"]
            ratio = f"{ours / theirs:.2f}"
            one_off = f"{(r['compile'] + ours) / theirs:.2f}"
        lines.append(" | ".join([
            r["workload"], str(r["nodes"]), ms(r["compile"]).strip(),
            ms(r["evaluation"]).strip(), ms(r["reverse"]).strip(), f"{r['reverse'] / r['evaluation']:.2f}", fwd, bwd,
            ratio, one_off]))
    return "\n".join(lines)


def compile_against(revision: str, repeat: int) -> str:
    """This engine's compile beside `revision`'s, run by turns in this process on the same programs:
    with the collector paused in both (the parser and the builder alone), and as a caller of
    compile_graph meets it (the collector on around the call; this engine pauses it inside)."""
    with tempfile.TemporaryDirectory() as folder:
        earlier = earlier_engine(revision, Path(folder))
        lines = [f"workload | compile ms | {revision} ms | ratio | as called: ms | {revision} ms | ratio",
                 " | ".join(["---"] * 7)]
        for title, (source, _, _) in [("MLP [3,16,16,1] (micrograd demo)", mlp_workload()),
                                      ("chain, 800 nodes", chain_workload(200)),
                                      ("random DAG, 10,000 nodes", dag_workload(10_000)),
                                      ("random DAG, 100,000 nodes", dag_workload(100_000))]:
            ours = lambda: compile_graph(source, limits=LIMITS)  # noqa: E731
            theirs = lambda: earlier.compile_graph(source, limits=earlier.Limits(max_nodes=1_000_000))  # noqa: E731
            runs = 3 if "100,000" in title else repeat
            paused = by_turns(paused_collector(ours), paused_collector(theirs), runs)
            called = by_turns(ours, theirs, runs)
            lines.append(" | ".join([title, ms(paused[0]).strip(), ms(paused[1]).strip(), f"{paused[0] / paused[1]:.2f}",
                                     ms(called[0]).strip(), ms(called[1]).strip(), f"{called[0] / called[1]:.2f}"]))
    return "\n".join(lines)


def by_turns(first, second, repeat: int) -> tuple[float, float]:
    """The median times of `first` and `second`, run in turns so that both meet the same load."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for run, into in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            run()
            into.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    quick = "--quick" in sys.argv
    repeat = 3 if quick else 9
    if "--baseline" in sys.argv:
        revision = sys.argv[sys.argv.index("--baseline") + 1]
        print(f"Compile (tokenize, parse, build) against {revision}, medians of {repeat * 2} runs by turns\n")
        print(compile_against(revision, repeat * 2))
        return
    rows = [
        measure("MLP [3,16,16,1] (micrograd demo)", mlp_workload(), repeat),
        measure("chain, 800 nodes", chain_workload(200), repeat),
        measure("random DAG, 10,000 nodes", dag_workload(10_000), max(3, repeat // 2)),
        measure("random DAG, 100,000 nodes", dag_workload(100_000), 3),
        measure("chain, 100,000 nodes", chain_workload(25_000), 3),
    ]
    print(f"Python {sys.version.split()[0]}, recursion limit {sys.getrecursionlimit()}, medians of {repeat} runs\n")
    print(report(rows))


if __name__ == "__main__":
    main()
