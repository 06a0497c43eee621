"""Check that this engine compiles programs exactly as an earlier revision did: same nodes, inputs and
outputs, or the same error (kind, message, position, span), on many random programs.

Run: `.venv/bin/python bench/compile_identity.py REVISION [COUNT]`, e.g. `... 2311fd5 5000`.
The earlier engine is taken from git (`git archive REVISION engine`) into a temporary package, so
a change to the tokenizer, the parser or the builder can be checked against the code it replaces.
Programs that use what REVISION's language lacks (functions) are left out.
"""
from __future__ import annotations

import importlib
import io
import random
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import engine  # noqa: E402
from engine.parser import _Parser  # noqa: E402
from engine.tokens import NAME, scan  # noqa: E402

LIMITS = dict(max_length=20_000, max_nodes=5_000, max_depth=40)
SOUP = list("xyzuvw0123456789.eE+-*/^(),=;#\n \t") + ["**", "sin(", "pow(", "exp(", "relu(", "pi", "θ", "×", "v1"]
NAMES = ["x", "y", "z", "w1", "b", "u", "h", "pi", "e", "θ"]


def load(revision: str, into: Path):
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "engine"], capture_output=True, check=True)
    tarfile.open(fileobj=io.BytesIO(archive.stdout)).extractall(into, filter="data")
    (into / "engine").rename(into / "earlier_engine")
    sys.path.insert(0, str(into))
    return importlib.import_module("earlier_engine")


def expression(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 4 or roll < 0.35:
        return rng.choice(NAMES) if rng.random() < 0.7 else rng.choice(["2", "0.5", ".5", "1e-3", "3"])
    if roll < 0.7:
        op = rng.choice(["+", "-", "*", "/", "^", "**"])
        return f"{expression(rng, depth + 1)} {op} {expression(rng, depth + 1)}"
    if roll < 0.8:
        return f"-{expression(rng, depth + 1)}"
    if roll < 0.9:
        return f"({expression(rng, depth + 1)})"
    function = rng.choice(["sin", "exp", "tanh", "relu", "log", "pow"])
    args = [expression(rng, depth + 1) for _ in range(2 if function == "pow" else 1)]
    return f"{function}({', '.join(args)})"


def program(rng: random.Random) -> str:
    if rng.random() < 0.3:  # operator soup: mostly errors
        return "".join(rng.choice(SOUP) for _ in range(rng.randrange(1, 40)))
    lines = [f"{rng.choice(['u', 'h', 'a1', 'q'])}{i} = {expression(rng)}" for i in range(rng.randrange(0, 6))]
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
    parser = _Parser(source, tokens, LIMITS["max_depth"])
    for index, (kind, _, _, _) in enumerate(tokens[:-1]):
        starts = index == 0 or tokens[index - 1][1] in ("\n", ";")
        if starts and kind == NAME and tokens[index + 1][1] == "(":
            parser.index = index
            if parser.defines_function():
                return True
    return False


def outcome(module, source: str, share: bool):
    try:
        graph = module.compile_graph(source, share, module.Limits(**LIMITS))
    except module.ExpressionError as error:
        return ("error", error.kind, error.message, error.position, error.span, error.limit)
    return ("graph", tuple(tuple(node) for node in graph.nodes), dict(graph.inputs), graph.outputs)


def main() -> None:
    revision = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 5_000
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        earlier = load(revision, Path(folder))
        checked = errors = skipped = 0
        for _ in range(count):
            source = program(rng)
            if defines_a_function(source):
                skipped += 1
                continue
            for share in (False, True):
                ours, theirs = outcome(engine, source, share), outcome(earlier, source, share)
                if ours != theirs:
                    raise SystemExit(f"MISMATCH (share={share}) on {source!r}:\n  now:    {ours}\n  before: {theirs}")
                checked += 1
                errors += ours[0] == "error"
    print(f"{checked} compiles ({checked - errors} graphs, {errors} errors) identical to {revision}; "
          f"{skipped} programs left out (they define a function)")


if __name__ == "__main__":
    main()
