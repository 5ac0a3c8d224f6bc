"""Placements: where each child is (or was) educated, by school URN or SEN2 setting code."""

from __future__ import annotations

from typing import Any

from sendcase.people.events import EventKind
from sendcase.people.models import Child
from sendcase.plans.models import EHCPlan, Placement, PlanStatus

from .base import (
    CHILD_REF_FIELDS,
    DatasetKind,
    FieldSpec,
    ImportContext,
    Outcome,
    RecordAction,
    RowRef,
    fill_blanks,
    json_value,
    order_problems,
    refuse,
)

PLACEMENT_FIELDS = (
    FieldSpec(
        "establishment_urn",
        "School or setting URN",
        "urn",
        aliases=("urn", "school urn", "setting urn", "establishment urn"),
    ),
    FieldSpec(
        "setting_code",
        "SEN2 setting code",
        "code",
        code_set="SettingCode",
        aliases=("setting code", "setting", "sen2 setting"),
    ),
    FieldSpec(
        "entry_on",
        "Start date",
        "date",
        required=True,
        aliases=("start date", "entry date", "date started", "from", "start"),
    ),
    FieldSpec(
        "leaving_on", "Leaving date", "date", aliases=("end date", "leaving date", "date left", "to", "end")
    ),
    FieldSpec("notes", "Notes", max_length=300, aliases=("notes", "comments")),
)


class PlacementsKind(DatasetKind):
    name = "placements"
    label = "Placements"
    description = (
        "One row per placement: the school (by URN) or SEN2 setting code, and the start and leaving dates."
    )
    fields = CHILD_REF_FIELDS + PLACEMENT_FIELDS
    table = "placements"

    def source_key(self, values: dict[str, Any]) -> str:
        return f"legacy:{self.table}:{values['legacy_id']}" if values.get("legacy_id") else ""

    def check(self, ctx: ImportContext, values: dict[str, Any]) -> dict[str, list[str]]:
        reasons = order_problems(values, [("entry_on", "Start date"), ("leaving_on", "Leaving date")])
        if bool(values.get("establishment_urn")) == bool(values.get("setting_code")):
            reasons.setdefault("establishment_urn", []).append(
                "Enter either the school or setting's URN or a SEN2 setting code (one, not both)"
            )
        return reasons

    def write(self, ctx: ImportContext, ref: RowRef, values: dict[str, Any], raw: dict[str, Any]) -> str:
        child = Child.objects.get(pk=self.child_id(ctx, values))
        if values["entry_on"] < child.date_of_birth:
            raise refuse("entry_on", "Start date is before the child's date of birth")
        urn = values.get("establishment_urn")
        wanted = {
            "establishment_id": ctx.establishment_id(urn) if urn else None,
            "setting_code": values.get("setting_code") or "",
            "entry_on": values["entry_on"],
            "leaving_on": values.get("leaving_on"),
            "notes": values.get("notes") or "",
        }
        key = self.source_key(values)
        placement = None
        if key and (pk := ctx.keyed(Placement, key)) is not None:
            placement = Placement.objects.get(pk=pk)
        if placement is None:
            placement = Placement.objects.filter(child=child, entry_on=values["entry_on"]).first()
        if placement is None:
            if not wanted["leaving_on"]:
                current = Placement.objects.filter(child=child, leaving_on__isnull=True).first()
                if current is not None:
                    raise refuse(
                        "leaving_on",
                        f"{child.full_name} already has a current placement ({current}): "
                        "record when it ended first",
                    )
            plan = EHCPlan.objects.filter(child=child, status=PlanStatus.ACTIVE).first()
            placement = Placement(
                child=child,
                plan=plan,
                created_by=ctx.user,
                updated_by=ctx.user,
                **{k: v for k, v in wanted.items() if v is not None},
            )
            placement.save()
            ctx.record(ref, placement, RecordAction.CREATED, key=key)
            new_fields, action = set(wanted), RecordAction.CREATED
        else:
            fills = fill_blanks(placement, wanted, "placement")
            if not fills:
                return Outcome.UNCHANGED
            before = {n: json_value(getattr(placement, n)) for n in fills}
            for name in fills:
                setattr(placement, name, wanted[name])
            placement.updated_by = ctx.user
            placement.save()
            ctx.record(ref, placement, RecordAction.UPDATED, before=before, key=key)
            new_fields, action = set(fills), RecordAction.UPDATED
        data = {"placement_id": placement.pk}
        if "entry_on" in new_fields:
            ctx.event(
                ref,
                child_id=child.pk,
                subject=placement,
                kind=EventKind.PLACEMENT_STARTED,
                occurred_on=placement.entry_on,
                summary=f"Placement started: {placement}",
                data=data,
            )
        if "leaving_on" in new_fields and placement.leaving_on:
            ctx.event(
                ref,
                child_id=child.pk,
                subject=placement,
                kind=EventKind.PLACEMENT_ENDED,
                occurred_on=placement.leaving_on,
                summary="Placement ended",
                data=data,
            )
        ctx.imported_event(ref, child_id=child.pk, subject=placement, action=action, what="Placement")
        ctx.flush()
        return Outcome.CREATED if action == RecordAction.CREATED else Outcome.UPDATED
