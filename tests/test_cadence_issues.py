"""The decisions of the weekly reminder issues, without GitHub: create, update, close."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cadence_portal import cli, make_tiny

from okrsite.cadence.issues import issue_body, issue_title, main, plan_issues, read_logins


def _due(tmp_path: Path, *args: str) -> dict[str, Any]:
    root = make_tiny(tmp_path)
    return json.loads(cli("due", str(root), "--format", "json", *args).stdout)


def _issue(number: int, person: dict[str, Any], due: dict[str, Any], **extra: Any) -> dict:
    issue = {
        "number": number,
        "title": issue_title(person["name"]),
        "body": issue_body(person, due, extra.pop("login", None)),
        "assignees": [],
    }
    issue.update(extra)
    return issue


def test_no_open_issues_one_create_per_person(tmp_path: Path) -> None:
    due = _due(tmp_path)
    actions = plan_issues(due, [], {"bo-stale": "bostale"})
    assert [(a.kind, a.slug) for a in actions] == [
        ("create", "bo-stale"),
        ("create", "kim-kr"),
        ("create", "mo-monthly"),
        ("create", "nia-none"),
        ("create", "wes-weekly"),
    ]
    bo = actions[0]
    assert bo.assignees == ("bostale",)
    assert bo.title == "Due for Bo Stale: check-ins, KPI data, placeholders"
    assert bo.body is not None and bo.body.startswith("@bostale, this is what `okrsite due`")
    assert bo.body.endswith("<!-- okrsite-due: bo-stale -->\n")
    assert "2026-Q4/stale" in bo.body
    kim = actions[1]
    assert kim.assignees == () and kim.body is not None and kim.body.startswith("Kim Kr, ")


def test_unchanged_issues_are_left_alone_changed_ones_updated(tmp_path: Path) -> None:
    due = _due(tmp_path)
    people = {p["slug"]: p for p in due["people"]}
    same = _issue(10, people["bo-stale"], due)
    old_due = {**due, "as_of": "2026-11-08"}
    stale_text = _issue(11, people["kim-kr"], old_due)
    edited_title = _issue(12, people["mo-monthly"], due, title="my own title")
    actions = plan_issues(due, [same, stale_text, edited_title], {})
    kinds = {(a.kind, a.slug, a.number) for a in actions}
    assert ("update", "kim-kr", 11) in kinds
    assert ("update", "mo-monthly", 12) in kinds
    assert not any(a.slug == "bo-stale" for a in actions)  # says the same already
    assert ("create", "nia-none", None) in kinds and ("create", "wes-weekly", None) in kinds


def test_a_newly_mapped_login_is_assigned(tmp_path: Path) -> None:
    due = _due(tmp_path)
    bo = next(p for p in due["people"] if p["slug"] == "bo-stale")
    issue = _issue(10, bo, due, login="bostale")
    actions = plan_issues(due, [issue], {"bo-stale": "bostale"})
    update = next(a for a in actions if a.slug == "bo-stale")
    assert (update.kind, update.number, update.assignees) == ("update", 10, ("bostale",))
    issue["assignees"] = [{"login": "bostale"}]
    assert not any(a.slug == "bo-stale" for a in plan_issues(due, [issue], {"bo-stale": "bostale"}))


def test_closed_when_nothing_is_owed_and_duplicates_closed(tmp_path: Path) -> None:
    due = _due(tmp_path)
    nobody = {**due, "people": []}
    bo = next(p for p in due["people"] if p["slug"] == "bo-stale")
    gone = _issue(3, {**bo, "slug": "ann-fresh", "name": "Ann Fresh"}, due)
    first, second = _issue(5, bo, due), _issue(7, bo, due)
    foreign = {"number": 9, "title": "A bug", "body": "not ours", "assignees": []}
    actions = plan_issues(due, [second, gone, first, foreign], {})
    closes = [(a.number, a.comment) for a in actions if a.kind == "close"]
    assert closes == [
        (
            3,
            "Nothing is owed as of 2026-11-15: closing. A new issue opens when something is "
            "due again.",
        ),
        (7, "Closed as a duplicate of #5."),
    ]
    assert all(a.number != 9 for a in actions)
    everything = plan_issues(nobody, [first, gone], {})
    assert [(a.kind, a.number) for a in everything] == [("close", 3), ("close", 5)]


def test_read_logins_by_name_or_slug() -> None:
    text = "José Núñez: '@jnunez'\nann-lee: annlee\nBad Login: 'not a login!'\n"
    assert read_logins(text) == {"jose-nunez": "jnunez", "ann-lee": "annlee"}
    assert read_logins("") == {}
    assert read_logins("- a list\n") == {}


def test_main_prints_the_plan_without_github(tmp_path: Path, capsys: Any) -> None:
    due = _due(tmp_path / "p")
    (tmp_path / "due.json").write_text(json.dumps(due), encoding="utf-8")
    (tmp_path / "issues.json").write_text("[]", encoding="utf-8")
    (tmp_path / "people.yml").write_text("Wes Weekly: wes\n", encoding="utf-8")
    code = main(
        [
            "--due",
            str(tmp_path / "due.json"),
            "--issues",
            str(tmp_path / "issues.json"),
            "--people",
            str(tmp_path / "people.yml"),
        ]
    )
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[-1] == {"kind": "create", "person": "wes-weekly", "number": None}
    assert main(["--due", str(tmp_path / "missing.json"), "--issues", "x"]) == 1


def test_user_text_never_mentions_anyone() -> None:
    from okrsite.cadence.wording import md_text

    assert md_text("Ask @ops-team <b>now</b>") == "Ask @\u2060ops-team &lt;b&gt;now&lt;/b&gt;"
