"""The text checks' verdicts kept between runs: the same findings, taken only when sealed
with the machine's key and stamped with today's text-check code."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers import CACHE_SECRET

import okrsite.text as text_checks
from okrsite.engine import verdicts
from okrsite.engine.seal import opened, sealed
from okrsite.options import options_from_mapping
from okrsite.portal import build_portal

BUILD_KEY = CACHE_SECRET
OPTIONS = options_from_mapping({"company": "Acme", "as_of": "2026-11-15"})


def _findings(root: Path) -> list[str]:
    # A new process: nothing judged yet, nothing read from the cache yet.
    text_checks._VERDICTS.clear()
    verdicts._READ.clear()
    portal = build_portal(root / "goals", OPTIONS, root=root, cache=True)
    return [f"{f.path}:{f.line}: {f.code} {f.message}" for f in portal.findings]


@pytest.fixture()
def portal(keyed_portal: Path) -> Path:
    return keyed_portal


def test_kept_verdicts_give_the_same_findings(portal: Path) -> None:
    first = _findings(portal)
    store = portal / ".cache/okrsite" / verdicts.FILE
    assert store.is_file()
    assert _findings(portal) == first
    store.unlink()
    assert _findings(portal) == first


@pytest.mark.parametrize("forger", [None, "a key the attacker chose", BUILD_KEY])
def test_verdicts_are_taken_only_under_the_build_key(portal: Path, forger: str | None) -> None:
    first = _findings(portal)
    store = portal / ".cache/okrsite" / verdicts.FILE
    key = hashlib.sha256(BUILD_KEY.encode()).digest()
    data = json.loads(opened(key, store.read_bytes()) or b"")
    assert data["entries"]
    data["entries"] = dict.fromkeys(data["entries"], [True, "the forged reason"])
    payload = json.dumps(data).encode()
    store.write_bytes(
        payload if forger is None else sealed(hashlib.sha256(forger.encode()).digest(), payload)
    )
    again = _findings(portal)
    if forger == BUILD_KEY:  # the control: sealed right, the verdicts are believed
        assert any("the forged reason" in line for line in again)
    else:
        assert again == first


def test_verdicts_of_other_text_check_code_are_not_taken(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _findings(portal)
    store = portal / ".cache/okrsite" / verdicts.FILE
    key = hashlib.sha256(BUILD_KEY.encode()).digest()
    data = json.loads(opened(key, store.read_bytes()) or b"")
    data["entries"] = dict.fromkeys(data["entries"], [True, "the forged reason"])
    store.write_bytes(sealed(key, json.dumps(data).encode()))
    monkeypatch.setattr(verdicts, "stamp", lambda: "the text checks changed since")
    assert _findings(portal) == first
