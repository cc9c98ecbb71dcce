"""The minutes of a MAPPA meeting with 20 case reviews, opened as the meeting window opens
them (``MinutesService.meeting_minutes``: every review with its attendance, reviewed
actions, RMP draft, disclosures and amendments).

Each case has had an approved review before (so its open actions come into "review of the
last actions") and a full plan. Target (issue "MAPPA in the app"): under 300 ms.
Run: ``python -m benchmarks.minutes_bench [--reviews N] [--runs R] [--cases C]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

PASSPHRASE = "benchmark-only passphrase"
TARGET_MS = 300


def build(path: Path, reviews: int, cases: int) -> tuple[object, int]:
    from rrdesk.domain.mappa import ActionStatus, Heading, LevelDecision
    from rrdesk.services.demo import fill_demo
    from rrdesk.services.mappa_records import (
        AttendeeItem,
        DisclosureItem,
        MeetingDetails,
        MinutesEdit,
    )
    from rrdesk.services.meetings import MeetingService
    from rrdesk.services.minutes import MinutesService
    from rrdesk.services.rmp import RmpActionItem, RmpRiskItem
    from rrdesk.store.vault import Vault

    vault = Vault.create(path, PASSPHRASE, "Benchmark Officer")
    fill_demo(vault, cases=cases, seed=11)
    meetings, minutes = MeetingService(vault), MinutesService(vault)
    case_ids = [c for c in range(1, cases + 1)][:reviews]
    attendees = [AttendeeItem(f"Example Person {i}", "Probation Service", "Officer")
                 for i in range(12)]

    def meeting(day: dt.date) -> int:
        meeting_id = meetings.schedule(MeetingDetails(
            dt.datetime.combine(day, dt.time(10)), 2, place="Room 1", chair="Chair Example"))
        meetings.set_attendance(meeting_id, attendees)
        meetings.record_statement(meeting_id, True)
        return meeting_id

    def minute(review_id: int, n: int) -> None:
        plan = minutes.open(review_id).rmp
        plan.risks = [RmpRiskItem("Violence (fictional)", "Known adult", "Evenings", "Drink")]
        plan.actions += [RmpActionItem(h, f"Action {n} under {h.value}", "Police",
                                       "Example Owner", dt.date(2026, 12, 1))
                         for h in Heading for _ in range(2)]
        marks = {a.id: (ActionStatus.IN_PROGRESS, "Ongoing")
                 for a in minutes.open(review_id).action_reviews}
        minutes.save(review_id, MinutesEdit(
            sections={"reason": "Review " * 40, "information_shared": "Shared " * 200,
                      "risk_assessment": "Risk " * 200},
            rmp=plan, action_marks=marks, level_decision=LevelDecision.REMAIN,
            decision_reason="Still needed", disclosures=[DisclosureItem(False, "None")]))

    # Every case at level 2 with a category, so the meeting may review it.
    from sqlalchemy import update

    from rrdesk.store.models import Case
    with vault.transaction() as s:
        s.execute(update(Case).where(Case.id.in_(case_ids)).values(
            mappa_category=2, mappa_level=2, status="active", last_review=None))
    first = meeting(dt.date(2026, 6, 1))
    for n, review_id in enumerate(meetings.add_to_agenda(first, case_ids)):
        minute(review_id, n)
        minutes.approve(review_id, "Chair Example", dt.datetime(2026, 6, 1, 15))
    second = meeting(dt.date(2026, 9, 7))
    for n, review_id in enumerate(meetings.add_to_agenda(second, case_ids)):
        minute(review_id, n + 100)
    return vault, second


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=20)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    if args.reviews < 1 or args.runs < 1 or args.cases < args.reviews:
        parser.error("--reviews and --runs must be 1 or more, --cases at least --reviews")
    from rrdesk.services.minutes import MinutesService

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        vault, meeting_id = build(Path(folder) / "minutes.rrvault", args.reviews, args.cases)
        built = time.perf_counter() - start
        service = MinutesService(vault)
        service.meeting_minutes(meeting_id)  # a first opening warms the page cache
        times, cpu = [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            opened = service.meeting_minutes(meeting_id)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        assert len(opened) == args.reviews
        actions = sum(len(m.rmp.actions) + len(m.action_reviews) for m in opened)
        vault.close()
    print(f"minutes_bench: {args.reviews} case reviews ({actions} actions, reviewed and "
          f"planned), vault built in {built:.1f} s")
    print(f"  open the meeting's minutes: median {statistics.median(times):.0f} ms, "
          f"max {max(times):.0f} ms over {args.runs} runs (target: under {TARGET_MS} ms)")
    print(f"  of which this process on the CPU: median {statistics.median(cpu):.0f} ms "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
