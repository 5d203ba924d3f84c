"""One GitHub issue per person who owes something: what to create, update and close.

:func:`plan_issues` is a pure function over ``okrsite due --format json`` and the
open issues (as ``gh issue list --json number,title,body,assignees`` prints
them); the weekly workflow runs ``python -m okrsite.cadence.issues --due FILE
--apply``, which carries the plan out with the ``gh`` command line.

An issue belongs to a person through a hidden marker in its body
(``<!-- okrsite-due: SLUG -->``), so a renamed title or an edited body never
makes a second issue. A person whose name maps to a GitHub login (an optional
YAML file, ``name: login``) is assigned and mentioned.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..render.links import person_slug
from .dueformat import person_markdown
from .wording import md_text

LABEL = "okrsite-due"
PEOPLE_FILE = ".github/okrsite-people.yml"
_MARKER = re.compile(r"<!--\s*okrsite-due:\s*([a-z0-9-]+)\s*-->")
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """One thing to do on GitHub. ``number`` is None for a new issue."""

    kind: str  # create, update or close
    slug: str
    number: int | None = None
    title: str | None = None
    body: str | None = None
    assignees: tuple[str, ...] = ()
    comment: str | None = None


def read_logins(text: str) -> dict[str, str]:
    """``name: login`` pairs from the mapping file, keyed by person slug; bad lines ignored."""
    data = yaml.safe_load(text) if text.strip() else {}
    if not isinstance(data, Mapping):
        return {}
    logins: dict[str, str] = {}
    for name, login in data.items():
        login = str(login or "").strip().removeprefix("@")
        if _LOGIN.match(login):
            logins[person_slug(str(name))] = login
    return logins


def issue_title(name: str) -> str:
    return f"Due for {' '.join(name.split())}: check-ins, KPI data, placeholders"


def issue_body(person: Mapping[str, Any], due: Mapping[str, Any], login: str | None) -> str:
    """The issue text: a greeting (with the mention), the person's list, the marker."""
    who = f"@{login}" if login else md_text(person["name"])
    lines = [
        f"{who}, this is what `okrsite due` lists for you as of {due['as_of']}. The list is "
        "renewed every week; the issue closes by itself once nothing is owed.",
        "",
        person_markdown(person, due["as_of"], due["stale_days"]).rstrip("\n"),
        "",
        f"<!-- okrsite-due: {person['slug']} -->",
    ]
    return "\n".join(lines) + "\n"


def _owner_of(issue: Mapping[str, Any]) -> str | None:
    match = _MARKER.search(str(issue.get("body") or ""))
    return match.group(1) if match else None


def _assigned(issue: Mapping[str, Any]) -> set[str]:
    return {str(a.get("login")) for a in issue.get("assignees") or [] if isinstance(a, Mapping)}


def plan_issues(
    due: Mapping[str, Any],
    open_issues: Sequence[Mapping[str, Any]],
    logins: Mapping[str, str] | None = None,
) -> list[Action]:
    """What to create, update and close so that each person who owes has one open issue.

    Args:
        due: ``okrsite due --format json``.
        open_issues: the open issues of the label (``number``, ``title``, ``body``,
            ``assignees``); issues without the marker are not touched.
        logins: person slug -> GitHub login (:func:`read_logins`).

    Returns:
        Creates and updates in the order of ``due``'s people, then closes by number.
        An issue that already says the same is left alone (no action).
    """
    logins = logins or {}
    mine: dict[str, list[Mapping[str, Any]]] = {}
    for issue in sorted(open_issues, key=lambda i: int(i["number"])):
        slug = _owner_of(issue)
        if slug is not None:
            mine.setdefault(slug, []).append(issue)
    actions: list[Action] = []
    owing = set()
    for person in due["people"]:
        slug = str(person["slug"])
        owing.add(slug)
        login = logins.get(slug)
        title, body = issue_title(person["name"]), issue_body(person, due, login)
        wanted = (login,) if login else ()
        existing = mine.get(slug, [])
        if not existing:
            actions.append(
                Action(kind="create", slug=slug, title=title, body=body, assignees=wanted)
            )
            continue
        first = existing[0]
        missing = tuple(a for a in wanted if a not in _assigned(first))
        if first.get("title") != title or first.get("body") != body or missing:
            actions.append(
                Action(
                    kind="update",
                    slug=slug,
                    number=int(first["number"]),
                    title=title,
                    body=body,
                    assignees=missing,
                )
            )
        for duplicate in existing[1:]:
            actions.append(
                Action(
                    kind="close",
                    slug=slug,
                    number=int(duplicate["number"]),
                    comment=f"Closed as a duplicate of #{first['number']}.",
                )
            )
    for slug in sorted(set(mine) - owing):
        for issue in mine[slug]:
            actions.append(
                Action(
                    kind="close",
                    slug=slug,
                    number=int(issue["number"]),
                    comment=f"Nothing is owed as of {due['as_of']}: closing. A new issue opens "
                    "when something is due again.",
                )
            )
    creates = [a for a in actions if a.kind != "close"]
    closes = sorted((a for a in actions if a.kind == "close"), key=lambda a: a.number or 0)
    return creates + closes


# ------------------------------------------------------------------ the gh side (thin)


def _gh(*args: str) -> str:
    done = subprocess.run(["gh", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"gh {args[0]} {args[1]}: {done.stderr.strip()}")
    return done.stdout


def _open_issues(label: str) -> list[dict[str, Any]]:
    out = _gh(
        "issue",
        "list",
        "--label",
        label,
        "--state",
        "open",
        "--limit",
        "1000",
        "--json",
        "number,title,body,assignees",
    )
    return list(json.loads(out or "[]"))


def apply(actions: Sequence[Action], label: str) -> None:
    """Carry the plan out with ``gh`` (the workflow's token in ``GH_TOKEN``)."""
    if any(a.kind == "create" for a in actions):
        _gh(
            "label",
            "create",
            label,
            "--color",
            "FBCA04",
            "--force",
            "--description",
            "Reminders from okrsite due",
        )
    for action in actions:
        number = str(action.number)
        if action.kind == "create":
            args = [
                "issue",
                "create",
                "--title",
                action.title or "",
                "--body",
                action.body or "",
                "--label",
                label,
            ]
            try:
                _gh(*args, *[f"--assignee={a}" for a in action.assignees])
            except RuntimeError:
                if not action.assignees:
                    raise
                _gh(*args)  # a login that cannot be assigned: the body still mentions it
        elif action.kind == "update":
            _gh("issue", "edit", number, "--title", action.title or "", "--body", action.body or "")
            for login in action.assignees:
                try:
                    _gh("issue", "edit", number, "--add-assignee", login)
                except RuntimeError as exc:
                    print(f"okrsite: issues: cannot assign {login}: {exc}", file=sys.stderr)
        else:
            _gh("issue", "close", number, "--comment", action.comment or "")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m okrsite.cadence.issues --due due.json [--issues FILE] [--apply]``."""
    parser = argparse.ArgumentParser(prog="python -m okrsite.cadence.issues")
    parser.add_argument("--due", required=True, help="okrsite due --format json output")
    parser.add_argument("--issues", help="open issues as JSON (default: ask gh)")
    parser.add_argument("--people", default=PEOPLE_FILE, help="name: login mapping (YAML)")
    parser.add_argument("--label", default=LABEL)
    parser.add_argument("--apply", action="store_true", help="carry the plan out with gh")
    args = parser.parse_args(argv)
    try:
        due = json.loads(Path(args.due).read_text(encoding="utf-8"))
        people = Path(args.people)
        logins = read_logins(people.read_text(encoding="utf-8")) if people.is_file() else {}
        issues = (
            json.loads(Path(args.issues).read_text(encoding="utf-8"))
            if args.issues
            else _open_issues(args.label)
        )
        actions = plan_issues(due, issues, logins)
        for action in actions:
            print(json.dumps({"kind": action.kind, "person": action.slug, "number": action.number}))
        if args.apply:
            apply(actions, args.label)
    except (OSError, ValueError, RuntimeError, KeyError, yaml.YAMLError) as exc:
        print(f"okrsite: issues: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
