"""The page reads every fact from the engine: inputs appear as a program is edited (never an input
error), names and notation are the engine's, modes come from /api/meta."""
from __future__ import annotations

from .conftest import Explorer
from .test_stepping import trace_of


def run(explorer: Explorer, source: str) -> None:
    page = explorer.page
    page.fill("[data-testid=source]", source)
    page.click("[data-testid=run]")
    page.wait_for_function("e => document.querySelector('[data-testid=graph]').dataset.expression === e", arg=source)
    explorer.wait_for_trace()


def input_names(explorer: Explorer) -> list[str]:
    return explorer.page.eval_on_selector_all(
        "[data-testid=inputs] input[type=number]", "fields => fields.map(f => f.dataset.testid.slice(6))")


def test_typing_a_program_with_new_inputs_gives_them_fields_and_it_plays(explorer: Explorer, api) -> None:
    page = explorer.page
    explorer.open()  # the default page: exp(x)/x^2
    run(explorer, "a*b")
    assert input_names(explorer) == ["a", "b"]
    assert page.input_value("[data-testid=input-a]") == "1" and page.input_value("[data-testid=input-b]") == "1"
    assert page.is_hidden("[data-testid=error]")
    page.keyboard.press("End")
    k, total = explorer.step()
    assert k == total == 3 + 3 + 1 + 2  # evaluation, forward mode, the cotangent, two updates
    bars = [node["notation"]["adjoint"]["text"] for node in trace_of(api, "a*b", {"a": 1, "b": 1})["nodes"][:2]]
    assert bars == ["a\u0304", "b\u0304"]  # a combining macron over each one-letter name
    assert f"the gradient is {bars[0]} = 1, {bars[1]} = 1" in explorer.text("[data-testid=narration]")


def test_an_edited_program_keeps_the_values_of_the_inputs_it_still_has(explorer: Explorer) -> None:
    page = explorer.page
    explorer.open("?expr=tanh(w1*x1 %2B w2*x2 %2B b)&inputs=w1:-3,x1:2,w2:1,x2:0,b:6.88&mode=both")
    run(explorer, "tanh(w*x + b)")
    assert input_names(explorer) == ["w", "x", "b"]
    assert page.input_value("[data-testid=input-b]") == "6.88"
    assert page.input_value("[data-testid=input-w]") == "1"
    run(explorer, "tanh(w*2 + b)")  # x is gone from the program: its field goes too
    assert input_names(explorer) == ["w", "b"]
    # the link follows (its update waits for the page to rest): x is no longer among its inputs
    page.wait_for_function("() => !new URLSearchParams(location.search).get('inputs').split(',').some(p => p.startsWith('x:'))")
    run(explorer, "tanh(w*x + b)")  # x comes back with the value it had
    assert input_names(explorer) == ["w", "x", "b"] and page.input_value("[data-testid=input-x]") == "1"


def test_long_greek_and_subscripted_names_are_written_by_the_engine(explorer: Explorer, api) -> None:
    source = "loss = (θ*a_1 - target)^2\nloss"
    inputs = {"θ": 0.5, "a_1": 2.0, "target": 3.0}
    trace = trace_of(api, source, inputs)
    notation = {node["name"]: node["notation"] for node in trace["nodes"] if node["name"]}
    overlined = "".join(letter + "\u0305" for letter in "target")  # one line over the whole name
    assert notation["target"]["adjoint"] == {"text": overlined, "latex": r"\overline{\mathit{target}}"}
    assert notation["θ"]["tangent"]["latex"] == r"\dot{\theta}"
    assert notation["a_1"]["adjoint"] == {"text": "a\u0304\u2081", "latex": r"\bar{a}_{1}"}
    page = explorer.page
    explorer.open("?expr=loss+%3D+(θ*a_1+-+target)^2%0Aloss&inputs=θ:0.5,a_1:2,target:3&mode=both")
    texts = []
    for _ in range(len(trace["steps"])):
        page.keyboard.press("ArrowRight")
        texts.append(explorer.text("[data-testid=narration]"))
    texts.append(explorer.text("main") if page.locator("main").count() else explorer.text("body"))
    page_text = "\n".join(texts)
    for wrong in ("bar(", "dot(", "target\u0307", "target\u0304"):
        assert wrong not in page_text, wrong
    # the narration, the tables and the result use the engine's notation of each quantity
    assert notation["target"]["adjoint"]["text"] in page_text
    assert f"{notation['θ']['adjoint']['text']} = " in explorer.text("[data-testid=narration]")
    assert notation["a_1"]["adjoint"]["text"] in explorer.text("[data-testid=adjoints]")
    assert notation["θ"]["tangent"]["text"] in explorer.text("[data-testid=wengert]")
    assert notation["target"]["value"]["text"] in explorer.text("[data-testid=gradient]")
    assert notation["target"]["adjoint"]["text"] in explorer.text("[data-testid=gradient]")


def test_a_constant_reads_as_a_constant_in_forward_mode(explorer: Explorer, api) -> None:
    trace = trace_of(api, "x*2", {"x": 3}, "forward")
    k = next(k for k, step in enumerate(trace["steps"], start=1) if step["kind"] == "constant")
    explorer.open(f"?expr=x*2&inputs=x:3&mode=forward&step={k}")
    narration = explorer.text("[data-testid=narration]")
    assert "2 is a constant: its tangent is 0" in narration
    assert "does not depend on any input" in narration
    assert "2 = 0" not in explorer.text("[data-testid=equation]")


def test_the_mode_control_and_the_timeline_come_from_the_engine(explorer: Explorer, api) -> None:
    meta = api.get("/api/meta").json()
    explorer.open("?expr=x*y&inputs=x:1,y:2&mode=both")
    page = explorer.page
    radios = page.eval_on_selector_all("input[name=mode]", "radios => radios.map(r => r.value)")
    assert radios == [mode["name"] for mode in meta["modes"]]
    # the timeline shows the passes of the mode run (both: evaluation, forward mode, reverse mode)
    run_passes = next(mode for mode in meta["modes"] if mode["name"] == "both")["passes"]
    passes = [entry for entry in meta["passes"] if entry["name"] in run_passes]
    labels = page.eval_on_selector_all(".phase-label", "labels => labels.map(l => l.textContent)")
    assert labels == [entry["label"] for entry in passes]
    # each phase is painted with one custom property, --phase, set from the engine's phase name
    painted = page.eval_on_selector_all(".band", "bands => bands.map(b => b.style.getPropertyValue('--phase'))")
    assert painted == [f"var(--phase-{entry['name']}, var(--phase-other))" for entry in passes]


def test_the_player_skips_constants_when_asked(explorer: Explorer, api) -> None:
    trace = trace_of(api, "exp(x)/x^2", {"x": 2})
    explorer.open("?expr=exp(x)/x^2&inputs=x:2&mode=both&constants=skip")
    page = explorer.page
    seen = []
    while explorer.step()[0] < len(trace["steps"]):
        page.keyboard.press("ArrowRight")
        seen.append(explorer.step()[0])
    constants = {k for k, step in enumerate(trace["steps"], start=1) if not trace["nodes"][step["node"]]["active"]}
    assert constants == {3, 8}  # the constant 2: evaluated, and its tangent
    assert not constants & set(seen) and len(seen) == len(trace["steps"]) - 2
    page.uncheck("[data-testid=skip-constants]")
    assert "constants=show" in page.evaluate("() => new Promise(r => setTimeout(() => r(location.search), 400))")
    page.click("[data-testid=to-start]")
    for _ in range(3):
        page.click("[data-testid=step-forward]")
    assert explorer.step()[0] == 3
