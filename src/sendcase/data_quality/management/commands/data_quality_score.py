"""Store the month's data-confidence scores (run monthly, or nightly for the month in progress)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sendcase.data_quality.models import Scope
from sendcase.data_quality.scoring import month_end, month_start, scores_record


class Command(BaseCommand):
    help = "Score the data (0-10) for a month, per dataset, team and officer, and store the snapshot."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: this month, scored as at today)")

    def handle(self, *args, month: str | None = None, **options):
        today = timezone.localdate()
        if month:
            try:
                first = dt.datetime.strptime(month, "%Y-%m").date()
            except ValueError:
                raise CommandError("--month must look like 2026-03") from None
            if first > today:
                raise CommandError("--month cannot be in the future")
        else:
            first = month_start(today)
        as_of = min(month_end(first), today)
        rows = scores_record(month=first, as_of=as_of)
        authority = next(r for r in rows if r.scope == Scope.AUTHORITY)
        self.stdout.write(
            f"{first:%B %Y} (as at {as_of:%-d %B %Y}): score {authority.score} out of 10; "
            f"{authority.failing} problems in {authority.checked} checks; {len(rows)} scores stored"
        )
