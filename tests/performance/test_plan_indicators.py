"""Review, amendment, phase-transfer, no-place and setting indicators on hand-built histories."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sendcase.plans.models import NoPlaceReason
from sendcase.settings_data.codes import EstablishmentType

from . import factories as f
from .helpers import fraction, run, value

D = f.D
JUNE = D(2025, 6, 30)
pytestmark = pytest.mark.django_db


def test_annual_reviews_held_within_12_months() -> None:
    plan = f.plan(issued=D(2024, 3, 1))
    f.review(plan, due=D(2025, 3, 1), held=D(2025, 3, 1))  # held on the due date: on time
    f.review(plan, due=D(2025, 4, 1), held=D(2025, 4, 10))  # held late
    f.review(plan, due=D(2025, 5, 1))  # never held
    f.review(plan, due=D(2025, 5, 2), cancelled=D(2025, 5, 20))  # cancelled: not counted
    f.review(plan, due=D(2025, 5, 3), held=D(2025, 7, 1))  # held after the period end: not on time
    f.review(plan, due=D(2025, 7, 15), held=D(2025, 7, 1))  # due after June: not yet counted
    ceased = f.plan(issued=D(2024, 1, 1), ceased=D(2025, 1, 31))
    f.review(ceased, due=D(2025, 3, 1))  # the plan had ceased before it was due
    assert fraction("reviews_12_months", JUNE) == (1, 4)
    assert fraction("reviews_12_months", D(2025, 7, 31)) == (2, 5)


def test_a_review_cancelled_after_the_period_end_still_counted_then() -> None:
    plan = f.plan(issued=D(2024, 3, 1))
    f.review(plan, due=D(2025, 5, 1), cancelled=D(2025, 8, 1))
    assert fraction("reviews_12_months", JUNE) == (0, 1)
    assert fraction("reviews_12_months", D(2025, 8, 31)) == (0, 0)


def test_review_decisions_within_4_weeks() -> None:
    plan = f.plan(issued=D(2024, 3, 1))
    f.review(plan, due=D(2025, 3, 1), held=D(2025, 3, 1), decided=D(2025, 3, 29))  # day 28
    f.review(plan, due=D(2025, 4, 1), held=D(2025, 4, 1), decided=D(2025, 4, 30))  # day 29
    f.review(plan, due=D(2025, 6, 1), held=D(2025, 6, 10), decided=D(2025, 7, 1))  # decided in July
    assert fraction("review_decisions_4_weeks", JUNE) == (1, 2)


def test_amended_plans_within_8_weeks() -> None:
    plan = f.plan(issued=D(2024, 3, 1))
    kw = {"held": D(2025, 1, 1), "decided": D(2025, 1, 10)}
    f.review(plan, due=D(2025, 1, 1), amendment_notice=D(2025, 2, 1), amended=D(2025, 3, 29), **kw)  # day 56
    f.review(plan, due=D(2025, 1, 2), amendment_notice=D(2025, 2, 1), amended=D(2025, 3, 30), **kw)  # day 57
    f.review(plan, due=D(2025, 1, 3), amendment_notice=D(2025, 5, 1), **kw)  # not yet issued
    assert fraction("amended_plans_8_weeks", JUNE) == (1, 2)


def test_phase_transfers_named_by_the_legal_date() -> None:
    f.phase_transfer(f.plan(issued=D(2020, 1, 1)), deadline=D(2025, 2, 14), named=D(2025, 2, 14))
    f.phase_transfer(f.plan(issued=D(2020, 1, 1)), deadline=D(2025, 2, 14), named=D(2025, 2, 20))
    f.phase_transfer(f.plan(issued=D(2020, 1, 1)), deadline=D(2025, 3, 30), named=None)
    f.phase_transfer(f.plan(issued=D(2020, 1, 1)), deadline=D(2026, 2, 14), named=D(2025, 6, 1))  # next year
    assert fraction("phase_transfers_named", JUNE) == (1, 3)


def test_children_with_a_plan_and_no_place_count_and_days() -> None:
    waiting = f.plan(issued=D(2024, 1, 1)).child
    f.placement(waiting, entry=D(2024, 1, 1), leaving=D(2025, 5, 31))
    f.placement(waiting, entry=D(2025, 5, 31), no_place_reason=NoPlaceReason.AWAITING_PLACE)  # 30 days
    excluded = f.plan(issued=D(2024, 1, 1)).child
    f.placement(excluded, entry=D(2025, 6, 20), no_place_reason=NoPlaceReason.PERMANENTLY_EXCLUDED)  # 10
    placed_later = f.plan(issued=D(2024, 1, 1)).child
    f.placement(placed_later, entry=D(2025, 6, 1), leaving=D(2025, 7, 1), no_place_reason="other")
    f.placement(placed_later, entry=D(2025, 7, 1))
    no_plan = f.ChildFactory()
    f.placement(no_plan, entry=D(2025, 6, 1), no_place_reason="other")  # no plan: not counted
    assert value("no_place_children", JUNE) == 3
    assert value("no_place_days", JUNE) == Decimal("23.00")  # (30 + 10 + 29) / 3
    assert value("no_place_children", D(2025, 7, 31)) == 2
    reasons = run("no_place_children", JUNE).breakdowns["no_place_reason"]
    assert int(reasons["Permanently excluded"].value) == 1


def test_share_of_plans_in_mainstream_special_and_other_settings() -> None:
    kinds = [
        EstablishmentType.MAINSTREAM,
        EstablishmentType.RESOURCED_PROVISION,  # counted as mainstream, as DfE does
        EstablishmentType.SPECIAL,
        EstablishmentType.INDEPENDENT_SPECIAL,
        EstablishmentType.FURTHER_EDUCATION,
    ]
    for kind in kinds:
        f.placement(f.plan(issued=D(2024, 1, 1)).child, entry=D(2024, 9, 1), kind=kind)
    f.placement(f.plan(issued=D(2024, 1, 1)).child, entry=D(2024, 9, 1), setting_code="EHE", kind=None)
    f.plan(issued=D(2024, 1, 1))  # no placement recorded: left out of all three
    f.placement(f.plan(issued=D(2025, 7, 1)).child, entry=D(2024, 9, 1))  # plan made after June
    assert fraction("plans_mainstream", JUNE) == (2, 6)
    assert fraction("plans_special", JUNE) == (2, 6)
    assert fraction("plans_other_settings", JUNE) == (2, 6)
