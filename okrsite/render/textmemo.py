"""User text already rendered, kept for the rest of a build and the next one."""

from __future__ import annotations

import hashlib


class TextMemo:
    """User text already rendered, kept for the rest of a build and the next one.

    Rendering user Markdown is a third of the time it takes to render the pages.
    Within a build many texts come back (units, names, a statement on several
    pages); between two builds of ``mkdocs serve``, in one process, almost all.
    Results are kept by every argument the rendering depends on, so a hit is
    the very string a new rendering would give. Entries live two builds
    (:meth:`new_build`): those not asked for during a build are gone after the
    next, so a long session holds about one build's texts.

    Between processes (``mkdocs build --dirty``, the next warm build) the
    adapter keeps the texts in a sealed file (:mod:`okrsite.engine.textstore`):
    :meth:`restore` offers them to a build by :func:`stored_key`, :meth:`stored`
    gives this build's.
    """

    def __init__(self) -> None:
        self._current: dict[tuple[object, ...], str] = {}
        self._previous: dict[tuple[object, ...], str] = {}
        self._stored: dict[str, str] = {}
        self.rendered = 0  # texts this build rendered (not found in any memo)

    def new_build(self) -> None:
        """A build begins: what the last one did not ask for is let go."""
        self._previous, self._current = self._current, {}
        self.rendered = 0

    def restore(self, stored: dict[str, str]) -> None:
        """Offer texts an earlier process rendered (:func:`stored_key` -> text)."""
        self._stored = stored

    def stored(self) -> dict[str, str]:
        """This build's texts by :func:`stored_key`, for the next process."""
        return {stored_key(key): value for key, value in self._current.items()}

    def get(self, key: tuple[object, ...]) -> str | None:
        hit = self._current.get(key)
        if hit is None:
            hit = self._previous.pop(key, None)
            if hit is None and self._stored:
                hit = self._stored.pop(stored_key(key), None)
            if hit is not None:
                self._current[key] = hit
        return hit

    def put(self, key: tuple[object, ...], value: str) -> str:
        self._current[key] = value
        self.rendered += 1
        return value

    def clear(self) -> None:
        self._current, self._previous, self._stored = {}, {}, {}

    def used(self) -> int:
        """How many texts this build asked for."""
        return len(self._current)

    def taken(self) -> tuple[dict[tuple[object, ...], str], int]:
        """The texts this build asked for, and how many it rendered anew: what a
        process that rendered part of the build hands to :meth:`absorb`."""
        return dict(self._current), self.rendered

    def absorb(self, taken: tuple[dict[tuple[object, ...], str], int]) -> None:
        """Count another process's part of this build (:meth:`taken`) as this one's."""
        texts, rendered = taken
        self._current.update(texts)
        self.rendered += rendered

    def __len__(self) -> int:
        return len(self._current) + len(self._previous)


def stored_key(key: tuple[object, ...]) -> str:
    """A memo key as a short string (a hash of its ``repr``: strings, booleans and None)."""
    return hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


#: The one memo of ``markup.inline`` and ``markup.block`` (``render_site`` starts each build).
MEMO = TextMemo()
