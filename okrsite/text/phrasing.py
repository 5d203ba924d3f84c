"""Small readings shared by the checks: heads of noun phrases and levels in a clause."""

from __future__ import annotations

from collections.abc import Sequence

from .lexicon import W
from .quantities import Statement
from .reading import Token, span, word_at

# Words that say how much of a group, not what the group is: "half of", "all the".
_QUANTIFIERS = frozenset({"half", "all", "most", "none", "every", "each", "some"})


def object_head(tokens: Sequence[Token], after: int, end: int | None = None) -> str:
    """The head noun of what a verb governs: "the returns process" -> "process".

    "the number of webinars we run" -> "webinars": a count names what it counts.
    """
    stop = len(tokens) if end is None else end
    head = ""
    index = after
    while index < min(stop, after + 10):
        low = tokens[index].low
        if low in {"number", "count", "amount"} and word_at(tokens, index + 1) == "of":
            head, index = "", index + 2
            continue
        if low in W.grammar_head_stop or (head and low in W.grammar_pronoun):
            if low == "of" and head in _QUANTIFIERS | {""}:
                index += 1
                continue
            break
        if low in W.grammar_determiner or not low[:1].isalpha():
            if head and low not in W.grammar_determiner:
                break
            index += 1
            continue
        head = low
        index += 1
    return head


def subject_head(tokens: Sequence[Token], verb_at: int) -> str:
    """The head noun of a subject before ``verb_at``: "Test coverage of X" -> "coverage".

    A subject that opens with a share ("80% of the redesign", "Half of new customers")
    is about what follows "of".
    """
    words = [t.low for t in tokens[:verb_at]]
    first_part: list[str] = []
    for low in words:
        if low in W.grammar_preposition:
            break
        first_part.append(low)
    named = [w for w in first_part if w[:1].isalpha() and w not in _QUANTIFIERS]
    named = [w for w in named if w not in W.grammar_determiner and w not in W.grammar_negation]
    if named:
        return named[-1]
    rest = [w for w in words if w[:1].isalpha() and w not in W.grammar_preposition]
    rest = [w for w in rest if w not in W.grammar_determiner and w not in _QUANTIFIERS]
    return rest[-1] if rest else ""


def level_in(text: Statement, start: int, end: int) -> str:
    """A level named between ``start`` and ``end``: a threshold, a benchmark, a level word.

    "above 45", "below the national average", "turnover low", "cash-flow positive",
    "zero critical findings", "4.5 out of 5 or better".
    """
    tokens = text.tokens
    for number in text.numbers:
        if start <= number.start < end and number.metric and number.level:
            lead = number.start - 1
            comparators = W.grammar_level_comparator | {"or", "no", "at"}
            while lead > start and tokens[lead].low in comparators:
                lead -= 1
            return span(tokens, lead + 1, number.end)
    for index in range(start, end):
        low = tokens[index].low
        pair = f"{low}-{word_at(tokens, index + 1)}"
        for state in (f"{pair}-{word_at(tokens, index + 2)}", pair, low):
            if state in W.nouns_level_state:
                return state.replace("-", " ")  # "cash-flow positive", "on budget"
        if low in {"zero", "no"} and any(
            word_at(tokens, j) in W.nouns_defect for j in range(index + 1, min(index + 4, end))
        ):
            return span(tokens, index, index + 4)  # "zero critical findings"
        if low in W.grammar_level_comparator or low in {"on", "line"}:
            for j in range(index + 1, min(index + 5, end)):
                if tokens[j].low in W.nouns_level_bound:
                    modifier = word_at(tokens, j + 1)
                    if modifier.isalpha() and modifier not in W.grammar_head_stop:
                        break  # "at target accounts": a kind of account, not a level
                    return span(tokens, index, j + 1)  # "below the national average"
                if not tokens[j].low[:1].isalnum():
                    break
        if low in W.nouns_level_word or pair in {"under-control", "in-check"}:
            for j in range(max(start, index - 6), min(end, index + 4)):
                if tokens[j].low in W.nouns_measure - W.nouns_loose_measure:
                    word = low if low in W.nouns_level_word else pair.replace("-", " ")
                    return f"{tokens[j].text} {word}"  # "turnover low", "costs in check"
    return ""
