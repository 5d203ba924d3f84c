"""The theme's compiled templates, kept between builds in a sealed file.

Real ``mkdocs build``s of the tiny portal: a second build compiles none of the
theme's templates and writes the same site; a template that changes is
compiled again; a file not sealed with the build's key is never loaded, though
loading one runs its code (the control plants code that writes a file).
"""

from __future__ import annotations

import hashlib
import marshal
import pickle
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from helpers import CACHE_SECRET
from helpers import build_as_new_process as _build
from jinja2.bccache import BytecodeCache, bc_magic

from okrsite.adapter.templatecache import FILE, SealedTemplates, stamp
from okrsite.engine.seal import opened, sealed

CACHE = Path(".cache/okrsite") / FILE
EVIL = "<script>alert('from the template cache')</script>"


def _key(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


@pytest.fixture()
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates compiled by environments that keep compiled templates."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *a, **k):
        if isinstance(self.bytecode_cache, SealedTemplates):
            names.append(str(name))
        return compile_(self, source, name, *a, **k)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    yield names


def test_a_second_build_compiles_no_template_and_writes_the_same_site(
    keyed_portal: Path, compiled: list[str]
) -> None:
    first = _build(keyed_portal, "site")
    assert "main.html" in compiled and "base.html" in compiled  # the control
    assert opened(_key(CACHE_SECRET), (keyed_portal / CACHE).read_bytes())
    compiled.clear()
    again = _build(keyed_portal, "again")
    assert compiled == []
    assert again == first


def test_a_template_that_changes_is_compiled_again(keyed_portal: Path) -> None:
    overrides = keyed_portal / "overrides"
    overrides.mkdir()
    config = keyed_portal / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        )
    )
    main = overrides / "main.html"
    for mark in ("first-edition", "second-edition"):
        main.write_text(
            '{% extends "base.html" %}{% block content %}<p>'
            + mark
            + "</p>{{ super() }}{% endblock %}"
        )
        site = _build(keyed_portal, "site")
        assert mark.encode() in site["index.html"]
        assert mark.encode() in site["teams/sales/index.html"]
    assert b"first-edition" not in site["index.html"]


def _forged_main(portal: Path, mark: Path) -> tuple[str, bytes]:
    """Compiled code for the theme's main.html, with its real source's checksum, that
    writes ``mark`` when loaded and renders :data:`EVIL`."""
    from mkdocs.config import load_config

    env = load_config(str(portal / "mkdocs.yml")).theme.get_env()
    source, filename, _ = env.loader.get_source(env, "main.html")
    cache = BytecodeCache()
    python = (
        f"import pathlib\npathlib.Path({str(mark)!r}).write_text('loaded')\n"
        "name = 'main.html'\nblocks = {}\ndebug_info = ''\n"
        f"def root(context, missing=None, environment=None):\n    yield {EVIL!r}\n"
    )
    code = compile(python, filename or "main.html", "exec")
    bucket = bc_magic + pickle.dumps(cache.get_source_checksum(source), 2) + marshal.dumps(code)
    return cache.get_cache_key("main.html", filename), bucket


@pytest.mark.parametrize("forger", [None, "a key the attacker chose", CACHE_SECRET])
def test_kept_templates_are_loaded_only_under_the_build_key(
    keyed_portal: Path, forger: str | None
) -> None:
    first = _build(keyed_portal, "site")
    path = keyed_portal / CACHE
    data = marshal.loads(opened(_key(CACHE_SECRET), path.read_bytes()) or b"")
    mark = keyed_portal / "loaded.txt"
    key, forged = _forged_main(keyed_portal, mark)
    assert key in data["entries"]  # aimed at the entry the build kept
    data["entries"][key] = forged
    payload = marshal.dumps(data)
    path.write_bytes(payload if forger is None else sealed(_key(forger), payload))
    again = _build(keyed_portal, "again")
    evil = [name for name, content in again.items() if EVIL.encode() in content]
    if forger == CACHE_SECRET:  # the control: sealed right, the code runs and is published
        assert mark.read_text() == "loaded"
        assert "index.html" in evil
    else:
        assert not mark.exists()
        assert evil == []
        assert again == first


def test_the_stamp_changes_with_what_compiled_code_depends_on() -> None:
    plain = jinja2.Environment()
    assert stamp(plain) == stamp(jinja2.Environment())
    assert stamp(plain) != stamp(jinja2.Environment(extensions=["jinja2.ext.i18n"]))
    assert stamp(plain) != stamp(jinja2.Environment(trim_blocks=True))
    assert stamp(plain) != stamp(jinja2.Environment(autoescape=True))
    assert stamp(plain) != stamp(jinja2.Environment(finalize=str))


def test_a_file_of_another_stamp_is_not_used(tmp_path: Path) -> None:
    key = _key(CACHE_SECRET)
    loader = jinja2.DictLoader({"page.html": "{{ 1 + 1 }}"})
    env = jinja2.Environment(loader=loader)
    env.bytecode_cache = kept = SealedTemplates(env, tmp_path, key)
    assert env.get_template("page.html").render() == "2"
    assert kept.save()
    other = jinja2.Environment(loader=loader, trim_blocks=True)
    assert SealedTemplates(other, tmp_path, key)._kept == {}
    same = jinja2.Environment(loader=loader)
    assert set(SealedTemplates(same, tmp_path, key)._kept) == set(kept._made)
    assert not SealedTemplates(same, tmp_path, None).save()  # no key: nothing kept
