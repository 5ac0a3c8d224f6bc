"""Budget lines per workstream and financial year, and their monthly actuals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from sendcase.core.audit import audit_record
from sendcase.core.errors import ServiceError
from sendcase.core.models import AuditAction, User

from .. import rules
from ..models import BudgetActual, BudgetLine, Objective
from ._common import (
    actor,
    apply_changes,
    check_version,
    display,
    history_write,
    record_created,
    require_plan_editor,
    required_text,
)


def _money(value: Decimal | None, *, field: str, label: str, allow_none: bool = False) -> Decimal | None:
    if value is None:
        if allow_none:
            return None
        raise ServiceError(f"Enter the {label}", field=field)
    if value < 0:
        raise ServiceError(f"The {label} must be £0 or more", field=field)
    return Decimal(value).quantize(Decimal("0.01"))


def _year(value: int | None) -> int:
    if value is None or not 2000 <= value <= 2100:
        raise ServiceError(
            "Enter the year the financial year starts, for example 2026", field="financial_year"
        )
    return value


@transaction.atomic
def budget_line_create(
    *,
    acting_user: User,
    workstream: str,
    title: str,
    financial_year: int | None,
    planned: Decimal | None,
    forecast: Decimal | None = None,
    objective: Objective | None = None,
) -> BudgetLine:
    require_plan_editor(acting_user)
    workstream = required_text(workstream, field="workstream", message="Enter the workstream", max_length=100)
    title = required_text(title, field="title", message="Enter what the money is for", max_length=200)
    year = _year(financial_year)
    if BudgetLine.objects.filter(financial_year=year, workstream=workstream, title=title).exists():
        raise ServiceError(
            f"{workstream} already has a line called {title} in {rules.financial_year_label(year)}",
            field="title",
        )
    line = BudgetLine.objects.create(
        workstream=workstream,
        title=title,
        financial_year=year,
        planned=_money(planned, field="planned", label="planned amount"),
        forecast=_money(forecast, field="forecast", label="forecast", allow_none=True),
        objective=objective,
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    record_created(acting_user=acting_user, obj=line)
    return line


@transaction.atomic
def budget_line_update(
    *,
    acting_user: User,
    line: BudgetLine,
    expected_version: int | None,
    workstream: str,
    title: str,
    planned: Decimal | None,
    forecast: Decimal | None = None,
    objective: Objective | None = None,
    note: str = "",
) -> BudgetLine:
    require_plan_editor(acting_user)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    check_version(line, expected_version)
    apply_changes(
        acting_user=acting_user,
        obj=line,
        values={
            "workstream": required_text(
                workstream, field="workstream", message="Enter the workstream", max_length=100
            ),
            "title": required_text(
                title, field="title", message="Enter what the money is for", max_length=200
            ),
            "planned": _money(planned, field="planned", label="planned amount"),
            "forecast": _money(forecast, field="forecast", label="forecast", allow_none=True),
            "objective": objective,
        },
        note=(note or "").strip(),
    )
    return line


@transaction.atomic
def budget_actual_record(
    *,
    acting_user: User,
    line: BudgetLine,
    expected_version: int | None,
    month: dt.date | None,
    amount: Decimal | None,
) -> BudgetActual:
    """Record (or correct) what was spent on a line in one month of its financial year. A refund may
    make a month's amount negative."""
    require_plan_editor(acting_user)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    check_version(line, expected_version)
    if month is None:
        raise ServiceError("Select the month", field="month")
    month = month.replace(day=1)
    if month not in rules.financial_year_months(line.financial_year):
        raise ServiceError(
            f"The month must be in the financial year {line.year_label} (April to March)", field="month"
        )
    if amount is None:
        raise ServiceError("Enter the amount spent", field="amount")
    amount = Decimal(amount).quantize(Decimal("0.01"))
    existing = BudgetActual.objects.filter(line=line, month=month).first()
    old = existing.amount if existing else None
    if existing is None:
        actual = BudgetActual.objects.create(
            line=line,
            month=month,
            amount=amount,
            created_by=actor(acting_user),
            updated_by=actor(acting_user),
        )
    else:
        existing.amount = amount
        existing.updated_by = actor(acting_user)
        existing.save(update_fields=["amount", "updated_at", "updated_by"])
        actual = existing
    line.version += 1
    line.updated_by = actor(acting_user)
    line.save(update_fields=["version", "updated_at", "updated_by"])
    history_write(
        acting_user=acting_user,
        obj=line,
        changes=[("actual", f"Actual for {month:%B %Y}", display(old), display(amount))],
    )
    audit_record(
        user=acting_user,
        action=AuditAction.UPDATE if existing else AuditAction.CREATE,
        obj=actual,
        summary=f"{line}: actual for {month:%B %Y} {display(amount)}",
    )
    return actual
