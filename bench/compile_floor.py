"""How fast can compile be in pure Python? A lower bound for issue 11's "compile 2x faster" target.

This is not the engine. It is the least a pure-Python compile of the MLP demo can do, timed by turns
in this process against the engine before the service issue (2311fd5, the target's "today") and the
engine now:

- the floor's tokenizer: one `findall` of an ASCII-only pattern, in C, and the tokens' ends summed
  by `accumulate`, in C; no kinds, no Unicode names, no newline rule, no check of any character;
- the floor's parser and builder: a Pratt parser over those tokens that makes the engine's nodes
  (engine.graph.Node, equal field by field), with no error checks, limits, groups or nesting depth.

The script checks that the floor makes the engine's nodes, so the two do the same work, then prints
medians and each one's ratio to 2311fd5: the target is 0.50 for compile. Run: `.venv/bin/python bench/compile_floor.py`.
"""
from __future__ import annotations

import gc
import re
import statistics
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine_bench import mlp_workload  # noqa: E402
from revision import earlier_engine  # noqa: E402

import engine  # noqa: E402
from engine.graph import Node  # noqa: E402
from engine.ops import LABELS  # noqa: E402
from engine.syntax import format_number  # noqa: E402

BASELINE = "2311fd5"
_TOKEN = re.compile(r"\s*(?:[A-Za-z_][A-Za-z_0-9]*|[0-9.]+|\S)", re.ASCII)
_INFIX = {"+": (10, 11, "add"), "-": (10, 11, "sub"), "*": (20, 21, "mul"), "/": (20, 21, "div"), "^": (41, 40, "pow")}
_FUNCTIONS = {"relu": "relu"}  # the only function the MLP demo calls
_new = tuple.__new__


def floor_tokens(source: str) -> tuple[list[str], list[int]]:
    """Token texts and where each ends, made by C passes only."""
    pieces = _TOKEN.findall(source)
    return list(map(str.lstrip, pieces)), list(accumulate(map(len, pieces)))


class FloorParser:
    """A Pratt parser making the engine's nodes; nothing is checked."""

    def __init__(self, source: str) -> None:
        self.texts, self.ends = floor_tokens(source)
        self.texts += ["", ""]
        self.ends += [len(source)] * 2
        self.index = 0
        self.nodes: list[Node] = []
        self.ids: dict[str, int] = {}  # input and assigned names -> node
        self.start = self.end = 0

    def add(self, op: str, operands: tuple, start: int, end: int, position: int, label: str,
            name: str | None = None, constant: float | None = None) -> int:
        node_id = len(self.nodes)
        self.nodes.append(_new(Node, (node_id, op, operands, (start, end), position, label, name, constant)))
        return node_id

    def constant(self, text: str, start: int, end: int) -> int:
        value = float(text)
        return self.add("const", (), start, end, start, format_number(value), None, value)

    def program(self) -> list[Node]:
        texts = self.texts
        while texts[self.index]:
            target = None
            if texts[self.index + 1] == "=":
                target = texts[self.index]
                self.index += 2
            node = self.expression(0)
            if target is not None:
                self.ids[target] = node
                self.nodes[node] = _new(Node, (*self.nodes[node][:6], target, None))
        return self.nodes

    def expression(self, min_power: int) -> int:
        texts, ends = self.texts, self.ends
        index = self.index
        text = texts[index]
        node = self.ids.get(text)
        if node is not None and texts[index + 1] != "(":
            self.index = index + 1
            end = ends[index]
            start = end - len(text)
        else:
            node = self.prefix()
            start, end = self.start, self.end
        while True:
            infix = _INFIX.get(texts[self.index])
            if infix is None or infix[0] < min_power:
                break
            self.index += 1
            position = self.ends[self.index - 1] - 1
            right = self.expression(infix[1])
            end = self.end
            node = self.add(infix[2], (node, right), start, end, position, LABELS[infix[2]])
        self.start, self.end = start, end
        return node

    def prefix(self) -> int:
        texts, ends = self.texts, self.ends
        index = self.index
        text, end = texts[index], ends[index]
        start = end - len(text)
        self.index = index + 1
        if text[0].isdigit():
            self.start, self.end = start, end
            return self.constant(text, start, end)
        if text == "-":
            if texts[index + 1][0].isdigit():
                self.index += 1
                self.start, self.end = start, ends[index + 1]
                return self.constant("-" + texts[index + 1], start, self.end)
            operand = self.expression(30)
            self.start = start
            return self.add("neg", (operand,), start, self.end, start, LABELS["neg"])
        if text == "(":
            inner = self.expression(0)
            self.index += 1
            return inner
        if texts[index + 1] == "(":
            self.index += 1
            argument = self.expression(0)
            self.start, self.end = start, ends[self.index]
            self.index += 1
            op = _FUNCTIONS[text]
            return self.add(op, (argument,), start, self.end, start, LABELS[op])
        self.ids[text] = node = self.add("input", (), start, end, start, text, text)
        self.start, self.end = start, end
        return node


def by_turns(runs: dict[str, callable], repeat: int) -> dict[str, float]:
    """The median of each run's times, the runs taking turns, with the cycle collector paused in all."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            gc.disable()
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
            gc.enable()
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    source = mlp_workload()[0]
    graph = engine.compile_graph(source)
    floor = FloorParser(source).program()
    same = list(graph.nodes) == floor
    if not same:
        raise SystemExit("the floor parser does not make the engine's nodes: fix it before timing it")
    with tempfile.TemporaryDirectory() as folder:
        earlier = earlier_engine(BASELINE, Path(folder))
        limits = earlier.Limits(max_nodes=1_000_000)
        medians = by_turns({
            f"compile at {BASELINE} (the target's today)": lambda: earlier.compile_graph(source, limits=limits),
            "compile now": lambda: engine.compile_graph(source, limits=engine.Limits(max_nodes=1_000_000)),
            "floor: tokens only": lambda: floor_tokens(source),
            "floor: tokens, parse and build": lambda: FloorParser(source).program(),
        }, repeat=41)
    baseline = next(iter(medians.values()))
    print(f"MLP demo: {len(graph.nodes)} nodes; the floor makes the same nodes. Medians of 41 runs by turns.\n")
    print("run | ms | ratio to " + BASELINE)
    print("--- | --- | ---")
    for name, seconds in medians.items():
        print(f"{name} | {seconds * 1000:.3f} | {seconds / baseline:.2f}")
    print("\nThe target is a ratio of 0.50 for compile now; the floor checks nothing.")


if __name__ == "__main__":
    main()
