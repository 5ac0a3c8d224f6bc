"""The nightly recomputation of every active plan's worklist dates.

Review steps and phase transfer steps keep `EHCPlan.review_due` and `EHCPlan.phase_transfer_deadline`
fresh when something happens, but data loaded in bulk, corrected by hand, or written before a rule
changed can leave them stale. Once a night every active plan is recomputed:

  review_due              = statutory.review_due(last_review_on or issued_on)   (CFA s.44(1))
  phase_transfer_deadline = the earliest `deadline` of the plan's phase transfers with no school named
                            yet, or None when there is none                       (Regs 18)

As in `assessments.sweep`, plans are read in chunks (their unnamed phase transfers in one grouped query
per chunk) and only rows whose values change are written, with one `bulk_update` of those two columns.
The write is compare-and-set: the rows to write are locked and any whose `updated_at` moved since they
were read (a review or transfer step saved meanwhile, which refreshed the dates from newer data) is
left alone. `updated_at` is not touched by the recomputation, so it still says when a person last
changed the plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Min

from sendcase import statutory

from .models import EHCPlan, PhaseTransfer, PlanStatus

CHUNK = 2000


@dataclass(frozen=True)
class NightlyResult:
    active_plans: int
    changed: int  # plans written
    review_due_changed: int
    phase_deadline_changed: int
    skipped: int  # changed by someone else between the read and the write; left as they were
    reviews_overdue: int  # active plans whose (recomputed) review_due is before as_of
    phase_transfers_overdue: int  # active plans whose earliest unnamed transfer deadline is before as_of


def plan_dates_recompute(*, as_of: dt.date) -> NightlyResult:
    """Recompute review_due and phase_transfer_deadline on every active plan; write only changed rows."""
    ids = list(EHCPlan.objects.filter(status=PlanStatus.ACTIVE).order_by("id").values_list("id", flat=True))
    changed = review_changed = phase_changed = skipped = reviews_overdue = phases_overdue = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        earliest = dict(
            PhaseTransfer.objects.filter(plan_id__in=chunk, named_on__isnull=True)
            .order_by()
            .values("plan_id")
            .annotate(earliest=Min("deadline"))
            .values_list("plan_id", "earliest")
        )
        to_update: list[EHCPlan] = []
        read_at: dict[int, dt.datetime] = {}
        rows = EHCPlan.objects.filter(id__in=chunk, status=PlanStatus.ACTIVE).values_list(
            "id", "issued_on", "last_review_on", "review_due", "phase_transfer_deadline", "updated_at"
        )
        for pk, issued_on, last_review_on, review_due, phase_deadline, updated_at in rows:
            new_due = statutory.review_due(last_review_on or issued_on)
            new_phase = earliest.get(pk)
            if new_due < as_of:
                reviews_overdue += 1
            if new_phase is not None and new_phase < as_of:
                phases_overdue += 1
            if (review_due, phase_deadline) == (new_due, new_phase):
                continue
            review_changed += review_due != new_due
            phase_changed += phase_deadline != new_phase
            to_update.append(EHCPlan(pk=pk, review_due=new_due, phase_transfer_deadline=new_phase))
            read_at[pk] = updated_at
        if not to_update:
            continue
        with transaction.atomic():
            current = dict(
                EHCPlan.objects.select_for_update()
                .filter(id__in=[p.pk for p in to_update])
                .values_list("id", "updated_at")
            )
            fresh = [p for p in to_update if current.get(p.pk) == read_at[p.pk]]
            EHCPlan.objects.bulk_update(fresh, ["review_due", "phase_transfer_deadline"], batch_size=1000)
        skipped += len(to_update) - len(fresh)
        changed += len(fresh)
    return NightlyResult(
        active_plans=len(ids),
        changed=changed,
        review_due_changed=review_changed,
        phase_deadline_changed=phase_changed,
        skipped=skipped,
        reviews_overdue=reviews_overdue,
        phase_transfers_overdue=phases_overdue,
    )
