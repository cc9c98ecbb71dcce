"""Bulk work on 50,000 cases: a CSV import, an XLSX export, and that XLSX imported again.

Targets (issue 8, item 7): import under 10 s, XLSX export under 5 s. Each step runs as the
``rrdesk cases`` command runs it (file read and checked, then one transaction), timed from
the file to the committed vault or the file in place, in a process of its own so its peak
memory is its own. Run: ``python -m benchmarks.bulk_bench [--cases N]``.

Wall time counts whatever else the machine is doing; CPU time (this process only) is printed
beside it, so a busy machine shows as wall far above CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSPHRASE = "benchmark-only passphrase"
TARGETS = {"import_csv": 10.0, "export_xlsx": 5.0}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _step(step: str, folder: Path, cases: int) -> dict[str, float]:
    """One step, here (in the child process)."""
    from rrdesk.services.case_io import (
        COLUMNS,
        export_cases,
        import_cases,
        read_case_file,
    )
    from rrdesk.store.vault import Vault
    from rrdesk.tables.files import write_csv

    csv_file, xlsx_file = folder / "caseload.csv", folder / "caseload.xlsx"
    if step == "prepare":
        from benchmarks.app_workload import import_records

        records = import_records(cases)
        write_csv(csv_file, COLUMNS, [[r.values.get(c, "") for c in COLUMNS]
                                      for r in records], overwrite=True)
        for name in ("first.rrvault", "second.rrvault"):
            Vault.create(folder / name, PASSPHRASE, "Benchmark Officer").close()
        return {}
    source, vault_name, kind = {
        "import_csv": (csv_file, "first.rrvault", "csv"),
        "export_xlsx": (xlsx_file, "first.rrvault", "xlsx"),
        "import_xlsx": (xlsx_file, "second.rrvault", "xlsx"),
    }[step]
    with Vault.open(folder / vault_name, PASSPHRASE) as vault:
        wall, cpu = time.perf_counter(), time.process_time()
        if step == "export_xlsx":
            count = export_cases(vault, source, kind, overwrite=True)
        else:
            count = import_cases(vault, source.name, read_case_file(source, kind))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert count == cases, (step, count)
    return {"seconds": wall, "cpu_seconds": cpu, "peak_mb": _peak_mb(),
            "file_mb": source.stat().st_size / 1e6}


def _in_child(step: str, folder: Path, cases: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.bulk_bench", "--step", step,
                          "--folder", str(folder), "--cases", str(cases)],
                         capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"step {step} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(cases: int, folder: Path) -> dict[str, dict[str, float]]:
    _in_child("prepare", folder, cases)
    return {step: _in_child(step, folder, cases)
            for step in ("import_csv", "export_xlsx", "import_xlsx")}


def report(cases: int, figures: dict[str, dict[str, float]]) -> None:
    names = {"import_csv": "import from CSV", "export_xlsx": "export to XLSX",
             "import_xlsx": "import that XLSX again"}
    print(f"Bulk benchmark: {cases:,} cases (each step in a process of its own)")
    print(f"{'step':<26}{'wall':>9}{'cpu':>9}{'peak':>9}{'file':>9}{'target':>10}  verdict")
    for step, f in figures.items():
        target = TARGETS.get(step)
        line = (f"{names[step]:<26}{f['seconds']:>8.1f}s{f['cpu_seconds']:>8.1f}s"
                f"{f['peak_mb']:>6.0f} MB{f['file_mb']:>6.1f} MB")
        if target is None:
            print(line)
            continue
        scaled = target * cases / 50_000
        print(f"{line}{f'< {scaled:.1f} s':>10}  "
              f"{'meets' if f['seconds'] < scaled else 'MISSES'}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    if args.step:
        os.environ.setdefault("RRDESK_HOME", str(args.folder / "home"))
        print(json.dumps(_step(args.step, args.folder, args.cases)))
        return
    with tempfile.TemporaryDirectory(prefix="rrdesk-bulk-bench-") as folder:
        report(args.cases, run(args.cases, Path(folder)))


if __name__ == "__main__":
    main()
