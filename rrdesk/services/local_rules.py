"""The team's local rules (domain.local_rules), kept in the vault as one JSON value."""

from __future__ import annotations

import json
from dataclasses import asdict, fields

from sqlalchemy.orm import Session

from rrdesk.domain.local_rules import LocalRules
from rrdesk.store.audit import AuditAction
from rrdesk.store.models import VaultMeta
from rrdesk.store.vault import Vault

META_KEY = "local_rules"


def load_rules(vault: Vault) -> LocalRules:
    """The vault's rules; a rule never set (or no longer known) has its default."""
    return _parsed(vault.get_meta(META_KEY, ""))


def rules_in(s: Session) -> LocalRules:
    """The rules, read in the caller's session (with the rest of what it reads)."""
    row = s.get(VaultMeta, META_KEY)
    return _parsed(row.value if row is not None else "")


def _parsed(raw: str) -> LocalRules:
    if not raw:
        return LocalRules()
    try:
        stored = json.loads(raw)
    except ValueError:
        return LocalRules()
    known = {f.name for f in fields(LocalRules)}
    rules = LocalRules(**{k: v for k, v in stored.items() if k in known})
    try:
        rules.validate()
    except Exception:  # a rule written by a newer rrdesk we cannot read: defaults
        return LocalRules()
    return rules


def save_rules(vault: Vault, rules: LocalRules) -> None:
    """Check, store and audit; ``FieldError`` names the rule that is wrong."""
    rules.validate()
    vault.set_meta(META_KEY, json.dumps(asdict(rules), sort_keys=True))
    vault.log(AuditAction.ALTERATION, "local_rules", detail="local rules changed")
