"""Targets changed before a target had a month to apply from are given the month they were made in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("performance", "0002_indicator_targets")]
AFTER = [("performance", "0003_target_applies_from")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_earlier_changes_apply_from_the_month_they_were_made_in_local_time() -> None:
    try:
        apps = _migrate(BEFORE)
        TargetChange = apps.get_model("performance", "TargetChange")
        made = TargetChange.objects.create(
            indicator="plans_20_weeks_incl_year",
            target_before=60,
            target_after=70,
            amber_before=10,
            amber_after=5,
            reason="Board decision",
        )
        # 23:30 on 31 March UTC is 00:30 on 1 April in London (summer time): April's change.
        late_evening = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)
        TargetChange.objects.filter(pk=made.pk).update(changed_at=late_evening)

        apps = _migrate(AFTER)
        moved = apps.get_model("performance", "TargetChange").objects.get(pk=made.pk)
        assert moved.applies_from == dt.date(2026, 4, 1)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
