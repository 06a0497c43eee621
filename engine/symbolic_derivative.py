"""The symbolic derivative of a program, beside the trace that automatic differentiation records.

d(output)/d(input) is built by the chain rule with the primitive table's rules, node after node, as a
tree over the inputs (engine/symbolic.py), with nothing cached: each time a value is needed again its
whole expression is written again. That is the "expression swell" the seed lecture opens with:
d/dx exp(x)/x^2 is already longer than the program, and a product of n factors or a composition n
deep gives a derivative that grows like n^2 (a shared subexpression, u = x*x; v = u*u; ..., makes it
grow like 2^n), while the AD trace grows like n. Each derivative is reported as built (naive) and
after the small simplifier (engine/simplify.py), in the engine's language (it parses, and evaluates
to the gradient) and in LaTeX, with its size in nodes.
"""
from __future__ import annotations

from dataclasses import dataclass

from .bracketing import counted, entry_notation
from .errors import ExpressionError
from .graph import CONSTANT, INPUT, Graph
from .limits import Limits
from .notation import CONSTANT_NAMES, Notation, name_notation, node_notation
from .ops import CONSTANTS, PRIMITIVES, value_or_none
from .printing import to_latex, to_text
from .simplify import simplify
from .symbolic import apply, chain_rule, fold, name, number, operation, size
from .syntax import Expr, Name, Number


@dataclass(frozen=True)
class Written:
    """One derivative expression: in the engine's language, in LaTeX, its size in nodes, and its value at
    the point (None where it cannot be evaluated there, e.g. a log of a negative number)."""
    expression: str
    latex: str
    size: int
    value: float | None

    def to_dict(self) -> dict:
        return {"expression": self.expression, "latex": self.latex, "size": self.size, "value": self.value}


@dataclass(frozen=True)
class Derivative:
    """d(output)/d(input) as the chain rule builds it (naive) and after the simplifier."""
    input: str
    naive: Written
    simplified: Written
    name: Notation | None = None  # ∂y/∂x in the trace's notation

    def to_dict(self) -> dict:
        return {**self.naive.to_dict(), "simplified": self.simplified.to_dict(),
                "name": self.name._asdict() if self.name else None}


@dataclass(frozen=True)
class SymbolicDerivatives:
    output: int  # the output index differentiated
    derivatives: dict[str, Derivative]  # one per input, in the graph's order
    trace_nodes: int  # the AD trace's graph: nodes
    trace_steps: int  # and steps of evaluation + one reverse-mode pass (the whole gradient)
    gradient: dict[str, float]  # reverse mode's, at the point

    def total(self) -> dict[str, int]:
        """The nodes of all the derivatives together: naive, and simplified."""
        return {"naive": sum(derivative.naive.size for derivative in self.derivatives.values()),
                "simplified": sum(derivative.simplified.size for derivative in self.derivatives.values())}

    def summary(self) -> str:
        """The derivatives' sizes against the trace's, in a sentence."""
        naive, simplified = self.total().values()
        count = len(self.derivatives)
        if count == 0:
            return "The program has no inputs, so there is nothing to differentiate."
        which = "derivative has" if count == 1 else f"{count} derivatives have"
        return (f"Written out by the chain rule with nothing cached, the {which} {counted(naive, 'node', 'nodes')} "
                f"({simplified} after simplifying); automatic differentiation gets the whole gradient from a trace "
                f"of {counted(self.trace_nodes, 'node', 'nodes')} in {counted(self.trace_steps, 'step', 'steps')}, computing each value "
                f"once and reusing it from the cache.")

    def to_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "output": self.output,
            "derivatives": {name: derivative.to_dict() for name, derivative in self.derivatives.items()},
            "total": self.total(),
            "trace_size": {"nodes": self.trace_nodes, "steps": self.trace_steps},
            "gradient": dict(self.gradient),
        }


# ---- a program's trees -------------------------------------------------------------------------------

def primal_trees(graph: Graph) -> list[Expr]:
    """Each node's value as a tree over the inputs (a node used twice is one shared object)."""
    trees: list[Expr] = []
    for node in graph.nodes:
        if node.op == INPUT:
            trees.append(name(node.name))  # type: ignore[arg-type]
        elif node.op == CONSTANT:
            trees.append(name(node.label) if node.label in CONSTANTS else number(node.constant))  # type: ignore
        else:
            trees.append(apply(node.op, tuple(trees[operand] for operand in node.operands)))
    return trees


def derivative_tree(graph: Graph, primal: list[Expr], output_node: int, input_name: str) -> Expr:
    """d(output)/d(input), by the chain rule node after node (0 where the output does not depend on it)."""
    derivatives: list[Expr | None] = []
    for node, tree in zip(graph.nodes[:output_node + 1], primal):
        if node.op == INPUT:
            derivatives.append(number(1) if node.name == input_name else None)
        elif node.op == CONSTANT:
            derivatives.append(None)
        else:
            operands = tuple(primal[operand] for operand in node.operands)
            derivatives.append(chain_rule(node.op, operands, tree,
                                          tuple(derivatives[operand] for operand in node.operands)))
    derivative = derivatives[output_node]
    return number(0) if derivative is None else derivative


# ---- printing and evaluating -------------------------------------------------------------------------

def _latex_name(text: str) -> str:
    return CONSTANT_NAMES[text][1] if text in CONSTANTS else name_notation(text)[0].latex


def value_at(tree: Expr, point: dict[str, float]) -> float | None:
    """The tree's value at the point, each shared subtree once; None where a primitive is undefined."""
    def combine(expr: Expr, values: list) -> float | None:
        if type(expr) is Number:
            return expr.value  # type: ignore[union-attr]
        if type(expr) is Name:
            return CONSTANTS[expr.name] if expr.name in CONSTANTS else point[expr.name]  # type: ignore[union-attr]
        if None in values:
            return None
        return value_or_none(PRIMITIVES[operation(expr)[0]], values)  # type: ignore[index]
    return fold(tree, combine)  # type: ignore[return-value]


def written(tree: Expr, point: dict[str, float]) -> Written:
    return Written(to_text(tree), to_latex(tree, _latex_name), size(tree), value_at(tree, point))


# ---- the report --------------------------------------------------------------------------------------

def symbolic_derivatives(graph: Graph, output: int, point: dict[str, float], limits: Limits) -> dict[str, Derivative]:
    """d(output)/d(input) for every input, naive and simplified, refusing (kind "limit") when the naive
    expressions together would have more than limits.max_symbolic_size nodes."""
    primal = primal_trees(graph)
    output_node = graph.outputs[output]
    naive = {input_name: derivative_tree(graph, primal, output_node, input_name) for input_name in graph.inputs}
    cap = limits.max_symbolic_size + 1
    sizes = {input_name: size(tree, cap) for input_name, tree in naive.items()}  # counted shared: no swell yet
    total = sum(sizes.values())
    if total > limits.max_symbolic_size:
        largest = max(sizes, key=sizes.__getitem__)
        counted = lambda n: f"more than {cap - 1}" if n >= cap else str(n)  # noqa: E731
        raise ExpressionError("limit", (
            f"the symbolic derivatives of output {output} would have {counted(total)} nodes "
            f"(d/d{largest} alone {counted(sizes[largest])}), more than the limit of {limits.max_symbolic_size}: "
            f"this is the expression swell that automatic differentiation avoids (its graph has "
            f"{len(graph.nodes)} nodes)"), limit="max_symbolic_size")
    output_node_record = graph.nodes[output_node]
    output_name = node_notation(output_node, output_node_record.op, output_node_record.label, output_node_record.name).value
    return {input_name: Derivative(input_name, written(tree, point), written(simplify(tree), point),
                                   entry_notation(output_name, name_notation(input_name)[0]))
            for input_name, tree in naive.items()}
