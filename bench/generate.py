"""Synthetic portals for the build benchmark, written from the SPEC's file formats.

:func:`generate_portal` writes a whole okrsite repository (``mkdocs.yml`` and
``goals/``) of a given size: a tree of teams and sub-teams, objectives at the
company, team and individual levels over five periods, parent links and the
aligned key results that cascade them, every kind of key result, check-ins
with values, confidence and notes, and KPIs of every cadence with a CSV each
(some with a ``target`` column that changes the target part-way).

:func:`generate_floor` writes the comparison site: plain mkdocs-material with
the same number of pages, of similar size, and a menu that lists only the home
page, i.e. the cheapest build a lean menu can reach.

Everything is drawn from one seeded :class:`random.Random`, so a size and a
seed always give the same bytes. The portals are valid: ``okrsite check``
reports no errors (a realistic sprinkling of quality warnings remains).
"""

from __future__ import annotations

import json
import math
import random
import re
import shutil
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

#: The day "now" is in every generated portal (pinned so builds are reproducible).
AS_OF = date(2026, 11, 15)
#: The seed used unless the caller gives another.
DEFAULT_SEED = 2026
#: Name of the file, beside ``mkdocs.yml``, that describes what was generated.
META_FILE = "bench-meta.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class SizeSpec:
    """How big a synthetic portal is.

    Attributes:
        name: ``XS``, ``S``, ``M`` or ``L``.
        teams: Team pages (top-level teams and sub-teams).
        objectives: Objective pages, all levels and periods together.
        kpis: KPI pages, each with its CSV.
        points: Rows per KPI CSV.
    """

    name: str
    teams: int
    objectives: int
    kpis: int
    points: int = 52


SIZES: dict[str, SizeSpec] = {
    "XS": SizeSpec(name="XS", teams=4, objectives=16, kpis=5, points=12),
    "S": SizeSpec(name="S", teams=20, objectives=200, kpis=40),
    "M": SizeSpec(name="M", teams=100, objectives=1_000, kpis=200),
    "L": SizeSpec(name="L", teams=500, objectives=10_000, kpis=2_000),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class GeneratedPortal:
    """What :func:`generate_portal` wrote.

    Attributes:
        root: The folder holding ``mkdocs.yml``.
        size: The size it was made to.
        teams: Team pages written.
        objectives: Objective pages written.
        kpis: KPI pages written (each with a CSV).
        people: Distinct people named as owners, leads or members.
        files: Files written in all.
        edit_target: The objective page :func:`edit_objective` changes.
    """

    root: Path
    size: SizeSpec
    teams: int
    objectives: int
    kpis: int
    people: int
    files: int
    edit_target: str


# --- Vocabulary -----------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST = _words(
    "Ada Aino Amara Anders Ana Aurélie Bram Camille Chiara Dario Dmitri Elif Emeka Eva Farah "
    "Felix Greta Hana Idris Ines Ivo Jana Joaquín José Kai Kenji Lale Lars Lea Lucía Malik "
    "Marta Mateo Mei Mira Nadia Nils Noor Olek Oskar Paula Priya Quinn Rafael Rosa Ruth Sami "
    "Sanne Sofia Taro Teodor Una Valeria Wiktor Xenia Yara Yusuf Zoë Zygmunt"
)
_LAST = _words(
    "Abara Berg Bianchi Çelik Costa Dahl Dubois Eriksen Ferreira Fischer García Haas Hansen "
    "Ibáñez Ito Jansen Kaur Kowalski Lindqvist López Mäkinen Moreau Müller Nakamura Novak "
    "Núñez Okafor Olsen Park Petrov Quispe Rahman Rossi Sánchez Schmidt Silva Sørensen Tanaka "
    "Traoré Uchida Varga Vogel Weber Wiśniewski Yilmaz Young Zhang Ziegler Żak"
)
_AREAS = _words(
    "Payments Bookings Search Mobile Data Identity Billing Onboarding Support Sales Marketing "
    "Finance Security Infrastructure Growth Partners Design Research Legal People Docs "
    "Analytics Reliability Storage Messaging Pricing Integrations Compliance Quality Platform"
)
_QUALIFIERS = ("", "Core", "EMEA", "Americas", "APAC", "Web", "API", "Enterprise", "Self-serve")
_OBJECT_PHRASES = (
    "Make {area_l} effortless for {segment}",
    "Earn the trust of {segment} in our {area_l}",
    "Build a {area_l} experience that {segment} recommend to each other",
    "Give {segment} a reason to renew every season",
    "Help {segment} get real value from {area_l} in their first week",
    "Become the {area_l} team {segment} ask for by name",
    "Turn {area_l} into something {segment} rely on without thinking",
    "Bring {segment} closer to the people who build {area_l}",
    "Get {area_l} ready for the next wave of {segment}",
    "Make our {area_l} calm, quick and predictable for {segment}",
    "Give {segment} the confidence to move all their work onto {area_l}",
    "Make {area_l} the part of the product {segment} praise first",
)
_ENDINGS = ("", " this season", " before the winter", " in every region", " without extra staff")
_SEGMENTS = (
    "small marinas",
    "marina groups",
    "harbour masters",
    "visiting sailors",
    "boatyards",
    "new customers",
    "enterprise buyers",
    "partners",
    "our own support agents",
    "finance teams",
    "yacht clubs",
    "rental fleets",
)
_METRICS = (
    ("Weekly active accounts", "", 900, 1600, "higher"),
    ("Checkout conversion", "%", 2.1, 3.4, "higher"),
    ("Median time to first value", "days", 9.0, 4.0, "lower"),
    ("Net revenue retention", "%", 101.0, 108.0, "higher"),
    ("Monthly logo churn", "%", 2.6, 1.6, "lower"),
    ("First response time", "minutes", 95.0, 40.0, "lower"),
    ("Customer satisfaction score", "", 4.1, 4.6, "higher"),
    ("API availability", "%", 99.5, 99.95, "higher"),
    ("Page load time at the 95th percentile", "ms", 1800.0, 900.0, "lower"),
    ("Monthly recurring revenue", "USD", 180000.0, 240000.0, "higher"),
    ("Support tickets per 100 accounts", "", 14.0, 8.0, "lower"),
    ("Share of bookings made online", "%", 38.0, 60.0, "higher"),
    ("Invoice days sales outstanding", "days", 41.0, 30.0, "lower"),
    ("Trial to paid conversion", "%", 11.0, 18.0, "higher"),
    ("Deploys per week", "", 12.0, 25.0, "higher"),
    ("Incidents with customer impact", "", 9.0, 3.0, "lower"),
)
_MILESTONES = (
    "The first {n} {segment} run their season on the new {area_l} flow",
    "{segment_c} in the pilot sign off the {area_l} rollout as ready for everyone",
    "Every {area_l} screen passes the accessibility review with no blocking issue",
    "The auditor confirms {area_l} meets the new compliance rules",
    "{segment_c} can pay, book and cancel without calling us",
)
_SENTENCES = (
    "This matters most in the months when {segment} plan the next season.",
    "We learned last quarter that {area_l} is where {segment} lose patience first.",
    "The work is shared with the {other} team, who own the systems underneath.",
    "Progress is reviewed every second Friday in the {area} demo.",
    "Numbers come from the weekly export and are checked by hand once a month.",
    "We will stop anything that does not move one of the key results below.",
    "*Why now:* three of our largest customers named {area_l} in their renewal calls.",
    "Ask in `#{area_id}` if something here is unclear or out of date.",
    "A short write-up of what we tried, and what did not work, lives in the wiki.",
    "The baseline was measured over the four weeks before the period started.",
    "See the [guide]({up}about.md) for how we score and review objectives.",
    "If the confidence drops below one half we raise it in the monthly review.",
)
_NOTES = (
    "On track; the pilot customers are happy with the first release.",
    "Slower than planned: two people were on call for most of the month.",
    "The numbers jumped after the pricing change, **watch the next two weeks**.",
    "Blocked on the vendor contract; legal expects to sign next week.",
    "Good month. The new dashboard made the weekly review much shorter.",
    "Holiday season: expect a dip, nothing to worry about yet.",
    "First results from the experiment look *promising* but the sample is small.",
)
_SOURCES = (
    "Nightly export of the production database",
    "Billing system month-end report",
    "Support desk analytics",
    "Product analytics events",
    "Status page and uptime monitor",
    "Quarterly customer survey",
)
_TAGS = ("retention", "revenue", "quality", "speed", "trust", "expansion", "cost")
_CADENCES = ("weekly", "weekly", "weekly", "monthly", "daily", "quarterly")
_PERIODS = ("2026-Q3", "2026-Q4", "2027-Q1", "2026-H2", "2026")
_PERIOD_WEIGHTS = (0.3, 0.5, 0.14, 0.04, 0.02)
_PERIOD_SPAN = {
    "2026-Q3": (date(2026, 7, 1), date(2026, 9, 30)),
    "2026-Q4": (date(2026, 10, 1), date(2026, 12, 31)),
    "2027-Q1": (date(2027, 1, 1), date(2027, 3, 31)),
    "2026-H2": (date(2026, 7, 1), date(2026, 12, 31)),
    "2026": (date(2026, 1, 1), date(2026, 12, 31)),
}
_THEME = """\
theme:
  name: material
  language: en
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
  features:
    - navigation.sections
    - navigation.indexes
    - navigation.top
    - content.action.edit
    - search.highlight

markdown_extensions:
  - tables
  - admonition
  - attr_list
  - toc:
      permalink: true
"""


# --- Records (in memory, before they are written) -------------------------------------


@dataclass(slots=True)
class _Team:
    id: str
    name: str
    area: str
    parent: str | None
    lead: str
    members: list[str]


@dataclass(slots=True)
class _Kpi:
    id: str
    name: str
    unit: str
    low: float
    high: float
    direction: str
    cadence: str | None
    team: str | None
    owner: str
    target: float | None


@dataclass(slots=True)
class _KeyResult:
    kind: str  # "up", "down", "milestone" or "aligned"
    title: str
    id: str | None = None
    baseline: float = 0.0
    target: float = 0.0
    unit: str = ""
    kpi: str | None = None
    aligned: str | None = None  # reference text
    weight: float | None = None
    owner: str | None = None
    score: float | None = None
    done_at: int | None = None  # check-in index at which a milestone becomes done
    final: float = 0.5  # progress reached by the last check-in


@dataclass(slots=True)
class _Objective:
    id: str
    stem: str
    period: str
    team: str | None
    level: str
    owner: str
    area: str
    statement: str
    committed: bool
    parent: str | None = None  # reference text
    parent_id: str | None = None
    key_results: list[_KeyResult] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


# --- Public entry points --------------------------------------------------------------


def generate_portal(
    size: SizeSpec | str, out: Path, *, seed: int = DEFAULT_SEED
) -> GeneratedPortal:
    """Write a synthetic okrsite repository into ``out`` (emptied first).

    Args:
        size: A :class:`SizeSpec` or the name of one of :data:`SIZES`.
        out: The folder that receives ``mkdocs.yml``, ``goals/`` and
            :data:`META_FILE`; the chart cache goes to ``out/.cache/okrsite``
            and the site to ``out/site``.
        seed: Seed of the random choices; equal seeds give equal files.

    Returns:
        Counts of what was written.
    """
    spec = SIZES[size] if isinstance(size, str) else size
    rng = random.Random(f"{seed}-{spec.name}")
    _reset(out)
    people = _people(max(8, spec.teams * 5))
    teams = _teams(rng, spec.teams, people)
    kpis = _kpis(rng, spec.kpis, teams, people)
    objectives = _objectives(rng, spec.objectives, teams, kpis, people)
    docs = out / "goals"
    writer = _Writer(docs)
    writer.write("index.md", _index_page(spec))
    writer.write("about.md", _about_page())
    for team in teams:
        writer.write(f"teams/{team.id}.md", _team_page(rng, team, teams))
    for kpi in kpis:
        writer.write(f"kpis/{kpi.id}.md", _kpi_page(rng, kpi))
        writer.write(f"kpis/{kpi.id}.csv", _kpi_csv(rng, kpi, spec.points))
    for objective in objectives:
        writer.write(f"objectives/{objective.id}.md", _objective_page(rng, objective, teams))
    edit = next(
        o.id
        for o in objectives
        if o.period == "2026-Q4" and o.level == "team" and o.key_results[0].kind in ("up", "down")
    )
    (out / "mkdocs.yml").write_text(_portal_config(spec), encoding="utf-8")
    named = {t.lead for t in teams} | {m for t in teams for m in t.members}
    named |= {o.owner for o in objectives} | {k.owner for k in kpis}
    result = GeneratedPortal(
        root=out,
        size=spec,
        teams=len(teams),
        objectives=len(objectives),
        kpis=len(kpis),
        people=len(named),
        files=writer.count + 1,
        edit_target=f"goals/objectives/{edit}.md",
    )
    meta = {
        "size": spec.name,
        "seed": seed,
        "as_of": AS_OF.isoformat(),
        "teams": result.teams,
        "objectives": result.objectives,
        "kpis": result.kpis,
        "people": result.people,
        "files": result.files,
        "edit_target": result.edit_target,
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return result


def generate_floor(
    out: Path, pages: int, *, article_bytes: int | None = None, seed: int = DEFAULT_SEED
) -> int:
    """Write the floor site: plain mkdocs-material, ``pages`` pages, a one-entry menu.

    The pages are ordinary Markdown (headings, paragraphs, a table, a list and
    links to other pages), so the build does what any MkDocs site of that many
    pages must do, and nothing okrsite adds.

    Args:
        out: The folder that receives ``mkdocs.yml`` and ``docs/`` (emptied first).
        pages: Pages in all, home and about pages included (at least 2).
        article_bytes: The HTML size wanted for each page's content (what
            mkdocs-material puts in ``<article>``), e.g. the average of the
            okrsite site being compared; pages repeat a section of about
            3 KB until they reach it. ``None``: one section.
        seed: Seed of the random choices.

    Returns:
        The number of pages written.
    """
    rng = random.Random(f"{seed}-floor-{pages}")
    sections = 1
    if article_bytes:
        sections = max(1, round(article_bytes / _floor_section_html_bytes()))
    _reset(out)
    writer = _Writer(out / "docs")
    writer.write("index.md", "# Floor\n\nThe home page, the only entry of the menu.\n")
    writer.write("about.md", _about_page())
    width = len(str(pages))
    for number in range(1, pages - 1):
        text = _floor_page(rng, number, pages, width, sections)
        writer.write(f"p/{number:0{width}d}.md", text)
    config = (
        f"site_name: Floor ({pages} pages)\n"
        "site_url: https://example.org/floor/\n"
        "docs_dir: docs\nsite_dir: site\n"
        "repo_url: https://github.com/example/bench\nedit_uri: edit/main/docs/\n\n"
        f"{_THEME}\nplugins:\n  - search\n\nnav:\n  - Home: index.md\n"
    )
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    return pages


def edit_objective(root: Path) -> Path:
    """Make the edit a person makes under ``mkdocs serve``: a new check-in on one objective.

    The objective is the one :func:`generate_portal` recorded in
    :data:`META_FILE`; the check-in (dated ``AS_OF``) moves its first key
    result and its confidence, so its page, its progress chart and the pages
    that show its score change.

    Args:
        root: A folder written by :func:`generate_portal`.

    Returns:
        The edited file.
    """
    meta = json.loads((root / META_FILE).read_text(encoding="utf-8"))
    target_path: str = meta["edit_target"]
    path = root / target_path
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    head = text[:end]
    kr = re.search(r"^  - (?:id: (\S+)\n    )?title:", head, re.M)
    kr_id = kr.group(1) if kr and kr.group(1) else "kr1"
    target = re.search(r"^    target: (\S+)$", head, re.M)
    value = float(target.group(1)) if target else 1.0
    if "\ncheckins:" not in head:
        head += "\ncheckins:"
    head += (
        f"\n  - date: {AS_OF.isoformat()}\n    values: {{{kr_id}: {value}}}\n"
        "    confidence: 0.9\n    by: Benchmark\n    note: Edited by the benchmark."
    )
    path.write_text(head + text[end:], encoding="utf-8")
    return path


# --- People, teams, KPIs, objectives --------------------------------------------------


def _people(count: int) -> list[str]:
    names = [f"{first} {last}" for last in _LAST for first in _FIRST]
    if count > len(names):
        names += [f"{n} {i}" for i in range(2, count // len(names) + 2) for n in names]
    # A fixed stride walks through the combinations so that neighbours differ in both names.
    stride = 7919
    while math.gcd(stride, len(names)) != 1:
        stride += 2
    return [names[(i * stride) % len(names)] for i in range(count)]


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _teams(rng: random.Random, count: int, people: Sequence[str]) -> list[_Team]:
    teams: list[_Team] = []
    taken: set[str] = set()
    # About one team in five reports to the company; the rest are sub-teams of earlier teams.
    top = max(1, count // 5)
    for index in range(count):
        area = _AREAS[index % len(_AREAS)]
        qualifier = _QUALIFIERS[(index // len(_AREAS)) % len(_QUALIFIERS)]
        name = f"{area} {qualifier}".strip()
        team_id = _slug(name)
        suffix = 2
        while team_id in taken:
            team_id = f"{_slug(name)}-{suffix}"
            suffix += 1
        taken.add(team_id)
        parent = None if index < top else teams[rng.randrange(0, max(1, index // 2))].id
        lead = people[index % len(people)]
        members = [people[(index * 4 + k) % len(people)] for k in range(rng.randint(2, 6))]
        teams.append(
            _Team(
                id=team_id,
                name=name if suffix == 2 else f"{name} {suffix - 1}",
                area=area,
                parent=parent,
                lead=lead,
                members=sorted(set(members) - {lead}),
            )
        )
    return teams


def _kpis(
    rng: random.Random, count: int, teams: Sequence[_Team], people: Sequence[str]
) -> list[_Kpi]:
    kpis: list[_Kpi] = []
    taken: set[str] = set()
    for index in range(count):
        label, unit, low, high, direction = _METRICS[index % len(_METRICS)]
        team = teams[index % len(teams)]
        name = f"{label} ({team.name})"
        kpi_id = _slug(name)
        suffix = 2
        while kpi_id in taken:
            kpi_id = f"{_slug(name)}-{suffix}"
            suffix += 1
        taken.add(kpi_id)
        # One KPI in twenty lacks a team (some of those become orphans: Q112).
        orphan = rng.random() < 0.05
        base, goal = (low, high) if direction == "higher" else (high, low)
        kpis.append(
            _Kpi(
                id=kpi_id,
                name=name,
                unit=unit,
                low=min(low, high),
                high=max(low, high),
                direction="higher" if low < high else "lower",
                cadence=None if rng.random() < 0.03 else rng.choice(_CADENCES),
                team=None if orphan else team.id,
                owner=rng.choice(team.members or [team.lead]),
                target=None if rng.random() < 0.03 else round(base + 0.6 * (goal - base), 2),
            )
        )
    return kpis


def _statement(rng: random.Random, area: str, index: int) -> str:
    phrase = _OBJECT_PHRASES[(index + rng.randrange(len(_OBJECT_PHRASES))) % len(_OBJECT_PHRASES)]
    text = phrase.format(area_l=area.lower(), segment=rng.choice(_SEGMENTS))
    return text + rng.choice(_ENDINGS)


def _objectives(
    rng: random.Random,
    count: int,
    teams: Sequence[_Team],
    kpis: Sequence[_Kpi],
    people: Sequence[str],
) -> list[_Objective]:
    objectives: list[_Objective] = []
    by_team_period: dict[tuple[str | None, str], list[_Objective]] = {}
    company = max(len(_PERIODS), count // 50)
    individual = count // 10
    team_count = count - company - individual
    depth = _team_depths(teams)
    # Company first, then teams from the top of the tree down, then individuals: every
    # parent link points at an objective that already exists, so no cycle can form.
    plan: list[tuple[str, _Team | None]] = [("company", None)] * company
    ordered = sorted(teams, key=lambda t: depth[t.id])
    plan += [("team", ordered[i * len(ordered) // team_count]) for i in range(team_count)]
    plan += [("individual", rng.choice(teams)) for _ in range(individual)]
    for index, (level, team) in enumerate(plan):
        period = (
            _PERIODS[index % len(_PERIODS)]
            if level == "company"
            else rng.choices(_PERIODS, _PERIOD_WEIGHTS)[0]
        )
        area = team.area if team else rng.choice(_AREAS)
        statement = _statement(rng, area, index)
        stem = f"{_slug(statement)[:48].rstrip('-')}-{index + 1}"
        folder = team.id if team else "company"
        owner = (
            team.lead
            if team and level == "team" and rng.random() < 0.6
            else rng.choice(team.members or [team.lead])
            if team
            else rng.choice(people[:12])
        )
        objective = _Objective(
            id=f"{period}/{folder}/{stem}",
            stem=stem,
            period=period,
            team=team.id if team else None,
            level=level,
            owner=owner,
            area=area,
            statement=statement,
            committed=rng.random() < 0.25,
            tags=rng.sample(_TAGS, rng.randint(0, 2)),
        )
        parent = _pick_parent(rng, objective, team, by_team_period)
        if parent is not None:
            objective.parent_id = parent.id
            objective.parent = parent.stem if rng.random() < 0.3 else parent.id
            parent.children.append(objective.id)
        objective.key_results = _key_results(rng, objective, kpis)
        objectives.append(objective)
        by_team_period.setdefault((objective.team, period), []).append(objective)
    _align(rng, objectives)
    return objectives


def _team_depths(teams: Sequence[_Team]) -> dict[str, int]:
    parents = {t.id: t.parent for t in teams}
    depths: dict[str, int] = {}
    for team in teams:
        depth, current = 0, team.parent
        while current is not None:
            depth, current = depth + 1, parents[current]
        depths[team.id] = depth
    return depths


def _pick_parent(
    rng: random.Random,
    objective: _Objective,
    team: _Team | None,
    by_team_period: dict[tuple[str | None, str], list[_Objective]],
) -> _Objective | None:
    if team is None:
        return None
    if objective.level == "individual":
        candidates = by_team_period.get((team.id, objective.period), [])
        return rng.choice(candidates) if candidates and rng.random() < 0.8 else None
    above = by_team_period.get((team.parent, objective.period), [])
    if not above and objective.period in ("2026-Q3", "2026-Q4"):
        above = by_team_period.get((None, "2026-H2"), [])  # a quarter under the half
    return rng.choice(above) if above and rng.random() < 0.7 else None


def _key_results(
    rng: random.Random, objective: _Objective, kpis: Sequence[_Kpi]
) -> list[_KeyResult]:
    results: list[_KeyResult] = []
    # Two to four of their own (a few objectives have a single one: Q101).
    wanted = 1 if rng.random() < 0.02 else rng.randint(2, 4)
    past = _PERIOD_SPAN[objective.period][1] < AS_OF
    for position in range(wanted):
        roll = rng.random()
        if roll < 0.22:
            n = rng.choice((3, 5, 10, 20))
            title = rng.choice(_MILESTONES).format(
                n=n,
                segment=rng.choice(_SEGMENTS),
                segment_c=rng.choice(_SEGMENTS).capitalize(),
                area_l=objective.area.lower(),
            )
            kr = _KeyResult(kind="milestone", title=title, done_at=rng.choice((None, 1, 2, 3)))
        else:
            label, unit, low, high, _ = _METRICS[rng.randrange(len(_METRICS))]
            kpi = None
            if roll < 0.5 and kpis:
                linked = kpis[rng.randrange(len(kpis))]
                label, unit = linked.name, linked.unit
                low, high = linked.low, linked.high
                baseline, target = (low, high) if linked.direction == "higher" else (high, low)
                kpi = linked.id
            elif rng.random() < 0.5:
                baseline, target = low, high
            else:
                baseline, target = high, low
            baseline = _round(baseline * rng.uniform(0.9, 1.1))
            target = _round(target * rng.uniform(0.95, 1.05))
            if baseline == target:
                target = _round(target + 1)
            shown_unit = f" {unit}" if unit and unit != "%" else unit
            kr = _KeyResult(
                kind="up" if target > baseline else "down",
                title=f"{label} from {_num(baseline)}{shown_unit} to {_num(target)}{shown_unit}",
                baseline=baseline,
                target=target,
                unit=unit,
                kpi=kpi,
            )
        # Past aspirational objectives end short of 1.0 (a full score would be Q113).
        ceiling = 0.95 if past and not objective.committed else 1.1
        kr.final = min(ceiling, rng.uniform(0.1, 1.05))
        if rng.random() < 0.5:
            kr.id = f"{_slug(kr.title)[:16].rstrip('-')}-{position + 1}"
        if rng.random() < 0.2:
            kr.weight = rng.choice((0.5, 2, 3))
        if rng.random() < 0.15:
            kr.owner = objective.owner
        if rng.random() < 0.02:
            kr.score = rng.choice((0.3, 0.5, 0.7))
        results.append(kr)
    return results


def _align(rng: random.Random, objectives: Sequence[_Objective]) -> None:
    """Give half the objectives with children an aligned key result per child (up to 2)."""
    by_id = {o.id: o for o in objectives}
    for objective in objectives:
        if not objective.children or rng.random() < 0.5:
            continue
        room = 5 - len(objective.key_results)
        for child_id in objective.children[: min(2, room)]:
            child = by_id[child_id]
            owner = child.team or "the team"
            objective.key_results.append(
                _KeyResult(
                    kind="aligned",
                    title=f"{owner.replace('-', ' ').capitalize()} reaches its objective on "
                    f"{child.area.lower()}",
                    aligned=child.stem if rng.random() < 0.3 else child.id,
                )
            )


def _round(value: float) -> float:
    return round(value, 2) if abs(value) < 100 else float(round(value))


def _num(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,}"


# --- Writing ---------------------------------------------------------------------------


class _Writer:
    """Writes files under a folder, creating sub-folders once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0
        self._folders: set[Path] = set()

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        self.count += 1


def _reset(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)


def _q(text: str) -> str:
    """A YAML scalar for any text: a JSON string is a valid double-quoted YAML scalar."""
    return json.dumps(text, ensure_ascii=False)


def _paragraphs(rng: random.Random, area: str, count: int, up: str) -> Iterator[str]:
    """Body text; ``up`` is the relative path from the page's folder to docs_dir."""
    for _ in range(count):
        picked = rng.sample(_SENTENCES, rng.randint(2, 4))
        yield " ".join(
            s.format(
                segment=rng.choice(_SEGMENTS),
                area=area,
                area_l=area.lower(),
                area_id=_slug(area),
                other=rng.choice(_AREAS),
                up=up,
            )
            for s in picked
        )


def _portal_config(spec: SizeSpec) -> str:
    return (
        f"site_name: Harbourline goals ({spec.name})\n"
        "site_url: https://example.org/goals/\n"
        "docs_dir: goals\nsite_dir: site\n"
        "repo_url: https://github.com/example/bench\nedit_uri: edit/main/goals/\n\n"
        f"{_THEME}\n"
        "plugins:\n"
        "  - search\n"
        "  - okrsite:\n"
        "      company: Harbourline\n"
        f"      as_of: {AS_OF.isoformat()}\n"
        "      cache_dir: .cache/okrsite\n"
    )


def _index_page(spec: SizeSpec) -> str:
    return (
        "# Harbourline goals\n\n"
        f"A synthetic portal of size {spec.name} ({spec.teams} teams, {spec.objectives} "
        f"objectives, {spec.kpis} KPIs) written by the okrsite benchmark.\n"
    )


def _about_page() -> str:
    return (
        "# How we use OKRs\n\n"
        "Objectives say where we want to go this quarter; key results say how we will know "
        "we got there. KPIs are the dials we watch all year.\n"
    )


def _team_page(rng: random.Random, team: _Team, teams: Sequence[_Team]) -> str:
    lines = ["---", f"name: {_q(team.name)}"]
    if team.parent:
        lines.append(f"parent: {team.parent}")
    lines.append(f"lead: {_q(team.lead)}")
    if team.members:
        lines.append("members:")
        lines += [f"  - {_q(m)}" for m in team.members]
    lines.append(
        f"mission: {_q(f'Make {team.area.lower()} something customers never think about')}"
    )
    lines.append("---")
    body = "\n\n".join(_paragraphs(rng, team.area, rng.randint(1, 3), "../"))
    return "\n".join(lines) + "\n\n" + body + "\n"


def _kpi_page(rng: random.Random, kpi: _Kpi) -> str:
    lines = ["---", f"name: {_q(kpi.name)}", f"owner: {_q(kpi.owner)}"]
    if kpi.team:
        lines.append(f"team: {kpi.team}")
    if rng.random() < 0.97:
        lines.append(f"definition: {_q(f'{kpi.name}, measured over all active accounts')}")
    if rng.random() < 0.97:
        lines.append(f"source: {_q(rng.choice(_SOURCES))}")
    if kpi.cadence:
        lines.append(f"cadence: {kpi.cadence}")
    if kpi.target is not None:
        lines.append(f"target: {kpi.target}")
        if rng.random() < 0.6:
            span = kpi.high - kpi.low
            edge = kpi.target - 0.2 * span if kpi.direction == "higher" else kpi.target + 0.2 * span
            lines.append(f"warning: {_round(edge)}")
    lines.append(f"direction: {kpi.direction}")
    if kpi.unit:
        lines.append(f"unit: {_q(kpi.unit)}")
    lines.append("---")
    body = "\n\n".join(_paragraphs(rng, kpi.name.split(" (")[0], rng.randint(1, 2), "../"))
    return "\n".join(lines) + "\n\n" + body + "\n"


def _kpi_dates(cadence: str | None, points: int) -> list[str]:
    if cadence == "daily":
        return [(AS_OF - timedelta(days=i)).isoformat() for i in range(points)][::-1]
    if cadence == "weekly":
        monday = AS_OF - timedelta(days=AS_OF.weekday())
        return [(monday - timedelta(weeks=i)).isoformat() for i in range(points)][::-1]
    step = 3 if cadence == "quarterly" else 1
    year, month = AS_OF.year, (AS_OF.month - 1) // step * step + 1
    dates: list[str] = []
    for _ in range(points):
        # Monthly series use the short YYYY-MM form the SPEC allows.
        dates.append(f"{year}-{month:02d}" if step == 1 else f"{year}-{month:02d}-01")
        month -= step
        if month < 1:
            month += 12
            year -= 1
    return dates[::-1]


def _kpi_csv(rng: random.Random, kpi: _Kpi, points: int) -> str:
    dates = _kpi_dates(kpi.cadence, points)
    changes = kpi.target is not None and rng.random() < 0.2
    noted = rng.random() < 0.3
    header = "date,value" + (",target" if changes else "") + (",note" if noted else "")
    rows = [header]
    span = kpi.high - kpi.low
    value = kpi.low + rng.uniform(0.2, 0.8) * span
    for index, day in enumerate(dates):
        value = min(kpi.high + span, max(kpi.low - span, value + rng.gauss(0, span / 15)))
        cell = "" if rng.random() < 0.01 and index < len(dates) - 1 else _csv_num(value)
        row = f"{day},{cell}"
        if changes:
            assert kpi.target is not None
            # The target moves part-way through the series (a board decision, say).
            target = kpi.target if index >= len(dates) * 3 // 5 else _round(kpi.target * 0.9)
            row += f",{_csv_num(target)}"
        if noted:
            row += "," + ("release week" if rng.random() < 0.05 else "")
        rows.append(row)
    return "\n".join(rows) + "\n"


def _csv_num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _objective_page(rng: random.Random, objective: _Objective, teams: Sequence[_Team]) -> str:
    lines = [
        "---",
        f"objective: {_q(objective.statement)}",
        f"period: {_q(objective.period)}",
        f"owner: {_q(objective.owner)}",
    ]
    if objective.team:
        lines.append(f"team: {objective.team}")
    if objective.level == "individual" or rng.random() < 0.3:
        lines.append(f"level: {objective.level}")
    if objective.committed:
        lines.append("type: committed")
    elif rng.random() < 0.2:
        lines.append("type: aspirational")
    if objective.parent:
        lines.append(f"parent: {objective.parent}")
    if objective.tags:
        lines.append(f"tags: [{', '.join(objective.tags)}]")
    lines.append("key_results:")
    for kr in objective.key_results:
        lines += _key_result_lines(kr)
    lines += _checkin_lines(rng, objective)
    lines.append("---")
    body = "\n\n".join(_paragraphs(rng, objective.area, rng.randint(2, 4), "../../../"))
    return "\n".join(lines) + "\n\n" + body + "\n"


def _key_result_lines(kr: _KeyResult) -> list[str]:
    lines = [f"  - id: {kr.id}", f"    title: {_q(kr.title)}"] if kr.id else []
    if not lines:
        lines = [f"  - title: {_q(kr.title)}"]
    if kr.kind == "milestone":
        lines.append("    done: false")
    elif kr.kind == "aligned":
        lines.append(f"    objective: {kr.aligned}")
    else:
        lines += [f"    baseline: {kr.baseline}", f"    target: {kr.target}"]
        if kr.unit:
            lines.append(f"    unit: {_q(kr.unit)}")
        if kr.kpi:
            lines.append(f"    kpi: {kr.kpi}")
    if kr.weight is not None:
        lines.append(f"    weight: {kr.weight}")
    if kr.owner:
        lines.append(f"    owner: {_q(kr.owner)}")
    if kr.score is not None:
        lines.append(f"    score: {kr.score}")
    return lines


def _checkin_dates(rng: random.Random, period: str) -> list[date]:
    start, end = _PERIOD_SPAN[period]
    if start > AS_OF:
        return []
    last = min(end, AS_OF)
    # One objective in thirty stops checking in (Q110 on the running ones).
    if rng.random() < 1 / 30:
        last = max(start, last - timedelta(days=30))
    days: list[date] = []
    day = start + timedelta(days=rng.randint(5, 12))
    while day <= last:
        days.append(day)
        day += timedelta(days=rng.randint(10, 16))
    if end >= AS_OF and days and (AS_OF - days[-1]).days > 10:
        days.append(AS_OF - timedelta(days=rng.randint(0, 6)))
    return days


def _checkin_lines(rng: random.Random, objective: _Objective) -> list[str]:
    days = _checkin_dates(rng, objective.period)
    if not days:
        return []
    lines = ["checkins:"]
    keyed = [
        (kr.id or f"kr{i + 1}", kr)
        for i, kr in enumerate(objective.key_results)
        if kr.kind != "aligned"
    ]
    confidence = rng.uniform(0.4, 0.8)
    for number, day in enumerate(days, start=1):
        share = number / len(days)
        values: list[str] = []
        for kr_id, kr in keyed:
            if kr.kind == "milestone":
                if kr.done_at is not None and number >= kr.done_at and rng.random() < 0.5:
                    values.append(f"{kr_id}: true")
            elif kr.kpi is None and rng.random() < 0.8:
                progress = kr.final * share
                values.append(
                    f"{kr_id}: {_round(kr.baseline + progress * (kr.target - kr.baseline))}"
                )
        confidence = min(1.0, max(0.05, confidence + rng.uniform(-0.1, 0.1)))
        lines.append(f"  - date: {day.isoformat()}")
        if values:
            lines.append(f"    values: {{{', '.join(values)}}}")
        lines.append(f"    confidence: {round(confidence, 2)}")
        if rng.random() < 0.8:
            lines.append(f"    by: {_q(objective.owner)}")
        if rng.random() < 0.5:
            lines.append(f"    note: {_q(rng.choice(_NOTES))}")
    return lines


def _floor_section_html_bytes() -> int:
    """HTML bytes of one floor section, measured once with Python-Markdown."""
    import markdown  # MkDocs' own dependency; imported here, only the floor needs it

    text = _floor_section(random.Random(0), 1, 100, 3)
    converter = markdown.Markdown(extensions=["tables", "admonition", "attr_list", "toc"])
    return len(converter.convert(text))


def _floor_page(rng: random.Random, number: int, pages: int, width: int, sections: int) -> str:
    area = _AREAS[number % len(_AREAS)]
    title = _statement(rng, area, number)
    head = (
        f"# {title}\n\n"
        f"Owner: {rng.choice(_FIRST)} {rng.choice(_LAST)} · Period: 2026-Q4 · "
        f"Status: on track · Score: {rng.randint(0, 100)} %\n\n"
    )
    return head + "\n".join(_floor_section(rng, number, pages, width) for _ in range(sections))


def _floor_section(rng: random.Random, number: int, pages: int, width: int) -> str:
    area = _AREAS[(number + rng.randrange(len(_AREAS))) % len(_AREAS)]
    rows = "\n".join(
        f"| kr{i} | {label} | {low} | {_round(rng.uniform(low, high))} | {high} | "
        f"{rng.randint(0, 100)} % |"
        for i, (label, _, low, high, _) in enumerate(rng.sample(_METRICS, 4), start=1)
    )
    links = " · ".join(
        f"[page {other}]({other:0{width}d}.md)"
        for other in (rng.randrange(1, max(2, pages - 1)) for _ in range(4))
        if other < pages - 1
    )
    checkins = "\n".join(
        f"- **2026-{month:02d}-{rng.randint(1, 28):02d}** {rng.choice(_NOTES)}"
        for month in (8, 9, 10, 11)
    )
    body = "\n\n".join(_paragraphs(rng, area, 3, "../"))
    return (
        f"## {area}: key results\n\n"
        "| id | key result | baseline | current | target | progress |\n"
        "|---|---|---|---|---|---|\n"
        f"{rows}\n\n"
        f"### Check-ins\n\n{checkins}\n\n"
        f"### Context\n\n{body}\n\n"
        f"Related: {links}\n"
    )
