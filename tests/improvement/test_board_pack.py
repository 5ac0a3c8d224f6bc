"""The monthly board pack: built from hand-made indicator rows, with the exceptions the board must see,
as HTML and as a PDF."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from sendcase.improvement import pack as packs

from .factories import ActionFactory, BoardMeetingFactory, BudgetActualFactory, BudgetLineFactory, RiskFactory

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "id": "plans_20_weeks_incl_year",
        "title": "EHC plans issued within 20 weeks",
        "value_display": "38.0%",
        "target_display": "60.0%",
        "rag": "red",
        "trend": "up",
        "change_display": "+4.0 points",
        "england_display": "46.4%",
        "neighbours_display": "51.2%",
        "commentary": "Agency officers started in June",
        "url": "/performance/indicators/plans_20_weeks_incl_year/",
    },
    {
        "id": "reviews_12_months",
        "title": "Annual reviews on time",
        "value_display": "71.0%",
        "target_display": "70.0%",
        "rag": "green",
        "trend": "flat",
        "change_display": "0.0 points",
        "england_display": "",
        "neighbours_display": "",
        "commentary": "",
        "url": "",
    },
]


def today():
    return timezone.localdate()


def _month(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def test_parse_month():
    assert packs.parse_month("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert packs.parse_month("2028-02")[1] == dt.date(2028, 2, 29)
    for bad in ("2026-13", "2026-1", "26-01", "", "2026-00", "2026-01x"):
        with pytest.raises(ValueError):
            packs.parse_month(bad)


def _seed():
    as_of = today()
    overdue = ActionFactory(title="Recruit EPs", due_on=as_of - dt.timedelta(days=10), status="on_track")
    ActionFactory(
        title="Finished", due_on=as_of - dt.timedelta(days=10), status="complete", completed_on=as_of
    )
    ActionFactory(title="Future", due_on=as_of + dt.timedelta(days=100), status="on_track")
    big = RiskFactory(title="Tribunal backlog", likelihood=3, impact=5)
    RiskFactory(title="Closed big risk", likelihood=5, impact=5, status="closed")
    RiskFactory(title="Small", likelihood=2, impact=2)
    from sendcase.improvement import rules

    year = rules.financial_year_of(as_of)
    over = BudgetLineFactory(
        workstream="Workforce",
        title="Locum EPs",
        financial_year=year,
        planned=Decimal("1000"),
        forecast=Decimal("1100"),
    )
    BudgetLineFactory(
        workstream="Workforce",
        title="Training",
        financial_year=year,
        planned=Decimal("1000"),
        forecast=Decimal("1099"),
    )
    BudgetActualFactory(line=over, month=rules.financial_year_months(year)[0], amount=Decimal("400"))
    return overdue, big, over


def test_exceptions_are_red_indicators_overdue_actions_big_risks_and_overspends(programme_officer):
    overdue, big, over = _seed()
    pack = packs.build_board_pack(
        user=programme_officer, month=_month(today()), indicator_rows=ROWS, today=today()
    )
    found = {(e.kind, e.title) for e in pack.exceptions}
    assert found == {
        ("Indicator", "EHC plans issued within 20 weeks"),
        ("Action", f"{overdue.reference} Recruit EPs"),
        ("Risk", f"{big.reference} Tribunal backlog"),
        ("Budget", "Workforce: Locum EPs"),
    }
    assert pack.rag_counts["red"] == 1 and pack.rag_counts["green"] == 2
    assert [r.title for r in pack.top_risks] == ["Tribunal backlog", "Small"]
    assert pack.budget.total.planned == Decimal("2000") and pack.budget.total.forecast == Decimal("2199")


def test_a_past_month_is_as_at_its_last_day(programme_officer):
    action = ActionFactory(due_on=dt.date(2026, 5, 20), status="on_track")
    pack = packs.build_board_pack(
        user=programme_officer, month="2026-05", indicator_rows=[], today=dt.date(2026, 9, 1)
    )
    assert pack.as_of == dt.date(2026, 5, 31)
    assert [a.pk for a in pack.overdue_actions] == [action.pk]
    early = packs.build_board_pack(
        user=programme_officer, month="2026-04", indicator_rows=[], today=dt.date(2026, 9, 1)
    )
    assert early.overdue_actions == []


def test_html_pack_before_the_months_indicators_are_computed(read_only_client):
    _seed()
    response = read_only_client.get(f"/improvement/board-pack/{_month(today())}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Indicator summary" in text
    assert "Tribunal backlog" in text and "Exceptions for the board (" in text


def test_html_pack_shows_the_rows_it_is_given(read_only_client, monkeypatch):
    monkeypatch.setattr(packs, "indicator_rows", lambda period_end: ROWS)
    text = read_only_client.get(f"/improvement/board-pack/{_month(today())}/").content.decode()
    assert (
        "EHC plans issued within 20 weeks" in text
        and "46.4%" in text
        and "Agency officers started in June" in text
    )
    assert "Indicator summary not available" not in text


def test_future_and_malformed_months_are_not_found(read_only_client):
    assert read_only_client.get("/improvement/board-pack/2099-01/").status_code == 404
    assert read_only_client.get("/improvement/board-pack/2026-13/").status_code == 404
    assert read_only_client.get("/improvement/board-pack/latest/pdf/").status_code == 404


def test_pdf_pack(read_only_client, monkeypatch):
    _seed()
    BoardMeetingFactory(held_on=today().replace(day=1))
    monkeypatch.setattr(packs, "indicator_rows", lambda period_end: ROWS)
    response = read_only_client.get(f"/improvement/board-pack/{_month(today())}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"board-pack-{_month(today())}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert 1 <= len(reader.pages) <= 10
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for words in (
        "Improvement board pack",
        "Indicator summary",
        "EHC plans issued within 20 weeks",
        "Exceptions for the board",
        "Recruit EPs",
        "Tribunal backlog",
        "Locum EPs",
        "Budget position",
    ):
        assert words in text, words
    assert reader.metadata.title.startswith("Improvement board pack")


def test_pack_downloads_are_audited(read_only_client, read_only_user):
    from sendcase.core.models import AuditEntry

    read_only_client.get(f"/improvement/board-pack/{_month(today())}/pdf/")
    assert AuditEntry.objects.filter(
        user=read_only_user, action="download", summary__contains="board pack"
    ).exists()


def test_the_pack_shows_the_months_indicator_snapshots(read_only_client):
    """The real performance snapshots feed the pack: compute a month, then read it in the pack."""
    from sendcase.performance.compute import month_end, snapshot_month
    from sendcase.performance.indicators.registry import INDICATORS

    month = _month(today())
    snapshot_month(month_end(today()))
    rows = packs.indicator_rows(month_end(today()))
    assert {row["id"] for row in rows} == set(INDICATORS)
    html = read_only_client.get(f"/improvement/board-pack/{month}/").content.decode()
    assert INDICATORS["plans_20_weeks_incl_year"].title in html
