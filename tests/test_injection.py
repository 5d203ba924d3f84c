"""Nothing a pull request types runs in a reader's browser: a whole-output scan of a real build.

A portal holds the corpus of :mod:`tests.injection` in every text field of
teams, objectives, key results, check-ins, KPIs and CSV notes; a real
``mkdocs build`` turns it into a site, and every HTML, SVG and JSON file of
that site (search index and okrs.json included) is parsed and scanned.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from injection import (
    MARK,
    VECTORS,
    counted,
    scan_html,
    scan_json,
    scan_search_index,
    scan_site,
    scan_svg,
    write_injection_portal,
)

MKDOCS = Path(sys.executable).with_name("mkdocs")


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("injection")
    write_injection_portal(root)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [str(MKDOCS), "build", "--site-dir", "site"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr
    return root / "site"


def test_whole_output_holds_no_injected_markup(injected_site: Path) -> None:
    counts = counted(injected_site)
    # Every page kind was built: teams, objectives, KPIs, people, periods; charts; JSON.
    assert counts[".html"] > 4 * len(VECTORS)
    assert counts[".svg"] > 3 * len(VECTORS)
    assert (injected_site / "okrs.json").is_file()
    assert (injected_site / "search" / "search_index.json").is_file()
    problems = scan_site(injected_site)
    assert problems == [], "\n".join(str(p) for p in problems[:40])


def test_the_input_did_reach_the_output(injected_site: Path) -> None:
    """The scan is not vacuous: each vector's marker is in the pages, as text."""
    page = (injected_site / "objectives" / "2026-Q4" / "o01" / "index.html").read_text("utf-8")
    for number in range(1, len(VECTORS) + 1):
        marker = f"{MARK}{number:02d}"
        everything = "".join(
            p.read_text("utf-8") for p in injected_site.glob(f"objectives/2026-Q4/o{number:02d}/*")
        )
        assert marker in html.unescape(everything), marker
    assert "&lt;/title&gt;&lt;script&gt;" in page


def test_page_titles_are_the_text_the_user_wrote(injected_site: Path) -> None:
    page = (injected_site / "objectives" / "2026-Q4" / "o01" / "index.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    shown = html.unescape(title.group(1))
    assert shown == f"Customers love {VECTORS[0]} - Injection portal"
    person = injected_site / "people" / "owner-win-title-script-alert-okrx01-script-hearts"
    found = re.search(r"<title>(.*?)</title>", (person / "index.html").read_text("utf-8"))
    assert found is not None
    assert html.unescape(found.group(1)) == f"Owner {VECTORS[0]} - Injection portal"


def test_scan_fails_when_titles_are_not_escaped(injected_site: Path) -> None:
    """The title hole of before: the theme decoding the title's entities (``striptags``)."""
    unescaped = 0
    for file in sorted(injected_site.rglob("*.html")):
        text = file.read_text("utf-8")
        broken = re.sub(
            r"<title>(.*?)</title>",
            lambda m: f"<title>{html.unescape(m.group(1))}</title>",
            text,
            count=1,
            flags=re.S,
        )
        if broken != text and scan_html(file.name, broken):
            unescaped += 1
    assert unescaped >= len(VECTORS) // 2


def test_json_is_inert_and_faithful(injected_site: Path) -> None:
    raw = (injected_site / "okrs.json").read_text("utf-8")
    assert "<" not in raw and ">" not in raw
    data = json.loads(raw)
    statements = {o["id"]: o["objective"] for o in data["objectives"]}
    assert statements["2026-Q4/o01"] == f"Customers love {VECTORS[0]}"


def test_long_names_get_bounded_distinct_pages(injected_site: Path) -> None:
    names = [p.name for p in (injected_site / "people").iterdir()]
    assert names and max(len(n) for n in names) <= 80
    long_ones = [n for n in names if "okrx27" not in n and len(n) == 80]
    assert len(long_ones) == len(set(long_ones)) >= 2


# --- the scanner itself: it finds what it is meant to find --------------------------------


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>x</p><script>alert('okrx1')</script>",
        "<img src=x onerror=alert(1)>",
        '<a href=" jAvAsCrIpT:alert(1)">x</a>',
        '<a href="vbscript:x">x</a>',
        '<a href="data:text/html,hi">x</a>',
        "<iframe src='https://e.example/okrx'></iframe>",
        '<p style="color:red" title="x">okrx</p><span style="background:url(okrx)">s</span>',
        "<okrx-el>x</okrx-el>",
        '<p okrxattr="1">x</p>',
        "<p>a<!-- okrx --></p>",
        "<title>a </title><svg onload=alert(1)>",
        "<p>Owner \u202eevil</p>",
        '<img alt="x \u202ey" src="a.png">',
    ],
)
def test_scan_catches(fragment: str) -> None:
    assert scan_html("t.html", fragment)


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>&lt;script&gt;alert('okrx1')&lt;/script&gt;</p>",
        '<img alt="KPI okrx &lt;b&gt;" src="a.png">',
        '<a href="https://example.org/okrx">x</a><a href="../people/okrx/">p</a>',
        "<p>Owner <bdi>\u202eevil</bdi> and <span dir=auto>\u202ex</span></p>",
        '<img alt="x \u2068\u202ey\u2069" src="data:image/png;base64,AAAA">',
        '<span class="okr-bar okr-bar--green" style="--okr-fill: 40%"></span>',
    ],
)
def test_scan_lets_text_be_text(fragment: str) -> None:
    assert scan_html("t.html", fragment) == []


def test_scan_reads_svg_search_index_and_json() -> None:
    assert scan_svg("c.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><text>]]></text></svg>")
    assert scan_svg("c.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><okrx3-el/></svg>")
    assert scan_svg(
        "c.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><text>\xe2\x80\xaex</text></svg>"
    )
    clean = b"<svg xmlns='http://www.w3.org/2000/svg'><text>&lt;okrx&gt;</text></svg>"
    assert scan_svg("c.svg", clean) == []
    index = {"docs": [{"location": "a/", "title": "<img src=x onerror=alert(1)>", "text": ""}]}
    assert scan_search_index("s.json", json.dumps(index).encode())
    index = {"docs": [{"location": "a/", "title": "&lt;img src=x&gt;", "text": "<p>ok</p>"}]}
    assert scan_search_index("s.json", json.dumps(index).encode()) == []
    assert scan_json("o.json", b'{"a": "</script>"}')
    assert scan_json("o.json", b'{"a": "\\u003c/script\\u003e"}') == []
