"""A goal page's body in a real browser: the site's Markdown applies, nothing of it runs.

A tiny portal whose objective body uses an admonition, tabs and a footnote
(the extensions its mkdocs.yml enables) and tries a few injections is built
with ``mkdocs build`` and opened in Debian's Chromium (see ``browser_support``).
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser

MKDOCS_YML = """\
site_name: Bodies
docs_dir: goals
theme:
  name: material
markdown_extensions:
  - admonition
  - footnotes
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
plugins:
  - search
  - okrsite:
      as_of: 2026-11-15
"""

OBJECTIVE = """\
---
objective: "Harbours <img src=x onerror=alert('title')> trust us"
period: 2026-Q4
owner: "Ann </title><script>alert('owner')</script>"
key_results:
  - title: Bookings grow
    target: 10
  - title: Churn falls
    target: 5
---
!!! tip "Why this matters"
    Marinas that trust the numbers book again.[^1]

=== "Plan"
    Call every marina.

=== "Risks"
    Winter.

<script>alert('body')</script><img src=x onerror="alert('img')">
[click](javascript:alert('link'))

[^1]: From the 2026 survey.
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def body_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("bodies")
    (root / "goals" / "objectives").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "goals" / "objectives" / "trust.md").write_text(
        textwrap.dedent(OBJECTIVE), encoding="utf-8"
    )
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--site-dir", "site"],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_body_reads_like_the_rest_of_the_site(browser: Browser, body_site: str) -> None:
    context = browser.new_context(service_workers="block")
    context.route("**/*", _local_only)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(body_site + "objectives/trust/", wait_until="load")
        tip = page.locator("article .admonition.tip")
        assert tip.count() == 1
        assert tip.locator(".admonition-title").inner_text().strip() == "Why this matters"
        assert tip.is_visible()
        # The theme styles it as an admonition: a coloured border, not plain text.
        border = page.evaluate(
            "getComputedStyle(document.querySelector('.admonition.tip')).borderLeftStyle"
            " || getComputedStyle(document.querySelector('.admonition.tip')).borderStyle"
        )
        assert border not in ("", "none")
        assert "!!! tip" not in page.locator("article").inner_text()
        # Tabs switch, as on any page of the site.
        page.locator("article .tabbed-labels label").nth(1).click()
        assert page.locator("article .tabbed-block").nth(1).is_visible()
        assert page.locator("article .footnote li").count() == 1
        # Nothing the page's text tried to run ran, and the title is the text.
        assert dialogs == []
        assert page.title() == ("Harbours <img src=x onerror=alert('title')> trust us - Bodies")
        assert page.locator("article script").count() == 0
        assert page.locator("article [onerror]").count() == 0
        assert page.locator("article a[href^='javascript']").count() == 0
    finally:
        context.close()


def _local_only(route: Any) -> None:
    if route.request.url.startswith("http://127.0.0.1"):
        route.continue_()
    else:
        route.abort()
