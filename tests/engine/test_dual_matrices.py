"""Dual numbers as matrices: every node's matrix [[a, ȧ], [0, a]] against SymPy (its value and its
directional derivative, and SymPy's own matrix arithmetic and matrix functions applied to the operands'
matrices), the plain 2x2 product checked against forward mode, and the identities as written."""
from __future__ import annotations

import random
import unicodedata
from functools import lru_cache

import pytest
import sympy

from engine import ExpressionError, compile_graph, dual
from engine.dual_matrices import (dual_matrices_of, dual_matrix, matrix_difference, matrix_product, matrix_quotient,
                                  matrix_sum, same_matrix, shown_number, window)
from engine.evaluate import evaluate
from engine.forward_mode import forward_mode
from tests.oracle import _FUNCTIONS, sympy_nodes

from .test_hvp import direction_for
from .test_passes import CORPUS

_t = sympy.Symbol("t", real=True)
_a, _b = sympy.symbols("a b", real=True)
_da, _db = sympy.symbols("da db", real=True)
_A, _B = sympy.Matrix([[_a, _da], [0, _a]]), sympy.Matrix([[_b, _db], [0, _b]])


def nfc(text: str) -> str:
    """The engine writes ẋ as x and a combining dot; this file may hold the precomposed letter."""
    return unicodedata.normalize("NFC", text)


def flat(matrix) -> tuple[float, ...]:
    return tuple(entry for row in matrix for entry in row)


def all_records(source: str, inputs: dict[str, float], seed: dict[str, float]):
    graph = compile_graph(source)
    evaluation = evaluate(graph, inputs)
    forward = forward_mode(graph, evaluation, seed)
    return graph, dual_matrices_of(graph, evaluation, forward, 0, size=len(graph.nodes)).records


@lru_cache(maxsize=None)
def sympy_applied(op: str, constant_exponent: bool) -> sympy.Matrix:
    """`op` on the matrices A = [[a, da], [0, a]] and B = [[b, db], [0, b]] by SymPy: matrix arithmetic, a
    function by its power series (Matrix.analytic_func), a power with a matrix exponent as exp(B log A)."""
    if op == "add":
        return _A + _B
    if op == "sub":
        return _A - _B
    if op == "mul":
        return _A * _B
    if op == "div":
        return _A * _B.inv()
    if op == "neg":
        return -_A
    if op == "pow":
        if constant_exponent:  # A^b, b a number: the power series of t^b at A
            return _A.analytic_func(_t ** _b, _t)
        return (_B * _A.analytic_func(sympy.log(_t), _t)).exp()
    return _A.analytic_func(_FUNCTIONS[op](_t), _t)


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_every_nodes_matrix_is_its_value_and_directional_derivative(source, inputs):
    seed = direction_for(inputs)
    graph, records = all_records(source, inputs, seed)
    exprs, symbols = sympy_nodes(graph)
    at = {symbols[name]: sympy.Float(value, 30) for name, value in inputs.items()}
    assert [record.node for record in records] == list(range(len(graph.nodes)))
    for record, expr in zip(records, exprs):
        value = float(expr.evalf(30, subs=at))
        tangent = float(sum(sympy.diff(expr, symbols[name]) * seed[name] for name in inputs).evalf(30, subs=at))
        assert record.result.value == pytest.approx(value, rel=1e-12, abs=1e-12), record.line.text
        assert record.result.tangent == pytest.approx(tangent, rel=1e-9, abs=1e-12), record.line.text
        assert record.result.matrix == ((record.result.value, record.result.tangent), (0.0, record.result.value))


@pytest.mark.parametrize("source, inputs", CORPUS)
def test_sympys_matrix_arithmetic_on_the_operands_gives_each_result(source, inputs):
    """The lesson itself: the operation done on the operands' matrices, by SymPy, is forward mode's dual number."""
    graph, records = all_records(source, inputs, direction_for(inputs))
    operations = [record for record in records if record.kind == "operation"]
    assert operations
    for record in operations:
        op = graph.nodes[record.node].op
        constant_exponent = op == "pow" and graph.nodes[graph.nodes[record.node].operands[1]].op == "const"
        numbers = {}
        for (value, tangent), operand in zip(((_a, _da), (_b, _db)), record.operands):
            numbers.update({value: sympy.Float(operand.value, 30), tangent: sympy.Float(operand.tangent, 30)})
        expected = sympy_applied(op, constant_exponent).subs(numbers)
        for got_row, expected_row in zip(record.result.matrix, expected.tolist()):
            for got, want in zip(got_row, expected_row):
                assert got == pytest.approx(float(sympy.N(want, 30)), rel=1e-9, abs=1e-12), (record.line.text, op)


@pytest.mark.parametrize("source, operation", [
    ("x*y", "product"), ("x*x", "product"), ("3*x", "product"), ("x + y", "sum"), ("x - y*x", "difference"),
    ("x/y", "quotient A·B⁻¹"), ("exp(x)/x^2", "quotient A·B⁻¹")])
def test_a_product_sum_or_difference_done_as_matrices_is_forward_modes_dual_number(source, operation):
    _, records = all_records(source, {"x": 1.7, "y": -0.4}, {"x": 0.3, "y": 2.5}) if "y" in source else \
        all_records(source, {"x": 1.7}, {"x": 0.3})
    checked = [record for record in records if record.check is not None]
    assert checked[-1].check.operation == operation
    for record in checked:
        assert record.check.agrees
        assert flat(record.check.matrix) == pytest.approx(flat(record.result.matrix), rel=1e-12)


def test_the_plain_matrix_arithmetic():
    epsilon = ((0.0, 1.0), (0.0, 0.0))
    assert matrix_product(epsilon, epsilon) == ((0.0, 0.0), (0.0, 0.0))  # ε² = 0
    generator = random.Random(4)
    for _ in range(20):
        a, da, b, db = (generator.uniform(-3, 3) for _ in range(4))
        product = matrix_product(dual_matrix(a, da), dual_matrix(b, db))
        assert flat(product) == pytest.approx((a * b, a * db + da * b, 0.0, a * b), rel=1e-15)  # the product rule
        assert matrix_sum(dual_matrix(a, da), dual_matrix(b, db)) == dual_matrix(a + b, da + db)
        assert matrix_difference(dual_matrix(a, da), dual_matrix(b, db)) == dual_matrix(a - b, da - db)
        quotient = matrix_quotient(dual_matrix(a, da), dual_matrix(b, db))  # the quotient rule
        assert flat(quotient) == pytest.approx((a / b, (da * b - a * db) / b**2, 0.0, a / b), rel=1e-12)
    # the check can fail: a wrong tangent is not the same matrix
    assert not same_matrix(dual_matrix(2.0, 3.0), dual_matrix(2.0, 3.0 + 1e-9))
    assert same_matrix(dual_matrix(2.0, 3.0), dual_matrix(2.0, 3.0))


@pytest.mark.parametrize("source, node, rule, identity", [
    ("x*y", 2, "the product rule", "[[x, ẋ], [0, x]] * [[y, ẏ], [0, y]] = [[x*y, y*ẋ + x*ẏ], [0, x*y]]"),
    ("x + y", 2, "the sum rule", "[[x, ẋ], [0, x]] + [[y, ẏ], [0, y]] = [[x + y, ẋ + ẏ], [0, x + y]]"),
    ("x - y", 2, "the sum rule", "[[x, ẋ], [0, x]] - [[y, ẏ], [0, y]] = [[x - y, ẋ - ẏ], [0, x - y]]"),
    ("sin(x)", 1, "the chain rule", "sin([[x, ẋ], [0, x]]) = [[sin(x), cos(x)*ẋ], [0, sin(x)]]"),
    ("exp(x)", 1, "the chain rule", "exp([[x, ẋ], [0, x]]) = [[exp(x), exp(x)*ẋ], [0, exp(x)]]"),
    ("x^2", 2, "the power rule", "[[x, ẋ], [0, x]] ^ 2 = [[x^2, 2*x*ẋ], [0, x^2]]"),
    ("3*x", 2, "the product rule", "3 * [[x, ẋ], [0, x]] = [[3*x, 3*ẋ], [0, 3*x]]"),
    ("x/y", 2, "the quotient rule", "[[x, ẋ], [0, x]] / [[y, ẏ], [0, y]] = [[x/y, 1/y*ẋ - x/y/y*ẏ], [0, x/y]]"),
    ("x^y", 2, "the power rule",
     "pow([[x, ẋ], [0, x]], [[y, ẏ], [0, y]]) = [[x^y, y*x^(y - 1)*ẋ + x^y*log(x)*ẏ], [0, x^y]]"),
])
def test_each_operation_names_its_rule_and_writes_its_identity(source, node, rule, identity):
    inputs = {"x": 1.5, "y": 2.0} if "y" in source else {"x": 1.5}
    record = dual(source, inputs, node=node).records[node]
    assert (record.kind, record.rule, nfc(record.identity.text)) == ("operation", rule, nfc(identity))
    assert rule in record.sentence and record.line.text.startswith("v")


def test_the_product_written_with_its_numbers():
    record = dual("x*y", {"x": 2, "y": 3}, seed={"x": 1}).records[2]
    assert record.equation.text == "[[2, 1], [0, 2]] * [[3, 0], [0, 3]] = [[6, 3], [0, 6]]"
    assert record.equation.latex == (r"\begin{pmatrix} 2 & 1 \\ 0 & 2 \end{pmatrix} \cdot "
                                     r"\begin{pmatrix} 3 & 0 \\ 0 & 3 \end{pmatrix} = "
                                     r"\begin{pmatrix} 6 & 3 \\ 0 & 6 \end{pmatrix}")
    assert record.identity.latex.startswith(r"\begin{pmatrix} x & \dot{x} \\ 0 & x \end{pmatrix} \cdot ")
    assert nfc(record.sentence) == nfc("The product of the matrices reproduces the product rule: the entry above the "
                               "diagonal is v̇₂ = y*ẋ + x*ẏ, the tangent forward mode computes, and the diagonal is "
                               "the value v₂.")


def test_inputs_carry_the_seed_and_constants_are_plain_numbers():
    result = dual("2*3 + x", {"x": 4}, seed={"x": 0.5}, node=0)
    two, _, product, seed = result.records[:4]  # 2, 3, 2*3, x
    assert (seed.kind, seed.equation.text, nfc(seed.identity.text)) == ("seed", "x = [[4, 0.5], [0, 4]]",
                                                                        nfc("x = [[x, ẋ], [0, x]]"))
    assert (two.kind, two.equation.text) == ("constant", "2 = [[2, 0], [0, 2]]")
    assert (product.kind, product.line.text, product.equation.text) == ("constant", "v₂ = 2 * 3", "6 = [[6, 0], [0, 6]]")
    assert "depends on no input" in product.sentence
    assert [nfc(written.text) for written in result.seed_notation] == [nfc("ẋ = 0.5")]


@pytest.mark.parametrize("value, text, latex", [
    (0.0, "0", "0"), (2.0, "2", "2"), (7.38905609893065, "7.389", "7.389"), (-0.46183, "-0.4618", "-0.4618"),
    (123456.0, "123500", "123500"), (1.5e-7, "1.5e-7", r"1.5 \times 10^{-7}"), (2.5e9, "2.5e9", r"2.5 \times 10^{9}")])
def test_numbers_are_written_to_four_digits(value, text, latex):
    assert shown_number(value) == (text, latex)


@pytest.mark.parametrize("nodes, focus, size, expected", [
    (5, 2, 12, range(0, 5)), (100, 0, 12, range(0, 12)), (100, 50, 12, range(44, 56)), (100, 99, 12, range(88, 100)),
    (100, 95, 12, range(88, 100)), (1, 0, 12, range(0, 1))])
def test_the_window_holds_the_focus(nodes, focus, size, expected):
    assert window(nodes, focus, size) == expected
    assert focus in expected


def test_a_long_program_answers_a_window_around_the_node_asked_for():
    source = " + ".join(f"sin(x*{k})" for k in range(1, 120))
    graph = compile_graph(source)
    result = dual(source, {"x": 0.3}, node=200)
    assert result.nodes == len(graph.nodes) and result.focus == 200
    assert len(result.records) == 12 and result.first == 194
    assert [record.node for record in result.records] == list(range(194, 206))
    first = dual(source, {"x": 0.3})
    assert first.focus == 2 and graph.nodes[2].op == "mul"  # the first operation (x*1) by default


def test_a_node_outside_the_list_is_an_error():
    with pytest.raises(ExpressionError) as error:
        dual("x*y", {"x": 1, "y": 2}, node=3)
    assert error.value.message == "there is no node 3: the Wengert list has nodes 0 to 2"
