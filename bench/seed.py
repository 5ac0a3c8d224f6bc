"""How long `manage.py seed_demo` takes to build the synthetic authority on PostgreSQL.

    .venv/bin/python bench/seed.py [--children 25000] [--insert auto|bulk_create|copy]

Recreates the sendcase_bench database, migrates it, seeds it, and prints the wall-clock time (commit
included) and the rows written per table. The database is left seeded for bench/pages.py and
bench/sweep.py. The target is under two minutes for 25,000 children on a 2-core machine.
"""

from __future__ import annotations

import argparse

import _common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _common.add_common_arguments(parser)
    parser.add_argument("--insert", default="auto", choices=("auto", "bulk_create", "copy"))
    args = parser.parse_args()

    _common.prepare(fresh=True)
    seconds = _common.seed(args.children, insert=args.insert, report=True)
    rows = _common.table_rows()
    total = sum(count for label, count in rows if label not in ("core.User", "settings_data.Establishment"))
    print(f"\nseed_demo --children {args.children:,} ({args.insert}): {seconds:.1f} s")
    print(f"  {total:,} rows of children and histories, {total / seconds:,.0f} rows/s")
    for label, count in rows:
        print(f"  {label:<32} {count:>10,}")


if __name__ == "__main__":
    main()
