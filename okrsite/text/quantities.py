"""What each number in a statement is doing: a target, a level, or only a name.

A number is a *metric quantity* when it has a unit (``%``, "percent", "points", a
currency sign or code, ``k``/``M``/``bn``, "million", an ``x`` multiplier), follows a
comparator (to, from, by, into, above, below, under, over, at least, within ...), is
followed by "or more"/"+", counts what is added ("3 new markets") or is the object of
a verb ("Reach 10,000 users", "Open 4 centres"). Numbers in words count the same way
("one million readers", "five points"), and so do multipliers ("double", "4-5x",
"by a third", "twice as").

It is *not* a metric when it is a year, a date, a decade, an ordinal, a rank ("top 3",
"#1"), a label ("Tier 1", "ISO 27001", a capitalised name before it), a version
("2.0", "v2"), an identifier mixing letters and digits ("Q3", "24/7"), a timeframe or
duration ("over 3 years", "a 6-month programme"), a scope ("our 12 branches") or a
segment ("enterprises with 5k+ users", "teams of 50 to 500 people").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from .lexicon import W, verb_base
from .reading import Token, is_plural_noun, span, statement_tokens, word_at

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_SUFFIX_RE = re.compile(r"\d+(?:[.,]\d+)*(?:-\d+(?:[.,]\d+)*)?([a-z]+)")
_NUMBER_COMPOUND_RE = re.compile(r"\d+(?:[.,]\d+)*-([a-z][\w-]*)")
_RANGE_RE = re.compile(r"\d+(?:[.,]\d+)*-\d+(?:[.,]\d+)*")
_ISO_DATE_RE = re.compile(r"(?:19|20)\d\d-\d\d(?:-\d\d)?")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_DECADE_RE = re.compile(r"\d*0s")
_WHOLE_VERSION_RE = re.compile(r"\d+\.0")


@dataclass(frozen=True, slots=True)
class Number:
    """One number and what it does in the sentence."""

    start: int  # index of its first token (a currency sign before it counts)
    end: int  # index after its last token (unit words count)
    unit: str  # "", "percent", "points", "money", "scale", "multiplier" or "time"
    metric: bool  # a metric quantity (see the module docstring)
    level: bool  # states a level: "above 45", "60 or more", "a score of 60"
    change: bool  # follows to, from, by, into


@dataclass(frozen=True, slots=True)
class Statement:
    """A tokenised statement with its numbers, indexed by where they start."""

    tokens: list[Token]
    numbers: list[Number]
    by_start: dict[int, Number]

    def metric_within(self, start: int, end: int) -> Number | None:
        """The first metric quantity starting in ``[start, end)``."""
        for index in range(max(start, 0), min(end, len(self.tokens))):
            number = self.by_start.get(index)
            if number is not None and number.metric:
                return number
        return None


@lru_cache(maxsize=1024)
def read(text: str) -> Statement:
    """Tokenise a statement and find its numbers (remembered: Q103 and Q105 share it)."""
    tokens = statement_tokens(text)
    words = _number_starts()
    numbers: list[Number] = []
    index = 0
    count = len(tokens)
    while index < count:
        low = tokens[index].low
        # the cheap test of what _shape accepts, for the many tokens that are words
        if not (
            low[:1].isdecimal() or low in words or ("-" in low and low.partition("-")[0] in words)
        ):
            index += 1
            continue
        number = _number_at(tokens, index, numbers[-1] if numbers else None)
        if number is None:
            index += 1
        else:
            numbers.append(number)
            index = max(number.end, index + 1)
    return Statement(tokens, numbers, {number.start: number for number in numbers})


def _shape(tokens: Sequence[Token], index: int) -> tuple[str, str] | None:
    """What kind of number a token is, as (kind, unit), or None for no number at all.

    Kinds: "plain" (digits), "word" ("four"), "compound" ("90-day", "two-day"),
    "multiplier" ("tenfold", "twice as").
    """
    low = tokens[index].low
    digits = low[:1].isdecimal()
    number_words = W.grammar_number_word
    if digits and (
        _NUMBER_RE.fullmatch(low) or (_RANGE_RE.fullmatch(low) and not _ISO_DATE_RE.fullmatch(low))
    ):
        return "plain", ""
    if digits and (match := _NUMBER_SUFFIX_RE.fullmatch(low)):
        suffix = match.group(1)
        if low in {"4k", "8k"} and not is_plural_noun(_at(tokens, index + 1)):
            return None  # a screen resolution, not four thousand
        if suffix in W.grammar_scale_suffix:
            return "plain", "scale"
        if suffix == "x":
            return "plain", "multiplier"
        if suffix in W.grammar_time_suffix and not _DECADE_RE.fullmatch(low):
            return "plain", "time"
        return None  # 1st, the 1970s, 3G, 4K: ordinals, decades and identifiers
    if digits and (match := _NUMBER_COMPOUND_RE.fullmatch(low)):
        return ("plain", "multiplier") if match.group(1) in {"fold", "x"} else ("compound", "")
    if low == "one":
        # "one" mostly sits in qualitative phrases ("one team"); "one million" counts
        return ("word", "") if word_at(tokens, index + 1) in number_words else None
    if low in number_words:
        return "word", ""
    head, dash, rest = low.partition("-")
    if dash and head in number_words:
        if rest in W.grammar_currency:
            return "word", "money"  # "a billion-dollar company"
        return ("word", "") if rest in number_words | {"one", "five"} else ("compound", "")
    if low in W.grammar_multiplier_word or (
        low == "twice" and word_at(tokens, index + 1) in {"as", "the", "our", "its", "their"}
    ):
        return "multiplier", "multiplier"
    return None


def _at(tokens: Sequence[Token], index: int) -> Token | None:
    return tokens[index] if 0 <= index < len(tokens) else None


def _number_at(tokens: Sequence[Token], index: int, previous: Number | None) -> Number | None:
    """The number starting at ``index`` with its unit and role, or None."""
    shape = _shape(tokens, index)
    if shape is None:
        return None
    kind, unit = shape
    if kind == "multiplier":
        return Number(index, index + 1, unit, True, False, False)
    low = tokens[index].low

    # the unit around it: "15%", "four percentage points", "2 million USD", "$300", "3x"
    end = index + 1
    nxt = word_at(tokens, end)
    while nxt in W.grammar_number_word and kind == "word":
        end, nxt = end + 1, word_at(tokens, end + 1)  # "three hundred thousand"
    if nxt == "%" or nxt in W.grammar_percent_word:
        unit, end = "percent", end + 1
        if word_at(tokens, end) in W.grammar_point_word:
            end += 1
    elif nxt == "per" and word_at(tokens, end + 1) == "cent":
        unit, end = "percent", end + 2
    elif nxt in W.grammar_point_word:
        unit, end = "points", end + 1
    elif nxt in W.grammar_short_time and not unit:
        unit, end = "time", end + 1  # "10 hours a week", "under 30 minutes"
    elif nxt in W.grammar_scale_word and not unit:
        unit, end = "scale", end + 1
        nxt = word_at(tokens, end)
    if word_at(tokens, end) in W.grammar_currency:
        unit, end = "money", end + 1
    if nxt in {"x", "×"} or (
        nxt == "times" and word_at(tokens, end + 1) in W.grammar_comparative | {"as", "the"}
    ):
        unit, end = "multiplier", end + 1
    prev = index - 1
    if word_at(tokens, prev) in W.grammar_currency:
        unit, prev = "money", prev - 1
    start = prev + 1
    before, before2, after = word_at(tokens, prev), word_at(tokens, prev - 1), word_at(tokens, end)

    def inert() -> Number:
        return Number(start, end, unit, False, False, False)

    # numbers that name rather than measure
    if kind == "plain" and not unit:
        if _YEAR_RE.fullmatch(low) and (
            before in W.grammar_year_before or not is_plural_noun(_at(tokens, end))
        ):
            return inert()  # a year
        if after in W.grammar_month or before in W.grammar_month:
            return inert()  # a date
        if low.count(".") >= 2 or before in {"v", "version", "release"}:
            return inert()  # a version
        if _WHOLE_VERSION_RE.fullmatch(low) and before not in W.grammar_comparator:
            return inert()  # "Payments 2.0"
    if before in W.grammar_rank_before or (before == "." and before2 == "no"):
        return inert()  # a rank: top 3, #1, No. 1
    if not unit and (
        before in W.grammar_label
        or (
            prev > 0
            and tokens[prev].text[:1].isupper()
            and before not in W.grammar_comparator
            and not verb_base(before)
            and before not in W.nouns_measure
        )
    ):
        return inert()  # a label: Year 9, Tier 1, ISO 27001
    if not unit and after in W.grammar_period and before in W.grammar_timeframe_before:
        return inert()  # a timeframe: over 3 years, in 2 weeks
    if _segment(tokens, prev, unit, previous):
        return inert()  # a segment: "enterprises with 5k+ users", "teams of 50 to 500"

    change = before in W.grammar_change_comparator or (before == "and" and not verb_base(before2))
    level = (
        before in W.grammar_level_comparator
        or (before == "in" and unit == "time")  # "answered in 20 seconds"
        or (after == "or" and word_at(tokens, end + 1) in W.grammar_or_threshold)
        or after in {"+", "plus"}
        or (after == "and" and word_at(tokens, end + 1) in {"above", "over", "up", "below"})
        or (before == "of" and before2 in W.nouns_measure)  # "a score of 60"
    )
    compared = change or level or before in W.grammar_comparator
    # "4 weeks of stock", "18 months of runway": a level of cover, not a duration
    cover = (
        after in W.grammar_period
        and word_at(tokens, end + 1) == "of"
        and any(word_at(tokens, j) in W.nouns_measure for j in range(end + 2, end + 5))
    )
    if not unit and after in W.grammar_period and not (compared or cover):
        return inert()  # a duration: "celebrate 50 years"
    if after in W.grammar_added_count_after and before not in W.grammar_scope_determiner:
        compared = True  # a count to add: "in 3 new markets", "1,500 more patients"
    governed = _follows_verb(tokens, prev)

    if kind == "compound":
        # a descriptor ("90-day retention"), unless a verb governs it and it describes a
        # measure: "Sustain a 4-hour turnaround"
        verb_at = prev
        while verb_at > 0 and word_at(tokens, verb_at) in W.grammar_determiner:
            verb_at -= 1
        describes = any(word_at(tokens, j) in W.nouns_measure for j in range(end, end + 3))
        governs = verb_base(word_at(tokens, verb_at)) in _result_verbs()
        return Number(start, end, unit, governs and describes, False, False)
    if kind == "word" and not unit and not (compared or governed):
        return inert()
    if not unit and before in W.grammar_scope_before and not compared:
        return inert()  # scope: our 12 branches, for 100 clinics
    if unit and unit != "time":
        return Number(start, end, unit, True, level, change)
    if governed and verb_base(before) in W.verbs_upkeep and not cover:
        governed = after in W.nouns_measure  # "Keep 3 promises" sets no target
    metric = compared or governed or cover or after in W.grammar_comparative or unit == "time"
    return Number(start, end, unit, metric, level, change)


@cache
def _number_starts() -> frozenset[str]:
    return W.grammar_number_word | W.grammar_multiplier_word | {"twice"}


@cache
def _result_verbs() -> frozenset[str]:
    return W.verbs_upkeep | W.verbs_change | W.verbs_level | W.verbs_gain


def _segment(tokens: Sequence[Token], prev: int, unit: str, previous: Number | None) -> bool:
    """Whether a number defines whom a statement is about rather than a target.

    "enterprises with 5k+ users", "agencies with 10-50 staff", "teams of 50 to 500
    people": the number follows "with"/"having", or "of" after people, and so does the
    second end of such a range.
    """
    if unit in {"percent", "points", "multiplier"}:
        return False  # "with 95% accuracy" is a level to reach
    before, before2 = word_at(tokens, prev), word_at(tokens, prev - 1)
    if before in {"with", "having"}:
        return not verb_base(before2) or before2 in W.nouns_population
    if before == "of" and before2 in W.nouns_population:
        return True
    if before in {"to", "and"} and previous is not None and not previous.metric:
        return previous.end == prev and word_at(tokens, previous.start - 1) in {
            "with",
            "having",
            "of",
        }
    return False


def _follows_verb(tokens: Sequence[Token], prev: int) -> bool:
    """Whether a number is the object of a verb: "Reach 10,000", "Hire our first 10"."""
    index = prev
    while index >= 0 and tokens[index].low in W.grammar_intro_adverb:
        index -= 1
    if index >= 0 and tokens[index].low in {"first", "next"}:
        index -= 1
        if index >= 0 and tokens[index].low in {"our", "the", "their", "its"}:
            index -= 1
    if index < 0:
        return False
    low = tokens[index].low
    if verb_base(low) and low not in W.grammar_be and low not in W.grammar_preposition:
        return True
    return index == 0 == prev and low.isalpha()  # an unknown verb: "Plant 10,000 trees"


def multiplier_in_words(tokens: Sequence[Token]) -> str:
    """A multiplier said in words: "Double revenue", "cut it in half", "by a third"."""
    for index, token in enumerate(tokens):
        low, prev = token.low, word_at(tokens, index - 1)
        if verb_base(low) in W.grammar_multiplier_verb:
            if word_at(tokens, index + 1) in {"down", "up", "check", "as", "shift", "shifts"}:
                continue  # "double down", "double-check"
            if prev in W.grammar_determiner:
                continue  # "a double shift"
            return token.text
        if low in W.grammar_fraction_word and (
            prev in {"in", "by"} or (prev in {"a", "one"} and word_at(tokens, index - 2) == "by")
        ):
            if low == "quarter" and prev == "in":
                continue  # "in quarter 3"
            return span(tokens, index - 2 if prev in {"a", "one"} else index - 1, index + 1)
    return ""
