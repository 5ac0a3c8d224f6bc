"""Objectives, actions, evidence and milestones."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from sendcase.core.audit import audit_record
from sendcase.core.exports import Column
from sendcase.core.models import AuditAction

from .. import rules, selectors, services
from ..forms import (
    ActionForm,
    ActionStatusForm,
    EvidenceForm,
    MilestoneAchievedForm,
    MilestoneForm,
    ObjectiveForm,
)
from ..indicators import indicator_title
from ..models import Action, ActionStatus, Milestone, Objective
from ._helpers import can_edit, export, form_page, require_editor, require_reader, submit, today

RAG_FILTERS = {rules.RED: "Red", rules.AMBER: "Amber", rules.GREEN: "Green", rules.NONE: "No rating"}

ACTION_COLUMNS = [
    Column("Reference", "reference"),
    Column("Objective", lambda a: str(a.objective)),
    Column("Action", "title"),
    Column("Owner", lambda a: a.owner.display_name),
    Column("Due", "due_on"),
    Column("Status", lambda a: a.get_status_display()),
    Column("RAG", lambda a: a.rag_now.label),
    Column("Why", lambda a: a.rag_now.explanation),
    Column("Completed", "completed_on"),
    Column("Indicators", lambda a: ", ".join(a.indicator_ids)),
]


def _action(request: HttpRequest, pk: int) -> Action:
    return get_object_or_404(selectors.actions(request.user), pk=pk)


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    as_of = today()
    rows = list(selectors.actions(request.user))
    status = request.GET.get("status", "")
    rag = request.GET.get("rag", "")
    objective = request.GET.get("objective", "")
    if status in ActionStatus.values:
        rows = [a for a in rows if a.status == status]
    if objective.isdigit():
        rows = [a for a in rows if a.objective_id == int(objective)]
    for action in rows:
        action.rag_now = action.rag(as_of)
    if rag in RAG_FILTERS:
        rows = [a for a in rows if a.rag_now.rating == rag]
    if request.GET.get("overdue") == "1":
        rows = [a for a in rows if a.is_overdue(as_of)]
    download = export(request, rows, ACTION_COLUMNS, filename=f"improvement-actions-{as_of}", what="Actions")
    if download:
        return download
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "improvement/action_list.html",
        {
            "page_title": "Actions",
            "actions": rows,
            "statuses": ActionStatus.choices,
            "rags": RAG_FILTERS.items(),
            "objectives": Objective.objects.order_by("number"),
            "chosen": {"status": status, "rag": rag, "objective": objective},
            "export_query": query.urlencode(),
            "can_edit_plan": can_edit(request),
            "as_of": as_of,
        },
    )


@require_GET
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_reader(request)
    action = _action(request, pk)
    as_of = today()
    return render(
        request,
        "improvement/action_detail.html",
        {
            "page_title": f"{action.reference} {action.title}",
            "action": action,
            "rag": action.rag(as_of),
            "evidence": action.evidence.select_related("created_by"),
            "indicators": [(i, indicator_title(i)) for i in action.indicator_ids],
            "recommendations": action.recommendations.all(),
            "board_items": action.board_items.select_related("meeting"),
            "history": selectors.history(request.user, action),
            "can_edit_plan": can_edit(request),
            "next_statuses": rules.ACTION_TRANSITIONS[action.status],
        },
    )


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    initial = {}
    if request.GET.get("objective", "").isdigit():
        initial["objective"] = request.GET["objective"]
    form = ActionForm(request.POST or None, initial=initial)
    del form.fields["note"]
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.action_create(
                acting_user=request.user,
                objective=d["objective"],
                title=d["title"],
                description=d["description"],
                owner=d["owner"],
                due_on=d["due_on"],
                indicator_ids=d["indicator_ids"],
            ),
            success="Action added",
            to=lambda a: reverse("improvement:action_detail", args=[a.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Add an action",
        back_url=reverse("improvement:action_list"),
        button="Add action",
    )


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    action = _action(request, pk)
    form = ActionForm(
        request.POST or None,
        initial={
            "version": action.version,
            "objective": action.objective_id,
            "title": action.title,
            "description": action.description,
            "owner": action.owner_id,
            "due_on": action.due_on,
            "indicator_ids": action.indicator_ids,
        },
    )
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.action_update(
                acting_user=request.user,
                action=action,
                expected_version=d["version"],
                objective=d["objective"],
                title=d["title"],
                description=d["description"],
                owner=d["owner"],
                due_on=d["due_on"],
                indicator_ids=d["indicator_ids"],
                note=d["note"],
            ),
            success="Action updated",
            to=lambda a: reverse("improvement:action_detail", args=[a.pk]),
        )
        if done:
            return done
    back = reverse("improvement:action_detail", args=[action.pk])
    return form_page(
        request,
        form,
        heading="Change the action",
        caption=action.reference,
        back_url=back,
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    action = _action(request, pk)
    back = reverse("improvement:action_detail", args=[action.pk])
    form = ActionStatusForm(request.POST or None, current=action.status, initial={"version": action.version})
    if not form.fields["status"].choices:
        raise Http404("This action is closed: its status cannot change.")
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.action_status_change(
                acting_user=request.user,
                action=action,
                expected_version=d["version"],
                status=d["status"],
                completed_on=d["completed_on"],
                note=d["note"],
            ),
            success="Status updated",
            to=lambda a: back,
        )
        if done:
            return done
    intro = f"It is {action.get_status_display().lower()} now."
    if not action.evidence.exists():
        intro += " You need to add evidence before you can mark it complete."
    return form_page(
        request,
        form,
        heading="Update the action's status",
        caption=f"{action.reference} {action.title}",
        intro=intro,
        back_url=back,
        button="Update status",
    )


@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    action = _action(request, pk)
    back = reverse("improvement:action_detail", args=[action.pk])
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.evidence_add(
                acting_user=request.user,
                action=action,
                text=d["text"],
                link=d["link"],
                uploaded_file=d["file"],
            ),
            success="Evidence added",
            to=lambda e: back,
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Add evidence",
        caption=f"{action.reference} {action.title}",
        back_url=back,
        button="Add evidence",
        multipart=True,
    )


@require_GET
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    require_reader(request)
    action = _action(request, pk)
    evidence = get_object_or_404(action.evidence.exclude(file=""), pk=evidence_pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    audit_record(
        user=request.user,
        action=AuditAction.DOWNLOAD,
        obj=evidence,
        summary=f"Evidence for {action.reference}",
    )
    return FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )


# --- objectives and milestones ---------------------------------------------------------------------


@require_GET
def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_reader(request)
    objective = get_object_or_404(selectors.objectives(request.user), pk=pk)
    as_of = today()
    actions = list(objective.actions.all())
    for action in actions:
        action.rag_now = action.rag(as_of)
    return render(
        request,
        "improvement/objective_detail.html",
        {
            "page_title": str(objective),
            "objective": objective,
            "actions": actions,
            "milestones": objective.milestones.all(),
            "as_of": as_of,
            "history": selectors.history(request.user, objective),
            "can_edit_plan": can_edit(request),
        },
    )


@require_http_methods(["GET", "POST"])
def objective_create(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.objective_create(
                acting_user=request.user,
                number=d["number"],
                title=d["title"],
                description=d["description"],
                lead=d["lead"],
            ),
            success="Objective added",
            to=lambda o: reverse("improvement:objective_detail", args=[o.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Add an objective",
        back_url=reverse("improvement:overview"),
        button="Add objective",
    )


@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    objective = get_object_or_404(selectors.objectives(request.user), pk=pk)
    form = ObjectiveForm(
        request.POST or None,
        initial={
            "version": objective.version,
            "number": objective.number,
            "title": objective.title,
            "description": objective.description,
            "lead": objective.lead_id,
        },
    )
    form.fields["number"].disabled = True
    back = reverse("improvement:objective_detail", args=[objective.pk])
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.objective_update(
                acting_user=request.user,
                objective=objective,
                expected_version=d["version"],
                title=d["title"],
                description=d["description"],
                lead=d["lead"],
            ),
            success="Objective updated",
            to=lambda o: back,
        )
        if done:
            return done
    return form_page(request, form, heading="Change the objective", back_url=back, button="Save changes")


@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    objective = get_object_or_404(selectors.objectives(request.user), pk=pk)
    back = reverse("improvement:objective_detail", args=[objective.pk])
    form = MilestoneForm(request.POST or None)
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.milestone_create(
                acting_user=request.user, objective=objective, title=d["title"], due_on=d["due_on"]
            ),
            success="Milestone added",
            to=lambda m: back,
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Add a milestone",
        caption=str(objective),
        back_url=back,
        button="Add milestone",
    )


@require_http_methods(["GET", "POST"])
def milestone_achieve(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    require_editor(request)
    objective = get_object_or_404(selectors.objectives(request.user), pk=pk)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, objective=objective)
    back = reverse("improvement:objective_detail", args=[objective.pk])
    form = MilestoneAchievedForm(request.POST or None, initial={"version": milestone.version})
    if request.method == "POST":
        done = submit(
            request,
            form,
            lambda d: services.milestone_achieve(
                acting_user=request.user,
                milestone=milestone,
                expected_version=d["version"],
                achieved_on=d["achieved_on"],
            ),
            success="Milestone marked as achieved",
            to=lambda m: back,
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Mark the milestone achieved",
        caption=milestone.title,
        back_url=back,
        button="Save",
    )
