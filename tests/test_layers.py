"""The package layout is the architecture: lower layers never import higher ones.

domain ← ingest ← extract; domain ← store; domain ← evaluate ← report;
services use everything below; web and cli sit on top and reach the rest through services.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "eduplan"

BASE = {"domain", "errors", "config", "logs"}  # shared by every layer that may use them
EDGE = {"services", "config", "errors", "domain", "logs"}  # what web and cli may use (besides themselves)

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
    "services": BASE | {"ingest", "extract", "store", "evaluate", "report"},
    "web": EDGE,
    "cli": EDGE,
}

EXCEPTIONS: dict = {}  # (layer, module, name) imports that break the rule on purpose: none


def layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports(source: str) -> set[tuple[str, str]]:
    """(module, name) of every ``eduplan.*`` import, but those under ``if TYPE_CHECKING:``
    (type names only: annotating a value a service returns with its own class adds no
    dependency at run time). ``import eduplan.x`` gives the name ``*``."""
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("eduplan."):
            found.update((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update((alias.name, "*") for alias in node.names if alias.name.startswith("eduplan."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def imported_layers(layer: str, source: str) -> set[str]:
    return {module.split(".")[1] for module, name in imports(source) if (layer, module, name) not in EXCEPTIONS}


MODULES = [p for p in PACKAGE.rglob("*.py") if layer_of(p) in ALLOWED]


def test_every_layer_has_a_rule():
    layers = {layer_of(p) for p in PACKAGE.rglob("*.py")} - {"__init__", "__main__"}
    assert layers <= set(ALLOWED), f"no rule for {sorted(layers - set(ALLOWED))}"


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_module_imports_only_lower_layers(path):
    layer = layer_of(path)
    bad = imported_layers(layer, path.read_text(encoding="utf-8")) - ALLOWED[layer] - {layer}
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}) imports {sorted(bad)}"


def test_the_rule_sees_what_it_must():
    """A checker that misses imports cannot fail: it must find a function-level import,
    skip a TYPE_CHECKING one and honour an exception only for its own name."""
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from eduplan.evaluate import Rollup\n"
              "def f():\n    from eduplan.store.db import unit_of_work\n"
              "from eduplan.store.models import User, Plan\n")
    assert imports(source) == {("eduplan.store.db", "unit_of_work"), ("eduplan.store.models", "User"),
                               ("eduplan.store.models", "Plan")}
    assert imported_layers("web", source) == {"store"}  # Plan is not excepted, User is
    assert imported_layers("cli", "from eduplan.store.models import User\n") == {"store"}  # web only
