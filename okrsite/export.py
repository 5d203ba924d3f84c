"""``okrs.json``: the machine-readable export of a portal (SPEC section 9)."""

from __future__ import annotations

from typing import Any

from .escaping import json_text
from .model import Portal
from .sitemap import SiteMap, page_url

SCHEMA = "okrsite/1"


def export_data(portal: Portal, site: SiteMap | None = None) -> dict[str, Any]:
    """The export as plain data: sorted, references resolved, numbers unrounded.

    Absent values are null, including a required one the page lacks (its E003 is
    among the findings): an empty string would read as a value that is there.

    Args:
        portal: the portal, as :func:`okrsite.portal.build_portal` returns it.
        site: where the pages live; each ``url`` is the address of the page the
            site builds (folder options, ``use_directory_urls``). Default: the
            default folders with directory URLs.
    """
    site = site or SiteMap()
    objectives = []
    for oid in sorted(portal.objectives):
        o = portal.objectives[oid]
        r = portal.objective_results[oid]
        krs = []
        for kr, kr_result in zip(o.key_results, r.key_results, strict=True):
            krs.append(
                {
                    "id": kr.id,
                    "title": kr.title or None,
                    "kind": kr.kind,
                    "baseline": kr.baseline if kr.kind == "numeric" else None,
                    "target": kr.target if kr.kind in ("numeric", "threshold") else None,
                    "threshold": kr.threshold if kr.kind == "threshold" else None,
                    "current": kr_result.current,
                    "unit": kr.unit,
                    "kpi": kr.kpi,
                    "objective": kr.objective,
                    "progress": kr_result.progress,
                    "score": kr_result.score,
                    "weight": kr.weight,
                }
            )
        objectives.append(
            {
                "id": oid,
                "objective": o.objective or None,
                "period": o.period.key if o.period else None,
                "level": o.level,
                "team": o.team,
                "owner": o.owner or None,
                "owners": list(o.owners),
                "type": o.type,
                "parent": o.parent,
                "score": r.score,
                "status": r.status,
                "confidence": r.confidence,
                "review": o.review,
                "url": page_url(site.objective(oid), site.directory_urls),
                "key_results": krs,
            }
        )
    kpis = []
    for kid in sorted(portal.kpis):
        k = portal.kpis[kid]
        s = portal.kpi_results[kid]
        kpis.append(
            {
                "id": kid,
                "name": k.name,
                "owner": k.owner or None,
                "team": k.team,
                "target": s.target,
                "direction": k.direction,
                "status": s.status,
                "latest": (
                    {"date": s.latest.date.isoformat(), "value": s.latest.value}
                    if s.latest
                    else None
                ),
                "off_target_streak": s.streak,
                "url": page_url(site.kpi(kid), site.directory_urls),
            }
        )
    teams = [
        {
            "id": tid,
            "name": t.name,
            "parent": t.parent,
            "scores": dict(portal.team_scores.get(tid, {})),
        }
        for tid, t in sorted(portal.teams.items())
    ]
    findings = [
        {
            "code": f.code,
            "severity": f.severity,
            "path": f.path,
            "line": f.line,
            "message": f.message,
        }
        for f in sorted(portal.findings, key=lambda f: (f.path, f.line, f.code))
    ]
    return {
        "schema": SCHEMA,
        "as_of": portal.as_of.isoformat(),
        "current_period": portal.current_period.key,
        "objectives": objectives,
        "kpis": kpis,
        "teams": teams,
        "company": {"name": portal.company, "scores": dict(portal.company_scores)},
        "findings": findings,
    }


def export_json(portal: Portal, site: SiteMap | None = None) -> str:
    """The export as deterministic JSON text (stable key order, trailing newline)."""
    return json_text(export_data(portal, site)) + "\n"
