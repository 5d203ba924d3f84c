"""KPI pages and the KPI index: ``/kpis/<id>/`` and ``/kpis/``."""

from __future__ import annotations

from collections import Counter

from ..charts import alt_text
from ..model import Kpi
from ..score import point_status
from .blocks import Html
from .catalog import Catalog
from .levels import kr_values
from .markup import (
    badge,
    bullets,
    details,
    encode,
    external,
    facts,
    fmt_number,
    fmt_score,
    fmt_value,
    html_table,
    inline,
    label,
    para,
    strong,
)
from .page import REPLACE, Page, RenderedPage, streak_text, table
from .paging import PageSizes, paged_index
from .specs import kpi_chart, kpi_rows

#: Problems first: the order of KPI lists that rank by urgency.
URGENCY = {"red": 0, "amber": 1, "yellow": 1, "no-data": 2, "none": 3, "green": 4}


def kpi_urgency(cat: Catalog, kid: str) -> tuple[int, int, tuple[str, str]]:
    """Sort key: red first, then amber, no data, no target, green; longest off target first."""
    result = cat.portal.kpi_results[kid]
    return (URGENCY.get(result.status, 3), -result.streak, cat.kpi_sort_key(kid))


def kpi_page(cat: Catalog, kpi_id: str) -> RenderedPage:
    """The page of a KPI; replaces the goal file's own content."""
    portal = cat.portal
    kpi = portal.kpis[kpi_id]
    result = portal.kpi_results[kpi_id]
    src = cat.site.kpi(kpi_id)
    p = Page(cat, src)
    p.add(f"# {p.text(kpi.name)}")
    latest = result.latest
    items = [
        ("Status", badge(result.status)),
        (
            "Latest",
            f'<span class="okr-now">{fmt_value(latest.value, kpi.unit)}</span> on '
            f"{latest.date.isoformat()}"
            if latest
            else "no data",
        ),
        ("Target", fmt_value(result.target, kpi.unit) if result.target is not None else "none"),
    ]
    if kpi.warning is not None:
        items.append(("Warning level", fmt_value(kpi.warning, kpi.unit)))
    items += [
        ("Off target for", streak_text(result.streak, kpi.cadence)),
        ("Owner", p.person(kpi.owner)),
        ("Team", p.team(kpi.team)),
    ]
    p.add(facts(items))
    chart = kpi_chart(portal, kpi_id)
    p.add(p.image(cat.site.chart("kpi", kpi_id), alt_text(chart)))
    p.add(_kpi_data(p, kpi))

    about = [
        f"{strong('Definition:')} {p.text(kpi.definition) or 'not written yet'}",
        f"{strong('Source:')} {p.text(kpi.source) or 'not named yet'}",
        f"{strong('Reviewed:')} {encode(kpi.cadence) if kpi.cadence else 'no cadence set'}",
        f"{strong('Better when:')} {'lower' if kpi.direction == 'lower' else 'higher'}",
    ]
    if kpi.unit:
        about.append(f"{strong('Unit:')} {p.text(kpi.unit)}")
    p.add("## Definition")
    p.add(bullets(about))
    p.add(p.body(kpi.body, src))

    p.add("## Key results that use it")
    users = cat.kpi_users.get(kpi_id, [])
    if users:
        rows = []
        for oid, kr in users:
            obj = portal.objectives[oid]
            index = obj.key_results.index(kr)
            kr_result = portal.objective_results[oid].key_results[index]
            rows.append(
                [
                    p.text(kr.title, cat.site.objective(oid)),
                    fmt_score(kr_result.score),
                    kr_values(kr, kr_result),
                    p.objective(oid),
                    p.period(obj.period.key if obj.period else None),
                ]
            )
        p.add(table(["Key result", "Score", "Values", "Objective", "Period"], rows))
    else:
        p.add("No key result uses this KPI.")
    return p.done(feed=src, mode=REPLACE)


#: Rows of a KPI's data table: the most recent ones. A longer series is in its CSV (linked
#: below the table) and drawn, thinned, in the chart; a page of 100,000 rows helps no one.
DATA_ROWS = 100


def _kpi_data(p: Page, kpi: Kpi) -> Html:
    every = kpi_rows(kpi, p.cat.as_of)
    shown = every[-DATA_ROWS:]
    rows = []
    for point, target in reversed(shown):
        status = point_status(point.value, target, kpi) if point.value is not None else "no-data"
        rows.append(
            [
                point.date.isoformat(),
                badge(status),
                fmt_number(point.value) if point.value is not None else "gap",
                fmt_number(target) if target is not None else "–",
                inline(point.note, p.src, directory_urls=p.site.directory_urls),
            ]
        )
    # Status second: on a phone the table scrolls in its box, and the status shows first.
    table_html = html_table(["Date", "Status", "Value", "Target", "Note"], rows, numeric="0011")
    links = []
    if kpi.data_path:
        links.append(p.link(kpi.data_path, "Download the data (CSV)"))
        edit = p.site.edit_url(kpi.data_path)
        if edit:
            links.append(external(edit, "Edit the data file"))
    count = (
        f"{len(every)} rows"
        if len(shown) == len(every)
        else f"latest {len(shown)} of {len(every):,} rows"
    )
    out = details(f"Data ({count})", table_html)
    return Html(out + para(" · ".join(links)))


def kpis_index(cat: Catalog, sizes: PageSizes) -> list[RenderedPage]:
    """``/kpis/``: every KPI's latest value against its target, problems first.

    More than ``sizes.rows`` KPIs go to sub-pages (``/kpis/page/<n>/``); the
    entry page then counts them by status and lists the sub-pages.
    """
    site = cat.site
    p = Page(cat, site.kpis_index)
    p.add("# KPIs")
    intro = (
        f"The health of the business as of {cat.as_of.isoformat()}: each KPI's latest value "
        "against its target, problems first."
    )
    p.add(intro)
    ids = sorted(cat.portal.kpis, key=lambda k: kpi_urgency(cat, k))
    statuses = Counter(cat.portal.kpi_results[k].status for k in ids)
    mix = ", ".join(
        f"{statuses[s]} {badge(s)}" for s in sorted(statuses, key=lambda s: (URGENCY.get(s, 3), s))
    )
    return paged_index(
        p,
        ids,
        sizes.rows,
        title="KPIs",
        feed=f"{site.kpis_dir}/",
        summary=f"{{count}} KPIs: {mix}. Problems first, on {{pages}} pages of up to {{size}}:",
        name=lambda kid: label(cat.portal.kpis[kid].name) or encode(kid),
        body=lambda q, chunk: q.kpis_table(list(chunk), team=True) if chunk else "No KPIs yet.",
        preface=lambda q, chunk: [intro],
    )
