"""The words the text checks know: meaning classes from data files, grammar from lemminflect.

Two sources, both loaded on first use and kept for the life of the process:

* ``data/*.txt`` (package data) name the classes no general lexicon knows: which verbs
  move a measure, which nouns are measures, people outside the team, the team's own
  work. A file is a list of ``[section]`` headers, each followed by entries separated by
  whitespace (by lines in ``phrases.txt``); ``#`` starts a comment.
* The inflection lexicon that the ``lemminflect`` package ships (``lemma_lu.csv.gz``,
  about 80,000 forms with their part of speech and base form) says whether a word can
  be a verb, a noun or an adjective and which verb a form belongs to ("held" ->
  "hold"). It is read straight from the package's resources: importing lemminflect
  itself would pull in numpy for its out-of-vocabulary model, which these checks do not
  need, and cost a third of a second per process.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from functools import cache
from importlib import resources
from pathlib import Path

_SECTION_RE = re.compile(r"^\[([a-z_]+)\]\s*$")


@cache
def _sections(name: str) -> dict[str, tuple[str, ...]]:
    """The lists of one data file, by section; phrase files keep one entry per line."""
    text = resources.files(__package__).joinpath("data").joinpath(f"{name}.txt").read_text("utf-8")
    by_line = name == "phrases"
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        header = _SECTION_RE.match(line)
        if header:
            current = found.setdefault(header.group(1), [])
        elif current is not None:
            current.extend([line.casefold()] if by_line else line.casefold().split())
    return {section: tuple(entries) for section, entries in found.items()}


@cache
def words(file: str, section: str) -> frozenset[str]:
    """The entries of ``[section]`` in ``data/<file>.txt``, case-folded."""
    return frozenset(_sections(file)[section])


def phrases(section: str) -> tuple[tuple[str, ...], ...]:
    """The phrases of ``[section]`` in ``data/phrases.txt`` as word tuples, longest first."""
    return _phrases(section)


@cache
def _phrases(section: str) -> tuple[tuple[str, ...], ...]:
    split = [tuple(entry.replace("n't", " n't").split()) for entry in _sections("phrases")[section]]
    return tuple(sorted(split, key=len, reverse=True))


class _Classes:
    """Every word class as an attribute, read from the data files on first access.

    ``W.grammar_determiner`` is ``[determiner]`` of ``data/grammar.txt``, ``W.nouns_measure``
    is ``[measure]`` of ``data/nouns.txt``. The first access reads the file and keeps the
    set as a plain attribute, so the checks' inner loops pay an attribute lookup only.
    """

    def __getattr__(self, name: str) -> frozenset[str]:
        file, _, section = name.partition("_")
        if not section or name.startswith("__"):
            raise AttributeError(name)
        found = words(file, section)
        setattr(self, name, found)
        return found


#: The word classes (see :class:`_Classes`).
W = _Classes()


def noun(section: str) -> frozenset[str]:
    """A noun class from ``data/nouns.txt`` (measure, population, staff, activity ...)."""
    return words("nouns", section)


def verb(section: str) -> frozenset[str]:
    """A verb class from ``data/verbs.txt``, as base forms (upkeep, change, gain ...)."""
    return words("verbs", section)


def grammar(section: str) -> frozenset[str]:
    """A closed class of function words from ``data/grammar.txt``."""
    return words("grammar", section)


# --- the lemminflect lexicon -------------------------------------------------------------


def _lexicon_path() -> Path | None:
    spec = importlib.util.find_spec("lemminflect")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lemma_lu.csv.gz"
    return path if path.is_file() else None


@cache
def _lexicon() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """(verb form -> base verb, noun forms, adjective forms) from lemminflect's data."""
    path = _lexicon_path()
    if path is None:
        # Without the lexicon every word would be unknown and the checks would go quiet
        # without a word: a broken install must fail loudly instead.
        raise ImportError(
            "okrsite's phrasing checks need the lexicon of the lemminflect package, which is "
            "missing; reinstall okrsite (pip install --force-reinstall okrsite)"
        )
    with gzip.open(path, "rt", encoding="utf-8") as data:
        text = data.read()
    verbs: dict[str, str] = {}
    nouns: set[str] = set()
    adjectives: set[str] = set()
    for line in text.splitlines():
        form, category, lemma = line.split(",", 2)
        if category == "verb":
            verbs.setdefault(form, lemma.partition("/")[0])
        elif category == "noun":
            nouns.add(form)
        elif category == "adj":
            adjectives.add(form)
    return verbs, frozenset(nouns), frozenset(adjectives)


def verb_base(word: str) -> str:
    """The base form of ``word`` if it can be a verb ("held" -> "hold"), else ``""``.

    British spellings the lexicon lacks ("organise") are tried as their "-ize" forms.
    Answers are remembered: the checks ask about the same few thousand words again and
    again.
    """
    found = _BASES.get(word)
    if found is None:
        found = _base(word)
        _BASES[word] = found
    return found


# word -> base verb or "", filled by verb_base; bounded by the vocabulary of the portal
_BASES: dict[str, str] = {}


def _base(word: str) -> str:
    verbs = _lexicon()[0]
    found = verbs.get(word)
    if found is None and "is" in word:
        american = verbs.get(word.replace("is", "iz"))
        found = american.replace("ize", "ise") if american else None
    if len(_BASES) > 100_000:
        _BASES.clear()  # ``mkdocs serve`` lives long; any text may pass through it
    return found or ""


def can_be_noun(word: str) -> bool:
    """Whether ``word`` is a noun form in the lexicon ("track", "sales", "users")."""
    return word in _lexicon()[1]


def can_be_adjective(word: str) -> bool:
    """Whether ``word`` is an adjective form in the lexicon ("open", "live")."""
    return word in _lexicon()[2]
