"""Outbox throughput: messages sent per minute by one worker and by two worker processes, on PostgreSQL,
with the recording backend (so what is measured is the outbox: claiming, sending, recording).

    .venv/bin/python bench/outbox.py [--messages 20000] [--runs 3] [--batch 100] [--fresh]

Each run queues --messages email messages, starts the workers (`manage.py notifications_worker --once`)
as separate processes, and times them until all have finished. It then checks that every message was
sent and none twice (one recorded message per idempotency key). Prints, per worker count, the median
over the runs of messages per minute (in total and per worker), and the two-worker rate as a multiple of
the one-worker rate measured in the same process. Process start-up (Django set-up) is included.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import _common


def queue(n: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from sendcase.notifications.models import OutboxMessage, RecordedMessage

    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {OutboxMessage._meta.db_table}, {RecordedMessage._meta.db_table} RESTART IDENTITY"
        )
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        (
            OutboxMessage(
                kind="request_received",
                channel="email",
                recipient=f"parent{i}@example.org",
                recipient_name=f"Parent {i}",
                personalisation={"subject": "We have received the request", "body": "Body text " * 20},
                idempotency_key=f"bench:{i}",
                next_attempt_at=now,
            )
            for i in range(n)
        ),
        batch_size=2000,
    )


def check(n: int) -> None:
    from django.db.models import Count

    from sendcase.notifications.models import OutboxMessage, RecordedMessage, Status

    unsent = OutboxMessage.objects.exclude(status=Status.SENT).count()
    recorded = RecordedMessage.objects.count()
    repeats = RecordedMessage.objects.values("reference").annotate(n=Count("id")).filter(n__gt=1).count()
    if unsent or recorded != n or repeats:
        raise SystemExit(
            f"outbox check failed: {unsent} unsent, {recorded} recorded of {n}, {repeats} repeated"
        )


def run_workers(workers: int, batch: int, url: str) -> float:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "NOTIFICATIONS_BACKEND": "recording"}
    env.setdefault("SECRET_KEY", "bench-only-secret-key")
    env["PYTHONPATH"] = str(_common.ROOT / "src")
    started = time.perf_counter()
    procs = [
        subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
            [
                sys.executable,
                "manage.py",
                "notifications_worker",
                "--once",
                "--batch",
                str(batch),
                "--worker-id",
                f"bench-{i}",
            ],
            cwd=_common.ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(workers)
    ]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"worker failed: {err.decode()[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20_000, help="messages queued per run (20,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per worker count (3)")
    parser.add_argument("--batch", type=int, default=100, help="messages a worker claims at a time (100)")
    parser.add_argument("--fresh", action="store_true", help="recreate the bench database first")
    args = parser.parse_args()

    url = _common.prepare(fresh=args.fresh)
    from django.db import connections

    rates: dict[int, list[float]] = {1: [], 2: []}
    for run in range(args.runs):
        for workers in (1, 2):
            queue(args.messages)
            connections.close_all()
            seconds = run_workers(workers, args.batch, url)
            check(args.messages)
            rate = args.messages / seconds * 60
            rates[workers].append(rate)
            label = f"run {run + 1}, {workers} worker(s)"
            print(f"{label}: {args.messages:,} messages in {seconds:.1f} s, {rate:,.0f}/min")
    one = _common.median(rates[1])
    two = _common.median(rates[2])
    print(f"\nMedian over {args.runs} runs of {args.messages:,} messages (batch {args.batch}):")
    print(f"  1 worker : {one:>9,.0f} messages/minute")
    print(
        f"  2 workers: {two:>9,.0f} messages/minute ({two / 2:,.0f} per worker), {two / one:.2f}x one worker"
    )


if __name__ == "__main__":
    main()
