"""Server time of the pages officers use most, on the seeded authority.

    .venv/bin/python bench/pages.py [--children 25000] [--requests 200] [--fresh]

Measures, in one process, with django.test.Client and force_login (so no password hashing):

  baseline   the accessibility statement /accessibility/, signed in: middleware, session, user and the
             GOV.UK layout with no data, the floor every page pays (the start page `/` only redirects
             a signed-in user to their worklist)
  worklist   /caseload/worklist/ for the "officer" demo login, and for "busy.officer" (over threshold)
  case       /cases/<id>/ over open requests with the longest histories (advice, consultations, events)
  manager    /caseload/manager/ for the "manager" demo login

each `--requests` times after 10 warm-up requests, and prints the median and p95 in milliseconds and
each as a multiple of the baseline. Times are in-process server time: no network, no browser.
Reuses the bench database if it is seeded (run bench/seed.py first), else seeds it.
"""

from __future__ import annotations

import argparse
import itertools

import _common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _common.add_common_arguments(parser)
    parser.add_argument("--requests", type=int, default=200, help="requests per page (200)")
    parser.add_argument("--fresh", action="store_true", help="recreate and reseed the bench database")
    args = parser.parse_args()

    _common.prepare(fresh=args.fresh)
    _common.ensure_seeded(args.children)

    from django.db.models import Count
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from sendcase.assessments.models import OPEN_STATUSES, AssessmentRequest
    from sendcase.core.models import User

    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    try:
        worklist_url = reverse("caseload:worklist")
        manager_url = reverse("caseload:manager")
    except NoReverseMatch:
        worklist_url = manager_url = None
    # The richest open cases: the case page shows every event, advice and consultation.
    case_ids = list(
        AssessmentRequest.objects.filter(status__in=OPEN_STATUSES)
        .annotate(n=Count("advice_requests", distinct=True) + Count("consultations", distinct=True))
        .order_by("-n", "id")
        .values_list("id", flat=True)[: args.requests]
    )

    officer = client_for("officer")
    pages: list[tuple[str, Client, object]] = [
        ("baseline /accessibility/", officer, reverse("core:accessibility"))
    ]
    if worklist_url:
        pages.append(("worklist (officer)", officer, worklist_url))
        if User.objects.filter(username="busy.officer").exists():
            pages.append(("worklist (busy.officer)", client_for("busy.officer"), worklist_url))
    else:
        print("The worklist page (/caseload/worklist/) is not there yet: not measured.")
    if case_ids:
        cycle = itertools.cycle(case_ids)
        pages.append(("case page /cases/<id>/", officer, lambda: f"/cases/{next(cycle)}/"))
    if manager_url:
        pages.append(("manager view (manager)", client_for("manager"), manager_url))

    results = []
    for label, client, url in pages:

        def get(client=client, url=url, label=label) -> None:
            path = url() if callable(url) else url
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{label}: GET {path} answered {response.status_code}")

        samples = _common.time_calls(get, repeat=args.requests)
        results.append((label, *_common.summary_ms(samples)))

    base_median, base_p95 = results[0][1], results[0][2]
    holding = _open_cases("officer"), _open_cases("busy.officer")
    print(f"\nPage server time, {args.requests} requests each ({_common.children_in_database():,} children)")
    print(f"officer holds {holding[0]} open cases, busy.officer {holding[1]}")
    print(f"  {'page':<28} {'median ms':>10} {'p95 ms':>9} {'x baseline (median, p95)':>28}")
    for label, med, p95 in results:
        print(f"  {label:<28} {med:>10.1f} {p95:>9.1f} {med / base_median:>16.1f} {p95 / base_p95:>10.1f}")


def _open_cases(username: str) -> int:
    from sendcase.assessments.models import OPEN_STATUSES, AssessmentRequest

    return AssessmentRequest.objects.filter(
        status__in=OPEN_STATUSES,
        child__allocations__officer__username=username,
        child__allocations__ended_at__isnull=True,
    ).count()


if __name__ == "__main__":
    main()
