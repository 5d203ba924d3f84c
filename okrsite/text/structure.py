"""Who acts, how, and on what: the main clause of a goal statement.

A goal statement takes one of a few shapes, and the checks need to know which:

* an instruction, opening with its verb ("Gather feedback from ten partners", "Rollout
  the new playbook"): the first word is a verb in its base form, or an unknown word
  followed by a determiner, and nothing later shows it to be the start of a subject;
* a subject with a finite verb ("Open source projects adopt our indexer", "NPS stays
  above 45", "Billing export is added to the admin panel");
* a report without a finite verb ("New website launched", "SOC 2 audit complete").

Whether a word can be a verb, a noun or an adjective comes from the lexicon
(:mod:`okrsite.text.lexicon`); a first word that can be both a verb and a noun opens a
subject when no determiner or number follows it and a finite verb comes later: "Test
coverage reaches 85%" but "Test a freemium tier".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from .lexicon import W, can_be_adjective, can_be_noun, phrases, verb_base
from .quantities import Statement, read
from .reading import Token, is_plural_noun, word_at

_PARTICLES = frozenset({"out", "up", "off", "down", "in", "over"})
# What follows an instruction's verb: its object or an adverbial, never its own verb.
_OBJECT_STARTS = frozenset({"more", "less", "fewer", "at", "another", "further", "only"})
_SUBORDINATORS = frozenset(
    {"as", "while", "whilst", "when", "because", "until", "unless", "although", "though"}
)
_HARD_BREAKS = frozenset({",", ";", ":", "(", "while", "whilst", "because", "but", "so"})
_ADVERBS = frozenset({"always", "consistently", "still", "reliably", "steadily", "also"})


@dataclass(frozen=True, slots=True)
class Clause:
    """The main clause of a statement.

    Attributes:
        mood: "instruction" (opens with its verb), "finite" (a subject, then its verb),
            "passive" (a subject, then "is"/"are" and a participle), "copula" (a
            subject, then "is"/"are" and a complement), "report" (a subject and a
            participle or a state word, no finite verb) or "" (no verb found).
        verb: the verb or phrase as written, case-folded ("make sure", "roll out").
        base: its base form ("held" -> "hold"); for phrases the phrase.
        at: the index of the verb (for instructions 0).
        after: the index after the verb and its particle.
        end: the index of the first clause break after the verb.
        negated: whether "not", "never" or "no" governs the verb.
    """

    mood: str
    verb: str
    base: str
    at: int
    after: int
    end: int
    negated: bool = False


def clause_end(tokens: Sequence[Token], start: int = 0) -> int:
    """Index of the first clause break after ``start``: a comma, "while", "because" ..."""
    breaks = W.grammar_clause_break
    for index in range(start + 1, len(tokens)):
        low = tokens[index].low
        if low in breaks:
            return index
        if low in {"by", "through"} and word_at(tokens, index + 1).endswith("ing"):
            return index  # "... by fixing onboarding"
    return len(tokens)


@lru_cache(maxsize=1024)
def parse(text: str) -> tuple[Statement, Clause]:
    """A statement read (:func:`~okrsite.text.quantities.read`) with its main clause."""
    statement = read(text)
    return statement, main_clause(statement.tokens)


def main_clause(tokens: Sequence[Token]) -> Clause:
    """The main clause of a statement (see the module docstring)."""
    if not tokens:
        return Clause("", "", "", 0, 0, 0)
    if tokens[0].low in _phrase_openers():
        for phrase in phrases("upkeep"):
            if tuple(t.low for t in tokens[: len(phrase)]) == phrase:
                text = " ".join(phrase)
                return Clause("instruction", text, text, 0, len(phrase), clause_end(tokens))
    # the first finite verb after the first word, searched at most once for both readings
    found = _Later(tokens)
    opening = _instruction(tokens, found)
    if opening is not None:
        return opening
    return _subject_clause(tokens, found.verb())


class _Later:
    """The first finite verb after the first word, found when first asked for."""

    __slots__ = ("_found", "_tokens")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._tokens = tokens
        self._found: tuple[int, bool] | None | bool = False

    def verb(self) -> tuple[int, bool] | None:
        if self._found is False:
            self._found = _finite_verb(self._tokens, 1) if len(self._tokens) > 1 else None
        return self._found  # type: ignore[return-value]


def _instruction(tokens: Sequence[Token], later: _Later) -> Clause | None:
    first, second = tokens[0].low, word_at(tokens, 1)
    head, dash, tail = first.partition("-")
    if dash and tail in _PARTICLES and verb_base(head) == head and _starts_object(second):
        base = f"{head} {tail}"  # "roll-out the new pricing"
        return Clause("instruction", base, base, 0, 1, clause_end(tokens))
    if dash or not first.isalpha() or (tokens[0].text.isupper() and len(first) > 1):
        return None  # "Launch-day conversion", "3 blog posts", "SOC 2 audit"
    if first in _not_openers():
        return None  # "Zero critical vulnerabilities", "Half of new customers ..."
    if second == "to" and can_be_noun(first):
        return None  # "Time to restore service", "Cost to serve"
    if second in W.grammar_level_comparator and first in W.nouns_measure:
        return None  # "Churn under 2% monthly"
    if first in _FUNCTION_WORDS():
        return None  # "The first 3 partners run ...", "Every squad writes ..."
    base = verb_base(first)
    if not base:
        # an unknown word used as an instruction: "Rollout the new playbook"
        if second in W.grammar_determiner and not can_be_noun(first):
            return Clause("instruction", first, first, 0, 1, clause_end(tokens))
        return None
    if base != first:
        return None  # "Published articles ...", "Onboarding rate ...": not an instruction
    if first in W.grammar_be or first in W.grammar_aux and second not in {"a", "an", "the"}:
        return None
    after = 1
    if second in _PARTICLES and second != "in":
        base, after = f"{first} {second}", 2  # "roll out", "set up", "kick off"
    if second in W.grammar_determiner or second in W.grammar_pronoun or second[:1].isdigit():
        return Clause("instruction", base, base, 0, after, clause_end(tokens))
    if can_be_noun(first) or can_be_adjective(first):
        if _strong(tokens, later.verb()):
            return None  # "Test coverage reaches 85%", "Open source projects adopt ..."
        measure_verb = base in _class_verbs()  # "Increase demos per rep from 5 to 8"
        if not measure_verb and later.verb() is None and _from_to(tokens):
            return None  # "Support tickets per 100 accounts from 13 to 8": a measure moving
    return Clause("instruction", base, base, 0, after, clause_end(tokens))


@cache
def _FUNCTION_WORDS() -> frozenset[str]:  # noqa: N802 - a constant, built on first use
    return (
        W.grammar_determiner
        | W.grammar_pronoun
        | W.grammar_preposition
        | W.grammar_be
        | W.grammar_negation
        | W.grammar_number_word
    )


def _from_to(tokens: Sequence[Token]) -> bool:
    """Whether a number follows "from" and another one "to" later: a change of a measure."""
    for index in range(1, len(tokens) - 1):
        if tokens[index].low == "from" and tokens[index + 1].low[:1].isdigit():
            return any(
                tokens[j].low == "to" and word_at(tokens, j + 1)[:1].isdigit()
                for j in range(index + 2, min(len(tokens), index + 8))
            )
    return False


@cache
def _phrase_openers() -> frozenset[str]:
    return frozenset(phrase[0] for phrase in phrases("upkeep"))


@cache
def _prepositions_before_nouns() -> frozenset[str]:
    return W.grammar_preposition - {"up", "out"}


@cache
def _not_openers() -> frozenset[str]:
    return W.grammar_number_word | W.grammar_negation | {"zero", "half"}


@cache
def _skipped_back() -> frozenset[str]:
    return W.grammar_negation | _ADVERBS


@cache
def _state_openers() -> frozenset[str]:
    return frozenset(phrase[0] for phrase in phrases("state"))


def _strong(tokens: Sequence[Token], found: tuple[int, bool] | None) -> bool:
    """Whether a finite verb that cannot be mistaken for a noun follows the first word."""
    if found is None:
        return False
    if any(t.low in _SUBORDINATORS for t in tokens[1 : found[0]]):
        return False  # "Keep server costs flat as traffic grows": the verb of another clause
    low = tokens[found[0]].low
    return (
        low in W.grammar_be
        or low in W.grammar_aux
        or not can_be_noun(low)
        or verb_base(low) in _class_verbs()
    )


@cache
def _class_verbs() -> frozenset[str]:
    return W.verbs_change | W.verbs_level | W.verbs_upkeep | W.verbs_response | W.verbs_gain


def _starts_object(word: str) -> bool:
    return (
        word in W.grammar_determiner
        or word in W.grammar_pronoun
        or word[:1].isdigit()
        or word in _OBJECT_STARTS
        or word in W.grammar_preposition
    )


def _subject_clause(tokens: Sequence[Token], found: tuple[int, bool] | None) -> Clause:
    """A subject-first statement: its finite verb, or its reported state."""
    if found is None:
        return _report(tokens)
    index, negated = found
    low = tokens[index].low
    if low in W.grammar_be or low in W.grammar_aux:
        nxt = index + 1
        while word_at(tokens, nxt) in W.grammar_negation | W.grammar_be | {"been"}:
            negated = negated or word_at(tokens, nxt) in W.grammar_negation
            nxt += 1
        word = word_at(tokens, nxt)
        base = verb_base(word)
        if base and word not in W.grammar_state_gerund and not _state_at(tokens, nxt):
            mood = "finite" if base == word or low in W.grammar_aux else "passive"
            after = nxt + 1 + (word_at(tokens, nxt + 1) in _PARTICLES)
            return Clause(mood, word, base, nxt, after, clause_end(tokens, nxt), negated)
        return Clause("copula", low, "be", index, index + 1, clause_end(tokens, index), negated)
    base = verb_base(low)
    mood = "finite" if low == base or low.endswith("s") else "report"
    after = index + 1 + (word_at(tokens, index + 1) in _PARTICLES)
    return Clause(mood, low, base, index, after, clause_end(tokens, index), negated)


def _report(tokens: Sequence[Token]) -> Clause:
    """A verbless report: "New website launched", "Audit complete", "App live"."""
    for index in range(1, len(tokens)):
        if tokens[index].low in W.grammar_clause_break:
            break
        if _state_at(tokens, index):
            word = tokens[index].low
            return Clause("report", word, word, index, index + 1, clause_end(tokens, index))
    return Clause("", "", "", 0, 0, clause_end(tokens))


def _state_at(tokens: Sequence[Token], index: int) -> int:
    """The length of a state phrase ("live", "in place") at ``index``, or 0."""
    if word_at(tokens, index) not in _state_openers():
        return 0
    if word_at(tokens, index - 1) in W.grammar_determiner:
        return 0  # "a live drill": describing, not reporting
    for phrase in phrases("state"):
        if tuple(word_at(tokens, index + i) for i in range(len(phrase))) == phrase:
            return len(phrase)
    return 0


def _finite_verb(tokens: Sequence[Token], start: int) -> tuple[int, bool] | None:
    """The index of the first finite verb from ``start`` on, and whether it is negated.

    A verb of a known meaning class (change, level, upkeep, response, gain) is
    preferred to another candidate, since many plural nouns are verb forms as well
    ("tickets", "projects").
    """
    classes = _class_verbs()
    candidates: list[tuple[int, bool]] = []
    negated = False
    # a subject may hold "without", "as" or "when" ("Share of bookings made without a
    # call grows"): only punctuation and a new clause end the search for its verb
    end = next((i for i in range(start, len(tokens)) if tokens[i].low in _HARD_BREAKS), len(tokens))
    negations, be, aux = W.grammar_negation, W.grammar_be, W.grammar_aux
    for index in range(start, end):
        low = tokens[index].low
        if low in negations:
            negated = True
            continue
        if low in be or low in aux:
            nxt = index + 1
            while word_at(tokens, nxt) in negations:
                nxt += 1
            if low in aux and not verb_base(word_at(tokens, nxt)):
                continue
            if word_at(tokens, index - 1) not in W.grammar_determiner:
                return index, negated or word_at(tokens, index + 1) in negations
            continue
        base = verb_base(low)
        if base and _is_finite(tokens, index, base):
            candidates.append((index, negated))
            if base in classes:
                return index, negated
    return candidates[0] if candidates else None


def _is_finite(tokens: Sequence[Token], index: int, base: str) -> bool:
    """Whether a verb-looking word (of verb ``base``) after a subject is its verb."""
    low = tokens[index].low
    back = index - 1
    skipped = _skipped_back()
    while back > 0 and tokens[back].low in skipped:
        back -= 1  # "tickets never exceed", "NPS consistently stays"
    prev = tokens[back] if index else None
    if not base or prev is None or low.endswith("ing") and low != base:
        return False
    before = prev.low
    if before in W.grammar_determiner or before in _prepositions_before_nouns():
        return False  # "the launched module", "for every hire"
    if (before[:1].isdigit() or before in W.grammar_number_word) and base not in _class_verbs():
        return False  # "3 times", "five points"; but "Design 2 reaches": a label
    nxt = word_at(tokens, index + 1)
    if nxt in {"of", "per"}:
        return False  # "rate of", "calls per rep": a noun
    if low != base and low.endswith("s") and not low.endswith("ss"):
        if low in W.nouns_measure:
            return False  # "readmission rates in line", "costs": a measure, not its verb
        # "tickets drop", "sales cycle": a plural noun before its verb; else "reaches"
        return not (
            can_be_noun(low)
            and (verb_base(nxt) or nxt in W.nouns_measure or nxt in W.grammar_negation)
        )
    if low == base:
        # a plural subject before it: "partners rate", "projects adopt", "we ship", also
        # across a phrase: "Finance teams in the pilot sign off"
        if is_plural_noun(tokens[index + 1] if index + 1 < len(tokens) else None):
            return False
        return _plural_subject(tokens, back)
    return not can_be_adjective(low) or nxt in W.grammar_preposition  # "launched", "written"


def _plural_subject(tokens: Sequence[Token], last: int) -> bool:
    """Whether a plural subject ends at ``last``, or before a phrase that ends there.

    "partners rate", "we ship"; "teams in the pilot sign off", "Support tickets about
    winter storage stay": the subject's head stands before the phrase's preposition.
    """
    passed_phrase = False
    for index in range(last, max(-1, last - 7), -1):
        low = tokens[index].low
        if is_plural_noun(tokens[index]) or low in W.grammar_pronoun or low in W.nouns_staff:
            return index == last or passed_phrase
        if low in W.grammar_preposition:
            passed_phrase = True
    return False
