"""The risk and issue register, and the register of external recommendations."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from sendcase.core.exports import Column

from .. import rules, selectors, services
from ..forms import RecommendationForm, RiskForm
from ..models import Recommendation, RecommendationStatus, Risk, RiskStatus
from ._helpers import can_edit, export, form_page, require_editor, require_reader, submit, today

RISK_COLUMNS = [
    Column("Reference", "reference"),
    Column("Type", lambda r: r.get_kind_display()),
    Column("Title", "title"),
    Column("Owner", lambda r: r.owner.display_name),
    Column("Likelihood", "likelihood"),
    Column("Impact", "impact"),
    Column("Score", "score"),
    Column("Band", lambda r: r.band.label),
    Column("Trend", lambda r: r.trend),
    Column("Mitigation", "mitigation"),
    Column("Next review", "review_on"),
    Column("Review overdue", lambda r: r.review_overdue_now),
    Column("Status", lambda r: r.get_status_display()),
]
RECOMMENDATION_COLUMNS = [
    Column("Reference", "reference"),
    Column("Made by", lambda r: r.get_source_display()),
    Column("Report or letter", "source_detail"),
    Column("Date made", "made_on"),
    Column("Recommendation", "text"),
    Column("Response", "response"),
    Column("Owner", lambda r: r.owner.display_name),
    Column("Status", lambda r: r.get_status_display()),
    Column("Actions", lambda r: ", ".join(a.reference for a in r.actions.all())),
]
TREND_WORDS = {"up": "Rising", "down": "Falling", "flat": "No change", "none": "New"}


def _annotate(risk: Risk, as_of) -> Risk:
    scores = [s.score for s in risk.scores.all()]
    risk.trend = TREND_WORDS[rules.trend(scores)]
    risk.review_overdue_now = risk.review_overdue(as_of)
    return risk


@require_GET
def risk_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    as_of = today()
    status = request.GET.get("status", RiskStatus.OPEN)
    queryset = selectors.risks(request.user)
    if status in RiskStatus.values:
        queryset = queryset.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in ("risk", "issue"):
        queryset = queryset.filter(kind=kind)
    rows = [_annotate(r, as_of) for r in queryset]
    download = export(
        request, rows, RISK_COLUMNS, filename=f"improvement-risks-{as_of}", what="Risks and issues"
    )
    if download:
        return download
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "improvement/risk_list.html",
        {
            "page_title": "Risks and issues",
            "risks": rows,
            "status": status,
            "kind": kind,
            "bands": rules.BANDS,
            "export_query": query.urlencode(),
            "can_edit_plan": can_edit(request),
        },
    )


@require_GET
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_reader(request)
    risk = _annotate(get_object_or_404(selectors.risks(request.user), pk=pk), today())
    return render(
        request,
        "improvement/risk_detail.html",
        {
            "page_title": f"{risk.reference} {risk.title}",
            "risk": risk,
            "scores": list(risk.scores.select_related("scored_by")),
            "history": selectors.history(request.user, risk),
            "can_edit_plan": can_edit(request),
        },
    )


def _risk_call(request: HttpRequest, risk: Risk | None):
    def call(d):
        common = dict(
            acting_user=request.user,
            kind=d["kind"],
            title=d["title"],
            description=d["description"],
            owner=d["owner"],
            likelihood=d["likelihood"],
            impact=d["impact"],
            mitigation=d["mitigation"],
            review_on=d["review_on"],
            objective=d["objective"],
        )
        if risk is None:
            return services.risk_create(**common)
        return services.risk_update(
            risk=risk, expected_version=d["version"], status=d["status"], note=d["note"], **common
        )

    return call


@require_http_methods(["GET", "POST"])
def risk_create(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    form = RiskForm(request.POST or None, creating=True)
    if request.method == "POST":
        done = submit(
            request,
            form,
            _risk_call(request, None),
            success="Risk added",
            to=lambda r: reverse("improvement:risk_detail", args=[r.pk]),
        )
        if done:
            return done
    return form_page(
        request, form, heading="Add a risk or issue", back_url=reverse("improvement:risk_list"), button="Add"
    )


@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    risk = get_object_or_404(selectors.risks(request.user), pk=pk)
    initial = {
        name: getattr(risk, name)
        for name in (
            "kind",
            "title",
            "description",
            "likelihood",
            "impact",
            "mitigation",
            "review_on",
            "status",
            "version",
        )
    }
    initial |= {"owner": risk.owner_id, "objective": risk.objective_id}
    form = RiskForm(request.POST or None, initial=initial)
    back = reverse("improvement:risk_detail", args=[risk.pk])
    if request.method == "POST":
        done = submit(request, form, _risk_call(request, risk), success="Risk updated", to=lambda r: back)
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Review the risk",
        caption=f"{risk.reference} {risk.title}",
        back_url=back,
        button="Save review",
    )


# --- recommendations -------------------------------------------------------------------------------


@require_GET
def recommendation_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    rows = list(selectors.recommendations(request.user))
    status = request.GET.get("status", "")
    if status in RecommendationStatus.values:
        rows = [r for r in rows if r.status == status]
    download = export(
        request,
        rows,
        RECOMMENDATION_COLUMNS,
        filename=f"improvement-recommendations-{today()}",
        what="Recommendations",
    )
    if download:
        return download
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "improvement/recommendation_list.html",
        {
            "page_title": "Recommendations",
            "recommendations": rows,
            "statuses": RecommendationStatus.choices,
            "status": status,
            "export_query": query.urlencode(),
            "can_edit_plan": can_edit(request),
        },
    )


@require_GET
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_reader(request)
    recommendation = get_object_or_404(selectors.recommendations(request.user), pk=pk)
    as_of = today()
    actions = list(recommendation.actions.select_related("owner"))
    for action in actions:
        action.rag_now = action.rag(as_of)
    return render(
        request,
        "improvement/recommendation_detail.html",
        {
            "page_title": str(recommendation),
            "recommendation": recommendation,
            "actions": actions,
            "history": selectors.history(request.user, recommendation),
            "can_edit_plan": can_edit(request),
        },
    )


def _recommendation_call(request: HttpRequest, recommendation: Recommendation | None):
    def call(d):
        common = dict(
            acting_user=request.user,
            source=d["source"],
            source_detail=d["source_detail"],
            made_on=d["made_on"],
            text=d["text"],
            response=d["response"],
            owner=d["owner"],
            actions=d["actions"],
        )
        if recommendation is None:
            return services.recommendation_create(**common)
        return services.recommendation_update(
            recommendation=recommendation, expected_version=d["version"], status=d["status"], **common
        )

    return call


@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    form = RecommendationForm(request.POST or None, creating=True)
    if request.method == "POST":
        done = submit(
            request,
            form,
            _recommendation_call(request, None),
            success="Recommendation added",
            to=lambda r: reverse("improvement:recommendation_detail", args=[r.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Add a recommendation",
        back_url=reverse("improvement:recommendation_list"),
        button="Add recommendation",
    )


@require_http_methods(["GET", "POST"])
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    recommendation = get_object_or_404(selectors.recommendations(request.user), pk=pk)
    initial = {
        name: getattr(recommendation, name)
        for name in ("source", "source_detail", "made_on", "text", "response", "status", "version")
    }
    initial |= {"owner": recommendation.owner_id, "actions": [a.pk for a in recommendation.actions.all()]}
    form = RecommendationForm(request.POST or None, initial=initial)
    back = reverse("improvement:recommendation_detail", args=[recommendation.pk])
    if request.method == "POST":
        done = submit(
            request,
            form,
            _recommendation_call(request, recommendation),
            success="Recommendation updated",
            to=lambda r: back,
        )
        if done:
            return done
    return form_page(
        request,
        form,
        heading="Change the recommendation",
        caption=recommendation.reference,
        back_url=back,
        button="Save changes",
    )
