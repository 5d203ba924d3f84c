"""``okrsite due``, ``digest`` and ``diff`` print no control sequence from a goal file.

A portal whose statements, names, notes, units and KPI names hold ESC, CSI
(``ESC [`` and the C1 ``\\x9b``), OSC (a title change and a hyperlink), BEL, C1
controls and a bidi override is run through each command, as a subprocess with
its real stdout and stderr; none of those characters may come out raw. The
commands read the goals as ``okrsite check`` does (``test_terminal.py``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

OKRSITE = str(Path(sys.executable).with_name("okrsite"))

#: What must never reach a terminal raw: C0 controls but tab and newline, DEL, C1,
#: bidi embeddings, overrides and isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# YAML double-quoted escapes: \e ESC, \a BEL, \x9b CSI, \x90 DCS, \x9d OSC (C1).
OSC_TITLE = "\\e]0;pwned\\a"
OSC_LINK = "\\e]8;;https://evil.example/\\e\\\\"
CSI = "\\e[2J\\e[31m"
C1 = "\\x9b2J\\x90q\\x9d0;t\\x9c"
BIDI = "\\u202e"
NASTY = f"{OSC_TITLE}{OSC_LINK}{CSI}{C1}{BIDI}"
RAW_NASTY = "\x1b]0;pwned\x07\x1b[2J\x9b2J\x90q\x9c\u202e"

MKDOCS = """\
site_name: T
docs_dir: goals
plugins:
  - okrsite:
      company: "Acme {nasty}"
      as_of: 2026-11-15
      lint: {{stale_days: 14}}
"""

OBJECTIVE = """\
---
objective: "Make harbour staff trust the screen {nasty} end"
period: 2026-Q4
owner: "Ann {nasty} Owner"
key_results:
  - id: speed
    title: "Booking time {nasty} falls from 90 to 30 seconds"
    baseline: 90
    target: 30
    unit: "s {nasty}"
    owner: "Kim {nasty} Holder"
  - id: errors
    title: "TODO {nasty}"
    baseline: 12
    target: 2
checkins:
  - date: 2026-10-20
    by: "Bo {nasty} Checker"
    values: {{speed: 60}}
    confidence: 0.6
    note: "Went well {nasty} mostly"
---
Body.
"""

KPI = """\
---
name: "Uptime {nasty} rolling"
owner: "Kay {nasty} Keeper"
definition: "Share of minutes {nasty} up"
source: Probes
cadence: weekly
target: 99.9
unit: "% {nasty}"
---
"""

CSV = 'date,value,note\n2026-09-01,99.95,\n2026-10-01,99.5,"bad {nasty}"\n'


@pytest.fixture()
def nasty_portal(tmp_path: Path) -> Path:
    goals = tmp_path / "goals"
    (goals / "objectives" / "2026-Q4").mkdir(parents=True)
    (goals / "kpis").mkdir()
    (tmp_path / "mkdocs.yml").write_text(MKDOCS.format(nasty=NASTY), encoding="utf-8")
    page = goals / "objectives" / "2026-Q4" / "trust.md"
    page.write_text(OBJECTIVE.format(nasty=NASTY), encoding="utf-8")
    (goals / "kpis" / "uptime.md").write_text(KPI.format(nasty=NASTY), encoding="utf-8")
    # CSV notes are not YAML: the characters themselves.
    (goals / "kpis" / "uptime.csv").write_text(CSV.format(nasty=RAW_NASTY), encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [OKRSITE, *args], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )


def assert_clean(result: subprocess.CompletedProcess[str], *, expect: str) -> None:
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert expect in result.stdout, result.stdout
    raw = sorted({f"U+{ord(c):04X}" for c in RAW.findall(out)})
    assert not raw, f"raw control characters {raw} in:\n{out!r}"


def test_the_portal_really_holds_the_controls(nasty_portal: Path) -> None:
    """Guards the tests below: the loader keeps these characters in the text it reads."""
    result = run(nasty_portal, "export")
    data = json.loads(result.stdout)
    statement = data["objectives"][0]["objective"]
    assert {"\x1b", "\x07", "\x9b", "\x90", "\x9d", "\x9c", "\u202e"} <= set(statement)


@pytest.mark.parametrize("style", ["text", "markdown", "json"])
def test_due_prints_no_control_characters(nasty_portal: Path, style: str) -> None:
    result = run(nasty_portal, "due", "--format", style)
    assert_clean(result, expect="Ann")
    if style == "json":  # the data survive, escaped the JSON way
        data = json.loads(result.stdout)
        names = {person["name"] for person in data["people"]}
        assert any("\x1b]0;pwned\x07" in name for name in names), names


def test_digest_prints_no_control_characters(nasty_portal: Path) -> None:
    result = run(nasty_portal, "digest", "--since", "2026-10-01")
    assert_clean(result, expect="Went well")
    assert "Bo" in result.stdout and "check-in" in result.stdout


def test_diff_prints_no_control_characters(nasty_portal: Path) -> None:
    old = run(nasty_portal, "export", "--as-of", "2026-10-01", "-o", "old.json")
    assert old.returncode == 0, old.stderr
    page = nasty_portal / "goals" / "objectives" / "2026-Q4" / "trust.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("end", "changed \\e[5m"), encoding="utf-8"
    )
    new = run(nasty_portal, "export", "-o", "new.json")
    assert new.returncode == 0, new.stderr
    result = run(nasty_portal, "diff", "old.json", "new.json")
    assert_clean(result, expect="changed")
    # Shown visibly, so a reviewer sees that the statement holds an escape sequence.
    assert "\\\\x1b\\[5m" in result.stdout, result.stdout

    # Written to a file, the Markdown is the same: no raw control there either.
    written = run(nasty_portal, "diff", "old.json", "new.json", "-o", "changes.md")
    assert written.returncode == 0, written.stderr
    text = (nasty_portal / "changes.md").read_text(encoding="utf-8")
    assert text == result.stdout
    assert not RAW.findall(text)


def test_diff_errors_print_no_control_characters(nasty_portal: Path) -> None:
    """An error names the file; a file name can hold controls too (a checkout is user data)."""
    name = "bad \x1b]0;pwned\x07 \x9b2J.json"
    (nasty_portal / name).write_text("{not json", encoding="utf-8")
    ok = run(nasty_portal, "export", "-o", "ok.json")
    assert ok.returncode == 0
    result = run(nasty_portal, "diff", name, "ok.json")
    assert result.returncode == 1
    assert result.stderr.startswith("okrsite: error: bad \\x1b]0;pwned\\x07"), result.stderr
    assert not RAW.findall(result.stdout + result.stderr), result.stderr
