"""The seeded plans' lifecycle: every review state, consistent worklist dates, valid content, placements,
phase transfers, cessations and plans transferred in (the rows themselves are checked against the
services in test_seed_demo.test_replaying_through_the_services_writes_the_same_rows)."""

from __future__ import annotations

from collections import Counter, defaultdict

from sendcase import statutory
from sendcase.demo import plans as demo_plans
from sendcase.demo import population, proportions, staff
from sendcase.plans import content as c
from sendcase.plans.models import (
    AnnualReview,
    CeaseReason,
    Cessation,
    EHCPlan,
    PhaseTransfer,
    Placement,
    PlanStatus,
    PlanVersion,
    ReviewStatus,
    TransferPhase,
    VersionKind,
)

from .test_seed_demo import as_of, seeded  # noqa: F401 (fixtures)

R = ReviewStatus


def test_every_review_state_is_present_with_overdue_ones(as_of):  # noqa: F811
    statuses = Counter(AnnualReview.objects.values_list("status", flat=True))
    wanted = {R.DUE, R.SCHEDULED, R.HELD, R.REPORT_RECEIVED, R.DECIDED, R.AMENDMENT_NOTICE, R.COMPLETED}
    assert wanted <= set(statuses), f"missing: {wanted - set(statuses)}"
    assert AnnualReview.objects.filter(status=R.DUE, due_on__lt=as_of).exists(), "no overdue review"
    assert AnnualReview.objects.filter(status=R.DUE, due_on__gte=as_of).exists(), "no review due ahead"
    for review in AnnualReview.objects.filter(status=R.AMENDMENT_NOTICE):
        assert review.amendment_version.kind == VersionKind.AMENDMENT
        assert review.amendment_version.status == "draft"
    for review in AnnualReview.objects.filter(status=R.COMPLETED, decision="amend"):
        assert review.amendment_version.status == "issued"
        assert review.amended_plan_issued_on >= statutory.earliest_amended_plan(review.amendment_notice_on)
        assert review.amendment_version.issued_on == review.amended_plan_issued_on
    assert AnnualReview.objects.filter(status=R.COMPLETED, decision="amend").exists()
    assert AnnualReview.objects.filter(status=R.COMPLETED, decision="maintain").exists()
    # At most one open review per plan; notice at least 2 weeks before the meeting.
    open_per_plan = Counter(
        AnnualReview.objects.exclude(status__in=[R.COMPLETED, R.CANCELLED]).values_list("plan_id", flat=True)
    )
    assert max(open_per_plan.values()) == 1
    for review in AnnualReview.objects.exclude(notice_sent_on=None):
        assert review.notice_sent_on <= statutory.review_notice_latest(review.meeting_on)


def test_review_due_is_consistent(as_of):  # noqa: F811
    plans = EHCPlan.objects.filter(status=PlanStatus.ACTIVE)
    assert plans.count() > 20
    for plan in plans:
        assert plan.review_due == statutory.review_due(plan.last_review_on or plan.issued_on), plan.pk
        review = plan.reviews.exclude(status__in=[R.COMPLETED, R.CANCELLED]).first()
        if review is not None and review.status in (R.DUE, R.SCHEDULED):
            assert review.due_on == plan.review_due
        unnamed = [t.deadline for t in plan.phase_transfers.all() if t.named_on is None]
        assert plan.phase_transfer_deadline == (min(unnamed) if unnamed else None)
        for day in (plan.issued_on, plan.last_review_on, plan.transferred_in_on):
            assert day is None or day <= as_of


def test_every_plan_has_an_issued_first_version_that_validates(as_of):  # noqa: F811
    assert not EHCPlan.objects.filter(versions__isnull=True).exists()
    for version in PlanVersion.objects.filter(status="issued").select_related("plan"):
        assert c.validate_content(version.content, for_issue=True) == [], version.pk
        assert version.issued_on <= as_of
        if version.number == 1:
            assert version.issued_on == version.plan.issued_on
    for plan in EHCPlan.objects.all():
        latest = plan.versions.filter(status="issued").order_by("-number").first()
        assert plan.primary_need == c.primary_need(latest.content)
        assert plan.named_establishment_id == latest.content["I"]["establishment_id"]


def test_phase_transfer_deadlines_follow_the_statutory_rules(as_of):  # noqa: F811
    transfers = list(PhaseTransfer.objects.select_related("plan__child"))
    assert any(t.named_on for t in transfers) and any(t.named_on is None for t in transfers)
    year = demo_plans.next_september(as_of)
    for t in transfers:
        assert t.transfer_year == year == statutory.transfer_year_for(t.plan.child.date_of_birth, t.transfer)
        post16 = t.transfer == TransferPhase.SECONDARY_TO_POST16
        assert t.deadline == statutory.phase_transfer_deadline(t.transfer_year, post16)
        assert t.named_on is None or (t.named_establishment_id and t.named_on <= as_of)


def test_cessations(as_of):  # noqa: F811
    ceased = EHCPlan.objects.filter(status=PlanStatus.CEASED)
    assert ceased.exists()
    for plan in ceased:
        assert plan.cease_reason in CeaseReason.values and 1 <= plan.cease_reason <= 9
        assert plan.ceased_on is not None and plan.ceased_on <= as_of
        cessation = plan.cessations.get(status="ceased")
        assert cessation.ceased_on == plan.ceased_on and cessation.reason == plan.cease_reason
        assert cessation.appeal_by is None or plan.ceased_on > cessation.appeal_by
        assert not plan.reviews.exclude(status__in=[R.COMPLETED, R.CANCELLED]).exists()
    in_appeal = Cessation.objects.filter(status="notice_sent", appeal_by__gte=as_of)
    assert in_appeal.count() >= 2
    assert all(x.plan.status == PlanStatus.ACTIVE for x in in_appeal)


def test_placements_do_not_overlap_and_some_have_no_place(as_of):  # noqa: F811
    by_child = defaultdict(list)
    for p in Placement.objects.order_by("entry_on", "id"):
        by_child[p.child_id].append(p)
    for child_id, rows in by_child.items():
        assert sum(1 for p in rows if p.leaving_on is None) <= 1, child_id
        for earlier, later in zip(rows, rows[1:], strict=False):
            assert earlier.leaving_on is not None and earlier.leaving_on < later.entry_on, child_id
        for p in rows:
            assert p.entry_on <= as_of and (p.leaving_on is None or p.entry_on <= p.leaving_on <= as_of)
            assert bool(p.establishment_id) + bool(p.setting_code) + bool(p.no_place_reason) == 1
    assert Placement.objects.exclude(no_place_reason="").exists()
    # Each plan's first placement is at the school it names.
    for plan in EHCPlan.objects.exclude(named_establishment=None)[:50]:
        first = plan.placements.order_by("entry_on", "id").first()
        assert first.establishment_id == plan.versions.get(number=1).content["I"]["establishment_id"]


def test_plans_transferred_in(as_of):  # noqa: F811
    transferred = EHCPlan.objects.exclude(transferred_in_from_la="")
    assert transferred.count() >= 2
    for plan in transferred:
        assert plan.request_id is None and plan.issued_on <= plan.transferred_in_on <= as_of
        assert plan.versions.get(number=1).kind == VersionKind.TRANSFER_IN


def test_older_plans_make_the_stock_of_plans(as_of):  # noqa: F811
    """Children with plans for years, in caseload.csv's proportion to the requests (requests_by_year)."""
    props = proportions.load()
    made = population.generate(
        children=3000, seed=5, as_of=as_of, props=props, reference=staff.load_reference()
    )
    plans = [p for p in made if p.plan_summary is not None]
    in_force = sum(1 for p in plans if p.plan_summary.cessation_status != "ceased")
    requests = sum(1 for p in made if p.kind != population.TRANSFER_IN)
    # Plans in force per child: the published stock against the published requests, roughly.
    assert (
        abs(in_force / len(made) - props.plans_in_force / (props.plans_in_force + props.requests_total))
        < 0.15
    )
    assert requests > len(made) * 0.9
    decisions = Counter(d for p in plans if not p.scenario for d in p.plan_summary.decisions)
    total = sum(decisions.values())
    for outcome in ("amend", "maintain"):
        assert abs(decisions[outcome] / total - props.review_outcome.share(outcome)) < 0.05, decisions
    reasons = Counter(
        a.args["reason"]
        for p in plans
        if not p.scenario
        for a in p.plan_actions
        if a.kind == demo_plans.C_PROPOSE
    )
    assert reasons.most_common(1)[0][0] == CeaseReason.MOVED_ENGLISH_LA, reasons
