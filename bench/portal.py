"""Server time of the family portal's child page on the seeded authority.

    BENCH_DATABASE_URL=postgres://.../sendcase_bench_x .venv/bin/python bench/portal.py \
        [--children 25000] [--requests 200] [--families 200] [--fresh]

Links `--families` family accounts (one per child) to the children with the longest histories: open
requests with the most advice and consultations, then plans in force, so the page shows a full timeline,
deadlines and documents. Then measures, in one process, with django.test.Client and force_login:

  baseline    /accessibility/, signed in as a family user: the floor every page pays
  home        /portal/family/ for a parent with several children (the list, no redirect)
  child page  /portal/family/children/<id>/, cycling through the linked children (each as its parent)

each `--requests` times after 10 warm-ups; prints the median and p95 in milliseconds and each as a
multiple of the baseline. The aim is a p95 under 150 ms for the child page at 25,000 children.
"""

from __future__ import annotations

import argparse
import itertools

import _common


def _link_families(count: int) -> list[tuple[int, int]]:
    """(user id, child id) pairs: family accounts linked to the richest children (made once, reused)."""
    from django.db.models import Count
    from django.utils import timezone

    from sendcase.assessments.models import OPEN_STATUSES, AssessmentRequest
    from sendcase.core.models import Role, User
    from sendcase.plans.models import EHCPlan, PlanStatus
    from sendcase.portal.models import FamilyLink

    existing = list(
        FamilyLink.objects.filter(user__username__startswith="bench.parent.", ended_at__isnull=True)
        .order_by("pk")
        .values_list("user_id", "child_id")
    )
    if len(existing) >= count:
        return existing[:count]
    FamilyLink.objects.filter(user__username__startswith="bench.parent.").delete()
    User.objects.filter(username__startswith="bench.parent.").delete()
    open_children = list(
        AssessmentRequest.objects.filter(status__in=OPEN_STATUSES)
        .annotate(n=Count("advice_requests", distinct=True) + Count("consultations", distinct=True))
        .order_by("-n", "id")
        .values_list("child_id", flat=True)[: count // 2]
    )
    plan_children = list(
        EHCPlan.objects.filter(status=PlanStatus.ACTIVE)
        .exclude(child_id__in=open_children)
        .order_by("id")
        .values_list("child_id", flat=True)[: count - len(open_children)]
    )
    children = list(dict.fromkeys(open_children + plan_children))
    officer = User.objects.get(username="officer")
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench.parent.{i}@example.org",
                email=f"bench.parent.{i}@example.org",
                role=Role.FAMILY,
            )
            for i in range(len(children))
        ]
    )
    users = list(User.objects.filter(username__startswith="bench.parent.").order_by("pk"))
    now = timezone.now()
    FamilyLink.objects.bulk_create(
        [
            FamilyLink(user=user, child_id=child_id, verified_by=officer, verified_at=now)
            for user, child_id in zip(users, children, strict=True)
        ]
    )
    # One parent with several children, for the home page's list.
    FamilyLink.objects.bulk_create(
        [
            FamilyLink(user=users[0], child_id=child_id, verified_by=officer, verified_at=now)
            for child_id in children[1:4]
        ]
    )
    return list(zip([u.pk for u in users], children, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _common.add_common_arguments(parser)
    parser.add_argument("--requests", type=int, default=200, help="requests per page (200)")
    parser.add_argument("--families", type=int, default=200, help="family accounts to link (200)")
    parser.add_argument("--fresh", action="store_true", help="recreate and reseed the bench database")
    args = parser.parse_args()

    _common.prepare(fresh=args.fresh)
    _common.ensure_seeded(args.children)

    from django.test import Client
    from django.urls import reverse

    from sendcase.core.models import User
    from sendcase.people.models import CaseEvent

    pairs = _link_families(args.families)
    clients: dict[int, Client] = {}
    for user in User.objects.filter(pk__in=[user_id for user_id, _ in pairs]):
        client = Client()
        client.force_login(user)
        clients[user.pk] = client
    first = clients[pairs[0][0]]
    cycle = itertools.cycle(pairs)

    def child_page() -> None:
        user_id, child_id = next(cycle)
        path = reverse("portal:family_child", kwargs={"pk": child_id})
        response = clients[user_id].get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")

    def page(url: str):
        def get() -> None:
            response = first.get(url)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}")

        return get

    pages = [
        ("baseline /accessibility/", page(reverse("core:accessibility"))),
        ("home /portal/family/", page(reverse("portal:family_home"))),
        ("child page (cycling)", child_page),
    ]
    results = []
    for label, call in pages:
        samples = _common.time_calls(call, repeat=args.requests)
        results.append((label, *_common.summary_ms(samples)))

    events = CaseEvent.objects.filter(child_id__in=[c for _, c in pairs]).count()
    print(
        f"\nFamily portal server time, {args.requests} requests each "
        f"({_common.children_in_database():,} children; {len(pairs)} linked children with {events:,} events)"
    )
    base_median, base_p95 = results[0][1], results[0][2]
    print(f"  {'page':<28} {'median ms':>10} {'p95 ms':>9} {'x baseline (median, p95)':>28}")
    for label, med, p95 in results:
        print(f"  {label:<28} {med:>10.1f} {p95:>9.1f} {med / base_median:>16.1f} {p95 / base_p95:>10.1f}")


if __name__ == "__main__":
    main()
