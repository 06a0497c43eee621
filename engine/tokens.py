"""tokenize(source) -> tokens with positions. Never evaluates anything."""
from __future__ import annotations

import re
from typing import NamedTuple

from .errors import ExpressionError

NUMBER, NAME, OP, NEWLINE, END = "number", "name", "op", "newline", "end"

# One pattern for every token, so that one finditer walks the whole source in C. The spaces before a
# token are part of its match (start(kind) is where the token itself begins): one match a token, not
# two. No two alternatives can match at the same place (each begins with different characters), so
# their order matters only for the last two: `trailing` takes the spaces that end the source, and
# `bad` any other character, so the matches cover the source with no gap and skip nothing.
_TOKEN = re.compile(r"""
    [^\S\n]*
    (?:
        (?P<name>[^\W\d]\w*)
      | (?P<op>\*\*|[-+*/^(),=;])
      | (?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
      | (?P<newline>\n)
      | (?P<comment>\#[^\n]*)
      | (?P<trailing>\Z)
      | (?P<bad>.)
    )
""", re.VERBOSE)

# Characters people paste from slides, and what to type instead.
_LOOKALIKES = {"×": "*", "·": "*", "⋅": "*", "÷": "/", "−": "-", "–": "-", "²": "^2", "³": "^3"}


# A token as scan() gives it and the parser reads it: (kind, text, start, end).
ScannedToken = tuple[str, str, int, int]


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int


def tokenize(source: str) -> list[Token]:
    """Split a program into tokens. Newlines inside parentheses do not end a statement."""
    return [Token._make(token) for token in scan(source)]


def scan(source: str) -> list[ScannedToken]:
    """tokenize(source) as plain (kind, text, start, end) tuples, which the parser reads: a program
    has a token every few characters, and a plain tuple costs a fraction of a NamedTuple."""
    tokens: list[ScannedToken] = []
    append = tokens.append
    depth = 0
    for found in _TOKEN.finditer(source):
        kind = found.lastgroup
        if kind == NAME or kind == NUMBER:
            text = found[kind]
            start = found.start(kind)
            append((kind, text, start, start + len(text)))
        elif kind == OP:
            text = found[kind]
            start = found.start(kind)
            end = start + len(text)
            if text == "(":
                depth += 1
            elif text == ")":
                depth = max(0, depth - 1)
            elif text == "**":
                text = "^"
            append((OP, text, start, end))
        elif kind == NEWLINE:
            if depth == 0:
                start = found.start(kind)
                append((NEWLINE, "\n", start, start + 1))
        elif kind == "bad":
            raise _bad_character(source, found.start(kind))
    n = len(source)
    append((END, "", n, n))
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


def describe(token: ScannedToken) -> str:
    """A token as an error message names it: name 'x', number 2, end of line."""
    kind, text, _, _ = token
    if kind == END:
        return "end of input"
    if kind == NEWLINE:
        return "end of line"
    if kind == NUMBER:
        return f"number {text}"
    if kind == NAME:
        return f"name '{text}'"
    return f"'{text}'"


def is_wengert_variable(name: str) -> bool:
    """v0, v1, ...: the names the Wengert list gives its nodes, so a program may not use them (a
    student reading `v3 = v1 * v2` must know that v3 is node 3, not an input called v3)."""
    return name[0] == "v" and name[1:].isdigit() and name[1:].isascii()
