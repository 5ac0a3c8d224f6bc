"""Build a believable synthetic authority for demonstrations, development and benchmarks.

    manage.py seed_demo --children 2000 --seed 1 [--if-empty] [--as-of 2026-01-31] [--demo-password PW]
        [--insert auto|bulk_create|copy]

Children, contacts, staff, allocations and requests for assessment at every stage, with their full dated
histories, in the proportions DfE publishes for Birmingham (src/sendcase/demo/data/proportions.json).
The same --seed and --as-of always give the same authority. Everything is synthetic: no real person's
data is used.

Demo accounts get a known password, so the command refuses to create them unless DEBUG is on (as under
`make run`) or --demo-password is given explicitly. The logins are printed at the end.
"""

from __future__ import annotations

import datetime as dt
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sendcase.assessments.models import RequestStatus
from sendcase.demo.seed import clashing_usernames, has_demo_data, seed_demo
from sendcase.demo.writer import INSERT_METHODS

# Only ever used when DEBUG is on: a development machine's throwaway demo.
DEBUG_DEMO_PASSWORD = "demo-only-password"  # noqa: S105


class Command(BaseCommand):
    help = "Create a synthetic authority: children, staff and case histories (deterministic for a seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=2000, help="How many children (default 2000).")
        parser.add_argument("--seed", type=int, default=1, help="Seed for every random choice (default 1).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already holds children."
        )
        parser.add_argument("--as-of", help="The date the histories run up to (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--insert",
            choices=INSERT_METHODS,
            default="auto",
            help="How rows are written: COPY on PostgreSQL and bulk_create elsewhere (auto, the default), "
            "or force one.",
        )
        parser.add_argument(
            "--demo-password",
            help="Password for the demo logins. Required unless DEBUG is on, when a known default is used.",
        )

    def handle(self, *args, **options) -> None:
        children = options["children"]
        if children < 1:
            raise CommandError("--children must be at least 1.")
        today = timezone.localdate()
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else today
        except ValueError:
            raise CommandError("--as-of must be a date like 2026-01-31.") from None
        if as_of > today:
            # The services refuse dates in the future; seeded histories must not contain them either.
            raise CommandError(f"--as-of cannot be after today ({today.isoformat()}).")

        if options["if_empty"] and has_demo_data():
            self.stdout.write("The database already holds children: nothing seeded (--if-empty).")
            return
        password = options["demo_password"]
        if password is None:
            if not settings.DEBUG:
                raise CommandError(
                    "Refusing to create accounts with a known demo password while DEBUG is off. "
                    "Run with DEBUG=1 (as `make run` does) or give --demo-password explicitly."
                )
            password = DEBUG_DEMO_PASSWORD
        if not password.strip():
            raise CommandError("--demo-password cannot be empty.")
        if has_demo_data():
            raise CommandError(
                "The database already holds children. Use an empty database, or --if-empty to skip seeding."
            )
        clashes = clashing_usernames()
        if clashes:
            raise CommandError(f"These usernames already exist: {', '.join(clashes)}. Use an empty database.")

        self.stdout.write(
            f"Seeding {children} children (seed {options['seed']}, as of {as_of.isoformat()})..."
        )
        result = seed_demo(
            children=children,
            seed=options["seed"],
            as_of=as_of,
            password=password,
            progress=self._progress if sys.stdout.isatty() else None,
            method=options["insert"],
        )
        self._report(result)

    def _progress(self, done: int, total: int) -> None:
        self.stderr.write(f"  {done}/{total} children written", ending="\r")

    def _report(self, result) -> None:
        out = self.stdout.write
        out(f"Done in {result.seconds:.1f} s: a synthetic authority with {result.authority}'s proportions.")
        for step, seconds in result.timings.items():
            out(f"  {step:<20} {seconds:7.2f} s")
        out("Rows written:")
        for label, count in sorted(result.rows.items()):
            out(f"  {label:<28} {count:>9,}")
        out("Requests by stage (each child's latest request):")
        for status in RequestStatus:
            out(f"  {status.label:<38} {result.statuses.get(status, 0):>7,}")
        staffing = result.staffing
        if staffing is not None:
            officers = sum(staffing.officers_per_team)
            out(
                f"Staff: {len(staffing.officers_per_team)} teams, {officers} case officers; threshold "
                f"{staffing.threshold}, officers over it: {len(staffing.overloaded)}."
            )
        out("")
        out("Demo logins (every other synthetic account has no usable password):")
        width = max(len(login.username) for login in result.logins)
        for login in result.logins:
            note = f"  ({login.note})" if login.note else ""
            out(f"  {login.username:<{width}}  {login.password}  {login.role}, {login.name}{note}")
