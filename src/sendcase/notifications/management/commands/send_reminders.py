"""Queue the day's reminders: `manage.py send_reminders [--as-of YYYY-MM-DD]`. Run it once each morning
(before the worker's busy hour); running it again the same day queues nothing new."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sendcase.notifications.reminders import reminders_send


class Command(BaseCommand):
    help = "Queue reminders for advice, consultations and draft plan comments, and officers' digests."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--as-of", default="", help="The day to remind as of (default today).")

    def handle(self, *args, as_of: str, **options) -> None:
        try:
            day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError("--as-of must be a date, YYYY-MM-DD") from None
        counts = reminders_send(as_of=day)
        self.stdout.write(
            f"Reminders for {day:%-d %B %Y}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
        )
