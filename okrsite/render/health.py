"""The editors' pages: ``/health/`` (every finding, with codes, lines and edit links) and
``/rules/`` (the quality checks and how to silence one).

These are the only generated pages that speak of codes, keys and commands:
they are for the people who edit the goal files.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..codes import ERRORS
from ..lint import RULES, SEED_TITLES
from ..model import Finding
from ..options import LintOptions
from .blocks import Markdown
from .catalog import Catalog
from .markup import encode, external, label, md_table, strong
from .page import Page, RenderedPage, table
from .paging import PageSizes, SubPages, chunked, continued, runs, span

#: The name of ``/health/`` in the menu and its heading ("KPI health" is something else).
HEALTH_TITLE = "Findings"


def health(cat: Catalog, sizes: PageSizes) -> list[RenderedPage]:
    """``/health/``: every error and warning, grouped by file, with page and edit links.

    More than ``sizes.findings`` findings go to sub-pages (``/health/page/<n>/``),
    files in path order; the entry page then counts the findings by check and
    lists the sub-pages with the files on each.
    """
    portal, site = cat.portal, cat.site
    p = Page(cat, site.health)
    p.add(f"# {HEALTH_TITLE} in the goal files")
    errors, warnings = portal.errors, portal.warnings
    p.add(
        f"{len(errors)} error{'s' if len(errors) != 1 else ''} and {len(warnings)} "
        f"warning{'s' if len(warnings) != 1 else ''} as of {cat.as_of.isoformat()}. "
        f"Errors stop the build; warnings are the quality checks described on "
        f"{p.link(site.rules, 'the rules page')}. Run <code>okrsite check</code> to see the "
        "same list locally."
    )
    if not portal.findings:
        p.add("Every goal file is clean.")
        return [p.done(feed=site.config_path)]
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in portal.findings:
        groups[finding.path].append(finding)
    items = [
        (path, finding)
        for path in sorted(groups)
        for finding in sorted(groups[path], key=lambda f: f.sort_key)
    ]
    if len(items) <= sizes.findings:
        _finding_groups(p, items, first_continued=False)
        return [p.done(feed=site.config_path)]

    chunks = chunked(items, sizes.findings)
    sub = SubPages(site, site.health, HEALTH_TITLE, len(chunks))
    p.add("## By check")
    p.add(_findings_by_code(p, [f for _, f in items]))
    p.add("## Pages")
    p.add(
        f"The findings of {len(groups)} files, by path, on {len(chunks)} pages of up to "
        f"{sizes.findings}:"
    )
    p.add(
        sub.index(
            p,
            ["Files", "Findings"],
            [
                [
                    span(f"<code>{encode(c[0][0])}</code>", f"<code>{encode(c[-1][0])}</code>"),
                    str(len(c)),
                ]
                for c in chunks
            ],
        )
    )
    return [
        p.done(feed=site.config_path),
        *sub.write(
            p,
            chunks,
            lambda q, chunk, again: _finding_groups(q, chunk, first_continued=again),
            feed=lambda chunk: site.config_path,
            group=lambda item: item[0],  # the file
        ),
    ]


def _finding_groups(
    p: Page, items: Sequence[tuple[str, Finding]], *, first_continued: bool
) -> None:
    """The findings of each file under a heading naming its page, with edit and line links."""
    cat, site = p.cat, p.site
    for index, (path, group) in enumerate(runs(items, key=lambda item: item[0])):
        docs = site.docs_path(path)
        page = _page_of(cat, path)
        title = p.link(page[0], page[1]) if page else encode(path)
        p.add(f"## {continued(title, first_continued and index == 0)}")
        where = [f"<code>{encode(path)}</code>"]
        edit = site.edit_url(docs) if docs and not docs.startswith("../") else None
        if edit:
            where.append(external(edit, "edit the file"))
        p.add(" · ".join(where))
        rows = []
        for _, f in group:
            view = site.view_url(docs, f.line) if docs else None
            line = external(view, f"{f.line}:{f.col}") if view else f"{f.line}:{f.col}"
            rows.append([encode(f.message), line, _code_link(p, f.code), _severity(f)])
        # The message first: on a phone each finding becomes a card that starts with it.
        p.add(table(["Message", "Line", "Code", "Severity"], rows))


def _code_link(p: Page, code: str) -> str:
    if code.startswith("Q"):
        return p.link(f"{p.site.rules}#{code.lower()}", code)
    return encode(code)


def _severity(finding: Finding) -> str:
    return "error" if finding.is_error else "warning"


def _findings_by_code(p: Page, findings: Sequence[Finding]) -> str:
    """How many findings (and files) each check has, errors first."""
    meanings = dict(_ERRORS)
    counts = Counter((f.code, _severity(f)) for f in findings)
    files: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in findings:
        files[(f.code, _severity(f))].add(f.path)
    rows = []
    for code, severity in sorted(counts, key=lambda k: (k[1] != "error", k[0])):
        rule = RULES.get(code)
        meaning = encode(rule.name) if rule else encode(meanings.get(code, ""))
        rows.append(
            [
                _code_link(p, code),
                meaning or "–",
                severity,
                str(counts[(code, severity)]),
                str(len(files[(code, severity)])),
            ]
        )
    return md_table(["Code", "Check", "Severity", "Findings", "Files"], rows, align="lllrr")


def _page_of(cat: Catalog, path: str) -> tuple[str, str] | None:
    """(source, label) of the portal page a finding's file belongs to."""
    portal, site = cat.portal, cat.site
    if path in cat.objective_by_path:
        oid = cat.objective_by_path[path]
        return site.objective(oid), label(portal.objectives[oid].objective)
    if path in cat.team_by_path:
        tid = cat.team_by_path[path]
        return site.team(tid), label(portal.teams[tid].name)
    if path in cat.kpi_by_path:
        kid = cat.kpi_by_path[path]
        return site.kpi(kid), label(portal.kpis[kid].name)
    docs = site.docs_path(path)
    for kid, kpi in portal.kpis.items():
        if kpi.data_path and kpi.data_path == docs:
            return site.kpi(kid), label(kpi.name)
    return None


_ERRORS = tuple((c.code, c.meaning) for c in ERRORS)  # the registry: okrsite.codes


def rules(cat: Catalog, lint: LintOptions) -> RenderedPage:
    """``/rules/``: the quality checks, why they matter, and how to silence one."""
    p = Page(cat, cat.site.rules)
    p.add("# Quality checks")
    p.add(
        Markdown(
            "okrsite reads every goal page and KPI and warns about the habits the OKR and KPI "
            "literature warns about. Warnings do not stop the build unless it runs with "
            "`mkdocs build --strict` or the plugin option `strict: true`. Each check can be "
            "switched off for the whole site in `mkdocs.yml`:"
        )
    )
    p.add(
        _fenced("plugins:\n  - okrsite:\n      lint: {ignore: [Q109]}\n"),
        Markdown("or for one goal page, in its front matter:"),
        _fenced("lint_ignore: [Q109]\n"),
    )
    for code in sorted(RULES):
        rule = RULES[code]
        p.add(f'## <span id="{code.lower()}"></span>{encode(code)} {encode(rule.name)}')
        state = "on" if lint.enabled(code) else "off"
        default = "on" if rule.default_on else "off (list it in `lint.select` to use it)"
        p.add(Markdown(f"{p.text(rule.summary)} In this site: **{state}**; by default: {default}."))
        why = f"{strong('Why it matters:')} {p.text(_ARTICLE.sub(_article, rule.why))}"
        missing = [s for s in rule.sources if SEED_TITLES.get(s, s) not in rule.why]
        if missing:
            named = ", ".join(f"“{encode(SEED_TITLES.get(s, s))}”" for s in missing)
            why += f" (sources: {named})"
        p.add(why)
        p.add(Markdown("Fires on:"), _fenced(rule.bad), Markdown("Passes:"), _fenced(rule.good))
        silence = (
            f"To silence it: `lint: {{ignore: [{code}]}}` in mkdocs.yml, or "
            f"`lint_ignore: [{code}]` on the page."
        )
        if rule.option:
            option = rule.option.removeprefix("lint.")
            value = getattr(lint, option, None)
            shown = f" (here: {encode(str(value))})" if value is not None else ""
            silence += f" Its threshold is the option `lint.{option}`{shown}."
        p.add(Markdown(silence))
    p.add("## Errors")
    p.add(
        Markdown(
            "Errors mean the site cannot be trusted: the build stops and lists each one as "
            "`path:line:col: CODE message`. They cannot be switched off."
        )
    )
    p.add(md_table(["Code", "Meaning"], [[c, encode(m)] for c, m in _ERRORS]))
    return p.done(feed=cat.site.config_path)


#: "Article 001" in a rule's reasons: the numbers are the seeds' file names, not for readers.
_ARTICLE = re.compile(r"\b([Aa])rticle \d{3}\b")


def _article(match: re.Match[str]) -> str:
    return "The article" if match.group(1) == "A" else "the article"


def _fenced(text: str, language: str = "yaml") -> Markdown:
    """A fenced code block longer than any backtick run inside it."""
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return Markdown(f"{fence}{language}\n{text.rstrip()}\n{fence}")
