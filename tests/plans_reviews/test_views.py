"""The review, cessation, phase transfer, placement and bulk pages: steps through forms, refusals shown
against the field, permissions (outsiders 404, read-only 403 on every step), audit."""

import datetime as dt

import pytest
from django.utils.html import escape

from sendcase.core.models import AuditEntry
from sendcase.plans.models import AnnualReview, Placement, ReviewStatus
from sendcase.plans.services import placements as ps
from sendcase.plans.services import reviews as rs
from tests.factories import EstablishmentFactory

from .helpers import DAY, Cycle, review_at, today

pytestmark = pytest.mark.django_db


def _date(prefix: str, value: dt.date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def test_reviews_page_shows_deadlines_and_is_audited(officer_client, officer, plan):
    review_at(officer, plan, "scheduled")
    response = officer_client.get(f"/plans/{plan.pk}/reviews/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Statutory deadlines" in html and "Regs 20(3)-(4)" in html and "CFA s.44(1)" in html
    assert f"/plans/{plan.pk}/reviews/meeting-held/" in html
    assert AuditEntry.objects.filter(
        action="view", object_id=str(plan.pk), summary="Annual reviews page"
    ).exists()


def test_driving_a_review_through_the_forms(officer_client, officer, plan):
    c = Cycle.after(plan.issued_on)
    assert officer_client.post(f"/plans/{plan.pk}/reviews/open/", {}).status_code == 302
    review = AnnualReview.objects.get(plan=plan)
    # Too little notice: refused against the meeting date, with the statutory reason.
    response = officer_client.post(
        f"/plans/{plan.pk}/reviews/schedule/",
        {
            **_date("meeting_on", c.notice + 10 * DAY),
            **_date("notice_sent_on", c.notice),
            "invitees": "Parent",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "at least 2 weeks before it" in html and 'href="#id_meeting_on_0"' in html
    response = officer_client.post(
        f"/plans/{plan.pk}/reviews/schedule/",
        {
            **_date("meeting_on", c.meeting),
            **_date("notice_sent_on", c.notice),
            "invitees": "Parent",
            "expected_version": review.lock_version,
        },
    )
    assert response.status_code == 302
    officer_client.post(f"/plans/{plan.pk}/reviews/meeting-held/", _date("held_on", c.meeting))
    officer_client.post(f"/plans/{plan.pk}/reviews/report/", _date("received_on", c.report))
    response = officer_client.post(
        f"/plans/{plan.pk}/reviews/decision/", {"decision": "maintain", **_date("decided_on", c.decided)}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.COMPLETED


def test_a_step_not_available_at_this_stage_redirects_with_a_message(officer_client, plan):
    response = officer_client.get(f"/plans/{plan.pk}/reviews/decision/", follow=True)
    assert "not available" in response.content.decode()


def test_read_only_may_view_but_not_post(read_only_client, plan):
    assert read_only_client.get(f"/plans/{plan.pk}/reviews/").status_code == 200
    assert read_only_client.get(f"/plans/{plan.pk}/cessation/").status_code == 200
    for url in (
        f"/plans/{plan.pk}/reviews/open/",
        f"/plans/{plan.pk}/cessation/propose/",
        f"/plans/{plan.pk}/phase-transfers/record/",
        f"/plans/children/{plan.child_id}/placements/start/",
    ):
        assert read_only_client.post(url, {}).status_code == 403
    assert not AnnualReview.objects.exists()


def test_outsiders_get_403_everywhere(outsider_client, plan):
    # A family account is refused every staff page (403) before any record is looked up, so whether the
    # record exists is never revealed.
    school = EstablishmentFactory()
    for url in (
        f"/plans/{plan.pk}/reviews/",
        f"/plans/{plan.pk}/reviews/open/",
        f"/plans/{plan.pk}/cessation/",
        f"/plans/{plan.pk}/phase-transfers/",
        f"/plans/children/{plan.child_id}/placements/",
        f"/plans/reviews/bulk/{school.pk}/",
    ):
        assert outsider_client.get(url).status_code == 403, url


def test_signed_out_users_are_sent_to_sign_in(client, plan):
    response = client.get(f"/plans/{plan.pk}/reviews/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_cessation_page_and_propose(officer_client, plan):
    response = officer_client.post(
        f"/plans/{plan.pk}/cessation/propose/",
        {"reason": "2", **_date("consultation_started_on", today()), "notes": ""},
    )
    assert response.status_code == 302
    html = officer_client.get(f"/plans/{plan.pk}/cessation/").content.decode()
    assert "Needs met without an EHC plan" in html and "Record the decision to cease" in html
    response = officer_client.post(
        f"/plans/{plan.pk}/cessation/decide/",
        {**_date("decided_on", today()), **_date("notice_sent_on", today())},
    )
    assert "consulted" in response.content.decode()


def test_phase_transfer_pages(officer_client, plan):
    response = officer_client.post(
        f"/plans/{plan.pk}/phase-transfers/record/", {"transfer": "secondary", "transfer_year": "2031"}
    )
    assert response.status_code == 302
    phase = plan.phase_transfers.get()
    html = officer_client.get(f"/plans/{plan.pk}/phase-transfers/").content.decode()
    assert "14 Feb 2031" in html
    school = EstablishmentFactory(name="Hill Secondary")
    response = officer_client.post(
        f"/plans/{plan.pk}/phase-transfers/{phase.pk}/name-school/",
        {"establishment": school.pk, **_date("named_on", today())},
    )
    assert response.status_code == 302
    assert "Hill Secondary" in officer_client.get(f"/plans/{plan.pk}/phase-transfers/").content.decode()


def test_placement_pages(officer_client, child):
    school = EstablishmentFactory(name="Elm Primary")
    url = f"/plans/children/{child.pk}/placements/"
    response = officer_client.post(
        f"{url}start/", {"establishment": school.pk, **_date("entry_on", today() - DAY)}
    )
    assert response.status_code == 302
    response = officer_client.post(f"{url}no-place/", {"reason": "medical", **_date("from_on", today())})
    assert response.status_code == 302
    html = officer_client.get(url).content.decode()
    assert "Elm Primary" in html and "Unable to attend for medical reasons" in html
    gap = Placement.objects.get(child=child, leaving_on__isnull=True)
    assert officer_client.post(f"{url}{gap.pk}/end/", _date("leaving_on", today())).status_code == 302
    both = officer_client.post(f"{url}start/", {**_date("entry_on", today())})
    assert "not both" in both.content.decode()


def test_bulk_page_all_or_nothing(officer_client, read_only_client, officer):
    from .helpers import issued_plan

    school = EstablishmentFactory(name="Brook Primary")
    plan = issued_plan(officer)
    ps.placement_start(acting_user=officer, child=plan.child, establishment=school, entry_on=today() - DAY)
    url = f"/plans/reviews/bulk/{school.pk}/"
    page = read_only_client.get(url)
    assert page.status_code == 200 and escape(plan.child.full_name) in page.content.decode()
    assert read_only_client.post(url, {}).status_code == 403
    data = {"invitees": "Parents", "per_day": "3", **_date("notice_sent_on", today())}
    refused = officer_client.post(url, {**data, **_date("first_date", today() + 3 * DAY)})
    assert "No meetings have been arranged" in refused.content.decode()
    assert not AnnualReview.objects.filter(status=ReviewStatus.SCHEDULED).exists()
    done = officer_client.post(url, {**data, **_date("first_date", today() + 20 * DAY)})
    assert "Meetings arranged" in done.content.decode()
    assert rs.open_review(plan).status == ReviewStatus.SCHEDULED
