"""SymPy as an independent oracle: the same program turned into a SymPy expression, test code only."""
from __future__ import annotations

import sympy

from engine.graph import CONSTANT, INPUT, Graph
from engine import compile_graph

_FUNCTIONS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "neg": lambda a: -a,
    "pow": lambda a, b: a ** b,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "tanh": sympy.tanh,
    "sigmoid": lambda a: 1 / (1 + sympy.exp(-a)),
    "relu": lambda a: sympy.Max(a, 0),
    "softplus": lambda a: sympy.log(1 + sympy.exp(a)),
    "abs": sympy.Abs,
}


def sympy_outputs(graph: Graph) -> tuple[list, dict[str, sympy.Symbol]]:
    """Each output as a SymPy expression over the graph's inputs (built node by node, no recursion)."""
    exprs, symbols = sympy_nodes(graph)
    return [exprs[i] for i in graph.outputs], symbols


def sympy_nodes(graph: Graph) -> tuple[list, dict[str, sympy.Symbol]]:
    """Every node's value as a SymPy expression over the graph's inputs, in the graph's order."""
    symbols = {name: sympy.Symbol(name, real=True) for name in graph.inputs}
    exprs: list = []
    for node in graph.nodes:
        if node.op == INPUT:
            exprs.append(symbols[node.name])
        elif node.op == CONSTANT:
            exprs.append(sympy.pi if node.label == "pi" else sympy.E if node.label == "e"
                         else sympy.nsimplify(node.constant, rational=True))
        else:
            exprs.append(_FUNCTIONS[node.op](*(exprs[i] for i in node.operands)))
    return exprs, symbols


def sympy_value_and_gradient(source: str, inputs: dict[str, float], output: int = 0) -> tuple[float, dict[str, float]]:
    graph = compile_graph(source)
    outputs, symbols = sympy_outputs(graph)
    f = outputs[output]
    at = {symbols[name]: sympy.Float(value, 30) for name, value in inputs.items()}
    value = float(f.evalf(30, subs=at))
    gradient = {name: float(sympy.diff(f, symbol).evalf(30, subs=at)) for name, symbol in symbols.items()}
    return value, gradient


def sympy_hessian(source: str, inputs: dict[str, float], output: int = 0) -> dict[str, dict[str, float]]:
    """d²f / d(input i) d(input j) at the point, as {i: {j: value}}."""
    graph = compile_graph(source)
    outputs, symbols = sympy_outputs(graph)
    f = outputs[output]
    at = {symbols[name]: sympy.Float(value, 30) for name, value in inputs.items()}
    return {i: {j: float(sympy.diff(f, symbols[i], symbols[j]).evalf(30, subs=at)) for j in symbols} for i in symbols}
