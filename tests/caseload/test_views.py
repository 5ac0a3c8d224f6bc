"""The caseload pages end to end: worklist, taking a case, allocating, an officer's worklist."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sendcase.assessments.models import RequestStatus
from sendcase.caseload import views
from sendcase.caseload.models import Allocation
from sendcase.caseload.selectors import current_allocation
from sendcase.core.errors import ServiceError
from sendcase.core.models import AuditAction, AuditEntry
from tests.factories import ChildFactory

from .conftest import allocate, days, make_request


def _html(response) -> str:
    return response.content.decode()


# --- worklist --------------------------------------------------------------------------------------


def test_worklist_shows_cases_most_urgent_first_with_days_late_and_left(officer, officer_client):
    today = timezone.localdate()
    later = make_request(first_name="Laterchild", next_due=today + days(6), next_step="Send the draft plan")
    late = make_request(first_name="Latechild", next_due=today - days(3), overdue_steps=2)
    allocate(later.child, officer)
    allocate(late.child, officer)

    response = officer_client.get(reverse("caseload:worklist"))

    assert response.status_code == 200
    html = _html(response)
    assert html.count("<h1") == 1
    assert "My worklist" in html
    assert html.index("Latechild") < html.index("Laterchild")
    assert reverse("assessments:case", args=[late.pk]) in html
    assert '<strong class="govuk-tag govuk-tag--red">3 days late</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--blue">6 days left</strong>' in html
    assert "2 overdue steps" in html
    assert "Send the draft plan" in html
    assert "<strong>2</strong> open cases" in html
    assert "<strong>1</strong> overdue" in html
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Open cases' in html
    assert '<label class="govuk-label" for="id_stage">Stage</label>' in html


def test_worklist_stage_filter(officer, officer_client):
    allocate(make_request(first_name="Receivedchild").child, officer)
    allocate(make_request(first_name="Assessingchild", status=RequestStatus.ASSESSING).child, officer)

    html = _html(officer_client.get(reverse("caseload:worklist"), {"stage": RequestStatus.ASSESSING}))

    assert "Assessingchild" in html
    assert "Receivedchild" not in html
    # Nonsense in the query string shows everything rather than failing.
    html = _html(officer_client.get(reverse("caseload:worklist"), {"stage": "bogus"}))
    assert "Assessingchild" in html and "Receivedchild" in html


def test_an_empty_worklist_says_so(officer_client):
    html = _html(officer_client.get(reverse("caseload:worklist")))
    assert "You have no open cases." in html
    assert "Every open case is allocated." in html


def test_worklist_shows_unallocated_cases_with_take_buttons_for_officers(officer_client):
    unheld = make_request(first_name="Unheldchild", next_due=timezone.localdate())
    html = _html(officer_client.get(reverse("caseload:worklist")))
    assert "1 open case is not allocated to anyone." in html
    assert f'action="{reverse("caseload:take", args=[unheld.child.pk])}"' in html
    assert "Take this case" in html
    # An officer cannot allocate, so is not offered the link.
    assert reverse("caseload:allocate", args=[unheld.child.pk]) not in html


# --- taking a case ---------------------------------------------------------------------------------


def test_taking_a_case_puts_it_on_the_officers_worklist(officer, officer_client):
    unheld = make_request(first_name="Unheldchild")

    response = officer_client.post(reverse("caseload:take", args=[unheld.child.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("caseload:worklist")
    assert current_allocation(unheld.child).officer == officer
    html = _html(response)
    assert f"{escape(unheld.child.full_name)}&#x27;s case is now on your worklist" in html
    assert "govuk-notification-banner--success" in html
    assert "Every open case is allocated." in html


def test_taking_a_case_someone_else_holds_is_refused_with_a_message(officer_client, other_officer):
    held = make_request(first_name="Heldchild")
    allocate(held.child, other_officer)

    response = officer_client.post(reverse("caseload:take", args=[held.child.pk]), follow=True)

    assert response.status_code == 200
    assert "This case has already been allocated to" in _html(response)
    assert current_allocation(held.child).officer == other_officer


# --- allocating ------------------------------------------------------------------------------------


def test_allocate_page_lists_officers_with_their_caseloads(manager_client, officer, other_officer, child):
    allocate(make_request().child, officer)
    allocate(make_request(status=RequestStatus.FINAL_ISSUED).child, officer)

    response = manager_client.get(reverse("caseload:allocate", args=[child.pk]))

    assert response.status_code == 200
    html = _html(response)
    assert html.count("<h1") == 1
    # Names are HTML-escaped on the page (a generated surname may hold an apostrophe).
    assert f"{escape(officer.display_name)} (North team): 1 open case, 2 allocated" in html
    assert f"{escape(other_officer.display_name)} (North team): 0 open cases, 0 allocated" in html
    assert '<label class="govuk-label" for="id_officer">Officer</label>' in html
    assert "Not allocated" in html
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, child_id=child.pk).exists()


def test_allocating_redirects_to_the_child_with_a_message(manager_client, officer, child):
    response = manager_client.post(
        reverse("caseload:allocate", args=[child.pk]), {"officer": officer.pk, "reason": ""}
    )

    assert response.status_code == 302
    assert response.url == reverse("people:child_detail", kwargs={"pk": child.pk})
    assert current_allocation(child).officer == officer
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"Case allocated to {officer.display_name} (North team)"]


def test_allocating_without_choosing_shows_the_error_summary(manager_client, child):
    response = manager_client.post(reverse("caseload:allocate", args=[child.pk]), {"officer": ""})

    assert response.status_code == 200
    html = _html(response)
    assert "There is a problem" in html
    assert '<a href="#id_officer">Select the officer to allocate the case to</a>' in html
    assert "govuk-form-group--error" in html
    assert response.context["page_title"].startswith("Error: ")
    assert not Allocation.objects.exists()


def test_reallocating_needs_a_reason_and_does_not_offer_the_current_holder(
    manager_client, officer, other_officer, child
):
    allocate(child, officer)
    url = reverse("caseload:allocate", args=[child.pk])

    page = _html(manager_client.get(url))
    assert "Reallocate this case" in page
    assert f'<option value="{officer.pk}"' not in page
    assert f'<option value="{other_officer.pk}"' in page

    response = manager_client.post(url, {"officer": other_officer.pk, "reason": ""})
    assert response.status_code == 200
    assert '<a href="#id_reason">Enter why the case is being reallocated</a>' in _html(response)
    assert current_allocation(child).officer == officer

    response = manager_client.post(url, {"officer": other_officer.pk, "reason": "Balancing caseloads"})
    assert response.status_code == 302
    assert current_allocation(child).officer == other_officer


def test_a_refusal_from_the_service_is_shown_in_the_error_summary(
    monkeypatch, manager_client, officer, child
):
    def refuse(**kwargs):
        raise ServiceError(
            "Someone else allocated this case at the same moment.", code="concurrent_allocation"
        )

    monkeypatch.setattr(views, "allocation_assign", refuse)
    response = manager_client.post(reverse("caseload:allocate", args=[child.pk]), {"officer": officer.pk})

    assert response.status_code == 200
    assert "Someone else allocated this case at the same moment." in _html(response)
    assert "There is a problem" in _html(response)


def test_allocate_for_a_missing_child_is_404(manager_client):
    assert manager_client.get(reverse("caseload:allocate", args=[987654])).status_code == 404


# --- an officer's worklist for a manager -----------------------------------------------------------


def test_a_manager_sees_an_officers_worklist(manager_client, officer, other_officer):
    allocate(make_request(first_name="Officerschild").child, officer)
    allocate(make_request(first_name="Otherschild").child, other_officer)

    response = manager_client.get(reverse("caseload:officer_worklist", args=[officer.pk]))

    assert response.status_code == 200
    html = _html(response)
    assert f"{escape(officer.display_name)}&#x27;s worklist" in html
    assert "Officerschild" in html
    assert "Otherschild" not in html
    # The unallocated panel belongs on the officer's own page, not on someone else's.
    assert "Unallocated cases" not in html


def test_officer_worklist_is_404_for_someone_who_holds_no_cases(manager_client, read_only_user):
    url = reverse("caseload:officer_worklist", args=[read_only_user.pk])
    assert manager_client.get(url).status_code == 404
    assert manager_client.get(reverse("caseload:officer_worklist", args=[987654])).status_code == 404


def test_a_leaver_still_holding_cases_can_be_opened(manager_client, officer):
    allocate(ChildFactory(), officer)
    officer.is_active = False
    officer.save()
    assert manager_client.get(reverse("caseload:officer_worklist", args=[officer.pk])).status_code == 200


def test_allocate_page_queries_do_not_grow_with_officers(manager_client, team, child):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import TeamMembershipFactory, UserFactory

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(reverse("caseload:allocate", args=[child.pk])).status_code == 200
        return len(captured)

    few = queries()
    for n in range(20):
        extra = UserFactory(username=f"extra{n}", role="case_officer")
        TeamMembershipFactory(user=extra, team=team)
        allocate(make_request().child, extra)
    assert queries() == few
