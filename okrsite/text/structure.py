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
from functools import cache

from .lexicon import can_be_adjective, can_be_noun, grammar, noun, phrases, verb, verb_base
from .reading import Token, is_plural_noun, word_at

_PARTICLES = frozenset({"out", "up", "off", "down", "in", "over"})
# What follows an instruction's verb: its object or an adverbial, never its own verb.
_OBJECT_STARTS = frozenset({"more", "less", "fewer", "at", "another", "further", "only"})
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
    breaks = grammar("clause_break")
    for index in range(start + 1, len(tokens)):
        low = tokens[index].low
        if low in breaks:
            return index
        if low in {"by", "through"} and word_at(tokens, index + 1).endswith("ing"):
            return index  # "... by fixing onboarding"
    return len(tokens)


def main_clause(tokens: Sequence[Token]) -> Clause:
    """The main clause of a statement (see the module docstring)."""
    if not tokens:
        return Clause("", "", "", 0, 0, 0)
    for phrase in phrases("upkeep"):
        if tuple(t.low for t in tokens[: len(phrase)]) == phrase:
            text = " ".join(phrase)
            return Clause("instruction", text, text, 0, len(phrase), clause_end(tokens))
    opening = _instruction(tokens)
    if opening is not None:
        return opening
    return _subject_clause(tokens)


def _instruction(tokens: Sequence[Token]) -> Clause | None:
    first, second = tokens[0].low, word_at(tokens, 1)
    head, dash, tail = first.partition("-")
    if dash and tail in _PARTICLES and verb_base(head) == head and _starts_object(second):
        base = f"{head} {tail}"  # "roll-out the new pricing"
        return Clause("instruction", base, base, 0, 1, clause_end(tokens))
    if dash or not first.isalpha() or (tokens[0].text.isupper() and len(first) > 1):
        return None  # "Launch-day conversion", "3 blog posts", "SOC 2 audit"
    if first in grammar("number_word") | grammar("negation") | {"zero", "half"}:
        return None  # "Zero critical vulnerabilities", "Half of new customers ..."
    if second == "to" and can_be_noun(first):
        return None  # "Time to restore service", "Cost to serve"
    if second in grammar("level_comparator") and first in noun("measure"):
        return None  # "Churn under 2% monthly"
    if first in _FUNCTION_WORDS():
        return None  # "The first 3 partners run ...", "Every squad writes ..."
    base = verb_base(first)
    if not base:
        # an unknown word used as an instruction: "Rollout the new playbook"
        if second in grammar("determiner") and not can_be_noun(first):
            return Clause("instruction", first, first, 0, 1, clause_end(tokens))
        return None
    if base != first:
        return None  # "Published articles ...", "Onboarding rate ...": not an instruction
    if first in grammar("be") or first in grammar("aux") and second not in {"a", "an", "the"}:
        return None
    after = 1
    if second in _PARTICLES and second != "in":
        base, after = f"{first} {second}", 2  # "roll out", "set up", "kick off"
    if second in grammar("determiner") or second in grammar("pronoun") or second[:1].isdigit():
        return Clause("instruction", base, base, 0, after, clause_end(tokens))
    if can_be_noun(first) or can_be_adjective(first):
        if _strong_verb_later(tokens):
            return None  # "Test coverage reaches 85%", "Open source projects adopt ..."
        measure_verb = base in _class_verbs()  # "Increase demos per rep from 5 to 8"
        if not measure_verb and _from_to(tokens) and _finite_verb(tokens, 1) is None:
            return None  # "Support tickets per 100 accounts from 13 to 8": a measure moving
    return Clause("instruction", base, base, 0, after, clause_end(tokens))


@cache
def _FUNCTION_WORDS() -> frozenset[str]:  # noqa: N802 - a constant, built on first use
    return (
        grammar("determiner")
        | grammar("pronoun")
        | grammar("preposition")
        | grammar("be")
        | grammar("negation")
        | grammar("number_word")
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
def _state_openers() -> frozenset[str]:
    return frozenset(phrase[0] for phrase in phrases("state"))


def _strong_verb_later(tokens: Sequence[Token]) -> bool:
    """Whether a finite verb that cannot be mistaken for a noun follows the first word."""
    found = _finite_verb(tokens, 1)
    if found is None:
        return False
    low = tokens[found[0]].low
    return (
        low in grammar("be")
        or low in grammar("aux")
        or not can_be_noun(low)
        or verb_base(low) in _class_verbs()
    )


@cache
def _class_verbs() -> frozenset[str]:
    return verb("change") | verb("level") | verb("upkeep") | verb("response") | verb("gain")


def _starts_object(word: str) -> bool:
    return (
        word in grammar("determiner")
        or word in grammar("pronoun")
        or word[:1].isdigit()
        or word in _OBJECT_STARTS
        or word in grammar("preposition")
    )


def _subject_clause(tokens: Sequence[Token]) -> Clause:
    """A subject-first statement: find its finite verb, or its reported state."""
    found = _finite_verb(tokens, 1)
    if found is None:
        return _report(tokens)
    index, negated = found
    low = tokens[index].low
    if low in grammar("be") or low in grammar("aux"):
        nxt = index + 1
        while word_at(tokens, nxt) in grammar("negation") | grammar("be") | {"been"}:
            negated = negated or word_at(tokens, nxt) in grammar("negation")
            nxt += 1
        word = word_at(tokens, nxt)
        base = verb_base(word)
        if base and word not in grammar("state_gerund") and not _state_at(tokens, nxt):
            mood = "finite" if base == word or low in grammar("aux") else "passive"
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
        if tokens[index].low in grammar("clause_break"):
            break
        if _state_at(tokens, index):
            word = tokens[index].low
            return Clause("report", word, word, index, index + 1, clause_end(tokens, index))
    return Clause("", "", "", 0, 0, clause_end(tokens))


def _state_at(tokens: Sequence[Token], index: int) -> int:
    """The length of a state phrase ("live", "in place") at ``index``, or 0."""
    if word_at(tokens, index) not in _state_openers():
        return 0
    if word_at(tokens, index - 1) in grammar("determiner"):
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
    for index in range(start, end):
        low = tokens[index].low
        if low in grammar("negation"):
            negated = True
            continue
        nxt = index + 1
        while word_at(tokens, nxt) in grammar("negation"):
            nxt += 1
        if low in grammar("be") or (low in grammar("aux") and verb_base(word_at(tokens, nxt))):
            if word_at(tokens, index - 1) not in grammar("determiner"):
                return index, negated or word_at(tokens, index + 1) in grammar("negation")
            continue
        if _is_finite(tokens, index):
            candidates.append((index, negated))
            if verb_base(low) in classes:
                return index, negated
    return candidates[0] if candidates else None


def _is_finite(tokens: Sequence[Token], index: int) -> bool:
    """Whether a verb-looking word after a subject is its verb, not part of a noun."""
    low = tokens[index].low
    base = verb_base(low)
    back = index - 1
    while back > 0 and tokens[back].low in grammar("negation") | _ADVERBS:
        back -= 1  # "tickets never exceed", "NPS consistently stays"
    prev = tokens[back] if index else None
    if not base or prev is None or low.endswith("ing") and low != base:
        return False
    before = prev.low
    if before in grammar("determiner") or before in grammar("preposition") - {"up", "out"}:
        return False  # "the launched module", "for every hire"
    if (before[:1].isdigit() or before in grammar("number_word")) and base not in _class_verbs():
        return False  # "3 times", "five points"; but "Design 2 reaches": a label
    nxt = word_at(tokens, index + 1)
    if nxt in {"of", "per"}:
        return False  # "rate of", "calls per rep": a noun
    if low != base and low.endswith("s") and not low.endswith("ss"):
        if low in noun("measure"):
            return False  # "readmission rates in line", "costs": a measure, not its verb
        # "tickets drop", "sales cycle": a plural noun before its verb; else "reaches"
        return not (
            can_be_noun(low)
            and (verb_base(nxt) or nxt in noun("measure") or nxt in grammar("negation"))
        )
    if low == base:
        # a plural subject before it: "partners rate", "projects adopt", "we ship"
        return (
            is_plural_noun(prev) or before in grammar("pronoun") or before in noun("staff")
        ) and not is_plural_noun(tokens[index + 1] if index + 1 < len(tokens) else None)
    return not can_be_adjective(low) or nxt in grammar("preposition")  # "launched", "written"
