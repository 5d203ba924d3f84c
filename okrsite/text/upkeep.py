"""Q103 objective-reads-like-kpi: the objective keeps a state where it is.

SPEC section 7: upkeep of a state, with or without a number. It fires when the main
clause holds something where it is:

* an instruction whose verb keeps a state ("Maintain NPS above 45", "Keep the lights
  on", "Protect our margins while we grow", "Hold the line on costs", "Don't let
  quality slip");
* a subject whose verb stays put, or must not move ("Uptime stays at 99.95 %",
  "Quality must not slip while we double the team", "Backlog never exceeds 200");
* "make sure" or "ensure" with something that must not happen or must stay ("Make sure
  nothing slips in payroll accuracy"), but not with a change people should feel ("Make
  sure enterprise buyers see the value");
* a cap or a level with no verb at all ("No more than 2 P1 incidents a month", "Zero
  lost-time accidents", "99.9% availability every month").

A change that goes on is not upkeep: "Keep improving build speed", "Keep customers
coming back because they love the product", "Continue to grow revenue". Nor is an
upkeep verb on the side: "Grow revenue while keeping churn low".
"""

from __future__ import annotations

from .judgement import QUIET, Judgement
from .lexicon import W, phrases, verb_base
from .phrasing import level_in, object_head
from .quantities import Statement
from .reading import span, word_at
from .structure import Clause, parse

_ENSURE = frozenset({"make sure", "ensure", "guarantee"})
_CAPS = frozenset({"no more than", "not more than", "fewer than", "at most", "no fewer than"})


def reads_like_kpi(statement: str) -> Judgement:
    """Judge whether an objective is upkeep of a state, i.e. a KPI (check Q103).

    Args:
        statement: the objective statement, possibly with inline Markdown.

    Returns:
        A firing judgement quoting the words that hold the state ("'maintain' keeps
        'NPS' at the level 'above 45'"); a quiet one for a change.
    """
    text, clause = parse(statement)
    tokens = text.tokens
    if not tokens:
        return QUIET
    if clause.mood == "instruction":
        return _instruction(text, clause)
    if clause.mood in {"finite", "passive", "report"}:
        return _subject_holds(text, clause)
    if clause.mood in {"copula", ""}:
        return _standing_level(text, clause)
    return QUIET


def _instruction(text: Statement, clause: Clause) -> Judgement:
    tokens, base, after, end = text.tokens, clause.base, clause.after, clause.end
    said = span(tokens, 0, after)
    if base in _CAPS:
        return Judgement(True, f"'{span(tokens, 0, min(end, after + 5))}' caps a level")
    if base in _ENSURE:
        rest = {t.low for t in tokens[after:end]}
        guarded = rest & (W.grammar_negation | {"n't"}) or any(
            verb_base(word) in W.verbs_upkeep for word in rest
        )
        level = level_in(text, after, end)
        if guarded or level:
            return Judgement(True, f"'{said}' guards what is already there")
        return QUIET  # "Make sure enterprise buyers see the value": a change
    if base not in W.verbs_upkeep and tuple(base.split()) not in phrases("upkeep"):
        return QUIET  # phrases ("hold the line", "don't let") are upkeep as a whole
    level = level_in(text, after, end)
    if not level and _goes_on_changing(text, clause):
        return QUIET
    held = object_head(tokens, after, end)
    if level:
        return Judgement(True, f"upkeep verb '{said.lower()}' with the level '{level}'")
    what = span(tokens, after, end) if after < end else ""
    if what:
        return Judgement(True, f"upkeep verb '{said.lower()}' holds '{what}' where it is")
    return Judgement(True, f"upkeep verb '{said.lower()}'{' on ' + held if held else ''}")


def _goes_on_changing(text: Statement, clause: Clause) -> bool:
    """Whether an upkeep verb carries a change: "Keep improving", "Continue to grow"."""
    tokens, after, end = text.tokens, clause.after, clause.end
    first = word_at(tokens, after)
    if clause.base in {"remain", "stay"}:
        # "Remain a family company", "Stay curious": who we are; "Stay profitable",
        # "Stay within budget", "Stay above 95%": a level
        held = first in W.nouns_level_state | W.nouns_level_word | W.grammar_comparator
        return not (held or level_in(text, after, end)) or first in {"a", "an", "the"}
    if first == "to" and verb_base(word_at(tokens, after + 1)) in (
        W.verbs_change | W.verbs_level | W.verbs_gain
    ):
        return True  # "Continue to grow revenue"
    if first.endswith("ing") and (
        verb_base(first) in W.verbs_continuation
        or word_at(tokens, after + 1) in W.grammar_comparative
    ):
        return True  # "Keep improving", "Keep getting faster"
    for index in range(after, len(tokens)):
        if tokens[index].low == "by" and word_at(tokens, index + 1).endswith("ing"):
            return True  # "... by winning our first bank": the means is the change
    for index in range(after, end):
        low = tokens[index].low
        if (
            low.endswith("ing")
            and verb_base(low)
            and low not in W.grammar_state_gerund
            and any(t.low in W.nouns_population | W.nouns_staff for t in tokens[after:index])
        ):
            return True  # "Keep customers coming back": people's behaviour
    if clause.base in {"protect", "defend", "safeguard"}:
        return object_head(tokens, after, end) in W.nouns_population  # "Protect customers from"
    if clause.base in {"hold", "keep"}:
        # "Hold a festival", "Keep 3 promises": an event or a count, not a level
        nxt = word_at(tokens, after)
        head = object_head(tokens, after, end)
        counted = nxt[:1].isdigit() or nxt in {"a", "an"} | W.grammar_number_word
        share = text.by_start.get(after)
        if share is not None and share.unit == "percent":
            return False  # "Keep 95% of trains on time": a level
        return (counted and head not in W.nouns_measure) or head in W.nouns_activity
    return False


def _subject_holds(text: Statement, clause: Clause) -> Judgement:
    tokens = text.tokens
    said = span(tokens, 0, clause.after)
    if clause.base in W.verbs_upkeep and clause.base not in {"avoid"}:
        return Judgement(True, f"'{said}' says a state stays where it is")
    moves = W.verbs_change | W.verbs_level
    if clause.negated and clause.base in moves:
        return Judgement(True, f"'{said}' guards a level against moving")
    return QUIET


def _standing_level(text: Statement, clause: Clause) -> Judgement:
    """Without a verb of change: a metric at a level ("NPS at or above 40 all year")."""
    tokens = text.tokens
    end = clause.end
    if word_at(tokens, 0) in {"be", "become"}:
        return QUIET  # "Be profitable by Q4": a state to reach
    if word_at(tokens, 0) in {"zero", "no"}:
        return Judgement(True, f"'{span(tokens, 0, min(end, 5))}' keeps a count at nought")
    level = level_in(text, 0, end)
    if level:
        return Judgement(True, f"a metric held at a level: '{level}'")
    for number in text.numbers:
        if number.start >= end or not number.metric or number.change:
            continue
        if number.unit == "multiplier":
            continue  # "10x sign-ups" is a change, not a level
        beside = {word_at(tokens, number.end), word_at(tokens, number.start - 1)}
        if beside & W.nouns_measure:
            return Judgement(
                True, f"a metric held at a level: '{span(tokens, number.start, number.end + 1)}'"
            )
    return QUIET
