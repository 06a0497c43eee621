"""Evaluation (the forward pass): primal values in topological order, caching every local partial."""
from __future__ import annotations

import math
from itertools import compress
from operator import not_

from .errors import ExpressionError
from .graph import CONSTANT, INPUT, Graph
from .ops import CONSTANTS, PRIMITIVES
from .trace import Evaluation, FilledInputs, NodeWarning

_MATH_ERRORS = (OverflowError, ValueError, ZeroDivisionError)


# The value an input gets when the caller asks for defaults: defined for every primitive (log, sqrt).
DEFAULT_INPUT_VALUE = 1.0


def fill_inputs(graph: Graph, inputs: dict[str, float]) -> tuple[dict[str, float], FilledInputs]:
    """The values of the graph's inputs: those given, DEFAULT_INPUT_VALUE for the others; given names
    that are not inputs are left out. Says which inputs were defaulted and which names ignored."""
    ignored = tuple(name for name in inputs if name not in graph.inputs)
    defaulted = tuple(name for name in graph.inputs if name not in inputs)
    values = {name: inputs[name] if name in inputs else DEFAULT_INPUT_VALUE for name in graph.inputs}
    return values, FilledInputs(defaulted, ignored)


def check_inputs(graph: Graph, inputs: dict[str, float]) -> dict[str, float]:
    """Every input of the graph needs a finite number, and every given name must be an input."""
    known = ", ".join(graph.inputs) or "none"
    for name in inputs:
        if name in CONSTANTS:
            raise ExpressionError(
                "unknown_input", f"'{name}' is the constant {CONSTANTS[name]:.6g}, not an input (this expression's inputs: {known})")
        if name not in graph.inputs:
            raise ExpressionError("unknown_input", f"'{name}' is not an input of this expression (its inputs: {known})")
    missing = [name for name in graph.inputs if name not in inputs]
    if missing:
        node = graph.nodes[graph.inputs[missing[0]]]
        listed = ", ".join(f"'{name}'" for name in missing)
        message = (f"the input {listed} has no value: give it one, e.g. {missing[0]}=1" if len(missing) == 1 else
                   f"the inputs {listed} have no values: give each one, e.g. {missing[0]}=1")
        raise ExpressionError("missing_input", message, node.span[0], node.span, graph.source,
                              inputs=tuple(graph.inputs))
    return {name: finite_number(inputs[name], f"the input '{name}'") for name in graph.inputs}


def finite_number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExpressionError("domain", f"{what} must be a number, got {value!r}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ExpressionError("domain", f"{what} must be a finite number, got {value!r}")
    return number


def _domain_error(graph: Graph, node_id: int, message: str) -> ExpressionError:
    node = graph.nodes[node_id]
    return ExpressionError("domain", message, node.position, node.span, graph.source)


def _num(x: float) -> str:
    return f"{x:.6g}"


def evaluate(graph: Graph, inputs: dict[str, float]) -> Evaluation:
    """Compute each node's value and its local partials with respect to each operand.

    A partial with respect to a constant operand is recorded only where it is defined (None else):
    nothing flows into a constant, so `x^2` at x = -3 needs no log(-3).
    """
    inputs = check_inputs(graph, inputs)
    values: list[float] = []
    partials: list[tuple[float | None, ...]] = []
    active: list[bool] = []
    warnings: list[NodeWarning] = []
    for node in graph.nodes:
        op = node.op
        if op == INPUT:
            values.append(inputs[node.name])  # type: ignore[index]
            partials.append(())
            active.append(True)
            continue
        if op == CONSTANT:
            values.append(node.constant)  # type: ignore[arg-type]
            partials.append(())
            active.append(False)
            continue
        primitive = PRIMITIVES[op]
        operands = node.operands
        # Unary and binary spelled out: this loop is the engine's hot path. Tuples, not lists:
        # primitive.domain(*args) then passes them on as they are.
        if len(operands) == 1:
            a = values[operands[0]]
            args: tuple[float, ...] = (a,)
            node_active: tuple[bool, ...] = (active[operands[0]],)
        else:
            a, b = values[operands[0]], values[operands[1]]
            args = (a, b)
            node_active = (active[operands[0]], active[operands[1]])
        if primitive.domain is not None:
            why = primitive.domain(*args)
            if why is not None:
                raise _domain_error(graph, node.id, why)
        try:
            if len(args) == 1:
                value = primitive.value(a)
                first = primitive.partials[0](a, value)
                node_partials = (first,)
                total = value + first
            else:
                value = primitive.value(a, b)
                first, second = primitive.partials
                first, second = first(a, b, value), second(a, b, value)
                node_partials = (first, second)
                total = value + first + second
            fast = total - total == 0  # False if anything is inf or nan (or the sum overflows)
        except _MATH_ERRORS:
            fast = False
        if not fast:
            value, node_partials = _checked(graph, node.id, args, node_active, warnings)
        if primitive.kink is not None and primitive.kink(*args):
            warnings.append(NodeWarning(node.id, (
                f"{primitive.name} is not differentiable at {_num(args[0])} ({node.var}); "
                f"the local partial 0 is used there (a subgradient)")))
        values.append(value)
        partials.append(node_partials)
        active.append(True in node_active)
    inactive = tuple(compress(range(len(active)), map(not_, active)))  # in C: no Python step per node
    return Evaluation(tuple(values), tuple(partials), tuple(active), tuple(warnings), inactive)


def _checked(graph: Graph, node_id: int, args: tuple[float, ...], node_active: tuple[bool, ...],
             warnings: list[NodeWarning]) -> tuple[float, tuple[float | None, ...]]:
    """The careful path, taken when a value or partial is not finite. A value that is not finite is a
    domain error. A partial that is not finite is recorded as None (undefined): evaluation still has
    its value (sqrt(0) = 0), and a mode that needs that partial raises the domain error itself. Where
    the operand depends on an input, a warning names the node."""
    primitive = PRIMITIVES[graph.nodes[node_id].op]
    try:
        value = primitive.value(*args)
    except _MATH_ERRORS:
        value = math.inf
    if not math.isfinite(value):
        shown = primitive.expression(tuple(_num(a) for a in args))
        raise _domain_error(graph, node_id, f"{shown} overflows: the result is too large for a double")
    node_partials: list[float | None] = []
    for k, partial in enumerate(primitive.partials):
        try:
            p = partial(*args, value)
        except _MATH_ERRORS:
            p = math.inf
        if not math.isfinite(p):
            if node_active[k]:
                node = graph.nodes[node_id]
                warnings.append(NodeWarning(node_id, (
                    f"the local partial of {node.var} with respect to operand {k} is undefined: "
                    f"{no_derivative_message(primitive.name, k, args)}; a mode that needs it is a domain error")))
            p = None
        node_partials.append(p)
    return value, tuple(node_partials)


def no_derivative_message(name: str, index: int, args: tuple[float, ...]) -> str:
    at = ", ".join(_num(a) for a in args)
    operand = "ab"[index]
    if name == "pow" and index == 1:
        return (f"a^b with a variable exponent b needs a positive base: "
                f"d(a^b)/db = a^b*log(a) is not real at a = {_num(args[0])}")
    return f"{name} has no finite derivative with respect to {operand} at ({at})"
