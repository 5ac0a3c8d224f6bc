"""Setting an indicator's target from a month on: who may, what is checked, the history kept, and each
month's figures measured against the target it had then, everywhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendcase.core.errors import NotPermitted, ServiceError, StaleEdit
from sendcase.core.models import AuditAction, AuditEntry, Role
from sendcase.performance.analysis import Point, commentary
from sendcase.performance.board import indicator_rows_for_pack
from sendcase.performance.compute import snapshot_month
from sendcase.performance.indicators.registry import INDICATORS
from sendcase.performance.models import IndicatorTarget, TargetChange
from sendcase.performance.services import target_set
from sendcase.performance.sparkline import chart
from sendcase.performance.targets import timeline
from tests.factories import ChildFactory, UserFactory

from . import factories as f

D = f.D
JUNE = D(2025, 6, 30)
MAY = D(2025, 5, 31)
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


def _set(user, *, version=0, target="75", amber="5", reason="Board decision, 3 June 2025", applies_from=JUNE):
    return target_set(
        acting_user=user,
        indicator=PLANS,
        expected_version=version,
        target=Decimal(target) if target is not None else None,
        amber_within=Decimal(amber) if amber is not None else None,
        reason=reason,
        applies_from=applies_from,
    )


def _target(period_end=JUNE) -> tuple:
    then = timeline(PLANS).at(period_end)
    return then.target, then.amber_within


def _rag(period_end=JUNE) -> str:
    [row] = [r for r in indicator_rows_for_pack(period_end=period_end) if r["id"] == PLANS.id]
    return row["rag"]


def test_the_definitions_target_applies_until_the_authority_sets_its_own(half_on_time, programme) -> None:
    assert timeline(PLANS).at(JUNE) == PLANS
    assert _rag() == "amber"  # 50% is within 10 of 60
    _set(programme, target="55", amber="2")
    assert _target() == (Decimal("55"), Decimal("2"))
    assert _rag() == "red"  # 50% is more than 2 below 55
    _set(programme, version=1, target="50", amber="0")
    assert _rag() == "green"


def test_no_target_means_no_rag(half_on_time, programme) -> None:
    _set(programme, target=None, amber="0")
    assert _target() == (None, Decimal("0"))
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
    page = client.get(url, {"period": "2025-06"})  # from the indicator's page for June 2025
    assert page.status_code == 200 and page.context["form"].initial["target"] == Decimal("60")
    assert page.context["form"].initial["applies_from"] == "2025-06"
    offered = [value for value, _ in page.context["form"].fields["applies_from"].choices]
    assert offered[0] == f"{timezone.localdate():%Y-%m}"
    assert offered[-1] == "2025-06"  # back to the first month with figures
    form = {"target": "150", "amber_within": "5", "reason": "Too high", "version": "0"}
    form["applies_from"] = "2025-06"
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "The target must be a percentage from 0 to 100" in refused.content.decode()
    assert refused.context["page_title"].startswith("Error: ")
    unchosen = client.post(url, {**form, "target": "65", "applies_from": ""})
    assert "Select the month the target applies from" in unchosen.content.decode()
    saved = client.post(url + "?period=2025-06", {**form, "target": "65", "reason": "Board, June"})
    assert saved.status_code == 302 and saved["Location"].endswith("?period=2025-06")
    detail = client.get(reverse("performance:indicator", args=[PLANS.id]), {"period": "2025-06"})
    html = detail.content.decode()
    assert 'id="target-history"' in html and "Board, June" in html and "60.0% to 65.0%" in html
    assert "June 2025" in html.split('id="target-history"')[1]  # the month it applies from
    assert detail.context["head"].target_display == "65.0%"
    assert TargetChange.objects.get().applies_from == D(2025, 6, 1)


def test_a_second_form_sent_after_a_save_is_refused(programme) -> None:
    client = Client()
    client.force_login(programme)
    url = reverse("performance:target", args=[PLANS.id])
    this_month = f"{timezone.localdate():%Y-%m}"
    form = {"amber_within": "5", "version": "0", "applies_from": this_month}
    client.post(url, {**form, "target": "65", "reason": "First"})
    late = client.post(url, {**form, "target": "80", "reason": "Second"})
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


@pytest.fixture
def may_and_june(half_on_time):
    """May 2025: one plan issued, on time (100%). June 2025: two, one on time (50%)."""
    snapshot_month(MAY)


def test_a_target_applies_from_its_month_and_earlier_months_keep_theirs(may_and_june, programme) -> None:
    _set(programme, target="75", amber="5", applies_from=JUNE)
    assert _target(MAY) == (Decimal("60"), Decimal("10"))  # the definition's, as before
    assert _target(JUNE) == _target(D(2026, 1, 31)) == (Decimal("75"), Decimal("5"))
    assert (_rag(MAY), _rag(JUNE)) == ("green", "red")
    assert TargetChange.objects.get().applies_from == D(2025, 6, 1)


def test_a_later_decision_replaces_an_earlier_one_from_the_month_it_names(may_and_june, programme) -> None:
    _set(programme, target="75", amber="5", applies_from=JUNE)
    _set(programme, version=1, target="45", amber="0", applies_from=MAY, reason="Re-based by the board")
    assert _target(D(2025, 4, 30)) == (Decimal("60"), Decimal("10"))
    assert _target(MAY) == _target(JUNE) == (Decimal("45"), Decimal("0"))
    assert _rag(JUNE) == "green"
    second = TargetChange.objects.latest("id")
    assert (second.target_before, second.amber_before) == (Decimal("60"), Decimal("10"))  # May's, then
    assert IndicatorTarget.objects.get().target == Decimal("45")  # the target now


def test_the_commentary_counts_each_month_against_the_target_it_had() -> None:
    points = [Point(D(2025, m, 28), Decimal(v), None, None) for m, v in ((4, "40"), (5, "45"), (6, "55"))]
    lower, higher = (replace(PLANS, target=Decimal(t), amber_within=Decimal("0")) for t in ("40", "50"))
    text = commentary(higher, points, target_at=lambda day: higher if day.month == 6 else lower)
    assert "above the target of 50.0% for all three months shown" in text  # each met its own
    assert "above the target of 50.0% for one month" in commentary(higher, points)  # all against 50%


def test_the_board_pack_commentary_follows_the_months_targets(may_and_june, programme) -> None:
    [row] = [r for r in indicator_rows_for_pack(period_end=JUNE) if r["id"] == PLANS.id]
    assert "below the target of 60.0% for one month" in row["commentary"]  # May (100%) met 60%
    _set(programme, target="40", amber="0", applies_from=JUNE)
    [row] = [r for r in indicator_rows_for_pack(period_end=JUNE) if r["id"] == PLANS.id]
    assert "above the target of 40.0% for all two months shown" in row["commentary"]


def test_a_target_cannot_apply_from_a_month_not_yet_begun(programme) -> None:
    next_month = (timezone.localdate().replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    with pytest.raises(ServiceError) as refused:
        _set(programme, applies_from=next_month)
    assert refused.value.field == "applies_from"
    with pytest.raises(ServiceError) as refused:
        _set(programme, applies_from=None)
    assert refused.value.field == "applies_from"
    assert not TargetChange.objects.exists()


def test_the_indicator_page_and_export_show_each_months_target(may_and_june, programme) -> None:
    _set(programme, target="75", amber="5", applies_from=JUNE)
    client = Client()
    client.force_login(programme)
    detail = client.get(reverse("performance:indicator", args=[PLANS.id]), {"period": "2025-06"})
    rows = {r["point"].period_end: r for r in detail.context["series_rows"]}
    assert (rows[MAY]["target_display"], rows[MAY]["rag_label"]) == ("60.0%", "On target")
    assert (rows[JUNE]["target_display"], rows[JUNE]["rag_label"]) == ("75.0%", "Off target")
    assert "Target: 60.0% in May 2025; 75.0% in June 2025." in detail.context["chart"].desc
    assert detail.context["chart"].target_path.count("M") == 1  # one stepped line, no gap
    export = client.get(reverse("performance:export", args=[PLANS.id, "csv"]), {"period": "2025-06"})
    lines = export.content.decode().splitlines()
    assert lines[0].endswith("Target that month,Against target")
    overall = [line for line in lines if ",Overall," in line]
    assert overall[0].startswith("2025-05-31") and overall[0].endswith(",60.00,On target")
    assert overall[1].startswith("2025-06-30") and overall[1].endswith(",75.00,Off target")


def test_the_charts_target_line_steps_and_its_text_names_each_target() -> None:
    values = ((3, "40"), (4, "40"), (5, "45"), (6, "55"))
    points = [Point(D(2025, m, 28), Decimal(v), None, None) for m, v in values]
    low, high, none = (replace(PLANS, target=t) for t in (Decimal("40"), Decimal("70"), None))
    drawn = chart(PLANS, points, target_at=lambda day: {3: none, 4: low, 5: low, 6: high}[day.month])
    assert drawn.desc.endswith(
        "Target: none in March 2025; 40.0% from April 2025 to May 2025; 70.0% in June 2025."
    )
    # No line in March; one line from April, level through May, rising into June.
    moves = drawn.target_path.split()
    assert [m[0] for m in moves] == ["M", "L", "L", "L", "L", "L"]
    levels = [float(m.split(",")[1]) for m in moves]
    # The higher target is drawn higher up (a smaller y).
    assert levels[0] == levels[1] == levels[2] == levels[3] > levels[4] == levels[5]
    assert chart(PLANS, points).desc.endswith(". Target 60.0%.")  # one target throughout
