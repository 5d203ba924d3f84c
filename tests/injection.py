"""An injection corpus, a portal that puts it into every text field, and a scan of a built site.

Every vector carries the marker ``okrx`` (with a number) inside the markup it
tries to smuggle in: an element, an attribute, a URL or a comment that holds
the marker in the built site came from the input. Text that merely shows the
marker (escaped, as it should be) is fine.

The scan parses each file as a browser or an XML reader would: HTML with
html5lib (the WHATWG parsing algorithm, so ``</title>`` ends a title exactly
as it does in a browser), SVG with the standard library's XML parser, JSON
with :mod:`json`, and the HTML inside search index entries with html5lib
again.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import html5lib
import yaml

MARK = "okrx"

#: One vector per line of attack; each holds the marker where the attack would land.
VECTORS: tuple[str, ...] = (
    "Win </title><script>alert('okrx01')</script> hearts",
    "</script><script>alert('okrx02')</script>",
    "]]><okrx03-el/><![CDATA[ x",
    '" onmouseover="alert(\'okrx04\')" x="',
    "' onfocus='alert(okrx05)' autofocus x='",
    "&lt;img src=x onerror=alert('okrx06')&gt; and &#60;script&#62;okrx06&#60;/script&#62;",
    "&amp;lt;b okrx07=1&amp;gt; &#x3C;i okrx07b=1&#x3E;",
    "[click](javascript:alert('okrx08')) [caps](JaVaScRiPt:alert('okrx08b'))",
    "[ref][okrx09]\n\n[okrx09]: javascript:alert('okrx09')",
    "<javascript:alert('okrx10')> <vbscript:msgbox('okrx10b')>",
    "<a href=\"javascript:alert('okrx11')\">raw</a> <a href='vbscript:okrx11b'>vb</a>",
    "<svg onload=alert('okrx12')><script>alert('okrx12b')</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('okrx13')>",
    "<!--okrx14--><img src=x onerror=alert('okrx14b')> --><script>okrx14c</script>",
    "\u202eokrx15 reversed\u202c and \u2067okrx15b\u2069\u2069\u202e tail",
    "[data](data:text/html;base64,PHNjcmlwdD5va3J4MTY8L3NjcmlwdD4=) ![i](javascript:okrx16b)",
    "<iframe src='https://evil.example/okrx17'></iframe><object data='okrx17b'></object>"
    "<embed src='okrx17c'>",
    "<form action='https://evil.example/okrx18'><button formaction='okrx18b'>go</button></form>",
    "<meta http-equiv='refresh' content='0;url=https://evil.example/okrx19'>"
    "<base href='https://evil.example/okrx19b/'>",
    "<style>body{background:url(okrx20)}</style><p style='color:red' title='okrx20b'>s</p>",
    "text {: onclick=\"alert('okrx21')\" .okrx21b #okrx21c }",
    "<details open ontoggle=alert('okrx22')>d</details><okrx22b-tag okrx22c=1>",
    "[tab](java\tscript:alert('okrx23')) [ent](javascript&#58;alert('okrx23b'))",
    "<img src=x onerror=alert('okrx24')> <IMG SRC=JaVaScRiPt:alert('okrx24b')>",
    "{{ config.okrx25 }} {% raw %}okrx25b{% endraw %} ${okrx25c} <%= okrx25d %>",
    "&lt;/title&gt;&lt;script&gt;okrx26&lt;/script&gt; \\<script\\>okrx26b\\</script\\>",
    "L" * 3000 + " okrx27 long",
)

#: Elements that may carry an attack; one holding the marker came from the input.
DANGEROUS_TAGS = frozenset(
    [
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "form",
        "button",
        "input",
        "textarea",
        "select",
        "meta",
        "base",
        "link",
        "svg",
        "math",
        "mglyph",
        "mtext",
        "img",
        "image",
        "video",
        "audio",
        "source",
        "track",
        "details",
        "frame",
        "frameset",
        "applet",
        "template",
        "noscript",
        "foreignobject",
        "animate",
        "set",
        "use",
        "a",
        "area",
    ]
)
URL_ATTRIBUTES = frozenset(
    [
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "srcset",
        "xlink:href",
        "cite",
        "longdesc",
        "ping",
        "manifest",
        "codebase",
    ]
)
TEXT_ATTRIBUTES = frozenset(["alt", "title", "aria-label", "aria-description", "id"])
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_STRIP_URL = re.compile(r"[\x00-\x20\x7f]+")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bad_scheme(url: str) -> str | None:
    """``javascript``/``vbscript``/``data`` when ``url`` would run as such in a browser."""
    cleaned = _STRIP_URL.sub("", url)
    match = _SCHEME.match(cleaned)
    if match and match.group(1).lower() in ("javascript", "vbscript", "data"):
        return match.group(1).lower()
    return None


@dataclass(frozen=True)
class Problem:
    """One injected fragment found in the output."""

    path: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


# --- the portal ------------------------------------------------------------------


def _front_matter(data: dict[str, object], body: str = "") -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


def _csv(rows: list[tuple[str, str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "value", "note"])
    writer.writerows(rows)
    return out.getvalue()


def _supported() -> tuple[bool, bool, bool]:
    """Which newer front-matter keys this okrsite knows: co-owner lists, review, thresholds."""
    from okrsite.schema import json_schema

    defs = json_schema()["$defs"]
    objective = defs["objective"]["properties"]
    owner = objective["owner"]
    lists = "array" in json.dumps(owner)
    return lists, "review" in objective, "at_least" in json.dumps(defs["key_result"])


def write_injection_portal(root: Path, vectors: tuple[str, ...] = VECTORS) -> Path:
    """A portal with each vector in every text field of a team, an objective and a KPI.

    Vector ``i`` goes into team ``t<i>`` (name, lead, members, mission, body),
    objective ``o<i>`` (statement, owner, KR titles and units, check-in author
    and note, tags, review, body) and KPI ``k<i>`` (name, owner, definition,
    source, unit, CSV notes); one more set holds all vectors at once.
    """
    docs = root / "goals"
    co_owners, review, threshold = _supported()
    sets = [(f"{i:02d}", v) for i, v in enumerate(vectors, start=1)]
    sets.append(("all", " ".join(v for v in vectors if len(v) < 500)))
    for key, vector in sets:
        one_line = " ".join(vector.split("\n"))
        (docs / "teams").mkdir(parents=True, exist_ok=True)
        (docs / "teams" / f"t{key}.md").write_text(
            _front_matter(
                {
                    "name": f"Team {one_line}",
                    "lead": f"Lead {one_line}",
                    "members": [f"Member {one_line}", one_line],
                    "mission": one_line,
                },
                f"Team body\n\n{vector}\n",
            ),
            encoding="utf-8",
        )
        objective: dict[str, object] = {
            "objective": f"Customers love {one_line}",
            "period": "2026-Q4",
            "owner": [f"Owner {one_line}", f"Co {one_line}"] if co_owners else f"Owner {one_line}",
            "team": f"t{key}",
            "tags": [one_line],
            "key_results": [
                {
                    "id": "grow",
                    "title": f"Revenue grows {one_line}",
                    "baseline": 0,
                    "target": 100,
                    "unit": one_line[:40],
                    "kpi": f"k{key}",
                    "owner": f"KR owner {one_line}",
                },
                {"id": "ship", "title": f"Churn falls {one_line}", "done": False},
            ],
            "checkins": [
                {
                    "date": "2026-11-01",
                    "values": {"grow": 40},
                    "confidence": 0.5,
                    "by": f"By {one_line}",
                    "note": vector,
                }
            ],
        }
        if threshold:
            objective["key_results"].append(  # type: ignore[attr-defined]
                {"id": "hold", "title": f"Uptime {one_line}", "at_least": 99, "unit": "%"}
            )
        if review:
            objective["review"] = vector
        (docs / "objectives" / "2026-Q4").mkdir(parents=True, exist_ok=True)
        (docs / "objectives" / "2026-Q4" / f"o{key}.md").write_text(
            _front_matter(
                objective,
                f'Objective body\n\n{vector}\n\n!!! note "{one_line[:60]}"\n    {one_line}\n',
            ),
            encoding="utf-8",
        )
        (docs / "objectives" / "2025-Q4").mkdir(parents=True, exist_ok=True)
        (docs / "objectives" / "2025-Q4" / f"past{key}.md").write_text(
            _front_matter(
                {
                    "objective": f"Earlier {one_line}",
                    "period": "2025-Q4",
                    "owner": f"Owner {one_line}",
                    "team": f"t{key}",
                    "key_results": [
                        {"id": "a", "title": f"Old {one_line}", "target": 10, "current": 10},
                        {"id": "b", "title": f"Older {one_line}", "done": True},
                    ],
                    **({"review": vector} if review else {}),
                }
            ),
            encoding="utf-8",
        )
        (docs / "kpis").mkdir(parents=True, exist_ok=True)
        (docs / "kpis" / f"k{key}.md").write_text(
            _front_matter(
                {
                    "name": f"KPI {one_line}",
                    "owner": f"Watcher {one_line}",
                    "team": f"t{key}",
                    "definition": vector,
                    "source": one_line,
                    "cadence": "monthly",
                    "target": 50,
                    "warning": 40,
                    "unit": one_line[:40],
                },
                f"KPI body\n\n{vector}\n",
            ),
            encoding="utf-8",
        )
        (docs / "kpis" / f"k{key}.csv").write_text(
            _csv(
                [
                    ("2026-09", "30", vector),
                    ("2026-10", "45", one_line),
                    ("2026-11", "55", f"note {vector}"),
                ]
            ),
            encoding="utf-8",
        )
    company = "Acme " + VECTORS[0].replace("'", "").replace("\n", " ")
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: Injection portal
            docs_dir: goals
            theme:
              name: material
            markdown_extensions:
              - admonition
              - attr_list
              - footnotes
              - toc:
                  permalink: true
            plugins:
              - search
              - okrsite:
                  company: {json.dumps(company)}
                  as_of: 2026-11-15
                  lint: {{ignore: [Q103, Q104, Q105, Q110]}}
            """
        ),
        encoding="utf-8",
    )
    return docs


# --- the scan ----------------------------------------------------------------------


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _check_element(path: str, tag: str, attrs: dict[str, str], text: str) -> Iterator[Problem]:
    """Everything about one element that shows it came from the input."""
    tag = _local(tag)
    if MARK in tag:
        yield Problem(path, f"element <{tag}> from the input")
    # Text attributes (alt, title, aria-label) and ids made from headings may show input.
    own = " ".join(v for k, v in attrs.items() if k.lower() not in TEXT_ATTRIBUTES) + " " + text
    if tag in DANGEROUS_TAGS and MARK in own and tag != "a":
        yield Problem(path, f"<{tag}> carrying input: {own.strip()[:120]!r}")
    for raw_name, value in attrs.items():
        name = _local(raw_name) if raw_name.startswith("{") else raw_name.lower()
        if raw_name.endswith("}href") or raw_name == "xlink:href":
            name = "xlink:href"
        if MARK in name:
            yield Problem(path, f"attribute {name!r} from the input on <{tag}>")
        if name.startswith("on"):
            yield Problem(path, f"event handler {name}={value[:80]!r} on <{tag}>")
        if name == "style" and MARK in value:
            yield Problem(path, f"style attribute from the input on <{tag}>: {value[:80]!r}")
        if name in URL_ATTRIBUTES and (scheme := bad_scheme(value)):
            image = tag in ("img", "image") and value.lower().startswith("data:image/")
            if not image:
                yield Problem(path, f"{scheme}: URL in {name} of <{tag}>: {value[:80]!r}")
        if name == "srcdoc" or (name == "http-equiv" and MARK in own):
            yield Problem(path, f"{name} on <{tag}>")


def _text_of(el: ET.Element) -> str:
    return el.text or ""


def _bidi_leaks(text: str) -> bool:
    """True when a bidi control in ``text`` is not inside an FSI/LRI/RLI ... PDI span."""
    depth = 0
    for char in text:
        if char in "\u2066\u2067\u2068":
            depth += 1
        elif char == "\u2069":
            depth = max(0, depth - 1)
        elif _BIDI.match(char) and depth == 0:
            return True
    return False


def scan_html_tree(path: str, root: ET.Element, *, bidi: bool = True) -> Iterator[Problem]:
    """Scan a tree html5lib built (etree, namespaced tags)."""

    def walk(el: ET.Element, isolated: bool) -> Iterator[Problem]:
        tag = el.tag if isinstance(el.tag, str) else "!comment"
        if el.tag is ET.Comment:
            if MARK in (el.text or ""):
                yield Problem(path, f"comment from the input: {(el.text or '')[:80]!r}")
            return
        attrs = {str(k): str(v) for k, v in el.attrib.items()}
        yield from _check_element(path, tag, attrs, _text_of(el))
        # Isolated: inside <bdi> or an element whose direction comes from its own text.
        here = isolated or _local(tag) == "bdi" or attrs.get("dir", "").lower() == "auto"
        if bidi:
            for value in attrs.values():
                if _bidi_leaks(value):
                    yield Problem(path, f"bidi control unisolated in an attribute: {value[:60]!r}")
            if el.text and not here and _bidi_leaks(el.text):
                yield Problem(path, f"bidi control unisolated in <{_local(tag)}>: {el.text[:60]!r}")
        for child in el:
            yield from walk(child, here)
            if bidi and child.tail and not here and _bidi_leaks(child.tail):
                yield Problem(path, f"bidi control unisolated after <{_local(str(child.tag))}>")

    yield from walk(root, False)


def scan_html(path: str, text: str, *, fragment: bool = False, bidi: bool = True) -> list[Problem]:
    """Parse HTML like a browser does and report every fragment that came from the input."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree", ET))
    tree = parser.parseFragment(text) if fragment else parser.parse(text)
    return list(scan_html_tree(path, tree, bidi=bidi))


def scan_svg(path: str, data: bytes) -> list[Problem]:
    """Parse an SVG as XML (as a browser loading it as an image or a document does)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return [Problem(path, f"not well-formed XML: {exc}")]
    problems: list[Problem] = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else "!"
        attrs = {str(k): str(v) for k, v in el.attrib.items()}
        problems.extend(_check_element(path, tag, attrs, el.text or ""))
        for piece in (el.text, el.tail):
            if piece and _bidi_leaks(piece):
                problems.append(Problem(path, f"bidi control unisolated in SVG text: {piece!r}"))
    return problems


def scan_search_index(path: str, data: bytes) -> list[Problem]:
    """Each entry's title and text is HTML to the search UI: parse it as such."""
    problems: list[Problem] = []
    index = json.loads(data)
    for entry in index.get("docs", []):
        where = f"{path}#{entry.get('location', '')}"
        for field in ("title", "text"):
            value = entry.get(field) or ""
            problems.extend(scan_html(where, value, fragment=True, bidi=False))
    return problems


def scan_json(path: str, data: bytes) -> list[Problem]:
    """A JSON file okrsite writes: valid, and no raw ``<`` ``>`` a page could inline as markup."""
    try:
        json.loads(data)
    except ValueError as exc:
        return [Problem(path, f"not valid JSON: {exc}")]
    text = data.decode("utf-8")
    return [Problem(path, f"raw {c!r} in JSON") for c in "<>" if c in text]


def scan_site(site: Path) -> list[Problem]:
    """Scan every HTML, SVG and JSON file of a built site."""
    problems: list[Problem] = []
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        rel = file.relative_to(site).as_posix()
        data = file.read_bytes()
        if file.suffix == ".html":
            problems.extend(scan_html(rel, data.decode("utf-8")))
        elif file.suffix == ".svg":
            problems.extend(scan_svg(rel, data))
        elif rel == "search/search_index.json":
            problems.extend(scan_search_index(rel, data))
        elif file.suffix == ".json":
            problems.extend(scan_json(rel, data))
    return problems


def counted(site: Path) -> dict[str, int]:
    """How many files of each kind a scan reads (to show it read them)."""
    counts = {".html": 0, ".svg": 0, ".json": 0}
    for file in site.rglob("*"):
        if file.suffix in counts:
            counts[file.suffix] += 1
    return counts
