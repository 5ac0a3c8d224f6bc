"""Setting an indicator's target: who may, what is checked, the history kept, and the figures' RAG
measured against it everywhere."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sendcase.core.errors import NotPermitted, ServiceError, StaleEdit
from sendcase.core.models import AuditAction, AuditEntry, Role
from sendcase.performance.board import indicator_rows_for_pack
from sendcase.performance.compute import snapshot_month
from sendcase.performance.indicators.registry import INDICATORS
from sendcase.performance.models import IndicatorTarget, TargetChange
from sendcase.performance.services import target_set
from sendcase.performance.targets import with_target
from tests.factories import ChildFactory, UserFactory

from . import factories as f

D = f.D
JUNE = D(2025, 6, 30)
PLANS = INDICATORS["plans_20_weeks_incl_year"]  # registry target 60, amber within 10
pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return UserFactory(username="programme", role=Role.PROGRAMME_OFFICER)


@pytest.fixture
def half_on_time():
    """Two new plans in 2025 to the end of June, one within 20 weeks: 50%."""
    f.request(ChildFactory(), received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 5, 26))
    f.request(ChildFactory(), received=D(2025, 1, 6), decided=D(2025, 2, 1), final=D(2025, 6, 30))
    snapshot_month(JUNE)


def _set(user, *, version=0, target="75", amber="5", reason="Board decision, 3 June 2025"):
    return target_set(
        acting_user=user,
        indicator=PLANS,
        expected_version=version,
        target=Decimal(target) if target is not None else None,
        amber_within=Decimal(amber) if amber is not None else None,
        reason=reason,
    )


def _rag(period_end=JUNE) -> str:
    [row] = [r for r in indicator_rows_for_pack(period_end=period_end) if r["id"] == PLANS.id]
    return row["rag"]


def test_the_definitions_target_applies_until_the_authority_sets_its_own(half_on_time, programme) -> None:
    assert with_target(PLANS) == PLANS
    assert _rag() == "amber"  # 50% is within 10 of 60
    _set(programme, target="55", amber="2")
    assert (with_target(PLANS).target, with_target(PLANS).amber_within) == (Decimal("55"), Decimal("2"))
    assert _rag() == "red"  # 50% is more than 2 below 55
    _set(programme, version=1, target="50", amber="0")
    assert _rag() == "green"


def test_no_target_means_no_rag(half_on_time, programme) -> None:
    _set(programme, target=None, amber="0")
    assert with_target(PLANS).target is None
    assert _rag() == "none"


def test_each_change_is_kept_with_who_and_why_and_audited(programme) -> None:
    _set(programme, target="70", amber="5", reason="First target")
    _set(programme, version=1, target="75", amber="5", reason="Raised by the board")
    changes = list(TargetChange.objects.filter(indicator=PLANS.id).order_by("id"))
    assert [(c.target_before, c.target_after, c.reason) for c in changes] == [
        (Decimal("60"), Decimal("70"), "First target"),  # from the definition's target
        (Decimal("70"), Decimal("75"), "Raised by the board"),
    ]
    assert {c.changed_by for c in changes} == {programme}
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).latest("id")
    assert entry.user == programme and "Raised by the board" in entry.summary
    assert IndicatorTarget.objects.get(indicator=PLANS.id).version == 2


def test_a_stale_edit_is_refused_and_changes_nothing(programme) -> None:
    _set(programme, target="70")
    with pytest.raises(StaleEdit):
        _set(programme, version=0, target="90")  # the form was shown before the first save
    assert IndicatorTarget.objects.get(indicator=PLANS.id).target == Decimal("70")
    assert TargetChange.objects.count() == 1


@pytest.mark.parametrize(
    "target, amber, reason, field",
    [
        ("101", "5", "Why", "target"),
        ("-1", "5", "Why", "target"),
        ("70", None, "Why", "amber_within"),
        ("70", "-2", "Why", "amber_within"),
        ("70", "5", "   ", "reason"),
    ],
)
def test_bad_values_are_refused_with_the_field_at_fault(programme, target, amber, reason, field) -> None:
    with pytest.raises(ServiceError) as refused:
        _set(programme, target=target, amber=amber, reason=reason)
    assert refused.value.field == field
    assert not IndicatorTarget.objects.exists()


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.TEAM_MANAGER, Role.READ_ONLY, Role.DATA_OFFICER])
def test_only_programme_staff_and_leaders_set_targets(role) -> None:
    with pytest.raises(NotPermitted):
        _set(UserFactory(role=role))
    assert not IndicatorTarget.objects.exists()


def test_the_form_saves_and_the_indicator_page_shows_the_history(half_on_time, programme) -> None:
    client = Client()
    client.force_login(programme)
    url = reverse("performance:target", args=[PLANS.id])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"].initial["target"] == Decimal("60")
    refused = client.post(url, {"target": "150", "amber_within": "5", "reason": "Too high", "version": "0"})
    assert refused.status_code == 200
    assert "The target must be a percentage from 0 to 100" in refused.content.decode()
    assert refused.context["page_title"].startswith("Error: ")
    saved = client.post(url, {"target": "65", "amber_within": "5", "reason": "Board, June", "version": "0"})
    assert saved.status_code == 302
    detail = client.get(reverse("performance:indicator", args=[PLANS.id]), {"period": "2025-06"})
    html = detail.content.decode()
    assert 'id="target-history"' in html and "Board, June" in html and "60.0% to 65.0%" in html
    assert detail.context["head"].target_display == "65.0%"


def test_a_second_form_sent_after_a_save_is_refused(programme) -> None:
    client = Client()
    client.force_login(programme)
    url = reverse("performance:target", args=[PLANS.id])
    client.post(url, {"target": "65", "amber_within": "5", "reason": "First", "version": "0"})
    late = client.post(url, {"target": "80", "amber_within": "5", "reason": "Second", "version": "0"})
    assert late.status_code == 200 and "Someone else changed this record" in late.content.decode()
    assert IndicatorTarget.objects.get().target == Decimal("65")


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.READ_ONLY, Role.FAMILY, Role.SCHOOL])
def test_others_cannot_open_or_send_the_form(role) -> None:
    client = Client()
    client.force_login(UserFactory(role=role))
    url = reverse("performance:target", args=[PLANS.id])
    assert client.get(url).status_code == 403
    sent = client.post(url, {"target": "1", "amber_within": "1", "reason": "x", "version": "0"})
    assert sent.status_code == 403
    assert not IndicatorTarget.objects.exists()


def test_an_unknown_indicator_is_not_found(programme) -> None:
    client = Client()
    client.force_login(programme)
    assert client.get(reverse("performance:target", args=["no_such_thing"])).status_code == 404
