"""The daily sweep: recompute every open request's deadlines as of a date.

Transitions keep each request's tracking fresh when something happens, but time passing also changes
it (a step becomes overdue at midnight), so once a day every open case is recomputed. It reads in chunks
with the related rows prefetched and writes only the rows whose tracking changed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from .deadlines import request_deadlines, tracking
from .models import OPEN_STATUSES, AdviceRequest, AssessmentRequest, Consultation, StepException

CHUNK = 2000


@dataclass(frozen=True)
class SweepResult:
    open_requests: int
    changed: int
    overdue_requests: int
    overdue_steps: int


def _grouped(model, ids: list[int], select_related: tuple[str, ...] = ()) -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for row in model.objects.filter(request_id__in=ids).select_related(*select_related).order_by("id"):
        groups[row.request_id].append(row)
    return groups


def deadlines_sweep(*, as_of: dt.date) -> SweepResult:
    """Refresh next_step, next_due and overdue_steps on every open request as of `as_of`."""
    ids = list(
        AssessmentRequest.objects.filter(status__in=OPEN_STATUSES).order_by("id").values_list("id", flat=True)
    )
    changed = overdue_requests = overdue_steps = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        advice = _grouped(AdviceRequest, chunk)
        consultations = _grouped(Consultation, chunk, ("establishment",))
        exceptions = _grouped(StepException, chunk)
        to_update = []
        for request in AssessmentRequest.objects.filter(id__in=chunk):
            result = tracking(
                request_deadlines(
                    request, advice[request.pk], consultations[request.pk], exceptions[request.pk], as_of
                )
            )
            if result.overdue_steps:
                overdue_requests += 1
                overdue_steps += result.overdue_steps
            current = (request.next_step, request.next_due, request.overdue_steps)
            if current != (result.next_step, result.next_due, result.overdue_steps):
                request.next_step, request.next_due, request.overdue_steps = (
                    result.next_step,
                    result.next_due,
                    result.overdue_steps,
                )
                to_update.append(request)
        with transaction.atomic():
            # A transition saved since we read the chunk has refreshed its own tracking from newer
            # data: lock the rows, and leave any whose version moved on.
            versions = dict(
                AssessmentRequest.objects.select_for_update()
                .filter(id__in=[r.pk for r in to_update])
                .values_list("id", "version")
            )
            to_update = [r for r in to_update if versions.get(r.pk) == r.version]
            AssessmentRequest.objects.bulk_update(to_update, ["next_step", "next_due", "overdue_steps"])
        changed += len(to_update)
    return SweepResult(len(ids), changed, overdue_requests, overdue_steps)
