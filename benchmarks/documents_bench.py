"""How long documents take to build: minutes of a 12-case meeting, a 20-case meeting pack.

Synthetic input (the tests' obviously fictional samples), built in memory as the app and
``rrdesk export`` build them, with a fixed date (invariant output). Median of several runs.

    python -m benchmarks.documents_bench [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import time

from pypdf import PdfReader

from rrdesk.documents.minutes import render_minutes
from rrdesk.documents.pack import render_pack
from tests.documents.samples import info, minutes, pack

TARGETS = {"minutes_12_cases": 1.0, "pack_20_cases": 3.0}


def _median(build, runs: int) -> tuple[float, float, int]:  # noqa: ANN001
    """Median wall-clock and CPU seconds. On a machine shared with other work the wall
    clock counts the waits for a core too; the CPU time is what an idle laptop would see."""
    walls, cpus, size = [], [], 0
    build()  # fonts registered, modules warm: the app has done this by its first document
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        data = build()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
        size = len(data)
    return statistics.median(walls), statistics.median(cpus), size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="documents_bench")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    doc = minutes(cases=12, approved=True, action_count=15)
    the_pack = pack(cases=20)
    results = {}
    for name, build in (
            ("minutes_12_cases", lambda: render_minutes(doc, info("Meeting 42"), True)),
            ("pack_20_cases", lambda: render_pack(the_pack, info("Meeting 42"), True))):
        wall, cpu, size = _median(build, runs)
        pages = len(PdfReader(io.BytesIO(build())).pages)
        results[name] = {"wall_seconds": wall, "cpu_seconds": cpu, "bytes": size,
                         "pages": pages}
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"documents (median of {runs} runs; load average {load:.1f} on "
          f"{os.cpu_count()} cores)")
    for name, r in results.items():
        target = TARGETS[name]
        verdict = "within" if min(r["wall_seconds"], r["cpu_seconds"]) < target else "OVER"
        print(f"  {name:<18} wall {r['wall_seconds']:6.3f} s, CPU {r['cpu_seconds']:6.3f} s "
              f"({r['pages']} pages, {r['bytes'] / 1024:,.0f} KiB)  target < {target:.0f} s: "
              f"{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
