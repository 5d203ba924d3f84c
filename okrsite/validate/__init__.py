"""Raw records -> model + findings (E codes).

Every check of every page runs and every problem is reported; nothing raises on
bad input. Invalid values are left out of the model (with an error), so later
stages can still run and report what they can.

- :mod:`.fields`: one value or record against its :class:`~okrsite.schema.Field`\\ s;
- :mod:`.drafts`: one page -> a :class:`Draft` (references still unresolved);
- :mod:`.points`: one KPI CSV -> its points;
- :mod:`.links`: all drafts -> the :class:`Model` (references resolved, cycles found).
"""

from __future__ import annotations

from .drafts import Draft, draft_kpi, draft_objective, draft_team
from .fields import Reporter, check_record, convert, parse_day, parse_number, suggest
from .links import Model, build_model
from .points import points_from_csv

__all__ = [
    "Draft",
    "Model",
    "Reporter",
    "build_model",
    "check_record",
    "convert",
    "draft_kpi",
    "draft_objective",
    "draft_team",
    "parse_day",
    "parse_number",
    "points_from_csv",
    "suggest",
]
