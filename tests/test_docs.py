"""Every file or directory of this repository that a comment, a docstring or a document names
exists: a path named in prose outlives a rename unless a test reads it.

A path counts when it starts with one of the repository's top-level directories, or is a
relative link in a Markdown file; a pattern (`*`, `<...>`, `N`) names no single file."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".git", ".venv", "node_modules", "var", "staticfiles", "__pycache__", "test-output"}
TEXT = {".py", ".md", ".html", ".js", ".css", ".toml", ".yml", ".yaml", ".txt", ".sh", ".cfg"}
TOP = sorted(path.name for path in ROOT.iterdir() if path.is_dir() and path.name not in SKIPPED)
# A file (with an extension) or a directory (ending in "/") under a top-level directory.
NAMED = re.compile(
    r"(?<![\w/.-])((?:" + "|".join(map(re.escape, TOP)) + r")/(?:[\w.-]+/)*"
    r"(?:[\w-]+\.(?:py|md|html|js|css|toml|ya?ml|txt|json|sh|cfg|sql|csv|raw)\b)?)"
)
LINKED = re.compile(r"\]\((?!https?:|#|/|mailto:)([^)#\s]+)")


def sources():
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIPPED or "vendor" in parts or path.suffix not in TEXT | {""}:
            continue
        if path.is_file() and (path.suffix or path.name in ("Makefile", "Dockerfile", "run")):
            yield path


def named_paths(path):
    text = path.read_text(errors="replace")
    for match in NAMED.finditer(text):
        yield ROOT / match.group(1)
    if path.suffix == ".md":
        for match in LINKED.finditer(text):
            yield path.parent / match.group(1)


# Where a name that is not a path from the top resolves: a template's or a static file's name.
LOOKED_UP_IN = [ROOT, ROOT / "templates", ROOT / "static", *ROOT.glob("*/templates")]


def exists(named):
    relative = named.relative_to(ROOT) if named.is_relative_to(ROOT) else None
    if named.exists() or relative is None:
        return named.exists()
    return any((base / relative).exists() for base in LOOKED_UP_IN)


def test_every_path_named_in_the_repository_exists():
    assert {"incidents", "dashboard", "docs", "tests"} <= set(TOP)
    missing = sorted(
        f"{path.relative_to(ROOT)} names {named.relative_to(ROOT)}"
        for path in sources()
        for named in named_paths(path)
        if not exists(named.resolve())
    )
    assert missing == []
