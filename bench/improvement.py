"""Server time of the improvement plan's pages and the monthly board pack, on the seeded authority.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendcase_bench_improve \\
    .venv/bin/python bench/improvement.py [--children 300] [--requests 100] [--pdf 10] [--fresh]

The improvement plan does not grow with the number of children: the demo writes the same six objectives,
30 actions, 15 risks, 8 recommendations, 24 budget lines with monthly actuals and three board meetings at
any size, so a small authority is enough. Measures, in one process, with django.test.Client signed in as
the "board" demo login (read only):

  baseline     the accessibility statement /accessibility/: the floor every page pays
  overview     /improvement/
  actions      /improvement/actions/
  risks        /improvement/risks/
  budget       /improvement/budget/
  pack (HTML)  /improvement/board-pack/<this month>/
  pack (PDF)   /improvement/board-pack/<this month>/pdf/ (`--pdf` times: WeasyPrint is slow)

and prints the median and p95 in milliseconds and each as a multiple of the baseline. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse

import _common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _common.add_common_arguments(parser)
    parser.set_defaults(children=300)
    parser.add_argument("--requests", type=int, default=100, help="requests per page (100)")
    parser.add_argument("--pdf", type=int, default=10, help="PDF renders (10)")
    parser.add_argument("--fresh", action="store_true", help="recreate and reseed the bench database")
    args = parser.parse_args()

    _common.prepare(fresh=args.fresh)
    _common.ensure_seeded(args.children)

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from sendcase.core.models import User
    from sendcase.improvement.models import Action

    if not Action.objects.exists():
        raise SystemExit("The bench database has no improvement plan: run with --fresh to reseed it.")
    client = Client()
    client.force_login(User.objects.get(username="board"))
    month = f"{timezone.localdate():%Y-%m}"
    pages = [
        ("baseline /accessibility/", reverse("core:accessibility"), args.requests),
        ("overview", reverse("improvement:overview"), args.requests),
        ("actions", reverse("improvement:action_list"), args.requests),
        ("risks", reverse("improvement:risk_list"), args.requests),
        ("budget", reverse("improvement:budget"), args.requests),
        ("board pack (HTML)", reverse("improvement:pack", args=[month]), args.requests),
        ("board pack (PDF)", reverse("improvement:pack_pdf", args=[month]), args.pdf),
    ]
    results = []
    for label, path, repeat in pages:

        def get(path=path, label=label) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{label}: GET {path} answered {response.status_code}")

        samples = _common.time_calls(get, repeat=repeat, warmup=2 if "PDF" in label else 10)
        results.append((label, repeat, *_common.summary_ms(samples)))

    base_median, base_p95 = results[0][2], results[0][3]
    print(f"\nImprovement pages, server time ({_common.children_in_database():,} children in the database)")
    print(f"  {'page':<26} {'n':>4} {'median ms':>10} {'p95 ms':>9} {'x baseline (median, p95)':>28}")
    for label, n, med, p95 in results:
        ratios = f"{med / base_median:>16.1f} {p95 / base_p95:>10.1f}"
        print(f"  {label:<26} {n:>4} {med:>10.1f} {p95:>9.1f} {ratios}")


if __name__ == "__main__":
    main()
