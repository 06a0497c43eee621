"""The public contract of the REST API: request and response models (they generate /openapi.json).

Field names follow the engine's trace dict one for one (see engine/trace.py); the routes validate
every response against these models, and the tests validate every response against the schema.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from engine import groups as engine_groups
from engine.bracketing import Factor
from engine.jacobian import JacobianPass as EngineJacobianPass
from engine import notation as engine_notation
from engine import records
from engine import answer as engine_answer
from engine import quiz as engine_quiz
from engine.dual_matrices import DualNode as EngineDualNode
from engine.hvp_lecture import Cost as EngineCost, ProductCheck as EngineProductCheck
from engine.errors import KINDS
from engine.passes import MODES, PASSES

from .layout import FOLD_CONSTANTS_ABOVE
from .records import model_of

Mode = Literal[tuple(MODES)]  # type: ignore[valid-type]
Phase = Literal[tuple(PASSES)]  # type: ignore[valid-type]
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

    mode: Mode = Field("both", description="; ".join(f"{name}: {m.description}" for name, m in MODES.items()))
    direction: dict[str, Number] | None = Field(
        None, description="mode hvp: the direction v of the Hessian-vector product H·v over inputs (default: the "
                          "seed, else 1 on the first input); forward mode runs along it", examples=[{"x": 1}])
    fill_inputs: bool = Field(
        False, strict=True,
        description="true: an input without a value gets the default value 1 and names that are not inputs are "
                    "ignored (the response lists both); false: either is an error (missing_input, unknown_input)")
    fold_constants: bool | None = Field(
        None, strict=True,
        description="true: the layout leaves the constants out (each is drawn by the node using it: see "
                    "layout.folded_constants); false: every constant is a node of the layout; null: folded above "
                    f"{FOLD_CONSTANTS_ABOVE} nodes")


# ---- the trace ------------------------------------------------------------------------------------
# The engine's records (engine/records.py) are the definition: each model below is derived from one.

# A name or quantity as plain text and as LaTeX.
Notation = model_of(engine_notation.Notation, _Response)
# A node's Wengert variable, value, tangent (a dot) and adjoint (a bar): text and LaTeX each.
NodeNotation = model_of(engine_notation.NodeNotation, _Response)
# One node of the graph (a line of the Wengert list) with everything the passes computed for it.
TraceNode = model_of(records.NodeRecord, _Response)
# A named statement or a call of a user-defined function: a box that collapses, with what goes in and out.
TraceGroup = model_of(engine_groups.Group, _Response)
# One step of one pass, in replay order; `kind` tells which record it is.
STEP_MODELS = tuple(model_of(record, _Response) for p in PASSES.values() for record in p.records)
Step = Annotated[Union[STEP_MODELS], Field(discriminator="kind")]  # type: ignore[valid-type]


# Forward mode's summary: the seed direction and the JVP (one entry per output).
class ForwardModeRecord(_Response):
    seed: dict[str, float]
    jvp: list[float]


# Reverse mode's summary: the cotangent and the gradient (the VJP, one entry per input).
class ReverseModeRecord(_Response):
    cotangent: dict[str, float]
    gradient: dict[str, float]


# The HVP's summary: the direction v, the cotangent, the gradient and H·v (one entry per input).
class HvpRecord(_Response):
    direction: dict[str, float]
    cotangent: dict[str, float]
    gradient: dict[str, float] = Field(description="the adjoints at the inputs (reverse mode's gradient)")
    result: dict[str, float] = Field(description="the tangents of the adjoints at the inputs: H·v")


# A formula as plain text (the engine's language) and LaTeX, over $a, $b (operands) and $out (the node).
class Formula(_Response):
    text: str
    latex: str


# How a primitive's node reads (its Wengert definition) and its local partials, as templates.
class PrimitiveFormulas(_Response):
    symbol: str | None
    glyph: str = Field(description="what a picture of its node shows: ×, −, exp")
    definition: Formula
    partials: list[Formula]


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


# A constant left out of the layout (fold_constants): the node using it, and as which operand.
class FoldedConstant(_Response):
    node: int
    target: int
    operand_index: int


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
    constants_folded: bool = Field(False, description="the constants used by other nodes are left out of nodes "
                                                       "and edges, and listed in folded_constants")
    folded_constants: list[FoldedConstant] = []


# The engine's full record of a run plus a layout of its graph.
class TraceResponse(_Response):
    expression: str
    inputs: dict[str, float] = Field(description="the value of every input used, defaults included")
    defaulted_inputs: list[str] = Field(description="inputs given the default value (fill_inputs)")
    ignored_inputs: list[str] = Field(description="names given values that are not inputs (fill_inputs)")
    outputs: list[int] = Field(description="output node ids")
    output_values: list[float]
    mode: Mode
    passes: list[Phase] = Field(description="the passes run, in order; each step's phase is one of them")
    primitives: dict[str, PrimitiveFormulas] = Field(description="the primitives of this graph and their formulas")
    nodes: list[TraceNode]  # type: ignore[valid-type]
    groups: list[TraceGroup] = Field(description="named statements and calls; a node names its innermost group")  # type: ignore[valid-type]
    steps: list[Step] = Field(description="every step of every pass, in replay order")  # type: ignore[valid-type]
    forward_mode: ForwardModeRecord | None
    reverse_mode: ReverseModeRecord | None
    hvp: HvpRecord | None
    warnings: list[TraceWarning]
    layout: Layout


# ---- the Jacobian ---------------------------------------------------------------------------------

JacobianPass = model_of(EngineJacobianPass, _Response)
JacobianFactor = model_of(Factor, _Response)


# What one method took to build the whole Jacobian, pass by pass, and how it brackets the product.
class MethodCost(_Response):
    passes: int
    operations: int = Field(description="multiply-adds: partial x tangent, or adjoint x partial")
    each_pass: list[JacobianPass] = Field(  # type: ignore[valid-type]
        description="forward mode: one per input j, seeded with e_j, giving column j (J e_j); reverse mode: one "
                    "per output i, seeded with e_i, giving row i (e_iᵀ J)")
    gives: Literal["column", "row"] = Field(description="what each pass gives: a column of J, or a row")
    summary: str = Field(description="the passes and what each gives, in a sentence")
    bracketing: Notation = Field(  # type: ignore[valid-type]
        description="the product J = J_L ... J_1 of the L operations' Jacobians, bracketed as this method "
                    "evaluates it: J ẋ = J_L(...(J_1 ẋ)) or ȳᵀ J = ((ȳᵀ J_L)...)J_1")


# The M x D Jacobian computed by forward mode (D passes) and by reverse mode (M passes).
class JacobianResponse(_Response):
    matrix: list[list[float]] = Field(description="one row per output, one column per input")
    outputs: list[str]
    inputs: list[str]
    forward_mode: MethodCost
    reverse_mode: MethodCost
    evaluation_operations: int
    recommended: Literal["forward_mode", "reverse_mode"] = Field(description="the method with fewer multiply-adds "
                                                                             "(reverse mode on a tie)")
    reason: str = Field(description="why: D and M, each method's passes and multiply-adds")
    input_notation: list[Notation] = Field(description="each input as a formula writes it")  # type: ignore[valid-type]
    output_notation: list[Notation] = Field(  # type: ignore[valid-type]
        description="each output's value as a formula writes it: its name or its Wengert variable")
    entries: list[list[Notation]] = Field(description="each entry's name, ∂output/∂input, laid out as the matrix")  # type: ignore[valid-type]
    layers: int = Field(description="L: the operations, each a factor J_k of J = J_L ... J_1")
    factors: list[JacobianFactor] = Field(  # type: ignore[valid-type]description="the factors the bracketings write out (all of them for "
                                                      "L <= 4; else J_L, J_{L-1} and J_1), each with its node")
    factors_note: str = Field(description="what a factor J_k is, in a sentence")


# ---- second order, symbolic, paths ---------------------------------------------------------------

# An expression at a point, and which output to differentiate: what /api/hessian and /api/symbolic need.
class OutputRequest(JacobianRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"expression": "exp(x)/x^2", "inputs": {"x": 2}}]})

    output: int = Field(0, ge=0, strict=True, description="the output index (default 0)")


# An expression at a point, an input and an output: what /api/paths needs.
class PathsRequest(OutputRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"expression": "u = x*x; v = u*u; v + x", "inputs": {"x": 1.5}, "input": "x"}]})

    input: str = Field(description="the input the paths start from", examples=["x"])


# The D x D Hessian of one output by D Hessian-vector products, with what it took.
class HessianResponse(_Response):
    inputs: list[str]
    output: int
    output_label: str
    matrix: list[list[float]] = Field(description="d²f / d(input i) d(input j): row i, column j (column j is H e_j)")
    gradient: dict[str, float]
    hvps: int = Field(description="Hessian-vector products taken: one per input")
    passes: int = Field(description="a forward-mode pass and a reverse pass over dual numbers per HVP")
    operations: int = Field(description="multiply-adds of all those passes")
    evaluation_operations: int = Field(description="primitive evaluations, once, shared by every pass")


# ---- the lecture: dual numbers as matrices, and Hessian-vector products -------------------------------

# An expression at a point, a seed, and the node to look at: what /api/dual needs.
class DualRequest(JacobianRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"expression": "x*y + sin(x)", "inputs": {"x": 2, "y": 3}, "seed": {"x": 1}}]})

    seed: dict[str, Number] | None = Field(
        None, description="forward-mode seed direction over inputs (default: 1 on the first input, 0 elsewhere)",
        examples=[{"x": 1}])
    node: int | None = Field(None, ge=0, strict=True, description="the node to look at: the answer holds a window of "
                                                                  "the Wengert list around it (default: the first "
                                                                  "operation that depends on an input)")


# One node of forward mode as 2x2 matrices [[a, ȧ], [0, a]], with the rule the matrix arithmetic reproduces.
DualNode = model_of(EngineDualNode, _Response)


# Forward mode written as matrix arithmetic, for a window of the Wengert list.
class DualResponse(_Response):
    seed: dict[str, float]
    seed_notation: list[Notation] = Field(description="ẋ = 1, one per input")  # type: ignore[valid-type]
    nodes: int = Field(description="the Wengert list's length")
    first: int = Field(description="the node of the first record")
    focus: int = Field(description="the node asked for, or the first operation that depends on an input")
    records: list[DualNode] = Field(description="nodes first, first + 1, ...: a window of the Wengert list")  # type: ignore[valid-type]
    summary: str


# An expression at a point, the direction v and the output: what /api/hvp needs.
class HvpRequest(OutputRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"expression": "x*y*z + sin(x)", "inputs": {"x": 1, "y": 2, "z": 3}, "direction": {"x": 1}}]})

    direction: dict[str, Number] | None = Field(
        None, description="the direction v of H·v over inputs (default: 1 on the first input, 0 elsewhere)",
        examples=[{"x": 1}])


Cost = model_of(EngineCost, _Response)


# What a gradient, one HVP and forming H cost.
class HvpCosts(_Response):
    gradient: Cost  # type: ignore[valid-type]
    hvp: Cost  # type: ignore[valid-type]
    hessian: Cost  # type: ignore[valid-type]


# H·v by one Hessian-vector product, against forming H; H itself for a few inputs.
class HvpResponse(_Response):
    inputs: list[str]
    input_notation: list[Notation]  # type: ignore[valid-type]
    direction_notation: list[Notation] = Field(description="v's entries: the inputs' tangents")  # type: ignore[valid-type]
    result_notation: list[Notation] = Field(  # type: ignore[valid-type]
        description="H·v's entries: the tangents of the inputs' adjoints")
    output: int
    output_label: str
    direction: list[float] = Field(description="v, one entry per input")
    gradient: list[float]
    result: list[float] = Field(description="H·v by one HVP (forward mode along v, then reverse mode over its dual numbers)")
    hessian: HessianResponse | None = Field(description="H by D HVPs, formed up to formed_up_to inputs; else null")
    check: model_of(EngineProductCheck, _Response) | None = Field(  # type: ignore[valid-type]
        description="H times v by a plain matrix-vector product, beside the HVP; null where H is not formed")
    costs: HvpCosts
    formed_up_to: int = Field(description="H is formed for at most this many inputs")
    hessian_entries: int = Field(description="H's entries, D x D, formed or not")
    summary: str = Field(description="the costs in a sentence")


# One derivative expression: the engine's language (it parses back), LaTeX, its size, its value at the point.
class SymbolicExpression(_Response):
    expression: str
    latex: str
    size: int = Field(description="nodes of the expression tree written out")
    value: float | None = Field(description="its value at the point; null where it is undefined there")


# d(output)/d(input) as the chain rule builds it from the rule table, and after the small simplifier.
class SymbolicDerivative(SymbolicExpression):
    simplified: SymbolicExpression
    name: Notation = Field(description="∂output/∂input in the trace's notation")  # type: ignore[valid-type]


# All the derivatives written out together: their nodes, naive and simplified.
class SymbolicTotal(_Response):
    naive: int
    simplified: int


# The AD trace that computes the same gradient: evaluation and one reverse-mode pass.
class TraceSize(_Response):
    nodes: int
    steps: int


# The symbolic derivatives of one output, beside the size of the AD trace.
class SymbolicResponse(_Response):
    summary: str = Field(description="the derivatives' sizes against the AD trace's, in a sentence")
    output: int
    derivatives: dict[str, SymbolicDerivative] = Field(description="one per input")
    total: SymbolicTotal = Field(description="the nodes of all the derivatives together")
    trace_size: TraceSize
    gradient: dict[str, float] = Field(description="reverse mode's gradient at the point")


# One path from the input to the output and the product of the local partials along it.
class PathRecord(_Response):
    nodes: list[int] = Field(description="node ids from the input to the output")
    operand_indices: list[int] = Field(description="for each edge, the operand of the later node it enters as")
    partials: list[float] = Field(description="the local partial along each edge")
    product: float


# The chain rule as a sum over paths: the products sum to the gradient entry.
class PathsResponse(_Response):
    input: str
    output: int
    count: int
    paths: list[PathRecord]
    total: float = Field(description="the sum of the products")
    gradient: float = Field(description="reverse mode's d(output)/d(input), for comparison")


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

# One local partial of a primitive, over $a and $b (the operands) and $out (the node's own value).
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
    rules: list[str] = Field(description="each local partial as written once, in the engine's language over a, b, out")
    definition: Formula = Field(description="how a node of it reads in a Wengert list, over $a and $b")
    partials: list[OpPartial]
    second_partials: list[list[Formula]] = Field(
        description="row j, column k: d²out / d(operand j) d(operand k) over $a, $b and $out, derived by "
                    "differentiating the partials with the table itself (the HVP evaluates them)")


# A pass of the engine: the phase of its steps, their kinds, and the request fields it reads.
class PassInfo(_Response):
    name: str
    label: str
    key: str | None = Field(description="the key of its summary in a trace (forward_mode), if it has one")
    step_kinds: list[str]
    parameters: list[str]
    direction: Literal["along", "against"] = Field(description="its steps travel along the edges or against them")
    description: str


# A mode: the passes one trace runs, in order.
class ModeInfo(_Response):
    name: str
    label: str
    passes: list[str]
    description: str


# What the engine can do, for clients that build their controls from it.
class Meta(_Response):
    passes: list[PassInfo]
    modes: list[ModeInfo]
    default_mode: str
    default_input_value: float
    ops: list[OpInfo]


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


# ---- the quiz ------------------------------------------------------------------------------------

# A program at a point, and which set of questions: what /api/quiz needs.
class QuizRequest(CheckRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"expression": "exp(x)/x^2", "inputs": {"x": 2}, "variant": 0}]})

    variant: int = Field(0, ge=0, le=1_000_000_000, strict=True,
                         description="which questions: the same variant gives the same questions; another, others")


# A program at a point, a question on it and an answer: what /api/quiz/check needs.
class QuizCheckRequest(CheckRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"expression": "exp(x)/x^2", "inputs": {"x": 2}, "question": "primal:4", "answer": "exp(2)/4"}]})

    question: str = Field(description="a question's id, as /api/quiz gives it: it says all the question asks",
                          examples=["primal:4"])
    answer: str = Field(description="a number question: a constant expression in the engine's language (0.25, "
                                    "1/4, exp(2)/4); a choice question: the id of a choice", examples=["exp(2)/4"])


# How close a number answer must be.
QuizTolerance = model_of(engine_answer.Tolerance, _Response)
# One question on the program, with the facts it is answered from and the step that shows its answer.
QuizQuestion = model_of(engine_quiz.Question, _Response)


# The questions on a program at a point.
class QuizResponse(_Response):
    mode: Mode = Field(description="the mode of the trace whose steps the questions' `step` counts")
    variant: int
    point: list[Notation] = Field(description="the inputs' values: x = 2")  # type: ignore[valid-type]
    seed: Notation = Field(description="forward mode's seed: ẋ = 1")  # type: ignore[valid-type]
    cotangent: Notation = Field(description="reverse mode's start: the seeded outputs' adjoints")  # type: ignore[valid-type]
    questions: list[QuizQuestion] = Field(description="in the order the trace meets them")  # type: ignore[valid-type]
    tolerance: QuizTolerance  # type: ignore[valid-type]
    hint: str = Field(description="what a number answer may be, and how close it must be, in a sentence")


# The engine's verdict on an answer.
QuizVerdict = model_of(engine_quiz.Verdict, _Response)


# ---- errors ---------------------------------------------------------------------------------------

# What went wrong and where: position and span are 0-based character offsets, null when no place.
class ErrorDetail(_Response):
    kind: ErrorKind
    message: str
    position: int | None
    span: Span | None
    limit: str | None = Field(
        None, description='kind "limit": the limit exceeded (max_length, max_nodes, max_depth, max_work, max_paths, '
                    'max_symbolic_size; answer: the bounds of a quiz answer)')
    inputs: list[str] | None = Field(None, description='kind "missing_input": every input of the expression, in order')


# The body of every 400, 413 and 500 response.
class ErrorResponse(_Response):
    detail: ErrorDetail
