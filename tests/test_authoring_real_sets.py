"""Authoring with co-owners and thresholds: `okrsite new`, `okrsite checkin`, `okrsite diff`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from okrsite.authoring.diff import diff_exports
from okrsite.cli import main
from okrsite.export import export_data
from okrsite.options import options_from_mapping
from okrsite.portal import build_portal

SITE = "site_name: Acme\ndocs_dir: goals\nplugins:\n  - okrsite:\n      as_of: 2026-11-15\n"
PAGE = (
    "---\nobjective: Keep harbour offices confident\nperiod: 2026-Q4\nowner: Ana\n"
    "team: sales\nkey_results:\n  - {id: up, title: Uptime holds, at_least: 99.9}\n"
    "  - {id: won, title: Marinas won, target: 5}\n---\n"
)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mkdocs.yml").write_text(SITE)
    (tmp_path / "goals/teams").mkdir(parents=True)
    (tmp_path / "goals/teams/sales.md").write_text("---\nname: Sales\n---\n")
    (tmp_path / "goals/objectives/2026-Q4").mkdir(parents=True)
    (tmp_path / "goals/objectives/2026-Q4/confident.md").write_text(PAGE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def portal(root: Path) -> Any:
    options = options_from_mapping({"as_of": "2026-11-15"})
    return build_portal(root / "goals", options, root=root)


# --- okrsite new ---------------------------------------------------------------------


def test_new_objective_with_co_owners_and_thresholds_checks_clean(site: Path) -> None:
    result = run(
        "new", "objective", "--period", "2026-Q4", "--statement", "Make marinas glad",
        "--owner", "Ann Lee", "--owner", "Bo Berg", "--team", "sales", "--id", "glad",
        "--kr", "Weekly active marinas grow",
        "--at-least", "Uptime holds=99.9", "--at-most", "Bookings lost = in outages=0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (site / "goals/objectives/2026-Q4/glad.md").read_text()
    assert "owner: [Ann Lee, Bo Berg]\n" in text
    assert "  - title: Uptime holds\n    at_least: 99.9\n" in text
    assert '  - title: "Bookings lost = in outages"\n    at_most: 0\n' in text
    p = portal(site)
    assert p.errors == ()
    glad = p.objectives["2026-Q4/glad"]
    assert glad.owners == ("Ann Lee", "Bo Berg")
    assert [(kr.kind, kr.threshold, kr.target) for kr in glad.key_results] == [
        ("numeric", None, 1.0),
        ("threshold", "at_least", 99.9),
        ("threshold", "at_most", 0.0),
    ]
    # Every title is real text: the TODO hints beside baseline and target are YAML
    # comments, not goal text, so Q115 stays quiet.
    assert [f for f in p.warnings if f.code == "Q115"] == []


def test_new_objective_without_key_results_is_flagged_by_q115(site: Path) -> None:
    result = run(
        "new", "objective", "--period", "2026-Q4", "--statement", "Make marinas glad",
        "--owner", "Ann Lee", "--id", "todo",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = [(f.line, f.message) for f in portal(site).warnings if f.path.endswith("todo.md")]
    assert [m for _, m in found if "placeholder" in m] == [
        "key result 'kr1' still holds placeholder text 'TODO' in its title: write the "
        "outcome it measures",
        "key result 'kr2' still holds placeholder text 'TODO' in its title: write the "
        "outcome it measures",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--team", "slaes"),
            "okrsite: error: no team 'slaes' in goals/teams; did you mean 'sales'?\n",
        ),
        (
            ("--parent", "confidant"),
            "okrsite: error: unknown objective 'confidant'; "
            "closest: confident, 2026-Q4/confident\n",
        ),
        (
            ("--at-least", "Uptime holds"),
            "okrsite: error: --at-least 'Uptime holds': write TITLE=LEVEL, e.g. --at-least "
            "'Uptime holds=99.9'\n",
        ),
        (
            ("--at-most", "Lost=none"),
            "okrsite: error: --at-most 'Lost=none': write TITLE=LEVEL, e.g. --at-most "
            "'Uptime holds=99.9'\n",
        ),
        (("--owner", "Ann"), "okrsite: error: --owner names the same person twice\n"),
    ],
)
def test_new_objective_refusals(site: Path, args: tuple[str, ...], message: str) -> None:
    base = ("new", "objective", "--period", "2026-Q4", "--statement", "X", "--owner", "Ann")
    result = run(*base, *args)
    assert result.exit_code in (1, 2)
    assert result.output.endswith(message), result.output
    assert sorted(p.name for p in (site / "goals/objectives/2026-Q4").iterdir()) == ["confident.md"]


# --- okrsite checkin ---------------------------------------------------------------------


def test_checkin_takes_a_threshold_value_and_scores_it(site: Path) -> None:
    result = run("checkin", "confident", "--kr", "up=99.95", "--date", "2026-11-10")
    assert (result.exit_code, result.output) == (
        0,
        "checked in 2026-11-10 on goals/objectives/2026-Q4/confident.md\n",
    )
    kr = portal(site).objective_results["2026-Q4/confident"].key_results[0]
    assert (kr.current, kr.score) == (99.95, 1.0)


def test_checkin_refuses_true_for_a_threshold(site: Path) -> None:
    before = (site / "goals/objectives/2026-Q4/confident.md").read_bytes()
    result = run("checkin", "confident", "--kr", "up=true", "--date", "2026-11-10")
    assert result.exit_code == 1
    assert "key result up is a threshold: give a number, not True" in result.output
    assert (site / "goals/objectives/2026-Q4/confident.md").read_bytes() == before


@pytest.mark.parametrize(
    ("date_args", "env", "note"),
    [
        (("--date", "2026-11-15"), None, None),  # on as_of: shown
        (
            ("--date", "2026-11-16"),
            None,
            "note: the check-in is dated 2026-11-16, after the as_of in force (2026-11-15, "
            "the plugin option as_of in mkdocs.yml); no page shows it until as_of reaches "
            "2026-11-16\n",
        ),
        (
            (),  # today: SOURCE_DATE_EPOCH 2026-12-01 stands for it, after the pinned as_of
            "1796083200",
            "note: the check-in is dated 2026-12-01, after the as_of in force (2026-11-15, "
            "the plugin option as_of in mkdocs.yml); no page shows it until as_of reaches "
            "2026-12-01\n",
        ),
    ],
)
def test_checkin_says_when_it_will_not_show(
    site: Path,
    monkeypatch: pytest.MonkeyPatch,
    date_args: tuple[str, ...],
    env: str | None,
    note: str | None,
) -> None:
    if env:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", env)
    result = run("checkin", "confident", "--kr", "won=2", *date_args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("checked in ")
    assert result.output.endswith(note or ".md\n")


def test_checkin_note_names_source_date_epoch_when_nothing_is_pinned(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "mkdocs.yml").write_text("site_name: Acme\ndocs_dir: goals\nplugins:\n  - okrsite\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763164800")  # 2025-11-15
    result = run("checkin", "confident", "--kr", "won=2", "--date", "2026-01-02")
    assert result.output.endswith(
        "note: the check-in is dated 2026-01-02, after the as_of in force (2025-11-15, "
        "SOURCE_DATE_EPOCH); no page shows it until as_of reaches 2026-01-02\n"
    )


# --- okrsite diff ---------------------------------------------------------------------


def test_diff_reports_co_owners_reviews_and_threshold_changes(site: Path) -> None:
    old = json.loads(json.dumps(export_data(portal(site))))
    page = site / "goals/objectives/2026-Q4/confident.md"
    page.write_text(
        PAGE.replace("owner: Ana", "owner: [Ana, Bo]")
        .replace("at_least: 99.9", "at_most: 0.1")
        .replace("team: sales\n", "team: sales\nreview: Held the line.\n")
    )
    new = json.loads(json.dumps(export_data(portal(site))))
    text = diff_exports(old, new)
    assert (
        "- 2026-Q4/confident\n"
        "  - owners: Ana → Ana, Bo\n"
        "  - review written\n"
        "  - key result up threshold: at\\_least → at\\_most\n"
        "  - key result up target: 99.9 → 0.1\n"
    ) in text


def test_carry_over_keeps_owners_and_levels_and_leaves_the_review(site: Path) -> None:
    page = site / "goals/objectives/2026-Q4/confident.md"
    page.write_text(
        PAGE.replace("owner: Ana", "owner: [Ana, Bo]").replace(
            "team: sales\n", "team: sales\nreview: Held the line.\n"
        )
    )
    result = run("new", "objective", "--from", "confident", "--period", "2027-Q1")
    assert result.exit_code == 0, result.output
    text = (site / "goals/objectives/2027-Q1/confident.md").read_text()
    assert "owner: [Ana, Bo]\n" in text
    assert "review" not in text  # the closing note belongs to the old period
    p = portal(site)
    assert p.errors == ()
    new = p.objectives["2027-Q1/confident"]
    assert (new.owners, new.review) == (("Ana", "Bo"), None)
    assert [(kr.kind, kr.threshold, kr.target) for kr in new.key_results][0] == (
        "threshold",
        "at_least",
        99.9,
    )
