"""Q109 only when the key results repeat too, and Q115 placeholder-text (SPEC 7)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import write_portal

from okrsite.options import LintOptions, Options
from okrsite.placeholders import find_placeholder
from okrsite.portal import build_portal

AS_OF = date(2026, 11, 15)
STATEMENT = "Make marinas glad they run their season on Tidewright"


def page(period: str, krs: str, statement: str = STATEMENT, extra: str = "") -> str:
    return (
        f"---\nobjective: {statement}\nperiod: {period}\nowner: Ann Lee\nteam: support\n"
        f"{extra}key_results:\n{krs}checkins:\n  - {{date: 2026-11-10}}\n---\n"
    )


def findings(tmp_path: Path, files: dict[str, str], code: str) -> list[tuple[str, int, str]]:
    docs = write_portal(tmp_path, {"teams/support.md": "---\nname: Support\n---\n", **files})
    portal = build_portal(docs, Options(lint=LintOptions()), as_of=AS_OF)
    assert portal.errors == ()
    return [(f.path, f.line, f.message) for f in portal.findings if f.code == code]


Q3_KRS = (
    "  - {title: Reach 20 M monthly active users, target: 20000000}\n"
    "  - {title: Harbour masters rate us 4.5 of 5, baseline: 3.9, target: 4.5}\n"
)


@pytest.mark.parametrize(
    ("q4_krs", "fires", "why"),
    [
        (Q3_KRS, True, "the same key results"),
        (
            "  - {title: reach 20M monthly-active users!, target: 20000000}\n"
            "  - {title: Harbour masters rate us 4.5 of 5, baseline: 4.1, target: 4.5}\n",
            True,
            "near-identical titles with the same numbers",
        ),
        (
            "  - {title: Monthly users pass twenty million, target: 20000000}\n"
            "  - {title: Average harbour master rating, baseline: 4.0, target: 4.5}\n",
            True,
            "new words, the same targets",
        ),
        (
            "  - {title: Reach 50 M monthly active users, target: 50000000}\n"
            "  - {title: Harbour masters rate us 4.7 of 5, baseline: 4.5, target: 4.7}\n",
            False,
            "the same kind of key results with new targets: a continuation",
        ),
        (
            "  - {title: Half of the bookings come from the app, baseline: 20, target: 50}\n"
            "  - {title: Winter storage sells out by October, done: false}\n",
            False,
            "new key results",
        ),
        (
            "  - {title: Reach 20 M monthly active users, target: 20000000}\n"
            "  - {title: Half of the bookings come from the app, baseline: 20, target: 50}\n"
            "  - {title: Winter storage sells out by October, done: false}\n",
            False,
            "one of three repeats: mostly new",
        ),
        (
            "  - {title: Reach 20 M monthly active users, target: 20000000}\n"
            "  - {title: Harbour masters rate us 4.5 of 5, baseline: 3.9, target: 4.5}\n"
            "  - {title: Winter storage sells out by October, done: false}\n",
            True,
            "two of three repeat",
        ),
    ],
)
def test_q109_needs_the_key_results_to_repeat(
    tmp_path: Path, q4_krs: str, fires: bool, why: str
) -> None:
    files = {
        "objectives/2026-Q3/glad.md": page("2026-Q3", Q3_KRS),
        "objectives/2026-Q4/glad.md": page("2026-Q4", q4_krs),
    }
    found = findings(tmp_path, files, "Q109")
    expected = [
        (
            "objectives/2026-Q4/glad.md",
            2,
            "objective repeats '2026-Q3/glad' of 2026-Q3; an objective that returns every "
            "period is business as usual: watch it as a KPI, or say what should change this "
            "period",
        )
    ]
    assert found == (expected if fires else []), why


def test_q109_threshold_guardrails_repeat_by_their_level(tmp_path: Path) -> None:
    krs = "  - {title: Uptime holds, at_least: 99.9}\n  - {title: Nothing lost, at_most: 0}\n"
    moved = "  - {title: Uptime holds, at_least: 99.95}\n  - {title: Nothing lost, at_least: 0}\n"
    same = {
        "objectives/2026-Q3/up.md": page("2026-Q3", krs),
        "objectives/2026-Q4/up.md": page("2026-Q4", krs),
    }
    assert len(findings(tmp_path / "a", same, "Q109")) == 1
    # A raised level and a flipped side are new key results, under the same words.
    other = {**same, "objectives/2026-Q4/up.md": page("2026-Q4", moved)}
    assert findings(tmp_path / "b", other, "Q109") == []


def test_q109_same_words_with_a_moved_target_are_a_continuation(tmp_path: Path) -> None:
    """The yearly objective of the issue: its key results moved from 20 M to 50 M users."""
    app = "  - {title: Ship the app, done: true}\n"
    old = "  - {title: Monthly active users, target: 20000000}\n" + app
    new = "  - {title: Monthly active users, target: 50000000}\n" + app
    files = {
        "objectives/2025/users.md": page("2025", old),
        "objectives/2026/users.md": page("2026", new),
    }
    # One of two repeats (the milestone, by its title): not more than half.
    assert findings(tmp_path, files, "Q109") == []


def test_q109_names_the_earlier_objective_whose_key_results_repeat(tmp_path: Path) -> None:
    new_krs = "  - {title: Half of the bookings come from the app, baseline: 20, target: 50}\n"
    files = {
        "objectives/2026-Q3/a.md": page("2026-Q3", new_krs),
        "objectives/2026-Q3/b.md": page("2026-Q3", Q3_KRS),
        "objectives/2026-Q4/c.md": page("2026-Q4", Q3_KRS),
    }
    ((_, _, message),) = findings(tmp_path, files, "Q109")
    assert message.startswith("objective repeats '2026-Q3/b' of 2026-Q3;")


# --- Q115 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("TODO: first measurable outcome", "TODO"),
        ("Decide the pricing FIXME", "FIXME"),
        ("todo: say what changes", "todo"),
        ("Launch date TBD", "TBD"),
        ("Partner list tbc", "tbc"),
        ("Ensure customer satisfaction is over XX%", "XX%"),
        ("Satisfaction is over XX %", "XX %"),
        ("Reach XX marinas", "XX"),
        ("Grow revenue to $XXk", "XX"),
        ("Grow to ??? users", "???"),
        ("Lorem ipsum dolor sit amet", "Lorem ipsum"),
        ("Win <team name> deals", "<team name>"),
        ("Owner: <name>", "<name>"),
        ("Reach <...> by the end of the quarter", "<...>"),
    ],
)
def test_placeholder_forms(text: str, marker: str) -> None:
    assert find_placeholder(text) == marker


@pytest.mark.parametrize(
    "text",
    [
        "Reduce 5xx errors to 0.1 % of requests",
        "Ship XXL berth support",
        "Todo el equipo conoce el plan",  # Spanish "todo" is a word, not a marker
        "p95 latency < 200 ms and > 20 ms",
        "Sign 6 marina groups <img src=x onerror=alert(1)>",
        "See <https://example.org/plan>",
        "Write to <ops@example.org>",
        "Is it working? We ask every marina",
        "Super Bowl XXI style launch",
        "Grow weekly active marinas from 40 to 60",
    ],
)
def test_not_placeholders(text: str) -> None:
    assert find_placeholder(text) is None


def test_q115_on_statement_key_results_and_kpi_texts(tmp_path: Path) -> None:
    objective = page(
        "2026-Q4",
        "  - {id: sat, title: Customer satisfaction is over XX%, target: 80}\n"
        "  - {id: nps, title: NPS rises from 30 to 40, baseline: 30, target: 40}\n"
        "  - {id: sub, title: TODO, target: 3}\n",
        statement="'TODO: what should be true at the end of the quarter'",
    )
    kpi = (
        "---\nname: Satisfaction\nowner: Ann Lee\nteam: support\n"
        "definition: lorem ipsum\nsource: <where the numbers come from>\n"
        "cadence: monthly\ntarget: 80\n---\n"
    )
    found = findings(
        tmp_path,
        {"objectives/2026-Q4/o.md": objective, "kpis/sat.md": kpi, "kpis/sat.csv": "date,value\n"},
        "Q115",
    )
    assert found == [
        (
            "kpis/sat.md",
            5,
            "KPI definition still holds placeholder text 'lorem ipsum': say what is measured "
            "and how",
        ),
        (
            "kpis/sat.md",
            6,
            "KPI source still holds placeholder text '<where the numbers come from>': say "
            "where the numbers come from",
        ),
        (
            "objectives/2026-Q4/o.md",
            2,
            "objective statement still holds placeholder text 'TODO': write what should be "
            "true at the end of the period",
        ),
        (
            "objectives/2026-Q4/o.md",
            7,
            "key result 'sat' still holds placeholder text 'XX%' in its title: write the "
            "outcome it measures",
        ),
        (
            "objectives/2026-Q4/o.md",
            9,
            "key result 'sub' still holds placeholder text 'TODO' in its title: write the "
            "outcome it measures",
        ),
    ]


def test_q115_is_on_by_default_and_can_be_silenced(tmp_path: Path) -> None:
    objective = page("2026-Q4", "  - {title: Grow to ??? users, target: 3}\n")
    assert len(findings(tmp_path / "a", {"objectives/o.md": objective}, "Q115")) == 1
    quiet = page(
        "2026-Q4", "  - {title: Grow to ??? users, target: 3}\n", extra="lint_ignore: [Q115]\n"
    )
    assert findings(tmp_path / "b", {"objectives/o.md": quiet}, "Q115") == []
