"""Imported by the workers' fork server: forked workers start with the lexicon loaded.

Big portals judge their statements in worker processes forked from one server
(:mod:`okrsite.engine.workers`). Loading the lexicon and the word classes there, once,
in the background while the main process discovers files, spares each worker the
load; in every other process they still load on the first judgement.
"""

from __future__ import annotations

from .target import is_a_number
from .task import is_task
from .upkeep import reads_like_kpi

# One statement of each shape touches every word class the checks use; the judges
# are pure, and these verdicts are not kept in the shared cache.
reads_like_kpi("Make sure churn never rises above 2% while we grow")
is_a_number("Reach one million readers by 2027 in our top 3 markets, twice as fast")
for _title in (
    "Launch the new onboarding flow and reach 1,000 sign-ups",
    "Open source projects adopt our indexer",
    "Billing export is live in the admin panel",
    "Improve the returns process",
    "Add 500 paying customers",
):
    is_task(_title, "milestone", False, False)
