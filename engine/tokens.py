"""tokenize(source) -> tokens with positions. Never evaluates anything."""
from __future__ import annotations

from typing import NamedTuple

from .errors import ExpressionError

NUMBER, NAME, OP, NEWLINE, END = "number", "name", "op", "newline", "end"

# Longest first, so that `**` is one token.
_OPERATORS = ("**", "+", "-", "*", "/", "^", "(", ")", ",", "=", ";")

# Characters people paste from slides, and what to type instead.
_LOOKALIKES = {"×": "*", "·": "*", "⋅": "*", "÷": "/", "−": "-", "–": "-", "²": "^2", "³": "^3"}


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int


def _is_name_start(ch: str) -> bool:
    return ch.isalpha() or ch == "_"


def _is_name_part(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _number_end(source: str, i: int) -> int:
    """End of the number starting at i: digits, an optional fraction, an optional exponent."""
    n = len(source)
    while i < n and source[i].isdigit() and source[i].isascii():
        i += 1
    if i < n and source[i] == ".":
        i += 1
        while i < n and source[i].isdigit() and source[i].isascii():
            i += 1
    if i < n and source[i] in "eE":
        j = i + 1
        if j < n and source[j] in "+-":
            j += 1
        if j < n and source[j].isdigit() and source[j].isascii():
            while j < n and source[j].isdigit() and source[j].isascii():
                j += 1
            i = j
    return i


def tokenize(source: str) -> list[Token]:
    """Split a program into tokens. Newlines inside parentheses do not end a statement."""
    tokens: list[Token] = []
    depth = 0
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "#":
            while i < n and source[i] != "\n":
                i += 1
        elif ch == "\n":
            if depth == 0:
                tokens.append(Token(NEWLINE, "\n", i, i + 1))
            i += 1
        elif ch.isspace():
            i += 1
        elif (ch.isdigit() and ch.isascii()) or (ch == "." and i + 1 < n and source[i + 1].isdigit()):
            end = _number_end(source, i)
            tokens.append(Token(NUMBER, source[i:end], i, end))
            i = end
        elif _is_name_start(ch):
            end = i + 1
            while end < n and _is_name_part(source[end]):
                end += 1
            tokens.append(Token(NAME, source[i:end], i, end))
            i = end
        else:
            op = next((o for o in _OPERATORS if source.startswith(o, i)), None)
            if op is None:
                raise _bad_character(source, i)
            if op == "(":
                depth += 1
            elif op == ")":
                depth = max(0, depth - 1)
            tokens.append(Token(OP, "^" if op == "**" else op, i, i + len(op)))
            i += len(op)
    tokens.append(Token(END, "", n, n))
    return tokens


def _bad_character(source: str, i: int) -> ExpressionError:
    ch = source[i]
    hint = _LOOKALIKES.get(ch)
    if hint:
        message = f"unexpected character '{ch}': write '{hint}' instead"
    elif ch == ".":
        message = "a '.' must be followed by digits, as in .5"
    elif ch.isprintable():
        message = f"unexpected character '{ch}'"
    else:
        message = f"unexpected character U+{ord(ch):04X}"
    return ExpressionError("syntax", message, i, (i, i + 1), source)
