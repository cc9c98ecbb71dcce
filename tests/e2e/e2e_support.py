"""Helpers for end-to-end tests: the CLI and worker programs as real processes.

(A module, not a conftest: a second conftest.py would shadow ``from conftest import ...``.)
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORKERS = Path(__file__).with_name("workers.py")


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    env = dict(os.environ)  # RRDESK_HOME is already the test's own (autouse fixture)
    env["PYTHONPATH"] = str(REPO)
    env.update(extra or {})
    return env


def run_cli(*args: object, env: dict[str, str] | None = None, stdin: str = "",
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m rrdesk ARGS`` from the repository root, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "rrdesk", *map(str, args)], cwd=REPO, env=_env(env),
        input=stdin, capture_output=True, text=True, timeout=timeout,
    )


class Workers:
    """Starts ``workers.py`` jobs; on exit kills (by pid) any this test left running."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[str]] = []

    def start(self, job: str, vault: Path, *args: str, env: dict[str, str] | None = None
              ) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, str(WORKERS), job, str(vault), *args], cwd=REPO, env=_env(env),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.procs.append(proc)
        return proc

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream:
                    stream.close()


def expect_line(proc: subprocess.Popen[str], wanted: str) -> None:
    line = proc.stdout.readline().strip() if proc.stdout else ""
    if line != wanted:
        err = proc.stderr.read() if proc.stderr and proc.poll() is not None else ""
        raise AssertionError(f"worker said {line!r}, expected {wanted!r}; {err[-2000:]}")


def read_only_folder(folder: Path, monkeypatch) -> Path:  # noqa: ANN001 - pytest's MonkeyPatch
    """``folder`` made read-only (0500), for commands run in this process.

    Root may write anyway: then creating a file in it is refused (EACCES) here, as the
    system refuses everyone else, so the test means the same whoever runs it."""
    import errno

    folder.mkdir(exist_ok=True)
    folder.chmod(0o500)
    if not os.access(folder, os.W_OK):
        return folder
    real_open = os.open
    unnamed = getattr(os, "O_TMPFILE", 0)

    def refusing_open(path, flags, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        target = Path(os.fsdecode(path)) if not isinstance(path, int) else None
        creates = flags & os.O_CREAT or (unnamed and flags & unnamed == unnamed)
        if target is not None and creates and folder.resolve() in (
                target.resolve(), target.resolve().parent):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    return folder
