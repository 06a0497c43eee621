"""The /api routes and /healthz. Thin: validate, run the engine, add the layout, return.

CPU-bound routes hand their work to the app's gate (app/work.py): at most N run at once, each in a
worker thread, so the event loop stays free; the rest wait in a bounded queue or get 503. Cheap
routes are `async def` and run on the loop.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from functools import lru_cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic_core import from_json, to_json

import engine
from engine.evaluate import DEFAULT_INPUT_VALUE
from engine.ops import PRIMITIVES
from engine.passes import MODES, PASSES
from engine.collector import collector_paused
from engine.quiz import check_answer, quiz, verdict_dict
from engine.rules import DEFINITIONS, PARTIAL_FORMULAS, SECOND_PARTIAL_FORMULAS

from . import export
from .examples import EXAMPLES
from .layout import FOLD_CONSTANTS_ABOVE
from .layout_cache import layouts
from .schemas import (CheckRequest, CheckResponse, DualRequest, DualResponse, ErrorResponse, Example, Formula,
                      HessianResponse, Health, HvpRequest, HvpResponse, JacobianRequest, JacobianResponse, Meta,
                      ModeInfo, OpInfo, OpPartial, OutputRequest, PassInfo, PathsRequest, PathsResponse,
                      QuizCheckRequest, QuizRequest, QuizResponse, QuizVerdict, SymbolicResponse, TraceRequest,
                      TraceResponse)
from .settings import Settings
from .work import WorkGate

class StrictJSONRequest(Request):
    """A request whose body is parsed as standard JSON by pydantic-core: NaN, Infinity, lone UTF-16
    surrogates ("\\ud800") and invalid UTF-8 are refused (422), where Python's json module lets
    them through to become a 500 when a reply or an error message echoes them."""

    async def json(self) -> object:
        if not hasattr(self, "_json"):
            try:
                self._json = from_json(await self.body(), allow_inf_nan=False)
            except ValueError as error:
                raise json.JSONDecodeError(str(error), "", 0) from None  # FastAPI answers 422
        return self._json


class StrictJSONRoute(APIRoute):
    """A route whose body, if any, must be JSON: another content type is a 422 that says so (FastAPI
    would hand the raw bytes to validation, whose 422 says only that they are not an object)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        has_body = self.body_field is not None

        async def strict_handler(request: Request) -> Response:
            content_type = request.headers.get("content-type")
            if has_body and content_type is not None and not is_json(content_type):
                raise RequestValidationError([{
                    "type": "content_type", "loc": ("body",), "input": content_type,
                    "msg": f"the body must be JSON, sent with Content-Type: application/json (not {content_type})"}])
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler


def is_json(content_type: str) -> bool:
    """application/json or application/<something>+json, whatever its parameters (charset=...)."""
    media_type = content_type.partition(";")[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


router = APIRouter(route_class=StrictJSONRoute)

EXPRESSION_ERRORS = {400: {"model": ErrorResponse, "description": "The expression or its values are wrong (kind, message, position, span)"}}
BODY_TOO_LARGE = {413: {"model": ErrorResponse, "description": "The request body is over the size limit"}}
INTERNAL = {500: {"model": ErrorResponse, "description": "A bug in chainrule (never expected)"}}
TRANSPORT = {408: {"model": ErrorResponse, "description": "The body did not arrive in time (CHAINRULE_BODY_TIMEOUT)"},
             503: {"model": ErrorResponse, "description": "Busy: every computation slot is taken and the queue is full; "
                                                          "retry after the Retry-After header's seconds"}}
BODY_ERRORS = EXPRESSION_ERRORS | BODY_TOO_LARGE | TRANSPORT | INTERNAL

ExportFormat = Literal["dot", "latex", "json"]
EXPORT_CONTENT = {
    "content": {
        export.MEDIA_TYPES["dot"]: {"schema": {"type": "string"}},
        export.MEDIA_TYPES["latex"]: {"schema": {"type": "string"}},
    },
    "description": "Graphviz DOT, a LaTeX fragment, or the trace as a JSON file (as an attachment)",
}


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_gate(request: Request) -> WorkGate:
    return request.app.state.work_gate


SettingsDep = Annotated[Settings, Depends(get_settings)]
GateDep = Annotated[WorkGate, Depends(get_gate)]


def trace_dict(body: TraceRequest, settings: Settings) -> dict:
    """The engine's trace of the request plus a layout of its graph."""
    try:
        result = engine.trace(
            body.expression, body.inputs, mode=body.mode, seed=body.seed, cotangent=body.cotangent,
            share_subexpressions=body.share_subexpressions, limits=settings.limits, fill_inputs=body.fill_inputs,
            direction=body.direction)
    except engine.ExpressionError as error:
        raise name_limit(error, settings)
    record = result.to_dict()
    fold = body.fold_constants
    if fold is None:
        fold = len(result.graph.nodes) > FOLD_CONSTANTS_ABOVE
    record["layout"] = layouts.layout_dict(result.graph, fold_constants=fold)
    return record


# The server setting behind each engine limit (engine.Limits field -> environment variable, setting).
_LIMIT_SETTINGS = {
    "max_length": ("CHAINRULE_MAX_EXPRESSION_LENGTH", "max_expression_length"),
    "max_nodes": ("CHAINRULE_MAX_NODES", "max_nodes"),
    "max_depth": ("CHAINRULE_MAX_DEPTH", "max_depth"),
    "max_work": ("CHAINRULE_MAX_WORK", "max_work"),
}


def name_limit(error: engine.ExpressionError, settings: Settings) -> engine.ExpressionError:
    """Add the name of the setting that raises a limit, so a teacher knows what to change."""
    if error.kind == "limit" and error.limit in _LIMIT_SETTINGS:
        variable, field = _LIMIT_SETTINGS[error.limit]
        error.message += f"; the server sets it with {variable}={getattr(settings, field)}"
    return error


def json_response(record: dict, headers: dict[str, str] | None = None, indent: int | None = None) -> Response:
    """The trace as JSON, encoded by pydantic-core without a second validation pass.

    A 1,000-node trace has some 10^5 fields: validating them against TraceResponse cost more than
    running the engine. The engine's dict is the contract already (the tests check every response
    against the published schema), so the route declares the model and encodes the dict directly.
    """
    return Response(to_json(record, indent=indent, inf_nan_mode="null"), media_type="application/json", headers=headers)


@router.post("/api/trace", response_model=TraceResponse, responses=BODY_ERRORS, tags=["autodiff"],
             summary="Trace an expression")
async def post_trace(body: TraceRequest, settings: SettingsDep, gate: GateDep) -> Response:
    """Trace an expression: evaluation, forward mode, reverse mode, and a layout of its graph."""
    return await gate.run(traced_json, body, settings, small=is_small(body))


# Up to this many characters of source, a trace is small enough to run on the event loop (a few
# hundred microseconds; a thread hop costs 120-200): measured in bench/api_bench.py.
SMALL_SOURCE = 120


def is_small(body: TraceRequest) -> bool:
    return len(body.expression) <= SMALL_SOURCE


def traced_json(body: TraceRequest, settings: Settings) -> Response:
    with collector_paused:
        return json_response(trace_dict(body, settings))


@router.post("/api/jacobian", response_model=JacobianResponse, responses=BODY_ERRORS, tags=["autodiff"],
             summary="The full Jacobian, both ways")
async def post_jacobian(body: JacobianRequest, settings: SettingsDep, gate: GateDep) -> dict:
    """The full Jacobian, by D forward-mode passes and by M reverse-mode passes, with their costs."""
    return await gate.run(jacobian_dict, body, settings)


def jacobian_dict(body: JacobianRequest, settings: Settings) -> dict:
    try:
        return engine.jacobian(body.expression, body.inputs, limits=settings.limits).to_dict()
    except engine.ExpressionError as error:
        raise name_limit(error, settings)


@router.post("/api/hessian", response_model=HessianResponse, responses=BODY_ERRORS, tags=["autodiff"],
             summary="The Hessian by Hessian-vector products")
async def post_hessian(body: OutputRequest, settings: SettingsDep, gate: GateDep) -> dict:
    """The D x D Hessian of one output by D Hessian-vector products (forward mode over reverse mode), with
    the passes and multiply-adds they took."""
    return await gate.run(engine_dict, engine.hessian, body, settings, body.output)


@router.post("/api/symbolic", response_model=SymbolicResponse, responses=BODY_ERRORS, tags=["autodiff"],
             summary="The symbolic derivatives and their size")
async def post_symbolic(body: OutputRequest, settings: SettingsDep, gate: GateDep) -> dict:
    """d(output)/d(input) for every input, written out by the chain rule with the rule table (naive, and
    simplified), in the engine's language and LaTeX with their sizes, beside the size of the AD trace."""
    return await gate.run(engine_dict, engine.symbolic, body, settings, body.output)


@router.post("/api/paths", response_model=PathsResponse, responses=BODY_ERRORS, tags=["autodiff"],
             summary="The chain rule as a sum over paths")
async def post_paths(body: PathsRequest, settings: SettingsDep, gate: GateDep) -> dict:
    """Every path from the input to the output with the product of the local partials along it; the
    products sum to the gradient entry."""
    return await gate.run(engine_dict, engine.paths, body, settings, body.input, body.output)


@router.post("/api/dual", response_model=DualResponse, responses=BODY_ERRORS, tags=["autodiff"],
             summary="Forward mode as 2x2 matrices")
async def post_dual(body: DualRequest, settings: SettingsDep, gate: GateDep) -> dict:
    """Forward mode along the seed, each dual number a + ȧε written as the matrix [[a, ȧ], [0, a]]: for a window
    of the Wengert list, each node's operation over its operands' matrices, the rule the matrix arithmetic
    reproduces, and for a product, sum or difference the matrices combined as matrices."""
    return await gate.run(engine_dict, engine.dual, body, settings, body.seed, body.node)


@router.post("/api/hvp", response_model=HvpResponse, responses=BODY_ERRORS, tags=["autodiff"],
             summary="A Hessian-vector product against forming the Hessian")
async def post_hvp(body: HvpRequest, settings: SettingsDep, gate: GateDep) -> dict:
    """H·v along the direction by one HVP (forward mode over reverse mode), its cost against one gradient and
    against forming H; for a few inputs, H itself and the check that H times v is the HVP."""
    return await gate.run(engine_dict, engine.hessian_vector, body, settings, body.direction, body.output)


def engine_dict(compute, body: JacobianRequest, settings: Settings, *arguments) -> dict:
    """`compute(expression, inputs, *arguments)`'s dict, its limit errors naming the server's setting."""
    try:
        return compute(body.expression, body.inputs, *arguments, limits=settings.limits).to_dict()
    except engine.ExpressionError as error:
        raise name_limit(error, settings)


@router.post("/api/check", response_model=CheckResponse, responses=BODY_ERRORS, tags=["autodiff"],
             summary="Check the derivatives by finite differences")
async def post_check(body: CheckRequest, settings: SettingsDep, gate: GateDep) -> dict:
    """Reverse mode's gradient and forward mode's JVP, each beside a finite-difference quotient
    (f(x+h) - f(x-h)) / 2h of the evaluation, with a verdict."""
    return await gate.run(check_dict, body, settings)


def check_dict(body: CheckRequest, settings: Settings) -> dict:
    try:
        return engine.check(body.expression, body.inputs, seed=body.seed, cotangent=body.cotangent,
                            share_subexpressions=body.share_subexpressions, limits=settings.limits).to_dict()
    except engine.ExpressionError as error:
        raise name_limit(error, settings)


@router.post("/api/quiz", response_model=QuizResponse, responses=BODY_ERRORS, tags=["quiz"],
             summary="Questions on a program")
async def post_quiz(body: QuizRequest, settings: SettingsDep, gate: GateDep) -> dict:
    """Questions drawn from the program's trace (mode both): a primal value, a local partial, a tangent, an
    adjoint, the cheaper mode, the order of the steps; each with the step that shows its answer. The same
    body gives the same questions; another `variant`, others."""
    return await gate.run(quiz_dict, body, settings)


def quiz_dict(body: QuizRequest, settings: Settings) -> dict:
    return with_named_limits(quiz, settings, body.expression, body.inputs, variant=body.variant,
                             **program_options(body)).to_dict()


def program_options(body: QuizRequest | QuizCheckRequest) -> dict:
    return {"seed": body.seed, "cotangent": body.cotangent, "share_subexpressions": body.share_subexpressions}


def with_named_limits(compute, settings: Settings, *arguments, **options):
    """compute(*arguments, limits=the server's, **options), a limit error naming the server's setting."""
    try:
        return compute(*arguments, limits=settings.limits, **options)
    except engine.ExpressionError as error:
        raise name_limit(error, settings)


@router.post("/api/quiz/check", response_model=QuizVerdict, responses=BODY_ERRORS, tags=["quiz"],
             summary="Check an answer to a quiz question")
async def post_quiz_check(body: QuizCheckRequest, settings: SettingsDep, gate: GateDep) -> dict:
    """The engine's verdict on an answer, the question recomputed from the program (nothing is kept between
    requests): a number answer is a constant expression read by the engine's parser (an error names where it
    is malformed), judged within the tolerance; the verdict gives the expected answer and the chain-rule
    formula with the trace's numbers."""
    return await gate.run(verdict_of, body, settings)


def verdict_of(body: QuizCheckRequest, settings: Settings) -> dict:
    return verdict_dict(with_named_limits(check_answer, settings, body.expression, body.inputs, body.question,
                                          body.answer, **program_options(body)))


@router.post("/api/export", response_model=TraceResponse, responses=BODY_ERRORS | {200: EXPORT_CONTENT},
             tags=["autodiff"], summary="Export a trace as DOT, LaTeX or JSON")
async def post_export(body: TraceRequest, settings: SettingsDep, gate: GateDep,
                      format: Annotated[ExportFormat, Query(description="dot, latex or json")]) -> Response:
    """The trace as a file to download: Graphviz DOT, a LaTeX fragment, or JSON."""
    return await gate.run(exported, body, settings, format)


def exported(body: TraceRequest, settings: Settings, format: str) -> Response:
    attachment = f'attachment; filename="{export.filename(format)}"'
    with collector_paused:
        record = trace_dict(body, settings)
        if format == "json":
            return json_response(record, headers={"Content-Disposition": attachment}, indent=2)  # a file people read
        text = export.EXPORTERS[format](record)
    return Response(text, media_type=export.MEDIA_TYPES[format], headers={"Content-Disposition": attachment})


@lru_cache(maxsize=1)
def ops_list() -> tuple[OpInfo, ...]:
    return tuple(
        OpInfo(name=p.name, arity=p.arity, symbol=p.symbol, description=p.description, category=p.category,
               rules=list(p.rules), definition=Formula(**DEFINITIONS[p.name]._asdict()),
               partials=[OpPartial(operand=operand, formula=formula.text, latex=formula.latex)
                         for operand, formula in zip(p.operands, PARTIAL_FORMULAS[p.name])],
               second_partials=[[Formula(**formula._asdict()) for formula in row]
                                for row in SECOND_PARTIAL_FORMULAS[p.name]])
        for p in PRIMITIVES.values())


@router.get("/api/ops", response_model=list[OpInfo], responses=INTERNAL, tags=["reference"],
            summary="The primitives and their local partials")
async def get_ops() -> tuple[OpInfo, ...]:
    """Every primitive of the engine's table with its local partials (plain text and LaTeX)."""
    return ops_list()


@lru_cache(maxsize=1)
def meta() -> Meta:
    return Meta(
        passes=[PassInfo(name=p.name, label=p.label, key=p.key, step_kinds=list(p.step_kinds),
                         parameters=list(p.parameters), direction=p.direction, description=p.description)
                for p in PASSES.values()],
        modes=[ModeInfo(name=m.name, label=m.label, passes=list(m.passes), description=m.description)
               for m in MODES.values()],
        default_mode="both", default_input_value=DEFAULT_INPUT_VALUE, ops=list(ops_list()))


@router.get("/api/meta", response_model=Meta, responses=INTERNAL, tags=["reference"],
            summary="The passes, the modes and the primitives")
async def get_meta() -> Meta:
    """What the engine can do: its passes (phases) with their step kinds, the modes that run them, and its
    primitives; the page builds its mode control, timeline and phase colours from this."""
    return meta()


@router.get("/api/examples", response_model=list[Example], responses=INTERNAL, tags=["reference"],
            summary="The gallery of examples")
async def get_examples() -> list[dict]:
    """The curated gallery: expressions with input values and a teaching note each."""
    return [example.to_dict() for example in EXAMPLES]


@router.get("/healthz", response_model=Health, responses=INTERNAL, tags=["server"], summary="Health check")
async def healthz() -> dict:
    """The server is up."""
    return {"status": "ok"}
