"""After unlock the passphrase is gone: only the key derived from it is kept."""

from __future__ import annotations

import gc
import secrets
import sys
import types

from rrdesk.services.vaults import Vault


def _holders(roots: list[object], secret: str) -> list[str]:
    """Every str or bytes reachable from ``roots`` that contains ``secret`` (described by
    the chain of types that leads to it). Modules, classes and module globals are not
    followed: they are shared by the whole process, not held by the vault."""
    shared = {id(m.__dict__) for m in list(sys.modules.values()) if m is not None}
    needle = secret.encode("utf-8")
    seen: set[int] = set()
    found: list[str] = []
    stack: list[tuple[object, str]] = [(r, type(r).__name__) for r in roots]
    while stack:
        obj, path = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            if secret in obj:
                found.append(path)
            continue
        if isinstance(obj, bytes | bytearray):
            if needle in obj:
                found.append(path)
            continue
        if isinstance(obj, types.ModuleType | type) or id(obj) in shared:
            continue
        for ref in gc.get_referents(obj):
            stack.append((ref, f"{path} > {type(ref).__name__}"))
    return found


def test_no_object_of_the_open_app_holds_the_passphrase(qtbot, make_controller,
                                                        type_passphrase, vault_path):
    passphrase = "gc-walk test-only " + secrets.token_hex(6)  # unique to this test
    Vault.create(vault_path, passphrase, "Officer Testcase").close()
    controller = make_controller(vault_path)
    main = type_passphrase(controller, passphrase)
    assert main is not None and not controller.is_locked
    qtbot.wait(50)  # queued deliveries of the unlock operation have run
    gc.collect()

    roots = [controller, controller.vault, controller.session, controller.operations, main,
             controller.unlock_window]
    assert _holders(roots, passphrase) == []
    # The walk does find a passphrase where one is held.
    assert _holders([{"held": [passphrase + " "]}], passphrase) != []
