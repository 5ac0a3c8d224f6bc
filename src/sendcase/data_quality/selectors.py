"""Reading data-quality scores and the records that break a rule, for staff who may read performance
information (every member of staff); anyone else is refused in the views before these are called."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from sendcase.caseload.models import Team
from sendcase.core.models import User
from sendcase.people.models import Child
from sendcase.plans.models import AnnualReview

from .models import QualityScore, Scope
from .rules import DATASETS, Rule, all_rules
from .scoring import Counts, dataset_scores, evaluate, score_from_counts


def _scope_filter(team: Team | None, officer: User | None) -> dict:
    if officer is not None:
        return {"scope": Scope.OFFICER, "officer": officer}
    if team is not None:
        return {"scope": Scope.TEAM, "team": team}
    return {"scope": Scope.AUTHORITY}


def trend(*, team: Team | None = None, officer: User | None = None, months: int = 12) -> list[QualityScore]:
    """The stored monthly scores for the scope, oldest first."""
    rows = QualityScore.objects.filter(**_scope_filter(team, officer)).order_by("-month")[:months]
    return list(reversed(rows))


def breakdown() -> tuple[list[QualityScore], list[QualityScore]]:
    """The latest stored month's scores of every team and every officer, lowest first (where to help)."""
    latest = QualityScore.objects.filter(scope=Scope.AUTHORITY).order_by("-month").first()
    if latest is None:
        return [], []
    month = QualityScore.objects.filter(month=latest.month)
    teams = month.filter(scope=Scope.TEAM).select_related("team").order_by("score", "team__name")
    officers = (
        month.filter(scope=Scope.OFFICER).select_related("officer").order_by("score", "officer__last_name")
    )
    return list(teams), list(officers)


@dataclass
class Summary:
    as_of: dt.date
    stored: bool
    score: Decimal | None
    datasets: list[tuple[str, str, Decimal | None]]
    rules: list[tuple[Rule, int, int]]


def summary(*, team: Team | None, officer: User | None, today: dt.date) -> Summary:
    """The latest stored month for the scope; when none is stored, the data scored now (not stored)."""
    latest = QualityScore.objects.filter(**_scope_filter(team, officer)).order_by("-month").first()
    if latest is not None:
        counts: Counts = latest.rules
        as_of, stored = latest.as_of, True
    else:
        evaluation = evaluate(today)
        counts = evaluation.counts(
            team=team.pk if team is not None else None, officer=officer.pk if officer is not None else None
        )
        as_of, stored = today, False
    rules = all_rules()
    scores = dataset_scores(counts, rules)
    return Summary(
        as_of=as_of,
        stored=stored,
        score=score_from_counts(counts, rules),
        datasets=[(key, label, scores.get(key)) for key, label in DATASETS.items()],
        rules=[(rule, *counts.get(rule.id, [0, 0])) for rule in rules],
    )


def _links(rule: Rule, record_id: int, child_id: int, plan_of_review: dict[int, int]) -> tuple[str, str]:
    """(where to fix it, its label) for a record breaking `rule`: one click to the page that fixes it."""
    if rule.is_event_rule:
        return reverse("people:child_detail", kwargs={"pk": child_id}) + "", "Open the child's record"
    if rule.dataset == "children":
        return reverse("people:child_edit", kwargs={"pk": child_id}), "Change the child's details"
    if rule.dataset == "requests":
        return reverse("assessments:case", kwargs={"pk": record_id}), "Open the case"
    if rule.dataset == "plans":
        if rule.check == "plan_has_current_placement":
            return reverse("plan_reviews:placements", kwargs={"child_pk": child_id}), "Record the placement"
        return reverse("plans:plan", kwargs={"pk": record_id}), "Open the plan"
    if rule.dataset == "reviews":
        return reverse(
            "plan_reviews:reviews", kwargs={"plan_pk": plan_of_review[record_id]}
        ), "Open the reviews"
    return reverse("plan_reviews:placements", kwargs={"child_pk": child_id}), "Open the placements"


def failing_records(
    rule: Rule, *, as_of: dt.date, team: Team | None = None, officer: User | None = None
) -> tuple[list[dict], int]:
    """The records breaking `rule` as at `as_of` (optionally of one team's or officer's children), each
    with the child, the officer, the problem and the link that fixes it; and the number checked."""
    evaluation = evaluate(as_of, [rule])
    outcome = evaluation.outcomes[rule.id]
    owners = evaluation.owners
    team_id = team.pk if team is not None else None
    officer_id = officer.pk if officer is not None else None

    def wanted(child: int) -> bool:
        owner = owners.get(child)
        if team_id is not None and (owner is None or owner[0] != team_id):
            return False
        return not (officer_id is not None and (owner is None or owner[1] != officer_id))

    checked = sum(1 for child in outcome.records.values() if wanted(child))
    failing = [
        (rec, outcome.records[rec], problem)
        for rec, problem in outcome.failing.items()
        if wanted(outcome.records[rec])
    ]
    children = Child.objects.in_bulk({child for _, child, _ in failing})
    officers = User.objects.in_bulk({owners[c][1] for _, c, _ in failing if c in owners})
    teams = Team.objects.in_bulk({owners[c][0] for _, c, _ in failing if c in owners})
    plan_of_review = (
        dict(AnnualReview.objects.filter(pk__in=[r for r, _, _ in failing]).values_list("pk", "plan_id"))
        if rule.dataset == "reviews" and not rule.is_event_rule
        else {}
    )
    rows = []
    for record, child_id, problem in failing:
        child = children[child_id]
        owner = owners.get(child_id)
        link, link_text = _links(rule, record, child_id, plan_of_review)
        rows.append(
            {
                "record_id": record,
                "child": child,
                "child_name": child.legal_name,
                "reference": child.reference,
                "problem": problem,
                "officer": officers[owner[1]].display_name if owner else "Not allocated",
                "team": teams[owner[0]].name if owner else "",
                "link": link,
                "link_text": link_text,
            }
        )
    rows.sort(key=lambda r: (r["child"].legal_last_name, r["child"].legal_first_name, r["record_id"]))
    return rows, checked
