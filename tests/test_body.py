"""Goal-page bodies: the site's own Markdown, sanitized, and inert for MkDocs' second pass."""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown
import pytest

from okrsite.markdown_config import SiteMarkdown, from_mkdocs_yml
from okrsite.options import read_site_config
from okrsite.render.body import inert, render_body, sanitize

SITE = SiteMarkdown(
    extensions=(
        "toc",
        "tables",
        "fenced_code",
        "admonition",
        "attr_list",
        "footnotes",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.tabbed",
    ),
    configs={"toc": {"permalink": True}, "pymdownx.tabbed": {"alternate_style": True}},
)


def body(text: str, site: SiteMarkdown = SITE, src: str = "objectives/2026-Q4/a.md") -> str:
    return render_body(textwrap.dedent(text), site, src=src, origin=src)


def twice(text: str) -> str:
    """The body as the built page has it: embedded in Markdown that MkDocs renders again."""
    page = f'# Title\n\n<div class="okr-body">\n{body(text)}\n</div>\n\nAfter.\n'
    return markdown.markdown(page, extensions=["attr_list", "tables", "pymdownx.snippets"])


def test_an_admonition_is_an_admonition() -> None:
    html = body('!!! tip "Why this matters"\n    Because customers stay.\n')
    assert '<div class="admonition tip">' in html
    assert '<p class="admonition&#45;title">Why this matters</p>' in html
    assert '<div class="admonition tip">' in twice('!!! tip "Why"\n    x\n')


def test_tabs_footnotes_and_aligned_tables_survive_the_sanitizer() -> None:
    html = body(
        """\
        === "One"
            first

        === "Two"
            second

        Text[^1].

        | a | b |
        |:--|--:|
        | 1 | 2 |

        [^1]: The note.
        """
    )
    assert 'type="radio"' in html and 'data-tabs="1&#58;2"' in html
    assert 'id="&#95;&#95;tabbed&#95;1&#95;1"' in html
    assert 'class="footnote&#45;ref"' in html and 'id="fn&#58;1"' in html
    assert '<td align="right">2</td>' in html  # the align attribute, not a style


def test_without_the_extension_the_syntax_stays_text() -> None:
    plain = SiteMarkdown()
    assert "admonition" not in body('!!! tip "Why"\n    x\n', plain)


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("<script>alert(1)</script>x", "script"),
        ("<img src=x onerror=alert(1)>", "onerror"),
        ("[x](javascript:alert(1))", "javascript"),
        ("[x](JaVaScRiPt:alert(1))", "avaScRiPt"),
        ('<a href="vbscript:msgbox(1)">x</a>', "vbscript"),
        ('<a href="data:text/html,hi">x</a>', "data:"),
        ("<iframe src=https://e.example></iframe>", "iframe"),
        ("<object data=x></object><embed src=x>", "object"),
        ("<form action=x><button>b</button></form>", "form"),
        ('<meta http-equiv="refresh" content="0">', "meta"),
        ("<base href=https://e.example/>", "base"),
        ("<style>p{}</style>", "style"),
        ('<p style="color:red">x</p>', "style"),
        ("Text\n{: onclick=alert(1) }", "onclick"),
        ("<svg onload=alert(1)><circle/></svg>", "svg"),
        ("<math><mi>x</mi></math>", "math"),
        ("<!-- secret --> text", "secret"),
        ('<p id="__config">{"base": "x"}</p>', "config"),
        ('<p class="md-header x">t</p><p data-md-component="search">s</p>', "md-"),
        ('<input type="image" src=x>', "image"),
    ],
)
def test_the_sanitizer_removes(text: str, gone: str) -> None:
    html = body(text)
    assert gone.lower() not in html.lower()
    assert gone.lower() not in twice(text).lower().replace("okr-body", "")


def test_images_may_use_raster_data_urls_only() -> None:
    assert 'src="data&#58;image/png;base64,AAAA"' in body('<img src="data:image/png;base64,AAAA">')
    assert "svg" not in body('<img src="data:image/svg+xml,<svg onload=alert(1)>">')


def test_links_are_made_to_work_from_the_page() -> None:
    html = body("[MRR](../../kpis/mrr.md#latest) and [web](https://example.org)")
    assert 'href="../../../kpis/mrr/&#35;latest"' in html  # from /objectives/2026-Q4/a/
    assert 'href="https&#58;//example.org"' in html


def test_the_second_markdown_pass_finds_nothing_to_act_on(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    text = f'Include --8<-- "{secret}" and *stars* and [x](y) and {{: .cls }} and `code`'
    html = twice(text)
    assert "TOP SECRET" not in html
    assert body(text) in html  # passed through verbatim: nothing added, nothing included


def test_inert_keeps_text_and_tags() -> None:
    clean = sanitize('<p title="a*b">x_y <code>[z]</code></p>')
    assert inert(clean) == '<p title="a&#42;b">x&#95;y <code>&#91;z&#93;</code></p>'


def test_site_markdown_from_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(
            """\
            site_name: X
            markdown_extensions:
              - admonition
              - toc:
                  permalink: "#"
              - pymdownx.emoji:
                  emoji_generator: !!python/name:pymdownx.emoji.to_alt
            """
        ),
        encoding="utf-8",
    )
    site = read_site_config(config).markdown
    assert site.extensions[:3] == ("toc", "tables", "fenced_code")
    assert "admonition" in site.extensions and "pymdownx.emoji" in site.extensions
    assert site.configs["toc"] == {"permalink": "#"}
    assert callable(site.configs["pymdownx.emoji"]["emoji_generator"])
    assert from_mkdocs_yml({"admonition": None}).extensions[-1] == "admonition"
    with pytest.raises(ValueError, match="cannot import"):
        from_mkdocs_yml([{"x": {"y": _python_name("no_such_module.thing")}}])


def _python_name(text: str) -> object:
    from okrsite.markdown_config import PythonName

    return PythonName(text)
