"""Check that this engine compiles programs exactly as an earlier revision did: same tokens, same nodes,
inputs, outputs and groups, or the same error (kind, message, position, span), on many random programs.

Run: `.venv/bin/python bench/compile_identity.py REVISION [COUNT]`, e.g. `... fbdaba5 5000` (a
revision with the same primitive table: a message that lists the known functions differs otherwise).
The earlier engine is taken from git (`git archive REVISION engine`) into a temporary package, so
a change to the tokenizer, the parser or the builder can be checked against the code it replaces.
Programs that use what REVISION's language lacks (functions) are left out; groups are compared
when REVISION has them.
"""
from __future__ import annotations

import importlib
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import engine  # noqa: E402
from revision import earlier_engine  # noqa: E402
from engine.parser import _Parser  # noqa: E402
from engine.syntax import TreeBuilder  # noqa: E402
from engine.tokens import NAME, scan  # noqa: E402

LIMITS = dict(max_length=20_000, max_nodes=5_000, max_depth=40)
SOUP = list("xyzuvw0123456789.eE+-*/^(),=;#\n \t") + ["**", "sin(", "pow(", "exp(", "relu(", "pi", "θ", "×", "v1"]
NAMES = ["x", "y", "z", "w1", "b", "u", "h", "pi", "e", "θ"]


def expression(rng: random.Random, depth: int = 0, names: list[str] = NAMES) -> str:
    roll = rng.random()
    if depth > 4 or roll < 0.35:
        return rng.choice(names) if rng.random() < 0.7 else rng.choice(["2", "0.5", ".5", "1e-3", "3"])
    if roll < 0.7:
        op = rng.choice(["+", "-", "*", "/", "^", "**"])
        return f"{expression(rng, depth + 1, names)} {op} {expression(rng, depth + 1, names)}"
    if roll < 0.8:
        return f"-{expression(rng, depth + 1, names)}"
    if roll < 0.9:
        return f"({expression(rng, depth + 1, names)})"
    function = rng.choice(["sin", "exp", "tanh", "relu", "log", "pow"])
    args = [expression(rng, depth + 1, names) for _ in range(2 if function == "pow" else 1)]
    return f"{function}({', '.join(args)})"


def definitions(rng: random.Random) -> tuple[list[str], list[str]]:
    """Up to two function definitions (the second may call the first), and a call of each."""
    lines, calls = [], []
    for name in ["f", "g"][:rng.randrange(0, 3)]:
        parameters = rng.sample(["x", "y", "w1", "b"], rng.randrange(1, 3))
        body = expression(rng, 0, parameters + ["pi"])
        if calls and rng.random() < 0.5:
            body = f"{body} * {calls[-1]}"
        lines.append(f"{name}({', '.join(parameters)}) = {body}")
        calls.append(f"{name}({', '.join(expression(rng, 3) for _ in parameters)})")
    return lines, calls


def program(rng: random.Random, functions: bool) -> str:
    if rng.random() < 0.3:  # operator soup: mostly errors
        return "".join(rng.choice(SOUP) for _ in range(rng.randrange(1, 40)))
    lines, calls = definitions(rng) if functions and rng.random() < 0.4 else ([], [])
    lines += [f"{rng.choice(['u', 'h', 'a1', 'q'])}{i} = {expression(rng)}" for i in range(rng.randrange(0, 6))]
    lines += [f"c{i} = {call} + {expression(rng, 3)}" for i, call in enumerate(calls)]
    lines.append(", ".join(expression(rng) for _ in range(rng.randrange(1, 3))))
    text = "\n".join(lines)
    if rng.random() < 0.2:  # a random edit
        i = rng.randrange(len(text) + 1)
        text = text[:i] + rng.choice(SOUP) + text[i:]
    return text


def defines_a_function(source: str) -> bool:
    """Whether a statement of `source` reads `name(...) = ...`: a definition now, an error before."""
    try:
        tokens = scan(source)
    except engine.ExpressionError:
        return False
    parser = _Parser(source, tokens, LIMITS["max_depth"], TreeBuilder(source))
    for index, (kind, _, _, _) in enumerate(tokens[:-1]):
        starts = index == 0 or tokens[index - 1][1] in ("\n", ";")
        if starts and kind == NAME and tokens[index + 1][1] == "(":
            parser.index = index
            if parser.defines_function():
                return True
    return False


def signs_a_sign_or_parenthesis(source: str) -> bool:
    """Whether a prefix minus applies to a sign or a parenthesis, as in -(2) or --2. Before the parser
    called a builder, it folded such a minus into the constant it found inside (-(2) was the constant
    -2, --2 was 2); now only a minus written right before a number is part of it."""
    try:
        tokens = scan(source)
    except engine.ExpressionError:
        return False
    for previous, token, following in zip([None, *tokens], tokens, tokens[1:]):
        prefix = previous is None or previous[1] in {"\n", ";", ",", "(", "=", "+", "-", "*", "/", "^"}
        if prefix and token[1] == "-" and following[1] in {"(", "-", "+"}:
            return True
    return False


def missing_operator_after_a_negative_number(ours, theirs) -> bool:
    """The same missing-operator error, quoting `-2*e` now where it quoted `2*e`: -2 is one constant."""
    return (ours[0] == theirs[0] == "error" and ours[1:2] + ours[3:] == theirs[1:2] + theirs[3:]
            and ours[2].startswith("missing operator") and theirs[2].startswith("missing operator"))


def tokens(module, source: str):
    try:
        return [tuple(token) for token in module.tokens.tokenize(source)]
    except module.ExpressionError as error:
        return ("error", error.kind, error.message, error.position, error.span)


def outcome(module, source: str, share: bool):
    try:
        graph = module.compile_graph(source, share, module.Limits(**LIMITS))
    except module.ExpressionError as error:
        return ("error", error.kind, error.message, error.position, error.span, error.limit)
    groups = tuple(map(tuple, graph.groups)) if hasattr(graph, "groups") else None
    return ("graph", tuple(tuple(node) for node in graph.nodes), dict(graph.inputs), graph.outputs, groups)


def main() -> None:
    revision = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 5_000
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        earlier = earlier_engine(revision, Path(folder))
        importlib.import_module("earlier_engine.tokens")
        functions = outcome(earlier, "f(a) = a\nf(1)", False)[0] == "graph"
        checked = errors = skipped = signed = earlier_error = negative_left = 0
        for _ in range(count):
            source = program(rng, functions)
            if not functions and defines_a_function(source):
                skipped += 1
                continue
            if signs_a_sign_or_parenthesis(source):
                signed += 1
                continue
            if tokens(engine, source) != tokens(earlier, source):
                raise SystemExit(f"MISMATCH of tokens on {source!r}")
            for share in (False, True):
                ours, theirs = outcome(engine, source, share), outcome(earlier, source, share)
                if theirs[0] == "graph" and theirs[4] is None:
                    ours = ours[:4] + (None,)
                if ours != theirs and ours[0] == theirs[0] == "error" and ours[3] < theirs[3]:
                    # The graph is now built as the text is read: an error found building it (a name
                    # assigned twice, a limit) comes before a syntax error further on, which the
                    # earlier engine, parsing everything first, reported instead.
                    earlier_error += 1
                    if earlier_error <= 3:
                        print(f"first error earlier in the text on {source!r}:\n  now:    {ours}\n  before: {theirs}")
                elif ours != theirs and missing_operator_after_a_negative_number(ours, theirs):
                    negative_left += 1
                elif ours != theirs:
                    raise SystemExit(f"MISMATCH (share={share}) on {source!r}:\n  now:    {ours}\n  before: {theirs}")
                checked += 1
                errors += ours[0] == "error"
    left_out = f"; {skipped} programs left out (they define a function, which {revision} cannot)" if skipped else ""
    print(f"{checked} compiles ({checked - errors} graphs, {errors} errors) and their tokens identical to "
          f"{revision}, but for {earlier_error} errors found earlier in the text and {negative_left} that quote a "
          f"negative number whole (write -2*e, not 2*e){left_out}; {signed} programs "
          f"left out where a minus sign applies to a sign or a parenthesis (-(2), --2: once one constant, now neg)")


if __name__ == "__main__":
    main()
