"""Function definitions, `name(a, b) = body`, as the parser reads them (a part of engine/parser.py's
_Parser, kept in its own file): whether a statement is one, its name and parameters checked, its
body read into a syntax tree and measured, a call of it checked; and what to say of a call of a
function that is not defined (yet).

A function's body sees only its parameters and the constants, and calls only primitives and the
functions defined above it, so no function can call itself, directly or through another.
"""
from __future__ import annotations

import difflib
from typing import Any

from .errors import ExpressionError
from .ops import CONSTANTS, FUNCTIONS
from .syntax import Binary, Definition, Expr, FunctionCall, Name, Number, Unary
from .tokens import END, NAME, NEWLINE, OP, ScannedToken, describe, is_wengert_variable


class DefinitionReader:
    """The parser's methods for function definitions and their calls (see _Parser for the state
    they read: tokens, index, definitions, defining, variables, builder, trees)."""

    def defines_function(self) -> bool:
        """Whether the statement at `index`, `name(...`, is a definition: is its ')' followed by '='?"""
        tokens = self.tokens
        i = self.index + 2
        depth = 1
        while True:
            kind, text, _, _ = tokens[i]
            if kind == END or kind == NEWLINE or text == ";":
                return False
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
                if depth == 0:
                    return tokens[i + 1][1] == "="
            i += 1

    def definition(self) -> Definition:
        """`name(a, b, ...) = body`, from the name to the end of the body."""
        tokens = self.tokens
        name_token = tokens[self.index]
        _, name, start, end = name_token
        self.check_function_name(name_token)
        self.index += 2  # the name and '('
        parameters: list[str] = []
        while True:
            token = tokens[self.index]
            if token[0] != NAME:
                if token[1] == ")" and not parameters:
                    raise self.error(f"{name}() has no parameters: a function takes at least one; "
                                     f"to name a value, write {name} = expression", token)
                raise self.error(f"expected a parameter name, got {describe(token)}: "
                                 f"a function is defined as {name}(a, b) = expression", token)
            self.check_parameter(token, name, parameters)
            parameters.append(token[1])
            self.index += 1
            token = tokens[self.index]
            self.index += 1
            if token[1] == ")":
                break
            if token[1] != ",":
                raise self.error(f"expected ',' or ')' after the parameter {parameters[-1]}, got {describe(token)}",
                                 token)
        self.index += 1  # the '=' that defines_function saw
        self.defining = name
        self.use(self.trees)
        try:
            body = self.expression(0, 0)
        finally:
            self.defining = None
            self.use(self.builder)
        if tokens[self.index][1] == ",":
            raise self.error(f"a function has one value: write {name}({', '.join(parameters)}) = expression",
                             tokens[self.index])
        depth, size, calls = measure_body(name, tuple(parameters), body)
        definition = Definition(name, (start, end), tuple(parameters), body, (start, body.span[1]), depth, size, calls)
        self.definitions[name] = definition
        self.variables.discard(name)  # from now on, reading it as a variable is an error
        return definition

    def check_function_name(self, token: ScannedToken) -> None:
        name = token[1]
        if is_wengert_variable(name):
            raise self.reserved(token)
        if name in FUNCTIONS:
            raise self.error(f"{name} is a primitive function and cannot be redefined; choose another name", token)
        if name in CONSTANTS:
            raise self.error(f"{name} is a constant and cannot name a function", token)
        if name in self.definitions:
            line = self.source.count("\n", 0, self.definitions[name].span[0]) + 1
            raise self.error(f"{name} is already defined above, at line {line}; choose another name", token)

    def check_parameter(self, token: ScannedToken, function: str, parameters: list[str]) -> None:
        name = token[1]
        if is_wengert_variable(name):
            raise self.reserved(token)
        if name in parameters:
            raise self.error(f"{function} has two parameters named {name}; give each parameter its own name", token)
        if name == function:
            raise self.error(f"the parameter {name} has its function's name; choose another name", token)
        if name in CONSTANTS:
            raise self.error(f"{name} is a constant and cannot be a parameter", token)
        if name in FUNCTIONS or name in self.definitions:
            raise self.error(f"{name} is a function name and cannot be a parameter", token)

    def function_call(self, definition: Definition, args: list[Any], span: tuple[int, int], depth: int) -> Any:
        name, parameters, start = definition.name, definition.parameters, span[0]
        if len(args) != len(parameters):
            wanted = "1 argument" if len(parameters) == 1 else f"{len(parameters)} arguments"
            raise ExpressionError("arity", f"{name} takes {wanted} ({', '.join(parameters)}), got {len(args)}",
                                  start, span)
        if depth + 1 + definition.depth > self.max_depth:
            raise ExpressionError(
                "limit", f"calling {name} here nests the expression more than {self.max_depth} levels deep "
                         f"once its body is written out ({name}'s body, with its calls, is {definition.depth} deep)",
                start, span, limit="max_depth")
        return self.defined_call(definition, tuple(args), start, span[1], start)

    def unknown_function(self, token: ScannedToken) -> ExpressionError:
        name = token[1]
        if name == self.defining:
            return self.error(f"recursion is not allowed: {name} calls itself", token)
        below = self.defined_below(name)
        if below is not None:
            line = self.source.count("\n", 0, below) + 1
            return self.error(f"{name} is defined below, at line {line}: define a function above "
                              f"the statements and functions that call it", token, "unknown_function")
        return self.error(_unknown_function_message(name, self.definitions), token, "unknown_function")

    def defined_below(self, name: str) -> int | None:
        """Where a definition of `name` after the current token starts, if there is one."""
        tokens, index = self.tokens, self.index
        try:
            for i in range(self.index, len(tokens) - 1):
                kind, text, start, _ = tokens[i]
                if (kind == NAME and text == name and tokens[i + 1][1] == "("
                        and tokens[i - 1][0] in (NEWLINE, OP) and tokens[i - 1][1] in ("\n", ";")):
                    self.index = i
                    if self.defines_function():
                        return start
            return None
        finally:
            self.index = index


def _unknown_function_message(name: str, definitions: dict[str, Definition]) -> str:
    known = sorted([*FUNCTIONS, *definitions])
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {close[0]}?" if close else f"; known functions: {', '.join(known)}"
    return f"unknown function '{name}'{hint}"


def measure_body(function: str, parameters: tuple[str, ...], body: Expr) -> tuple[int, int, int]:
    """A body's (depth, size, calls), and an error at its first free name.

    depth: how deep the body nests once every call in it is written out (a call at depth d whose
    function has depth D reaches d + 1 + D); size: the nodes one call builds without sharing
    (parameters build none; a call builds its function's size); calls: the calls one call makes,
    itself included. Python's integers are unbounded, so a size that doubles with each function
    stays exact. One iterative walk, left to right, so the first free name found is the first in
    the text.
    """
    depth = size = 0
    calls = 1
    stack: list[tuple[Expr, int]] = [(body, 0)]
    while stack:
        expr, level = stack.pop()
        depth = max(depth, level)
        kind = type(expr)
        if kind is Name:
            if expr.name in parameters:
                continue
            if expr.name not in CONSTANTS:
                added = ", ".join([*parameters, expr.name])
                raise ExpressionError(
                    "syntax", f"'{expr.name}' is not a parameter of {function}: a function's body sees only its "
                              f"parameters and the constants; add it as one, as in {function}({added})",
                    expr.span[0], expr.span)
            size += 1
        elif kind is Number:
            size += 1
        elif kind is Binary:
            size += 1
            stack.append((expr.right, level + 1))
            stack.append((expr.left, level))
        elif kind is Unary:
            size += 1
            stack.append((expr.operand, level + 1))
        else:  # Call or FunctionCall
            if kind is FunctionCall:
                size += expr.function.size
                calls += expr.function.calls
                depth = max(depth, level + 1 + expr.function.depth)
            else:
                size += 1
            stack.extend((arg, level + 1) for arg in reversed(expr.args))
    return depth, size, calls
