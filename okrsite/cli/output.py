"""How findings are printed: ruff-like text lines, JSON, or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..model import Finding
from ..terminal import json_printable, printable


def summary_line(findings: Sequence[Finding], files: int) -> str:
    """``Found 2 errors (E002 x1, E007 x1) and 1 warning (Q101 x1) in 12 files.``"""

    def part(items: list[Finding], word: str) -> str:
        counts = Counter(f.code for f in items)
        noun = word if len(items) == 1 else f"{word}s"
        if not items:
            return f"0 {noun}"
        detail = ", ".join(f"{code} x{n}" for code, n in sorted(counts.items()))
        return f"{len(items)} {noun} ({detail})"

    errors = [f for f in findings if f.is_error]
    warnings = [f for f in findings if not f.is_error]
    noun = "file" if files == 1 else "files"
    return f"Found {part(errors, 'error')} and {part(warnings, 'warning')} in {files} {noun}."


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_findings(findings: Sequence[Finding], style: str, files: int) -> str:
    """Render findings as text (ruff-like lines + summary), json or GitHub annotations."""
    if style == "json":
        data: dict[str, Any] = {
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity,
                    "path": f.path,
                    "line": f.line,
                    "col": f.col,
                    "message": f.message,
                }
                for f in findings
            ],
            "summary": {
                "errors": sum(f.is_error for f in findings),
                "warnings": sum(not f.is_error for f in findings),
                "by_code": dict(sorted(Counter(f.code for f in findings).items())),
                "files": files,
            },
        }
        return json_printable(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
    lines = []
    for f in findings:
        if style == "github":
            level = "error" if f.is_error else "warning"
            # Exactly the SPEC's shape, ``::error file=...,line=...::message``: the code
            # leads the message, so the annotation still names it.
            lines.append(
                f"::{level} file={_github_escape(printable(f.path), prop=True)},line={f.line}::"
                f"{_github_escape(printable(f.code + ' ' + f.message))}"
            )
        else:
            lines.append(f.format())
    lines.append(summary_line(findings, files))
    return "\n".join(lines) + "\n"
