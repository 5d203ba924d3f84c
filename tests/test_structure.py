"""The shape of the package: small modules, no import cycles, no hidden fallbacks.

These read the source, as a reviewer would: every ``import`` and ``from ... import``
anywhere in a module (at the top, in a function, under ``TYPE_CHECKING``) counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "okrsite"
MAX_LINES = 500

#: Modules still over the limit because another issue is splitting them right now
#: (none now: issue 18 turned textcheck.py into okrsite/text/, issue 19 split the reader
#: pages). An entry that is no longer over the limit fails the test, so the list only shrinks.
PENDING_SPLIT: set[str] = set()
#: The same for known cycles (none left: issue 19 removed render.pages <-> render.paging).
PENDING_CYCLES: set[tuple[str, ...]] = set()


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The okrsite modules that ``name`` imports (a package's submodules included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                # ``from pkg import mod`` imports the module; ``from pkg import name``
                # imports the package (its ``__init__``) to read the name.
                sub = f"{source}.{alias.name}"
                targets.add(sub if sub in known else source)
    return {t for t in targets if t in known and t != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """Each strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[tuple[str, ...]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.add(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_is_over_500_lines() -> None:
    sizes = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in _modules().values()
    }
    too_big = {rel for rel, lines in sizes.items() if lines > MAX_LINES}
    assert too_big - PENDING_SPLIT == set(), {rel: sizes[rel] for rel in too_big}
    assert PENDING_SPLIT - too_big == set(), "split now: remove it from PENDING_SPLIT"


def test_no_import_cycle_in_the_package() -> None:
    cycles = _cycles(_graph())
    assert cycles - PENDING_CYCLES == set()
    assert PENDING_CYCLES - cycles == set(), "fixed: remove it from PENDING_CYCLES"


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == {("a", "b", "c")}
    modules = _modules()
    assert _imports("okrsite.portal", modules["okrsite.portal"], set(modules)) >= {
        "okrsite.lint",
        "okrsite.validate",
        "okrsite.engine",
    }


def test_only_the_adapter_imports_mkdocs() -> None:
    users = set()
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
                users.add(name)
    assert users and all(name.startswith("okrsite.adapter.") for name in users), users


def test_no_import_of_okrsite_is_guarded_by_except_import_error() -> None:
    """A broken module must fail loudly, never be skipped (see test_broken_module.py)."""
    guarded = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Try):
                continue
            catches = {
                ast.unparse(handler.type) for handler in node.handlers if handler.type is not None
            }
            if not catches & {"ImportError", "ModuleNotFoundError"}:
                continue
            for inner in ast.walk(ast.Module(body=node.body, type_ignores=[])):
                if isinstance(inner, ast.ImportFrom) and (
                    inner.level or (inner.module or "").startswith("okrsite")
                ):
                    guarded.append(name)
    assert guarded == []
