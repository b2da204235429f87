"""The package layout is the architecture: lower layers never import higher ones.

domain ← ingest ← extract; domain ← store; domain ← evaluate ← report;
services use everything below; web and cli sit on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "eduplan"

# layer → the eduplan layers it may import (besides itself)
ALLOWED = {
    "domain": set(),
    "errors": set(),
    "config": {"errors"},
    "logs": set(),
    "ingest": {"domain", "errors"},
    "extract": {"ingest", "domain", "errors"},
    "store": {"domain", "errors"},
    "evaluate": {"domain"},
    "report": {"domain", "evaluate", "errors"},
}


def layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("eduplan."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("eduplan."):
                    out.add(alias.name.split(".")[1])
    return out


MODULES = [p for p in PACKAGE.rglob("*.py") if layer_of(p) in ALLOWED]


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_module_imports_only_lower_layers(path):
    layer = layer_of(path)
    bad = imported_layers(path) - ALLOWED[layer] - {layer}
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}) imports {sorted(bad)}"
