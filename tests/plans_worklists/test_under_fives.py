"""Under-fives are flagged on the review worklists: reviews every 3 to 6 months should be considered."""

import datetime as dt

import pytest
from django.utils import timezone

from sendcase.plans.worklists import reviews_due, worklist_rows

from .helpers import make_plan


@pytest.mark.django_db
def test_under_fives_are_flagged_and_older_children_are_not(manager, manager_client):
    as_of = timezone.localdate()
    young = make_plan(
        review_due=as_of + dt.timedelta(days=10), date_of_birth=as_of - dt.timedelta(days=3 * 365)
    )
    older = make_plan(
        review_due=as_of + dt.timedelta(days=10), date_of_birth=as_of - dt.timedelta(days=9 * 365)
    )
    rows = {row.plan_pk: row for row in worklist_rows(reviews_due(manager, as_of=as_of), as_of=as_of)}
    assert rows[young.pk].under_five is True
    assert rows[older.pk].under_five is False
    html = manager_client.get("/reviews/").content.decode()
    assert html.count("Under 5: review every 3 to 6 months") == 1
