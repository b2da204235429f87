"""The package layout is the architecture: lower layers never import higher ones, the
subpackages of ``services`` import only those before them, and no module imports itself
back through others (no import cycle anywhere).

domain ← ingest ← extract; domain ← store; domain ← evaluate ← report;
services use everything below; web and cli sit on top and reach the rest through services
(cli also starts the web app: ``eduplan serve``).

An import is any way one module makes Python load another: ``import eduplan.x``, ``from
eduplan.x import y``, ``from eduplan import x``, relative imports, imports inside functions,
``importlib.import_module``/``__import__`` (a literal name, or an f-string's literal start),
and a string naming a module (``"eduplan.report.docx"``, ``files("eduplan.web")``,
``"eduplan.web.app:create_app"``). Only imports under ``if TYPE_CHECKING:`` are left out:
they load nothing at run time.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "eduplan"

BASE = {"domain", "errors", "config", "logs"}  # shared by every layer that may use them
EDGE = {"services", "config", "errors", "domain", "logs"}  # what web and cli may use (besides themselves)

# layer → the eduplan layers it may import (besides itself and the package's __version__)
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
    "cli": EDGE | {"web"},
    "__main__": {"cli"},
}

# the parts of services in order: each may import only those before it
SERVICES = ("access", "accounts", "dictionary", "exchange", "monitoring", "plans", "evaluation", "views",
            "database", "demo")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str:
    """``eduplan.services.plans.targets`` → ``services``; the package itself → ``eduplan``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "eduplan"


def part_of(module: str) -> str | None:
    """The part of ``services`` a module belongs to (None outside services)."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "services" else None


def resolve(name: str, known: set[str]) -> str | None:
    """The module Python loads for ``name`` (a module, or the package holding a name)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


_MODULE_TEXT = re.compile(r"eduplan(?:\.\w+)+(?::\w+)?")


def _loader(func: ast.expr) -> bool:
    """``importlib.import_module``, ``import_module`` or ``__import__``."""
    return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)) in ("import_module",
                                                                                           "__import__")


def imports(module: str, source: str, known: set[str], *, package: bool = False) -> set[str]:
    """The eduplan modules ``module`` loads (see the module docstring), its own ancestors
    left out where a string names them (``files("eduplan.web")`` inside ``eduplan.web``
    reads data of a package already loaded)."""
    found: set[str] = set()
    here = module if package else module.rpartition(".")[0]

    def add(name: str | None, *, text: bool = False) -> None:
        target = resolve(name, known) if name else None
        if target and target != module and not (text and module.startswith(target + ".")):
            found.add(target)

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            return
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if base == "eduplan" or base.startswith("eduplan."):
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    add(full if full in known else base)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "eduplan" or alias.name.startswith("eduplan."):
                    add(alias.name)
        elif isinstance(node, ast.Call) and _loader(node.func) and node.args \
                and isinstance(node.args[0], ast.JoinedStr):  # a literal name is a string: below
            head = node.args[0].values[0] if node.args[0].values else None
            if isinstance(head, ast.Constant) and str(head.value).startswith("eduplan."):
                add(str(head.value).rstrip("."))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _MODULE_TEXT.fullmatch(node.value):
            add(node.value.split(":")[0], text=True)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def graph() -> dict[str, set[str]]:
    known = set(MODULES)
    return {m: imports(m, p.read_text(encoding="utf-8"), known, package=p.name == "__init__.py")
            for m, p in MODULES.items()}


def broken_rules(module: str, targets: set[str]) -> list[str]:
    """Every import of ``module`` that its layer (or its part of services) may not make."""
    layer, part = layer_of(module), part_of(module)
    bad = []
    for target in sorted(targets):
        to_layer = layer_of(target)
        if to_layer not in ({layer, "eduplan"} | ALLOWED.get(layer, set())):
            bad.append(f"{target} ({to_layer})")
        elif part in SERVICES and layer_of(target) == "services":
            to_part = part_of(target)
            if to_part is not None and to_part != part and (
                    to_part not in SERVICES or SERVICES.index(to_part) > SERVICES.index(part)):
                bad.append(f"{target} (services.{to_part} comes after services.{part})")
    return bad


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


GRAPH = graph()
CHECKED = sorted(m for m in MODULES if m != "eduplan")


def test_every_layer_and_part_has_a_rule():
    layers = {layer_of(m) for m in MODULES} - {"eduplan"}
    assert layers <= set(ALLOWED), f"no rule for {sorted(layers - set(ALLOWED))}"
    parts = {part_of(m) for m in MODULES} - {None}
    assert parts <= set(SERVICES), f"services.{sorted(parts - set(SERVICES))} has no place in SERVICES"


@pytest.mark.parametrize("module", CHECKED)
def test_module_imports_only_what_its_layer_may(module):
    bad = broken_rules(module, GRAPH[module])
    assert not bad, f"{module} imports {bad}"


def test_no_import_cycle():
    assert cycles(GRAPH) == []


def test_the_package_itself_imports_nothing():
    assert GRAPH["eduplan"] == set()


KNOWN = {"eduplan", "eduplan.domain", "eduplan.evaluate", "eduplan.evaluate.rollup", "eduplan.store",
         "eduplan.store.db", "eduplan.store.models", "eduplan.web", "eduplan.web.app", "eduplan.web.pages",
         "eduplan.web.pages.plans", "eduplan.services", "eduplan.services.plans", "eduplan.services.plans.targets",
         "eduplan.services.views", "eduplan.services.views.dashboard", "eduplan.report", "eduplan.report.docx"}


@pytest.mark.parametrize(("module", "source", "expected"), [
    pytest.param("eduplan.web.app", "from eduplan.store.db import unit_of_work\n", {"eduplan.store.db"},
                 id="from-module"),
    pytest.param("eduplan.web.app", "def f():\n    from eduplan.store import db\n", {"eduplan.store.db"},
                 id="in-a-function"),
    pytest.param("eduplan.web.app", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                 "    from eduplan.store.models import User\n", set(), id="type-checking-only"),
    pytest.param("eduplan.evaluate.rollup", "from eduplan import store\n", {"eduplan.store"}, id="from-the-package"),
    pytest.param("eduplan.evaluate.rollup", "import eduplan.store.db as db\n", {"eduplan.store.db"},
                 id="import-as"),
    pytest.param("eduplan.evaluate.rollup", "from ..store import db\n", {"eduplan.store.db"}, id="relative"),
    pytest.param("eduplan.web.app", "import importlib\nimportlib.import_module('eduplan.store.db')\n",
                 {"eduplan.store.db"}, id="importlib"),
    pytest.param("eduplan.web.app", "import importlib\nfor n in N:\n"
                 "    importlib.import_module(f'eduplan.web.pages.{n}')\n", {"eduplan.web.pages"},
                 id="importlib-f-string"),
    pytest.param("eduplan.evaluate.rollup", "__import__('eduplan.store.db')\n", {"eduplan.store.db"},
                 id="dunder-import"),
    pytest.param("eduplan.report", "SPEC = ('eduplan.report.docx', 'docx')\n", {"eduplan.report.docx"},
                 id="module-named-in-a-string"),
    pytest.param("eduplan.web.app", "run('eduplan.web.app:create_app')\nfiles('eduplan.web')\n", set(),
                 id="own-module-and-package-in-strings"),
    pytest.param("eduplan.store.db", "text = 'see eduplan.services for the API'\n", set(), id="prose-is-no-import"),
])
def test_the_checker_sees_every_import(module, source, expected):
    assert imports(module, source, KNOWN, package=module == "eduplan.report") == expected


@pytest.mark.parametrize(("module", "source"), [
    pytest.param("eduplan.evaluate.rollup", "from eduplan import store\n", id="evaluate-uses-store"),
    pytest.param("eduplan.web.app", "from eduplan.store.models import User\n", id="web-uses-store"),
    pytest.param("eduplan.store.db", "import importlib\nimportlib.import_module('eduplan.web.app')\n",
                 id="store-loads-web"),
    pytest.param("eduplan.services.plans.targets", "from eduplan.services.views import dashboard\n",
                 id="services-part-uses-a-later-part"),
    pytest.param("eduplan.domain", "import eduplan.evaluate.rollup\n", id="domain-uses-evaluate"),
])
def test_the_rules_fail_a_bad_import(module, source):
    """The check can fail: each of these imports breaks a rule."""
    assert broken_rules(module, imports(module, source, KNOWN))


def test_the_rules_pass_a_good_import():
    module = "eduplan.services.views.dashboard"
    source = ("from eduplan.services.plans import targets\nfrom eduplan.store import db\n"
              "from eduplan import __version__\n")
    assert broken_rules(module, imports(module, source, KNOWN)) == []


def test_a_cycle_is_found():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e2"}, "e2": set()}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"x": {"y"}, "y": set()}) == []
