"""The cadence: what people owe (``due``), what changed (``digest``), KPI data in (``kpi add``,
``pull``) and the GitHub issues that remind people (``issues``), SPEC section 12.

Every command reads the goals through the core's one pipeline
(:func:`okrsite.portal.build_portal`), as ``okrsite check`` does, and writes only
inside the goals folder, through :func:`okrsite.writes.rewrite_locked`. The click commands are in
:mod:`okrsite.cli.cadence`.
"""
