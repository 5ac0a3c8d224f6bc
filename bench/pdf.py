"""How long one full EHC plan takes to render to PDF, against a one-paragraph letter.

    .venv/bin/python bench/pdf.py [--repeat 20]

Renders an issued plan with realistic content (6 needs, 10 outcomes, 20 items of special educational
provision, plus health and social care items and advice) `--repeat` times through the same code as the
service (`plans.documents.services.render`), after one warm-up, and prints the median and p95 seconds.
The baseline is a one-paragraph letter rendered the same number of times in the same process; the plan's
figures are also given as a ratio of it. No database is used: the objects are built in memory, so the
figures are WeasyPrint's layout and PDF writing, not queries. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path

import _common

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sendcase.config.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


NEED_CODES = ["ASD", "SLCN", "SEMH", "SPLD", "MLD", "PD"]


def realistic_content() -> dict:
    from sendcase.plans import content as c

    content = c.empty_content()
    prose = (
        "Sam enjoys building models, swimming and spending time with his grandparents. He finds busy, noisy "
        "places hard and can become anxious when routines change without warning. "
    )
    content["A"] = {"views": prose * 3, "interests": prose, "aspirations": prose * 2}
    content["B"]["needs"] = [
        {"id": f"N{i}", "code": code, "rank": i, "description": f"Need {i}: " + prose * 2}
        for i, code in enumerate(NEED_CODES, start=1)
    ]
    content["C"] = {"description": prose * 2}
    content["D"] = {"description": prose * 2}
    content["E"]["outcomes"] = [
        {
            "id": f"E{i}",
            "text": f"Outcome {i}: by the end of Key Stage 3, Sam will manage changes to his day with "
            "support from a visual timetable and a named adult.",
            "timescale": "by July 2027",
            "needs": [f"N{(i % 6) + 1}"],
        }
        for i in range(1, 11)
    ]

    def item(prefix: str, i: int) -> dict:
        return {
            "id": f"{prefix}{i}",
            "what": f"Provision {i}: structured teaching of social communication skills using visual "
            "supports, planned with the speech and language therapist and reviewed each half term",
            "who": "Teaching assistant trained by the speech and language therapist",
            "frequency": "3 sessions a week",
            "duration": "30 minutes each, until July 2027",
            "group_size": "1:1" if i % 2 else "groups of up to 4",
            "outcomes": [f"E{(i % 10) + 1}"],
        }

    content["F"]["items"] = [item("F", i) for i in range(1, 21)]
    content["G"]["items"] = [item("G", i) for i in range(1, 4)]
    content["H2"]["items"] = [item("H", i) for i in range(1, 3)]
    content["I"] = {"establishment_id": None, "setting_type": "mainstream"}
    content["J"] = {"kinds": ["education"], "amounts": {"education": "1200.00"}, "notes": "Paid termly."}
    content["K"]["advice"] = [
        {"adviser": f"Adviser {i}", "date": "2025-03-0" + str(i), "title": "Advice"} for i in range(1, 7)
    ]
    return content


def timed(call: Callable[[], bytes], repeat: int) -> tuple[list[float], int, int]:
    from pypdf import PdfReader

    pdf = call()  # warm-up (fonts, templates)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        pdf = call()
        samples.append(time.perf_counter() - start)
    return samples, len(pdf), len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup()
    from sendcase.people.models import Child
    from sendcase.plans import content as c
    from sendcase.plans.documents import letters, services
    from sendcase.plans.models import EHCPlan, PlanVersion, VersionStatus

    content = realistic_content()
    assert not c.validate_content(content, for_issue=True), c.validate_content(content, for_issue=True)
    child = Child(pk=1, legal_first_name="Sam", legal_last_name="Example", date_of_birth=dt.date(2013, 5, 4))
    plan = EHCPlan(pk=1, child=child, issued_on=dt.date(2025, 5, 1))
    version = PlanVersion(
        pk=1, plan=plan, number=2, status=VersionStatus.ISSUED, content=content, issued_on=dt.date(2025, 5, 1)
    )
    plan_doc = letters.plan_document(version, names={}, today=dt.date(2025, 5, 1))
    letter = letters.one_paragraph_letter(child, dated=dt.date(2025, 5, 1))

    plan_samples, plan_bytes, plan_pages = timed(lambda: services.render(plan_doc), args.repeat)
    letter_samples, letter_bytes, letter_pages = timed(lambda: services.render(letter), args.repeat)

    plan_median, plan_p95 = _common.median(plan_samples), _common.percentile(plan_samples, 95)
    letter_median, letter_p95 = _common.median(letter_samples), _common.percentile(letter_samples, 95)
    print(f"renders each: {args.repeat} (after 1 warm-up)")
    print(
        f"full plan   ({plan_pages} pages, {plan_bytes:,} bytes): "
        f"median {plan_median:.3f} s, p95 {plan_p95:.3f} s"
    )
    print(
        f"letter      ({letter_pages} page,  {letter_bytes:,} bytes): median {letter_median:.3f} s, "
        f"p95 {letter_p95:.3f} s"
    )
    print(f"ratio plan/letter: median {plan_median / letter_median:.1f}x, p95 {plan_p95 / letter_p95:.1f}x")


if __name__ == "__main__":
    main()
