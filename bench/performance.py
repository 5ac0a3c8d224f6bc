"""Performance dashboards and indicator recomputation on PostgreSQL.

    .venv/bin/python bench/performance.py [--children 25000] [--requests 100] [--fresh]
    .venv/bin/python bench/performance.py --national [--national-children 640000] [--fresh]

Authority scale (default), on the seeded synthetic authority (the seed already stores 12 months of
snapshots; they are recomputed here so the timing is ours):

  recompute  a full recomputation of every indicator, overall and by every breakdown, for one month
             (`snapshot_month`), three times: median and slowest
  pages      the overview /performance/ (every tile, sparkline and comparator), an indicator page with a
             breakdown, and the cases behind a figure, `--requests` times each after 10 warm-ups,
             median and p95 in ms and as a multiple of the accessibility statement (the floor every
             page pays)

National scale (`--national`, in its own database): synthetic rows for 640,000 children (about
5 million case events) written with COPY, not through the demo generator (bench/performance_national.py);
then, in the same run, our full recomputation of one month against DuckDB computing the same indicators'
overall figures over a Parquet export of the same tables, with the figures checked to agree, and our
time printed as a ratio to DuckDB's.
"""

from __future__ import annotations

import argparse
import time

import _common


def _recompute(period_end, repeat: int = 3) -> list[float]:
    from sendcase.performance.compute import snapshot_month

    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        written = snapshot_month(period_end)
        samples.append(time.perf_counter() - started)
    print(f"  {written:,} figures per month")
    return samples


def authority(args) -> None:
    _common.prepare(fresh=args.fresh)
    _common.ensure_seeded(args.children)

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from sendcase.core.models import User
    from sendcase.performance.compute import previous_month_end

    period_end = previous_month_end(timezone.localdate())
    children = _common.children_in_database()
    print(f"\nFull recomputation of every indicator for {period_end:%B %Y} ({children:,} children)")
    samples = _recompute(period_end)
    print(f"  median {_common.median(samples):.2f} s, slowest {max(samples):.2f} s over {len(samples)} runs")

    client = Client()
    client.force_login(User.objects.get(username="head"))
    period = f"?period={period_end:%Y-%m}"
    pages = [
        ("baseline /accessibility/", reverse("core:accessibility")),
        ("overview /performance/", reverse("performance:overview") + period),
        (
            "indicator + breakdown",
            reverse("performance:indicator", args=["plans_20_weeks_incl_rolling"])
            + period
            + "&breakdown=team",
        ),
        ("cases behind (page 1)", reverse("performance:cases", args=["reviews_12_months"]) + period),
    ]
    results = []
    for label, url in pages:
        repeat = args.requests if "cases" not in label else max(10, args.requests // 5)

        def get(url=url, label=label) -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{label}: GET {url} answered {response.status_code}")

        samples = _common.time_calls(get, repeat=repeat, warmup=5)
        results.append((label, repeat, *_common.summary_ms(samples)))
    base_median, base_p95 = results[0][2], results[0][3]
    print(f"\nPage server time ({_common.children_in_database():,} children)")
    print(f"  {'page':<26} {'n':>4} {'median ms':>10} {'p95 ms':>9} {'x baseline (median, p95)':>28}")
    for label, n, med, p95 in results:
        ratios = f"{med / base_median:>16.1f} {p95 / base_p95:>10.1f}"
        print(f"  {label:<26} {n:>4} {med:>10.1f} {p95:>9.1f} {ratios}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _common.add_common_arguments(parser)
    parser.add_argument("--requests", type=int, default=100, help="requests per page (100)")
    parser.add_argument("--fresh", action="store_true", help="recreate and reseed the bench database")
    parser.add_argument("--national", action="store_true", help="the national-scale comparison with DuckDB")
    parser.add_argument("--national-children", type=int, default=640_000)
    args = parser.parse_args()
    if args.national:
        import performance_national

        performance_national.run(children=args.national_children, fresh=args.fresh)
    else:
        authority(args)


if __name__ == "__main__":
    main()
