"""Each kind of quiz question, written from a trace's facts: what it asks, the facts it is answered from,
the step that shows the answer, and the chain-rule formula with the trace's numbers that gives it."""
from __future__ import annotations

from typing import NamedTuple

from .bracketing import counted
from .errors import ExpressionError
from .jacobian import FORWARD, LABELS, REVERSE, jacobian_of, passes_needed
from .limits import Limits, check_work
from .notation import Notation, equation, seed_written
from .quiz_records import Choice, Question
from .quiz_text import asked, definition, number, partial_formula, partial_name, products, source_text, written
from .reverse_mode import seed_adjoints
from .trace import Trace

EITHER = "either"  # the mode question's answer when both modes take as many multiply-adds


class Asked(NamedTuple):
    """A question with what checks its answer."""
    question: Question
    expected: float | str  # a number, or a choice's id
    scale: float  # the largest magnitude the expected number is made of (see Tolerance)
    explanation: Notation
    reason: str




# ---- the facts of a trace the questions are drawn from ----------------------------------------------

class Facts:
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



# ---- each kind of question --------------------------------------------------------------------------

def _operands_given(facts: Facts, node_id: int, include_self: bool = False) -> list[Notation]:
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


def primal(facts: Facts, node_id: int) -> Asked:
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
    return Asked(question, value, abs(value), explanation, reason)


def partial(facts: Facts, node_id: int, index: int) -> Asked:
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
    return Asked(question, local, abs(local), explanation, reason)


def tangent_terms(facts: Facts, node_id: int) -> list[tuple[int, int]]:
    """(operand, index) of the operands a node's tangent sums over: those that depend on an input."""
    active = facts.trace.evaluation.active
    return [(operand, index) for index, operand in enumerate(facts.graph.nodes[node_id].operands) if active[operand]]


def tangent(facts: Facts, node_id: int, seed: Notation) -> Asked:
    graph, forward = facts.graph, facts.forward
    partials = facts.trace.evaluation.partials[node_id]
    own = written(graph, node_id)
    terms = tangent_terms(facts, node_id)
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
    return Asked(question, forward.tangents[node_id], scale, explanation, reason)


def adjoint(facts: Facts, node_id: int, cotangent: Notation) -> Asked:
    graph, reverse = facts.graph, facts.reverse
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
    return Asked(question, reverse.adjoints[node_id], scale, explanation, reason)


def mode_choice(facts: Facts) -> Asked | None:
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
        Notation("fewer multiply-adds = ?", r"\text{fewer multiply-adds} = {?}"), (), choices, None, None)
    costs = [f"{LABELS[key]}: {counted(cost.passes, 'pass', 'passes')}, "
             f"{counted(cost.operations, 'multiply-add', 'multiply-adds')}"
             for key, cost in ((FORWARD, forward), (REVERSE, reverse))]
    # a line per mode: one line of \text does not wrap, and both together are wider than a phone
    explanation = Notation("; ".join(costs), r"\begin{aligned}" + r" \\ ".join(rf"&\text{{{line}}}" for line in costs)
                           + r"\end{aligned}")
    return Asked(question, answer, 0.0, explanation, jacobian.reason())


def order(facts: Facts, topic: str, nodes: list[int]) -> Asked:
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
    return Asked(question, str(first), 0.0, explanation, reason)


_LATEX_SPECIAL = {c: "\\" + c for c in "#$%&_{}"} | {"\\": r"\backslash ", "^": r"\^{}", "~": r"\~{}"}


def _latex_safe(text: str) -> str:
    """Program text inside \\text{...}: LaTeX's special characters escaped."""
    return "".join(_LATEX_SPECIAL.get(character, character) for character in text)


def forward_seed(facts: Facts) -> Notation:
    """Forward mode's seed, as the questions write it: ẋ = 1, ẏ = 0."""
    graph = facts.graph
    return seed_written([(written(graph, graph.inputs[name]).tangent, number(value), value)
                         for name, value in facts.forward.seed.items()], "tangent", "tangents")


def reverse_seed(facts: Facts) -> Notation:
    """Reverse mode's seeded adjoints (the cotangent), as the questions write them: v̄₄ = 1."""
    graph = facts.graph
    return seed_written([(written(graph, node_id).adjoint, number(value), value)
                         for node_id, value in seed_adjoints(graph, facts.reverse.cotangent).items()],
                        "adjoint", "adjoints")
