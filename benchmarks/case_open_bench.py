"""Opening a case window on the 20,000-case register vault: every tab filled, and how many
sessions (reads and transactions) one opening takes.

Target: under 200 ms a case (the team's line for work that may stay on the GUI thread);
one session an opening. Run: ``python -m benchmarks.case_open_bench [--vault PATH]``;
without ``--vault`` it builds the register benchmark's vault (``--cases``, 20,000) in a
temporary folder. A given vault is copied first (a vault open in two processes is refused).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.register_bench import PASSPHRASE, build_vault, percentile  # noqa: E402

TARGET_MS = 200


def run(vault_path: Path, opens: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from rrdesk.services.vaults import Vault
    from rrdesk.ui.register.case_window import CaseWindow

    app = QApplication.instance() or QApplication([])
    vault = Vault.open(vault_path, PASSPHRASE)
    sessions: list[str] = []
    transaction, read_session = vault.transaction, vault.read_session
    vault.transaction = lambda: sessions.append("t") or transaction()  # type: ignore[method-assign]
    vault.read_session = lambda: sessions.append("r") or read_session()  # type: ignore[method-assign]
    with read_session() as s:
        cases = s.execute(_count()).scalar_one()
    ids = random.Random(8).sample(range(1, cases + 1), min(opens, cases))
    times, counts = [], []
    warm = CaseWindow(vault, ids[0])  # the first one pays the imports and the form library
    warm.close()
    warm.deleteLater()
    app.processEvents()
    for case_id in ids:
        sessions.clear()
        t0 = time.perf_counter()
        window = CaseWindow(vault, case_id)
        window.resize(1366, 768)
        window.show()
        app.processEvents()  # shown, every tab filled
        times.append((time.perf_counter() - t0) * 1000)
        counts.append(len(sessions))
        window.close()
        window.deleteLater()
        app.processEvents()
    vault.close()
    return {"cases": cases, "opens": len(ids), "median_ms": statistics.median(times),
            "p95_ms": percentile(times, 95), "sessions": statistics.median(counts)}


def _count():  # noqa: ANN202 - a SQLAlchemy statement
    from sqlalchemy import func, select

    from rrdesk.store.models import Case

    return select(func.count(Case.id))


def report(r: dict[str, float]) -> None:
    print(f"Open a case benchmark: {r['cases']:,} cases, {r['opens']} case windows opened "
          "(shown at 1366x768, every tab filled)")
    print(f"{'measure':<34}{'value':>12}{'target':>12}{'ratio':>8}  verdict")
    for name, value, target, unit in (
            ("open a case, median", r["median_ms"], TARGET_MS, "ms"),
            ("open a case, 95th percentile", r["p95_ms"], TARGET_MS, "ms"),
            ("sessions an opening", r["sessions"], 1, "")):
        ratio = value / target
        shown = f"{value:.1f} {unit}".strip() if unit else f"{value:.0f}"
        goal = f"< {target} {unit}".strip() if unit else f"{target}"
        verdict = "meets" if (ratio < 1 if unit else ratio <= 1) else "MISSES"
        print(f"{name:<34}{shown:>12}{goal:>12}{ratio:>8.2f}  {verdict}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vault", type=Path, default=None,
                        help="a register benchmark vault to copy and use")
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--opens", type=int, default=40)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rrdesk-bench-") as folder:
        path = Path(folder) / "case-open.rrvault"
        if args.vault is not None:
            shutil.copyfile(args.vault, path)
        else:
            build_vault(path, args.cases)
        report(run(path, args.opens))


if __name__ == "__main__":
    main()
