"""Small programs the end-to-end tests run as separate processes (and kill).

Run as ``python tests/e2e/workers.py JOB VAULT [ARGS]`` from the repository root; the
passphrases come from RRDESK_PASSPHRASE and RRDESK_NEW_PASSPHRASE, never from arguments.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rrdesk.domain.case import CaseDetails
from rrdesk.services.cases import CaseService
from rrdesk.services.demo import fill_demo
from rrdesk.store.vault import Vault


def hold(vault: Vault) -> None:
    """Keep the vault open until standard input closes."""
    print("open", flush=True)
    sys.stdin.read()


def writer(vault: Vault) -> None:
    """Commit one case at a time; print its id only after the commit has returned."""
    cases = CaseService(vault)
    print("ready", flush=True)
    for i in range(100_000):
        case_id = cases.add(CaseDetails(family_name=f"Crashtest-Demo{i}", given_names="Test"))
        print(case_id, flush=True)


def rekey(vault: Vault) -> None:
    print("ready", flush=True)
    vault.rekey(os.environ["RRDESK_PASSPHRASE"], os.environ["RRDESK_NEW_PASSPHRASE"])
    print("done", flush=True)


def fill(vault: Vault, cases: str, family: str) -> None:
    """Demo data plus one case with the given family name, added as the app would."""
    fill_demo(vault, cases=int(cases))
    CaseService(vault).add(CaseDetails(family_name=family, given_names="Testperson"))
    print("filled", flush=True)


def export_killed(vault: Vault, out: str) -> None:
    """A CSV export of the caseload killed (SIGKILL) half way through writing its file, as it
    is written where unnamed files are not available: a temporary file beside the target."""
    import signal

    from rrdesk.services import case_io
    from rrdesk.tables.files import atomic_write

    def write_then_die(path, data, **options):  # noqa: ANN001, ANN003, ANN202
        def write(tmp: Path) -> None:
            with tmp.open("wb") as f:
                f.write(data[: len(data) // 2])
                f.flush()
                os.kill(os.getpid(), signal.SIGKILL)
        return atomic_write(path, write, **options)

    case_io.write_atomic = write_then_die
    case_io.export_cases(vault, Path(out), "csv")


def export(vault: Vault, target: str) -> None:
    """Export the caseload to ``target``, printing each progress report as it comes (and
    pausing there, so a test's kill lands while the export is under way)."""
    import time

    from rrdesk.services.case_io import export_cases

    def progress(done: int, total: int) -> None:
        print(f"progress {done} {total}", flush=True)
        time.sleep(0.5)

    export_cases(vault, Path(target), progress=progress)
    print("done", flush=True)


def import_paused(vault: Vault, csv_file: str) -> None:
    """Import the cases of ``csv_file``, pausing inside the write (the write lock held, as
    by a long import) from the first batch written until standard input closes."""
    from rrdesk.services.case_io import import_cases, read_case_file

    records = read_case_file(Path(csv_file), "csv")
    paused = False

    def progress(done: int, total: int) -> None:
        nonlocal paused
        if done > len(records) and not paused:  # rows checked; the first batch written
            paused = True
            print("writing", flush=True)
            sys.stdin.read()

    count = import_cases(vault, Path(csv_file).name, records, progress=progress)
    print(f"imported {count}", flush=True)


JOBS = {"hold": hold, "writer": writer, "rekey": rekey, "fill": fill, "export": export,
        "export_killed": export_killed, "import_paused": import_paused}

if __name__ == "__main__":
    job, path, *rest = sys.argv[1:]
    with Vault.open(Path(path), os.environ["RRDESK_PASSPHRASE"]) as opened:
        JOBS[job](opened, *rest)
