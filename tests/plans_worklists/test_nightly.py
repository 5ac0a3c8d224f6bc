"""The nightly recomputation of review_due and phase_transfer_deadline on active plans."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from sendcase.plans import nightly
from sendcase.plans.models import EHCPlan, PlanStatus

from .helpers import AS_OF, make_plan, transfer

pytestmark = pytest.mark.django_db


def test_recomputes_review_due_and_phase_deadline():
    never_reviewed = make_plan(review_due=None, issued_on=dt.date(2025, 5, 20))
    reviewed = make_plan(
        review_due=dt.date(2025, 1, 1), issued_on=dt.date(2023, 1, 1), last_review_on=dt.date(2025, 6, 3)
    )
    leap = make_plan(review_due=None, issued_on=dt.date(2024, 2, 29))
    correct = make_plan(review_due=dt.date(2026, 5, 20), issued_on=dt.date(2025, 5, 20))
    with_transfers = make_plan(review_due=dt.date(2026, 5, 20), issued_on=dt.date(2025, 5, 20))
    transfer(with_transfers, year=2027, deadline=dt.date(2027, 2, 14))
    transfer(with_transfers, year=2026, deadline=dt.date(2026, 3, 30), transfer="post16")
    transfer(
        with_transfers,
        year=2025,
        deadline=dt.date(2025, 2, 14),
        transfer="ey_school",
        named_on=dt.date(2025, 1, 1),
    )  # named: does not count
    all_named = make_plan(review_due=dt.date(2026, 5, 20), issued_on=dt.date(2025, 5, 20))
    all_named.phase_transfer_deadline = dt.date(2026, 2, 14)
    all_named.save()
    transfer(all_named, year=2026, deadline=dt.date(2026, 2, 14), named_on=dt.date(2026, 1, 10))
    ceased = make_plan(review_due=None, issued_on=dt.date(2020, 1, 1), status=PlanStatus.CEASED)

    result = nightly.plan_dates_recompute(as_of=AS_OF)

    def get(plan):
        return EHCPlan.objects.values_list("review_due", "phase_transfer_deadline").get(pk=plan.pk)

    assert get(never_reviewed) == (dt.date(2026, 5, 20), None)
    assert get(reviewed) == (dt.date(2026, 6, 3), None)
    assert get(leap) == (dt.date(2025, 2, 28), None)
    assert get(correct) == (dt.date(2026, 5, 20), None)
    assert get(with_transfers) == (dt.date(2026, 5, 20), dt.date(2026, 3, 30))
    assert get(all_named) == (dt.date(2026, 5, 20), None)
    assert get(ceased) == (None, None)  # not active: untouched
    assert result.active_plans == 6
    assert result.changed == 5
    assert result.review_due_changed == 3
    assert result.phase_deadline_changed == 2
    assert result.skipped == 0
    assert result.reviews_overdue == 1  # leap: due 28 February 2025
    assert result.phase_transfers_overdue == 0


def test_idempotent_and_writes_nothing_the_second_time(django_assert_max_num_queries):
    for i in range(5):
        make_plan(review_due=None, issued_on=dt.date(2025, 1, 1) + dt.timedelta(days=i))
    first = nightly.plan_dates_recompute(as_of=AS_OF)
    assert first.changed == 5
    before = list(
        EHCPlan.objects.order_by("pk").values_list(
            "pk", "review_due", "phase_transfer_deadline", "updated_at"
        )
    )
    with django_assert_max_num_queries(3):  # ids, transfers, plans: no write at all
        second = nightly.plan_dates_recompute(as_of=AS_OF)
    assert second.changed == 0 and second.active_plans == 5
    after = list(
        EHCPlan.objects.order_by("pk").values_list(
            "pk", "review_due", "phase_transfer_deadline", "updated_at"
        )
    )
    assert before == after


def test_chunks(monkeypatch):
    monkeypatch.setattr(nightly, "CHUNK", 2)
    plans = [make_plan(review_due=None, issued_on=dt.date(2025, 1, 1)) for _ in range(5)]
    assert nightly.plan_dates_recompute(as_of=AS_OF).changed == 5
    assert set(EHCPlan.objects.filter(pk__in=[p.pk for p in plans]).values_list("review_due", flat=True)) == {
        dt.date(2026, 1, 1)
    }


def test_a_plan_changed_between_read_and_write_is_left_alone():
    plan = make_plan(review_due=None, issued_on=dt.date(2025, 1, 1))
    other = make_plan(review_due=None, issued_on=dt.date(2025, 1, 2))
    real_atomic = nightly.transaction.atomic

    def atomic_after_a_concurrent_save(*args, **kwargs):
        # A review step saves the plan after the read and before the locked write.
        fresh = EHCPlan.objects.get(pk=plan.pk)
        fresh.last_review_on = dt.date(2025, 12, 1)
        fresh.review_due = dt.date(2026, 12, 1)
        fresh.save()
        return real_atomic(*args, **kwargs)

    with mock.patch.object(nightly.transaction, "atomic", atomic_after_a_concurrent_save):
        result = nightly.plan_dates_recompute(as_of=AS_OF)
    assert result.skipped == 1 and result.changed == 1
    assert EHCPlan.objects.get(pk=plan.pk).review_due == dt.date(2026, 12, 1)
    assert EHCPlan.objects.get(pk=other.pk).review_due == dt.date(2026, 1, 2)


def test_command_prints_counts_and_time():
    make_plan(review_due=None, issued_on=dt.date(2025, 1, 1))
    out = StringIO()
    call_command("run_nightly_plan_dates", "--as-of", "2026-03-02", stdout=out)
    text = out.getvalue()
    assert "Recomputed 1 active plans as of 2026-03-02: 1 changed" in text
    assert "1 reviews overdue" in text and text.rstrip().endswith(" s")
    with pytest.raises(CommandError):
        call_command("run_nightly_plan_dates", "--as-of", "yesterday", stdout=StringIO())
