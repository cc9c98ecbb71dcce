"""The calendar: a month of 2,000 items painted, and the month read from a large vault.

Targets (issue "Review calendar"): a month with 2,000 items renders in under 100 ms (the
items grouped into days and the whole grid painted, at the size it has on a 1366x768
screen). Also printed: reading a month's items from a demo vault (``--cases``, default
20,000) and the due summary. Run: ``python -m benchmarks.calendar_bench [--cases N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "benchmark-only passphrase"
TARGET_MS = 100.0
GRID_SIZE = (1150, 600)  # the month grid's size in the main window at 1366x768


def synthetic_items(count: int, year: int, month: int) -> list:
    from rrdesk.domain.calendar import CalendarItem, Kind, case_reference, make_uid, month_grid

    rng = random.Random(7)
    days = month_grid(year, month)
    kinds = list(Kind)
    items = []
    for n in range(count):
        kind = rng.choice(kinds)
        case_id = rng.randint(1, 20_000)
        items.append(CalendarItem(
            date=rng.choice(days), kind=kind, title=f"{case_reference(case_id)}: {kind.label}",
            uid=make_uid(kind, n, "bench"), case_id=case_id, overdue=rng.random() < 0.15,
            time=dt.time(10, 0) if kind == Kind.MEETING else None))
    return items


def paint_month(count: int, rounds: int) -> tuple[list[float], list[float]]:
    """Milliseconds (wall clock, and this process's CPU time) to group ``count`` items and
    paint the month, ``rounds`` times. On a shared, busy machine the wall clock includes
    time spent waiting for a core; the CPU time is what the work costs."""
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication

    from rrdesk.domain.calendar import month_grid
    from rrdesk.ui.calendar.grid import DayGrid

    app = QApplication.instance() or QApplication([])
    today = dt.date(2026, 11, 16)
    items = synthetic_items(count, today.year, today.month)
    grid = DayGrid(6)
    grid.resize(*GRID_SIZE)
    grid.set_days(month_grid(today.year, today.month), today.month, today, today)
    pixmap = QPixmap(*GRID_SIZE)
    grid.set_items(items)
    grid.render(pixmap)  # warm up fonts and caches
    app.processEvents()
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        grid.set_items(items)
        grid.render(pixmap)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def read_month(cases: int, folder: Path) -> dict[str, float]:
    from rrdesk.domain.calendar import Window, month_grid
    from rrdesk.services.calendar import due_summary, gather
    from rrdesk.services.demo import fill_demo
    from rrdesk.store.vault import Vault

    path = folder / f"calendar-{cases}.rrvault"
    if not path.exists():
        with Vault.create(path, PASSPHRASE, "Benchmark Officer") as vault:
            fill_demo(vault, cases=cases, seed=7, mappa=True)  # meetings and RMPs too
    today = dt.date.today()
    days = month_grid(today.year, today.month)
    window = Window(days[0], days[-1] + dt.timedelta(days=1))
    with Vault.open(path, PASSPHRASE) as vault:
        gather(vault, window)  # warm the page cache
        reads, sums = [], []
        for _ in range(5):
            start = time.perf_counter()
            items = gather(vault, window)
            reads.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            due_summary(vault)
            sums.append((time.perf_counter() - start) * 1000)
    return {"items": len(items), "read_ms": statistics.median(reads),
            "summary_ms": statistics.median(sums)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="calendar_bench")
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--cases", type=int, default=20_000,
                        help="demo vault size for the read figures (0 skips them)")
    parser.add_argument("--folder", type=Path, help="keep the demo vault here between runs")
    args = parser.parse_args(argv)
    if args.items < 1 or args.rounds < 1 or args.cases < 0:
        parser.error("--items and --rounds must be 1 or more, --cases 0 or more")

    wall, cpu = paint_month(args.items, args.rounds)
    print(f"calendar: month of {args.items:,} items grouped and painted at "
          f"{GRID_SIZE[0]}x{GRID_SIZE[1]}: median {statistics.median(wall):.1f} ms wall "
          f"(max {max(wall):.1f}), {statistics.median(cpu):.1f} ms CPU, over {args.rounds} "
          f"rounds (target < {TARGET_MS:.0f} ms)")
    if args.cases:
        with tempfile.TemporaryDirectory(prefix="rrdesk-calbench-") as tmp:
            folder = args.folder or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            figures = read_month(args.cases, folder)
        print(f"calendar: this month read from a {args.cases:,}-case vault: "
              f"{figures['items']:,} items in {figures['read_ms']:.0f} ms (median of 5); "
              f"due summary {figures['summary_ms']:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
