"""The cadence commands (``due``, ``digest``, ``kpi add``, ``pull``) on the ``okrsite`` group.

They live in :mod:`okrsite.cadence.commands`, beside the work they wrap.
"""

from __future__ import annotations

from ..cadence.commands import register
from .base import main

register(main)
