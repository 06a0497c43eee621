"""How the CLI prints the second-order and symbolic reports: the HVP's steps, the Hessian, the symbolic
derivatives beside the trace's size, and the paths from an input to an output."""
from __future__ import annotations

from .graph import Graph
from .hessian import Hessian
from .hvp import HessianVectorProduct
from .ops import OPERAND_NAMES
from .paths import Paths
from .reverse_mode import seed_adjoints
from .symbolic_derivative import SymbolicDerivatives
from .trace import Evaluation


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).rjust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return [line(header), line(tuple("-" * w for w in widths))] + [line(row) for row in rows]


def number(x: float | None) -> str:
    return "-" if x is None else f"{x:.6g}"


def _pairs(values: dict) -> str:
    return ", ".join(f"{name}={number(value)}" for name, value in values.items())


def render_hvp(graph: Graph, evaluation: Evaluation, product: HessianVectorProduct, label: str) -> list[str]:
    """The reverse sweep over dual numbers: each update of an adjoint and of its tangent (d = along v)."""
    out = [f"{label} (reverse mode over dual numbers, direction {_pairs(product.direction)}, "
           f"cotangent {', '.join(f'output {k}={number(v)}' for k, v in product.cotangent.items())}):"]
    out += [f"  seed: adj({graph.nodes[node].var}) = {number(value)}, d adj = 0"
            for node, value in seed_adjoints(graph, product.cotangent).items()]
    rows = []
    for step in product.steps:
        if step.kind != "hvp_adjoint":
            continue
        node = graph.nodes[step.node]
        operand = graph.nodes[node.operands[step.operand_index]]
        rows.append((str(len(rows) + 1), f"adj({operand.var}) += adj({node.var}) * d{node.var}/d{operand.var}",
                     number(product.adjoints[step.node]), number(step.adjoint_tangent),
                     number(evaluation.partials[step.node][step.operand_index]), number(step.partial_tangent),
                     number(step.contribution), number(step.tangent_contribution),
                     number(step.after), number(step.tangent_after)))
    header = ("step", "update", "adjoint", "d adjoint", "partial", "d partial", "contribution", "d contribution",
              "after", "d after")
    out += ["  " + line for line in table(header, rows)]
    out += ["  (d: the tangent along the direction; d partial = sum of second partials x tangents of the operands;",
            "   d contribution = d adjoint * partial + adjoint * d partial)"]
    out += ["", "Gradient: " + ", ".join(f"d/d{k} = {number(v)}" for k, v in product.gradient.items()),
            "H·v: " + ", ".join(f"{k} = {number(v)}" for k, v in product.result.items())]
    return out


def render_hessian(hessian: Hessian) -> str:
    out = [f"Hessian of output {hessian.output} ({hessian.output_label}) by {hessian.hvps} Hessian-vector "
           f"product{'s' if hessian.hvps != 1 else ''} (forward mode over reverse mode), one per input:"]
    out += ["  " + line for line in table(("",) + hessian.inputs, [
        (name,) + tuple(number(value) for value in row) for name, row in zip(hessian.inputs, hessian.matrix)])]
    out += ["", "Gradient: " + ", ".join(f"d/d{k} = {number(v)}" for k, v in hessian.gradient.items()),
            f"Cost: {hessian.passes} passes (a forward-mode pass and a reverse pass over dual numbers per input), "
            f"{hessian.operations} multiply-adds, after one evaluation ({hessian.evaluation_operations} primitive "
            f"operations)"]
    return "\n".join(out)


def render_symbolic(report: SymbolicDerivatives, output_label: str) -> str:
    out = [f"Symbolic derivatives of output {report.output} ({output_label}), by the chain rule with the "
           f"rule table, nothing cached:"]
    for name, derivative in report.derivatives.items():
        out += ["", f"d/d{name}:"]
        for label, written in (("naive", derivative.naive), ("simplified", derivative.simplified)):
            out += [f"  {label} ({written.size} nodes, value {number(written.value)}):",
                    f"    {written.expression}", f"    LaTeX: {written.latex}"]
    sizes = ", ".join(f"d/d{name} {d.naive.size} naive, {d.simplified.size} simplified"
                      for name, d in report.derivatives.items())
    out += ["", f"Sizes in nodes: {sizes}.",
            f"AD trace: {report.trace_nodes} nodes, {report.trace_steps} steps (evaluation and one reverse-mode "
            f"pass, the whole gradient); gradient: "
            + ", ".join(f"d/d{k} = {number(v)}" for k, v in report.gradient.items())]
    return "\n".join(out)


def render_paths(graph: Graph, paths: Paths) -> str:
    count = len(paths.paths)
    out = [f"Paths from {paths.input} to output {paths.output}: {count} path{'s' if count != 1 else ''}, each "
           f"the product of the local partials along it (-a-> and -b-> name the operand an edge enters as):"]
    for path in paths.paths:
        route = graph.nodes[path.nodes[0]].var
        for node_id, index in zip(path.nodes[1:], path.operand_indices):
            route += f" -{OPERAND_NAMES[index]}-> {graph.nodes[node_id].var}"
        factors = " * ".join(number(partial) for partial in path.partials) or "1 (the empty path)"
        out.append(f"  {route}: {factors} = {number(path.product)}")
    out += ["", f"Sum over paths: {number(paths.total)}; reverse mode's d/d{paths.input}: {number(paths.gradient)}"]
    return "\n".join(out)
