"""Add the record-linkage and data-quality demo to a seeded demo authority: planted duplicate children
(some in the review queue, one merged automatically), realistic event recording times, and six months
of data-confidence scores. Run after `seed_demo` (the demo's own tests expect seed_demo to write exactly
the children its generator makes, so this is a separate step)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sendcase.data_quality.demo import seed_linkage_and_quality
from sendcase.linkage.models import LinkageRun
from sendcase.people.models import CaseEvent, Child


class Command(BaseCommand):
    help = "Plant duplicate children and store six months of data-quality scores in the demo authority."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, seed: int, **options):
        if not Child.objects.exists():
            raise CommandError("Seed the demo first: manage.py seed_demo")
        if LinkageRun.objects.exists():
            # `make run` calls this every time it starts; the second time there is nothing to add.
            self.stdout.write("The linkage and data-quality demo is already in this database.")
            return
        # The demo's as-at date: the last day anything happened in it (today, unless seeded --as-of).
        as_of = CaseEvent.objects.aggregate(last=Max("occurred_on"))["last"] or timezone.localdate()
        with transaction.atomic():
            seed_linkage_and_quality(seed=seed, as_of=as_of)
        self.stdout.write("Planted duplicate children and stored six months of data-quality scores.")
