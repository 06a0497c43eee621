"""What a quiz is made of: its questions, their choices, and the verdict on an answer (engine/quiz.py
draws the questions from a trace; engine/quiz_questions.py writes each one)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .answer import Tolerance
from .notation import Notation


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


@dataclass(frozen=True)
class Quiz:
    mode: str
    variant: int
    point: tuple[Notation, ...]  # the inputs' values: x = 2
    seed: Notation  # forward mode's direction: ẋ = 1
    cotangent: Notation  # reverse mode's start: v̄₄ = 1
    questions: tuple[Question, ...]
    tolerance: Tolerance
    hint: str  # what a number answer may be, and how close it must be

    def to_dict(self) -> dict:
        return {"mode": self.mode, "variant": self.variant, "point": [item._asdict() for item in self.point],
                "seed": self.seed._asdict(), "cotangent": self.cotangent._asdict(),
                "questions": [question_dict(question) for question in self.questions],
                "tolerance": self.tolerance._asdict(), "hint": self.hint}


def question_dict(question: Question) -> dict:
    record = question._asdict()
    record["formula"] = question.formula._asdict()
    record["given"] = [item._asdict() for item in question.given]
    record["choices"] = [choice._asdict() for choice in question.choices]
    return record


def verdict_dict(verdict: Verdict) -> dict:
    return {**verdict._asdict(), "explanation": verdict.explanation._asdict(), "tolerance": verdict.tolerance._asdict()}

