"""The Hessian-vector product for the lecture: H·v without forming H, against forming H.

One HVP is a forward-mode pass along v and a reverse pass over the dual numbers it made (engine/hvp.py):
two passes, a constant multiple of one gradient's multiply-adds (about 6 here: forward mode, then reverse
mode on dual numbers, with the second partials), whatever the number of inputs D. Forming H takes D of them, one per
column H e_j (engine/hessian.py). Where H is small enough to show, it is formed, and H·v is checked
against the product of H and v, done here as a plain matrix-vector product; either way the costs are
the passes' own counts of multiply-adds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from .bracketing import counted, input_notation
from .forward_mode import forward_mode
from .graph import Graph
from .hessian import Hessian, hessian_of
from .hvp import hessian_vector_product
from .jacobian import output_labels
from .notation import Notation, adjoint_tangent_notation, name_notation
from .reverse_mode import reverse_mode
from .trace import Evaluation

FORMED_UP_TO = 6  # inputs: up to this many, H (D x D) is formed and shown; past it, only its cost is said


def matrix_vector_product(matrix: tuple[tuple[float, ...], ...], vector: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(sum(entry * component for entry, component in zip(row, vector)) for row in matrix)


def same_vector(left: tuple[float, ...], right: tuple[float, ...], scale: float) -> bool:
    """Equal to rounding: within 1e-9 of the size of the terms summed (`scale`)."""
    return all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9 * scale) for a, b in zip(left, right))


class Cost(NamedTuple):
    """What one way of computing took: its passes over the graph and their multiply-adds."""
    passes: int
    operations: int  # multiply-adds, as each pass counts them (engine/forward_mode.py, reverse_mode.py, hvp.py)


class ProductCheck(NamedTuple):
    """H·v from the formed Hessian by a plain matrix-vector product, beside the HVP's."""
    product: tuple[float, ...]  # one per input
    agrees: bool
    largest_difference: float


@dataclass(frozen=True)
class HessianVector:
    inputs: tuple[str, ...]
    input_notation: tuple[Notation, ...]
    direction_notation: tuple[Notation, ...]  # v's entries: the inputs' tangents, ẋ
    result_notation: tuple[Notation, ...]  # H·v's entries: the tangents of the inputs' adjoints, x̄̇
    output: int
    output_label: str
    direction: tuple[float, ...]  # v, one per input
    gradient: tuple[float, ...]
    result: tuple[float, ...]  # H·v from the HVP
    hessian: Hessian | None  # formed when D <= FORMED_UP_TO
    check: ProductCheck | None  # when H is formed
    gradient_cost: Cost  # one reverse-mode pass
    hvp_cost: Cost  # forward mode along v and reverse mode over its dual numbers
    hessian_cost: Cost  # D HVPs, one per column

    @property
    def hessian_entries(self) -> int:
        """H's entries: D x D."""
        return len(self.inputs) ** 2

    def summary(self) -> str:
        dimension = len(self.inputs)
        if dimension == 0:
            return "The program has no inputs: its Hessian is empty and there is no direction to take."
        ratio = self.hvp_cost.operations / self.gradient_cost.operations if self.gradient_cost.operations else 0.0
        sentence = (f"One HVP took {counted(self.hvp_cost.passes, 'pass', 'passes')} and "
                    f"{counted(self.hvp_cost.operations, 'multiply-add', 'multiply-adds')}, "
                    f"{ratio:.1f} times one gradient (one reverse-mode pass, "
                    f"{counted(self.gradient_cost.operations, 'multiply-add', 'multiply-adds')}): a constant factor, whatever D is. "
                    f"Forming H takes D = {counted(dimension, 'HVP', 'HVPs')}, one per column: "
                    f"{counted(self.hessian_cost.passes, 'pass', 'passes')}, "
                    f"{counted(self.hessian_cost.operations, 'multiply-add', 'multiply-adds')}")
        if self.hessian is None:
            return (sentence + f"; with D = {dimension} inputs H has {self.hessian_entries} entries and is not "
                    f"formed here (it is shown up to {FORMED_UP_TO} inputs).")
        return sentence + "."

    def to_dict(self) -> dict:
        from .records import record_dict
        return {
            "inputs": list(self.inputs),
            "input_notation": [written._asdict() for written in self.input_notation],
            "direction_notation": [written._asdict() for written in self.direction_notation],
            "result_notation": [written._asdict() for written in self.result_notation],
            "output": self.output,
            "output_label": self.output_label,
            "direction": list(self.direction),
            "gradient": list(self.gradient),
            "result": list(self.result),
            "hessian": self.hessian.to_dict() if self.hessian else None,
            "check": record_dict(self.check) if self.check else None,
            "costs": {"gradient": self.gradient_cost._asdict(), "hvp": self.hvp_cost._asdict(),
                      "hessian": self.hessian_cost._asdict()},
            "formed_up_to": FORMED_UP_TO,
            "hessian_entries": self.hessian_entries,
            "summary": self.summary(),
        }


def passes_needed(graph: Graph) -> int:
    """One gradient, one HVP (two passes), and the Hessian's 2D passes where it is formed."""
    dimension = len(graph.inputs)
    return 3 + (2 * dimension if dimension <= FORMED_UP_TO else 0)


def hessian_vector_of(graph: Graph, evaluation: Evaluation, direction: dict[str, float], output: int) -> HessianVector:
    inputs = tuple(graph.inputs)
    forward = forward_mode(graph, evaluation, direction)
    product = hessian_vector_product(graph, evaluation, forward, {output: 1.0})
    gradient_pass = reverse_mode(graph, evaluation, {output: 1.0})
    v = tuple(direction[name] for name in inputs)
    result = tuple(product.result[name] for name in inputs)
    hvp_cost = Cost(2, forward.operations + product.operations)
    # A pass's multiply-adds depend on which nodes depend on the inputs, not on the direction: D HVPs along
    # e_1 ... e_D cost D times this one (hessian_of counts its own, and the tests hold the two equal).
    hessian, check = None, None
    if len(inputs) <= FORMED_UP_TO:
        hessian = hessian_of(graph, evaluation, output)
        multiplied = matrix_vector_product(hessian.matrix, v)
        scale = max((abs(entry * component) for row in hessian.matrix for entry, component in zip(row, v)),
                    default=0.0)
        differences = [abs(a - b) for a, b in zip(multiplied, result)]
        check = ProductCheck(multiplied, same_vector(multiplied, result, max(scale, 1e-300)), max(differences, default=0.0))
        hessian_cost = Cost(hessian.passes, hessian.operations)
    else:
        hessian_cost = Cost(len(inputs) * hvp_cost.passes, len(inputs) * hvp_cost.operations)
    return HessianVector(
        inputs=inputs,
        input_notation=input_notation(graph),
        direction_notation=tuple(name_notation(name)[1] for name in inputs),
        result_notation=tuple(adjoint_tangent_notation(name) for name in inputs),
        output=output,
        output_label=output_labels(graph)[output],
        direction=v,
        gradient=tuple(product.gradient[name] for name in inputs),
        result=result,
        hessian=hessian,
        check=check,
        gradient_cost=Cost(1, gradient_pass.operations),
        hvp_cost=hvp_cost,
        hessian_cost=hessian_cost,
    )
