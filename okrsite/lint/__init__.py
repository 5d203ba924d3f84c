"""Quality checks (Q codes, SPEC section 7): warnings drawn from the OKR/KPI literature.

One module per family of rules; each rule is a small pure function registered
under its code in :data:`RULES` (see :mod:`.registry`, which also records the
decisions the SPEC leaves open):

- :mod:`.objectives`: Q101, Q102, Q113, Q114 (the shape of an objective);
- :mod:`.text`: Q103-Q105 (wording; the judging lives in :mod:`okrsite.text`);
- :mod:`.kpis`: Q106-Q108, Q111, Q112;
- :mod:`.history`: Q109, Q110 (across periods and check-ins);
- :mod:`.placeholders`: Q115 (placeholder text left in a page).
"""

from __future__ import annotations

from . import history, kpis, objectives, placeholders, text
from .kpis import stale_before
from .registry import REPEAT_SIMILARITY, RULES, SEED_TITLES, Rule, lint_portal, rule

# The families register in import order; the registry reads in code order.
_ORDERED = dict(sorted(RULES.items()))
RULES.clear()
RULES.update(_ORDERED)

__all__ = [
    "REPEAT_SIMILARITY",
    "RULES",
    "SEED_TITLES",
    "Rule",
    "history",
    "kpis",
    "lint_portal",
    "objectives",
    "placeholders",
    "rule",
    "stale_before",
    "text",
]
