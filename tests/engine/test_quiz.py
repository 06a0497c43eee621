"""The quiz (engine/quiz.py): every expected answer against SymPy and the graph's structure, on the gallery's
examples; the same request, the same questions; the steps that show each answer; answers written any way
the engine's parser reads them; and a positioned error for every answer or question that is wrong."""
from __future__ import annotations

import doctest

import pytest
import sympy

import engine.quiz
from app.examples import EXAMPLES
from engine import ExpressionError, compile_graph, trace
from engine.answer import TOLERANCE, answer_value
from engine.quiz import EITHER, MOST_CHOICES, check_answer, quiz
from tests.oracle import sympy_local_partial, sympy_nodes

CLASSIC = ("exp(x)/x^2", {"x": 2.0})
VARIANTS = range(4)


def expected_of(source, inputs, question, **options) -> float | str:
    """The engine's expected answer, read from its verdict on an answer of 0 (or on the first choice)."""
    answer = question.choices[0].id if question.choices else "0"
    verdict = check_answer(source, inputs, question.id, answer, **options)
    return verdict.expected_choice if question.kind == "choice" else verdict.expected


def at(point: dict, symbols: dict) -> dict:
    """The point exactly (a float is a binary fraction): relu(w*x + b) at w*x + b = 0 is then exactly 0."""
    return {symbols[name]: sympy.Rational(value) for name, value in point.items()}


def value_of(expr, subs: dict) -> float:
    """An expression's value at the point; at a kink (relu at 0) the subgradient 0, as the engine takes it."""
    exact = expr.replace(sympy.Heaviside, lambda argument, *_: sympy.Heaviside(argument, 0)).subs(subs)
    return float(exact.evalf(30))


def node_adjoint(graph, point: dict, node_id: int, output: int = 0) -> float:
    """d(output)/d(node), the node standing for a free symbol: what its adjoint is, independently."""
    stand_in = sympy.Symbol("stand_in", real=True)
    exprs, symbols = sympy_nodes(graph)
    value = exprs[node_id].subs(at(point, symbols))
    replaced, _ = sympy_nodes(graph, {node_id: stand_in})
    derivative = sympy.diff(replaced[graph.outputs[output]], stand_in)
    return value_of(derivative, {**at(point, symbols), stand_in: value})


def relevant(graph, output: int) -> set[int]:
    """The nodes an output depends on (itself included): a reverse pass from it visits their edges."""
    found, stack = set(), [graph.outputs[output]]
    while stack:
        node_id = stack.pop()
        if node_id not in found:
            found.add(node_id)
            stack.extend(graph.nodes[node_id].operands)
    return found


def oracle(source: str, point: dict, question) -> float | str:
    """The answer worked out from SymPy and the graph's structure alone, not from the trace."""
    graph = compile_graph(source)
    exprs, symbols = sympy_nodes(graph)
    subs = at(point, symbols)
    active = [bool(expr.free_symbols) or graph.nodes[i].op == "input" for i, expr in enumerate(exprs)]
    topic, _, rest = question.id.partition(":")
    if topic == "primal":
        return value_of(exprs[int(rest)], subs)
    if topic == "partial":
        node_id, index = map(int, rest.split(":"))
        operands = tuple(value_of(exprs[i], subs) for i in graph.nodes[node_id].operands)
        return sympy_local_partial(graph.nodes[node_id].op, operands, index)
    if topic == "tangent":  # along the default seed: 1 on the first input
        first = symbols[next(iter(graph.inputs))]
        return value_of(sympy.diff(exprs[int(rest)], first), subs)
    if topic == "adjoint":
        return node_adjoint(graph, point, int(rest))
    # an edge counts as a multiply-add where its operand depends on an input (and its node, then, too)
    edges = [(node.id, operand) for node in graph.nodes for operand in node.operands if active[operand]]
    if topic == "mode":
        forward = len(graph.inputs) * len(edges)
        reverse = sum(1 for output in range(len(graph.outputs)) for node_id, _ in edges if node_id in relevant(graph, output))
        return EITHER if forward == reverse else "forward_mode" if forward < reverse else "reverse_mode"
    nodes = [int(part) for part in rest.split(",")]
    if topic == "first_evaluated":
        return str(min(nodes))
    # reverse mode visits nodes from the last; an adjoint is complete once its earliest consumer has sent
    consumers = {i: [node_id for node_id, operand in edges if operand == i and node_id in relevant(graph, 0)] for i in nodes}
    return str(max(nodes, key=lambda i: min(consumers[i])))


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_every_expected_answer_agrees_with_an_independent_oracle(example):
    kinks = {warning.node for warning in trace(example.expression, example.inputs).evaluation.warnings}
    topics = set()
    for variant in VARIANTS:
        for question in quiz(example.expression, example.inputs, variant=variant).questions:
            expected = expected_of(example.expression, example.inputs, question)
            truth = oracle(example.expression, example.inputs, question)
            topics.add(question.topic)
            if question.kind == "choice":
                assert expected == truth, question.id
            elif question.node in kinks and question.topic == "partial":  # relu at 0: the engine takes the subgradient 0
                assert expected == 0.0, question.id
            else:
                assert expected == pytest.approx(truth, rel=1e-9, abs=1e-12), question.id
    assert {"primal", "partial", "tangent", "adjoint", "mode"} <= topics


def test_the_same_request_gives_the_same_questions_and_a_variant_others():
    source, inputs = "x1 = s * t\nx2 = s + t\nf = x1 * sin(x2)", {"s": 1.0, "t": 2.0}
    first = quiz(source, inputs, variant=0)
    assert quiz(source, inputs, variant=0) == first
    assert quiz(source, inputs, variant=0).to_dict() == first.to_dict()
    second = quiz(source, inputs, variant=1)
    assert [q.id for q in second.questions] != [q.id for q in first.questions]
    # every number question moves on to another node or edge with the variant
    for topic in ("primal", "partial", "tangent", "adjoint"):
        ids = {next(q.id for q in quiz(source, inputs, variant=v).questions if q.topic == topic) for v in range(2)}
        assert len(ids) == 2, topic


def test_the_adjoint_question_prefers_a_node_with_several_consumers():
    for example in EXAMPLES:
        result = trace(example.expression, example.inputs)
        several = [i for i, count in enumerate(result.reverse_mode.contributions) if 2 <= count <= 4]
        question = next((q for q in quiz(example.expression, example.inputs).questions if q.topic == "adjoint"), None)
        if several:
            assert question.node in several, example.id
            assert f"used {result.reverse_mode.contributions[question.node]} times" in question.prompt


def test_each_question_points_at_the_step_that_shows_its_answer():
    source, inputs = "x1 = s * t\nx2 = s + t\nf = x1 * sin(x2)", {"s": 1.0, "t": 2.0}
    result = trace(source, inputs, mode="both")
    for variant in VARIANTS:
        for question in quiz(source, inputs, variant=variant).questions:
            if question.topic == "mode":
                assert question.step is None and question.node is None
                continue
            step = result.steps[question.step - 1]  # the player's position k shows steps[0..k-1]
            assert step.phase == question.phase, question.id
            if question.topic == "adjoint" or question.topic == "first_adjoint":
                operand = result.graph.nodes[step.node].operands[step.operand_index]
                assert operand == question.node and step.contribution_index == result.reverse_mode.contributions[operand]
            else:
                assert step.node == question.node, question.id


# (answer, expected value): the same number written in different ways is the same answer
PRIMAL_ANSWERS = ["exp(2)/4", "exp(2)/2^2", "e^2/4", "1.84726", "1.847", "0.25*exp(2)", "  1.8472640247  "]
WRONG_ANSWERS = ["1.8", "exp(2)", "-1.84726", "0", "1.85"]


@pytest.mark.parametrize("answer", PRIMAL_ANSWERS)
def test_a_right_answer_written_any_way_is_right(answer):
    verdict = check_answer(*CLASSIC, "primal:4", answer)
    assert verdict.correct, (answer, verdict.value)
    assert verdict.value == pytest.approx(verdict.expected, rel=TOLERANCE.relative)


@pytest.mark.parametrize("answer", WRONG_ANSWERS)
def test_a_wrong_answer_is_wrong(answer):
    verdict = check_answer(*CLASSIC, "primal:4", answer)
    assert not verdict.correct and verdict.value == answer_value(answer)
    assert verdict.expected == pytest.approx(1.8472640247326626)
    assert verdict.explanation.text == "v₄ = v₁ / v₃ = 7.38906 / 4 = 1.84726"


@pytest.mark.parametrize("question, right, wrong", [
    ("partial:4:0", ["1/4", "0.25", "2^-2"], ["4", "-0.25"]),  # ∂(v₁/v₃)/∂v₁ = 1/v₃
    ("partial:3:0", ["4", "2*2"], ["2"]),  # ∂(x^2)/∂x = 2x
    ("adjoint:0", ["0", "0.25*7.38906 + (-0.461816)*4", "-0.0002"], ["1.847", "0.25"]),  # a sum that cancels
    ("tangent:4", ["0"], ["7.38906"]),
])
def test_number_questions_accept_right_answers_and_refuse_wrong_ones(question, right, wrong):
    for answer in right:
        assert check_answer(*CLASSIC, question, answer).correct, (question, answer)
    for answer in wrong:
        assert not check_answer(*CLASSIC, question, answer).correct, (question, answer)


def test_the_explanations_are_the_chain_rule_with_the_traces_numbers():
    adjoint = check_answer(*CLASSIC, "adjoint:0", "0")
    assert adjoint.explanation.text == "x̄ = v̄₃·∂v₃/∂x + v̄₁·∂v₁/∂x = (-0.461816)·4 + 0.25·7.38906 = 0"
    assert r"\bar{x} = \bar{v}_{3} \cdot \dfrac{\partial v_{3}}{\partial x}" in adjoint.explanation.latex
    assert "its adjoint is their sum (2 here)" in adjoint.reason
    tangent = check_answer(*CLASSIC, "tangent:4", "0")
    assert tangent.explanation.text == "v̇₄ = ∂v₄/∂v₁·v̇₁ + ∂v₄/∂v₃·v̇₃ = 0.25·7.38906 + (-0.461816)·4 = 0"
    partial = check_answer(*CLASSIC, "partial:4:1", "0")
    assert partial.explanation.text == "∂v₄/∂v₃ = -v₄/v₃ = -1.84726/4 = -0.461816"
    mode = check_answer(*CLASSIC, "mode", EITHER)
    assert mode.correct and mode.expected_choice == EITHER and "either will do" in mode.reason
    # the two modes' costs, a line each (one line of \text does not wrap on a phone)
    assert mode.explanation.text == "forward mode: 1 pass, 4 multiply-adds; reverse mode: 1 pass, 4 multiply-adds"
    assert mode.explanation.latex.count(r"\text{") == 2 and r" \\ " in mode.explanation.latex


def test_choice_questions():
    source, inputs = "x*y, x + y, sin(x)*y", {"x": 1.0, "y": 2.0}
    mode = next(q for q in quiz(source, inputs).questions if q.topic == "mode")
    assert [choice.id for choice in mode.choices] == ["forward_mode", "reverse_mode", EITHER]
    assert check_answer(source, inputs, "mode", "reverse_mode").correct  # "although D < M": the engine measured it
    assert not check_answer(source, inputs, "mode", "forward_mode").correct
    first = next(q for q in quiz(*CLASSIC).questions if q.topic == "first_adjoint")
    assert 2 <= len(first.choices) <= MOST_CHOICES
    assert {choice.text for choice in first.choices} == {"x̄", "v̄₁"}  # the adjoints, in the trace's notation
    verdict = check_answer(*CLASSIC, first.id, "1")
    assert verdict.correct and verdict.explanation.text == "v̄₁: step 12 < x̄: step 15"
    evaluated = next(q for q in quiz(*CLASSIC).questions if q.topic == "first_evaluated")
    assert all(choice.latex is None and choice.text == choice.source for choice in evaluated.choices)
    assert {choice.text for choice in evaluated.choices} == {"exp(x)", "x^2", "exp(x)/x^2"}


def test_the_seed_and_the_cotangent_are_the_ones_given():
    source, inputs = "x*y, x + y", {"x": 3.0, "y": 5.0}
    result = quiz(source, inputs, seed={"y": 1.0}, cotangent={1: 1.0})
    assert result.seed.text == "x\u0307 = 0, y\u0307 = 1"  # the engine's notation: a combining dot
    assert check_answer(source, inputs, "tangent:2", "3", seed={"y": 1.0}).correct  # d(x*y)/dy = x
    assert check_answer(source, inputs, "adjoint:0", "1", cotangent={1: 1.0}).correct  # from x + y
    assert check_answer(source, inputs, "adjoint:0", "5").correct  # from x*y, the default output 0


def test_a_program_without_inputs_or_operations_still_gets_a_quiz():
    assert [q.topic for q in quiz("2 + 3", {}).questions] == ["primal"]
    assert quiz("x", {"x": 1.0}).questions == ()
    with pytest.raises(ExpressionError) as error:
        check_answer("2 + 3", {}, "mode", EITHER)
    assert error.value.kind == "unknown_question"


# (answer, kind, position, words of the message)
MALFORMED_ANSWERS = [
    ("", "syntax", 0, "the answer is empty"),
    ("   ", "syntax", 0, "the answer is empty"),
    ("x + 1", "unknown_input", 0, "'x' is a name"),
    ("2*y", "unknown_input", 2, "'y' is a name"),
    ("2*", "syntax", 2, "end of input"),
    ("exp(2", "syntax", 5, "expected ')'"),
    ("2 3", "syntax", 2, "missing operator"),
    ("log(-1)", "domain", 0, "log needs a positive argument"),
    ("1/0", "domain", 1, "division by zero"),
    ("1, 2", "syntax", 3, "one number, but this gives 2"),
    ("foo(2)", "unknown_function", 0, "foo"),
    ("9" * 201, "limit", 200, "longer than 200 characters"),
    ("(" * 60 + "1" + ")" * 60, "limit", None, "deep"),
]


@pytest.mark.parametrize("answer, kind, position, words", MALFORMED_ANSWERS, ids=[case[0][:12] or "empty" for case in MALFORMED_ANSWERS])
def test_a_malformed_answer_is_a_positioned_error(answer, kind, position, words):
    with pytest.raises(ExpressionError) as caught:
        check_answer(*CLASSIC, "primal:4", answer)
    error = caught.value
    assert error.kind == kind and words in str(error), str(error)
    if position is not None:
        assert error.position == position and error.source == answer


@pytest.mark.parametrize("question", [
    "primal:999", "primal:0", "primal:2", "primal:-1", "primal:１", "primal:", "primal:1,4", "partial:4:7", "partial:3:1",
    "partial:4", "tangent:0", "adjoint:4", "first_adjoint:0", "first_adjoint:0,0", "first_adjoint:0,3",
    "first_evaluated:1,4,3,1", "mode:1", "bogus", "", "x" * 500])
def test_a_question_the_program_does_not_ask_is_an_error(question):
    with pytest.raises(ExpressionError) as caught:
        check_answer(*CLASSIC, question, "0")
    assert caught.value.kind == "unknown_question" and "is not a question of this program" in str(caught.value)
    assert len(str(caught.value)) < 400


def test_an_answer_that_is_not_a_choice_is_an_error():
    with pytest.raises(ExpressionError) as caught:
        check_answer(*CLASSIC, "mode", "sideways")
    assert caught.value.kind == "unknown_choice" and "forward_mode, reverse_mode, either" in str(caught.value)


def test_the_variant_must_be_a_whole_number():
    for variant in (-1, 1.5, True, "1"):
        with pytest.raises(ExpressionError):
            quiz(*CLASSIC, variant=variant)


def test_the_doctest():
    assert doctest.testmod(engine.quiz).failed == 0
