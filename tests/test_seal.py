"""The key that seals okrsite's caches, and the stamp of the code that renders user text."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from okrsite.engine import textstore
from okrsite.engine.seal import ENV_KEY, cache_key, opened, read_sealed, sealed, write_sealed


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(ENV_KEY, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


def test_the_key_file_is_made_once_outside_the_project_for_its_owner_only(
    home: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    key = cache_key(project)
    path = home / "okrsite" / "cache-key"
    assert key is not None and path.read_bytes() == key and len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    other = tmp_path / "other"
    other.mkdir()
    assert cache_key(other) == key  # one key per machine (per user), not per project


def test_a_key_file_inside_the_project_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A project whose cache home lies inside it could commit the key with its forgeries.
    monkeypatch.delenv(ENV_KEY, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))
    assert cache_key(tmp_path) is None
    assert not (tmp_path / ".cache/okrsite/cache-key").exists()


def test_the_environment_key_comes_first(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_KEY, "from a CI secret")
    first = cache_key(home.parent)
    monkeypatch.setenv(ENV_KEY, "another secret")
    assert first is not None and cache_key(home.parent) not in (None, first)
    assert not (home / "okrsite" / "cache-key").exists()


def test_sealed_files_open_only_with_their_key_and_intact(tmp_path: Path) -> None:
    key, other = b"k" * 32, b"o" * 32
    path = tmp_path / "f"
    assert write_sealed(path, key, b"payload")
    assert read_sealed(path, key) == b"payload"
    assert read_sealed(path, other) is None and read_sealed(path, None) is None
    blob = path.read_bytes()
    assert opened(key, blob[:-1] + b"P") is None  # one byte changed
    assert opened(key, b"payload") is None  # never sealed
    assert opened(key, sealed(key, b"")) == b""
    assert not write_sealed(tmp_path / "g", None, b"x") and not (tmp_path / "g").exists()


def test_the_stamp_follows_a_sites_own_extension_and_refuses_an_unknown_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "house_extension.py"
    module.write_text("VERSION = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    base = ("toc", "tables", "admonition", "pymdownx.tabbed")
    before = textstore.stamp((*base, "house_extension"))
    assert before is not None and before != textstore.stamp(base)
    assert textstore.stamp((*base, "no_such_extension_anywhere")) is None
    # Its file changed: the texts rendered with the old code are not taken.
    module.write_text("VERSION = 2\n")
    textstore._source_hash.cache_clear()
    textstore._extension_code.cache_clear()
    assert textstore.stamp((*base, "house_extension")) not in (None, before)
    sys.modules.pop("house_extension", None)


def test_texts_of_another_stamp_are_not_taken(tmp_path: Path) -> None:
    key = b"k" * 32
    assert textstore.save(tmp_path, key, "stamp-1", {"a": "<p>A</p>"})
    assert textstore.load(tmp_path, key, "stamp-1") == {"a": "<p>A</p>"}
    assert textstore.load(tmp_path, key, "stamp-2") == {}
    assert textstore.load(tmp_path, key, None) == {}
    assert not textstore.save(tmp_path / "x", key, None, {"a": "b"})
