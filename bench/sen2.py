"""How long the SEN2 return takes to generate, validate and write for the seeded authority.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendcase_bench_sen2 \
        .venv/bin/python bench/sen2.py [--children 25000] [--repeat 3] [--fresh]

For two census days (the January census before the seed date, and the seed date itself, when the most
plans are in force), runs `--repeat` times and prints the median seconds of each stage:

  baseline   one query reading the id of every plan in scope (the floor: the database alone)
  collect    sen2_return(): every table read once and the records built
  validate   every rule in rules.csv over every record
  xml        the records written as XML
  total      collect + validate + xml, the work behind the download (the page adds counts, see below)
  page       GET /performance/sen2/?census_date... as a data officer (generate, validate, count, render
             the first page of problems), server time in-process, with nothing kept from before
  page again the same GET once more, no record having changed: the result kept from the first is shown

Reuses the bench database if it is seeded (run bench/seed.py first), else seeds it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import _common


def _median_seconds(call, repeat: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - started)
    return _common.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _common.add_common_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each stage (3)")
    parser.add_argument("--fresh", action="store_true", help="recreate and reseed the bench database")
    args = parser.parse_args()

    _common.prepare(fresh=args.fresh)
    _common.ensure_seeded(args.children)

    from django.core.cache import cache
    from django.db.models import Max
    from django.test import Client

    from sendcase.core.models import Role, User
    from sendcase.people.models import CaseEvent
    from sendcase.performance.sen2.census import CensusPeriod, default_census_date
    from sendcase.performance.sen2.collect import plans_in_scope, sen2_return
    from sendcase.performance.sen2.counts import module_counts
    from sendcase.performance.sen2.validation import validate
    from sendcase.performance.sen2.xml import to_xml

    seeded_on = CaseEvent.objects.aggregate(last=Max("occurred_on"))["last"] or dt.date.today()
    user, _ = User.objects.get_or_create(username="bench.sen2", defaults={"role": Role.DATA_OFFICER})
    client = Client()
    client.force_login(user)

    print(
        f"\nSEN2 return over {_common.children_in_database():,} children (seeded as of {seeded_on}), "
        f"median of {args.repeat}"
    )
    for census in (default_census_date(seeded_on), seeded_on):
        baseline, _ = _median_seconds(
            lambda c=census: list(plans_in_scope(CensusPeriod(c)).values_list("id", flat=True)), args.repeat
        )
        collect, sen2 = _median_seconds(lambda c=census: sen2_return(c, la_code="999"), args.repeat)
        check, report = _median_seconds(lambda s=sen2: validate(s), args.repeat)
        write, xml = _median_seconds(lambda s=sen2: to_xml(s), args.repeat)
        query = {"census_date_0": census.day, "census_date_1": census.month, "census_date_2": census.year}

        def page(q=query) -> None:
            response = client.get("/performance/sen2/", q)
            if response.status_code != 200:
                raise SystemExit(f"SEN2 page answered {response.status_code}")

        def first_visit() -> None:
            cache.clear()  # nothing kept: the page generates the return
            page()

        page_seconds, _ = _median_seconds(first_visit, args.repeat)
        again_seconds, _ = _median_seconds(page, args.repeat)  # kept: no record changed since
        counts = module_counts(sen2)
        total = collect + check + write
        print(
            f"\n  census day {census}: {counts['persons']:,} children, {counts['requests']:,} requests, "
            f"{counts['active_plans']:,} plans, {counts['placements']:,} placements; "
            f"{len(report.errors):,} errors, {len(report.warnings):,} warnings; XML {len(xml) / 1e6:.1f} MB"
        )
        print(f"    {'stage':<10} {'seconds':>8} {'x baseline':>11}")
        for label, seconds in [
            ("baseline", baseline),
            ("collect", collect),
            ("validate", check),
            ("xml", write),
            ("total", total),
            ("page", page_seconds),
            ("page again", again_seconds),
        ]:
            print(f"    {label:<10} {seconds:>8.2f} {seconds / baseline:>11.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
