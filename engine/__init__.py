"""chainrule's engine: parse an expression, build its graph, evaluate it caching every local partial,
then run forward mode (tangents) and reverse mode (adjoints), recording every step.

    >>> from engine import trace
    >>> t = trace("exp(x)/x^2", {"x": 2})
    >>> round(t.reverse_mode.gradient["x"], 12)
    0.0
"""
from __future__ import annotations

from .collector import collector_paused
from .errors import ExpressionError
from .evaluate import evaluate, fill_inputs as fill_missing_inputs, finite_number
from .forward_mode import forward_mode
from .graph import Graph, build_graph
from .finite_differences import DerivativeCheck, check_derivatives, evaluations_needed
from .dual_matrices import DualMatrices, dual_matrices_of
from .hessian import Hessian, hessian_of, passes_needed as hessian_passes_needed
from .hvp_lecture import HessianVector, hessian_vector_of, passes_needed as hvp_passes_needed
from .jacobian import Jacobian, jacobian_of, passes_needed
from .limits import Limits, check_work
from .passes import MODES, PASSES, PassInput, run_passes
from .paths import Paths, paths_between
from .reverse_mode import reverse_mode
from .symbolic_derivative import SymbolicDerivatives, symbolic_derivatives
from .trace import FilledInputs, Trace

__all__ = ["ExpressionError", "Limits", "MODES", "PASSES", "Trace", "Jacobian", "DerivativeCheck", "Hessian",
           "SymbolicDerivatives", "Paths", "DualMatrices", "HessianVector", "trace", "jacobian", "check", "hessian",
           "symbolic", "paths", "dual", "hessian_vector", "compile_graph"]


def compile_graph(source: str, share_subexpressions: bool = False, limits: Limits = Limits()) -> Graph:
    """Parse and build the graph, enforcing the limits."""
    if not isinstance(source, str):
        raise ExpressionError("syntax", "the expression must be text")
    if len(source) > limits.max_length:
        raise ExpressionError(
            "limit", f"the expression is longer than {limits.max_length} characters (the limit is {limits.max_length})",
            limits.max_length, (limits.max_length, len(source)), source, limit="max_length")
    with collector_paused:  # a program's tokens, tree and nodes are acyclic: collections would free nothing
        return build_graph(source, share_subexpressions, limits.max_nodes, limits.max_depth)


def _seed(graph: Graph, seed: dict[str, float] | None, what: str = "seed") -> dict[str, float]:
    if seed is None:
        return {name: 1.0 if i == 0 else 0.0 for i, name in enumerate(graph.inputs)}
    checked = {}
    for name, value in seed.items():
        if name not in graph.inputs:
            known = ", ".join(graph.inputs) or "none"
            raise ExpressionError("unknown_input", f"the {what} names '{name}', which is not an input (inputs: {known})")
        checked[name] = finite_number(value, f"the {what} of '{name}'")
    return {name: checked.get(name, 0.0) for name in graph.inputs}


def _direction(graph: Graph, direction: dict[str, float] | None, seed: dict[str, float] | None,
               checked_seed: dict[str, float]) -> dict[str, float]:
    """The HVP's direction v; without one, the seed (default 1 on the first input). Forward mode runs
    along it, so a seed that says otherwise is an error."""
    if direction is None:
        return checked_seed
    checked = _seed(graph, direction, "direction")
    if seed is not None and checked_seed != checked:
        raise ExpressionError("syntax", (
            "mode hvp runs forward mode along the direction, so the seed must be the direction or left out "
            f"(seed {checked_seed}, direction {checked})"))
    return checked


def _cotangent(graph: Graph, cotangent: dict | None) -> dict[int, float]:
    count = len(graph.outputs)
    if cotangent is None:
        return {0: 1.0}
    checked: dict[int, float] = {}
    for key, value in cotangent.items():
        index = key if isinstance(key, int) and not isinstance(key, bool) else None
        if isinstance(key, str) and key.isascii() and key.isdecimal():
            index = int(key)
        if index is None or not 0 <= index < count:
            raise ExpressionError(
                "unknown_output",
                f"the cotangent names output {key!r}, but outputs are numbered 0 to {count - 1}")
        checked[index] = checked.get(index, 0.0) + finite_number(value, f"the cotangent of output {index}")
    return checked


def trace(
    source: str,
    inputs: dict[str, float],
    mode: str = "both",
    seed: dict[str, float] | None = None,
    cotangent: dict | None = None,
    share_subexpressions: bool = False,
    limits: Limits = Limits(),
    fill_inputs: bool = False,
    direction: dict[str, float] | None = None,
) -> Trace:
    """Run evaluation and the chosen mode's passes on `source` at `inputs`, recording every step.

    mode: a name of MODES: "evaluation", "forward" (tangents along `seed`, default 1 on the first
    input), "reverse" (adjoints from `cotangent` over output indices, default {0: 1}), "both", or
    "hvp" (forward mode along `direction`, then reverse mode over those dual numbers from `cotangent`:
    the Hessian-vector product; without a direction, the seed is the direction).
    fill_inputs: an input without a value gets the default value, and given names that are not inputs
    (and seeds naming them) are ignored; the trace says which (else both are errors).
    A seed or cotangent is checked in every mode, including those that do not use it.
    """
    if mode not in MODES:
        raise ExpressionError("syntax", f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    with collector_paused:  # the records are acyclic: collections would free nothing (see collector.py)
        graph = compile_graph(source, share_subexpressions, limits)
        filled = FilledInputs()
        if fill_inputs:
            inputs, filled = fill_missing_inputs(graph, inputs)
            if seed is not None:
                seed = {name: value for name, value in seed.items() if name in graph.inputs}
            if direction is not None:
                direction = {name: value for name, value in direction.items() if name in graph.inputs}
        # One rule in every mode: a seed, cotangent or direction that is given is checked, even by a
        # mode that does not use it (a wrong one is an error, never silently ignored).
        checked_seed, checked_cotangent = _seed(graph, seed), _cotangent(graph, cotangent)
        if "hvp" in MODES[mode].passes:
            checked_direction = _direction(graph, direction, seed, checked_seed)
            checked_seed = checked_direction  # forward mode runs along the direction: the dual numbers
        else:  # checked all the same, though no pass of this mode reads it
            checked_direction = checked_seed if direction is None else _seed(graph, direction, "direction")
        evaluation = evaluate(graph, inputs)
        given = PassInput(graph, evaluation, checked_seed, checked_cotangent, checked_direction, {})
        results = run_passes(mode, given)
        return Trace(graph, evaluation_inputs(graph, inputs), mode, evaluation, results, filled)



def evaluation_inputs(graph: Graph, inputs: dict[str, float]) -> dict[str, float]:
    return {name: float(inputs[name]) for name in graph.inputs}


def jacobian(source: str, inputs: dict[str, float], limits: Limits = Limits()) -> Jacobian:
    """The full Jacobian by D forward-mode passes and by M reverse-mode passes, with their costs."""
    graph = compile_graph(source, limits=limits)
    check_work(graph, passes_needed(graph), "the Jacobian (one pass per input and one per output)", limits)
    return jacobian_of(graph, evaluate(graph, inputs))


def check(
    source: str,
    inputs: dict[str, float],
    seed: dict[str, float] | None = None,
    cotangent: dict | None = None,
    share_subexpressions: bool = False,
    limits: Limits = Limits(),
) -> DerivativeCheck:
    """Reverse mode's gradient (along `cotangent`) and forward mode's JVP (along `seed`) beside
    finite-difference quotients of the evaluation, with a verdict for each."""
    graph = compile_graph(source, share_subexpressions, limits)
    check_work(graph, evaluations_needed(graph), "the finite-difference check (two evaluations per input)",
               limits)
    evaluation = evaluate(graph, inputs)
    forward = forward_mode(graph, evaluation, _seed(graph, seed))
    reverse = reverse_mode(graph, evaluation, _cotangent(graph, cotangent))
    return check_derivatives(graph, evaluation_inputs(graph, inputs), evaluation, forward, reverse)


def _output(graph: Graph, output: int) -> int:
    count = len(graph.outputs)
    if isinstance(output, bool) or not isinstance(output, int) or not 0 <= output < count:
        raise ExpressionError("unknown_output", f"there is no output {output!r}: outputs are numbered 0 to {count - 1}")
    return output


def hessian(source: str, inputs: dict[str, float], output: int = 0, limits: Limits = Limits()) -> Hessian:
    """The D x D Hessian of one output by D Hessian-vector products (forward mode over reverse), with
    the passes and multiply-adds they took."""
    graph = compile_graph(source, limits=limits)
    output = _output(graph, output)
    check_work(graph, hessian_passes_needed(graph),
               "the Hessian (one forward-mode pass and one reverse pass over dual numbers per input)", limits)
    return hessian_of(graph, evaluate(graph, inputs), output)


def symbolic(source: str, inputs: dict[str, float], output: int = 0, limits: Limits = Limits()) -> SymbolicDerivatives:
    """d(output)/d(input) for every input written out symbolically with the rule table (naive, then
    simplified), each valued at `inputs`, beside the size of the AD trace that computes the same gradient."""
    graph = compile_graph(source, limits=limits)
    output = _output(graph, output)
    check_work(graph, len(graph.inputs) + 2, "the symbolic derivatives (one chain-rule sweep per input)", limits)
    evaluation = evaluate(graph, inputs)
    reverse = reverse_mode(graph, evaluation, {output: 1.0})
    point = evaluation_inputs(graph, inputs)
    derivatives = symbolic_derivatives(graph, output, point, limits)
    return SymbolicDerivatives(output, derivatives, len(graph.nodes), len(evaluation.steps) + len(reverse.steps),
                               reverse.gradient)


def paths(source: str, inputs: dict[str, float], input: str, output: int = 0, limits: Limits = Limits()) -> Paths:
    """Every path from `input` to the output with the product of the local partials along it; the
    products sum to the gradient entry (the chain rule as a sum over paths)."""
    graph = compile_graph(source, limits=limits)
    output = _output(graph, output)
    if input not in graph.inputs:
        known = ", ".join(graph.inputs) or "none"
        raise ExpressionError("unknown_input", f"'{input}' is not an input of this expression (its inputs: {known})")
    evaluation = evaluate(graph, inputs)
    reverse = reverse_mode(graph, evaluation, {output: 1.0})
    return paths_between(graph, evaluation, input, output, reverse.gradient[input], limits)


def dual(source: str, inputs: dict[str, float], seed: dict[str, float] | None = None, node: int | None = None,
         limits: Limits = Limits()) -> DualMatrices:
    """Forward mode along `seed` (default 1 on the first input) written as 2x2 matrices, [[a, ȧ], [0, a]] per
    dual number: the records of a window of the Wengert list around `node` (default: its first operation)."""
    graph = compile_graph(source, limits=limits)
    if node is not None and not 0 <= node < len(graph.nodes):
        raise ExpressionError("syntax", f"there is no node {node}: the Wengert list has nodes 0 to {len(graph.nodes) - 1}")
    evaluation = evaluate(graph, inputs)
    return dual_matrices_of(graph, evaluation, forward_mode(graph, evaluation, _seed(graph, seed)), node)


def hessian_vector(source: str, inputs: dict[str, float], direction: dict[str, float] | None = None,
                   output: int = 0, limits: Limits = Limits()) -> HessianVector:
    """H·v by one HVP along `direction` (default 1 on the first input), its cost against one gradient and
    against forming H, and, for a few inputs, H itself with the check that H times v is the HVP."""
    graph = compile_graph(source, limits=limits)
    output = _output(graph, output)
    check_work(graph, hvp_passes_needed(graph),
               "the HVP lecture (a gradient, an HVP, and the Hessian's two passes per input)", limits)
    evaluation = evaluate(graph, inputs)
    return hessian_vector_of(graph, evaluation, _seed(graph, direction, "direction"), output)
