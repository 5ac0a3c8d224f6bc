"""How long the daily deadline sweep takes over every open case of the seeded authority.

    .venv/bin/python bench/sweep.py [--children 25000] [--fresh]

Runs `sendcase.assessments.sweep.deadlines_sweep` three times: as of the seed date (tracking is already
current, so it reads everything and writes nothing), as of the next day (the usual overnight run: steps
fall due and some rows change), and as of 30 days later (many rows change). Then `manage.py
run_daily_sweep` once, to include the command's own overhead. Reuses the bench database if it is
seeded (run bench/seed.py first), else seeds it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from io import StringIO

import _common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _common.add_common_arguments(parser)
    parser.add_argument("--fresh", action="store_true", help="recreate and reseed the bench database")
    args = parser.parse_args()

    _common.prepare(fresh=args.fresh)
    _common.ensure_seeded(args.children)
    try:
        from sendcase.assessments.sweep import deadlines_sweep
    except ImportError:
        print("sendcase.assessments.sweep is not there yet: the sweep was not measured.")
        return
    from django.core.management import call_command
    from django.db.models import Max

    from sendcase.people.models import CaseEvent

    # The seed's as-of date: the latest date anything happened.
    seeded_on = CaseEvent.objects.aggregate(last=Max("occurred_on"))["last"] or dt.date.today()
    print(f"\nDaily sweep over {_common.children_in_database():,} children (seeded as of {seeded_on})")
    for label, as_of in [
        ("as of the seed date", seeded_on),
        ("next day", seeded_on + dt.timedelta(days=1)),
        ("30 days later", seeded_on + dt.timedelta(days=30)),
    ]:
        started = time.perf_counter()
        result = deadlines_sweep(as_of=as_of)
        seconds = time.perf_counter() - started
        print(
            f"  deadlines_sweep {label:<20} {seconds:6.2f} s  {result.open_requests:,} open, "
            f"{result.changed:,} changed, {result.overdue_requests:,} with overdue steps"
        )
    out = StringIO()
    started = time.perf_counter()
    call_command("run_daily_sweep", as_of=(seeded_on + dt.timedelta(days=31)).isoformat(), stdout=out)
    print(f"  manage.py run_daily_sweep (wall)        {time.perf_counter() - started:6.2f} s")
    print(f"    {out.getvalue().strip()}")


if __name__ == "__main__":
    main()
