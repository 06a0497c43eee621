"""/api/quiz and /api/quiz/check: the shapes the schema promises (the client checks every response against
it), the same body the same questions, a check that needs nothing kept from an earlier request, and every
wrong body a 4xx in the documented shape, never a 500."""
from __future__ import annotations

import pytest

from .conftest import trace_body

CLASSIC = trace_body("exp(x)/x^2", {"x": 2})
TOPICS = {"primal", "partial", "tangent", "adjoint", "mode", "first_adjoint", "first_evaluated"}


def questions(client, body: dict) -> dict:
    response = client.post("/api/quiz", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def check(client, body: dict, question: str, answer: str):
    return client.post("/api/quiz/check", json={**body, "question": question, "answer": answer})


def test_the_questions_and_their_shape(client):
    quiz = questions(client, CLASSIC)
    assert quiz["mode"] == "both" and quiz["variant"] == 0
    assert quiz["point"] == [{"text": "x = 2", "latex": "x = 2"}]
    assert {question["topic"] for question in quiz["questions"]} == TOPICS
    trace = client.post("/api/trace", json={**CLASSIC, "mode": quiz["mode"]}).json()
    for question in quiz["questions"]:
        assert question["kind"] in ("number", "choice")
        assert (question["kind"] == "choice") == bool(question["choices"])
        assert question["prompt"] and question["formula"]["text"].endswith("= ?")
        if question["step"] is not None:  # the player's position: that step is about the question's node
            step = trace["steps"][question["step"] - 1]
            assert step["phase"] == question["phase"]
    assert quiz["tolerance"] == {"relative": 5e-4, "absolute": 1e-9}
    assert "Within 0.05% of the answer" in quiz["hint"]  # the hint says the tolerance the check applies


def test_the_same_body_gives_the_same_questions_and_a_variant_others(client):
    assert questions(client, CLASSIC) == questions(client, CLASSIC)
    other = questions(client, {**CLASSIC, "variant": 1})
    assert other["variant"] == 1
    assert [q["id"] for q in other["questions"]] != [q["id"] for q in questions(client, CLASSIC)["questions"]]


def test_a_check_needs_nothing_from_an_earlier_request(client, make_client):
    """Every question of several variants, checked by a server that never gave the questions."""
    fresh = make_client()
    for variant in range(3):
        for question in questions(client, {**CLASSIC, "variant": variant})["questions"]:
            answer = question["choices"][0]["id"] if question["choices"] else "1/3"
            verdict = check(fresh, CLASSIC, question["id"], answer)
            assert verdict.status_code == 200, verdict.text
            verdict = verdict.json()
            assert verdict["question"] == question["id"] and verdict["step"] == question["step"]
            if question["kind"] == "number":
                assert verdict["value"] == pytest.approx(1 / 3) and verdict["expected_choice"] is None
                right = check(fresh, CLASSIC, question["id"], repr(verdict["expected"])).json()
                assert right["correct"] and right["value"] == verdict["expected"]
            else:
                assert verdict["expected"] is None and verdict["expected_choice"] in [c["id"] for c in question["choices"]]
            assert verdict["explanation"]["text"] and verdict["reason"]


def test_right_and_wrong_answers(client):
    right = check(client, CLASSIC, "partial:4:0", "1/4").json()
    assert right["correct"] and right["expected"] == 0.25 and right["value"] == 0.25
    assert right["explanation"] == {"text": "∂v₄/∂v₁ = 1/v₃ = 1/4 = 0.25",
                                    "latex": r"\dfrac{\partial v_{4}}{\partial v_{1}} = \frac{1}{v_{3}} = \frac{1}{4} = 0.25"}
    also_right = check(client, CLASSIC, "partial:4:0", "0.25").json()
    assert also_right["correct"]
    wrong = check(client, CLASSIC, "partial:4:0", "4").json()
    assert not wrong["correct"] and wrong["value"] == 4 and wrong["expected"] == 0.25


def test_the_seed_and_the_cotangent_of_the_body_are_used(client):
    body = trace_body("x*y, x + y", {"x": 3, "y": 5}, seed={"y": 1}, cotangent={"1": 1})
    quiz = questions(client, body)
    assert quiz["seed"]["latex"] == r"\dot{x} = 0, \dot{y} = 1"
    assert quiz["cotangent"]["latex"] == r"\bar{v}_{3} = 1"
    assert check(client, body, "tangent:2", "3").json()["correct"]
    assert check(client, body, "adjoint:0", "1").json()["correct"]


# (question, answer, kind, position): each a 400 naming what is wrong, and where in the answer
ERRORS = [
    ("primal:4", "x", "unknown_input", 0),
    ("primal:4", "exp(2", "syntax", 5),
    ("primal:4", "", "syntax", 0),
    ("primal:4", "log(-1)", "domain", 0),
    ("primal:4", "1" * 201, "limit", 200),
    ("primal:4", "\x00", "syntax", 0),
    ("primal:4", "2\u20283", "syntax", None),
    ("primal:99", "1", "unknown_question", None),
    ("banana", "1", "unknown_question", None),
    ("mode", "sideways", "unknown_choice", None),
]


@pytest.mark.parametrize("question, answer, kind, position", ERRORS, ids=[f"{q}-{a[:8]!r}" for q, a, _, _ in ERRORS])
def test_a_wrong_answer_or_question_is_a_400_with_its_place(client, question, answer, kind, position):
    response = check(client, CLASSIC, question, answer)
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert detail["kind"] == kind and detail["message"]
    if position is not None:
        assert detail["position"] == position
    if kind == "limit":
        assert detail["limit"] == "answer" and "CHAINRULE" not in detail["message"]


@pytest.mark.parametrize("route, extra", [
    ("/api/quiz", {"variant": -1}), ("/api/quiz", {"variant": "1"}), ("/api/quiz", {"variant": 1.5}),
    ("/api/quiz", {"variant": 10**12}), ("/api/quiz", {"question": "mode"}),
    ("/api/quiz/check", {}), ("/api/quiz/check", {"question": "mode"}), ("/api/quiz/check", {"question": 3, "answer": "1"}),
    ("/api/quiz/check", {"question": "mode", "answer": 0.5}), ("/api/quiz/check", {"question": "mode", "answer": "x", "variant": 0}),
])
def test_a_malformed_field_is_a_422(client, route, extra):
    response = client.post(route, json={**CLASSIC, **extra})
    assert response.status_code == 422, response.text


def test_a_bad_program_is_the_engines_error(client, make_client):
    assert client.post("/api/quiz", json=trace_body("exp(x", {"x": 1})).json()["detail"]["kind"] == "syntax"
    assert check(client, trace_body("x + y", {"x": 1}), "primal:2", "1").json()["detail"]["kind"] == "missing_input"
    small = make_client(max_nodes=5)
    response = small.post("/api/quiz", json=trace_body("x+x+x+x+x+x", {"x": 1}))
    assert response.status_code == 400 and "CHAINRULE_MAX_NODES=5" in response.json()["detail"]["message"]


def test_the_mode_question_is_left_out_past_the_work_limit_not_refused(make_client):
    many = "+".join(f"x{i}" for i in range(10))
    body = trace_body(many, {f"x{i}": 1 for i in range(10)})
    quiz = questions(make_client(max_work=100), body)
    assert "mode" not in [q["topic"] for q in quiz["questions"]] and quiz["questions"]
    assert "mode" in [q["topic"] for q in questions(make_client(), body)["questions"]]


def test_the_routes_are_documented(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path, summary in (("/api/quiz", "Questions on a program"), ("/api/quiz/check", "Check an answer to a quiz question")):
        operation = paths[path]["post"]
        assert operation["summary"] == summary and operation["description"]
        assert {"200", "400", "413", "422", "500"} <= set(operation["responses"])


def test_no_answer_text_is_a_server_error(client):
    """Answers made of the language's pieces at random (a fixed seed): each is a verdict or a 400."""
    import random
    pieces = ["1", "0", "2.5", "1e308", "1e-320", "-", "+", "*", "/", "^", "(", ")", ",", "exp", "log", "sqrt", "pi", "e",
              "x", " ", "\n", "#", "=", ";", "relu", "é", "\u00a0", "1_0", ".", "inf", "nan"]
    rng = random.Random(14)
    statuses = set()
    for _ in range(300):
        answer = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        response = check(client, CLASSIC, "adjoint:0", answer)
        assert response.status_code in (200, 400), (answer, response.text)
        statuses.add(response.status_code)
    assert statuses == {200, 400}
