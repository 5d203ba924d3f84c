"""Browser-test support: one build of the example site, served under a sub-path, one Chromium.

The browser tests (``test_browser.py``, ``test_a11y.py``) load this module as a
pytest plugin (``pytest_plugins = ["browser_support"]``), so its fixtures are
shared and the expensive parts run once per session:

* :func:`example_site` builds the repository's own ``mkdocs.yml`` into a
  temporary folder, at ``<tmp>/okrsite/``;
* :func:`site_url` serves the *parent* of that folder over HTTP, so the site
  lives at ``http://127.0.0.1:<port>/okrsite/``, the way GitHub Pages hosts a
  project site: every link that ignores the sub-path breaks;
* :func:`browser` launches Debian's Chromium (``/usr/bin/chromium``) headless;
* :func:`browsing` opens the pages in a light and a dark (slate) context and
  keeps them, so both test modules reuse one loaded page per page and scheme.

Chromium, Playwright and axe-core are looked for at run time. When one is
missing the tests skip, unless ``OKRSITE_REQUIRE_BROWSER`` is set (``.ci/run``
sets it): then they fail, so CI can never pass by skipping them.

The test modules import helpers from here before pytest registers it as a
plugin, so pytest could not rewrite its asserts anyway; the marker below says
so and keeps pytest from warning about it: PYTEST_DONT_REWRITE.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote, urljoin, urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SUB_PATH = "okrsite"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: The two mkdocs-material colour schemes, by the names the screenshots use.
SCHEMES = {"light": "default", "slate": "slate"}
#: The pages every browser test looks at, one of each kind; their URLs come from :class:`Targets`.
PAGES = (
    "dashboard",
    "objective",
    "kpi",
    "team",
    "person",
    "period",
    "alignment",
    "changes",
    "health",
    "teams",
    "kpis",
    "periods",
)
#: The pages that show statuses (the periods list and the findings have none to show).
BADGE_PAGES = tuple(name for name in PAGES if name not in ("health", "periods"))
#: The pages written for people who never open the repository: no commands, keys or codes.
READER_PAGES = tuple(name for name in PAGES if name != "health")
#: A desktop and a phone (an iPhone 12-15 is 390 x 844 CSS pixels).
VIEWPORTS: dict[str, ViewportSize] = {
    "wide": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
VIEWPORT = VIEWPORTS["wide"]
REQUIRE_ENV = "OKRSITE_REQUIRE_BROWSER"
#: Another sub-path the same site is served under, to try the 404 page where site_url is not.
OTHER_SUB_PATH = "elsewhere"


def require(available: bool, what: str) -> None:
    """Skip the test when ``what`` is missing, or fail when ``OKRSITE_REQUIRE_BROWSER`` is set."""
    if available:
        return
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(
            f"{what}; {REQUIRE_ENV} is set, so the browser tests must run "
            "(install Debian's chromium and run `npm install`, as .ci/run does)",
            pytrace=False,
        )
    pytest.skip(f"{what} (set {REQUIRE_ENV}=1 to make this an error)")


def person_slug(name: str) -> str:
    """The URL slug of a person (SPEC section 8): lowercase, accents folded, ``-`` elsewhere."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


# --------------------------------------------------------------------------- colours


def parse_css_colour(value: str) -> tuple[float, float, float, float]:
    """``rgb(r, g, b)`` / ``rgba(r, g, b, a)`` / ``#rrggbb`` -> (r, g, b, alpha), channels 0-255."""
    value = value.strip()
    if value.startswith("#"):
        hexa = value[1:]
        if len(hexa) in (3, 4):
            hexa = "".join(ch * 2 for ch in hexa)
        channels = [int(hexa[i : i + 2], 16) for i in range(0, len(hexa), 2)]
        alpha = channels[3] / 255 if len(channels) == 4 else 1.0
        return (channels[0], channels[1], channels[2], alpha)
    numbers = [float(n) for n in re.findall(r"[-+]?\d*\.?\d+", value)]
    if len(numbers) < 3:
        raise ValueError(f"not a colour: {value!r}")
    return (numbers[0], numbers[1], numbers[2], numbers[3] if len(numbers) > 3 else 1.0)


def relative_luminance(rgb: tuple[float, float, float] | tuple[float, ...]) -> float:
    """WCAG 2 relative luminance of an sRGB colour with 0-255 channels."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG 2 contrast ratio of two colours (1.0 to 21.0)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True, kw_only=True)
class PixelStats:
    """What a screenshot of a chart shows, in numbers."""

    distinct_colours: int
    luminance_stddev: float
    background: tuple[int, int, int]
    #: Share of pixels that stand out from the background at 3:1 or more.
    ink_share: float


def pixel_stats(png: bytes) -> PixelStats:
    """Measure a PNG: colour count, spread of luminance, dominant colour and legible "ink"."""
    import io

    from PIL import Image, ImageStat

    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
    total = rgb.width * rgb.height
    # An RGB image's colours are (count, (r, g, b)) pairs.
    colours = cast(list[tuple[int, tuple[int, int, int]]], rgb.getcolors(maxcolors=total) or [])
    background = max(colours)[1] if colours else (0, 0, 0)
    ink = sum(n for n, colour in colours if contrast_ratio(colour, background) >= 3.0)
    return PixelStats(
        distinct_colours=len(colours),
        luminance_stddev=ImageStat.Stat(rgb.convert("L")).stddev[0],
        background=background,
        ink_share=ink / total if total else 0.0,
    )


# --------------------------------------------------------------------------- the site


@dataclass(frozen=True, kw_only=True)
class ExampleSite:
    """The built example site: ``served`` is what the HTTP server serves, ``site`` holds it."""

    served: Path
    site: Path
    export: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class Targets:
    """The pages the tests open, chosen from ``okrs.json`` rather than hard-coded.

    The objective is the first team objective of the current period that has a
    key result linked to a KPI, so one page offers a team link, a KPI link and
    a person link; the KPI, team and person pages are the ones it links to.
    """

    urls: dict[str, str]
    team_name: str
    kpi_name: str
    person_name: str

    def url(self, name: str) -> str:
        """The site-relative URL of page ``name`` (one of :data:`PAGES`)."""
        return self.urls[name]


def choose_targets(export: dict[str, Any]) -> Targets:
    """Pick the objective, KPI, team and person pages of :class:`Targets` from the export."""
    current = export["current_period"]
    candidates = [
        objective
        for objective in export["objectives"]
        if objective["period"] == current
        and objective["team"]
        and objective["owner"]
        and any(kr["kpi"] for kr in objective["key_results"])
    ]
    assert candidates, f"the example has no team objective of {current} with a KPI-linked KR"
    objective = candidates[0]
    kpi_id = next(kr["kpi"] for kr in objective["key_results"] if kr["kpi"])
    kpi = next(k for k in export["kpis"] if k["id"] == kpi_id)
    team = next(t for t in export["teams"] if t["id"] == objective["team"])
    return Targets(
        urls={
            "dashboard": "",
            "objective": objective["url"],
            "kpi": kpi["url"],
            "team": f"teams/{team['id']}/",
            "person": f"people/{person_slug(objective['owner'])}/",
            "period": f"periods/{current}/",
            "alignment": "alignment/",
            "changes": "changes/",
            "health": "health/",
            "teams": "teams/",
            "kpis": "kpis/",
            "periods": "periods/",
        },
        team_name=team["name"],
        kpi_name=kpi["name"],
        person_name=objective["owner"],
    )


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> ExampleSite:
    """Build the repository's example site once, with the real ``mkdocs build``."""
    served = tmp_path_factory.mktemp("served")
    site = served / SUB_PATH
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not (site / "index.html").is_file():
        pytest.fail(
            f"mkdocs build of the example failed (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    (served / OTHER_SUB_PATH).symlink_to(site, target_is_directory=True)
    export = json.loads((site / "okrs.json").read_text(encoding="utf-8"))
    return ExampleSite(served=served, site=site, export=export)


@pytest.fixture(scope="session")
def targets(example_site: ExampleSite) -> Targets:
    """The URLs of the dashboard, objective, KPI, team and person pages under test."""
    chosen = choose_targets(example_site.export)
    for name, url in chosen.urls.items():
        assert (example_site.site / url / "index.html").is_file(), f"{name} page {url} not built"
    return chosen


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site like GitHub Pages: its 404.html for any missing address."""

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean; failures show up as browser errors instead."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(str(self.directory)) / SUB_PATH / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def site_url(example_site: ExampleSite) -> Iterator[str]:
    """Serve the built site at ``http://127.0.0.1:<free port>/okrsite/``."""
    handler = functools.partial(_QuietHandler, directory=str(example_site.served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """The Playwright driver (only when Playwright and Debian's Chromium are present)."""
    require(
        importlib.util.find_spec("playwright") is not None,
        "Playwright for Python is not installed (pip install -e '.[test]')",
    )
    require(CHROMIUM.is_file(), f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless; never a downloaded browser."""
    chromium = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
    )
    try:
        yield chromium
    finally:
        chromium.close()


# --------------------------------------------------------------------------- pages


@dataclass
class Visit:
    """A loaded page and every problem the browser reported while it loaded and ran.

    ``name`` names the screenshot (``<page>-<scheme>``); :meth:`screenshot` takes
    it once, writes it to ``test-artifacts/screenshots/`` and keeps the bytes,
    from which the chart checks crop their charts.
    """

    page: Page
    url: str
    name: str
    problems: list[str] = field(default_factory=list)
    _png: bytes | None = None

    def screenshot(self) -> bytes:
        """The full-page screenshot (PNG), taken on first use and saved as a test artifact."""
        if self._png is None:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self._png = self.page.screenshot(
                path=str(SCREENSHOTS / f"{self.name}.png"), full_page=True, animations="disabled"
            )
        return self._png


_SETTLE_JS = """
async () => {
  const until = (ready, ms) => new Promise((done) => {
    const end = Date.now() + ms;
    const poll = () => (ready() || Date.now() > end ? done() : setTimeout(poll, 20));
    poll();
  });
  await document.fonts.ready;
  await Promise.all(Array.from(document.images).map((img) =>
    img.complete ? null : new Promise((done) => {
      img.addEventListener('load', done, {once: true});
      img.addEventListener('error', done, {once: true});
    })));
  // mkdocs-material wraps tables after load; wait for it so every check sees the same page.
  await until(() => !document.querySelector('article table:not(.md-typeset__table table)'), 1000);
  await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
}
"""


def watch(page: Page, site_url: str) -> list[str]:
    """Collect console errors, uncaught exceptions and failed requests of ``page``.

    A request to the test server outside the site's sub-path is a problem too:
    it means a link or asset ignores the sub-path (works only at a domain root).
    """
    problems: list[str] = []
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(site_url))

    def on_console(message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            problems.append(f"console error: {message.text} ({where})")

    def on_request(request: Any) -> None:
        if request.url.startswith(origin) and not request.url.startswith(site_url):
            problems.append(f"request outside the sub-path /{SUB_PATH}/: {request.url}")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught exception: {error}"))
    page.on("request", on_request)
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", on_response)
    return problems


def settle(page: Page) -> None:
    """Wait until fonts and every image have finished loading (or failing)."""
    page.wait_for_load_state("load")
    page.evaluate(_SETTLE_JS)


class Browsing:
    """Pages of the served site in both colour schemes, loaded once and then reused.

    The light context emulates ``prefers-color-scheme: light`` and the slate one
    ``dark``; mkdocs-material picks the palette whose media query matches, so no
    toggle click (and no stored preference) is needed to see each scheme.
    """

    def __init__(
        self, browser: Browser, site_url: str, site: ExampleSite, targets: Targets
    ) -> None:
        self.browser = browser
        self.site_url = site_url
        self.site = site
        self.targets = targets
        self.external: list[str] = []
        self._contexts: dict[tuple[str, str], BrowserContext] = {}
        self._visits: dict[tuple[str, str, str], Visit] = {}

    def context(self, scheme: str, width: str = "wide") -> BrowserContext:
        """The shared context of ``scheme`` (``light`` or ``slate``) at ``width``."""
        if (scheme, width) not in self._contexts:
            self._contexts[(scheme, width)] = self.new_context(scheme, width)
        return self._contexts[(scheme, width)]

    def new_context(self, scheme: str = "light", width: str = "wide") -> BrowserContext:
        """A fresh context (own storage): for tests that change state, such as the palette."""
        context = self.browser.new_context(
            color_scheme="dark" if scheme == "slate" else "light",
            viewport=VIEWPORTS[width],
            service_workers="block",
        )
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), self._answer_external)
        return context

    def _answer_external(self, route: Any) -> None:
        """Record any request to another host (the portal must make none), answer it empty."""
        self.external.append(route.request.url)
        route.fulfill(status=200, content_type="text/plain", body="")

    def open(
        self, url: str, scheme: str = "light", *, name: str = "", width: str = "wide"
    ) -> Visit:
        """Load site-relative ``url`` in a new page of the ``scheme`` context; let it settle."""
        page = self.context(scheme, width).new_page()
        absolute = urljoin(self.site_url, url)
        visit = Visit(
            page=page,
            url=absolute,
            name=name or f"page-{scheme}",
            problems=watch(page, self.site_url),
        )
        response = page.goto(absolute, wait_until="load")
        if response is None or not response.ok:
            status = response.status if response else "no response"
            visit.problems.append(f"{absolute}: {status}")
        settle(page)
        return visit

    def visit(self, name: str, scheme: str, width: str = "wide") -> Visit:
        """Page ``name`` of :data:`PAGES` in ``scheme`` at ``width``, loaded once per session.

        Its screenshot is ``test-artifacts/screenshots/<name>-<width>-<scheme>.png``.
        """
        key = (name, scheme, width)
        if key not in self._visits:
            self._visits[key] = self.open(
                self.targets.url(name), scheme, name=f"{name}-{width}-{scheme}", width=width
            )
        return self._visits[key]

    def local_file(self, url: str) -> Path:
        """The built file behind an absolute URL of the served site."""
        assert url.startswith(self.site_url), f"{url} is not under {self.site_url}"
        path = self.site.site / unquote(urlsplit(url).path[len(urlsplit(self.site_url).path) :])
        return path / "index.html" if path.is_dir() else path

    def close(self) -> None:
        """Close every context (and with them their pages)."""
        for context in self._contexts.values():
            context.close()
        self._contexts.clear()
        self._visits.clear()


@pytest.fixture(scope="session")
def browsing(
    browser: Browser, site_url: str, example_site: ExampleSite, targets: Targets
) -> Iterator[Browsing]:
    """The shared :class:`Browsing` of the example site."""
    pages = Browsing(browser, site_url, example_site, targets)
    try:
        yield pages
    finally:
        pages.close()


# --------------------------------------------------------------------------- in-page queries

#: The chart images of the page content: SVGs in the article (not the logo in the header).
CHARTS_JS = """
() => Array.from(document.querySelectorAll('article img'))
  .filter((img) => new URL(img.currentSrc || img.src, document.baseURI).pathname.endsWith('.svg'))
  .map((img, index) => {
    img.setAttribute('data-test-chart', String(index));
    return {
      index,
      src: img.getAttribute('src'),
      url: img.currentSrc || img.src,
      alt: img.getAttribute('alt'),
      complete: img.complete,
      naturalWidth: img.naturalWidth,
      inTable: img.closest('td, th') !== null,
    };
  })
"""

#: The background colours from an element up to the root (innermost first).
BACKGROUNDS_JS = """
(element) => {
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    layers.push(getComputedStyle(node).backgroundColor);
  }
  return layers;
}
"""

#: An element's box in page (not viewport) coordinates, as full-page screenshots use.
PAGE_BOX_JS = """
(element) => {
  const box = element.getBoundingClientRect();
  return {x: box.left + window.scrollX, y: box.top + window.scrollY,
          width: box.width, height: box.height};
}
"""


def composite_background(layers: list[str]) -> tuple[float, float, float]:
    """Composite CSS background colours (innermost first) over white, as the browser does."""
    colour = (255.0, 255.0, 255.0)
    for layer in reversed(layers):
        r, g, b, a = parse_css_colour(layer)
        colour = (
            r * a + colour[0] * (1 - a),
            g * a + colour[1] * (1 - a),
            b * a + colour[2] * (1 - a),
        )
    return colour


def crop_png(png: bytes, box: dict[str, float]) -> bytes:
    """Cut ``box`` (page coordinates, CSS pixels at scale 1) out of a full-page PNG."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        left, top = round(box["x"]), round(box["y"])
        part = image.crop((left, top, left + round(box["width"]), top + round(box["height"])))
        out = io.BytesIO()
        part.save(out, format="PNG")
    return out.getvalue()
