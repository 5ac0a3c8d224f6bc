"""CSV and Excel downloads of the registers: formulas neutralised, every row, audited."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from sendcase.core.models import AuditEntry

from .factories import ActionFactory, BudgetLineFactory, RecommendationFactory, RiskFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_actions_csv_neutralises_formulas_and_is_audited(read_only_client, read_only_user):
    ActionFactory(title='=HYPERLINK("http://evil")')
    ActionFactory(title="Ordinary")
    response = read_only_client.get("/improvement/actions/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0][:3] == ["Reference", "Objective", "Action"] and len(rows) == 3
    assert '\'=HYPERLINK("http://evil")' in [r[2] for r in rows]
    assert AuditEntry.objects.filter(
        user=read_only_user, action="export", summary__contains="Actions"
    ).exists()


def test_risks_xlsx(read_only_client):
    RiskFactory(title="+cmd", likelihood=4, impact=4)
    response = read_only_client.get("/improvement/risks/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (
        rows[0][0] == "Reference" and rows[1][2] == "'+cmd" and rows[1][6] == 16 and rows[1][7] == "Very high"
    )


def test_recommendations_and_budget_exports(read_only_client):
    RecommendationFactory(text="-2+3")
    rows = _csv(read_only_client.get("/improvement/recommendations/?format=csv"))
    assert rows[1][4] == "'-2+3"
    BudgetLineFactory(financial_year=2026, planned=1200, workstream="@risk")
    rows = _csv(read_only_client.get("/improvement/budget/?year=2026&format=csv"))
    assert rows[1][:4] == ["2026-27", "'@risk", rows[1][2], "1200.00"]
