"""okrsite digest: what changed in (since, as_of], and nothing from outside the window."""

from __future__ import annotations

from pathlib import Path

from cadence_portal import cli, make_tiny, program


def _digest(root: Path, *args: str) -> str:
    result = cli("digest", str(root), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_window_holds_its_check_ins_and_moves_only(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    text = _digest(root, "--since", "2026-11-01")
    assert text.startswith(
        "## [Tiny goals: 2026-11-01 → 2026-11-15](https://goals.example.com/tiny/)\n"
    )
    # the check-in of 2026-11-10 with its note; 2026-11-01 (= since), 2026-10-20 and
    # 2026-11-20 (after as_of) are outside the window
    assert "Inside the window, with the new screen" in text
    for outside in ("On the edge", "Before the window", "After the window"):
        assert outside not in text
    assert (
        "- 2026-11-10 [**Make harbour staff trust the booking screen**]"
        "(https://goals.example.com/tiny/objectives/2026-Q4/fresh/), Ann Fresh: Median booking "
        "time falls from 90 to 30…: 60; confidence 70 %. _Inside the window, with the new "
        "screen_"
    ) in text
    assert "\n1 check-in;" in text
    # weekly-ok was red (75 < 80) on 2026-11-01 and green (120) since 2026-11-09
    assert (
        "- [Weekly KPI of Wes Weekly](https://goals.example.com/tiny/kpis/weekly-ok/): "
        "red → **green** (latest 120 on 2026-11-09)"
    ) in text
    # the check-in moved fresh's score: 60 of the way from 90 to 30 on one of two KRs
    assert "objectives/2026-Q4/fresh/): score 0.00 → 0.25" in text
    # stale.md's Q110 was not due on 2026-11-01 (12 days), is now (26 days): a new finding
    assert "### New findings\n" in text
    assert "`goals/objectives/2026-Q4/stale.md:" in text.split("### New findings")[1]


def test_an_earlier_window_sees_other_things(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    text = _digest(root, "--since", "2026-10-15", "--as-of", "2026-10-31")
    assert "Before the window" in text
    for outside in ("Inside the window", "On the edge", "After the window"):
        assert outside not in text
    assert "## [Tiny goals: 2026-10-15 → 2026-10-31]" in text


def test_a_quiet_window(tmp_path: Path) -> None:
    root = make_tiny(tmp_path, **{"kpis/bookings.csv": "date,value\n2026-09-30,101\n"})
    text = _digest(root, "--since", "2026-11-11", "--as-of", "2026-11-12")
    assert "0 check-ins; 0 objectives moved; 0 KPIs changed status; 0 new data points" in text
    assert "### Check-ins" not in text


def test_long_lists_are_cut_with_a_link(tmp_path: Path) -> None:
    checkins = "checkins:\n" + "".join(
        f"  - date: 2026-11-{day:02d}\n    note: Day {day}\n" for day in range(2, 14)
    )
    page = (
        "---\nobjective: Make harbour staff trust the booking screen\nperiod: 2026-Q4\n"
        "owner: Ann Fresh\nkey_results:\n  - title: Bookings grow from 1 to 2\n    target: 2\n"
        "    baseline: 1\n" + checkins + "---\n"
    )
    root = make_tiny(tmp_path, **{"objectives/2026-Q4/busy.md": page})
    text = _digest(root, "--since", "2026-11-01")
    assert "- … and 5 check-ins more on [the site](https://goals.example.com/tiny/)" in text
    assert "Day 9_" in text and "Day 10_" not in text  # the first eight, by date
    assert "\n13 check-ins;" in text


def test_digest_is_deterministic_and_usage_errors(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    assert _digest(root, "--since", "2026-11-01") == _digest(root, "--since", "2026-11-01")
    done = program("digest", "--since", "2026-11-15", cwd=root)
    assert done.returncode == 2
    assert done.stderr == (
        "okrsite: error: --since 2026-11-15 is not before the as_of in force (2026-11-15); the "
        "window is empty\n"
    )
    missing = program("digest", cwd=root)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_without_site_url_there_are_no_links(tmp_path: Path) -> None:
    root = make_tiny(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site_url: https://goals.example.com/tiny/\n", ""
        ),
        encoding="utf-8",
    )
    text = _digest(root, "--since", "2026-11-01")
    assert "](http" not in text
    assert text.startswith("## Tiny goals: 2026-11-01 → 2026-11-15\n")


def test_a_check_in_line_shows_two_values_and_counts_the_rest(tmp_path: Path) -> None:
    page = (
        "---\nobjective: Make harbour staff trust the booking screen\nperiod: 2026-Q4\n"
        "owner: Ann Fresh\nkey_results:\n"
        "  - {id: a, title: Bookings grow from 1 to 2, baseline: 1, target: 2}\n"
        "  - {id: b, title: Refunds fall from 9 to 3, baseline: 9, target: 3, unit: '%'}\n"
        "  - {id: c, title: Calls fall from 50 to 20, baseline: 50, target: 20}\n"
        "checkins:\n  - date: 2026-11-12\n    values: {a: 1.5, b: 6, c: 40}\n"
        "    by: Ann Fresh\n---\n"
    )
    root = make_tiny(tmp_path, **{"objectives/2026-Q4/three.md": page})
    text = _digest(root, "--since", "2026-11-11")
    assert (
        "/objectives/2026-Q4/three/), Ann Fresh: Bookings grow from 1 to 2: 1.5; Refunds fall "
        "from 9 to 3: 6 %; 1 other value\n"
    ) in text
