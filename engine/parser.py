"""A Pratt parser driven by one binding-power table: tokens -> a builder's calls, with source spans.

Grammar (loosest first): `+ -` left-assoc, `* /` left-assoc, unary `- +`, `^` (`**`) right-assoc.
A program is statements separated by newlines or `;`; `name = expr` names a value; the last
statement is the output, or `expr, expr, ...` for several outputs.

`name(a, b) = expr` defines a function. Its body sees only its parameters and the constants, and
calls only primitives and the functions defined above it, so no function can call itself, directly
or through another (engine/definitions.py reads definitions). A call of it is written out
(inlined) by the graph builder.

The parser makes nothing itself: it calls a builder for each number, name, operation and statement
it reads, in the order of the text (operands first). engine/syntax.py's TreeBuilder makes a syntax
tree; engine/graph.py's builder makes the graph's nodes directly, so compiling a program makes no
tree. A function's body is always read into a tree, which the graph builder writes out at each call.
"""
from __future__ import annotations

import math
from typing import Any

from .errors import ExpressionError
from .ops import BINARY_OPERATORS, CONSTANTS, FUNCTIONS, PRIMITIVES
from .definitions import DefinitionReader
from .syntax import Builder, Definition, Expr, Program, TreeBuilder
from .tokens import END, NAME, NEWLINE, NUMBER, OP, ScannedToken, describe, is_wengert_variable, scan

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
# An infix operator's text -> (left binding power, right binding power, primitive): one look-up.
_INFIX = {text: (*powers, BINARY_OPERATORS[text]) for text, powers in BINDING_POWER.items()}

# Each level of nesting costs the parser a few Python frames; past this the recursion limit is near.
HARD_MAX_DEPTH = 250

# What program() checks of a statement once the whole program is read: (target, outputs, span).
_Shape = tuple[str | None, int, tuple[int, int]]


def parse(source: str, max_depth: int = 200) -> Program:
    """Parse a program into a syntax tree. Raises ExpressionError (kind syntax, unknown_function,
    arity or limit)."""
    return read(source, TreeBuilder(source), max_depth)


def read(source: str, builder: Builder, max_depth: int = 200) -> Any:
    """Read a program, calling `builder` for what it is made of; returns builder.finish()."""
    try:
        return _Parser(source, scan(source), min(max_depth, HARD_MAX_DEPTH), builder).program()
    except ExpressionError as error:
        raise error.with_source(source)


def parse_expression(source: str, max_depth: int = 200) -> Expr:
    """Parse a single expression (no statements); used by tests and tools."""
    program = parse(source, max_depth)
    statement = program.statements[-1]
    if len(program.statements) != 1 or statement.target is not None or len(statement.exprs) != 1:
        raise ExpressionError("syntax", "expected a single expression", 0, (0, len(source)), source)
    return statement.exprs[0]


class _Parser(DefinitionReader):
    """Reads the tokens in order; `index` is the next one.

    The methods that run once per token (statement, expression, prefix, call) read
    `self.tokens[self.index]` themselves rather than through peek(): a method call per token would
    cost more than the rest of the work on it. Some test an operator by its text alone,
    `token[1] == "("`, since no name, number or newline is spelled like an operator.
    """

    def __init__(self, source: str, tokens: list[ScannedToken], max_depth: int, builder: Builder) -> None:
        self.source = source
        self.tokens = tokens + [tokens[-1]] * 2  # END padding: a look one or two ahead needs no bounds check
        self.index = 0
        self.max_depth = max_depth
        self.definitions: dict[str, Definition] = {}  # the functions defined so far
        self.defining: str | None = None  # the function whose body is being parsed
        self.variables: set[str] = set()  # the names read as variables so far (checked once each)
        self.builder = builder
        self.trees = builder if isinstance(builder, TreeBuilder) else TreeBuilder(source)  # for function bodies
        self.use(builder)
        # The source span of the expression read last: an expression's result is the builder's, so
        # the parser keeps where it is in the text itself.
        self.start = self.end = 0

    def use(self, builder: Builder) -> None:
        """Call `builder` from now on (its bound methods are kept: one lookup per node, not two)."""
        self.number, self.name, self.unary = builder.number, builder.name, builder.unary
        self.binary, self.primitive_call, self.defined_call = builder.binary, builder.call, builder.function_call

    # -- token helpers ---------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> ScannedToken:
        return self.tokens[self.index + ahead]

    def error(self, message: str, token: ScannedToken, kind: str = "syntax") -> ExpressionError:
        _, _, start, end = token
        return ExpressionError(kind, message, start, (start, max(end, start + 1)))

    def reserved(self, token: ScannedToken) -> ExpressionError:
        name = token[1]
        return self.error(f"'{name}' is reserved: v0, v1, v2, ... name the nodes of the Wengert list; "
                          f"call it something else, e.g. {name[0]}_{name[1:]}", token)

    # -- statements ------------------------------------------------------------------------------
    def program(self) -> Any:
        statements: list[Definition | _Shape] = []
        tokens = self.tokens
        while True:
            kind, text, _, _ = tokens[self.index]
            if kind == NEWLINE or (kind == OP and text == ";"):
                self.index += 1
                continue
            if kind == END:
                break
            statements.append(self.statement())
            kind, text, _, _ = tokens[self.index]
            if not (kind == NEWLINE or kind == END or (kind == OP and text == ";")):
                raise self.unexpected_after_statement(self.peek())
        if not statements:
            end = len(self.source)
            raise ExpressionError("syntax", "the program is empty: type an expression such as exp(x)/x^2", end, (end, end + 1))
        last = statements[-1]
        if type(last) is Definition:
            call = f"{last.name}({', '.join(last.parameters)})"
            raise ExpressionError(
                "syntax", f"the program has no output: {call} = ... defines a function; "
                          f"end the program with an expression that calls it, such as {call}",
                last.span[0], last.span)
        for statement in statements[:-1]:
            if type(statement) is Definition:
                continue
            target, count, span = statement
            if count > 1:
                raise ExpressionError(
                    "syntax", "several outputs (a, b) are allowed only in the last statement", span[0], span)
            if target is None:
                raise ExpressionError(
                    "syntax", "this value is never used: name it (y = ...) or make it the last statement",
                    span[0], span)
        return self.builder.finish()

    def statement(self) -> Definition | _Shape:
        """Read a statement, for the builder; return its shape (or its definition), which program()
        checks once the program has been read."""
        tokens = self.tokens
        kind, text, start, end = tokens[self.index]
        target = target_span = None
        if kind == NAME and tokens[self.index + 1][1] == "(" and self.defines_function():
            definition = self.definition()
            self.builder.define(definition)
            return definition
        if kind == NAME and tokens[self.index + 1][1] == "=":
            if is_wengert_variable(text):
                raise self.reserved(tokens[self.index])
            self.index += 2
            target, target_span = text, (start, end)
        self.builder.begin_statement(target, target_span)
        exprs = [self.expression(0, 0)]
        second = None
        while tokens[self.index][1] == ",":
            self.index += 1
            exprs.append(self.expression(0, 0))
            second = second or (self.start, self.end)
        if target is not None and second is not None:
            raise ExpressionError("syntax", "assign one value at a time: y = expression", second[0], second)
        span = (start, self.end)
        self.builder.end_statement(target, target_span, exprs, span)
        return (target, len(exprs), span)

    def unexpected_after_statement(self, token: ScannedToken) -> ExpressionError:
        kind, text, _, _ = token
        if kind == OP and text == ")":
            return self.error("unmatched ')': there is no '(' for it to close", token)
        if kind == OP and text == "=":
            return self.error("only a name can be assigned to: write name = expression", token)
        return self.error(f"expected the end of the statement, got {describe(token)}", token)

    # -- expressions -----------------------------------------------------------------------------
    def expression(self, min_power: int, depth: int) -> Any:
        """Read an expression whose operators bind at least as tightly as `min_power`; leaves its
        span in self.start, self.end."""
        if depth > self.max_depth:
            error = self.error(f"the expression is nested more than {self.max_depth} levels deep", self.peek(), "limit")
            error.limit = "max_depth"
            raise error
        tokens = self.tokens
        index = self.index
        kind, text, start, end = tokens[index]
        # A name or a number is read here rather than in prefix(): most operands are one, and a call
        # per operand would cost more than reading it.
        if kind == NAME and text in self.variables and tokens[index + 1][1] != "(":
            self.index = index + 1
            left = self.name(text, start, end)
        elif kind == NUMBER:
            self.index = index + 1
            value = float(text)
            if value == math.inf:
                raise self.error(f"the number {text} is too large for a double", tokens[index])
            left = self.number(value, text, start, end)
        else:
            left = self.prefix(depth)
            start, end = self.start, self.end
        while True:
            token = tokens[self.index]
            infix = _INFIX.get(token[1])
            if infix is not None and token[0] == OP:
                left_power, right_power, op = infix
                if left_power < min_power:
                    break
                self.index += 1
                right = self.expression(right_power, depth + 1)
                end = self.end
                left = self.binary(op, left, right, start, end, token[2])
            elif token[0] == NUMBER or token[0] == NAME or token[1] == "(":
                raise self.missing_operator(start, end, token)
            else:
                break
        self.start, self.end = start, end
        return left

    def missing_operator(self, start: int, end: int, token: ScannedToken) -> ExpressionError:
        before = self.source[start:end]
        after = token[1]
        if len(before) > 12:
            before = "..." + before[-8:]
        return self.error(
            f"missing operator before {describe(token)}: write {before}*{after} to multiply", token)

    def prefix(self, depth: int) -> Any:
        tokens = self.tokens
        token = tokens[self.index]
        kind, text, start, end = token
        if kind == END:
            raise self.error(f"expected an expression, got {describe(token)}", token)
        self.index += 1
        if kind == NAME:
            if tokens[self.index][1] == "(":
                return self.call(token, depth)
            if (text in FUNCTIONS and text not in CONSTANTS) or text in self.definitions:
                raise self.error(f"{text} is a function: call it as {text}(...)", token)
            if is_wengert_variable(text):
                raise self.reserved(token)
            self.variables.add(text)
            self.start, self.end = start, end
            return self.name(text, start, end)
        if kind == NUMBER:
            self.start, self.end = start, end
            return self.number(self.literal(token), text, start, end)
        if text == "(":
            inner = self.expression(0, depth + 1)
            self.expect_close(token)
            return inner  # its span is inside the parentheses
        if text == "-" or text == "+":
            literal = tokens[self.index]
            if text == "-" and literal[0] == NUMBER and tokens[self.index + 1][1] != "^":
                # A minus sign written before a number makes one constant: -2, not neg(2). (-2^2 is -(2^2).)
                self.index += 1
                self.start, self.end = start, literal[3]
                return self.number(-self.literal(literal), "-" + literal[1], start, literal[3])
            operand = self.expression(PREFIX_POWER, depth + 1)
            if text == "+":
                return operand
            self.start = start
            return self.unary("neg", operand, start, self.end, start)
        raise self.error(f"expected an expression, got {describe(token)}", token)

    def literal(self, token: ScannedToken) -> float:
        """A number token's value."""
        value = float(token[1])
        if value == math.inf:
            raise self.error(f"the number {token[1]} is too large for a double", token)
        return value

    def call(self, name: ScannedToken, depth: int) -> Any:
        _, function, start, _ = name
        definition = None
        if function not in FUNCTIONS:
            definition = self.definitions.get(function)
            if definition is None:
                raise self.unknown_function(name)
        self.index += 1  # the '('
        tokens = self.tokens
        args: list[Expr] = []
        if tokens[self.index][1] != ")":
            args.append(self.expression(0, depth + 1))
            while tokens[self.index][1] == ",":
                self.index += 1
                args.append(self.expression(0, depth + 1))
        _, _, _, end = self.expect_close(name)
        self.start, self.end = start, end
        if definition is not None:
            return self.function_call(definition, args, (start, end), depth)
        op = FUNCTIONS[function]
        arity = PRIMITIVES[op].arity
        if len(args) != arity:
            wanted = "1 argument" if arity == 1 else f"{arity} arguments"
            raise ExpressionError("arity", f"{function} takes {wanted}, got {len(args)}", start, (start, end))
        return self.primitive_call(op, tuple(args), start, end, start)

    def expect_close(self, opening: ScannedToken) -> ScannedToken:
        """Consume the ')' that closes `opening`: a '(' token, or the name token of a call."""
        token = self.tokens[self.index]
        if token[1] == ")":
            self.index += 1
            return token
        opening_kind, opening_text, opening_start, _ = opening
        what = f"{opening_text}(" if opening_kind == NAME else "("
        if token[1] == ",":
            raise self.error(f"unexpected ',' inside '{what}': only function calls take several arguments", token)
        line_start = self.source.rfind("\n", 0, opening_start) + 1
        column = opening_start - line_start + 1
        raise self.error(
            f"expected ')' to close '{what}' opened at column {column}, got {describe(token)}", token)
