"""Vault performance: unlock time, and the cost of encryption on the same work.

Targets (foundation issue): unlock under 1 s; the encrypted vault within 1.5x of plain
SQLite on the same workload. The plain database uses the stdlib sqlite3 driver through
SQLAlchemy with the same schema (the same Alembic migrations) and the same connection
settings as the vault (WAL, synchronous=FULL, foreign keys, page cache, BEGIN IMMEDIATE),
so the difference is the encryption alone. ``cipher_memory_security`` is off, as SQLCipher
ships it and as rrdesk runs.

Two workloads, each on new files, the median of ``ROUNDS`` runs taking turns at going
first:

- ``engine``: straight SQLAlchemy on the ``cases`` table: the register in every sort
  order (as a day in the app starts, so the statements an officer has used are cached
  when the writing starts), inserts in committed batches, one-case commits, PNC lookups, a
  full scan.
- ``app``: the app's own services (``benchmarks/app_workload.py``): a spreadsheet import,
  saves and edits through the case form's service (case, search index, audit entry), the
  register sorted and searched key by key, cases opened with their history.

Run: ``python -m benchmarks.vault_bench [--cases 5000] [--lookups 500] [--unlocks 5]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from benchmarks.app_workload import app_workload
from rrdesk.domain.identifiers import pnc_check_letter
from rrdesk.store import engine as vault_engine
from rrdesk.store import migrate
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault

PASSPHRASE = "benchmark-only passphrase, fictional data"  # noqa: S105 - synthetic data only
UNLOCK_TARGET_S = 1.0
RATIO_TARGET = 1.5
BATCH = 250
ROUNDS = 3
APP_CASES = 2000


def plain_engine(path: Path) -> Engine:
    """Stdlib SQLite with the vault's settings and engine, minus the key."""

    def creator() -> sqlite3.Connection:
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        vault_engine.tune(conn)
        return conn

    engine = vault_engine.pooled_engine(creator)
    migrate.upgrade(engine)
    return engine


def _cases(n: int) -> list[dict]:
    rng = random.Random(7)
    now = dt.datetime(2026, 1, 1)
    rows = []
    for i in range(n):
        year, serial = rng.randint(1995, 2025), 9_000_000 + i
        rows.append(dict(
            family_name=f"Benchmark{rng.choice('ABCDEFGH')}-Demo{i}", given_names="Testperson",
            pnc=f"{year}/{serial:07d}{pnc_check_letter(year, serial)}", crn=f"X{900000 + i:06d}",
            offender_manager=f"PO Example {i % 25}", iom_cohort="fixed", status="active",
            date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=i % 9000),
            created_at=now, updated_at=now,
        ))
    return rows


def _timed(fn: Callable[[], object]) -> float:
    """Seconds ``fn`` takes, with Python's garbage collector held off (as ``timeit`` does):
    a collection falling in one database's turn and not the other's is noise."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


SINGLE_SAVES = 200


def workload_on_engine(engine: Engine, cases: int, lookups: int) -> dict[str, float]:
    """Browse the register in every sort order, insert ``cases`` in committed batches, save
    some one at a time (as a person saves a form), look up ``lookups`` by PNC and scan
    them all."""
    rows = _cases(cases + SINGLE_SAVES)
    singles, rows = rows[cases:], rows[:cases]
    rng = random.Random(11)
    wanted = [rows[rng.randrange(cases)]["pnc"] for _ in range(lookups)]

    def browse() -> None:
        with Session(engine) as s:
            for column in Case.__table__.columns:
                for order in (column.asc(), column.desc()):
                    s.execute(select(Case.id).order_by(order).limit(100)).all()

    def insert() -> None:
        for start in range(0, cases, BATCH):
            with Session(engine) as s, s.begin():
                s.add_all(Case(**r) for r in rows[start:start + BATCH])

    def single() -> None:
        for row in singles:
            with Session(engine) as s, s.begin():
                s.add(Case(**row))

    def lookup() -> None:
        with Session(engine) as s:
            for pnc in wanted:
                assert s.scalars(select(Case).where(Case.pnc == pnc)).one()
                s.expunge_all()

    def scan() -> None:
        with Session(engine) as s:
            loaded = s.scalars(select(Case).order_by(Case.family_name)).all()
            assert len(loaded) == cases + SINGLE_SAVES
            assert s.scalar(select(func.count()).where(Case.given_names.like("%person%")))

    figures = {"browse": _timed(browse), "insert": _timed(insert), "single": _timed(single),
               "lookup": _timed(lookup), "scan": _timed(scan)}
    figures["total"] = sum(figures.values())
    return figures


def _median_figures(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


class _Plain:
    """Plain SQLite as a vault: the app's services run on it unchanged."""

    def __init__(self, path: Path) -> None:
        self.engine = plain_engine(path)
        self.vault = Vault.on_engine(path, self.engine)

    def close(self) -> None:
        self.engine.dispose()


def _database(kind: str, path: Path) -> Vault | _Plain:
    if kind == "encrypted":
        Vault.create(path, PASSPHRASE, "Benchmark Officer").close()
        return Vault.open(path, PASSPHRASE)
    return _Plain(path)


def _run(workload: str, vault: Vault, cases: int, lookups: int) -> dict[str, float]:
    if workload == "engine":
        return workload_on_engine(vault.engine, cases, lookups)
    return app_workload(vault, APP_CASES, _timed)


WORKLOADS = ("engine", "app")
KINDS = ("encrypted", "plain")


def measure(cases: int, lookups: int, unlocks: int, rounds: int = ROUNDS) -> dict[str, object]:
    """Unlock times; and each workload's figures on each database: the median of
    ``rounds`` runs on new files, the two databases taking turns at going first."""
    runs = {w: {k: [] for k in KINDS} for w in WORKLOADS}
    with tempfile.TemporaryDirectory(prefix="rrdesk-bench-") as folder:
        vault_path = Path(folder) / "bench.rrvault"
        Vault.create(vault_path, PASSPHRASE, "Benchmark Officer").close()
        times = []
        for _ in range(unlocks):
            start = time.perf_counter()
            vault = Vault.open(vault_path, PASSPHRASE)
            times.append(time.perf_counter() - start)
            vault.close()
        for turn in range(rounds):
            for kind in KINDS if turn % 2 == 0 else reversed(KINDS):
                for workload in WORKLOADS:
                    path = Path(folder) / f"{workload}-{kind}-{turn}.db"
                    db = _database(kind, path)
                    try:
                        vault = db if isinstance(db, Vault) else db.vault
                        runs[workload][kind].append(_run(workload, vault, cases, lookups))
                    finally:
                        db.close()
    result: dict[str, object] = {"unlock": statistics.median(times), "unlock_all": times}
    for workload in WORKLOADS:
        result[workload] = {kind: _median_figures(runs[workload][kind]) for kind in KINDS}
    return result


# Each comparison runs the encrypted workloads again in a process of its own: a label, and
# its options. None today (memory security and the lookaside pool are gone).
COMPARISONS: dict[str, list[str]] = {}

LABELS = {
    "engine": {"browse": "register, every sort", "insert": "insert (batched commits)",
               "single": f"{SINGLE_SAVES} one-case commits", "lookup": "indexed lookups",
               "scan": "full scan", "total": "total"},
    "app": {"import": f"import {APP_CASES} (spreadsheet)", "saves": "saves (case form)",
            "edits": "edits (case form)", "browse": "register: sort, type",
            "opens": "open case + history", "total": "total"},
}


def _table(title: str, labels: dict[str, str], enc: dict, plain: dict,
           others: dict[str, dict]) -> list[str]:
    width = 60 + 26 * len(others)
    lines = [
        title,
        f"{'measure':<28}{'encrypted':>12}{'plain':>12}{'ratio':>8}"
        + "".join(f"{'enc, ' + label:>20}{'ratio':>6}" for label in others),
        "-" * width,
    ]
    for key, label in labels.items():
        line = f"{label:<28}{enc[key]:>11.3f}s{plain[key]:>11.3f}s{enc[key] / plain[key]:>7.2f}x"
        for other in others.values():
            line += f"{other[key]:>19.3f}s{other[key] / plain[key]:>5.2f}x"
        lines.append(line)
    return [*lines, "-" * width, ""]


def _verdict(ratio: float) -> str:
    met = "met" if ratio <= RATIO_TARGET else "MISSED"
    return f"{ratio:.2f}x (target <= {RATIO_TARGET:.1f}x: {met})"


def report(result: dict, cases: int, lookups: int, others: dict[str, dict] | None = None) -> str:
    others = others or {}
    titles = {
        "engine": f"Engine workload (register in every sort order, {cases} case inserts in "
                  f"batches of {BATCH}, {SINGLE_SAVES} single saves, {lookups} PNC lookups, "
                  "full scan)",
        "app": f"App workload (services: import {APP_CASES}, case form saves and edits, "
               "register sorted and searched key by key, cases opened)",
    }
    lines: list[str] = []
    for workload in WORKLOADS:
        figures = result[workload]
        lines += _table(titles[workload], LABELS[workload], figures["encrypted"],
                        figures["plain"], {k: v[workload]["encrypted"] for k, v in others.items()})
    unlock = result["unlock"]
    lines += [
        f"unlock (median of {len(result['unlock_all'])} Vault.open): {unlock:.3f} s "
        f"(target < {UNLOCK_TARGET_S:.1f} s: {'met' if unlock < UNLOCK_TARGET_S else 'MISSED'})",
    ]
    for workload in WORKLOADS:
        enc, plain = result[workload]["encrypted"], result[workload]["plain"]
        lines.append(f"{workload} workload, encrypted / plain: "
                     + _verdict(enc["total"] / plain["total"]))
    lines.append("(cipher_memory_security off, as SQLCipher ships it)")
    for label, other in others.items():
        ratios = ", ".join(
            f"{w} {other[w]['encrypted']['total'] / result[w]['plain']['total']:.2f}x"
            for w in WORKLOADS)
        lines.append(f"{label}: ({ratios})")
    return "\n".join(lines)


def _at_least(low: int) -> Callable[[str], int]:
    """An argparse type: a whole number no smaller than ``low``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is below {low}")
        return value

    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.vault_bench")
    parser.add_argument("--cases", type=_at_least(1), default=5000)
    parser.add_argument("--lookups", type=_at_least(1), default=500)
    parser.add_argument("--unlocks", type=_at_least(1), default=5)
    parser.add_argument("--rounds", type=_at_least(1), default=ROUNDS)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the comparison runs")
    args = parser.parse_args(argv)
    result = measure(args.cases, args.lookups, args.unlocks, args.rounds)
    if args.json:
        print(json.dumps(result))
        return 0
    others = {}
    if not args.no_compare:
        for label, options in COMPARISONS.items():
            run = subprocess.run(
                [sys.executable, "-m", "benchmarks.vault_bench", "--cases", str(args.cases),
                 "--lookups", str(args.lookups), "--unlocks", "1", "--rounds", "1", "--json",
                 *options], capture_output=True, text=True, check=False)
            if run.returncode == 0:
                others[label] = json.loads(run.stdout)
    print(report(result, args.cases, args.lookups, others))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
