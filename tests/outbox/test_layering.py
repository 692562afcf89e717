"""The outbox sits at the bottom of the house: it imports none of the registry's own apps."""

import ast
from pathlib import Path

OUTBOX = Path(__file__).resolve().parents[2] / "outbox"
OURS = {"centres", "submissions", "evaluations", "registry"}


def test_the_outbox_imports_none_of_our_apps():
    found = []
    for path in OUTBOX.rglob("*.py"):
        if "migrations" in path.parts:
            continue  # migrations name submissions' tables to take their rows over
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in OURS]
    assert sorted(OUTBOX.glob("*.py")) and found == []
