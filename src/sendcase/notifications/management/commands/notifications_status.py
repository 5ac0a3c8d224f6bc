"""Refresh delivery status from GOV.UK Notify: `manage.py notifications_status [--days 7]`.

Messages sent in the last --days are asked about; a delivered message becomes `delivered`, one Notify
could not deliver becomes `permanently_failed` with Notify's reason, which officers see in the outbox.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sendcase.notifications.status import status_refresh


class Command(BaseCommand):
    help = "Ask the backend for the delivery status of recently sent messages."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--limit", type=int, default=5000)

    def handle(self, *args, days: int, limit: int, **options) -> None:
        counts = status_refresh(days=days, limit=limit)
        self.stdout.write(", ".join(f"{k} {v}" for k, v in counts.items()))
