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

from .answer import ANSWER_HINT, TOLERANCE, answer_value
from .bracketing import input_notation
from .errors import ExpressionError
from .limits import Limits
from .notation import Notation, equation
from .quiz_questions import (EITHER, Asked, Facts, adjoint, forward_seed, mode_choice, order, partial, primal,
                             reverse_seed, tangent, tangent_terms)
from .quiz_records import Choice, Question, Quiz, Verdict, question_dict, verdict_dict
from .quiz_text import number, source_text, written

__all__ = ["EITHER", "Choice", "Question", "Quiz", "Verdict", "check_answer", "question_dict", "quiz", "verdict_dict"]

QUIZ_MODE = "both"  # the trace whose steps the questions point at: evaluation, forward mode, reverse mode
MOST_TERMS = 4  # a sum of more contributions than this is too long to ask about
MOST_CHOICES = 4
MAX_QUESTION_ID = 100  # characters


def _rotate(candidates: list, variant: int) -> object | None:
    """Variant v takes the v-th candidate, round the list: each new variant a fresh one while they last."""
    return candidates[variant % len(candidates)] if candidates else None


def _unknown(question_id: str, why: str) -> ExpressionError:
    return ExpressionError("unknown_question", f"'{question_id[:MAX_QUESTION_ID]}' is not a question of this program: {why}")


# ---- which nodes each kind of question may ask about ------------------------------------------------

def _primal_nodes(facts: Facts) -> list[int]:
    return facts.operations()[::-1]  # from the output back: the last value first


def _partial_edges(facts: Facts) -> list[tuple[int, int]]:
    """Edges with an active operand; a rule that is not a constant (not + or -) first."""
    edges = facts.active_edges()
    linear = [edge for edge in edges if facts.graph.nodes[edge[0]].op in ("add", "sub", "neg")]
    return [edge for edge in edges if edge not in linear] + linear


def _tangent_nodes(facts: Facts) -> list[int]:
    """Operations that depend on an input, a sum of two terms or more first."""
    active = facts.trace.evaluation.active
    nodes = [i for i in facts.operations() if active[i] and facts.tangent_step[i]]
    return sorted(nodes, key=lambda i: (len(tangent_terms(facts, i)) < 2, -i))


def _adjoint_nodes(facts: Facts) -> list[int]:
    """Nodes that received contributions (at most MOST_TERMS), several first: their sum is the lesson."""
    nodes = [i for i, senders in enumerate(facts.senders) if 0 < len(senders) <= MOST_TERMS]
    return sorted(nodes, key=lambda i: (len(facts.senders[i]) < 2, -i))


def _first_adjoint_nodes(facts: Facts) -> list[int]:
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


def _first_evaluated_nodes(facts: Facts) -> list[int]:
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


def _build(facts: Facts, variant: int) -> list[Asked]:
    seed, cotangent = forward_seed(facts), reverse_seed(facts)
    asked_list: list[Asked | None] = []
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
    asked_list.append(order(facts, "first_adjoint", picked) if picked else None)
    picked = _sample(_first_evaluated_nodes(facts), variant, 2)
    asked_list.append(order(facts, "first_evaluated", picked) if picked else None)
    return [item for item in asked_list if item is not None]


# ---- a question from its id -------------------------------------------------------------------------

def _ids(question_id: str, text: str, count: int) -> list[int]:
    parts = text.split(",")
    if not all(part.isascii() and part.isdecimal() and len(part) <= 9 for part in parts):
        raise _unknown(question_id, "its node ids must be whole numbers")
    ids = [int(part) for part in parts]
    if any(i >= count for i in ids):
        raise _unknown(question_id, f"the program's nodes are numbered 0 to {count - 1}")
    return ids


def _asked(facts: Facts, question_id: str) -> Asked:
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
            return tangent(facts, node_id, forward_seed(facts))
        return adjoint(facts, node_id, reverse_seed(facts))
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
        return order(facts, topic, nodes)
    raise _unknown(question_id, "a question is primal:N, partial:N:I, tangent:N, adjoint:N, mode, first_adjoint:N,M,... "
                                "or first_evaluated:N,M,...")


# ---- the entry points -------------------------------------------------------------------------------

def _facts(source: str, inputs: dict, seed: dict | None, cotangent: dict | None, share_subexpressions: bool,
           limits: Limits) -> Facts:
    from . import trace
    return Facts(trace(source, inputs, mode=QUIZ_MODE, seed=seed, cotangent=cotangent,
                        share_subexpressions=share_subexpressions, limits=limits), limits)


def _point(facts: Facts) -> tuple[Notation, ...]:
    return tuple(equation(written_name, number(facts.trace.inputs[name]))
                 for written_name, name in zip(input_notation(facts.graph), facts.graph.inputs))


def quiz(source: str, inputs: dict, seed: dict | None = None, cotangent: dict | None = None, variant: int = 0,
         share_subexpressions: bool = False, limits: Limits = Limits()) -> Quiz:
    """The questions on `source` at `inputs` (forward mode along `seed`, reverse mode from `cotangent`)."""
    if isinstance(variant, bool) or not isinstance(variant, int) or variant < 0:
        raise ExpressionError("syntax", f"the variant must be a whole number 0 or more, got {variant!r}")
    facts = _facts(source, inputs, seed, cotangent, share_subexpressions, limits)
    return Quiz(QUIZ_MODE, variant, _point(facts), forward_seed(facts), reverse_seed(facts),
                tuple(item.question for item in _build(facts, variant)), TOLERANCE, ANSWER_HINT)


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
