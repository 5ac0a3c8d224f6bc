"""Server time of the school and advice givers' portal pages, on the seeded authority.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendcase_bench_partners \
        .venv/bin/python bench/portal_partners.py [--children 25000] [--requests 100] [--fresh]

Measures, in one process, with django.test.Client and force_login:

  baseline      /accessibility/ signed in as the demo SENCO (the floor every page pays)
  school home   /portal/school/ for "senco" (the school with most pupils: consultations, reviews)
  pupils        /portal/school/pupils/ for "senco"
  advice home   /portal/advice/ for "ep" (the educational psychology service's requests)
  overdue       /portal/advice/?show=overdue for "ep"

each `--requests` times after 10 warm-up requests, and prints the median and p95 in milliseconds and each
as a multiple of the baseline. Reuses the bench database if it is seeded, else seeds it.
"""

from __future__ import annotations

import argparse

import _common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _common.add_common_arguments(parser)
    parser.add_argument("--requests", type=int, default=100, help="requests per page (100)")
    parser.add_argument("--fresh", action="store_true", help="recreate and reseed the bench database")
    args = parser.parse_args()

    _common.prepare(fresh=args.fresh)
    _common.ensure_seeded(args.children)

    from django.test import Client
    from django.urls import reverse

    from sendcase.core.models import User
    from sendcase.portal.advisers.selectors import assignments_for
    from sendcase.portal.schools.selectors import pupils_on_roll, school_tasks

    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    if not User.objects.filter(username__in=["senco", "ep"]).count() == 2:
        raise SystemExit("The demo SENCO and EP logins are missing: reseed with --fresh.")
    senco, ep = client_for("senco"), client_for("ep")
    pages = [
        ("baseline /accessibility/", senco, reverse("core:accessibility")),
        ("school home (senco)", senco, reverse("portal:school_home")),
        ("pupils (senco)", senco, reverse("portal:school_pupils")),
        ("advice home (ep)", ep, reverse("portal:advice_home")),
        ("overdue in team (ep)", ep, reverse("portal:advice_home") + "?show=overdue"),
    ]
    results = []
    for label, client, url in pages:

        def get(client=client, url=url, label=label) -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{label}: GET {url} answered {response.status_code}")

        samples = _common.time_calls(get, repeat=args.requests)
        results.append((label, *_common.summary_ms(samples)))

    from django.utils import timezone

    senco_user, ep_user = User.objects.get(username="senco"), User.objects.get(username="ep")
    today = timezone.localdate()
    children = _common.children_in_database()
    print(f"\nPortal page server time, {args.requests} requests each ({children:,} children)")
    print(
        f"senco: {pupils_on_roll(senco_user, today).count()} pupils on roll, "
        f"{len(school_tasks(senco_user, today))} tasks; ep: {assignments_for(ep_user).count()} requests"
    )
    base_median, base_p95 = results[0][1], results[0][2]
    print(f"  {'page':<28} {'median ms':>10} {'p95 ms':>9} {'x baseline (median, p95)':>28}")
    for label, med, p95 in results:
        print(f"  {label:<28} {med:>10.1f} {p95:>9.1f} {med / base_median:>16.1f} {p95 / base_p95:>10.1f}")


if __name__ == "__main__":
    main()
