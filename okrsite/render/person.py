"""Person pages and the people index: ``/people/<slug>/`` and ``/people/``."""

from __future__ import annotations

from collections.abc import Sequence

from .catalog import Catalog, Person
from .markup import bullets, encode, fmt_score, label, strong
from .page import Page, RenderedPage, table
from .paging import PAGE_SIZE, PageSizes, paged_index


def person_page(cat: Catalog, person: Person, *, checkins_shown: int = PAGE_SIZE) -> RenderedPage:
    """Everything a person owns, leads or is a member of.

    The check-ins the person wrote are a log that grows with time: the page
    shows the ``checkins_shown`` most recent; every check-in stays in the log
    of its objective's page.
    """
    portal = cat.portal
    src = cat.site.person(person.slug)
    p = Page(cat, src)
    p.add(f"# {label(person.name)}")
    if len(person.names) > 1:
        others = ", ".join(label(n) for n in person.names[1:])
        p.add(f"Also written as: {others}.")
    roles = []
    if person.leads:
        roles.append(f"{strong('Leads:')} {p.teams(person.leads)}")
    if person.member_of:
        roles.append(f"{strong('Member of:')} {p.teams(person.member_of)}")
    p.add(bullets(roles))

    p.add("## Objectives")
    if person.objectives:
        for period in cat.display_periods():
            ids = [o for o in person.objectives if cat.in_period(o, period.key)]
            if ids:
                state = "current" if period.key == cat.current else cat.period_state(period)
                p.add(f"### {p.period(period.key)} ({state})")
                # Co-owned objectives name all their owners, so the shared ones show.
                shared = any(portal.objectives[o].co_owners for o in ids)
                p.add(p.objectives_table(sorted(ids, key=cat.objective_sort_key), owner=shared))
    else:
        p.add("Owns no objectives.")

    if person.key_results:
        p.add("## Key results")
        rows = []
        for oid, kr in person.key_results:
            obj = portal.objectives[oid]
            index = obj.key_results.index(kr)
            result = portal.objective_results[oid]
            score = result.key_results[index].score
            rows.append(
                [
                    p.text(kr.title, cat.site.objective(oid)),
                    "not started" if result.status == "planned" else fmt_score(score),
                    p.objective(oid),
                    p.period(obj.period.key if obj.period else None),
                ]
            )
        p.add(table(["Key result", "Score", "Objective", "Period"], rows))

    p.add("## KPIs")
    p.add(
        p.kpis_table(sorted(person.kpis, key=cat.kpi_sort_key), owner=False, team=True)
        if person.kpis
        else "Watches no KPIs."
    )

    if person.checkins:
        p.add("## Check-ins")
        recent = sorted(
            (c for c in person.checkins if c[1].date <= cat.as_of),
            key=lambda item: (item[1].date, item[0]),
            reverse=True,
        )
        rows = [
            [checkin.date.isoformat(), p.objective(oid), fmt_score(checkin.confidence)]
            for oid, checkin in recent[:checkins_shown]
        ]
        if rows:
            p.add(table(["Date", "Objective", "Confidence"], rows))
            if len(recent) > checkins_shown:
                p.add(
                    f"The {checkins_shown} most recent of {len(recent)} check-ins; each "
                    "objective's page has its whole check-in log."
                )
        else:
            p.add("No check-ins up to the as-of date.")
    return p.done(feed=_person_feed(cat, person))


def _person_feed(cat: Catalog, person: Person) -> str | None:
    """The file to edit for a person: the team file that names them (as lead, else member).

    A person named only in objectives, KPIs or check-ins has no file of their
    own, so their page has no edit link: editing one of those files would not
    be editing the person.
    """
    teams = person.leads or person.member_of
    return cat.site.team(teams[0]) if teams else None


def people_index(cat: Catalog, sizes: PageSizes) -> list[RenderedPage]:
    """``/people/``: everyone named in the goal files, by name (slug).

    More than ``sizes.rows`` people go to sub-pages (``/people/page/<n>/``).
    """
    site = cat.site
    p = Page(cat, site.people_index)
    p.add("# People")
    return paged_index(
        p,
        list(cat.people),
        sizes.rows,
        title="People",
        feed=f"{site.teams_dir}/",
        summary="{count} people own, lead or belong to something in the goal files. By name, "
        "on {pages} pages of up to {size}:",
        name=lambda slug: label(cat.people[slug].name),
        body=lambda q, chunk: _people_table(q, chunk) if chunk else "Nobody yet.",
    )


def _people_table(p: Page, slugs: Sequence[str]) -> str:
    cat = p.cat
    rows = []
    for slug in slugs:
        person = cat.people[slug]
        current = [o for o in person.objectives if cat.in_period(o, cat.current)]
        rows.append(
            [
                p.link(cat.site.person(slug), label(person.name)),
                p.teams(sorted(set(person.leads + person.member_of), key=cat.team_sort_key)),
                str(len(current)),
                str(len(person.objectives)),
                str(len(person.kpis)),
            ]
        )
    return table(
        ["Person", "Teams", f"Objectives {encode(cat.current)}", "All objectives", "KPIs"],
        rows,
        align="llrrr",
    )
