"""The register of recommendations made to the authority from outside (inspection, commissioner...)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from sendcase.core.errors import ServiceError
from sendcase.core.models import User

from ..models import Action, Recommendation, RecommendationSource, RecommendationStatus
from ._common import (
    actor,
    apply_changes,
    check_version,
    display,
    history_write,
    next_reference,
    record_created,
    require_date,
    require_owner,
    require_plan_editor,
    required_text,
    today,
)


def _made_on(value: dt.date | None) -> dt.date:
    value = require_date(value, field="made_on", message="Enter the date the recommendation was made")
    if value > today():
        raise ServiceError(
            "The date the recommendation was made must be today or in the past", field="made_on"
        )
    return value


@transaction.atomic
def recommendation_create(
    *,
    acting_user: User,
    source: str,
    made_on: dt.date | None,
    text: str,
    owner: User | None,
    source_detail: str = "",
    response: str = "",
    actions: Iterable[Action] = (),
) -> Recommendation:
    require_plan_editor(acting_user)
    if source not in RecommendationSource.values:
        raise ServiceError("Select who made the recommendation", field="source")
    recommendation = Recommendation.objects.create(
        reference=next_reference(Recommendation, "REC"),
        source=source,
        source_detail=(source_detail or "").strip()[:200],
        made_on=_made_on(made_on),
        text=required_text(text, field="text", message="Enter the recommendation"),
        response=(response or "").strip(),
        owner=require_owner(owner),
        created_by=actor(acting_user),
        updated_by=actor(acting_user),
    )
    recommendation.actions.set(list(actions))
    record_created(acting_user=acting_user, obj=recommendation)
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    acting_user: User,
    recommendation: Recommendation,
    expected_version: int | None,
    source: str,
    made_on: dt.date | None,
    text: str,
    owner: User | None,
    status: str,
    source_detail: str = "",
    response: str = "",
    actions: Iterable[Action] = (),
) -> Recommendation:
    require_plan_editor(acting_user)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    check_version(recommendation, expected_version)
    if source not in RecommendationSource.values:
        raise ServiceError("Select who made the recommendation", field="source")
    if status not in RecommendationStatus.values:
        raise ServiceError("Select the recommendation's status", field="status")
    response = (response or "").strip()
    if status != RecommendationStatus.OPEN and not response:
        raise ServiceError("Enter the authority's response before changing the status", field="response")
    changed = apply_changes(
        acting_user=acting_user,
        obj=recommendation,
        values={
            "source": source,
            "source_detail": (source_detail or "").strip()[:200],
            "made_on": _made_on(made_on),
            "text": required_text(text, field="text", message="Enter the recommendation"),
            "response": response,
            "owner": require_owner(owner),
            "status": status,
        },
    )
    before = sorted(recommendation.actions.values_list("reference", flat=True))
    actions = list(actions)
    after = sorted(a.reference for a in actions)
    if before != after:
        recommendation.actions.set(actions)
        if not changed:
            recommendation.version += 1
            recommendation.save(update_fields=["version", "updated_at"])
        history_write(
            acting_user=acting_user,
            obj=recommendation,
            changes=[("actions", "Linked actions", display(before), display(after))],
        )
    return recommendation
