"""The public contract of the REST API: request and response models (they generate /openapi.json).

Field names follow the engine's trace dict one for one (see engine/trace.py); the routes validate
every response against these models, and the tests validate every response against the schema.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from engine.errors import KINDS

Mode = Literal["evaluation", "forward", "reverse", "both"]
ErrorKind = Literal[KINDS + ("internal",)]  # type: ignore[valid-type]
Span = tuple[int, int]
# A JSON number: strict, so "2" and true are refused (422) rather than read as numbers.
Number = Annotated[float, Field(strict=True)]
# An output index as a JSON object key: "0", "1", ... (ASCII digits only).
OutputIndex = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,9}$")]


class _Request(BaseModel):
    # A misspelt field is an error (422), not silently ignored.
    model_config = ConfigDict(extra="forbid")


class _Response(BaseModel):
    # Serialisation emits exactly the declared fields, so the schema can promise no others
    # (additionalProperties: false) while a new key from the engine is dropped, not a server error.
    model_config = ConfigDict(extra="ignore", json_schema_extra={"additionalProperties": False})


# ---- requests -------------------------------------------------------------------------------------

# An expression at a point: what /api/jacobian needs.
class JacobianRequest(_Request):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"expression": "x*y, x + y, sin(x)*y", "inputs": {"x": 1, "y": 2}}]})

    expression: str = Field(description="the program, e.g. `exp(x)/x^2` or `u = x*y; u + sin(u)`",
                            examples=["exp(x)/x^2"])
    inputs: dict[str, Number] = Field(description="a value for every input of the expression",
                                     examples=[{"x": 2}])


# An expression at a point, and the seed and cotangent of its modes: what /api/check needs.
class CheckRequest(JacobianRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"expression": "exp(x)/x^2", "inputs": {"x": 2}}]})

    seed: dict[str, Number] | None = Field(
        None, description="forward-mode seed direction over inputs (default: 1 on the first input, 0 elsewhere)",
        examples=[{"x": 1}])
    cotangent: dict[OutputIndex, Number] | None = Field(
        None, description='reverse-mode cotangent over output indices, e.g. {"0": 1} (the default)',
        examples=[{"0": 1}])
    share_subexpressions: bool = Field(False, strict=True, description="merge identical subexpressions into one node")


# An expression at a point, and which modes to run along which seed and cotangent.
class TraceRequest(CheckRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"expression": "exp(x)/x^2", "inputs": {"x": 2}, "mode": "both"}]})

    mode: Mode = Field("both", description="evaluation only, forward mode (tangents), reverse mode (adjoints), or both")


# ---- the trace ------------------------------------------------------------------------------------

# One node of the graph (a line of the Wengert list) with everything the modes computed for it.
class TraceNode(_Response):
    id: int
    var: str = Field(description="the node's name in the Wengert list: v0, v1, ...")
    op: str = Field(description='"input", "const", or a primitive name (see /api/ops)')
    label: str = Field(description="what a picture of the node shows: x, 2, +, exp")
    name: str | None = Field(description="the input's name or the name the node was assigned to")
    operands: list[int] = Field(description="operand node ids, ordered; x*x lists x twice")
    definition: str = Field(description="the right-hand side of its Wengert line, e.g. `v1 / v2`")
    span: Span = Field(description="[start, end) of the source text the node came from")
    position: int = Field(description="where a caret points for this node")
    value: float = Field(description="the primal value")
    active: bool = Field(description="depends on an input (so it has a tangent and an adjoint)")
    partials: list[float | None] = Field(description="the cached local partial for each operand")
    partial_formulas: list[str] = Field(description="each local partial as a formula in the operands")
    tangent: float | None = Field(description="forward mode's tangent, null when forward mode did not run")
    adjoint: float | None = Field(description="reverse mode's adjoint, null when reverse mode did not run or constant")


# The evaluation of one node: its primal value and its cached local partials.
class EvaluationStep(_Response):
    node: int
    value: float
    partials: list[float | None]


# One summand of a tangent: local partial x the operand's tangent.
class TangentTerm(_Response):
    operand: int
    partial: float
    tangent: float
    product: float


# Forward mode at one node: its tangent is the sum of its terms.
class TangentStep(_Response):
    node: int
    tangent: float
    terms: list[TangentTerm]


# Forward mode: seed direction, one step per node, and the JVP (one entry per output).
class ForwardModeRecord(_Response):
    seed: dict[str, float]
    steps: list[TangentStep]
    jvp: list[float]


# An output adjoint the reverse sweep starts from.
class AdjointSeed(_Response):
    node: int
    adjoint: float


# One reverse-mode update: adjoint(operand) += adjoint(node) x partial, from `before` to `after`.
class AdjointStep(_Response):
    node: int
    operand: int
    operand_index: int
    adjoint: float
    partial: float
    contribution: float
    before: float
    after: float


# Reverse mode: cotangent, starting adjoints, one step per edge, and the gradient (the VJP).
class ReverseModeRecord(_Response):
    cotangent: dict[str, float]
    seed: list[AdjointSeed]
    steps: list[AdjointStep]
    gradient: dict[str, float]


# A note on one node, e.g. a non-differentiable point.
class TraceWarning(_Response):
    node: int
    message: str


# Where one node is drawn (its centre), in the layer and order the layout chose.
class LayoutNode(_Response):
    id: int
    x: float
    y: float
    layer: int
    order: int


# The route of one edge, from the operand's centre to the node's centre, bending at dummy points.
class LayoutEdge(_Response):
    source: int
    target: int
    operand_index: int
    points: list[tuple[float, float]]


# A layered drawing of the graph: inputs on the left, outputs on the right.
class Layout(_Response):
    nodes: list[LayoutNode]
    edges: list[LayoutEdge]
    width: float
    height: float
    crossings: int
    node_width: float
    node_height: float
    direction: Literal["left-to-right"]


# The engine's full record of a run plus a layout of its graph.
class TraceResponse(_Response):
    expression: str
    inputs: dict[str, float]
    outputs: list[int] = Field(description="output node ids")
    output_values: list[float]
    mode: Mode
    nodes: list[TraceNode]
    evaluation: list[EvaluationStep]
    forward_mode: ForwardModeRecord | None
    reverse_mode: ReverseModeRecord | None
    warnings: list[TraceWarning]
    layout: Layout


# ---- the Jacobian ---------------------------------------------------------------------------------

# What one method took to build the whole Jacobian.
class MethodCost(_Response):
    passes: int
    operations: int = Field(description="multiply-adds: partial x tangent, or adjoint x partial")


# The M x D Jacobian computed by forward mode (D passes) and by reverse mode (M passes).
class JacobianResponse(_Response):
    matrix: list[list[float]] = Field(description="one row per output, one column per input")
    outputs: list[str]
    inputs: list[str]
    forward_mode: MethodCost
    reverse_mode: MethodCost
    evaluation_operations: int
    recommended: Literal["forward_mode", "reverse_mode"]


# ---- the finite-difference check ------------------------------------------------------------------

# One derivative both ways: autodiff's value beside a difference quotient of the evaluation.
class Comparison(_Response):
    autodiff: float
    finite_difference: float | None = Field(description="the quotient; null when f is undefined on both sides")
    h: float = Field(description="the step")
    scheme: Literal["central", "forward", "backward"] | None = Field(
        description="central (f(x+h) - f(x-h)) / 2h, or one-sided where one side is outside the domain")
    agrees: bool | None = Field(description="within the tolerance (allowing for rounding); null without a quotient")
    note: str | None = Field(description="why a quotient is one-sided, missing or disagrees")


class GradientComparison(Comparison):
    input: str


class JvpComparison(Comparison):
    output: int = Field(description="output index")


# Reverse mode's gradient and forward mode's JVP, each beside finite differences.
class CheckResponse(_Response):
    formula: str
    tolerance: float = Field(description="relative tolerance of the verdicts")
    evaluations: int = Field(description="evaluations of the graph the quotients took: 2 per input (the JVP reuses them)")
    cotangent: dict[str, float] = Field(description="the gradient is of the outputs weighted by this cotangent")
    gradient: list[GradientComparison]
    seed: dict[str, float] = Field(description="the JVP is along this seed")
    jvp: list[JvpComparison]


# ---- primitives, examples, health -----------------------------------------------------------------

# One local partial of a primitive, in the operand names a, b and the output y.
class OpPartial(_Response):
    operand: Literal["a", "b"]
    formula: str
    latex: str


# A primitive of the engine's table.
class OpInfo(_Response):
    name: str
    arity: int
    symbol: str | None
    description: str
    category: str
    partials: list[OpPartial]


# A curated expression with a teaching note.
class Example(_Response):
    id: str
    title: str
    note: str
    expression: str
    inputs: dict[str, float]
    mode: Mode


# The server is up.
class Health(_Response):
    status: Literal["ok"]


# ---- errors ---------------------------------------------------------------------------------------

# What went wrong and where: position and span are 0-based character offsets, null when no place.
class ErrorDetail(_Response):
    kind: ErrorKind
    message: str
    position: int | None
    span: Span | None
    limit: str | None = Field(
        None, description='kind "limit": the limit exceeded (max_length, max_nodes, max_depth, max_work)')
    inputs: list[str] | None = Field(None, description='kind "missing_input": every input of the expression, in order')


# The body of every 400, 413 and 500 response.
class ErrorResponse(_Response):
    detail: ErrorDetail
