// The quiz tab's logic without the DOM: the request for the program on the page, and the progress through
// the engine's questions (which one is shown, the first verdict on each, the score). The page judges
// nothing: every verdict, number and sentence comes from POST /api/quiz/check.

/**
 * The body of /api/quiz for the page's state: its trace's program and point, the seed the person chose and
 * the output reverse mode starts from (as the page's own trace request says them: state.js traceRequest).
 */
export function quizBody(state, variant = 0) {
  const { trace } = state;
  const body = { expression: trace.expression, inputs: { ...trace.inputs }, variant };
  if (state.seed) body.seed = Object.fromEntries(Object.entries(state.seed).filter(([name]) => name in trace.inputs));
  if (state.output) body.cotangent = { [state.output]: 1 };
  return body;
}

/** The body of /api/quiz/check: the same program fields (without the variant), the question and the answer. */
export function checkBody(body, question, answer) {
  const { variant, ...program } = body;
  return { ...program, question: question.id, answer };
}

/** A fresh progress through a quiz: at its first question, nothing answered. */
export const startProgress = (quiz) => ({ quiz, index: 0, verdicts: {} });

/** The progress after a verdict: the first verdict on a question is the one that counts for the score. */
export function withVerdict(progress, verdict) {
  if (verdict.question in progress.verdicts) return progress;
  return { ...progress, verdicts: { ...progress.verdicts, [verdict.question]: verdict.correct } };
}

/** The progress at the next question, round to the first after the last. */
export const nextQuestion = (progress) => ({ ...progress, index: (progress.index + 1) % Math.max(1, progress.quiz.questions.length) });

/** The score: questions answered right at the first try, of all the quiz's questions. */
export function score(progress) {
  const right = Object.values(progress.verdicts).filter(Boolean).length;
  return { right, answered: Object.keys(progress.verdicts).length, total: progress.quiz.questions.length,
    text: `${right} of ${progress.quiz.questions.length}` };
}

/** Where "Show in the graph" takes the player: the mode of the quiz's trace and the step; null: nowhere. */
export function showTarget(quiz, question) {
  if (question.step === null || question.step === undefined) return null;
  return { mode: quiz.mode, k: question.step, node: question.node };
}

/** The answer as the text around an error's span: [before, at, after] ("exp(2" at 5: ["exp(2", "", ""]). */
export function markSpan(answer, span) {
  if (!span) return [answer, "", ""];
  const [start, end] = [Math.min(span[0], answer.length), Math.min(Math.max(span[1], span[0]), answer.length)];
  return [answer.slice(0, start), answer.slice(start, end), answer.slice(end)];
}
