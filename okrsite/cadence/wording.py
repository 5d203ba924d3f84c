"""User text made fit for a terminal line, a chat message or an issue body."""

from __future__ import annotations

import re

# C0/C1 controls (terminal escapes among them), bidi overrides and zero-width joiners
# that could reorder or hide what a reader sees.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


def one_line(text: str | None, limit: int = 0) -> str:
    """``text`` on one line without control characters, cut at ``limit`` characters."""
    flat = _SPACE.sub(" ", _CONTROL.sub(" ", text or "")).strip()
    if limit and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat


_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def md_text(text: str | None, limit: int = 0) -> str:
    """One-line user text for Markdown that chat tools and GitHub render.

    No raw HTML, and no @-mention: a word joiner after ``@`` keeps a note that says
    "@everyone" or "@org/team" from notifying anyone from a reminder issue.
    """
    flat = one_line(text, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub("@\u2060", flat)


def md_link(label: str, url: str | None) -> str:
    """``[label](url)``, or just the label without a URL; the label is already Markdown."""
    if not url:
        return label
    return f"[{label.replace('[', '(').replace(']', ')')}]({url})"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
