// The expression editor: a textarea over a backdrop that marks a span (an error, or the inspected
// node's source text), Run on Ctrl/Cmd+Enter, and the API's error with a caret under its position.
// Nothing here ever replaces what the person typed.

import { h, replace } from "./dom.js";

export function createEditor({ textarea, backdrop, runButton, errorBox }, { onRun }) {
  let marks = { error: null, source: null }; // [start, end) spans

  const run = () => onRun(textarea.value);
  runButton.addEventListener("click", run);
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  textarea.addEventListener("input", () => {
    // the text moved under the marks: they no longer point at the right characters
    marks = { error: null, source: null };
    paint();
  });
  textarea.addEventListener("scroll", () => {
    backdrop.scrollTop = textarea.scrollTop;
    backdrop.scrollLeft = textarea.scrollLeft;
  });

  /** Redraw the backdrop: the text, with <mark>s over the error span and the inspected span. */
  function paint() {
    const text = textarea.value;
    const cuts = new Set([0, text.length]);
    const spans = Object.entries(marks).filter(([, span]) => span);
    for (const [, [start, end]] of spans) {
      cuts.add(Math.min(start, text.length));
      cuts.add(Math.min(end, text.length));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const pieces = [];
    for (let i = 0; i < points.length - 1; i++) {
      const [from, to] = [points[i], points[i + 1]];
      const kinds = spans.filter(([, [start, end]]) => start <= from && to <= end).map(([kind]) => kind);
      const piece = text.slice(from, to);
      pieces.push(kinds.length ? h("mark", { class: kinds.map((kind) => `mark--${kind}`).join(" ") }, piece) : piece);
    }
    // an error at the end of the input marks the place after the last character
    if (marks.error && marks.error[0] >= text.length) pieces.push(h("mark", { class: "mark--error mark--end" }, " "));
    pieces.push("\n");
    replace(backdrop, pieces);
    backdrop.scrollTop = textarea.scrollTop;
  }

  /** Show the API's error in place (message, line and column, the line with a caret), or clear it. */
  function showError(error, source) {
    if (!error) {
      // nothing to clear: no repaint (paint() reads the scroll position, which forces a layout)
      if (errorBox.hidden && marks.error === null) return;
      errorBox.hidden = true;
      errorBox.replaceChildren();
      delete errorBox.dataset.position;
      marks.error = null;
      paint();
      return;
    }
    const children = [h("p", { class: "error-message", "data-testid": "error-message" }, error.message)];
    if (Number.isInteger(error.position) && source === textarea.value) {
      const { line, column, lineText } = whereIs(source, error.position);
      const width = Math.max(1, Math.min((error.span?.[1] ?? error.position + 1), error.position + lineText.length) - error.position);
      const caretLine = " ".repeat(column) + "^" + "~".repeat(Math.max(0, Math.min(width, lineText.length - column + 1) - 1));
      children.push(
        h("p", { class: "error-where" }, error.position >= source.length ? "at the end of the input" : `line ${line}, column ${column + 1}`),
        h("pre", { class: "error-caret", "data-testid": "error-caret" }, `${lineText}\n`, h("span", { class: "caret" }, caretLine)));
      errorBox.dataset.position = String(error.position);
      marks.error = error.span ?? [error.position, error.position + 1];
    } else {
      marks.error = null;
      delete errorBox.dataset.position;
    }
    errorBox.dataset.kind = error.kind;
    replace(errorBox, children);
    errorBox.hidden = false;
    paint();
  }

  return {
    get text() {
      return textarea.value;
    },
    setText(text) {
      if (textarea.value !== text) {
        textarea.value = text;
        marks = { error: null, source: null };
        paint();
      }
    },
    showError,
    /** Mark the source text a node came from (null clears it), and scroll it into view. */
    highlight(span) {
      if (span === null && marks.source === null) return; // nothing marked, nothing to clear
      marks.source = span;
      paint();
      const mark = backdrop.querySelector(".mark--source");
      if (mark) textarea.scrollTop = Math.max(0, mark.offsetTop - textarea.clientHeight / 2);
    },
  };
}

/** 1-based line, 0-based column of a position, and the text of its line. */
function whereIs(source, position) {
  const start = source.lastIndexOf("\n", position - 1) + 1;
  const endIndex = source.indexOf("\n", position);
  const end = endIndex === -1 ? source.length : endIndex;
  const line = source.slice(0, start).split("\n").length;
  return { line, column: position - start, lineText: source.slice(start, end) };
}
