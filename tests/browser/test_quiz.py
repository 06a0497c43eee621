"""The lecture's quiz tab: answered right and wrong through the page, judged by the engine; Show in the graph
moves the player to the answer's step; the keyboard alone; and on screen, measured: the prompt and the answer
field in view with text 20 px or more when presenting at 1280x720, no horizontal overflow on a phone."""
from __future__ import annotations

from .conftest import Explorer
from .test_lecture import TEXT_SIZES, query, wait_ready

CLASSIC = ("exp(x)/x^2", {"x": 2})
BODY = {"expression": CLASSIC[0], "inputs": CLASSIC[1]}


def open_quiz(explorer: Explorer, **extra: str) -> None:
    explorer.open(query(*CLASSIC, lecture="quiz", **extra))
    wait_ready(explorer, "quiz")


def go_to(explorer: Explorer, topic: str) -> str:
    """Next question until one of `topic`; its id."""
    page = explorer.page
    for _ in range(10):
        question = page.get_attribute("[data-testid=quiz-question]", "data-question")
        if question.partition(":")[0] == topic:
            return question
        page.click("[data-testid=quiz-next]")
    raise AssertionError(f"no {topic} question")


def answer(explorer: Explorer, text: str, state: str) -> None:
    page = explorer.page
    page.fill("[data-testid=quiz-answer]", text)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"[data-testid=quiz-verdict][data-state={state}]")


def test_an_answer_right_and_wrong_as_the_engine_judges_it(explorer: Explorer, api) -> None:
    page = explorer.page
    explorer.allow("400")  # the malformed answer's response
    open_quiz(explorer)
    quiz = api.post("/api/quiz", json=BODY).json()
    first = quiz["questions"][0]
    assert page.get_attribute("[data-testid=quiz-question]", "data-question") == first["id"]
    assert explorer.text("[data-testid=quiz-prompt]") == first["prompt"]
    assert explorer.text("[data-testid=quiz-score]") == f"Score 0 of {len(quiz['questions'])}"
    assert page.get_attribute("[data-testid=quiz-verdict]", "role") == "status"
    assert explorer.text("#quiz-hint") == quiz["hint"]  # the engine's words for the answer and its tolerance
    answer(explorer, "1.8", "wrong")
    verdict = api.post("/api/quiz/check", json={**BODY, "question": first["id"], "answer": "1.8"}).json()
    assert "Not quite." in explorer.text("[data-testid=quiz-verdict]")
    assert explorer.text("[data-testid=quiz-explanation]") == verdict["explanation"]["text"]
    assert verdict["reason"] in explorer.text("[data-testid=quiz-verdict]")
    assert page.evaluate("() => document.activeElement.dataset.testid") == "quiz-answer"  # to try again
    answer(explorer, "exp(2", "error")  # the engine's parser says what is wrong, and where
    assert "expected ')'" in explorer.text("[data-testid=quiz-verdict]")
    assert page.get_attribute("[data-testid=quiz-answer]", "aria-invalid") == "true"
    answer(explorer, "exp(2)/4", "right")
    assert "Right." in explorer.text("[data-testid=quiz-verdict]")
    assert page.evaluate("() => document.activeElement.dataset.testid") == "quiz-next"  # on to the next
    assert explorer.text("[data-testid=quiz-score]").startswith("Score 0 of")  # the first verdict counts
    page.keyboard.press("Enter")  # Next question
    assert page.get_attribute("[data-testid=quiz-question]", "data-question") == quiz["questions"][1]["id"]
    assert page.evaluate("() => document.activeElement.dataset.testid") == "quiz-answer"
    expected = api.post("/api/quiz/check", json={**BODY, "question": quiz["questions"][1]["id"], "answer": "0"}).json()["expected"]
    answer(explorer, repr(expected), "right")
    assert explorer.text("[data-testid=quiz-score]").startswith("Score 1 of")
    assert not page.locator("[data-testid=lecture] .katex-error").count()


def test_a_choice_by_the_keyboard_and_new_questions(explorer: Explorer, api) -> None:
    page = explorer.page
    open_quiz(explorer)
    question = go_to(explorer, "mode")
    page.focus("[data-testid=quiz-choices] input")  # Tab reaches the group; arrows choose; Enter checks
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=quiz-verdict][data-state=right]")  # a tie: either
    verdict = api.post("/api/quiz/check", json={**BODY, "question": question, "answer": "either"}).json()
    assert verdict["reason"] in explorer.text("[data-testid=quiz-verdict]")
    before = page.get_attribute("[data-testid=quiz-question]", "data-question")
    page.click("[data-testid=quiz-new]")
    page.wait_for_function(f"() => document.querySelector('[data-testid=quiz-question]').dataset.question !== '{before}'"
                           " && document.querySelector('[data-testid=quiz-progress]').textContent.startsWith('Question 1 ')")
    fresh = api.post("/api/quiz", json={**BODY, "variant": 1}).json()
    assert page.get_attribute("[data-testid=quiz-question]", "data-question") == fresh["questions"][0]["id"]
    assert explorer.text("[data-testid=quiz-score]").startswith("Score 0 of")


def test_show_in_the_graph_moves_the_player_to_the_answers_step(explorer: Explorer, api) -> None:
    page = explorer.page
    open_quiz(explorer, mode="reverse")  # the quiz's steps are those of mode both: the page switches to it
    question = go_to(explorer, "adjoint")
    assert page.is_hidden("[data-testid=quiz-show]")  # the answer is not given away before a verdict
    answer(explorer, "0", "right")
    step = next(q["step"] for q in api.post("/api/quiz", json=BODY).json()["questions"] if q["id"] == question)
    page.click("[data-testid=quiz-show]")
    page.wait_for_selector("[data-testid=lecture]", state="hidden")
    page.wait_for_function("() => new URLSearchParams(location.search).get('mode') === 'both'")
    explorer.wait_for_trace()
    page.wait_for_function(f"() => /^step {step} of /.test(document.querySelector('[data-testid=step-count]').textContent.trim())")
    trace = api.post("/api/trace", json={**BODY, "mode": "both"}).json()
    assert explorer.step() == (step, len(trace["steps"]))
    # the step is the last contribution to the node's adjoint: the graph shows the adjoint the question asked
    node = trace["steps"][step - 1]
    assert node["kind"] == "adjoint"
    page.keyboard.press("l")  # back to the quiz, where it was
    wait_ready(explorer, "quiz")
    assert page.get_attribute("[data-testid=quiz-question]", "data-question") == question


def test_present_mode_shows_the_question_and_the_answer_large_without_scrolling(explorer: Explorer) -> None:
    page = explorer.page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_quiz(explorer, present="1")
    for topic in ("primal", "adjoint", "first_adjoint"):
        go_to(explorer, topic)
        for selector in ("[data-testid=quiz-prompt]", "[data-testid=quiz-formula]", "[data-testid=quiz-check]",
                         "[data-testid=quiz-answer], [data-testid=quiz-choices]"):
            box = page.locator(selector).first.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= 720 and box["x"] + box["width"] <= 1280, (topic, selector)
        small = [entry for entry in page.evaluate(TEXT_SIZES) if entry["px"] < 20]
        assert not small, (topic, small)
        explorer.screenshot(f"quiz-present-1280-{topic}.png")
    page.click("[data-testid=quiz-choices] input >> nth=0")
    page.click("[data-testid=quiz-check]")
    page.wait_for_selector("[data-testid=quiz-verdict]:not([data-state=checking]):not(:empty)")
    verdict = page.locator("[data-testid=quiz-verdict]").bounding_box()
    assert verdict["y"] + verdict["height"] <= 720  # scrolled into view when it is long
    assert not [entry for entry in page.evaluate(TEXT_SIZES) if entry["px"] < 20]
    explorer.screenshot("quiz-present-1280-verdict.png")


def test_a_phone_has_no_horizontal_overflow(explorer: Explorer) -> None:
    page = explorer.page
    page.set_viewport_size({"width": 390, "height": 844})
    open_quiz(explorer)
    for topic in ("adjoint", "mode", "first_evaluated"):
        go_to(explorer, topic)
        if topic == "adjoint":
            answer(explorer, "0", "right")
        overflow = page.evaluate("""() => [...document.querySelectorAll('[data-testid=lecture] *')]
            .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > innerWidth + 0.5
                    && !e.closest('.quiz-explanation'))
            .map((e) => e.className || e.tagName)""")
        assert overflow == [], (topic, overflow)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        explorer.screenshot(f"quiz-390-{topic}.png")


def test_many_inputs_keep_the_head_to_a_line(explorer: Explorer) -> None:
    """Nine inputs: the head names four and counts them, and the question stays on a projected screen."""
    page = explorer.page
    page.set_viewport_size({"width": 1280, "height": 720})
    inputs = {f"x{i}": 0.5 for i in range(1, 10)}
    explorer.open(query("*".join(inputs), inputs, lecture="quiz", present="1"))
    wait_ready(explorer, "quiz")
    assert explorer.text("[data-testid=quiz-point]").endswith(", … (9 inputs)")
    assert page.locator("[data-testid=quiz-point] .tex").count() == 4
    point = page.locator("[data-testid=quiz-point]").bounding_box()
    assert point["height"] < 60  # one line, not a page of inputs
    prompt = page.locator("[data-testid=quiz-prompt]").bounding_box()
    assert prompt["y"] + prompt["height"] <= 720
