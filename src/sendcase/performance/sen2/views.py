"""Pages for the SEN2 return: choose a census date, see what the return holds and what to fix, download it.

GET only: generating the return changes nothing, so the census date is a query parameter and every
result page can be bookmarked. The XML download is a separate link, audited as an export.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sendcase.core import permissions
from sendcase.core.forms import error_title

from .census import CensusPeriod, default_census_date
from .forms import CensusDateForm
from .selectors import sen2_result_for, sen2_xml_for
from .validation import load_rules

PROBLEMS_PER_PAGE = 100
SEVERITY_FILTERS = {"error": "Errors", "warning": "Warnings"}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_performance(request.user):
        raise PermissionDenied
    bound = "census_date_0" in request.GET
    form = CensusDateForm(
        request.GET if bound else None, initial={"census_date": default_census_date(timezone.localdate())}
    )
    context: dict = {"form": form, "can_produce": permissions.can_produce_returns(request.user)}
    context["page_title"] = error_title(form, "SEN2 return")
    if bound and form.is_valid():
        census_date = form.cleaned_data["census_date"]
        context["page_title"] = f"SEN2 return for census day {census_date:%-d %B %Y}"
        fresh = request.GET.get("again") == "1"
        result = sen2_result_for(user=request.user, census_date=census_date, fresh=fresh)
        census_query = urlencode({k: v for k, v in request.GET.items() if k.startswith("census_date_")})
        context.update(result=result, period=CensusPeriod(census_date), census_query=census_query)
        if context["can_produce"]:
            context.update(_problem_listing(request, result))
    return render(request, "performance/sen2/index.html", context)


def _problem_listing(request: HttpRequest, result) -> dict:
    severity = request.GET.get("severity", "")
    rule_id = request.GET.get("rule", "")
    problems = result.report.problems
    if severity in SEVERITY_FILTERS:
        problems = [p for p in problems if p.severity == severity]
    if rule_id:
        problems = [p for p in problems if p.rule.rule_id == rule_id]
    counts = result.report.by_rule()
    rule_rows = [(rule, counts[rule.rule_id]) for rule in load_rules() if rule.rule_id in counts]
    page = Paginator(problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    base = {k: v for k, v in request.GET.items() if k.startswith("census_date_")}
    return {
        "page": page,
        "rule_rows": rule_rows,
        "severity": severity,
        "rule_id": rule_id,
        "base_query": urlencode(base),
    }


@require_GET
def download(request: HttpRequest, census: str) -> HttpResponse:
    if not permissions.can_produce_returns(request.user):
        raise PermissionDenied
    try:
        census_date = dt.date.fromisoformat(census)
    except ValueError:
        raise Http404("No such census date") from None
    content, _ = sen2_xml_for(user=request.user, census_date=census_date)
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sen2-{census_date:%Y-%m-%d}.xml"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
