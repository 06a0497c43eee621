// The quiz tab's logic (static/js/quiz-model.js) on the engine's questions and verdicts for x*y, x + y, sin(x)*y.
import assert from "node:assert/strict";
import { test } from "node:test";

import { isLectureTab } from "../../static/js/lecture-model.js";
import { checkBody, markSpan, nextQuestion, quizBody, score, showTarget, startProgress, withVerdict } from "../../static/js/quiz-model.js";
import { fromQuery } from "../../static/js/state.js";
import { lecture } from "./fixtures.mjs";

const { quiz, verdicts } = lecture;
const trace = { expression: "x*y, x + y, sin(x)*y", inputs: { x: 1, y: 2 } };

test("the request is the page's program and point, with its seed and output; a check drops the variant", () => {
  assert.deepEqual(quizBody({ trace, seed: null, output: 0 }), { expression: trace.expression, inputs: { x: 1, y: 2 }, variant: 0 });
  // a seed naming a name that is no longer an input is left out, as the page's own trace request does
  const body = quizBody({ trace, seed: { y: 1, gone: 1 }, output: 2 }, 3);
  assert.deepEqual(body.seed, { y: 1 });
  assert.deepEqual(body.cotangent, { 2: 1 });
  assert.equal(body.variant, 3);
  const question = quiz.questions[0];
  assert.deepEqual(checkBody(body, question, "1/2"), { expression: trace.expression, inputs: { x: 1, y: 2 }, seed: { y: 1 },
    cotangent: { 2: 1 }, question: question.id, answer: "1/2" });
});

test("the first verdict on a question counts for the score; the questions go round", () => {
  const [right, wrong] = verdicts;
  assert.equal(right.correct, true);
  assert.equal(wrong.correct, false);
  const total = quiz.questions.length;
  let progress = startProgress(quiz);
  assert.deepEqual(score(progress), { right: 0, answered: 0, total, text: `0 of ${total}` });
  progress = withVerdict(progress, wrong);
  progress = withVerdict(progress, right); // a second try does not change the score
  assert.deepEqual(score(progress), { right: 0, answered: 1, total, text: `0 of ${total}` });
  const fresh = withVerdict(startProgress(quiz), right);
  assert.equal(score(fresh).text, `1 of ${total}`);
  for (let i = 1; i <= total; i++) progress = nextQuestion(progress);
  assert.equal(progress.index, 0);
});

test("Show in the graph goes to the engine's step in the quiz's mode; a question without one goes nowhere", () => {
  for (const question of quiz.questions) {
    const target = showTarget(quiz, question);
    if (question.step === null) assert.equal(target, null);
    else assert.deepEqual(target, { mode: quiz.mode, k: question.step, node: question.node });
  }
  assert.ok(quiz.questions.some((question) => question.step === null));
  assert.ok(quiz.questions.some((question) => question.step > 0));
});

test("an error's span marks the answer; past the end it marks nothing", () => {
  assert.deepEqual(markSpan("2*y", [2, 3]), ["2*", "y", ""]);
  assert.deepEqual(markSpan("exp(2", [5, 6]), ["exp(2", "", ""]);
  assert.deepEqual(markSpan("1/0", null), ["1/0", "", ""]);
});

test("the link opens the quiz tab", () => {
  assert.equal(isLectureTab("quiz"), true);
  assert.equal(fromQuery("?lecture=quiz").lecture, "quiz");
});
