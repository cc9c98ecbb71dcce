"""Vault performance: unlock time, and the cost of encryption on a case workload.

Targets (foundation issue): unlock under 1 s; the encrypted vault within 1.5x of plain
SQLite on the same workload. The plain database uses the stdlib sqlite3 driver through
SQLAlchemy with the same schema (the same Alembic migrations) and the same connection
settings as the vault (WAL, synchronous=FULL, foreign keys, page cache, BEGIN IMMEDIATE),
so the difference is the encryption alone.

Run: ``python -m benchmarks.vault_bench [--cases 5000] [--lookups 500] [--unlocks 5]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

from rrdesk.domain.identifiers import pnc_check_letter
from rrdesk.store import engine as vault_engine
from rrdesk.store import migrate
from rrdesk.store.models import Case
from rrdesk.store.vault import Vault

PASSPHRASE = "benchmark-only passphrase, fictional data"  # noqa: S105 - synthetic data only
UNLOCK_TARGET_S = 1.0
RATIO_TARGET = 1.5
BATCH = 250


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
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


SINGLE_SAVES = 200


def workload(engine: Engine, cases: int, lookups: int) -> dict[str, float]:
    """Insert ``cases`` in committed batches, save some one at a time (as a person saves a
    form), look up ``lookups`` by PNC and scan them all."""
    rows = _cases(cases + SINGLE_SAVES)
    singles, rows = rows[cases:], rows[:cases]
    rng = random.Random(11)
    wanted = [rows[rng.randrange(cases)]["pnc"] for _ in range(lookups)]

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

    figures = {"insert": _timed(insert), "single": _timed(single), "lookup": _timed(lookup),
               "scan": _timed(scan)}
    figures["total"] = sum(figures.values())
    return figures


def measure(cases: int, lookups: int, unlocks: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="rrdesk-bench-") as folder:
        vault_path = Path(folder) / "bench.rrvault"
        Vault.create(vault_path, PASSPHRASE, "Benchmark Officer").close()
        times = []
        for _ in range(unlocks):
            start = time.perf_counter()
            vault = Vault.open(vault_path, PASSPHRASE)
            times.append(time.perf_counter() - start)
            vault.close()
        with Vault.open(vault_path, PASSPHRASE) as vault:
            encrypted = workload(vault.engine, cases, lookups)
        plain = plain_engine(Path(folder) / "plain.sqlite")
        try:
            unencrypted = workload(plain, cases, lookups)
        finally:
            plain.dispose()
        return {"unlock": statistics.median(times), "unlock_all": times,
                "encrypted": encrypted, "plain": unencrypted}


def report(result: dict, cases: int, lookups: int, no_memsec: dict | None = None) -> str:
    enc, plain = result["encrypted"], result["plain"]
    extra = no_memsec["encrypted"] if no_memsec else None
    width = 60 + (22 if extra else 0)
    lines = [
        f"Vault benchmark ({cases} case inserts in batches of {BATCH}, {SINGLE_SAVES} single "
        f"saves, {lookups} PNC lookups, full scan)",
        "",
        f"{'measure':<28}{'encrypted':>12}{'plain':>12}{'ratio':>8}"
        + (f"{'enc, memsec off':>16}{'ratio':>6}" if extra else ""),
        "-" * width,
    ]
    labels = {"insert": "insert (batched commits)",
              "single": f"{SINGLE_SAVES} one-case commits", "lookup": "indexed lookups",
              "scan": "full scan", "total": "total"}
    for key, label in labels.items():
        ratio = enc[key] / plain[key] if plain[key] else float("inf")
        line = f"{label:<28}{enc[key]:>11.3f}s{plain[key]:>11.3f}s{ratio:>7.2f}x"
        if extra:
            line += f"{extra[key]:>15.3f}s{extra[key] / plain[key]:>5.2f}x"
        lines.append(line)
    ratio = enc["total"] / plain["total"]
    unlock = result["unlock"]
    lines += [
        "-" * width,
        f"unlock (median of {len(result['unlock_all'])} Vault.open): {unlock:.3f} s "
        f"(target < {UNLOCK_TARGET_S:.1f} s: {'met' if unlock < UNLOCK_TARGET_S else 'MISSED'})",
        f"encrypted / plain, total: {ratio:.2f}x "
        f"(target <= {RATIO_TARGET:.1f}x: {'met' if ratio <= RATIO_TARGET else 'MISSED'})",
    ]
    if extra:
        lines.append(
            f"without cipher_memory_security (measured in its own process): "
            f"{extra['total'] / plain['total']:.2f}x; memory security is what costs the time"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.vault_bench")
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--unlocks", type=int, default=5)
    parser.add_argument("--memory-security", choices=["on", "off"], default="on",
                        help="off: measure the vault without cipher_memory_security")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the second run without memory security")
    args = parser.parse_args(argv)
    # Memory security is process-wide and cannot be switched off once on, so the run
    # without it happens in a process of its own.
    vault_engine.MEMORY_SECURITY = args.memory_security == "on"
    result = measure(args.cases, args.lookups, args.unlocks)
    if args.json:
        print(json.dumps(result))
        return 0
    no_memsec = None
    if not args.no_compare and args.memory_security == "on":
        run = subprocess.run(
            [sys.executable, "-m", "benchmarks.vault_bench", "--cases", str(args.cases),
             "--lookups", str(args.lookups), "--unlocks", "1", "--memory-security", "off",
             "--json"], capture_output=True, text=True, check=False)
        if run.returncode == 0:
            no_memsec = json.loads(run.stdout)
    print(report(result, args.cases, args.lookups, no_memsec))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
