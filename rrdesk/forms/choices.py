"""Suggestions offered for agency fields when a definition lists none of its own.

The Responsible Authority and the Duty to Co-operate agencies (CJA 2003 s.325); a local
definition may give its own list with ``options``.
"""

from __future__ import annotations

from rrdesk.domain.local_rules import DEFAULT_PARTNER_AGENCIES

# The team's partner agencies by default (domain.local_rules), and a way out.
AGENCIES = (*DEFAULT_PARTNER_AGENCIES, "Other")
