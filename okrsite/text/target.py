"""Q105 objective-is-a-number: the objective carries the metric or its target.

SPEC section 7: any stated target counts: numbers, percentages, money, multipliers and
their words ("double", "halve", "2x", "4-5x", "by a third") and numbers written as
words ("one million readers"). Years, dates, quarters, versions, ranks, tiers, "24/7",
durations that name a thing and numbers that define a segment are not targets (see
:mod:`okrsite.text.quantities`).
"""

from __future__ import annotations

from collections.abc import Sequence

from .judgement import QUIET, Judgement
from .lexicon import W, verb_base
from .quantities import Number, multiplier_in_words, read
from .reading import Token, span, word_at


def is_a_number(statement: str) -> Judgement:
    """Judge whether an objective carries its own metric target (check Q105).

    Args:
        statement: the objective statement, possibly with inline Markdown.

    Returns:
        A firing judgement quoting the first target ("a metric target '10,000
        users'", "a multiplier target in words 'double'"); a quiet one otherwise.
    """
    text = read(statement)
    for number in text.numbers:
        if number.metric:
            if number.unit == "multiplier":
                shown = span(text.tokens, number.start, number.end)
                return Judgement(True, f"a multiplier target '{shown}'")
            return Judgement(True, f"a metric target '{_quoted(text.tokens, number)}'")
    multiplier = multiplier_in_words(text.tokens)
    if multiplier:
        return Judgement(True, f"a multiplier target in words '{multiplier.lower()}'")
    return QUIET


def _quoted(tokens: Sequence[Token], number: Number) -> str:
    """The number with its comparator and the noun it counts: "to $5M", "10,000 users"."""
    start = number.start
    if word_at(tokens, start - 1) in W.grammar_comparator:
        start -= 1
        if word_at(tokens, start - 1) in {"at", "no", "more", "less", "fewer"}:
            start -= 1
    end = number.end
    if word_at(tokens, end) == "or" and word_at(tokens, end + 1) in W.grammar_or_threshold:
        end += 2
    nxt = word_at(tokens, end)
    if nxt.isalpha() and nxt not in W.grammar_head_stop and not verb_base(nxt):
        end += 1
    return span(tokens, start, end)
