"""The structure the code keeps: small modules, and imports at the top of them.

A function-local import is allowed only where start-up speed needs it, and says why on
its own line: ``import x  # lazy: <reason>``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tui"
MAX_LINES = 400
LAZY = re.compile(r"#\s*lazy:\s*\S")


def modules() -> list[Path]:
    found = sorted(PACKAGE.rglob("*.py"))
    assert found, f"no modules under {PACKAGE}"
    return found


def local_imports(source: str) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement inside a function body (nested ones included)."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom) and inner not in found:
                    found.append(inner)
    return found


def unexplained_imports(source: str) -> list[int]:
    """Line numbers of the function-local imports without a ``# lazy: <reason>``."""
    lines = source.splitlines()
    missing = []
    for node in local_imports(source):
        end = node.end_lineno or node.lineno
        if not any(LAZY.search(line) for line in lines[node.lineno - 1 : end]):
            missing.append(node.lineno)
    return sorted(missing)


def test_no_module_is_over_400_lines():
    too_long = {}
    for path in modules():
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > MAX_LINES:
            too_long[str(path.relative_to(ROOT))] = count
    assert not too_long, f"modules over {MAX_LINES} lines: {too_long}"


def test_function_local_imports_say_why():
    offenders = []
    for path in modules():
        source = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}:{line}" for line in unexplained_imports(source)]
    assert not offenders, (
        "function-local imports without a '# lazy: <reason>' comment (move them to the top "
        "of the module, or say why start-up needs them here):\n" + "\n".join(offenders)
    )


def test_the_import_check_sees_what_it_must():
    source = (
        "import os\n"
        "def a():\n"
        "    import json\n"
        "def b():\n"
        "    import json  # lazy: start-up\n"
        "async def c():\n"
        "    if True:\n"
        "        from x import (  # lazy: start-up\n"
        "            y,\n"
        "        )\n"
        "    def d():\n"
        "        from x import z\n"
        "class E:\n"
        "    def f(self):\n"
        "        import json  # lazy:\n"
    )
    assert unexplained_imports(source) == [3, 12, 15]
