"""Run every benchmark in order on one freshly seeded PostgreSQL database.

    .venv/bin/python bench/run_all.py [--children 25000]      (also: make bench)

seed.py recreates and seeds sendcase_bench; the page, sweep, portal, indicator, SEN2 and data-quality
benchmarks then reuse it; pdf.py and linkage.py need no database; imports.py runs last because it
recreates the database. Each runs in its own
interpreter so one's caches and memory do not colour the next. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=25_000, help="children to seed (25,000)")
    args = parser.parse_args()
    started = time.perf_counter()
    children = ["--children", str(args.children)]
    for script, script_args in (
        ("seed.py", children),
        ("pages.py", children),
        ("sweep.py", children),
        ("reviews.py", children),
        ("pdf.py", []),
        ("portal.py", []),
        ("portal_partners.py", []),
        ("outbox.py", []),
        ("performance.py", []),
        ("sen2.py", []),
        ("improvement.py", []),
        ("data_quality.py", []),
        ("linkage.py", []),
        # Last: it recreates the bench database for its own 100,000-row import.
        ("imports.py", []),
    ):
        print(f"\n=== {script} ===", flush=True)
        done = subprocess.run(  # noqa: S603 - our own scripts, run with this interpreter
            [sys.executable, str(HERE / script), *script_args], check=False
        )
        if done.returncode != 0:
            print(f"{script} failed with exit code {done.returncode}", file=sys.stderr)
            return done.returncode
    print(f"\nAll benchmarks in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
