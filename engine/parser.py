"""A Pratt parser driven by one binding-power table: tokens -> AST nodes with source spans.

Grammar (loosest first): `+ -` left-assoc, `* /` left-assoc, unary `- +`, `^` (`**`) right-assoc.
A program is statements separated by newlines or `;`; `name = expr` names a value; the last
statement is the output, or `expr, expr, ...` for several outputs.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from .errors import ExpressionError
from .ops import BINARY_OPERATORS, CONSTANTS, FUNCTIONS, PRIMITIVES
from .tokens import END, NAME, NEWLINE, NUMBER, OP, Token, tokenize

# (left binding power, right binding power); right-associative `^` has the smaller right power.
BINDING_POWER: dict[str, tuple[int, int]] = {
    "+": (10, 11),
    "-": (10, 11),
    "*": (20, 21),
    "/": (20, 21),
    "^": (41, 40),
}
# Unary minus binds looser than `^` (so -x^2 is -(x^2)) and tighter than `*`.
PREFIX_POWER = 30

# Each level of nesting costs the parser a few Python frames; past this the recursion limit is near.
HARD_MAX_DEPTH = 250


# AST nodes. eq=False: comparing or hashing a deep tree must never recurse.
@dataclass(frozen=True, slots=True, eq=False)
class Number:
    value: float
    text: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True, eq=False)
class Name:
    name: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True, eq=False)
class Call:
    op: str  # primitive name
    args: tuple["Expr", ...]
    span: tuple[int, int]
    position: int  # the function name


@dataclass(frozen=True, slots=True, eq=False)
class Unary:
    op: str  # "neg"
    operand: "Expr"
    span: tuple[int, int]
    position: int  # the operator


@dataclass(frozen=True, slots=True, eq=False)
class Binary:
    op: str  # primitive name
    left: "Expr"
    right: "Expr"
    span: tuple[int, int]
    position: int  # the operator


Expr = Number | Name | Call | Unary | Binary


@dataclass(frozen=True, slots=True, eq=False)
class Statement:
    target: str | None  # the name assigned, if any
    target_span: tuple[int, int] | None
    exprs: tuple[Expr, ...]  # several only in the last statement
    span: tuple[int, int]


@dataclass(frozen=True, slots=True, eq=False)
class Program:
    source: str
    statements: tuple[Statement, ...]


def parse(source: str, max_depth: int = 200) -> Program:
    """Parse a program. Raises ExpressionError (kind syntax, unknown_function, arity or limit)."""
    try:
        return _Parser(source, tokenize(source), min(max_depth, HARD_MAX_DEPTH)).program()
    except ExpressionError as error:
        raise error.with_source(source)


def parse_expression(source: str, max_depth: int = 200) -> Expr:
    """Parse a single expression (no statements); used by tests and tools."""
    program = parse(source, max_depth)
    statement = program.statements[-1]
    if len(program.statements) != 1 or statement.target is not None or len(statement.exprs) != 1:
        raise ExpressionError("syntax", "expected a single expression", 0, (0, len(source)), source)
    return statement.exprs[0]


def _describe(token: Token) -> str:
    if token.kind == END:
        return "end of input"
    if token.kind == NEWLINE:
        return "end of line"
    if token.kind == NUMBER:
        return f"number {token.text}"
    if token.kind == NAME:
        return f"name '{token.text}'"
    return f"'{token.text}'"


class _Parser:
    def __init__(self, source: str, tokens: list[Token], max_depth: int) -> None:
        self.source = source
        self.tokens = tokens + [tokens[-1]] * 2  # END padding: peek(1) and peek(2) need no bounds check
        self.index = 0
        self.max_depth = max_depth

    # -- token helpers ---------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[self.index + ahead]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != END:
            self.index += 1
        return token

    def at_op(self, text: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind == OP and token.text == text

    def error(self, message: str, token: Token, kind: str = "syntax") -> ExpressionError:
        return ExpressionError(kind, message, token.start, (token.start, max(token.end, token.start + 1)))

    def at_statement_end(self) -> bool:
        token = self.peek()
        return token.kind in (NEWLINE, END) or (token.kind == OP and token.text == ";")

    # -- statements ------------------------------------------------------------------------------
    def program(self) -> Program:
        statements: list[Statement] = []
        while True:
            while self.peek().kind == NEWLINE or self.at_op(";"):
                self.advance()
            if self.peek().kind == END:
                break
            statements.append(self.statement())
            if not self.at_statement_end():
                raise self.unexpected_after_statement(self.peek())
        if not statements:
            end = len(self.source)
            raise ExpressionError("syntax", "the program is empty: type an expression such as exp(x)/x^2", end, (end, end + 1))
        for statement in statements[:-1]:
            if len(statement.exprs) > 1:
                raise ExpressionError(
                    "syntax", "several outputs (a, b) are allowed only in the last statement",
                    statement.span[0], statement.span)
            if statement.target is None:
                raise ExpressionError(
                    "syntax", "this value is never used: name it (y = ...) or make it the last statement",
                    statement.span[0], statement.span)
        return Program(self.source, tuple(statements))

    def statement(self) -> Statement:
        start = self.peek().start
        target = target_span = None
        if self.peek().kind == NAME and self.at_op("=", 1):
            name = self.advance()
            self.advance()
            target, target_span = name.text, (name.start, name.end)
        exprs = [self.expression(0, 0)]
        while self.at_op(","):
            self.advance()
            exprs.append(self.expression(0, 0))
        if target is not None and len(exprs) > 1:
            raise ExpressionError("syntax", "assign one value at a time: y = expression",
                                  exprs[1].span[0], exprs[1].span)
        return Statement(target, target_span, tuple(exprs), (start, exprs[-1].span[1]))

    def unexpected_after_statement(self, token: Token) -> ExpressionError:
        if token.kind == OP and token.text == ")":
            return self.error("unmatched ')': there is no '(' for it to close", token)
        if token.kind == OP and token.text == "=":
            return self.error("only a name can be assigned to: write name = expression", token)
        return self.error(f"expected the end of the statement, got {_describe(token)}", token)

    # -- expressions -----------------------------------------------------------------------------
    def expression(self, min_power: int, depth: int) -> Expr:
        if depth > self.max_depth:
            error = self.error(f"the expression is nested more than {self.max_depth} levels deep", self.peek(), "limit")
            error.limit = "max_depth"
            raise error
        left = self.prefix(depth)
        while True:
            token = self.peek()
            if token.kind == OP and token.text in BINDING_POWER:
                left_power, right_power = BINDING_POWER[token.text]
                if left_power < min_power:
                    break
                self.advance()
                right = self.expression(right_power, depth + 1)
                left = Binary(BINARY_OPERATORS[token.text], left, right,
                              (left.span[0], right.span[1]), token.start)
            elif token.kind in (NUMBER, NAME) or (token.kind == OP and token.text == "("):
                raise self.missing_operator(left, token)
            else:
                break
        return left

    def missing_operator(self, left: Expr, token: Token) -> ExpressionError:
        before = self.source[left.span[0]:left.span[1]]
        after = token.text
        if len(before) > 12:
            before = "..." + before[-8:]
        return self.error(
            f"missing operator before {_describe(token)}: write {before}*{after} to multiply", token)

    def prefix(self, depth: int) -> Expr:
        token = self.advance()
        if token.kind == NUMBER:
            value = float(token.text)
            if value == float("inf"):
                raise self.error(f"the number {token.text} is too large for a double", token)
            return Number(value, token.text, (token.start, token.end))
        if token.kind == NAME:
            if self.at_op("("):
                return self.call(token, depth)
            if token.text in FUNCTIONS and token.text not in CONSTANTS:
                raise self.error(f"{token.text} is a function: call it as {token.text}(...)", token)
            return Name(token.text, (token.start, token.end))
        if token.kind == OP and token.text == "(":
            inner = self.expression(0, depth + 1)
            self.expect_close(token, "(")
            return inner
        if token.kind == OP and token.text in "-+":
            operand = self.expression(PREFIX_POWER, depth + 1)
            span = (token.start, operand.span[1])
            if token.text == "+":
                return operand
            if isinstance(operand, Number):
                # A negative literal is one constant node: -2 rather than neg(2).
                return Number(-operand.value, "-" + operand.text, span)
            return Unary("neg", operand, span, token.start)
        raise self.error(f"expected an expression, got {_describe(token)}", token)

    def call(self, name: Token, depth: int) -> Call:
        if name.text not in FUNCTIONS:
            raise self.error(_unknown_function_message(name.text), name, "unknown_function")
        opening = self.advance()
        args: list[Expr] = []
        if not self.at_op(")"):
            args.append(self.expression(0, depth + 1))
            while self.at_op(","):
                self.advance()
                args.append(self.expression(0, depth + 1))
        closing = self.expect_close(name, f"{name.text}(")
        op = FUNCTIONS[name.text]
        arity = PRIMITIVES[op].arity
        span = (name.start, closing.end)
        if len(args) != arity:
            wanted = "1 argument" if arity == 1 else f"{arity} arguments"
            raise ExpressionError("arity", f"{name.text} takes {wanted}, got {len(args)}", name.start, span)
        return Call(op, tuple(args), span, name.start)

    def expect_close(self, opening: Token, what: str) -> Token:
        """Consume the ')' matching `what`, which began at the token `opening`."""
        token = self.peek()
        if token.kind == OP and token.text == ")":
            return self.advance()
        if token.kind == OP and token.text == ",":
            raise self.error(f"unexpected ',' inside '{what}': only function calls take several arguments", token)
        line_start = self.source.rfind("\n", 0, opening.start) + 1
        column = opening.start - line_start + 1
        raise self.error(
            f"expected ')' to close '{what}' opened at column {column}, got {_describe(token)}", token)


def _unknown_function_message(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(FUNCTIONS), n=1)
    hint = f"; did you mean {close[0]}?" if close else f"; known functions: {', '.join(sorted(FUNCTIONS))}"
    return f"unknown function '{name}'{hint}"


def to_sexpr(expr: Expr) -> str:
    """The AST as a golden S-expression, e.g. '(add x (mul 2 y))'. Iterative, for any depth."""
    out: list[str] = []
    stack: list[object] = [expr]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Number):
            out.append(_format_number(item.value))
        elif isinstance(item, Name):
            out.append(item.name)
        else:
            children = (item.operand,) if isinstance(item, Unary) else (
                item.args if isinstance(item, Call) else (item.left, item.right))
            stack.append(")")
            for child in reversed(children):
                stack.append(child)
                stack.append(" ")
            out.append("(" + item.op)
    return "".join(out)


def _format_number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
