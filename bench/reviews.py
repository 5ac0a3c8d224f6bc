"""Server time of the review worklist page and the nightly plan date recomputation, on 25,000 plans.

    .venv/bin/python bench/reviews.py [--children 25000] [--requests 200] [--fresh]

Works in the sendcase_bench database (see _common.py). The seed gives about half the children a plan in
force, with their reviews, so the first run tops it up with bulk inserts (once; later runs reuse it):

  - an active plan for every child without one (25,000 active plans for 25,000 children), issued over
    the past few years;
  - last_review_on on every active plan such that review_due is spread evenly over the coming year (with
    ~4% already overdue);
  - annual reviews: meetings held with no decision (some past 4 weeks), amendment notices (some past
    8 weeks), and phase transfers for the coming February on ~8% of plans, some named.

Allocations are the seed's (about half the children are allocated to an officer in one of five teams);
none are added, so the other benchmarks' caseload figures are unchanged.

Measures, with django.test.Client and force_login (no password hashing), `--requests` times after 10
warm-up requests: the accessibility page (the baseline every page pays), the review worklist for the
largest team as that team's manager (due in 8 weeks, and overdue), the phase transfer tracker, and the
CSV download of the team's due list; then the nightly recomputation over every active plan twice: once
with every plan's dates cleared (all 25,000 rows written) and once more (nothing to write).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import _common


def top_up(as_of: dt.date) -> None:
    from django.db import transaction
    from django.db.models import Count

    from sendcase import statutory
    from sendcase.people.models import Child
    from sendcase.plans.models import AnnualReview, EHCPlan, PhaseTransfer, PlanStatus, ReviewStatus

    if EHCPlan.objects.filter(status=PlanStatus.ACTIVE).count() >= Child.objects.count():
        return
    started = time.perf_counter()
    with transaction.atomic():
        # The seed's own plans keep their (consistent) reviews; plans are added, with reviews and phase
        # transfers of their own, only for children without a plan in force, to reach one per child.
        has_plan = EHCPlan.objects.filter(status=PlanStatus.ACTIVE).values("child_id")
        missing = list(Child.objects.exclude(pk__in=has_plan).order_by("pk").values_list("pk", flat=True))
        EHCPlan.objects.bulk_create(
            [EHCPlan(child_id=pk, issued_on=as_of - dt.timedelta(days=400 + pk % 1100)) for pk in missing],
            batch_size=2000,
        )
        plans = list(EHCPlan.objects.filter(status=PlanStatus.ACTIVE, child_id__in=missing).order_by("pk"))
        for i, plan in enumerate(plans):
            # review_due from 14 days ago to 350 days ahead, evenly: the last review a year before that.
            due = as_of + dt.timedelta(days=(i % 365) - 14)
            plan.last_review_on = statutory.add_months(due, -12)
            if plan.last_review_on < plan.issued_on:
                plan.issued_on = plan.last_review_on - dt.timedelta(days=30)
            plan.review_due = statutory.review_due(plan.last_review_on)
        EHCPlan.objects.bulk_update(plans, ["issued_on", "last_review_on", "review_due"], batch_size=2000)
        reviews, transfers = [], []
        year = as_of.year if as_of.month < 9 else as_of.year + 1
        for i, plan in enumerate(plans):
            if i % 20 == 0:  # meeting held, no decision yet: a third of them more than 4 weeks ago
                reviews.append(
                    AnnualReview(
                        plan=plan,
                        status=ReviewStatus.HELD,
                        due_on=plan.review_due,
                        meeting_on=as_of - dt.timedelta(days=5 + i % 45),
                    )
                )
            elif i % 20 == 1:  # amendment notice sent: some more than 8 weeks ago
                reviews.append(
                    AnnualReview(
                        plan=plan,
                        status=ReviewStatus.AMENDMENT_NOTICE,
                        due_on=plan.review_due,
                        meeting_on=as_of - dt.timedelta(days=40 + i % 60),
                        decision="amend",
                        decision_on=as_of - dt.timedelta(days=30 + i % 60),
                        amendment_notice_on=as_of - dt.timedelta(days=20 + i % 60),
                    )
                )
            if i % 12 == 2:
                named = i % 36 == 2
                deadline = statutory.phase_transfer_deadline(year, to_post16=False)
                transfers.append(
                    PhaseTransfer(
                        plan=plan,
                        transfer="secondary",
                        transfer_year=year,
                        deadline=deadline,
                        named_establishment_id=plan.named_establishment_id if named else None,
                        named_on=deadline - dt.timedelta(days=10)
                        if named and plan.named_establishment_id
                        else None,
                    )
                )
        AnnualReview.objects.bulk_create(reviews, batch_size=2000)
        PhaseTransfer.objects.bulk_create(transfers, batch_size=2000)
    active = EHCPlan.objects.filter(status=PlanStatus.ACTIVE).aggregate(n=Count("pk"))["n"]
    print(
        f"Topped up: {len(missing):,} plans added ({active:,} active), {len(reviews):,} reviews, "
        f"{len(transfers):,} phase transfers in {time.perf_counter() - started:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _common.add_common_arguments(parser)
    parser.add_argument("--requests", type=int, default=200, help="requests per page (200)")
    parser.add_argument("--fresh", action="store_true", help="recreate and reseed the bench database")
    args = parser.parse_args()

    _common.prepare(fresh=args.fresh)
    _common.ensure_seeded(args.children)

    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from sendcase.caseload.models import Allocation, Team
    from sendcase.plans import worklists as wl
    from sendcase.plans.models import EHCPlan, PlanStatus
    from sendcase.plans.nightly import plan_dates_recompute

    as_of = timezone.localdate()
    top_up(as_of)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    team = (
        Team.objects.filter(manager__isnull=False)
        .annotate(n=Count("allocations", filter=Q(allocations__ended_at__isnull=True)))
        .order_by("-n", "pk")
        .first()
    )
    if team is None:
        raise SystemExit("No team with a manager in the bench database")
    client = Client()
    client.force_login(team.manager)
    url = reverse("plan_worklists:reviews")
    filters = wl.WorklistFilters(team_id=team.pk)
    counts = wl.worklist_counts(team.manager, as_of=as_of, filters=filters)
    pages = [
        ("baseline /accessibility/", reverse("core:accessibility")),
        ("reviews due, team", f"{url}?team={team.pk}"),
        ("reviews overdue, team", f"{url}?team={team.pk}&list=overdue"),
        ("phase transfers, team", f"{reverse('plan_worklists:phase_transfers')}?team={team.pk}"),
        ("reviews due, team, CSV", f"{url}?team={team.pk}&format=csv"),
    ]
    results = []
    for label, path in pages:

        def get(path=path, label=label) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{label}: GET {path} answered {response.status_code}")

        results.append((label, *_common.summary_ms(_common.time_calls(get, repeat=args.requests))))

    active = EHCPlan.objects.filter(status=PlanStatus.ACTIVE).count()
    allocated = Allocation.objects.filter(
        ended_at__isnull=True, child__plans__status=PlanStatus.ACTIVE
    ).count()
    print(
        f"\nReview worklists, {args.requests} requests each "
        f"({active:,} active plans, {allocated:,} allocated)"
    )
    print(f"team {team.name!r} as its manager: {counts}")
    base_median, base_p95 = results[0][1], results[0][2]
    print(f"  {'page':<28} {'median ms':>10} {'p95 ms':>9} {'x baseline (median, p95)':>28}")
    for label, med, p95 in results:
        print(f"  {label:<28} {med:>10.1f} {p95:>9.1f} {med / base_median:>16.1f} {p95 / base_p95:>10.1f}")

    # Nightly: first with every active plan's dates cleared (every row is written), then again (none).
    EHCPlan.objects.filter(status=PlanStatus.ACTIVE).update(review_due=None, phase_transfer_deadline=None)
    for label in ("every plan changed", "nothing changed"):
        started = time.perf_counter()
        result = plan_dates_recompute(as_of=as_of)
        seconds = time.perf_counter() - started
        print(
            f"nightly recompute ({label}): {result.active_plans:,} plans, {result.changed:,} written, "
            f"{seconds:.2f} s"
        )


if __name__ == "__main__":
    main()
