"""Start-up: how long until the unlock window shows, against a bare PySide6 window.

Both are whole processes started the same way (``python ...``), timed from the start of
the process to the moment the window has been shown and the event loop has turned once
(the process then prints a line and quits); the median of ``--runs`` each, taking turns.
Peak memory is the process's own maximum resident set (``wait4``).

Target (issue 8): the unlock window within 4x the bare window's time.

Run: ``python -m benchmarks.startup_bench [--runs 7]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 4.0
PROBE_ENV = "RRDESK_STARTUP_PROBE"  # the app prints "shown" and quits once its window shows

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
window = QLabel("bare window")
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
"""


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds until the process said "shown", and its peak memory in MiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if b"shown" not in line:
        raise RuntimeError(f"{argv[1:3]} did not show its window (exit {proc.returncode})")
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def measure(runs: int) -> dict[str, dict[str, float]]:
    home = Path(tempfile.mkdtemp(prefix="rrdesk-startup-"))
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "RRDESK_HOME": str(home), PROBE_ENV: "1"}
    commands = {
        "bare PySide6 window": [sys.executable, "-c", BARE],
        "rrdesk unlock window": [sys.executable, "-m", "rrdesk", "--vault",
                                 str(home / "none-yet.rrvault")],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    memory: dict[str, list[float]] = {k: [] for k in commands}
    _run(commands["rrdesk unlock window"], env)  # warm the file cache and .pyc files
    for i in range(runs):
        order = list(commands) if i % 2 == 0 else list(reversed(commands))
        for name in order:
            seconds, mib = _run(commands[name], env)
            times[name].append(seconds)
            memory[name].append(mib)
    return {name: {"seconds": statistics.median(times[name]),
                   "peak_mib": statistics.median(memory[name])} for name in commands}


def report(result: dict[str, dict[str, float]], runs: int) -> str:
    bare, app = result["bare PySide6 window"], result["rrdesk unlock window"]
    ratio = app["seconds"] / bare["seconds"]
    met = "met" if ratio <= TARGET_RATIO else "MISSED"
    lines = [f"Start-up, whole processes, median of {runs} runs each", f"{'':<24}"
             f"{'to window':>12}{'peak memory':>14}", "-" * 50]
    for name, figures in result.items():
        lines.append(f"{name:<24}{figures['seconds']:>11.3f}s{figures['peak_mib']:>10.0f} MiB")
    memory = app["peak_mib"] / bare["peak_mib"]
    lines += ["-" * 50, f"unlock window / bare window: {ratio:.1f}x "
              f"(target <= {TARGET_RATIO:.0f}x: {met}); memory {memory:.1f}x"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup_bench")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    print(report(measure(max(1, args.runs)), max(1, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
