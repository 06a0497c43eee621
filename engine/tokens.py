"""tokenize(source) -> tokens with positions. Never evaluates anything."""
from __future__ import annotations

import re
from typing import NamedTuple

from .errors import ExpressionError

NUMBER, NAME, OP, NEWLINE, END = "number", "name", "op", "newline", "end"

# One pattern, tried at each position; the group that matches names the token's kind.
_TOKEN = re.compile(r"""
    (?P<space>[^\S\n]+)
  | (?P<comment>\#[^\n]*)
  | (?P<newline>\n)
  | (?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[^\W\d]\w*)
  | (?P<op>\*\*|[-+*/^(),=;])
""", re.VERBOSE)

# Characters people paste from slides, and what to type instead.
_LOOKALIKES = {"×": "*", "·": "*", "⋅": "*", "÷": "/", "−": "-", "–": "-", "²": "^2", "³": "^3"}


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int


def tokenize(source: str) -> list[Token]:
    """Split a program into tokens. Newlines inside parentheses do not end a statement."""
    tokens: list[Token] = []
    append = tokens.append
    match = _TOKEN.match
    depth = 0
    i, n = 0, len(source)
    while i < n:
        found = match(source, i)
        if found is None:
            raise _bad_character(source, i)
        kind, end = found.lastgroup, found.end()
        if kind == OP:
            text = found.group()
            if text == "(":
                depth += 1
            elif text == ")":
                depth = max(0, depth - 1)
            append(Token(OP, "^" if text == "**" else text, i, end))
        elif kind == NAME or kind == NUMBER:
            append(Token(kind, found.group(), i, end))
        elif kind == NEWLINE and depth == 0:
            append(Token(NEWLINE, "\n", i, end))
        i = end
    append(Token(END, "", n, n))
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
