"""Compute and store the indicator snapshots for a month (by default last month), or for a run of months.

    manage.py performance_snapshot                      # last month
    manage.py performance_snapshot --month 2026-03      # March 2026
    manage.py performance_snapshot --from 2025-12       # every month from December 2025 to last month
    manage.py performance_snapshot --from 2025-12 --month 2026-03
    manage.py performance_snapshot --indicator plans_20_weeks_incl_year

Each month is computed from the case record as at its last day and replaces that month's stored figures.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sendcase.performance.compute import month_end, month_ends, previous_month_end, snapshot_month
from sendcase.performance.indicators.registry import INDICATOR_LIST, INDICATORS


def _month(text: str) -> dt.date:
    try:
        return month_end(dt.datetime.strptime(text, "%Y-%m").date())
    except ValueError:
        raise CommandError(f"Give months as YYYY-MM, for example 2026-03 (not {text!r})") from None


class Command(BaseCommand):
    help = "Compute and store indicator snapshots for a month or a range of months."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", help="YYYY-MM: the (last) month to compute; default last month")
        parser.add_argument("--from", dest="from_month", help="YYYY-MM: compute every month from this one")
        parser.add_argument("--indicator", action="append", help="only this indicator (repeatable)")

    def handle(self, *args, month=None, from_month=None, indicator=None, **options) -> None:
        last = _month(month) if month else previous_month_end(timezone.localdate())
        if last > month_end(timezone.localdate()):
            raise CommandError("That month has not started yet")
        first = _month(from_month) if from_month else last
        if first > last:
            raise CommandError("--from must not be after --month")
        chosen = INDICATOR_LIST
        if indicator:
            unknown = [i for i in indicator if i not in INDICATORS]
            if unknown:
                raise CommandError(f"Unknown indicator: {', '.join(unknown)}")
            chosen = tuple(INDICATORS[i] for i in indicator)
        for period_end in month_ends(first, last):
            started = time.perf_counter()
            written = snapshot_month(period_end, indicators=chosen)
            self.stdout.write(
                f"{period_end:%B %Y}: {written} figures for {len(chosen)} indicators "
                f"in {time.perf_counter() - started:.1f} s"
            )
