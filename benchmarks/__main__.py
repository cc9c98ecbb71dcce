"""Run the benchmarks and print their figures; always exits 0 (it reports, it does not judge).

``python -m benchmarks`` runs them all; ``python -m benchmarks vault`` or ``... register``
runs one (each module also runs alone, with its own options: ``-m benchmarks.register_bench``).
"""

from __future__ import annotations

import sys

from benchmarks import (
    bulk_bench,
    calendar_bench,
    case_open_bench,
    documents_bench,
    minutes_bench,
    register_bench,
    startup_bench,
    vault_bench,
)

BENCHMARKS = {"vault": vault_bench, "register": register_bench, "calendar": calendar_bench,
              "documents": documents_bench, "startup": startup_bench,
              "minutes": minutes_bench, "bulk": bulk_bench,
              "case_open": case_open_bench}


def main(argv: list[str] | None = None) -> int:
    chosen = argv or list(BENCHMARKS)
    for name in chosen:
        if name not in BENCHMARKS:
            print(f"no benchmark called {name!r}; choose from {', '.join(BENCHMARKS)}")
            return 2
        BENCHMARKS[name].main([])
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
