// The lecture's quiz tab: one question at a time on the program on the page (POST /api/quiz), answered in a
// field (any constant expression the engine reads: 1/4, exp(2)/4) or by a choice, and judged by the engine
// (POST /api/quiz/check): right or not, the expected answer and the chain-rule formula with the trace's
// numbers. "Show in the graph" moves the player to the step that shows the answer. The page computes
// nothing: it sends the text and shows the verdict.

import { quizCheck, quizOf } from "./api.js";
import { h, replace } from "./dom.js";
import { num } from "./format.js";
import { paintPhase, phaseLabel } from "./meta.js";
import { checkBody, markSpan, nextQuestion, score, showTarget, startProgress, withVerdict } from "./quiz-model.js";
import { tex } from "./tex.js";

const POINT_SHOWN = 4; // the inputs named in the head; more are counted

const formula = (written, testid) => h("span", { class: "quiz-formula", "data-testid": testid }, tex(written.latex, written.text));

function choiceList(question) {
  return h("div", { class: "quiz-choices", role: "radiogroup", "aria-label": "Choices", "data-testid": "quiz-choices" },
    question.choices.map((choice) => h("label", { class: "quiz-choice", "data-testid": `quiz-choice-${choice.id}` },
      h("input", { type: "radio", name: "quiz-choice", value: choice.id }),
      h("span", { class: "quiz-choice-text" }, choice.latex ? tex(choice.latex, choice.text)
        : choice.source ? h("code", {}, choice.text) : choice.text),
      choice.latex && choice.source && choice.source !== choice.text ? h("span", { class: "quiz-choice-source" }, h("code", {}, choice.source)) : null)));
}

function answerField() {
  return h("input", { type: "text", class: "quiz-answer", "data-testid": "quiz-answer", "aria-label": "Your answer",
    autocomplete: "off", spellcheck: "false", autocapitalize: "off", placeholder: "e.g. 1/4 or exp(2)/4",
    "aria-describedby": "quiz-hint" });
}

/** The verdict: right or not, what was expected and what the answer is worth, the formula and why. */
function verdictView(verdict, question) {
  const lines = [];
  if (question.kind === "number") {
    lines.push(h("p", { class: "quiz-numbers" }, "Expected ", h("strong", {}, num(verdict.expected, 6)),
      "; your answer is ", h("strong", { "data-testid": "quiz-value" }, num(verdict.value, 6)), "."));
  } else {
    const expected = question.choices.find((choice) => choice.id === verdict.expected_choice);
    lines.push(h("p", { class: "quiz-numbers" }, "The answer: ",
      expected.latex ? tex(expected.latex, expected.text) : h("code", {}, expected.text), "."));
  }
  return [
    h("p", { class: "quiz-verdict-head" }, verdict.correct ? "Right." : "Not quite."),
    lines,
    h("p", { class: "quiz-explanation", "data-testid": "quiz-explanation" }, tex(`\\displaystyle ${verdict.explanation.latex}`, verdict.explanation.text)),
    h("p", { class: "quiz-reason" }, verdict.reason),
  ];
}

/** An answer the engine could not read: its message, and the answer with the part at fault marked. */
function errorView(error, answer) {
  const [before, at, after] = markSpan(answer, error.span);
  return [
    h("p", { class: "quiz-verdict-head" }, "The engine cannot read this answer."),
    h("p", { class: "quiz-error-message" }, error.message),
    answer ? h("p", { class: "quiz-error-answer" }, h("code", {}, before, h("mark", {}, at || " "), after)) : null,
  ];
}

/**
 * Render a /api/quiz response into `container`. body: the request that gave it (the next variant and every
 * check reuse it); onShow({mode, k, node}): move the player there.
 */
export function renderQuiz(container, quiz, { body, onShow }) {
  let progress = startProgress(quiz);
  let current = body;

  async function fresh() {
    container.dataset.quizState = "loading";
    const next = { ...current, variant: current.variant + 1 };
    try {
      const response = await quizOf(next);
      current = next;
      progress = startProgress(response);
      draw();
      focusAnswer();
    } catch (error) {
      replace(container.querySelector("[data-testid=quiz-verdict]"), h("p", { class: "quiz-verdict-head" }, error.message));
    }
    container.dataset.quizState = "ready";
  }

  function draw() {
    const { quiz: shown, index } = progress;
    const tally = score(progress);
    const head = h("div", { class: "quiz-head" },
      h("span", { class: "quiz-progress", "data-testid": "quiz-progress" }, `Question ${index + 1} of ${shown.questions.length}`),
      // the point: its first inputs, the rest counted (a network's 180 inputs would fill the screen)
      h("span", { class: "quiz-point", "data-testid": "quiz-point" }, shown.point.slice(0, POINT_SHOWN).map((item, i) => [i ? ", " : "", tex(item.latex, item.text)]),
        shown.point.length > POINT_SHOWN ? `, … (${shown.point.length} inputs)` : null),
      h("span", { class: "quiz-score", "data-testid": "quiz-score", "aria-label": `Score: ${tally.text} right` }, `Score ${tally.text}`));
    if (!shown.questions.length) {
      container.replaceChildren(head, h("p", { class: "lecture-lead" }, "This program has no operation on an input to ask about: try an example."));
      return;
    }
    const question = shown.questions[index];
    const chip = h("span", { class: "phase-chip quiz-phase" }, question.phase ? phaseLabel(question.phase) : "the whole program");
    paintPhase(chip, question.phase);
    const field = question.kind === "number" ? answerField() : null;
    const verdictBox = h("div", { class: "quiz-verdict", role: "status", "aria-live": "polite", "data-testid": "quiz-verdict", tabindex: "-1" });
    const target = showTarget(shown, question);
    const showButton = h("button", { type: "button", class: "button", "data-testid": "quiz-show", hidden: true,
      onclick: () => onShow({ ...target, note: "The step that shows the answer. Press L to go back to the quiz." }) }, "Show in the graph");
    const nextButton = h("button", { type: "button", class: "button", "data-testid": "quiz-next",
      onclick: () => { progress = nextQuestion(progress); draw(); focusAnswer(); } }, "Next question");
    const check = h("button", { type: "submit", class: "button button--primary quiz-check", "data-testid": "quiz-check" }, "Check");

    async function submit(event) {
      event.preventDefault();
      const answer = field ? field.value : container.querySelector(".quiz-choice input:checked")?.value;
      if (answer === undefined) {
        replace(verdictBox, h("p", { class: "quiz-verdict-head" }, "Choose one of the answers first."));
        container.querySelector(".quiz-choice input").focus();
        return;
      }
      verdictBox.dataset.state = "checking";
      try {
        const verdict = await quizCheck(checkBody(current, question, answer));
        progress = withVerdict(progress, verdict);
        container.querySelector("[data-testid=quiz-score]").textContent = `Score ${score(progress).text}`;
        verdictBox.dataset.state = verdict.correct ? "right" : "wrong";
        replace(verdictBox, verdictView(verdict, question));
        verdictBox.scrollIntoView({ block: "nearest" });
        if (field) field.removeAttribute("aria-invalid");
        showButton.hidden = target === null;
        // right: on to the next question; wrong: back to the answer, to try again
        (verdict.correct ? nextButton : field ?? container.querySelector(".quiz-choice input:checked")).focus();
      } catch (error) {
        verdictBox.dataset.state = "error";
        replace(verdictBox, errorView(error, answer));
        verdictBox.scrollIntoView({ block: "nearest" });
        if (field) {
          field.setAttribute("aria-invalid", "true");
          field.focus();
          if (error.span) field.setSelectionRange(Math.min(error.span[0], answer.length), Math.min(error.span[1], answer.length));
        }
      }
    }

    const form = h("form", { class: "quiz-form", "data-testid": "quiz-form", onsubmit: submit },
      field ?? choiceList(question), check);
    // Enter on a choice checks it, as in the field
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.type === "radio") form.requestSubmit();
    });
    const card = h("section", { class: "quiz-question", "data-testid": "quiz-question", "data-question": question.id,
      "data-kind": question.kind, "aria-labelledby": "quiz-prompt" },
    h("div", { class: "quiz-meta" }, chip),
    h("p", { class: "quiz-prompt", id: "quiz-prompt", "data-testid": "quiz-prompt" }, question.prompt),
    question.given.length ? h("ul", { class: "quiz-given", "aria-label": "Given", "data-testid": "quiz-given" },
      question.given.map((item) => h("li", {}, tex(`\\displaystyle ${item.latex}`, item.text)))) : null,
    h("div", { class: "quiz-ask" }, formula(question.formula, "quiz-formula"), form),
    question.kind === "number" ? h("p", { class: "quiz-hint", id: "quiz-hint" },
      quiz.hint) : null,
    verdictBox,
    h("div", { class: "quiz-actions" }, showButton, nextButton,
      h("button", { type: "button", class: "button", "data-testid": "quiz-new", onclick: fresh }, "New questions")));
    paintPhase(card, question.phase);
    container.replaceChildren(head, card);
  }

  function focusAnswer() {
    container.querySelector(".quiz-answer, .quiz-choice input")?.focus();
  }

  container.dataset.quizState = "ready";
  draw();
}
