"""``python -m bench.phases OUT.json``: run ``mkdocs build`` with a timer on each phase.

Run in the folder of ``mkdocs.yml``. The timers wrap MkDocs' own functions
(config loading, plugin events, reading and converting the Markdown, rendering
the templates, the search plugin's per-page work, copying static files) and are
inclusive: ``templates`` includes ``search pages``, which the report subtracts.
The wrappers cost a few microseconds per call, far below the phases they time.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: (label, module, owner attribute path, function name), in report order.
_TIMED: tuple[tuple[str, str, str, str], ...] = (
    ("load config (imports plugins)", "mkdocs.config", "", "load_config"),
    ("plugins on_config", "mkdocs.plugins", "PluginCollection", "on_config"),
    ("clean site dir", "mkdocs.utils", "", "clean_directory"),
    ("collect files", "mkdocs.commands.build", "", "get_files"),
    ("plugins on_files (okrsite)", "mkdocs.plugins", "PluginCollection", "on_files"),
    ("navigation", "mkdocs.commands.build", "", "get_navigation"),
    ("markdown (read + convert)", "mkdocs.commands.build", "", "_populate_page"),
    ("copy static files", "mkdocs.structure.files", "Files", "copy_static_files"),
    ("templates (+ search pages)", "mkdocs.commands.build", "", "_build_page"),
    ("search pages", "material.plugins.search.plugin", "SearchPlugin", "on_page_context"),
    ("anchor validation", "mkdocs.structure.pages", "Page", "validate_anchor_links"),
    ("plugins on_post_build", "mkdocs.plugins", "PluginCollection", "on_post_build"),
    ("build (MkDocs' own total)", "mkdocs.commands.build", "", "build"),
)


def _install(seconds: defaultdict[str, float], calls: Counter[str]) -> None:
    """Wrap each function of :data:`_TIMED` so that it adds its time under its label."""
    import importlib

    for label, module_name, owner_name, name in _TIMED:
        try:
            owner: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        if owner_name:
            owner = getattr(owner, owner_name)
        original = getattr(owner, name, None)
        if original is None:
            continue
        setattr(owner, name, _timed(original, label, seconds, calls))


def _timed(
    function: Callable[..., Any],
    label: str,
    seconds: defaultdict[str, float],
    calls: Counter[str],
) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[label] += time.perf_counter() - started
            calls[label] += 1

    wrapper.__wrapped__ = function  # type: ignore[attr-defined]
    return wrapper


def main(argv: list[str]) -> int:
    """Build with timers; write ``{"seconds": {...}, "calls": {...}, "script": s}`` to argv[0]."""
    started = time.perf_counter()
    out = Path(argv[0])
    seconds: defaultdict[str, float] = defaultdict(float)
    calls: Counter[str] = Counter()
    _install(seconds, calls)
    from mkdocs.__main__ import cli

    status = 0
    try:
        cli.main(args=["build", *argv[1:]], prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    except Exception:  # a failed build is reported through the status
        status = 1
    report = {
        "seconds": dict(seconds),
        "calls": dict(calls),
        "script": time.perf_counter() - started,
        "status": status,
    }
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
