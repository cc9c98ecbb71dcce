"""Run every benchmark and print its figures; always exits 0 (it reports, it does not judge)."""

from __future__ import annotations

import sys

from benchmarks import vault_bench

BENCHMARKS = [vault_bench]


def main(argv: list[str] | None = None) -> int:
    for bench in BENCHMARKS:
        bench.main(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
