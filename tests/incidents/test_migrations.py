"""Migrations import no current code: what they do was fixed when they were written (frozen
SQL and data), so a later change of the project's code or of a library's data (pycountry's
list of regions) cannot change an old migration's result on a fresh database. They import
Django, the field classes of django-simple-history, the standard library, and their own
helper."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = sorted(
    path
    for app in ("incidents", "dashboard")
    for path in (ROOT / app / "migrations").glob("[0-9]*.py")
)
SHARED = {"incidents.migrations._postgresql"}
LIBRARIES = {"django", "simple_history"}


def imported(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            yield "__import__"


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda path: path.name)
def test_a_migration_imports_no_current_code(path):
    for module in imported(path):
        top = module.split(".")[0]
        assert module in SHARED or top in LIBRARIES or top in sys.stdlib_module_names, module
