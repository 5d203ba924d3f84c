"""What every generated page shares: the page being written, its links and the common tables.

Each page family has a module of its own (:mod:`.dashboard`, :mod:`.objective`,
:mod:`.team`, :mod:`.kpi`, :mod:`.person`, :mod:`.period`, :mod:`.alignment`,
:mod:`.health`, :mod:`.changes`); they all write through :class:`Page`, whose
links are relative links to ``.md`` sources (MkDocs turns them into URLs) and
whose user text is already safe HTML (see :mod:`okrsite.render.markup`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from ..escaping import needs_isolation
from ..model import Objective
from .blocks import Html, Markdown
from .body import body_html
from .catalog import Catalog
from .links import rel_url
from .markup import (
    attribute,
    badge,
    encode,
    fmt_score,
    fmt_value,
    inline,
    label,
    labelled_table,
    para,
    score_bar,
    strong,
)

#: How a generated page gets into the site.
NEW = "new"  # a page of its own (people, periods, ...)
REPLACE = "replace"  # replaces an existing goal page's content (team, objective, KPI)
APPEND = "append"  # goes after an existing page's own Markdown (the company's index.md)


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedPage:
    """One page okrsite writes.

    Attributes:
        src: Its path relative to docs_dir (``objectives/2026-Q4/retention.md``).
        markdown: The Markdown MkDocs renders.
        feed: The file the page is made from, relative to docs_dir (may be a
            folder ending in ``/``, or ``../mkdocs.yml``): its edit link;
            ``None`` when no one file makes it.
        mode: :data:`NEW`, :data:`REPLACE` or :data:`APPEND`.
        blocks: Where the complete HTML blocks are in ``markdown`` (runs of
            chunks added as :class:`~okrsite.render.blocks.Html`), as (start,
            end) offsets in order: the MkDocs adapter keeps them from
            Python-Markdown. Offsets, not copies: a big portal's pages are
            hundreds of megabytes of text, held once.
    """

    src: str
    markdown: str
    feed: str | None = None
    mode: str = NEW
    blocks: tuple[tuple[int, int], ...] = ()

    def block_texts(self) -> list[str]:
        """The HTML blocks themselves (tests and tools; the adapter uses the offsets)."""
        return [self.markdown[start:end] for start, end in self.blocks]


class Page:
    """A page being written: its path, its chunks, and links computed from where it is."""

    def __init__(self, cat: Catalog, src: str) -> None:
        self.cat = cat
        self.src = src
        self.site = cat.site
        self.portal = cat.portal
        self.chunks: list[str] = []

    def add(self, *chunks: str) -> None:
        """Append blocks; empty ones are skipped.

        A chunk is a Markdown heading (``## Key results``), final HTML
        (:class:`~okrsite.render.blocks.Html`: tables, lists, paragraphs made by
        :mod:`.markup`), Markdown written on purpose
        (:class:`~okrsite.render.blocks.Markdown`), or a plain string of safe
        inline HTML, which becomes one paragraph.
        """
        for chunk in chunks:
            if not chunk:
                continue
            if isinstance(chunk, (Html, Markdown)) or chunk.startswith("#"):
                self.chunks.append(chunk)
            else:
                self.chunks.append(para(chunk))

    def done(self, feed: str | None, mode: str = NEW) -> RenderedPage:
        """The finished page, made from ``feed`` (its edit link).

        Headings stay Markdown (MkDocs makes their anchors, the table of
        contents and the search sections); everything else is final HTML, in
        runs of blocks between two headings that the adapter keeps from
        Python-Markdown as one (:mod:`.blocks`).
        """
        # Each part is a heading, a Markdown chunk, or a run of HTML blocks (a list).
        parts: list[str | list[str]] = []
        for chunk in self.chunks:
            text = chunk.strip("\n")
            if not isinstance(chunk, Html):
                parts.append(text)
            elif parts and isinstance(parts[-1], list):
                parts[-1].append(text)
            else:
                parts.append([text])
        out: list[str] = []
        blocks: list[tuple[int, int]] = []
        at = 0
        for part in parts:
            text = part if isinstance(part, str) else "\n".join(part)
            if isinstance(part, list):
                blocks.append((at, at + len(text)))
            out.append(text)
            at += len(text) + 2
        markdown = "\n\n".join(out) + "\n"
        return RenderedPage(
            src=self.src, markdown=markdown, feed=feed, mode=mode, blocks=tuple(blocks)
        )

    # --- links ---------------------------------------------------------------

    def link(self, target: str, text_html: str) -> str:
        """A link to the page or file ``target`` (a docs_dir path), with its built URL."""
        return f'<a href="{self.href(target)}">{text_html}</a>'

    def href(self, target: str) -> str:
        """The relative URL of ``target`` from here, for links in raw HTML (SVG maps)."""
        return rel_url(self.src, target, self.site.directory_urls)

    def text(self, markdown: str | None, origin: str | None = None) -> str:
        """User Markdown written in ``origin`` (default: this page), inline and safe."""
        return inline(markdown, self.src, origin=origin, directory_urls=self.site.directory_urls)

    def body(self, markdown: str, origin: str) -> str:
        """A goal page's free Markdown body, safe, in its own block."""
        # The site's own Markdown, sanitized (see render/body.py).
        html = body_html(
            markdown,
            self.site.markdown,
            src=self.src,
            origin=origin,
            directory_urls=self.site.directory_urls,
        )
        # dir="auto": a body in a right-to-left script, or one with bidi controls, is its own
        # isolated run and cannot reorder the page around it.
        direction = ' dir="auto"' if needs_isolation(markdown) else ""
        return Html(f'<div class="okr-body"{direction}>\n{html}\n</div>') if html else ""

    def team(self, team_id: str | None) -> str:
        team = self.portal.teams.get(team_id) if team_id else None
        if team is None:
            return encode(team_id) if team_id else "–"
        return self.link(self.site.team(team.id), label(team.name) or encode(team.id))

    def teams(self, team_ids: list[str]) -> str:
        return ", ".join(self.team(t) for t in team_ids) or "–"

    def person(self, name: str | None) -> str:
        if not name or not name.strip():
            return "–"
        return self.link(self.cat.owner_page(name), label(" ".join(name.split())))

    def people(self, names: tuple[str, ...] | list[str]) -> str:
        return ", ".join(self.person(n) for n in names) or "–"

    def objective(self, objective_id: str | None) -> str:
        obj = self.portal.objectives.get(objective_id) if objective_id else None
        if obj is None:
            return encode(objective_id) if objective_id else "–"
        return self.link(self.site.objective(obj.id), label(obj.objective) or encode(obj.id))

    def kpi(self, kpi_id: str | None) -> str:
        kpi = self.portal.kpis.get(kpi_id) if kpi_id else None
        if kpi is None:
            return encode(kpi_id) if kpi_id else "–"
        return self.link(self.site.kpi(kpi.id), label(kpi.name) or encode(kpi.id))

    def period(self, key: str | None) -> str:
        if not key:
            return "–"
        if key in self.cat.periods or key == self.cat.current:
            return self.link(self.site.period(key), encode(key))
        return encode(key)

    def image(self, path: str, alt: str) -> str:
        return f'<img alt="{attribute(" ".join(alt.split()))}" src="{self.href(path)}" />'

    # --- shared pieces ---------------------------------------------------------

    def objective_status(self, objective_id: str, *, with_type: bool = False) -> str:
        """The status badge; ``with_type`` adds the type, which sets the pace it is held to."""
        result = self.portal.objective_results.get(objective_id)
        if result is None:
            return "–"
        shown = badge(result.status)
        if with_type:
            obj = self.portal.objectives[objective_id]
            shown += f' <span class="okr-type">{encode(obj.type)}</span>'
        return shown

    def objective_score(self, objective_id: str) -> str:
        """The score as a bar; a planned objective has none yet."""
        result = self.portal.objective_results.get(objective_id)
        if result is None:
            return "–"
        if result.status == "planned":
            return '<span class="okr-muted">not started</span>'
        return score_bar(result.score, result.status)

    def objectives_table(
        self,
        ids: list[str],
        *,
        team: bool = True,
        period: bool = False,
        level: bool = True,
        owner: bool = True,
        week: bool = False,
    ) -> str:
        """Objectives with status (and type), score, then owner, team and level.

        ``week`` adds each score's change over the last 7 days.

        Status and score come right after the statement, so a narrow screen
        shows them before anything else (see the stylesheet's stacked rows).
        """
        headers = ["Objective", "Status", "Score"]
        if week:
            headers.append("7-day change")
        if period:
            headers.append("Period")
        if team:
            headers.append("Team")
        if level:
            headers.append("Level")
        if owner:
            headers.append("Owner")
        rows = []
        for oid in ids:
            obj = self.portal.objectives[oid]
            row = [
                self.objective(oid),
                self.objective_status(oid, with_type=True),
                self.objective_score(oid),
            ]
            if week:
                row.append(self._week_change(oid))
            if period:
                row.append(self.period(obj.period.key if obj.period else None))
            if team:
                row.append(self.team(obj.team) if obj.team else "company")
            if level:
                row.append(encode(obj.level))
            if owner:
                row.append(self.people(obj.owners))
            rows.append(row)
        return table(headers, rows)

    def _week_change(self, oid: str) -> str:
        result = self.portal.objective_results[oid]
        before = self.cat.week_ago.objectives.get(oid)
        if result.status == "planned" or before is None or before.status == "planned":
            return "–"
        return signed(result.score - before.score)

    def kpis_table(self, ids: list[str], *, owner: bool = True, team: bool = False) -> str:
        """KPIs with status, latest value, target and how long they have been off target."""
        headers = ["KPI", "Status", "Latest", "Target", "Off target"]
        if owner:
            headers.append("Owner")
        if team:
            headers.append("Team")
        rows = []
        for kid in ids:
            kpi = self.portal.kpis[kid]
            result = self.portal.kpi_results[kid]
            latest = result.latest
            row = [
                self.kpi(kid),
                badge(result.status),
                (
                    f"{fmt_value(latest.value, kpi.unit)} ({latest.date.isoformat()})"
                    if latest
                    else "no data"
                ),
                fmt_value(result.target, kpi.unit) if result.target is not None else "–",
                streak_text(result.streak, kpi.cadence),
            ]
            if owner:
                row.append(self.person(kpi.owner))
            if team:
                row.append(self.team(kpi.team))
            rows.append(row)
        return table(headers, rows, align="llrrl")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> Html:
    """A listing table whose rows stack into cards on a narrow screen (:func:`labelled_table`)."""
    return labelled_table(headers, rows, align)


def streak_text(streak: int, cadence: str | None) -> str:
    """``4 months``: how long a KPI has been off target, in its cadence's groups."""
    if streak <= 0:
        return "–"
    unit = {"daily": "day", "weekly": "week", "quarterly": "quarter"}.get(cadence or "", "month")
    return f"{streak} {unit}{'' if streak == 1 else 's'}"


def score_pair(score: float, expected: float) -> tuple[str, str]:
    """A score and the score expected by now, with enough digits to tell them apart.

    Two decimals unless they would print alike while the score is below the
    expectation (0.347 against 0.350 is yellow): then three, or four.
    """
    for digits in (2, 3, 4):
        shown = f"{score:.{digits}f}", f"{expected:.{digits}f}"
        if shown[0] != shown[1] or score >= expected - 1e-9:
            return shown
    return f"{score:.4f}", f"{expected:.4f}"


def signed(delta: float | None) -> str:
    """A score change for people: ``+0.05``, ``−0.10``, ``±0.00``; ``–`` when unknown."""
    if delta is None:
        return "–"
    if round(delta, 2) == 0:
        return '<span class="okr-delta">±0.00</span>'
    kind = "up" if delta > 0 else "down"
    sign = "+" if delta > 0 else "−"
    return f'<span class="okr-delta okr-delta--{kind}">{sign}{abs(delta):.2f}</span>'


def team_name(cat: Catalog, tid: str | None) -> str:
    """A team's display name (safe HTML); ``Company`` for ``None``."""
    if tid is None:
        return "Company"
    team = cat.portal.teams.get(tid)
    return label(team.name) if team else encode(tid)


def objectives_folder(cat: Catalog, ids: Sequence[str]) -> str:
    """The folder that holds these objectives (``objectives/2026-Q4/``), else objectives/.

    Objectives in several sub-folders give the folder they share
    (``2026-Q4/sales/a`` and ``2026-Q4/ops/b``: ``objectives/2026-Q4/``).
    """
    folders = [oid.rsplit("/", 1)[0] if "/" in oid else "" for oid in ids]
    base = cat.site.objectives_dir
    shared = posixpath.commonpath(folders) if folders and all(folders) else ""
    return f"{base}/{shared}/" if shared else f"{base}/"


def period_score_line(cat: Catalog, key: str, score: float | None, what: str) -> str:
    """``Team score: <strong>0.47</strong>.`` for a started period; a planned one has none yet."""
    period = cat.periods.get(key)
    if period is not None and cat.period_state(period) == "planned":
        return f"{what}: not started yet (the period begins on {period.start.isoformat()})."
    return f"{what}: {strong(fmt_score(score))}." if score is not None else ""


def is_planned(cat: Catalog, obj: Objective) -> bool:
    """Whether an objective's period has not started at as_of."""
    return obj.period is not None and cat.as_of < obj.period.start
