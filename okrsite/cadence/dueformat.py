"""``okrsite due`` as text or Markdown, written from its JSON form.

Working from the JSON (not the model) lets the weekly workflow write each
person's GitHub issue from the same data ``okrsite due --format json`` printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .wording import md_link, md_text, one_line, plural


def _ago(days: Any) -> str:
    return "today" if days == 0 else f"{plural(int(days), 'day')} ago"


def _checkin_words(c: Mapping[str, Any]) -> str:
    if c.get("last_checkin"):
        since = f"last check-in {c['last_checkin']}, {_ago(c['days'])}"
    else:
        since = f"no check-in since {c['period']} started, {_ago(c['days'])}"
    role = {"co-owner": "; as co-owner", "key result": "; as owner of a key result"}.get(
        c["role"], ""
    )
    return f"{since}{role}"


def _kpi_words(k: Mapping[str, Any]) -> str:
    if not k.get("latest"):
        return f"{k['cadence']}; no data yet"
    return f"{k['cadence']}; latest point {k['latest']}, {_ago(k['days'])}"


def due_text(data: Mapping[str, Any]) -> str:
    """Plain text for a terminal: one block per person."""
    people = data["people"]
    if not people:
        return f"Nobody owes a check-in, KPI data or a placeholder as of {data['as_of']}.\n"
    lines = [f"Due as of {data['as_of']}:"]
    for p in people:
        lines.append("")
        lines.append(one_line(p["name"]))
        for c in p["checkins"]:
            lines.append(
                f"  check-in   {c['objective']}: {one_line(c['statement'], 80)} "
                f"({_checkin_words(c)})"
            )
        for k in p["kpis"]:
            lines.append(f"  KPI data   {k['kpi']}: {one_line(k['name'], 80)} ({_kpi_words(k)})")
        for f in p["placeholders"]:
            lines.append(
                f"  placeholder {f['path']}:{f['line']}:{f['col']}: {f['code']} "
                f"{one_line(f['message'], 160)}"
            )
    lines.append("")
    count = len(people)
    lines.append("1 person owes something." if count == 1 else f"{count} people owe something.")
    return "\n".join(lines) + "\n"


def person_markdown(person: Mapping[str, Any], as_of: str, stale_days: int) -> str:
    """One person's list as Markdown (a section of ``--format markdown``, an issue body)."""
    out: list[str] = []
    if person["checkins"]:
        out.append(f"**Check-ins due** (every {plural(stale_days, 'day')} at least):")
        out.append("")
        for c in person["checkins"]:
            label = md_text(c["statement"], 120)
            out.append(
                f"- [ ] {md_link(label, c.get('url'))} (`{c['objective']}`): {_checkin_words(c)}"
            )
        out.append("")
    if person["kpis"]:
        out.append("**KPI data due** (one point per cadence period):")
        out.append("")
        for k in person["kpis"]:
            label = md_text(k["name"], 120)
            out.append(f"- [ ] {md_link(label, k.get('url'))} (`{k['kpi']}`): {_kpi_words(k)}")
        out.append("")
    if person["placeholders"]:
        out.append("**Placeholders to fill:**")
        out.append("")
        for f in person["placeholders"]:
            where = f"`{f['path']}:{f['line']}`"
            out.append(f"- [ ] {md_link(where, f.get('url'))}: {md_text(f['message'], 200)}")
        out.append("")
    out.append(f"_As of {as_of}._")
    return "\n".join(out) + "\n"


def due_markdown(data: Mapping[str, Any]) -> str:
    """Markdown for a whole team: a heading per person."""
    people = data["people"]
    lines = [f"# Due as of {data['as_of']}", ""]
    if not people:
        lines.append("Nobody owes a check-in, KPI data or a placeholder.")
        return "\n".join(lines) + "\n"
    for p in people:
        lines.append(f"## {md_text(p['name'])}")
        lines.append("")
        lines.append(person_markdown(p, data["as_of"], data["stale_days"]))
    return "\n".join(lines).rstrip("\n") + "\n"
