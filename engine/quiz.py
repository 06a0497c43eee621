"""A quiz on a program at a point: questions drawn from its trace's own facts, and the verdict on an answer.

    >>> from engine.quiz import quiz, check_answer
    >>> [question.id for question in quiz("exp(x)/x^2", {"x": 2}).questions][:2]
    ['primal:4', 'partial:1:0']
    >>> check_answer("exp(x)/x^2", {"x": 2}, "primal:4", "exp(2)/4").correct
    True

The questions, in the order the trace meets them: a node's primal value, a local partial on an edge (both
computed by evaluation), a tangent along the seed (forward mode), an adjoint once every contribution has
arrived (reverse mode; a node with several consumers first: the sum is the lesson), which mode builds the
whole Jacobian with fewer multiply-adds, whose adjoint is complete first, and which node is evaluated
first. The same program, point, seed, cotangent and variant give the same questions; `variant` picks
others. A question's id says all it asks (`adjoint:3`, `first_adjoint:5,2,0`), so checking an answer
recomputes it from the program: nothing is kept between calls.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import NamedTuple

from .answer import TOLERANCE, Tolerance, answer_value
from .bracketing import counted, input_notation
from .errors import ExpressionError
from .jacobian import FORWARD, LABELS, REVERSE, jacobian_of, passes_needed
from .limits import Limits, check_work
from .notation import Notation
from .quiz_text import (asked, definition, equation, number, partial_formula, partial_name, products, source_text,
                        written)
from .trace import Trace

QUIZ_MODE = "both"  # the trace whose steps the questions point at: evaluation, forward mode, reverse mode
MOST_TERMS = 4  # a sum of more contributions than this is too long to ask about
MOST_CHOICES = 4
EITHER = "either"  # the mode question's answer when both modes take as many multiply-adds
MAX_QUESTION_ID = 100  # characters


class Choice(NamedTuple):
    """One answer of a choice question: its id (the answer to send), and how it reads."""
    id: str
    text: str
    latex: str | None  # None: shown as program text (`source`)
    source: str | None  # the program text of the node it names, if any


class Question(NamedTuple):
    """One question on the program: what it asks, the trace's facts it is answered from, and where the trace
    shows its answer. kind "number" is answered by a constant expression, kind "choice" by a choice's id."""
    id: str  # says what is asked: primal:4, partial:4:1, tangent:4, adjoint:0, mode, first_adjoint:3,0
    topic: str  # primal, partial, tangent, adjoint, mode, first_adjoint, first_evaluated
    kind: str  # "number" (answered by a constant expression) or "choice" (by a choice's id)
    phase: str | None  # the pass it is about (evaluation, forward, reverse); None: the whole program
    prompt: str  # the question in a sentence
    formula: Notation  # what is asked: v̇₃ = ?
    given: tuple[Notation, ...]  # the facts of the trace it is answered from: v₃ = v₁ / v₂, v₁ = 7.38906
    choices: tuple[Choice, ...]  # for a choice question
    node: int | None  # the node it is about, if one
    step: int | None  # the player's position (steps taken, in the trace of QUIZ_MODE) that shows the answer


class Verdict(NamedTuple):
    """The engine's verdict on an answer: right or not, the expected answer, the answer's value, and the
    chain-rule formula with the trace's numbers that gives the expected answer."""
    question: str
    correct: bool
    expected: float | None  # a number question's value
    value: float | None  # what the answer evaluates to
    expected_choice: str | None  # a choice question's answer
    explanation: Notation  # the formula with the trace's numbers that gives the answer
    reason: str  # why, in a sentence
    step: int | None
    tolerance: Tolerance  # how close a number answer must be


class _Asked(NamedTuple):
    """A question with what checks its answer."""
    question: Question
    expected: float | str  # a number, or a choice's id
    scale: float  # the largest magnitude the expected number is made of (see Tolerance)
    explanation: Notation
    reason: str


@dataclass(frozen=True)
class Quiz:
    mode: str
    variant: int
    point: tuple[Notation, ...]  # the inputs' values: x = 2
    seed: Notation  # forward mode's direction: ẋ = 1
    cotangent: Notation  # reverse mode's start: v̄₄ = 1
    questions: tuple[Question, ...]
    tolerance: Tolerance

    def to_dict(self) -> dict:
        return {"mode": self.mode, "variant": self.variant, "point": [item._asdict() for item in self.point],
                "seed": self.seed._asdict(), "cotangent": self.cotangent._asdict(),
                "questions": [question_dict(question) for question in self.questions],
                "tolerance": self.tolerance._asdict()}


def question_dict(question: Question) -> dict:
    record = question._asdict()
    record["formula"] = question.formula._asdict()
    record["given"] = [item._asdict() for item in question.given]
    record["choices"] = [choice._asdict() for choice in question.choices]
    return record


def verdict_dict(verdict: Verdict) -> dict:
    return {**verdict._asdict(), "explanation": verdict.explanation._asdict(), "tolerance": verdict.tolerance._asdict()}


# ---- the facts of a trace the questions are drawn from ----------------------------------------------

class _Facts:
    """A trace with, per node, the steps that show each of its quantities and the edges out of it."""

    def __init__(self, result: Trace, limits: Limits) -> None:
        self.trace, self.limits = result, limits
        self.graph = graph = result.graph
        self.values = result.evaluation.values
        self.forward, self.reverse = result.forward_mode, result.reverse_mode
        count = len(graph.nodes)
        self.evaluated: list[int] = [0] * count  # node -> the step (1-based position) that evaluates it
        self.tangent_step: list[int] = [0] * count
        self.completed: list[int] = [0] * count  # node -> the step that completes its adjoint (0: none)
        self.completed_by: list[int | None] = [None] * count  # node -> the consumer that completes it
        self.senders: list[list[tuple[int, int]]] = [[] for _ in range(count)]  # node -> (consumer, index), in order
        for position, step in enumerate(result.steps, start=1):
            if step.kind == "evaluate":
                self.evaluated[step.node] = position
            elif step.phase == "forward":
                self.tangent_step[step.node] = position
            elif step.kind == "adjoint":
                operand = graph.nodes[step.node].operands[step.operand_index]
                self.senders[operand].append((step.node, step.operand_index))
                self.completed[operand], self.completed_by[operand] = position, step.node

    def operations(self) -> list[int]:
        return [node.id for node in self.graph.nodes if node.operands]

    def active_edges(self) -> list[tuple[int, int]]:
        """(node, operand index) of every edge whose operand depends on an input, with a defined partial."""
        active, partials = self.trace.evaluation.active, self.trace.evaluation.partials
        return [(node.id, index) for node in self.graph.nodes for index, operand in enumerate(node.operands)
                if active[operand] and partials[node.id][index] is not None]


def _rotate(candidates: list, variant: int) -> object | None:
    """Variant v takes the v-th candidate, round the list: each new variant a fresh one while they last."""
    return candidates[variant % len(candidates)] if candidates else None


def _unknown(question_id: str, why: str) -> ExpressionError:
    return ExpressionError("unknown_question", f"'{question_id[:MAX_QUESTION_ID]}' is not a question of this program: {why}")


# ---- each kind of question --------------------------------------------------------------------------

def _operands_given(facts: _Facts, node_id: int, include_self: bool = False) -> list[Notation]:
    """The Wengert line of a node and its operands' values (and its own, which some partials use)."""
    graph, values = facts.graph, facts.values
    own = written(graph, node_id).value
    lines = [equation(own, definition(graph, node_id))]
    seen = set()
    for operand in graph.nodes[node_id].operands + ((node_id,) if include_self else ()):
        if operand not in seen and graph.nodes[operand].op != "const":
            seen.add(operand)
            lines.append(equation(written(graph, operand).value, number(values[operand])))
    return lines


def primal(facts: _Facts, node_id: int) -> _Asked:
    graph, values = facts.graph, facts.values
    own = written(graph, node_id).value
    value = values[node_id]
    question = Question(
        f"primal:{node_id}", "primal", "number", "evaluation",
        f"Evaluation: what is the primal value of {own.text}?", asked(own),
        tuple(_operands_given(facts, node_id)), (), node_id, facts.evaluated[node_id])
    explanation = equation(own, definition(graph, node_id), definition(graph, node_id, values), number(value))
    reason = (f"Evaluation computes {own.text} from its operands' values, which are already known: every operand "
              f"comes before it in the Wengert list.")
    return _Asked(question, value, abs(value), explanation, reason)


def partial(facts: _Facts, node_id: int, index: int) -> _Asked:
    graph, values = facts.graph, facts.values
    operand = graph.nodes[node_id].operands[index]
    name = partial_name(graph, node_id, operand)
    local = facts.trace.evaluation.partials[node_id][index]
    own = written(graph, node_id).value
    question = Question(
        f"partial:{node_id}:{index}", "partial", "number", "evaluation",
        f"Evaluation caches each local partial: what is {name.text} at this point?", asked(name),
        tuple(_operands_given(facts, node_id, include_self=True)), (), node_id, facts.evaluated[node_id])
    explanation = equation(name, partial_formula(graph, node_id, index), partial_formula(graph, node_id, index, values),
                           number(local))
    reason = (f"The local partial of {own.text} with respect to its operand {written(graph, operand).value.text} is "
              f"the rule of {graph.nodes[node_id].op} for that operand, at this point's values.")
    return _Asked(question, local, abs(local), explanation, reason)


def _terms(facts: _Facts, node_id: int) -> list[tuple[int, int]]:
    """(operand, index) of the operands a node's tangent sums over: those that depend on an input."""
    active = facts.trace.evaluation.active
    return [(operand, index) for index, operand in enumerate(facts.graph.nodes[node_id].operands) if active[operand]]


def tangent(facts: _Facts, node_id: int, seed: Notation) -> _Asked:
    graph, values, forward = facts.graph, facts.values, facts.forward
    partials = facts.trace.evaluation.partials[node_id]
    own = written(graph, node_id)
    terms = _terms(facts, node_id)
    given = _operands_given(facts, node_id, include_self=True)
    given += [equation(written(graph, operand).tangent, number(forward.tangents[operand])) for operand, _ in
              dict.fromkeys(terms)]
    question = Question(
        f"tangent:{node_id}", "tangent", "number", "forward",
        f"Forward mode along the seed {seed.text}: what is the tangent {own.tangent.text}?", asked(own.tangent),
        tuple(given), (), node_id, facts.tangent_step[node_id])
    chain = products([(partial_name(graph, node_id, operand), written(graph, operand).tangent) for operand, _ in terms])
    numbers = products([(number(partials[index], inner=True), number(forward.tangents[operand], inner=True))
                        for operand, index in terms])
    explanation = equation(own.tangent, chain, numbers, number(forward.tangents[node_id]))
    reason = (f"Forward mode: a node's tangent is the sum, over its operands that depend on an input, of the local "
              f"partial times the operand's tangent ({len(terms)} term{'s' if len(terms) != 1 else ''} here).")
    scale = max([abs(partials[index] * forward.tangents[operand]) for operand, index in terms], default=0.0)
    return _Asked(question, forward.tangents[node_id], scale, explanation, reason)


def adjoint(facts: _Facts, node_id: int, cotangent: Notation) -> _Asked:
    graph, values, reverse = facts.graph, facts.values, facts.reverse
    own = written(graph, node_id)
    senders = facts.senders[node_id]
    given: list[Notation] = []
    for consumer in dict.fromkeys(consumer for consumer, _ in senders):
        for line in _operands_given(facts, consumer, include_self=True):
            if line not in given:
                given.append(line)
        given.append(equation(written(graph, consumer).adjoint, number(reverse.adjoints[consumer])))
    uses = len(senders)
    question = Question(
        f"adjoint:{node_id}", "adjoint", "number", "reverse",
        (f"Reverse mode from {cotangent.text}: {own.value.text} is used {uses} time{'s' if uses != 1 else ''}. Once "
         f"every contribution has arrived, what is its adjoint {own.adjoint.text}?"), asked(own.adjoint),
        tuple(given), (), node_id, facts.completed[node_id])
    partials = facts.trace.evaluation.partials
    chain = products([(written(graph, consumer).adjoint, partial_name(graph, consumer, node_id))
                      for consumer, _ in senders])
    numbers = products([(number(reverse.adjoints[consumer], inner=True), number(partials[consumer][index], inner=True))
                        for consumer, index in senders])
    explanation = equation(own.adjoint, chain, numbers, number(reverse.adjoints[node_id]))
    reason = (f"Reverse mode: each use of {own.value.text} sends it one contribution, the adjoint of the node using "
              f"it times the local partial, and its adjoint is their sum ({uses} here).")
    scale = max([abs(reverse.adjoints[consumer] * partials[consumer][index]) for consumer, index in senders], default=0.0)
    return _Asked(question, reverse.adjoints[node_id], scale, explanation, reason)


def mode_choice(facts: _Facts) -> _Asked | None:
    """Which mode builds the whole Jacobian with fewer multiply-adds (None: no inputs, or too much work)."""
    graph = facts.graph
    if not graph.inputs:
        return None
    try:
        check_work(graph, passes_needed(graph), "the Jacobian", facts.limits)
    except ExpressionError:
        return None  # the other questions stand without it
    jacobian = jacobian_of(graph, facts.trace.evaluation)
    forward, reverse = jacobian.forward_mode, jacobian.reverse_mode
    if not forward.operations and not reverse.operations:
        return None  # nothing to differentiate: no operation reads an input
    answer = EITHER if forward.operations == reverse.operations else jacobian.recommended
    inputs, outputs = len(graph.inputs), len(graph.outputs)
    choices = (Choice(FORWARD, LABELS[FORWARD], None, None), Choice(REVERSE, LABELS[REVERSE], None, None),
               Choice(EITHER, "either: as many multiply-adds", None, None))
    question = Question(
        "mode", "mode", "choice", None,
        (f"This program has D = {inputs} input{'s' if inputs != 1 else ''} and M = {outputs} "
         f"output{'s' if outputs != 1 else ''}. Which mode builds its whole Jacobian with fewer multiply-adds?"),
        Notation("J = ?", "J = {?}"), (), choices, None, None)
    costs = "; ".join(f"{LABELS[key]}: {counted(cost.passes, 'pass', 'passes')}, "
                      f"{counted(cost.operations, 'multiply-add', 'multiply-adds')}"
                      for key, cost in ((FORWARD, forward), (REVERSE, reverse)))
    explanation = Notation(costs, rf"\text{{{costs}}}")
    return _Asked(question, answer, 0.0, explanation, jacobian.reason())


def _order(facts: _Facts, topic: str, nodes: list[int]) -> _Asked:
    """Which of `nodes` is evaluated first (first_evaluated) or has its adjoint complete first (first_adjoint)."""
    graph = facts.graph
    reverse = topic == "first_adjoint"
    at = facts.completed if reverse else facts.evaluated
    choices = []
    for node_id in nodes:
        own = written(graph, node_id)
        if reverse:
            source = source_text(graph, node_id) if graph.nodes[node_id].operands else None  # an input is its name
            choices.append(Choice(str(node_id), own.adjoint.text, own.adjoint.latex, source))
        else:  # named by its program text: a Wengert variable's number would give the order away
            choices.append(Choice(str(node_id), source_text(graph, node_id), None, source_text(graph, node_id)))
    first = min(nodes, key=lambda node_id: at[node_id])
    ordered = sorted(nodes, key=lambda node_id: at[node_id])
    label = (lambda i: written(graph, i).adjoint) if reverse else (lambda i: Notation(source_text(graph, i), source_text(graph, i)))
    explanation = Notation(" < ".join(f"{label(i).text}: step {at[i]}" for i in ordered),
                           r" < ".join(rf"{label(i).latex}\text{{: step {at[i]}}}" if reverse
                                       else rf"\text{{{_latex_safe(label(i).text)}: step {at[i]}}}" for i in ordered))
    if reverse:
        prompt = "Reverse mode: whose adjoint is complete first, having received every contribution?"
        last = written(graph, facts.completed_by[first]).value.text  # type: ignore[arg-type]
        reason = (f"Reverse mode visits the nodes in reverse topological order, so an adjoint is complete once the "
                  f"earliest node using it has sent its contribution: {written(graph, first).adjoint.text} at step "
                  f"{at[first]}, from {last}.")
        question = Question(f"first_adjoint:{','.join(map(str, nodes))}", topic, "choice", "reverse", prompt,
                            Notation("first = ?", r"\text{first} = {?}"), (), tuple(choices), first, at[first])
    else:
        prompt = "Evaluation: which of these is computed first?"
        reason = ("Evaluation follows the Wengert list, a topological order: a node comes after every operand it "
                  "reads.")
        question = Question(f"first_evaluated:{','.join(map(str, nodes))}", topic, "choice", "evaluation", prompt,
                            Notation("first = ?", r"\text{first} = {?}"), (), tuple(choices), first, at[first])
    return _Asked(question, str(first), 0.0, explanation, reason)


_LATEX_SPECIAL = {c: "\\" + c for c in "#$%&_{}"} | {"\\": r"\backslash ", "^": r"\^{}", "~": r"\~{}"}


def _latex_safe(text: str) -> str:
    """Program text inside \\text{...}: LaTeX's special characters escaped."""
    return "".join(_LATEX_SPECIAL.get(character, character) for character in text)


# ---- which nodes each kind of question may ask about ------------------------------------------------

def _primal_nodes(facts: _Facts) -> list[int]:
    return facts.operations()[::-1]  # from the output back: the last value first


def _partial_edges(facts: _Facts) -> list[tuple[int, int]]:
    """Edges with an active operand; a rule that is not a constant (not + or -) first."""
    edges = facts.active_edges()
    linear = [edge for edge in edges if facts.graph.nodes[edge[0]].op in ("add", "sub", "neg")]
    return [edge for edge in edges if edge not in linear] + linear


def _tangent_nodes(facts: _Facts) -> list[int]:
    """Operations that depend on an input, a sum of two terms or more first."""
    active = facts.trace.evaluation.active
    nodes = [i for i in facts.operations() if active[i] and facts.tangent_step[i]]
    return sorted(nodes, key=lambda i: (len(_terms(facts, i)) < 2, -i))


def _adjoint_nodes(facts: _Facts) -> list[int]:
    """Nodes that received contributions (at most MOST_TERMS), several first: their sum is the lesson."""
    nodes = [i for i, senders in enumerate(facts.senders) if 0 < len(senders) <= MOST_TERMS]
    return sorted(nodes, key=lambda i: (len(facts.senders[i]) < 2, -i))


def _first_adjoint_nodes(facts: _Facts) -> list[int]:
    """Nodes whose adjoints complete at different consumers (one per consumer: the others would tie),
    each named differently."""
    by_consumer: dict[int, int] = {}
    names: set[str] = set()
    for node_id, consumer in enumerate(facts.completed_by):
        name = written(facts.graph, node_id).adjoint
        if consumer is not None and consumer not in by_consumer and name and name.text not in names:
            by_consumer[consumer] = node_id
            names.add(name.text)
    return sorted(by_consumer.values())


def _first_evaluated_nodes(facts: _Facts) -> list[int]:
    """Operations with different program texts (two calls of one function read alike)."""
    by_text: dict[str, int] = {}
    for node_id in facts.operations():
        by_text.setdefault(source_text(facts.graph, node_id), node_id)
    return sorted(by_text.values())


def _sample(nodes: list[int], variant: int, salt: int) -> list[int] | None:
    """Up to MOST_CHOICES of `nodes`, picked by the variant (the same variant, the same pick); None: fewer than 2."""
    if len(nodes) < 2:
        return None
    return random.Random(variant * 7 + salt).sample(nodes, min(MOST_CHOICES, len(nodes)))


def _build(facts: _Facts, variant: int) -> list[_Asked]:
    seed, cotangent = _seed(facts), _cotangent(facts)
    asked_list: list[_Asked | None] = []
    node = _rotate(_primal_nodes(facts), variant)
    asked_list.append(primal(facts, node) if node is not None else None)
    edge = _rotate(_partial_edges(facts), variant)
    asked_list.append(partial(facts, *edge) if edge is not None else None)
    node = _rotate(_tangent_nodes(facts), variant)
    asked_list.append(tangent(facts, node, seed) if node is not None else None)
    node = _rotate(_adjoint_nodes(facts), variant)
    asked_list.append(adjoint(facts, node, cotangent) if node is not None else None)
    asked_list.append(mode_choice(facts))
    picked = _sample(_first_adjoint_nodes(facts), variant, 1)
    asked_list.append(_order(facts, "first_adjoint", picked) if picked else None)
    picked = _sample(_first_evaluated_nodes(facts), variant, 2)
    asked_list.append(_order(facts, "first_evaluated", picked) if picked else None)
    return [item for item in asked_list if item is not None]


def _seed(facts: _Facts) -> Notation:
    graph, seed = facts.graph, facts.forward.seed
    pairs = [(written(graph, graph.inputs[name]).tangent, number(value)) for name, value in seed.items()]
    return Notation(", ".join(f"{a.text} = {b.text}" for a, b in pairs), ", ".join(f"{a.latex} = {b.latex}" for a, b in pairs))


def _cotangent(facts: _Facts) -> Notation:
    from .reverse_mode import seed_adjoints
    graph = facts.graph
    pairs = [(written(graph, node_id).adjoint, number(value))
             for node_id, value in seed_adjoints(graph, facts.reverse.cotangent).items()]
    return Notation(", ".join(f"{a.text} = {b.text}" for a, b in pairs), ", ".join(f"{a.latex} = {b.latex}" for a, b in pairs))


# ---- a question from its id -------------------------------------------------------------------------

def _ids(question_id: str, text: str, count: int) -> list[int]:
    parts = text.split(",")
    if not all(part.isascii() and part.isdecimal() and len(part) <= 9 for part in parts):
        raise _unknown(question_id, "its node ids must be whole numbers")
    ids = [int(part) for part in parts]
    if any(i >= count for i in ids):
        raise _unknown(question_id, f"the program's nodes are numbered 0 to {count - 1}")
    return ids


def _asked(facts: _Facts, question_id: str) -> _Asked:
    """The question `question_id` asks of this program, rebuilt from the trace; an error if it asks none."""
    if not isinstance(question_id, str) or len(question_id) > MAX_QUESTION_ID:
        raise _unknown(str(question_id), f"a question id is at most {MAX_QUESTION_ID} characters")
    topic, _, rest = question_id.partition(":")
    count = len(facts.graph.nodes)
    if topic == "mode" and not rest:
        found = mode_choice(facts)
        if found is None:
            raise _unknown(question_id, "it has no inputs, or its Jacobian is over the work limit")
        return found
    if topic in ("primal", "tangent", "adjoint") and rest:
        node_id = _ids(question_id, rest, count)[0] if "," not in rest else -1
        allowed = {"primal": facts.operations, "tangent": lambda: _tangent_nodes(facts),
                   "adjoint": lambda: _adjoint_nodes(facts)}[topic]()
        if node_id not in allowed:
            raise _unknown(question_id, f"node {rest} has no {topic} question")
        if topic == "primal":
            return primal(facts, node_id)
        if topic == "tangent":
            return tangent(facts, node_id, _seed(facts))
        return adjoint(facts, node_id, _cotangent(facts))
    if topic == "partial" and rest.count(":") == 1:
        node_text, index_text = rest.split(":")
        node_id, index = _ids(question_id, node_text, count)[0], _ids(question_id, index_text, 2)[0]
        if (node_id, index) not in facts.active_edges():
            raise _unknown(question_id, f"the edge into node {node_id} at operand {index} carries no partial")
        return partial(facts, node_id, index)
    if topic in ("first_adjoint", "first_evaluated") and rest:
        nodes = _ids(question_id, rest, count)
        allowed = _first_adjoint_nodes(facts) if topic == "first_adjoint" else _first_evaluated_nodes(facts)
        if not 2 <= len(nodes) <= MOST_CHOICES or len(set(nodes)) != len(nodes) or not set(nodes) <= set(allowed):
            raise _unknown(question_id, f"its choices must be 2 to {MOST_CHOICES} different nodes the question can ask about")
        return _order(facts, topic, nodes)
    raise _unknown(question_id, "a question is primal:N, partial:N:I, tangent:N, adjoint:N, mode, first_adjoint:N,M,... "
                                "or first_evaluated:N,M,...")


# ---- the entry points -------------------------------------------------------------------------------

def _facts(source: str, inputs: dict, seed: dict | None, cotangent: dict | None, share_subexpressions: bool,
           limits: Limits) -> _Facts:
    from . import trace
    return _Facts(trace(source, inputs, mode=QUIZ_MODE, seed=seed, cotangent=cotangent,
                        share_subexpressions=share_subexpressions, limits=limits), limits)


def _point(facts: _Facts) -> tuple[Notation, ...]:
    return tuple(equation(written_name, number(facts.trace.inputs[name]))
                 for written_name, name in zip(input_notation(facts.graph), facts.graph.inputs))


def quiz(source: str, inputs: dict, seed: dict | None = None, cotangent: dict | None = None, variant: int = 0,
         share_subexpressions: bool = False, limits: Limits = Limits()) -> Quiz:
    """The questions on `source` at `inputs` (forward mode along `seed`, reverse mode from `cotangent`)."""
    if isinstance(variant, bool) or not isinstance(variant, int) or variant < 0:
        raise ExpressionError("syntax", f"the variant must be a whole number 0 or more, got {variant!r}")
    facts = _facts(source, inputs, seed, cotangent, share_subexpressions, limits)
    return Quiz(QUIZ_MODE, variant, _point(facts), _seed(facts), _cotangent(facts),
                tuple(item.question for item in _build(facts, variant)), TOLERANCE)


def check_answer(source: str, inputs: dict, question: str, answer: str, seed: dict | None = None,
                 cotangent: dict | None = None, share_subexpressions: bool = False, limits: Limits = Limits()) -> Verdict:
    """The verdict on `answer` to `question`: a constant expression for a number question (read by the
    engine's parser, judged within TOLERANCE), a choice's id for a choice question."""
    facts = _facts(source, inputs, seed, cotangent, share_subexpressions, limits)
    found = _asked(facts, question)
    step = found.question.step
    if found.question.kind == "choice":
        ids = [choice.id for choice in found.question.choices]
        if answer not in ids:
            raise ExpressionError("unknown_choice", f"the answer must be one of the choices: {', '.join(ids)}")
        return Verdict(question, answer == found.expected, None, None, str(found.expected), found.explanation,
                       found.reason, step, TOLERANCE)
    value = answer_value(answer)
    expected = float(found.expected)
    return Verdict(question, TOLERANCE.allows(value, expected, found.scale), expected, value, None, found.explanation,
                   found.reason, step, TOLERANCE)
