"""Q104 key-result-is-a-task: the key result names work, not a measured outcome.

SPEC section 7: a key result is a task when it names the team's own activity or
deliverable, also as a finished state ("Pricing page is live"), as a count of the
team's own activity ("Hold 10 customer interviews", "Grow sales calls per rep from 20
to 35 a week") or as the share of it done ("80 % of the redesign finished"). It is an
outcome when it measures a change the work should cause in customers, users, money,
speed or quality.

The decision follows the main clause (:mod:`okrsite.text.structure`):

* an instruction fires unless its verb moves, reaches or wins a measure that is not
  the team's own activity ("Reduce churn", "Sign 12 customers", but "Double the number
  of demos each AE gives"), states a service level ("Resolve 90% of tickets within a
  day"), or a measured result follows ("Launch X and reach 1,000 sign-ups");
* a subject with a verb fires when the subject is the team's own people doing work
  ("100 % of managers take the course") or the team's own output ("Customer calls per
  rep grow"); people outside the team or a measure make it an outcome;
* a report of finished work fires ("Billing export is added to the admin panel", "New
  website launched", "SOC 2 audit complete") unless what it reports is a measure.

Aligned key results never fire: their score comes from another objective.
"""

from __future__ import annotations

from .judgement import QUIET, Judgement
from .lexicon import W, verb_base
from .phrasing import object_head, subject_head
from .quantities import Statement
from .reading import span, word_at
from .structure import Clause, parse


def is_task(title: str, kind: str, has_unit: bool, has_kpi: bool) -> Judgement:
    """Judge whether a key result names an activity or an output, not an outcome (Q104).

    Args:
        title: the key result title, possibly with inline Markdown.
        kind: ``"numeric"``, ``"milestone"`` or ``"aligned"``; aligned key results
            never fire because their score comes from another objective.
        has_unit: whether the key result declares a unit. Accepted for the lint rule's
            sake but not used: a unit counts blog posts as readily as percentages.
        has_kpi: whether the key result is linked to a KPI; for a report of a state
            ("Module live in the app") the link counts as a measure.

    Returns:
        A firing judgement saying, in the title's words, which activity or
        deliverable it names; a quiet one for measured outcomes and whenever the title
        is not plainly work.
    """
    if kind == "aligned":
        return QUIET
    text, clause = parse(title)
    if not text.tokens:
        return QUIET
    if clause.mood != "instruction" and text.tokens[0].low in {"zero", "no"}:
        return QUIET  # "Zero critical vulnerabilities in production": a quality level
    if clause.mood == "instruction":
        return _instruction(text, clause, kind)
    if clause.mood == "finite":
        return _subject_acts(text, clause)
    if clause.mood in {"passive", "report", "copula"} and not has_kpi:
        return _reported(text, clause)
    return QUIET


def _own_work(head: str) -> bool:
    return head in W.nouns_activity or head in W.nouns_input


def _instruction(text: Statement, clause: Clause, kind: str) -> Judgement:
    tokens, base, after = text.tokens, clause.base, clause.after
    shown = span(tokens, 0, after)
    said = shown[:1].upper() + shown[1:]
    head = object_head(tokens, after)
    if " " in base and base.split()[-1] in {"sure", "line", "let", "than", "most"}:
        return QUIET  # "make sure", "no more than ...": a level, not work
    if base in W.verbs_upkeep:
        if _own_work(head) and _counted(text, after):
            what = _named(text, after, head)
            return Judgement(True, f"'{said} {what}' counts the team's own output, not its effect")
        if head in W.nouns_measure or text.metric_within(after, len(tokens)):
            return QUIET  # "Keep churn below 3%", "Maintain 99.95% uptime"
        if kind == "milestone":
            return Judgement(True, f"'{said}' keeps work going with nothing measured")
        return QUIET
    if base in W.verbs_improve and base not in W.verbs_change - W.verbs_improve:
        if head in W.nouns_measure or _measured_after(text, after):
            return QUIET
        return Judgement(True, f"'{said}' names work on '{head or 'something'}', not a measure")
    if base in W.verbs_acquire:
        counted = text.metric_within(after, after + 4) is not None
        if head in W.nouns_measure or head in W.nouns_population:
            return QUIET  # "Add 500 paying customers", "Get the crash-free rate above ..."
        if counted and head not in W.nouns_activity:
            return QUIET
        return Judgement(True, f"'{said}' adds a thing ('{head}') the team makes")
    if base in W.verbs_service and _service_level(text, after):
        return QUIET  # "Deliver 98% of orders within the promised window"
    if base in W.verbs_change | W.verbs_level | W.verbs_gain:
        if _own_work(head):
            what = _named(text, after, head)
            return Judgement(
                True, f"'{said} {what}' counts the team's own activity, not its effect"
            )
        return QUIET
    if _measured_after(text, after):
        return QUIET
    if _counted(text, after):
        what = _named(text, after, head)
        return Judgement(True, f"'{said} {what}' counts the team's own output, not its effect")
    return Judgement(
        True, f"'{said}' names an activity of the team; say which measure should change"
    )


def _named(text: Statement, after: int, head: str) -> str:
    """The object up to its head noun: "customer calls", "the number of webinars"."""
    tokens = text.tokens
    for index in range(after, min(len(tokens), after + 10)):
        if tokens[index].low == head:
            return span(tokens, after, index + 1)
    return span(tokens, after, min(len(tokens), after + 3))


def _counted(text: Statement, after: int) -> bool:
    nxt = word_at(text.tokens, after)
    return nxt[:1].isdigit() or nxt in W.grammar_number_word


def _service_level(text: Statement, after: int) -> bool:
    """A rate or a time limit after a service verb: "98% of parcels on the promised day"."""
    for number in text.numbers:
        limited = number.unit in {"percent", "time"} or number.level
        if number.start >= after and number.metric and limited:
            return True
    words = [token.low for token in text.tokens[after:]]
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    return bool({"on-time", "same-day"} & set(words) or {"on time", "same day"} & pairs)


def _measured_after(text: Statement, after: int) -> bool:
    """After a work verb, a measured result: a change of a measure, a level, a result verb."""
    tokens = text.tokens
    moves = W.verbs_change | W.verbs_level | W.verbs_gain | W.verbs_acquire
    for index in range(after + 1, len(tokens)):
        low = tokens[index].low
        result = verb_base(low) in moves and not low.endswith("ed") and index > after + 1
        if result and text.metric_within(index + 1, index + 7) is not None:
            return True  # "... and reach 1,000 sign-ups"
        if low in {"zero", "no"} and any(
            word_at(tokens, j) in W.nouns_defect for j in range(index + 1, index + 4)
        ):
            return True  # "Run payroll with zero errors"
    for number in text.numbers:
        if number.start < after or not number.metric:
            continue
        moved = number.change and number.unit in {"percent", "money", "scale", "multiplier"}
        near = tokens[max(after, number.start - 5) : number.start]
        if (moved or number.level) and any(t.low in W.nouns_measure for t in near):
            return True  # "... with conversion above 3%"
    return False


def _subject_acts(text: Statement, clause: Clause) -> Judgement:
    tokens, base = text.tokens, clause.base
    head = subject_head(tokens, clause.at)
    said = span(tokens, 0, clause.after)
    if base == "exist":
        if head in W.nouns_measure:
            return QUIET
        return Judgement(True, f"'{said}' reports a deliverable that now exists")
    if head in W.nouns_population - W.nouns_staff:
        return QUIET  # people outside the team act: an effect of the work
    if head in W.nouns_staff and head not in W.nouns_population | {"teams"}:
        if base in W.verbs_verdict or _service_level(text, clause.after):
            return QUIET  # "Hiring managers rate candidate quality", "Analysts answer 70% of"
        return Judgement(True, f"'{said}' counts what the team itself does")
    if head in W.nouns_staff and base in {"complete", "finish", "take", "attend", "write"}:
        return Judgement(True, f"'{said}' counts what the team itself does")
    if head in W.nouns_activity and head not in W.nouns_measure and base not in W.verbs_gain:
        after = tokens[clause.after : clause.end]
        measured = any(t.low in W.nouns_measure or t.low == "%" for t in after)
        if base in W.verbs_change | W.verbs_level and not any(
            t.low in W.nouns_measure for t in after
        ):
            return Judgement(True, f"'{said}' counts the team's own output")
        if not measured and base not in W.verbs_change | W.verbs_level:
            return Judgement(True, f"'{said}' counts the team's own output")
    return QUIET


def _reported(text: Statement, clause: Clause) -> Judgement:
    """A passive, a report or a copula: finished work unless a measure is reported."""
    tokens = text.tokens
    head = subject_head(tokens, clause.at)
    if any(number.level for number in text.numbers):
        return QUIET  # "Patients are seen within 10 minutes": a level of service
    if head in W.nouns_measure and any(number.change for number in text.numbers):
        return QUIET  # "Share of bookings made online from 35% to 60%": a measure moves
    if clause.mood == "copula":
        if head in W.nouns_measure and head not in W.nouns_loose_measure:
            return QUIET  # "Churn is below 2%"
        complement = {t.low for t in tokens[clause.after : clause.end]}
        done = complement & {"live", "complete", "completed", "done", "finished", "ready"}
        if not done and "in" not in complement:
            return QUIET
        shown = " ".join(t.text for t in tokens[clause.at : clause.end])
        return Judgement(True, f"'{shown}' reports finished work rather than its effect")
    if clause.base in W.verbs_gain | W.verbs_change | W.verbs_level and (
        head in W.nouns_population or head in W.nouns_measure
    ):
        return QUIET  # "12 new customers signed", "Test coverage improved to 85%"
    shown = tokens[clause.at].text
    return Judgement(True, f"'{shown}' reports finished work rather than its effect")
