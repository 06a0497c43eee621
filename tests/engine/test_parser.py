"""Parser: golden S-expressions for every precedence rule, every error kind with its position."""
from __future__ import annotations

import pytest

from engine import ExpressionError, Limits, compile_graph
from engine.parser import HARD_MAX_DEPTH, parse, parse_expression
from engine.syntax import Definition, definition_sexpr, to_sexpr
from engine.tokens import tokenize


@pytest.mark.parametrize("source, expected", [
    ("1 + 2 * 3", "(add 1 (mul 2 3))"),
    ("1 * 2 + 3", "(add (mul 1 2) 3)"),
    ("x - y - z", "(sub (sub x y) z)"),
    ("x / y / z", "(div (div x y) z)"),
    ("x / y * z", "(mul (div x y) z)"),
    ("2^3^x", "(pow 2 (pow 3 x))"),
    ("2**3**x", "(pow 2 (pow 3 x))"),
    ("-x^2", "(neg (pow x 2))"),
    ("-2^2", "(neg (pow 2 2))"),
    ("x^-2", "(pow x -2)"),
    ("x^-y", "(pow x (neg y))"),
    ("x^-y^2", "(pow x (neg (pow y 2)))"),
    ("-x*y", "(mul (neg x) y)"),
    ("a*-b", "(mul a (neg b))"),
    ("--x", "(neg (neg x))"),
    # A minus sign is part of a constant only when written right before a number, and not before ^.
    ("-2", "-2"),
    ("x - 2", "(sub x 2)"),
    ("x*-2.5e1", "(mul x -25)"),
    ("-(2)", "(neg 2)"),
    ("--2", "(neg -2)"),
    ("-+2", "(neg 2)"),
    ("- 2", "-2"),
    ("+x", "x"),
    ("2*3^2", "(mul 2 (pow 3 2))"),
    ("(x + y) * z", "(mul (add x y) z)"),
    ("((x))", "x"),
    ("exp(x)/x^2", "(div (exp x) (pow x 2))"),
    ("pow(x, y)", "(pow x y)"),
    ("sigmoid(relu(x) - softplus(y))", "(sigmoid (sub (relu x) (softplus y)))"),
    ("tanh(w1*x1 + w2*x2 + b)", "(tanh (add (add (mul w1 x1) (mul w2 x2)) b))"),
    (".5 + 1e-3 + 2.5E+2 + 3", "(add (add (add 0.5 0.001) 250) 3)"),
    ("θ * 2", "(mul θ 2)"),
    ("_a1 + b_2", "(add _a1 b_2)"),
    ("x # a comment", "x"),
    ("(x +\n y)", "(add x y)"),
    ("abs(x) + sqrt(x) + log(x) + sin(x) + cos(x) + tan(x)",
     "(add (add (add (add (add (abs x) (sqrt x)) (log x)) (sin x)) (cos x)) (tan x))"),
])
def test_precedence_and_associativity(source: str, expected: str) -> None:
    assert to_sexpr(parse_expression(source)) == expected


def test_statements_assignments_and_several_outputs() -> None:
    program = parse("u = x*y\nv = sin(u); # note\n\nu + v, u - v")
    assert [s.target for s in program.statements] == ["u", "v", None]
    assert [to_sexpr(e) for e in program.statements[-1].exprs] == ["(add u v)", "(sub u v)"]


def test_tokens_carry_positions() -> None:
    tokens = tokenize("x ** 2.5e1")
    assert [(t.kind, t.text, t.start, t.end) for t in tokens] == [
        ("name", "x", 0, 1), ("op", "^", 2, 4), ("number", "2.5e1", 5, 10), ("end", "", 10, 10)]


@pytest.mark.parametrize("source, kind, position, message", [
    ("sin(x", "syntax", 5, "expected ')' to close 'sin(' opened at column 1, got end of input"),
    ("(x + 1", "syntax", 6, "expected ')' to close '(' opened at column 1, got end of input"),
    ("2x", "syntax", 1, "missing operator before name 'x': write 2*x to multiply"),
    ("x y", "syntax", 2, "missing operator before name 'y': write x*y to multiply"),
    ("2(x)", "syntax", 1, "missing operator before '(': write 2*( to multiply"),
    ("1.2.3", "syntax", 3, "missing operator before number .3: write 1.2*.3 to multiply"),
    ("x +", "syntax", 3, "expected an expression, got end of input"),
    ("x + * y", "syntax", 4, "expected an expression, got '*'"),
    (")", "syntax", 0, "expected an expression, got ')'"),
    ("x)", "syntax", 1, "unmatched ')': there is no '(' for it to close"),
    ("", "syntax", 0, "the program is empty: type an expression such as exp(x)/x^2"),
    ("  # only a comment", "syntax", 18, "the program is empty: type an expression such as exp(x)/x^2"),
    ("x $ y", "syntax", 2, "unexpected character '$'"),
    ("x × y", "syntax", 2, "unexpected character '×': write '*' instead"),
    ("x − y", "syntax", 2, "unexpected character '−': write '-' instead"),
    ("1e999 * x", "syntax", 0, "the number 1e999 is too large for a double"),
    ("exp + 1", "syntax", 0, "exp is a function: call it as exp(...)"),
    ("x + 1 = 2", "syntax", 6, "only a name can be assigned to: write name = expression"),
    ("x + 1; y", "syntax", 0, "this value is never used: name it (y = ...) or make it the last statement"),
    ("a = x, y; a", "syntax", 7, "assign one value at a time: y = expression"),
    ("x, y; x", "syntax", 0, "several outputs (a, b) are allowed only in the last statement"),
    ("f(x)", "unknown_function", 0, "unknown function 'f'; known functions: abs, cos, exp, heaviside, log, pow, relu, sigmoid, sign, sin, softplus, sqrt, tan, tanh"),
    ("x + sinn(x)", "unknown_function", 4, "unknown function 'sinn'; did you mean sin?"),
    ("pow(x)", "arity", 0, "pow takes 2 arguments, got 1"),
    ("1 + exp(x, y)", "arity", 4, "exp takes 1 argument, got 2"),
    ("sin()", "arity", 0, "sin takes 1 argument, got 0"),
    ("(x, y)", "syntax", 2, "unexpected ',' inside '(': only function calls take several arguments"),
    ("v3 = x*y; v3", "syntax", 0,
     "'v3' is reserved: v0, v1, v2, ... name the nodes of the Wengert list; call it something else, e.g. v_3"),
    ("x * v12", "syntax", 4,
     "'v12' is reserved: v0, v1, v2, ... name the nodes of the Wengert list; call it something else, e.g. v_12"),
])
def test_every_error_has_a_kind_a_message_and_a_position(source, kind, position, message) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_graph(source)
    error = caught.value
    assert (error.kind, error.position, error.message) == (kind, position, message)
    assert error.span[0] == position and error.span[1] > position
    assert error.source == source


def test_error_text_says_line_and_column_or_end_of_input() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_graph("u = x*y\nv = u +")
    assert str(caught.value) == "expected an expression, got end of input (at end of input)"
    with pytest.raises(ExpressionError) as caught:
        compile_graph("u = x*y\nv = 2u\nv")
    assert str(caught.value).endswith("(at line 2, column 6)")
    assert caught.value.caret() == "v = 2u\n     ^"


@pytest.mark.parametrize("source, message", [
    ("pi = 3\npi", "pi is a constant and cannot be assigned"),
    ("exp = 3\nexp(1)", "exp is a function name and cannot be assigned"),
    ("y = x\ny = 2\ny", "y is already assigned above; choose another name"),
    ("y = x\nx = 2\ny", "x is used above as an input, so it cannot be assigned here"),
])
def test_assignment_errors_point_at_the_name(source: str, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_graph(source)
    assert caught.value.kind == "syntax" and caught.value.message == message
    target_line_start = source.rfind("\n", 0, caught.value.position) + 1
    assert caught.value.position == target_line_start  # the assigned name starts its line


def test_nesting_at_the_limit_parses_and_beyond_it_is_a_limit_error() -> None:
    depth = 50
    assert to_sexpr(parse_expression("(" * depth + "x" + ")" * depth, max_depth=depth)) == "x"
    with pytest.raises(ExpressionError) as caught:
        parse_expression("(" * (depth + 1) + "x" + ")" * (depth + 1), max_depth=depth)
    assert (caught.value.kind, caught.value.limit) == ("limit", "max_depth")
    assert caught.value.message == f"the expression is nested more than {depth} levels deep"
    assert caught.value.position == depth + 1


@pytest.mark.parametrize("source", [
    "(" * 100_000 + "x" + ")" * 100_000,
    "sin(" * 100_000 + "x" + ")" * 100_000,
    "-" * 100_000 + "x",
    "2^" * 100_000 + "x",
])
def test_deep_nesting_is_a_limit_error_never_a_recursion_error(source: str) -> None:
    for limit in (200, 10_000_000):  # even an absurd configured limit is capped
        with pytest.raises(ExpressionError) as caught:
            compile_graph(source, limits=Limits(max_depth=limit))
        assert caught.value.kind == "limit"
        assert caught.value.position <= 4 * min(limit, HARD_MAX_DEPTH) + 4  # at most 4 characters a level


def test_long_flat_input_parses_without_recursion() -> None:
    source = " + ".join(f"x{i % 50}*y" for i in range(20_000))
    graph = compile_graph(source)
    assert len(graph.inputs) == 51
    assert to_sexpr(parse_expression("a + b + c")) == "(add (add a b) c)"


def test_length_limit_names_the_limit() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_graph("x+" * 100 + "x", limits=Limits(max_length=50))
    assert (caught.value.kind, caught.value.limit) == ("limit", "max_length")
    assert "longer than 50 characters" in caught.value.message and caught.value.position == 50


@pytest.mark.parametrize("name", ["v", "v_1", "vv1", "v1a", "V1", "v²", "velocity"])
def test_names_like_but_not_of_the_wengert_variables_are_allowed(name: str) -> None:
    assert list(compile_graph(f"{name} * 2").inputs) == [name]


# ---- functions defined in the program ------------------------------------------------------------

@pytest.mark.parametrize("source, definitions, output", [
    ("neuron(x, w, b) = tanh(w*x + b)\nneuron(1, w1, b1)",
     ["(define (neuron x w b) (tanh (add (mul w x) b)))"], "(neuron 1 w1 b1)"),
    ("sq(a) = a^2; sq(sq(x)) + sq(y)", ["(define (sq a) (pow a 2))"], "(add (sq (sq x)) (sq y))"),
    ("f(a, b) = a - b\ng(a) = f(a, a*pi)\ng(x)",
     ["(define (f a b) (sub a b))", "(define (g a) (f a (mul a pi)))"], "(g x)"),
    ("f(x) = -x\nx = 2\nf(x)", ["(define (f x) (neg x))"], "(f x)"),  # a parameter may share a global's name
    ("f(a) = a\ny = f(x)\ny", ["(define (f a) a)"], "y"),
])
def test_definitions_and_calls(source: str, definitions: list[str], output: str) -> None:
    program = parse(source)
    assert [definition_sexpr(s) for s in program.statements if isinstance(s, Definition)] == definitions
    assert to_sexpr(program.statements[-1].exprs[0]) == output


def test_a_definition_records_its_cost_and_depth() -> None:
    program = parse("f(a) = sin(a) + 2\ng(b) = f(b) * f(b + 1)\ng(x)")
    f, g = program.statements[:2]
    assert (f.size, f.calls, f.depth) == (3, 1, 1)  # sin, 2, +; sin's argument and the 2 are 1 deep
    assert (g.size, g.calls) == (3 + 3 + 2 + 1, 3)  # two bodies of f, the 1 and its +, the *
    assert g.depth == 1 + 1 + f.depth  # f(b + 1), the right operand (1 deep), adds 1 + f's depth
    assert g.parameters == ("b",) and parse("f(a) = a\nf(x)").statements[0].size == 0


NEURON = "neuron(x, w, b) = tanh(w*x + b)\n"


@pytest.mark.parametrize("source, kind, position, message", [
    (NEURON + "neuron(x1, w1)", "arity", 32, "neuron takes 3 arguments (x, w, b), got 2"),
    ("f(a) = a\n1 + f()", "arity", 13, "f takes 1 argument (a), got 0"),
    (NEURON + "nuron(x1, w1, b1)", "unknown_function", 32, "unknown function 'nuron'; did you mean neuron?"),
    ("f(a) = a*2\ng(x)", "unknown_function", 11,
     "unknown function 'g'; known functions: abs, cos, exp, f, heaviside, log, pow, relu, sigmoid, sign, sin, softplus, sqrt, tan, tanh"),
    ("f(a) = g(a)\ng(a) = f(a)\nf(x)", "unknown_function", 7,
     "g is defined below, at line 2: define a function above the statements and functions that call it"),
    ("y = h(x)\nh(a) = a\ny", "unknown_function", 4,
     "h is defined below, at line 2: define a function above the statements and functions that call it"),
    ("neuron(x, w, b) = tanh(w*neuron(x, w, b) + b)\nneuron(1, 2, 3)", "syntax", 25,
     "recursion is not allowed: neuron calls itself"),
    ("f(a) = a\nf(b) = b\nf(x)", "syntax", 9, "f is already defined above, at line 1; choose another name"),
    ("sin(a) = a\nsin(x)", "syntax", 0, "sin is a primitive function and cannot be redefined; choose another name"),
    ("pi(a) = a\npi", "syntax", 0, "pi is a constant and cannot name a function"),
    ("y = 2*x\ny(a) = a\ny(1)", "syntax", 8, "y is already assigned above; choose another name for the function"),
    ("y = 2*f\nf(a) = a\ny + f(1)", "syntax", 8, "f is used above as an input, so it cannot name a function here"),
    ("f(a) = a\nf = 3\nf(2)", "syntax", 9, "f is a function name and cannot be assigned"),
    ("f(a) = a\nf*2", "syntax", 9, "f is a function: call it as f(...)"),
    ("f(a) = a\ng(b) = f + b\ng(1)", "syntax", 16, "f is a function: call it as f(...)"),
    ("v1(a) = a\nv1(2)", "syntax", 0,
     "'v1' is reserved: v0, v1, v2, ... name the nodes of the Wengert list; call it something else, e.g. v_1"),
    ("f(a, v2) = a\nf(1, 2)", "syntax", 5,
     "'v2' is reserved: v0, v1, v2, ... name the nodes of the Wengert list; call it something else, e.g. v_2"),
    ("f(a, b, a) = a\nf(1, 2, 3)", "syntax", 8, "f has two parameters named a; give each parameter its own name"),
    ("f(f) = 2\nf(2)", "syntax", 2, "the parameter f has its function's name; choose another name"),
    ("f(e) = e\nf(2)", "syntax", 2, "e is a constant and cannot be a parameter"),
    ("f(a) = a\ng(f) = 2\ng(2)", "syntax", 11, "f is a function name and cannot be a parameter"),
    ("f(exp) = 2\nf(2)", "syntax", 2, "exp is a function name and cannot be a parameter"),
    ("f() = 2\nf()", "syntax", 2,
     "f() has no parameters: a function takes at least one; to name a value, write f = expression"),
    ("f(2) = 2\nf(1)", "syntax", 2,
     "expected a parameter name, got number 2: a function is defined as f(a, b) = expression"),
    ("f(a b) = 2\nf(1)", "syntax", 4, "expected ',' or ')' after the parameter a, got name 'b'"),
    ("f(a) = a, a\nf(2)", "syntax", 8, "a function has one value: write f(a) = expression"),
    ("f(a, w) = w*a + bias\nf(x, 2)", "syntax", 16,
     "'bias' is not a parameter of f: a function's body sees only its parameters and the constants; "
     "add it as one, as in f(a, w, bias)"),
    ("y = 3\nf(a) = a*y\nf(2)", "syntax", 15,
     "'y' is not a parameter of f: a function's body sees only its parameters and the constants; "
     "add it as one, as in f(a, y)"),
    (NEURON.strip(), "syntax", 0,
     "the program has no output: neuron(x, w, b) = ... defines a function; "
     "end the program with an expression that calls it, such as neuron(x, w, b)"),
    ("f(a) = a\nf(2); g(a) = a", "syntax", 15,
     "the program has no output: g(a) = ... defines a function; "
     "end the program with an expression that calls it, such as g(a)"),
])
def test_every_function_error_has_a_kind_a_message_and_a_position(source, kind, position, message) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_graph(source)
    error = caught.value
    assert (error.kind, error.position, error.message) == (kind, position, message)
    assert error.span[0] == position and error.span[1] > position
    assert error.source == source


def test_a_function_definition_may_not_end_unnamed_values_elsewhere() -> None:
    # A definition between statements is not a value, so it needs no name; a value still does.
    assert len(compile_graph("f(a) = a + 1\ny = f(x)\nz = f(y)\nz").nodes) == 5
    with pytest.raises(ExpressionError) as caught:
        compile_graph("f(a) = a\nf(2)\ny = 3\ny")
    assert caught.value.message == "this value is never used: name it (y = ...) or make it the last statement"


def test_calls_nested_past_the_depth_limit_are_a_limit_error() -> None:
    # f_k(x) = f_{k-1}(x): each link one level deeper once written out.
    lines = ["f0(x) = sin(x)"] + [f"f{k}(x) = f{k - 1}(x)" for k in range(1, 200)] + ["f199(y)"]
    with pytest.raises(ExpressionError) as caught:
        compile_graph("\n".join(lines))
    error = caught.value
    assert (error.kind, error.limit) == ("limit", "max_depth")
    assert error.message == ("calling f199 here nests the expression more than 200 levels deep once its body is "
                             "written out (f199's body, with its calls, is 200 deep)")
    assert error.source[error.position:].startswith("f199(y)")
    assert len(compile_graph("\n".join(lines[:150] + ["f149(y)"])).nodes) == 2  # y and one sin
