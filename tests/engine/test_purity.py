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


def _calls(path: Path) -> list[tuple[str, str]]:
    """(innermost enclosing function, called name) of every call of a bare name in the file."""
    found = []
    stack: list[tuple[ast.AST, str]] = [(ast.parse(path.read_text()), "<module>")]
    while stack:
        node, function = stack.pop()
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            found.append((function, node.func.id))
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


def test_the_audited_compile_runs_only_at_import() -> None:
    # _compile is called from derive_all alone, and derive_all from engine/ops.py's import alone.
    callers = {(str(path.relative_to(ROOT)), function)
               for path in (ROOT / "engine").glob("*.py") for function, called in _calls(path)
               if called in ("_compile",)}
    assert callers == {("engine/rules.py", "derive_all")}
    users = [path.name for path in list((ROOT / "engine").glob("*.py")) + list((ROOT / "app").rglob("*.py"))
             if "derive_all(" in path.read_text() and path.name != "rules.py"]
    assert users == ["ops.py"]
