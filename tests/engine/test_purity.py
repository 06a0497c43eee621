"""The engine imports the standard library alone; no module anywhere evaluates text as code."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_engine_imports_only_the_standard_library() -> None:
    for path in (ROOT / "engine").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names, f"{path.name} imports {name}"


# The one audited place where text becomes code: engine/rules.py compiles the primitive table's own
# rules (fixed text in engine/ops.py) at import. No user program reaches it (see the test below).
AUDITED = {("engine/rules.py", "_compile", "exec")}


def _calls(path: Path, attributes: bool = False) -> list[tuple[str, str]]:
    """(innermost enclosing function, called name) of every call of a bare name in the file (and of
    every call of an attribute, `module.name(...)`, when `attributes`)."""
    found = []
    stack: list[tuple[ast.AST, str]] = [(ast.parse(path.read_text()), "<module>")]
    while stack:
        node, function = stack.pop()
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            found.append((function, node.func.id))
        elif attributes and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            found.append((function, node.func.attr))
        inner = node.name if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return found


def test_no_eval_or_exec_calls_in_the_project_but_the_audited_one() -> None:
    forbidden = {"eval", "exec", "compile", "__import__"}
    found = set()
    for folder in ("engine", "app", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            for function, called in _calls(path):
                if called in forbidden:
                    found.add((str(path.relative_to(ROOT)), function, called))
    assert found == AUDITED


def test_the_audited_compile_runs_only_on_the_rule_table() -> None:
    # _compile is called by derive alone; derive by derive_all (when engine/ops.py is imported) and by
    # add_primitive (a primitive added to the table in Python, as a test fixture does). Nothing that
    # reads a request, a program or a user-defined function calls any of them.
    callers = {}
    for path in list((ROOT / "engine").glob("*.py")) + list((ROOT / "app").rglob("*.py")):
        for function, called in _calls(path, attributes=True):
            if called in ("_compile", "derive", "derive_all", "add_primitive"):
                callers.setdefault(called, set()).add((str(path.relative_to(ROOT)), function))
    assert callers.pop("_compile") == {("engine/rules.py", "derive")}
    assert callers.pop("derive_all") == {("engine/ops.py", "<module>")}
    assert callers.pop("derive", set()) <= {("engine/rules.py", "derive_all"), ("engine/ops.py", "add_primitive")}
    assert callers.pop("add_primitive", set()) <= {("engine/ops.py", "<module>")}
    assert not callers
