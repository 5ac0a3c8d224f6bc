"""The outbox worker: claim due messages under a lease, send them, record what happened.

Claiming takes the rows with `SELECT ... FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite serialises writers
instead), marks them `sending` with the worker's id and a lease (`claimed_until`), and commits before
anything is sent, so two workers never hold the same message. Sending happens outside any transaction;
the result is written back only while the worker still holds the claim (a compare-and-set on
`claimed_by` and `status`), so a worker whose lease ran out cannot overwrite the worker that took over.

A worker killed mid-batch leaves its messages `sending`; once the lease expires another worker claims
them. Because the outcome of that first try is unknown, the backend is first asked whether a message with
this reference (the idempotency key) was already accepted: if so it is marked sent, not sent again.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .backends import Backend, OutgoingMessage, SendError, get_backend
from .letters import letter_pdf
from .models import DUE_STATUSES, Channel, OutboxMessage, Status

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = dt.timedelta(hours=6)


def retry_delay(attempts: int, base_seconds: int, rng: random.Random | None = None) -> dt.timedelta:
    """Exponential back-off with jitter: about base * 2^(attempts-1), randomised to between half and the
    whole of it so that messages failing together (Notify down) do not all retry at the same moment."""
    rng = rng or random
    full = min(base_seconds * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY.total_seconds())
    return dt.timedelta(seconds=full / 2 + rng.uniform(0, full / 2))


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    print_queued: int = 0
    retrying: int = 0
    failed: int = 0
    recovered: int = 0  # found already accepted by the provider: marked sent, not re-sent
    lost_claim: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now: dt.datetime) -> Q:
    return Q(status__in=DUE_STATUSES, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_until__lt=now
    )


def claim(
    *, worker_id: str, batch: int, now: dt.datetime, lease_seconds: int
) -> list[tuple[OutboxMessage, bool]]:
    """Claim up to `batch` due messages; each comes with whether an earlier send's outcome is unknown."""
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(_due(now))
            .order_by("next_attempt_at", "id")
            .values_list("id", "status")[:batch]
        )
        if not rows:
            return []
        ids = [pk for pk, _ in rows]
        in_doubt = {pk for pk, status in rows if status == Status.SENDING}
        OutboxMessage.objects.filter(pk__in=ids).filter(_due(now)).update(
            status=Status.SENDING,
            claimed_by=worker_id,
            claimed_until=now + dt.timedelta(seconds=lease_seconds),
            attempts=F("attempts") + 1,
        )
        claimed = list(
            OutboxMessage.objects.filter(pk__in=ids, claimed_by=worker_id, status=Status.SENDING)
            .select_related("child")
            .order_by("next_attempt_at", "id")
        )
    return [(m, m.pk in in_doubt) for m in claimed]


def _finish(message: OutboxMessage, worker_id: str, **changes) -> bool:
    """Write the outcome only if this worker still holds the message (compare-and-set)."""
    changes.setdefault("claimed_by", "")
    changes.setdefault("claimed_until", None)
    return bool(
        OutboxMessage.objects.filter(pk=message.pk, claimed_by=worker_id, status=Status.SENDING).update(
            **changes
        )
    )


def _still_held(message: OutboxMessage, worker_id: str, now: dt.datetime) -> bool:
    return OutboxMessage.objects.filter(
        pk=message.pk, claimed_by=worker_id, status=Status.SENDING, claimed_until__gt=now
    ).exists()


def _failure(message: OutboxMessage, worker_id: str, error: str, *, retryable: bool, now: dt.datetime) -> str:
    conf = settings.NOTIFICATIONS
    if retryable and message.attempts < conf["max_attempts"]:
        _finish(
            message,
            worker_id,
            status=Status.FAILED,
            last_error=error[:500],
            next_attempt_at=now + retry_delay(message.attempts, conf["retry_base_seconds"]),
        )
        return "retrying"
    _finish(message, worker_id, status=Status.PERMANENTLY_FAILED, last_error=error[:500])
    logger.warning("Message %s permanently failed after %s attempts: %s", message.pk, message.attempts, error)
    return "failed"


def send_one(
    message: OutboxMessage, in_doubt: bool, *, backend: Backend, worker_id: str, now: dt.datetime
) -> str:
    """Send one claimed message; returns what became of it (a BatchResult field name)."""
    if not _still_held(message, worker_id, now):
        return "lost_claim"
    try:
        if in_doubt:
            provider_id = backend.find_sent(message.idempotency_key)
            if provider_id:
                _finish(
                    message,
                    worker_id,
                    status=Status.SENT,
                    provider_id=provider_id,
                    sent_at=now,
                    last_error="",
                )
                return "recovered"
        pdf = None
        if message.channel == Channel.LETTER:
            pdf = bytes(message.letter_pdf) if message.letter_pdf else letter_pdf(message)
            if not backend.sends_letters:
                done = _finish(message, worker_id, status=Status.PRINT_QUEUED, letter_pdf=pdf, last_error="")
                return "print_queued" if done else "lost_claim"
            OutboxMessage.objects.filter(pk=message.pk, letter_pdf__isnull=True).update(letter_pdf=pdf)
        result = backend.send(
            OutgoingMessage(
                channel=message.channel,
                recipient=message.recipient,
                kind=message.kind,
                personalisation=message.personalisation,
                reference=message.idempotency_key,
                pdf=pdf,
            )
        )
    except SendError as exc:
        return _failure(message, worker_id, str(exc), retryable=exc.retryable, now=now)
    except Exception as exc:  # a bug or an outage we did not foresee: retry, and keep the error to see
        logger.exception("Sending message %s failed", message.pk)
        return _failure(message, worker_id, f"{exc.__class__.__name__}: {exc}", retryable=True, now=now)
    done = _finish(
        message,
        worker_id,
        status=Status.SENT,
        provider_id=result.provider_id,
        sent_at=timezone.now(),
        last_error="",
    )
    return "sent" if done else "lost_claim"


def run_batch(
    *, worker_id: str, batch: int = 100, now: dt.datetime | None = None, backend: Backend | None = None
) -> BatchResult:
    """Claim one batch and send it. `now` is for tests; the command uses the clock."""
    now = now or timezone.now()
    backend = backend or get_backend()
    result = BatchResult()
    claimed = claim(
        worker_id=worker_id, batch=batch, now=now, lease_seconds=settings.NOTIFICATIONS["lease_seconds"]
    )
    result.claimed = len(claimed)
    for message, in_doubt in claimed:
        outcome = send_one(message, in_doubt, backend=backend, worker_id=worker_id, now=now)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result
