import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sendcase.plans.nightly import plan_dates_recompute


class Command(BaseCommand):
    help = (
        "Recompute every active plan's review due date and nearest phase transfer deadline "
        "(run once a night, after midnight)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Date to compute as at (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError:
            raise CommandError("--as-of must be a date like 2026-11-28") from None
        started = time.perf_counter()
        result = plan_dates_recompute(as_of=as_of)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Recomputed {result.active_plans} active plans as of {as_of}: {result.changed} changed "
            f"({result.review_due_changed} review due dates, {result.phase_deadline_changed} phase transfer "
            f"deadlines), {result.skipped} skipped as changed meanwhile; {result.reviews_overdue} reviews "
            f"overdue, {result.phase_transfers_overdue} phase transfers overdue; in {elapsed:.2f} s"
        )
