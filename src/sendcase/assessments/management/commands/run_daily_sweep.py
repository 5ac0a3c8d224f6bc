import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sendcase.assessments.sweep import deadlines_sweep


class Command(BaseCommand):
    help = "Recompute every open request's statutory deadlines (run once a day, after midnight)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Date to compute as at (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError:
            raise CommandError("--as-of must be a date like 2026-11-28") from None
        started = time.perf_counter()
        result = deadlines_sweep(as_of=as_of)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Swept {result.open_requests} open requests as of {as_of}: {result.changed} changed, "
            f"{result.overdue_requests} with overdue steps ({result.overdue_steps} steps) in {elapsed:.2f} s"
        )
