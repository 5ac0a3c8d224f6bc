"""The risk and issue register: each score change is kept, so the register shows the trend."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sendcase.core.errors import ServiceError
from sendcase.core.models import User

from .. import rules
from ..models import Objective, Risk, RiskKind, RiskScore, RiskStatus
from ._common import (
    actor,
    apply_changes,
    check_version,
    next_reference,
    record_created,
    require_date,
    require_owner,
    require_plan_editor,
    required_text,
)


def _scale(value: int | None, field: str, label: str) -> int:
    if value is None or not isinstance(value, int) or not 1 <= value <= 5:
        raise ServiceError(f"Select the {label} (1 to 5)", field=field)
    return value


def _score(acting_user: User, risk: Risk, note: str = "") -> None:
    RiskScore.objects.create(
        risk=risk,
        likelihood=risk.likelihood,
        impact=risk.impact,
        score=risk.score,
        scored_by=actor(acting_user),
        note=note[:500],
    )


@transaction.atomic
def risk_create(
    *,
    acting_user: User,
    kind: str,
    title: str,
    owner: User | None,
    likelihood: int | None,
    impact: int | None,
    review_on: dt.date | None,
    description: str = "",
    mitigation: str = "",
    objective: Objective | None = None,
) -> Risk:
    require_plan_editor(acting_user)
    if kind not in RiskKind.values:
        raise ServiceError("Select whether this is a risk or an issue", field="kind")
    likelihood = _scale(likelihood, "likelihood", "likelihood")
    impact = _scale(impact, "impact", "impact")
    risk = Risk.objects.create(
        reference=next_reference(Risk, "R"),
        kind=kind,
        title=required_text(title, field="title", message="Enter the risk", max_length=200),
        description=(description or "").strip(),
        owner=require_owner(owner),
        likelihood=likelihood,
        impact=impact,
        score=rules.risk_score(likelihood, impact),
        mitigation=(mitigation or "").strip(),
        review_on=require_date(review_on, field="review_on", message="Enter the date of the next review"),
        objective=objective,
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    _score(acting_user, risk, "First scored")
    record_created(acting_user=acting_user, obj=risk)
    return risk


@transaction.atomic
def risk_update(
    *,
    acting_user: User,
    risk: Risk,
    expected_version: int | None,
    title: str,
    owner: User | None,
    likelihood: int | None,
    impact: int | None,
    review_on: dt.date | None,
    status: str,
    kind: str,
    description: str = "",
    mitigation: str = "",
    objective: Objective | None = None,
    note: str = "",
) -> Risk:
    """Review a risk: rescore it, change its mitigation or owner, set the next review, or close it.
    A new score is added to its score history."""
    require_plan_editor(acting_user)
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    check_version(risk, expected_version)
    if status not in RiskStatus.values:
        raise ServiceError("Select whether the risk is open or closed", field="status")
    if kind not in RiskKind.values:
        raise ServiceError("Select whether this is a risk or an issue", field="kind")
    likelihood = _scale(likelihood, "likelihood", "likelihood")
    impact = _scale(impact, "impact", "impact")
    note = (note or "").strip()
    if status == RiskStatus.CLOSED and risk.status != RiskStatus.CLOSED and not note:
        raise ServiceError("Say why the risk is being closed", field="note")
    rescored = (likelihood, impact) != (risk.likelihood, risk.impact)
    apply_changes(
        acting_user=acting_user,
        obj=risk,
        values={
            "kind": kind,
            "title": required_text(title, field="title", message="Enter the risk", max_length=200),
            "description": (description or "").strip(),
            "owner": require_owner(owner),
            "likelihood": likelihood,
            "impact": impact,
            "score": rules.risk_score(likelihood, impact),
            "mitigation": (mitigation or "").strip(),
            "review_on": require_date(
                review_on, field="review_on", message="Enter the date of the next review"
            ),
            "status": status,
            "objective": objective,
        },
        note=note,
    )
    if rescored:
        _score(acting_user, risk, note)
    return risk
