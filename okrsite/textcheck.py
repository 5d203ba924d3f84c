"""Text judgement behind the quality checks Q103, Q104 and Q105 (SPEC section 7).

Pure functions without dependencies: a statement in, a :class:`Judgement` out. The
rules in :mod:`okrsite.lint` turn a firing judgement into a warning; this module only
decides. It reads a statement the way a reviewer would: which verb governs it, and
what each number in it is doing. No single keyword decides.

Reading a statement
    Inline Markdown is stripped first (emphasis and code marks go, links keep their
    text, HTML tags go), the text is normalised (NFKC, quotes, dashes) and split into
    word, number and symbol tokens. Hyphenated words stay whole, so "Launch-day
    conversion" does not open with the verb "launch". Labels and filler at the start
    ("KR1:", "We will", "By end of Q3,") are skipped. Only the first
    ``_MAX_TOKENS`` tokens are read: a goal statement is one sentence, and the bound
    keeps every judgement linear and fast whatever it is given.

    A verb-looking first word that is also a common noun opens a subject instead
    when no determiner or number follows it and a finite verb comes next: "Test
    coverage stays above 80%", "Design partners rate the beta". A first word in
    -ing is a noun too ("Onboarding completion rate rises ...").

What a number is doing
    A number is a *metric quantity* when it has a unit (``%``, "percent",
    "percentage points", a currency sign or code, ``k``/``M``/``bn``, "million", an
    ``x`` multiplier), follows a comparator (to, from, by, into, above, below, under,
    over, at, at least, within, more/less than, ``>``, ``<``), is followed by "or
    more"/"or better"/``+``, counts what is added ("3 new markets", "1,500 more
    patients") or is the object of a verb ("Reach 10,000 users", "Open 4 centres").

    It is *not* a metric when it is a year ("the 2027 market", "by 2030"), a date
    ("by 30 June"), a decade ("the 1970s"), an ordinal ("1st-time"), a rank ("top 3",
    "#1"), a label ("Year 9", "Tier 1", "ISO 27001", any capitalised name before
    it), a version ("2.0", "v2"), an identifier mixing letters and digits ("Q3",
    "H2", "G2", "24/7", "3G", "COVID-19"), a timeframe or duration ("over 3 years",
    "celebrate 50 years"), a hyphenated descriptor ("90-day retention", "our
    150-year tradition"), a scope ("our 12 branches", "the 5 boroughs", "for 100
    clinics"), or a plain count after an upkeep verb ("Keep 3 promises").

    Numbers in words count the same way ("under four hours", "two thousand
    members"), except "one" and "zero", which mostly sit in qualitative phrases ("at
    least one adult", "one team", "zero harm"). Multipliers in words are metric
    targets too: "double", "triple", "halve", "in half", "by a third", "tenfold",
    "double-digit", "twice as" (but not "double down" or "think twice").

Q103 objective-reads-like-kpi: upkeep of a level
    Fires when an upkeep verb (maintain, keep, sustain, hold, stay, remain,
    preserve, protect, defend, safeguard, retain, continue, ensure, guarantee, "make
    sure", "hold the line") governs the statement, either first ("Maintain NPS above
    45") or after its subject ("NPS stays above 45", "CSAT above 90% maintained"),
    and its clause names a level:

    * a metric quantity after a level comparator (above, below, under, over, at, at
      least, at most, within, no more than, exceeds, "in 20 seconds") or before "or
      higher"/``+``, including "a ratio of 1 to 4" and "a score of 60";
    * a quantity with a unit right after the verb ("Maintain 98% on-time
      departures", "Protect our 35% margin", "Sustain a 4-hour turnaround",
      "Maintain 4 weeks of stock");
    * a benchmark ("below the national average", "within budget", "on target",
      "in line with the median", "below our 2019 baseline");
    * a metric noun with a level word ("Keep staff turnover low", "Maintain healthy
      margins", "Keep wait times short") or a financial state ("Remain cash-flow
      positive", "Stay debt-free", "Maintain zero critical findings").

    It also fires on a level guarded against crossing ("Never let falls exceed 2 per
    1,000 bed days") and on a verbless metric at a level ("NPS at or above 40 all
    year", "99.9% availability, every month"). Change comparators (to, from, by)
    describe a move, not a level: "Get churn below 4%" and "Hit 99.9% uptime" do not
    fire Q103 (they fire Q105), nor does an upkeep verb only in a later clause
    ("Grow revenue while keeping churn low"). Aspirations without a level stay
    quiet: "Keep customers coming back", "Maintain our reputation as ...", "Remain
    a 100% employee-owned company" (``remain a ...`` says who we are).

Q104 key-result-is-a-task: work rather than a measured outcome
    Aligned key results never fire: their score comes from another objective.
    Otherwise the title fires when

    * it opens with a task verb (launch, ship, build, write, hire, recruit, run,
      hold, host, migrate, implement, complete, publish, deliver, roll out, set up,
      redesign, train, pilot, ...), an improvement verb whose object is not a metric
      ("Improve the returns process", "Upgrade the Wi-Fi"), an acquisition verb
      with a thing for object ("Add Apple Pay"), or delegates one ("Have support
      use X to conduct 40 interviews"), and nothing measured follows. A count after
      the task verb is an output: "Ship 4 features", "Publish 12 blog posts". Hiring
      is an input, so "Hire 3 engineers" fires, and so does growing a team ("Grow
      the engineering team from 12 to 20");
    * it reports a deliverable: "Billing migrated to Stripe", "Mobile app live in
      both stores", "12 blog posts published";
    * it is a milestone that keeps something up without a measure ("Keep the help
      centre up to date");
    * it opens with an unknown word used as an instruction ("Refurbish the ward").

    A measured outcome overrides the task verb: a change "from A to B", a result
    verb with a quantity later ("Launch the referral scheme and reach 1,000
    sign-ups"), a metric at a level ("Hold cost per order under $4.50"), a service
    level (deliver, ship, answer, resolve, process ... with a rate or a time limit:
    "Deliver 98% of parcels on the promised day") or "zero/no" defects ("Run
    payroll with zero errors"; after a subject any "zero" count will do: "The
    failover drill ends with zero lost bookings"). Titles opening with an outcome
    verb (increase, reduce, reach, win, sign, raise, keep ...) or with a subject
    whose verb moves a measure ("Launch-day conversion reaches 5%", "90% of
    patients rate ...") never fire, even without a number ("Increase CSAT"). A KPI
    link counts as a measure for titles that open with their subject. ``has_unit``
    is accepted but not used: a unit counts posts as readily as percentages. When in
    doubt the check stays quiet (a milestone that only names a state of the world,
    "Every ward has a named infection lead", does not fire).

Q105 objective-is-a-number: the objective carries the metric
    Fires when the statement holds a metric quantity or a multiplier: "Grow revenue
    to $2M ARR", "Reach 10,000 users", "Double revenue", "Hit 99.9% uptime", "Make
    checkout 30% faster". Years, ranks, labels, versions, scopes and the other
    non-metrics above do not count, so "Win the 2027 enterprise market" and "Delight
    customers in our top 3 markets" stay quiet. A percentage always counts. A
    statement that fires Q103 with a number fires Q105 too; :mod:`okrsite.lint`
    reports one of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Judgement",
    "Request",
    "judge_key_result_is_task",
    "judge_objective_is_a_number",
    "judge_objective_reads_like_kpi",
    "remember",
    "take_verdicts",
]


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict of one text check.

    Attributes:
        fires: whether the check applies to the text.
        reason: a short phrase saying why, quoting the words that decided it;
            ``""`` when the check does not fire.
    """

    fires: bool
    reason: str


_QUIET = Judgement(False, "")

# A goal statement is one sentence; reading more would only cost time.
_MAX_TOKENS = 400


# --- text and tokens -------------------------------------------------------------------

_LINK_RE = re.compile(r"!?\[([^\[\]]*)\](?:\([^()]*\)|\[[^\[\]]*\])")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_AUTOLINK_RE = re.compile(r"<(?:https?|mailto):[^<>\s]*>")
_MARKUP_RE = re.compile(r"\*+|~~|`+|(?<!\w)_+|_+(?!\w)|\\(?=[^\w\s])")
# Every pattern above starts with one of these; typography and NFKC touch non-ASCII only.
_MARKUP_START_RE = re.compile(r"[\[<*~`_\\]")
_DASH_BETWEEN_DIGITS_RE = re.compile(r"(?<=\d)[\u2010-\u2015\u2212](?=\d)")
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": " ",
        "\u2013": " ",
        "\u2014": " ",
        "\u2015": " ",
        "\u2212": "-",
        "\u2265": ">",
        "\u2264": "<",
    }
)

# Words may hold inner hyphens, apostrophes, slashes and ampersands ("sign-ups", "A&E",
# "24/7"); numbers keep their separators ("1,000", "99.9"). A separator is never a
# word character, so the pattern cannot backtrack badly.
_TOKEN_RE = re.compile(r"\w+(?:(?:[-'/&]|(?<=\d)[.,](?=\d))\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # as written: capitals mark labels ("Tier 1")
    low: str  # case-folded: every lookup uses this


def _plain_text(text: str) -> str:
    """Strip inline Markdown and normalise typography, keeping the visible words."""
    if text.isascii() and not _MARKUP_START_RE.search(text):
        return text  # _strip_markup would not change it: the usual statement
    return _strip_markup(text)


def _strip_markup(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _AUTOLINK_RE.sub(" ", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub(" ", text)
    text = _MARKUP_RE.sub("", text)
    text = _DASH_BETWEEN_DIGITS_RE.sub("-", text)
    return text.translate(_TYPOGRAPHY)


_PREAMBLE_WORDS = frozenset({"we", "will", "i", "they", "to", "should", "must", "shall"})
_LABEL_RE = re.compile(r"(?:kr|o)\d*")


def _statement_tokens(text: str) -> list[_Token]:
    """The tokens of a statement, without a leading label, "We will" or time phrase."""
    words = _TOKEN_RE.findall(_plain_text(text))
    tokens = [_Token(word, word.casefold()) for word in words[: _MAX_TOKENS + 12]]
    start = 0
    if len(tokens) > 1 and _LABEL_RE.fullmatch(tokens[0].low) and tokens[1].low in ":.-)":
        start = 2  # "KR1: ..."
    while start < len(tokens) and tokens[start].low in _PREAMBLE_WORDS:
        start += 1
    if start < len(tokens) and tokens[start].low in {"by", "in", "during", "before"}:
        for index in range(start + 1, min(start + 8, len(tokens))):
            if tokens[index].low == ",":  # "By end of Q3, ..."
                start = index + 1
                break
    return tokens[start : start + _MAX_TOKENS]


def _word(tokens: Sequence[_Token], index: int) -> str:
    return tokens[index].low if 0 <= index < len(tokens) else ""


def _span(tokens: Sequence[_Token], start: int, end: int) -> str:
    """The tokens from ``start`` to ``end`` as readable text ("below 8%", "$300")."""
    words: list[str] = []
    for token in tokens[max(0, start) : end]:
        if words and (token.low in {"%", ",", ".", "+"} or words[-1] in _CURRENCY_SIGNS):
            words[-1] += token.text
        else:
            words.append(token.text)
    return " ".join(words)


# --- lexicon -------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_IRREGULAR: dict[str, tuple[str, ...]] = {
    "audit": ("audited",),
    "become": ("became",),
    "begin": ("began", "begun", "beginning"),
    "bring": ("brought",),
    "build": ("built",),
    "buy": ("bought",),
    "choose": ("chose", "chosen"),
    "creep": ("crept",),
    "cut": ("cutting",),
    "dip": ("dipped", "dipping"),
    "do": ("did", "done", "does"),
    "drive": ("drove", "driven"),
    "drop": ("dropped", "dropping"),
    "enrol": ("enrolled", "enrolling"),
    "fall": ("fell", "fallen"),
    "find": ("found",),
    "get": ("got", "gotten", "getting"),
    "give": ("gave", "given"),
    "go": ("went", "gone", "goes"),
    "grow": ("grew", "grown"),
    "hit": ("hitting",),
    "hold": ("held",),
    "keep": ("kept",),
    "lead": ("led",),
    "make": ("made",),
    "map": ("mapped", "mapping"),
    "meet": ("met",),
    "pay": ("paid",),
    "pilot": ("piloted",),
    "plan": ("planned", "planning"),
    "put": ("putting",),
    "rise": ("rose", "risen"),
    "run": ("ran", "running"),
    "scrap": ("scrapped", "scrapping"),
    "sell": ("sold",),
    "send": ("sent",),
    "set": ("setting",),
    "ship": ("shipped", "shipping"),
    "shrink": ("shrank", "shrunk"),
    "sink": ("sank", "sunk"),
    "slide": ("slid",),
    "slip": ("slipped", "slipping"),
    "spin": ("spun", "spinning"),
    "stand": ("stood",),
    "stay": ("stayed",),
    "stop": ("stopped", "stopping"),
    "submit": ("submitted", "submitting"),
    "swap": ("swapped", "swapping"),
    "take": ("took", "taken"),
    "teach": ("taught",),
    "top": ("topped", "topping"),
    "win": ("won", "winning"),
    "write": ("wrote", "written"),
}


def _forms(bases: Iterable[str]) -> dict[str, str]:
    """Map every inflected form of each base verb to the base (regular rules + table)."""
    forms: dict[str, str] = {}
    for base in sorted(bases):
        candidates = {base, *_IRREGULAR.get(base, ())}
        if base.endswith("e"):
            candidates |= {base + "s", base + "d", base[:-1] + "ing"}
        elif base.endswith("y") and base[-2:-1] not in set("aeiou"):
            candidates |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
        elif base.endswith(("s", "sh", "ch", "x", "z")):
            candidates |= {base + "es", base + "ed", base + "ing"}
        else:
            candidates |= {base + "s", base + "ed", base + "ing"}
        for form in candidates:
            forms.setdefault(form, base)
    return forms


_UPKEEP_BASES = _words(
    """maintain keep sustain hold stay remain preserve protect defend safeguard retain
    continue ensure guarantee"""
)
# Work: doing it says nothing yet about a result.
_TASK_BASES = _words(
    """launch ship build create write rewrite hire recruit appoint run hold host organise
    organize migrate implement complete finish finalise finalize publish deliver redesign
    design develop prototype conduct draft document train install deploy release introduce
    establish define replace refactor automate integrate test pilot trial review audit
    translate interview survey send post attend present plan prepare submit procure buy
    purchase negotiate renegotiate open visit call email contact produce record film
    consolidate standardise standardize digitise digitize map identify research analyse
    analyze evaluate assess select choose form start begin fix make configure onboard roll
    set kick stand spin put move relocate refurbish renovate equip upgrade expand
    distribute print sponsor speak teach mentor coach scope specify approve agree sign
    answer respond resolve handle process dispatch clean carry"""
)
# Phrasal task verbs, and the verbs that are work only with their particle.
_TASK_PARTICLES: Mapping[str, str] = {
    "carry": "out",
    "clean": "up",
    "kick": "off",
    "put": "in",
    "roll": "out",
    "set": "up",
    "sign": "off",
    "spin": "up",
    "stand": "up",
    "write": "up",
}
_PARTICLE_ONLY = _words("roll set kick stand spin put sign carry")
# The object decides: "Improve NPS" is an outcome, "Improve the flow" is work.
_IMPROVE_BASES = _words(
    """improve enhance optimise optimize streamline strengthen refresh modernise modernize
    simplify overhaul revamp update upgrade rework polish"""
)
# Work that, with a rate or a time limit, states a service level: an outcome.
_SERVICE_BASES = _words(
    """deliver ship dispatch process handle answer respond resolve fulfil fulfill serve run
    pay close"""
)
# Results: a measure moves, or others give us something (a signature, a grade).
_OUTCOME_BASES = _UPKEEP_BASES | _words(
    """increase grow reduce cut raise lift decrease boost lower shorten double triple
    quadruple halve reach hit achieve attain exceed surpass top win sign close acquire
    retain convert earn generate drive save recover sell secure land enrol enroll attract
    gain eliminate minimise minimize maximise maximize accelerate speed shrink capture
    collect get bring add welcome activate rise fall drop climb decline improve move go
    jump dip slip sink creep slide rate cite mention recommend choose prefer renew return
    buy use adopt complete finish report say pass score fund donate expand widen narrow
    prevent avoid stop trend stabilise stabilize account make join"""
)
# With people or a measure these are results ("Add 500 paying customers"); with a
# thing they are work ("Add Apple Pay").
_ACQUIRE_BASES = _words("get add bring onboard activate welcome attract")
_MOVEMENT_BASES = _words("drop fall dip slip sink go rise climb exceed creep slide breach pass top")
_MULTIPLIER_BASES = _words("double triple quadruple halve treble")
_OTHER_BASES = _words(
    """serve feed house plant treat vaccinate place graduate help support make give become
    turn delight unite earn rebuild be let see want love need feel believe carry land
    equip reward protect teach lead celebrate modernise check evacuate wait"""
)
# Openers that hand the work to someone: "Have support use X to conduct interviews".
_CAUSATIVES = _words("have use let ask get help enable invite")

_UPKEEP = _forms(_UPKEEP_BASES)
_TASK = _forms(_TASK_BASES)
_IMPROVE = _forms(_IMPROVE_BASES)
_SERVICE = _forms(_SERVICE_BASES)
_OUTCOME = _forms(_OUTCOME_BASES)
_ACQUIRE = _forms(_ACQUIRE_BASES)
_MOVEMENT = _forms(_MOVEMENT_BASES)
_MULTIPLIER = _forms(_MULTIPLIER_BASES)
_ANY_VERB = _forms(_OTHER_BASES | _TASK_BASES | _IMPROVE_BASES | _SERVICE_BASES | _OUTCOME_BASES)
_UPKEEP_PHRASES = frozenset({"make sure", "hold the line"})
_BE = _words("is are was were be being been 's")
# Words that open a noun phrase as often as they are imperatives.
_NOUN_HOMOGRAPHS = _words(
    """test post pass return returns support cost score rate use process release design
    plan drive handle call record review survey audit trial pilot form map answer response
    fund report project run open hire sign sales staff time cut hold retain average
    service delivery training referral launch build ship complete fill close email mail
    text chat video order book check price market feature stock pay store page search
    content demo"""
)
_DELIVERED_STATES = frozenset(
    {"live", "shipped", "launched", "in production", "in place", "rolled out", "set up", "done"}
)

_METRIC_NOUNS = _words(
    """nps csat ces churn retention uptime availability margin margins revenue revenues
    arr mrr gmv cac ltv clv conversion conversions rate rates score scores ratio ratios
    time times latency backlog inventory turnover absenteeism attendance occupancy
    utilisation utilization readmission readmissions satisfaction nrr ndr cost costs
    spend spending budget burn cash runway profit profits profitability ebitda sales
    bookings pipeline traffic signups sign-ups leads mqls sqls throughput yield
    productivity accuracy errors error defects incidents complaints returns refunds
    stockouts wait waits waiting delays delay cycle response responses resolution
    on-time fill pass graduation completion adoption activation share price prices aov
    basket footfall donations enrolment enrollment enrolments sla slas kpi kpis level
    levels index rating ratings engagement velocity headcount turnaround arrears debt
    downtime outages outage failures variance shrinkage waste emissions usage visits
    reviews stars dau wau mau users stock cover supply supplies"""
)
# Metric nouns that can also name people or things rather than a measure.
_LOOSE_METRIC_NOUNS = _words("users visits reviews")
_STRICT_METRIC_NOUNS = _METRIC_NOUNS - _LOOSE_METRIC_NOUNS
_POPULATION_NOUNS = _words(
    """customers customer users clients members subscribers patients students pupils
    donors volunteers families accounts merchants partners buyers shoppers guests visitors
    learners parents residents citizens teams companies businesses schools hospitals
    agencies employees staff nurses drivers households readers listeners viewers
    followers fans players teachers tenants marinas restaurants clinics practices farmers
    carers graduates applicants candidates respondents people owners managers hands
    travellers travelers passengers callers"""
)
_OUTPUT_NOUNS = _words(
    """features feature posts post articles blogs workshops webinars sessions trainings
    courses meetings calls emails interviews demos campaigns events releases experiments
    tests videos pages modules hires engineers reports newsletters integrations studies
    screens prototypes versions designs tickets visits talks conferences summits mock-ups
    mockups wireframes playbooks guides templates policies documents slides decks sprints
    stories tasks"""
)
_NOUNS_BEFORE_VERB = _METRIC_NOUNS | _OUTPUT_NOUNS
# Headcount is what we put in, not what we get out.
_INPUT_NOUNS = _words("team teams headcount staff workforce crew hires")
_DEFECT_NOUNS = _words(
    """errors error defects incidents injuries findings complaints outages breaches
    stockouts falls bugs failures accidents delays escalations deaths"""
)
_LEVEL_WORDS = _words(
    """low high short stable steady flat healthy constant consistent unchanged green
    best-in-class industry-leading strong solid"""
)
_LEVEL_BOUNDS = _words(
    """budget target targets sla slas slo slos tolerance tolerances limit limits range plan
    forecast average benchmark median norm threshold cap ceiling floor level levels
    baseline baselines"""
)
# States that are a level of a financial measure in themselves.
_LEVEL_STATES = _words(
    """profitable cash-positive cash-flow-positive debt-free break-even solvent
    in-the-black on-budget on-target within-budget"""
)

_MONTHS = _words(
    """january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec"""
)
_PERIOD_NOUNS = _words(
    """day days week weeks month months quarter quarters year years decade decades semester
    semesters term terms season seasons"""
)
_SHORT_TIMES = _words("seconds secs minutes mins hours hrs")
_TIMEFRAME_BEFORE = _words("in over for next past last every each after first coming during")
_YEAR_BEFORE = _words("in by for since until through before after of fy")
_RANK_BEFORE = _words("top bottom # number rank ranked no")
_LABEL_WORDS = _words(
    """phase tier level grade year wave sprint release version v gen generation series class
    ward route room building floor zone stage step chapter season part band type category
    article section iso soc pci key gate terminal platform line bay unit store site pier
    berth hall block lot cohort squad team group region district windows ios android
    python"""
)
_SCOPE_BEFORE = _words(
    """our the their its these those both all every each my your his her whose this that for
    in across among with throughout within of per"""
)
_SCOPE_DETERMINERS = _SCOPE_BEFORE - _words("in for across with of")
_COMPARATORS = _words(
    """to from by into onto above below under over at least most than within beyond past
    exceed exceeds exceeding between and toward towards upto > < ~ around about roughly
    nearly almost approximately"""
)
_CHANGE_COMPARATORS = _words("to from by into toward towards")
# Comparators that state a level to hold; to/from/by describe a move instead.
_LEVEL_COMPARATORS = _words(
    "above below under over at least most than within beyond exceed exceeds exceeding > <"
)
_OR_THRESHOLD = _words("more higher better above less lower below fewer over greater")
_COMPARATIVES = _words(
    """faster slower more fewer less higher lower cheaper better bigger smaller larger
    shorter quicker greater"""
)
_ADDED_COUNT_AFTER = _words("new more additional extra further")
_CURRENCY_SIGNS = frozenset("$€£¥₹")
_CURRENCIES = _CURRENCY_SIGNS | _words(
    """usd eur gbp chf jpy inr aud cad dollars dollar euros euro pounds pound sterling francs
    kronor krona nok sek dkk"""
)
_SCALE_SUFFIXES = _words("k m mm bn b mn mio")
_SCALE_WORDS = _words("thousand million billion trillion k m bn mn")
_TIME_SUFFIXES = _words("ms s h hr hrs min mins")
_PERCENT_WORDS = _words("percent pct pp percentage bps")
_NUMBER_WORDS = _words(
    """two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
    fifty sixty seventy eighty ninety hundred thousand million billion dozen"""
)
_FRACTION_WORDS = _words("half third quarter fifth tenth")
_MULTIPLIER_WORDS = _words("tenfold twofold threefold fivefold double-digit triple-digit")
_DETERMINERS = _words(
    "the a an our all every each its their this these those new existing current first"
)
# Words that may stand between a verb and its count: "Reach at least 500", "Win another 3".
_INTRO_ADVERBS = _words(
    "another an extra additional about around roughly nearly almost some at least over more than"
)
_CLAUSE_BREAKS = _words(
    """, ; : ( while whilst because despite so but without although though when until
    unless whereas"""
)
_HEAD_STOPS = _CLAUSE_BREAKS | _words(
    """to in for on with at by per of from across among into within under over above below
    and or that which who as than"""
)
_NEGATIONS = _words("never not n't no")

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_SUFFIX_RE = re.compile(r"\d+(?:[.,]\d+)*([a-z]+)")
_NUMBER_COMPOUND_RE = re.compile(r"\d+(?:[.,]\d+)*-([a-z][\w-]*)")
_RANGE_RE = re.compile(r"\d+(?:[.,]\d+)*-\d+(?:[.,]\d+)*")
_ISO_DATE_RE = re.compile(r"(?:19|20)\d\d-\d\d(?:-\d\d)?")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_DECADE_RE = re.compile(r"\d*0s")
_WHOLE_VERSION_RE = re.compile(r"\d+\.0")


# --- numbers -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Number:
    """One number and what it does in the sentence."""

    start: int  # index of its first token (a currency sign before it counts)
    end: int  # index after its last token (unit words count)
    unit: str  # "", "percent", "money", "scale", "multiplier" or "time"
    metric: bool  # a metric quantity (see the module docstring)
    level: bool  # states a level: "above 45", "60 or more", "a score of 60"
    change: bool  # follows to, from, by, into


@dataclass(frozen=True, slots=True)
class _Statement:
    """A tokenised statement with its numbers, indexed by where they start."""

    tokens: list[_Token]
    numbers: list[_Number]
    by_start: dict[int, _Number]

    def metric_within(self, start: int, end: int) -> _Number | None:
        """The first metric quantity starting in ``[start, end)``."""
        for index in range(max(start, 0), min(end, len(self.tokens))):
            number = self.by_start.get(index)
            if number is not None and number.metric:
                return number
        return None


_NUMBER_STARTS = _NUMBER_WORDS | _MULTIPLIER_WORDS | {"twice"}


def _read(text: str) -> _Statement:
    tokens = _statement_tokens(text)
    numbers: list[_Number] = []
    index = 0
    while index < len(tokens):
        low = tokens[index].low
        # the cheap test of what _number_shape accepts, for the many tokens that are words
        if not (
            low[:1].isdecimal()
            or low in _NUMBER_STARTS
            or ("-" in low and low.partition("-")[0] in _NUMBER_WORDS)
        ):
            index += 1
            continue
        number = _number_at(tokens, index)
        if number is None:
            index += 1
        else:
            numbers.append(number)
            index = max(number.end, index + 1)
    return _Statement(tokens, numbers, {number.start: number for number in numbers})


def _number_shape(tokens: Sequence[_Token], index: int) -> tuple[str, str] | None:
    """What kind of number a token is, as (kind, unit), or None for no number at all.

    Kinds: "plain" (digits), "word" ("four"), "compound" ("90-day", "two-day"),
    "multiplier" ("tenfold", "twice as").
    """
    low = tokens[index].low
    digits = low[:1].isdecimal()  # what \d matches: the four patterns below start with one
    if digits and (
        _NUMBER_RE.fullmatch(low) or (_RANGE_RE.fullmatch(low) and not _ISO_DATE_RE.fullmatch(low))
    ):
        return "plain", ""
    if digits and (match := _NUMBER_SUFFIX_RE.fullmatch(low)):
        suffix = match.group(1)
        if low in {"4k", "8k"} and not _is_plural_noun(tokens[index + 1 : index + 2] or None):
            return None  # a screen resolution, not four thousand
        if suffix in _SCALE_SUFFIXES:
            return "plain", "scale"
        if suffix == "x":
            return "plain", "multiplier"
        if suffix in _TIME_SUFFIXES and not _DECADE_RE.fullmatch(low):
            return "plain", "time"
        return None  # 1st, the 1970s, 3G, 4K: ordinals, decades and identifiers
    if digits and (match := _NUMBER_COMPOUND_RE.fullmatch(low)):
        return ("plain", "multiplier") if match.group(1) in {"fold", "x"} else ("compound", "")
    if low in _NUMBER_WORDS:
        return "word", ""
    head, dash, rest = low.partition("-")
    if dash and head in _NUMBER_WORDS:
        return ("word", "") if rest in _NUMBER_WORDS | {"one", "five"} else ("compound", "")
    if low in _MULTIPLIER_WORDS or (
        low == "twice" and _word(tokens, index + 1) in {"as", "the", "our", "its", "their"}
    ):
        return "multiplier", "multiplier"
    return None


def _number_at(tokens: Sequence[_Token], index: int) -> _Number | None:
    """The number starting at ``index`` with its unit and role, or None."""
    shape = _number_shape(tokens, index)
    if shape is None:
        return None
    kind, unit = shape
    if kind == "multiplier":
        return _Number(index, index + 1, unit, True, False, False)
    low = tokens[index].low

    # the unit around it: "15%", "four percentage points", "2 million USD", "$300", "3x"
    end = index + 1
    nxt = _word(tokens, end)
    if nxt == "%" or nxt in _PERCENT_WORDS:
        unit, end = "percent", end + 1
        if _word(tokens, end) in {"points", "point"}:
            end += 1
    elif nxt == "per" and _word(tokens, end + 1) == "cent":
        unit, end = "percent", end + 2
    elif nxt in _SCALE_WORDS and not unit:
        unit, end = "scale", end + 1
        nxt = _word(tokens, end)
    if _word(tokens, end) in _CURRENCIES:
        unit, end = "money", end + 1
    if nxt in {"x", "×"} or (
        nxt == "times" and _word(tokens, end + 1) in _COMPARATIVES | {"as", "the"}
    ):
        unit, end = "multiplier", end + 1
    prev = index - 1
    if _word(tokens, prev) in _CURRENCIES:
        unit, prev = "money", prev - 1
    start = prev + 1
    before, before2, after = _word(tokens, prev), _word(tokens, prev - 1), _word(tokens, end)

    def inert() -> _Number:
        return _Number(start, end, unit, False, False, False)

    # numbers that name rather than measure
    if kind == "plain" and not unit:
        if _YEAR_RE.fullmatch(low) and (
            before in _YEAR_BEFORE
            or not _is_plural_noun(tokens[end] if end < len(tokens) else None)
        ):
            return inert()  # a year
        if after in _MONTHS or before in _MONTHS:
            return inert()  # a date
        if low.count(".") >= 2 or before in {"v", "version", "release"}:
            return inert()  # a version
        if _WHOLE_VERSION_RE.fullmatch(low) and before not in _COMPARATORS:
            return inert()  # "Payments 2.0"
    if before in _RANK_BEFORE or (before == "." and before2 == "no"):
        return inert()  # a rank: top 3, #1, No. 1
    if not unit and (
        before in _LABEL_WORDS
        or (
            prev > 0
            and tokens[prev].text[:1].isupper()
            and before not in _COMPARATORS
            and before not in _ANY_VERB
            and before not in _METRIC_NOUNS
        )
    ):
        return inert()  # a label: Year 9, Tier 1, ISO 27001
    if not unit and after in _PERIOD_NOUNS and before in _TIMEFRAME_BEFORE:
        return inert()  # a timeframe: over 3 years, in 2 weeks

    change = before in _CHANGE_COMPARATORS or (before == "and" and before2 not in _ANY_VERB)
    level = (
        before in _LEVEL_COMPARATORS
        or (before == "in" and after in _SHORT_TIMES)  # "answered in 20 seconds"
        or (after == "or" and _word(tokens, end + 1) in _OR_THRESHOLD)
        or after in {"+", "plus"}
        or (after == "and" and _word(tokens, end + 1) in {"above", "over", "up", "below"})
        or (before == "of" and before2 in _METRIC_NOUNS)  # "a score of 60"
    )
    compared = change or level or before in _COMPARATORS
    # "4 weeks of stock", "18 months of runway": a level of cover, not a duration
    cover = (
        after in _PERIOD_NOUNS
        and _word(tokens, end + 1) == "of"
        and any(_word(tokens, j) in _METRIC_NOUNS for j in range(end + 2, end + 5))
    )
    if not unit and after in _PERIOD_NOUNS and not (compared or cover):
        return inert()  # a duration: "celebrate 50 years"
    if after in _ADDED_COUNT_AFTER and before not in _SCOPE_DETERMINERS:
        compared = True  # a count to add: "in 3 new markets", "1,500 more patients"
    governed = _follows_verb(tokens, prev)

    if kind == "compound":
        # a descriptor ("90-day retention"), unless an upkeep or result verb governs
        # it and it describes a measure: "Sustain a 4-hour turnaround"
        verb_at = prev
        while verb_at > 0 and _word(tokens, verb_at) in _DETERMINERS:
            verb_at -= 1
        verb = _word(tokens, verb_at)
        describes = any(_word(tokens, j) in _METRIC_NOUNS for j in range(end, end + 3))
        return _Number(start, end, unit, verb in _OUTCOME and describes, False, False)
    if kind == "word" and not unit and not (compared or governed):
        return inert()
    if not unit and before in _SCOPE_BEFORE and not compared:
        return inert()  # scope: our 12 branches, for 100 clinics
    if unit and unit != "time":
        return _Number(start, end, unit, True, level, change)
    if governed and before in _UPKEEP and not cover:
        governed = after in _METRIC_NOUNS  # "Keep 3 promises" sets no target
    metric = compared or governed or cover or after in _COMPARATIVES or unit == "time"
    return _Number(start, end, unit, metric, level, change)


def _is_plural_noun(token: _Token | Sequence[_Token] | None) -> bool:
    """Whether a token looks like a plural noun ("users", "stores"); a slice may be given."""
    if isinstance(token, Sequence):
        token = token[0] if token else None
    return token is not None and token.low.isalpha() and len(token.low) > 3 and token.low[-1] == "s"


def _follows_verb(tokens: Sequence[_Token], prev: int) -> bool:
    """Whether a number is the object of a verb: "Reach 10,000", "Hire our first 10"."""
    index = prev
    while index >= 0 and tokens[index].low in _INTRO_ADVERBS:
        index -= 1
    if index >= 0 and tokens[index].low in {"first", "next"}:
        index -= 1
        if index >= 0 and tokens[index].low in {"our", "the", "their", "its"}:
            index -= 1
    if index < 0:
        return False
    low = tokens[index].low
    if low in _ANY_VERB and low not in _BE:
        return True
    return index == 0 == prev and low.isalpha()  # an unknown verb: "Plant 10,000 trees"


def _multiplier_in_words(tokens: Sequence[_Token]) -> str:
    """A multiplier said in words: "Double revenue", "cut it in half", "by a third"."""
    for index, token in enumerate(tokens):
        low, prev = token.low, _word(tokens, index - 1)
        if low in _MULTIPLIER:
            if _word(tokens, index + 1) in {"down", "up", "check", "as", "shift", "shifts"}:
                continue  # "double down", "double-check"
            if prev in _DETERMINERS:
                continue  # "a double shift"
            return token.text
        if low in _FRACTION_WORDS and (
            prev in {"in", "by"} or (prev in {"a", "one"} and _word(tokens, index - 2) == "by")
        ):
            if low == "quarter" and prev == "in":
                continue  # "in quarter 3"
            return _span(tokens, index - 2 if prev in {"a", "one"} else index - 1, index + 1)
    return ""


# --- sentence shape ------------------------------------------------------------------------


def _clause_end(tokens: Sequence[_Token], start: int = 0) -> int:
    """Index of the first clause break after ``start``: a comma, "while", "because" ..."""
    for index in range(start + 1, len(tokens)):
        low = tokens[index].low
        if low in _CLAUSE_BREAKS:
            return index
        if low in {"by", "through"} and _word(tokens, index + 1).endswith("ing"):
            return index  # "... by fixing onboarding"
    return len(tokens)


def _opening_verb(tokens: Sequence[_Token]) -> tuple[str, int]:
    """The verb a statement opens with and the index after it, or ("", 0)."""
    if not tokens:
        return "", 0
    first, second = tokens[0].low, _word(tokens, 1)
    if first == "make" and second == "sure":
        return "make sure", 2
    if first == "hold" and second == "the" and _word(tokens, 2) == "line":
        return "hold the line", 3
    if _TASK_PARTICLES.get(first) == second:
        return f"{first} {second}", 2  # "roll out", "set up"
    verb, dash, rest = first.partition("-")
    if dash and _TASK_PARTICLES.get(verb) == rest:
        return f"{verb} {rest}", 1  # "roll-out"
    gerund = first.endswith("ing") and _ANY_VERB.get(first) != first  # "Onboarding rate"
    if first in _ANY_VERB and not gerund and not _opens_subject(tokens):
        return first, 1
    return "", 0


def _opens_subject(tokens: Sequence[_Token]) -> bool:
    """Whether a verb-looking first word starts a subject: "Test coverage stays ..."."""
    if tokens[0].low not in _NOUN_HOMOGRAPHS or len(tokens) < 3:
        return False
    second = tokens[1].low
    if second in _DETERMINERS or not second[:1].isalpha():
        return False  # an imperative's object: "Test the new flow", "Run 5 workshops"
    for index in range(2, min(len(tokens), 8)):
        if tokens[index].low in _CLAUSE_BREAKS:
            return False
        if _is_finite_verb(tokens, index):
            return True
    return False


def _is_finite_verb(tokens: Sequence[_Token], index: int) -> bool:
    """Whether a verb-looking word after a subject is its verb, not part of a noun.

    "NPS stays", "CSAT above 90% maintained" and "partners rate" are verbs; "average
    handle time" and "library visits stay" hold nouns.
    """
    low = tokens[index].low
    if low in _BE:
        return True
    if low in _NOUNS_BEFORE_VERB and _word(tokens, index + 1) in _ANY_VERB:
        return False
    base = _ANY_VERB.get(low)
    if base is None:
        return False
    if low != base and low.endswith("s") and not _is_plural_noun(tokens[index - 1]):
        return True
    if low.endswith("ed") or low in {"kept", "held", "made", "won", "grown", "fallen"}:
        return _word(tokens, index - 1) not in _DETERMINERS
    return low == base and _is_plural_noun(tokens[index - 1])


def _object_head(tokens: Sequence[_Token], after: int) -> str:
    """The head noun of what a verb governs: "the returns process" -> "process"."""
    head = ""
    for index in range(after, min(len(tokens), after + 8)):
        low = tokens[index].low
        if low in _HEAD_STOPS:
            break
        if low in _DETERMINERS or not low[:1].isalpha():
            if head:
                break
            continue
        head = low
    return head


# --- Q103 ----------------------------------------------------------------------------------


def _reads_like_kpi(statement: str) -> Judgement:
    """Judge whether an objective is upkeep of a level, i.e. a KPI (check Q103).

    Args:
        statement: the objective statement, possibly with inline Markdown.

    Returns:
        A firing judgement quoting the upkeep verb and the level when the statement
        keeps a metric at a level ("Maintain NPS above 45"); a quiet one otherwise.
    """
    text = _read(statement)
    tokens = text.tokens
    if not tokens:
        return _QUIET
    verb, after = _opening_verb(tokens)
    end = _clause_end(tokens)

    upkeep, upkeep_at = "", -1
    if verb in _UPKEEP or verb in _UPKEEP_PHRASES:
        upkeep, upkeep_at = verb, 0
    elif not verb:
        # the subject comes first: "NPS stays above 45", "CSAT above 90% maintained"
        for index in range(1, end):
            low = tokens[index].low
            if low in _UPKEEP and (low.endswith("s") or _is_finite_verb(tokens, index)):
                upkeep, upkeep_at, after = tokens[index].text.lower(), index, index + 1
                break
            if _is_finite_verb(tokens, index) and _word(tokens, index - 1) not in _NEGATIONS:
                break

    if upkeep:
        level = _level_in(text, 0 if upkeep_at > 0 else after, end) or _guarded_level(text, end)
        if level:
            return Judgement(True, f"upkeep verb '{upkeep}' with the level '{level}'")
        return _QUIET
    guarded = _guarded_level(text, end)
    if guarded:
        return Judgement(True, f"a level that must not be crossed: '{guarded}'")
    if not verb and not any(_is_finite_verb(tokens, index) for index in range(1, end)):
        standing = _level_in(text, 0, end) or _metric_at_quantity(text, end)
        if standing:
            return Judgement(True, f"a metric held at a level: '{standing}'")
    return _QUIET


def _level_in(text: _Statement, start: int, end: int) -> str:
    """The level a clause sets: a threshold, a quantity after the verb, a level word."""
    tokens = text.tokens
    copular = _word(tokens, start - 1) in {"remain", "stay", "remains", "stays"} and _word(
        tokens, start
    ) in {"a", "an", "the"}
    for number in text.numbers:
        if not start <= number.start < end or not number.metric:
            continue
        if number.level:
            lead = number.start - 1
            while lead > start and tokens[lead].low in _LEVEL_COMPARATORS | {"or", "no", "at"}:
                lead -= 1
            return _span(tokens, lead + 1, number.end)
        if copular:
            continue  # "Remain a 100% employee-owned company": who we are, not a level
        units = {"percent", "money", "scale", "time"} | ({"multiplier"} if start else set())
        of_cover = _word(tokens, number.end) in _PERIOD_NOUNS  # "4 weeks of stock"
        quantity = number.unit in units or of_cover or _is_compound(tokens[number.start])
        right_after_verb = all(token.low in _DETERMINERS for token in tokens[start : number.start])
        if quantity and right_after_verb:  # "Maintain 98% on-time departures"
            return _span(tokens, number.start, min(number.end + 2, end))
    for index in range(start, end):
        low = tokens[index].low
        if low in _METRIC_NOUNS and _word(tokens, index + 1) == "of":
            ratio = text.metric_within(index + 2, min(index + 7, end))
            if ratio is not None:
                return _span(tokens, index, ratio.end + 1)  # "a ratio of 1 to 4"
        pair = f"{low}-{_word(tokens, index + 1)}"
        for state in (f"{pair}-{_word(tokens, index + 2)}", pair, low):
            if state in _LEVEL_STATES:
                return state.replace("-", " ")  # "cash-flow positive", "on budget"
        if low in {"zero", "no"} and any(
            _word(tokens, j) in _DEFECT_NOUNS for j in range(index + 1, min(index + 4, end))
        ):
            return _span(tokens, index, index + 4)  # "zero critical findings"
        if low in _LEVEL_COMPARATORS or low in {"on", "line"}:
            for j in range(index + 1, min(index + 5, end)):
                if tokens[j].low in _LEVEL_BOUNDS:
                    return _span(tokens, index, j + 1)  # "below the national average"
                if not tokens[j].low[:1].isalnum():
                    break
        word = low if low in _LEVEL_WORDS else pair.replace("-", " ")
        if low in _LEVEL_WORDS or pair in {"under-control", "in-check"}:
            for j in range(max(start, index - 6), min(end, index + 4)):
                if tokens[j].low in _STRICT_METRIC_NOUNS:
                    return f"{tokens[j].text} {word}"  # "turnover low", "costs under control"
    return ""


def _is_compound(token: _Token) -> bool:
    head, dash, _ = token.low.partition("-")
    return bool(dash) and (head.isdigit() or head in _NUMBER_WORDS)


def _guarded_level(text: _Statement, end: int) -> str:
    """A level that must not be crossed: "never drop below 45", "never let X exceed 2"."""
    tokens = text.tokens
    for index in range(min(end, len(tokens))):
        if tokens[index].low not in _NEGATIONS:
            continue
        for j in range(index + 1, min(index + 7, len(tokens))):
            if tokens[j].low in _MOVEMENT:
                number = text.metric_within(j + 1, j + 5)
                if number is not None:
                    return _span(tokens, index, number.end)
                break
    return ""


def _metric_at_quantity(text: _Statement, end: int) -> str:
    """In a statement without a verb, a metric beside a quantity: "99.9% availability"."""
    for number in text.numbers:
        if number.start >= end or not number.metric or number.change:
            continue
        if number.unit == "multiplier":
            continue  # "10x sign-ups" is a change, not a level
        beside = {_word(text.tokens, number.end), _word(text.tokens, number.start - 1)}
        if beside & _METRIC_NOUNS:
            return _span(text.tokens, number.start, number.end + 1)
    return ""


# --- Q105 ----------------------------------------------------------------------------------


def _is_a_number(statement: str) -> Judgement:
    """Judge whether an objective carries its own metric target (check Q105).

    Args:
        statement: the objective statement, possibly with inline Markdown.

    Returns:
        A firing judgement quoting the first metric quantity or multiplier ("Reach
        10,000 users", "Double revenue"); a quiet one when the statement has no
        number, or only years, ranks, labels, versions, scopes and the like.
    """
    text = _read(statement)
    for number in text.numbers:
        if number.metric:
            if number.unit == "multiplier":
                shown = _span(text.tokens, number.start, number.end)
                return Judgement(True, f"a multiplier target '{shown}'")
            return Judgement(True, f"a metric target '{_quoted_target(text.tokens, number)}'")
    multiplier = _multiplier_in_words(text.tokens)
    if multiplier:
        return Judgement(True, f"a multiplier target in words '{multiplier.lower()}'")
    return _QUIET


def _quoted_target(tokens: Sequence[_Token], number: _Number) -> str:
    """The number with its comparator and the noun it counts: "to $5M", "10,000 users"."""
    start = number.start
    if _word(tokens, start - 1) in _COMPARATORS:
        start -= 1
        if _word(tokens, start - 1) in {"at", "no", "more", "less", "fewer"}:
            start -= 1
    end = number.end
    if _word(tokens, end) == "or" and _word(tokens, end + 1) in _OR_THRESHOLD:
        end += 2
    nxt = _word(tokens, end)
    if nxt.isalpha() and nxt not in _HEAD_STOPS and nxt not in _ANY_VERB:
        end += 1
    return _span(tokens, start, end)


# --- Q104 ----------------------------------------------------------------------------------


def _is_task(title: str, kind: str, has_unit: bool, has_kpi: bool) -> Judgement:
    """Judge whether a key result names an activity or an output, not an outcome (Q104).

    Args:
        title: the key result title, possibly with inline Markdown.
        kind: ``"numeric"``, ``"milestone"`` or ``"aligned"``; aligned key results
            never fire because their score comes from another objective.
        has_unit: whether the key result declares a unit. Accepted for the lint
            rule's sake but not used: a unit counts blog posts as readily as
            percentages, so it says nothing about outcome or output.
        has_kpi: whether the key result is linked to a KPI; for titles that open
            with their subject the link counts as a measure.

    Returns:
        A firing judgement naming the task verb, the counted output or the
        deliverable; a quiet one for measured outcomes and whenever the title is
        not plainly work.
    """
    if kind == "aligned":
        return _QUIET
    text = _read(title)
    tokens = text.tokens
    if not tokens:
        return _QUIET
    verb, after = _delegated_verb(tokens) or _opening_verb(tokens)

    head = _object_head(tokens, after) if verb else ""
    if verb in _OUTCOME and head in _INPUT_NOUNS:
        return Judgement(True, f"'{verb}' grows an input ('{head}'), not a result")
    if verb and _is_task_verb(verb, head, tokens, after):
        if _service_level(text, verb, after) or _measured_after(text, after):
            return _QUIET
        output = _counted_output(text, after)
        if output:
            return Judgement(True, f"counts an output: '{verb} {output}'")
        return Judgement(True, f"task verb '{verb}' with no measured outcome")
    if verb in _UPKEEP and kind == "milestone" and not _measured_after(text, after):
        return Judgement(True, f"upkeep work ('{verb}') with nothing measured")
    if verb:
        return _QUIET  # an outcome, upkeep or acquisition verb: a result

    # the title opens with its subject: "Launch-day conversion reaches 5%"
    if has_kpi or _measured_anywhere(text):
        return _QUIET
    delivered = _delivered_state(tokens)
    if delivered:
        return Judgement(True, f"reports a deliverable ('{delivered}') rather than its effect")
    if _reads_as_instruction(tokens):
        return Judgement(True, f"opens with the instruction '{tokens[0].low}'")
    return _QUIET


def _delegated_verb(tokens: Sequence[_Token]) -> tuple[str, int] | None:
    """The work inside "Have support use X to conduct 40 interviews": ("conduct", i)."""
    if tokens[0].low not in _CAUSATIVES:
        return None
    for index in range(1, min(_clause_end(tokens), 12) - 1):
        if tokens[index].low == "to" and tokens[index + 1].low in _TASK:
            return tokens[index + 1].low, index + 2
    return None


def _is_task_verb(verb: str, head: str, tokens: Sequence[_Token], after: int) -> bool:
    """Whether the opening verb names work, judging ambiguous verbs by their object."""
    if " " in verb and verb not in _UPKEEP_PHRASES:
        return True  # roll out, set up, kick off, sign off
    if verb in _IMPROVE:
        return head not in _METRIC_NOUNS  # "Improve NPS" vs "Improve the flow"
    if verb in _ACQUIRE:
        return head not in _METRIC_NOUNS and not _counts_people(tokens, after)
    if verb not in _TASK or verb.split()[0] in _PARTICLE_ONLY:
        return False
    if verb in _UPKEEP:
        return head not in _METRIC_NOUNS  # "Hold CAC under $300" vs "Hold 3 open evenings"
    return True  # complete, finish, make, move ... are work, results aside


def _counts_people(tokens: Sequence[_Token], after: int) -> bool:
    """ "Add 500 paying customers", "Get 30 restaurants paying": people, counted."""
    window = tokens[after : after + 5]
    return any(token.low in _POPULATION_NOUNS for token in window) and any(
        _NUMBER_RE.fullmatch(token.low) for token in window[:3]
    )


def _service_level(text: _Statement, verb: str, after: int) -> bool:
    """A service verb with a rate or a time limit: "Deliver 98% of parcels on time"."""
    if verb not in _SERVICE:
        return False
    for number in text.numbers:
        limited = number.unit in {"percent", "time"} or number.level
        if number.start >= after and number.metric and limited:
            return True
    words = [token.low for token in text.tokens[after:]]
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    return bool({"on-time", "same-day"} & set(words) or {"on time", "same day"} & pairs)


def _measured_after(text: _Statement, after: int) -> bool:
    """After a task verb, a measured outcome: a change, a level or a result verb."""
    tokens = text.tokens
    if _change_from_to(text, after) or _no_defects(tokens, after):
        return True
    for number in text.numbers:
        if number.start < after or not number.metric:
            continue
        moved = number.change and number.unit in {"percent", "money", "scale", "multiplier"}
        if (moved or number.level) and _metric_before(tokens, number.start, after):
            return True  # "... with conversion above 3%", "... lifting margin by 2%"
    for index in range(after + 1, len(tokens)):
        low = tokens[index].low
        result_verb = low in _OUTCOME and low not in _TASK and low not in {"use", "report", "say"}
        if result_verb and text.metric_within(index + 1, index + 7) is not None:
            return True  # "... and reach 1,000 sign-ups"
    return False


def _metric_before(tokens: Sequence[_Token], index: int, floor: int) -> bool:
    return any(tokens[j].low in _STRICT_METRIC_NOUNS for j in range(max(floor, index - 5), index))


def _measured_anywhere(text: _Statement) -> bool:
    """For titles that open with a subject: any measure makes the title an outcome."""
    tokens = text.tokens
    if _change_from_to(text, 0) or _no_defects(tokens, 0):
        return True
    if any(
        token.low == "zero" and _word(tokens, i + 1).isalpha() for i, token in enumerate(tokens)
    ):
        return True  # "... ends with zero lost bookings": a count held at nought
    for number in text.numbers:
        if not number.metric and not (number.start == 0 and not number.unit):
            continue
        if number.level or number.change or number.unit == "percent":
            return True
        if _word(tokens, number.end) == "of" or _word(tokens, number.end) in _METRIC_NOUNS:
            return True
    if any(t.low in _OUTCOME and t.low not in _TASK for t in tokens[1:]):
        return True  # "Blog readers drive ...", "Patients rate ..."
    return bool(text.numbers) and any(t.low in _STRICT_METRIC_NOUNS for t in tokens[:4])


def _change_from_to(text: _Statement, start: int) -> bool:
    """A change "from A to B" after ``start``."""
    for number in text.numbers:
        if number.start >= start and _word(text.tokens, number.start - 1) == "from":
            for index in range(number.end, number.end + 7):
                second = text.by_start.get(index)
                if second is not None and second.change:
                    return True
    return False


def _no_defects(tokens: Sequence[_Token], start: int) -> bool:
    """A quality level: "with zero errors", "no material findings"."""
    for index in range(start, len(tokens)):
        if tokens[index].low in {"zero", "no"} and any(
            _word(tokens, j) in _DEFECT_NOUNS for j in range(index + 1, index + 4)
        ):
            return True
    return False


def _counted_output(text: _Statement, after: int) -> str:
    """The count right after a task verb, with what it counts: "4 features"."""
    number = text.metric_within(after, after + 3)
    if number is None:
        return ""
    end = number.end
    while end < min(len(text.tokens), number.end + 3) and text.tokens[end].low.isalpha():
        if text.tokens[end].low in _HEAD_STOPS:
            break
        end += 1
    return _span(text.tokens, number.start, end)


def _delivered_state(tokens: Sequence[_Token]) -> str:
    """A deliverable reported as done: "Billing migrated to Stripe", "App live"."""
    for index in range(1, len(tokens)):
        if tokens[index - 1].low in _DETERMINERS:
            continue  # "a live drill", "the launched module": describing, not reporting
        low = tokens[index].low
        pair = f"{low} {_word(tokens, index + 1)}"
        if pair in _DELIVERED_STATES:
            return pair
        if low in _DELIVERED_STATES:
            return low
        base = _TASK.get(low, "")
        if base in _TASK_PARTICLES and _word(tokens, index + 1) == _TASK_PARTICLES[base]:
            return pair  # "rolled out", "set up"
        participle = low.endswith(("ed", "en")) or low in _IRREGULAR.get(base, ())
        if base and participle and base not in _PARTICLE_ONLY and low != base:
            return low  # "migrated", "published", "built", "written"
    return ""


def _reads_as_instruction(tokens: Sequence[_Token]) -> bool:
    """An unknown first word used as a verb: "Refurbish the ward", "Reroof all depots"."""
    first = tokens[0].low
    return (
        first.isalpha()
        and not first.endswith("ing")
        and _word(tokens, 1) in {"the", "a", "an", "our", "all", "every", "each", "its", "their"}
        and first not in _METRIC_NOUNS
        and first not in _POPULATION_NOUNS
        and first not in _DETERMINERS
        and first not in {"no", "zero", "most", "half", "more", "only"}
    )


# --- the public checks, with verdicts remembered ---------------------------------------------

#: A request for one verdict: (check code, text, key result kind, has unit, has KPI).
Request = tuple[str, str, str, bool, bool]

_JUDGES = {
    "Q103": lambda text, kind, has_unit, has_kpi: _reads_like_kpi(text),
    "Q104": _is_task,
    "Q105": lambda text, kind, has_unit, has_kpi: _is_a_number(text),
}
# Judging is pure, so a verdict is reused: Q103 and Q105 read the same statements, and the
# workers that load a big portal judge its texts too (:func:`take_verdicts`, :func:`remember`).
# Bounded, because ``mkdocs serve`` keeps the process through edits.
_VERDICTS: dict[Request, Judgement] = {}
_MAX_VERDICTS = 200_000


def _verdict(request: Request) -> Judgement:
    found = _VERDICTS.get(request)
    if found is None:
        found = _JUDGES[request[0]](*request[1:])
        if len(_VERDICTS) >= _MAX_VERDICTS:
            _VERDICTS.clear()
        _VERDICTS[request] = found
    return found


def judge_objective_reads_like_kpi(statement: str) -> Judgement:
    """Whether an objective is upkeep of a level, i.e. a KPI (check Q103); see
    :func:`_reads_like_kpi`."""
    return _verdict(("Q103", statement, "", False, False))


def judge_objective_is_a_number(statement: str) -> Judgement:
    """Whether an objective carries its own metric target (check Q105); see
    :func:`_is_a_number`."""
    return _verdict(("Q105", statement, "", False, False))


def judge_key_result_is_task(
    title: str, *, kind: str, has_unit: bool = False, has_kpi: bool = False
) -> Judgement:
    """Whether a key result names an activity or an output, not an outcome (check Q104);
    see :func:`_is_task`."""
    return _verdict(("Q104", title, kind, has_unit, has_kpi))


def take_verdicts() -> list[tuple[Request, Judgement]]:
    """The verdicts reached so far in this process, forgotten here (a worker sends them on)."""
    verdicts = list(_VERDICTS.items())
    _VERDICTS.clear()
    return verdicts


def remember(verdicts: Iterable[tuple[Request, Judgement]]) -> None:
    """Keep verdicts reached elsewhere (in a worker), so the checks need not judge again."""
    for request, verdict in verdicts:
        if len(_VERDICTS) >= _MAX_VERDICTS:
            _VERDICTS.clear()
        _VERDICTS[request] = verdict
