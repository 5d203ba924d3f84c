"""Findings said in reader words: what a quality check found, without codes, keys or commands.

Reader pages (an objective's page, the dashboard) tell people *that* something
about a goal needs an editor's attention; the codes, file lines and the
commands that fix them stay on ``/health/`` and in the editing guide.
"""

from __future__ import annotations

from ..model import Finding

_WORDS = {
    "Q101": "It has fewer key results than an objective needs to show when it is reached.",
    "Q102": "It has more key results than can be steered by; a few that matter most are clearer.",
    "Q103": "The statement reads like keeping a number steady rather than a change to make.",
    "Q104": "A key result names a task or a deliverable rather than a measured outcome.",
    "Q105": "The statement itself carries the number; numbers belong in the key results.",
    "Q106": "The KPI is missing part of its description (what, target, source or how often).",
    "Q107": "The KPI has been off target for a while and no current objective works on it.",
    "Q108": "The portal has more KPIs than people can follow.",
    "Q109": "It repeats an objective of the period before, with the same key results.",
    "Q110": "Its owner has not checked in recently.",
    "Q111": "The KPI's data is out of date.",
    "Q112": "No key result uses this KPI and no team owns it.",
    "Q113": "It scored a full 1.0 although it was meant as a stretch goal.",
    "Q114": "It is an individual objective.",
    "Q115": "It still holds placeholder text where a statement or title belongs.",
}


def finding_words(finding: Finding) -> str:
    """One sentence (plain text) that says what ``finding`` means for a reader."""
    if finding.is_error:
        return "Its goal file has an error, so what is shown here may be incomplete."
    return _WORDS.get(finding.code, "A quality check asks an editor to look at it.")


def plural(count: int, word: str) -> str:
    """``1 day``, ``3 days``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
