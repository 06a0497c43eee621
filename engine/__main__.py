"""CLI: python -m engine "EXPRESSION" --at x=2 [--mode forward|reverse|both] [--seed x=1] [--check] [--json]"""
from __future__ import annotations

import argparse
import json
import math
import sys

from . import MODES, ExpressionError, check, trace
from .finite_differences import DerivativeCheck
from .graph import wengert_list
from .passes import PASSES
from .reverse_mode import seed_adjoints
from .trace import Trace

EPILOG = """examples:
  python -m engine "exp(x)/x^2" --at x=2
  python -m engine "x*y + sin(x)" --at x=1 --at y=3 --mode reverse
  python -m engine "sqrt(x)*log(x)" --at x=2 --check
  python -m engine "tanh(w1*x1 + w2*x2 + b)" --at w1=0.5 --at x1=1 --at w2=-1 --at x2=2 --at b=0.1 --json
  echo "u = x*y; u + sin(u)" | python -m engine - --at x=1 --at y=2
"""


def _assignment(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected name=number, got {text!r}")
    try:
        return name.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number (in {text!r})") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m engine", description="Trace the cached chain rule: evaluation, forward mode, reverse mode.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("expression", help="the program, or - to read it from standard input")
    parser.add_argument("--at", action="append", type=_assignment, default=[], metavar="NAME=VALUE",
                        help="the value of an input (repeat for each input)")
    parser.add_argument("--mode", choices=list(MODES), default="both",
                        help="; ".join(f"{name}: {mode.description}" for name, mode in MODES.items()))
    parser.add_argument("--seed", action="append", type=_assignment, default=None, metavar="NAME=VALUE",
                        help="forward-mode seed direction (default: 1 on the first input)")
    parser.add_argument("--cotangent", action="append", type=_assignment, default=None, metavar="INDEX=VALUE",
                        help="reverse-mode cotangent over outputs (default: 0=1)")
    parser.add_argument("--share", action="store_true", help="share identical subexpressions (one node each)")
    parser.add_argument("--check", action="store_true",
                        help="compare the derivatives with finite differences (f(x+h) - f(x-h)) / 2h")
    parser.add_argument("--json", action="store_true", help="print the trace as JSON")
    return parser


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).rjust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return [line(header), line(tuple("-" * w for w in widths))] + [line(row) for row in rows]


def _g(x: float | None) -> str:
    return "-" if x is None else f"{x:.6g}"


def _update(graph, node: int, operand: int) -> str:
    v, u = graph.nodes[node].var, graph.nodes[operand].var
    return f"adj({u}) += adj({v}) * d{v}/d{u}"


def render(result: Trace) -> str:
    graph, evaluation = result.graph, result.evaluation
    out = [f"{PASSES['evaluation'].label.capitalize()} (Wengert list):"]
    out += ["  " + line for line in wengert_list(graph, evaluation.values)]
    forward, reverse = result.forward_mode, result.reverse_mode
    if forward is not None:
        seed = ", ".join(f"{k}={_g(v)}" for k, v in forward.seed.items())
        out += ["", f"{PASSES['forward'].label.capitalize()} (tangents, seed {seed}):"]
        rows = []
        for step in forward.steps:
            node = graph.nodes[step.node]
            if step.kind == "tangent":
                partials = evaluation.partials[step.node]
                terms = " + ".join(f"{_g(partials[t.operand_index])}*{_g(forward.tangents[node.operands[t.operand_index]])}"
                                   for t in step.terms) or "0"
            else:
                terms = "seed" if step.kind == "seed" else "constant"
            rows.append((node.var, _g(evaluation.values[step.node]), _g(forward.tangents[step.node]), terms))
        out += ["  " + line for line in _table(("node", "value", "tangent", "partial*tangent terms"), rows)]
        out += ["", "JVP: " + ", ".join(_g(v) for v in forward.jvp)]
    if reverse is not None:
        cotangent = ", ".join(f"output {k}={_g(v)}" for k, v in reverse.cotangent.items())
        out += ["", f"{PASSES['reverse'].label.capitalize()} (adjoints, cotangent {cotangent}):"]
        seeds = seed_adjoints(graph, reverse.cotangent)
        out += [f"  seed: adj({graph.nodes[node].var}) = {_g(value)}" for node, value in seeds.items()]
        rows = []
        adjoint_so_far = [0.0] * len(graph.nodes)  # before each update: the previous update's `after`
        for step in reverse.steps:
            if step.kind != "adjoint":
                continue
            operand = graph.nodes[step.node].operands[step.operand_index]
            rows.append((str(len(rows) + 1), _update(graph, step.node, operand), str(step.operand_index),
                         _g(reverse.adjoints[step.node]), _g(evaluation.partials[step.node][step.operand_index]),
                         _g(step.contribution), _g(adjoint_so_far[operand]), _g(step.after)))
            adjoint_so_far[operand] = step.after
        header = ("step", "update", "operand", "adjoint", "partial", "contribution", "before", "after")
        out += ["  " + line for line in _table(header, rows)]
        out += ["", "Gradient: " + ", ".join(f"d/d{k} = {_g(v)}" for k, v in reverse.gradient.items())]
    for warning in evaluation.warnings:
        out.append(f"warning: {warning.message}")
    return "\n".join(out)


def render_check(result: DerivativeCheck) -> str:
    compared = [(f"d/d{name}", c) for name, c in result.gradient.items()]
    compared += [(f"JVP {k}", c) for k, c in enumerate(result.jvp)]
    verdicts = {True: "agrees", False: "differs", None: "-"}
    rows = [(label, _g(c.autodiff), _g(c.finite_difference), _g(c.h), c.scheme or "-", verdicts[c.agrees])
            for label, c in compared]
    out = ["Finite-difference check (gradient of reverse mode, JVP of forward mode):"]
    out += ["  " + line for line in _table(("", "autodiff", "finite difference", "h", "scheme", "verdict"), rows)]
    out += [f"  {label}: {c.note}" for label, c in compared if c.note]
    return "\n".join(out)


def finite_or_null(value: object) -> object:
    """The record with every NaN or infinity as null, as the API encodes it: standard JSON, which
    strict parsers (JSON.parse, jq) read; Python's json module would print Infinity."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite_or_null(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_or_null(item) for item in value]
    return value


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    source = sys.stdin.read() if args.expression == "-" else args.expression
    try:
        options = dict(seed=dict(args.seed) if args.seed else None,
                       cotangent={int(k) if k.isdigit() else k: v for k, v in args.cotangent} if args.cotangent else None,
                       share_subexpressions=args.share)
        result = trace(source, dict(args.at), mode=args.mode, **options)
        checked = check(source, dict(args.at), **options) if args.check else None
    except ExpressionError as error:
        error.source = error.source or source
        print(f"error ({error.kind}): {error}", file=sys.stderr)
        caret = error.caret()
        if caret:
            print(caret, file=sys.stderr)
        return 2
    if args.json:
        record = result.to_dict()
        if checked is not None:
            record["check"] = checked.to_dict()
        print(json.dumps(finite_or_null(record), indent=2, allow_nan=False))
    else:
        print(render(result) + ("" if checked is None else "\n\n" + render_check(checked)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
