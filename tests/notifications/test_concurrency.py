"""Two workers at once never send the same message; a worker killed with SIGKILL loses nothing.

On PostgreSQL (production and CI) the workers are real: two threads with their own connections, and
worker processes started with manage.py, one of them killed with SIGKILL mid-batch. SQLite's in-memory
test database cannot be shared that way (other connections get "table is locked" at once), so there the
same guarantees are checked with the workers' steps interleaved by hand in one process.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from sendcase.notifications.models import OutboxMessage, RecordedMessage, Status

from .factories import OutboxMessageFactory

ROOT = Path(__file__).resolve().parents[2]


def _worker(worker_id: str, results: list, errors: list) -> None:
    from sendcase.notifications.worker import run_batch

    try:
        while True:
            result = run_batch(worker_id=worker_id, batch=7)
            results.append((worker_id, result.sent))
            if result.claimed == 0:
                break
    except Exception as exc:  # pragma: no cover - reported below
        errors.append(repr(exc))
    finally:
        connections.close_all()


def _interleaved(results: list) -> None:
    """Both workers claim before either sends, then send in turns: what threads do on PostgreSQL."""
    from sendcase.notifications.backends import get_backend
    from sendcase.notifications.worker import claim, send_one

    backend = get_backend()
    now = timezone.now()
    while True:
        held = {w: claim(worker_id=w, batch=7, now=now, lease_seconds=300) for w in ("w1", "w2")}
        assert not {m.pk for m, _ in held["w1"]} & {m.pk for m, _ in held["w2"]}
        if not any(held.values()):
            break
        for worker_id, claimed in held.items():
            sent = sum(
                send_one(m, d, backend=backend, worker_id=worker_id, now=now) == "sent" for m, d in claimed
            )
            results.append((worker_id, sent))


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_message(recording_settings):
    messages = OutboxMessageFactory.create_batch(60)
    results: list = []
    errors: list = []
    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=_worker, args=(f"w{i}", results, errors)) for i in (1, 2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    else:
        _interleaved(results)
    assert not errors
    references = Counter(RecordedMessage.objects.values_list("reference", flat=True))
    assert set(references) == {m.idempotency_key for m in messages}
    assert max(references.values()) == 1
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 60
    assert sum(sent for _, sent in results) == 60


def _killed_in_process() -> None:
    """SQLite: the worker 'dies' holding a claimed batch, part sent and part not."""
    from sendcase.notifications.backends import get_backend
    from sendcase.notifications.worker import claim, run_batch, send_one

    messages = OutboxMessageFactory.create_batch(12)
    start = timezone.now()
    claimed = claim(worker_id="doomed", batch=10, now=start, lease_seconds=5)
    for message, in_doubt in claimed[:4]:
        send_one(message, in_doubt, backend=get_backend(), worker_id="doomed", now=start)
    # Killed: claimed[4:] stay 'sending'. A survivor after the lease sends the rest, once each.
    later = start + dt.timedelta(seconds=6)
    while run_batch(worker_id="survivor", now=later, batch=5).claimed:
        pass
    references = Counter(RecordedMessage.objects.values_list("reference", flat=True))
    assert set(references) == {m.idempotency_key for m in messages}
    assert max(references.values()) == 1


def _spawn_worker(env: dict, worker_id: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "notifications_worker",
            "--once",
            "--batch",
            "5",
            "--worker-id",
            worker_id,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_with_sigkill_mid_batch_loses_and_duplicates_nothing(recording_settings):
    if connection.vendor != "postgresql":
        return _killed_in_process()
    messages = OutboxMessageFactory.create_batch(400)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "DJANGO_SETTINGS_MODULE": "sendcase.config.settings_test",
        "NOTIFICATIONS_LEASE_SECONDS": "5",
        "PYTHONPATH": str(ROOT / "src"),
    }
    doomed = _spawn_worker(env, "doomed")
    # Kill it once it has sent some (it holds a claimed batch at almost every moment).
    deadline = time.monotonic() + 60
    while RecordedMessage.objects.count() < 20 and time.monotonic() < deadline and doomed.poll() is None:
        time.sleep(0.02)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    assert doomed.returncode == -signal.SIGKILL
    stranded = OutboxMessage.objects.filter(status=Status.SENDING, claimed_by="doomed").count()
    time.sleep(5.5)  # the dead worker's lease runs out
    survivor = _spawn_worker(env, "survivor")
    out, err = survivor.communicate(timeout=240)
    assert survivor.returncode == 0, err.decode()[-2000:]
    references = Counter(RecordedMessage.objects.values_list("reference", flat=True))
    assert set(references) == {m.idempotency_key for m in messages}
    assert max(references.values()) == 1
    assert OutboxMessage.objects.exclude(status=Status.SENT).count() == 0
    assert stranded > 0 or b"recovered" in out  # the kill did strand work for the survivor to pick up
