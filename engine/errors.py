"""ExpressionError: every way an expression can be wrong, with where it is wrong."""
from __future__ import annotations

KINDS = (
    "syntax",
    "unknown_function",
    "arity",
    "unknown_input",
    "unknown_output",
    "missing_input",
    "domain",
    "limit",
    "unknown_question",  # a quiz question id that asks nothing of this program
    "unknown_choice",  # an answer to a choice question that is not one of its choices
)


class ExpressionError(Exception):
    """A bad expression or bad values: a kind, a one-line message, and a 0-based position and span.

    `position` is the character a caret should point at; `span` is [start, end) of the text at fault.
    Both are None when the fault has no place in the source (a bad input value, say).
    """

    def __init__(
        self,
        kind: str,
        message: str,
        position: int | None = None,
        span: tuple[int, int] | None = None,
        source: str | None = None,
        *,
        limit: str | None = None,
        inputs: tuple[str, ...] | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown error kind {kind!r}")
        if position is not None and span is None:
            span = (position, position + 1)
        self.kind = kind
        self.message = message
        self.position = position
        self.span = span
        self.source = source
        self.limit = limit  # for kind "limit": the Limits field exceeded (max_length, max_nodes, max_depth)
        self.inputs = inputs  # for kind "missing_input": every input of the expression, in order
        super().__init__(message)

    def with_source(self, source: str) -> "ExpressionError":
        self.source = source
        return self

    def line_column(self) -> tuple[int, int] | None:
        """1-based line and column of the position, as an editor counts them."""
        if self.position is None or self.source is None:
            return None
        before = self.source[: self.position]
        line = before.count("\n") + 1
        column = self.position - (before.rfind("\n") + 1) + 1
        return line, column

    def where(self) -> str:
        if self.position is None or self.source is None:
            return ""
        if self.position >= len(self.source):
            return "at end of input"
        line, column = self.line_column()  # type: ignore[misc]
        return f"at line {line}, column {column}"

    def __str__(self) -> str:
        where = self.where()
        return f"{self.message} ({where})" if where else self.message

    def caret(self) -> str:
        """The source line at fault with a caret (and tildes over the span) under it."""
        if self.position is None or self.source is None:
            return ""
        start = self.source.rfind("\n", 0, self.position) + 1
        end = self.source.find("\n", self.position)
        end = len(self.source) if end == -1 else end
        line = self.source[start:end]
        column = self.position - start
        span_end = min(self.span[1], end) if self.span else self.position + 1
        width = max(1, span_end - self.position)
        return f"{line}\n{' ' * column}^{'~' * (width - 1)}"

    def to_dict(self) -> dict:
        record = {
            "kind": self.kind,
            "message": self.message,
            "position": self.position,
            "span": list(self.span) if self.span is not None else None,
        }
        if self.limit is not None:
            record["limit"] = self.limit
        if self.inputs is not None:
            record["inputs"] = list(self.inputs)
        return record
