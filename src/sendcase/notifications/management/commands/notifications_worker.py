"""Send queued messages: `manage.py notifications_worker [--once] [--batch N] [--worker-id ID]`.

Without --once it runs until stopped (SIGTERM or Ctrl-C finish the current batch first), sleeping
--idle-seconds when nothing is due. Several workers may run at once, on one machine or many.
"""

from __future__ import annotations

import os
import signal
import socket
import time
import uuid

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from sendcase.notifications.backends import get_backend
from sendcase.notifications.worker import run_batch


class Command(BaseCommand):
    help = "Send the outbox's due messages through the configured backend."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Send what is due now, then stop.")
        parser.add_argument(
            "--batch", type=int, default=100, help="Messages claimed at a time (default 100)."
        )
        parser.add_argument("--worker-id", default="", help="Name in claimed_by (default host:pid:random).")
        parser.add_argument("--idle-seconds", type=float, default=5.0, help="Sleep when nothing is due.")

    def handle(self, *args, once: bool, batch: int, worker_id: str, idle_seconds: float, **options) -> None:
        worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        backend = get_backend()
        stopping = False

        def stop(signum, frame) -> None:
            nonlocal stopping
            stopping = True

        if not once:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        totals: dict[str, int] = {}
        while not stopping:
            if not once:
                # A long-running worker drops a connection the database closed or that is past its age,
                # as a request would; a single --once pass keeps the one it has.
                close_old_connections()
            result = run_batch(worker_id=worker_id, batch=max(batch, 1), backend=backend)
            for name in ("claimed", "sent", "print_queued", "retrying", "failed", "recovered", "lost_claim"):
                totals[name] = totals.get(name, 0) + getattr(result, name)
            if result.claimed == 0:
                if once:
                    break
                time.sleep(idle_seconds)
        summary = ", ".join(f"{k} {v}" for k, v in totals.items())
        self.stdout.write(f"Worker {worker_id}: {summary}")
