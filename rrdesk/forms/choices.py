"""Suggestions offered for agency fields when a definition lists none of its own.

The Responsible Authority and the Duty to Co-operate agencies (CJA 2003 s.325); a local
definition may give its own list with ``options``.
"""

from __future__ import annotations

AGENCIES = (
    "Probation Service",
    "Police",
    "Prison Service",
    "Youth Justice Service",
    "Department for Work and Pensions",
    "Local authority education",
    "Children's social care",
    "Adult social care",
    "Housing authority",
    "Social landlord",
    "NHS / health",
    "Electronic monitoring provider",
    "Home Office Immigration Enforcement",
    "Other",
)
