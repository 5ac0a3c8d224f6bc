"""Officers answer families' questions from the child's record; late ones show on their worklist."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sendcase.people.events import EventKind
from sendcase.people.models import CaseEvent
from sendcase.portal.models import QuestionStatus

from ..factories import AllocationFactory
from .factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_officer_answers_and_family_reads_it(officer_client, officer, parent, parent_client, child):
    question = QuestionFactory(child=child, asked_by=parent)
    response = officer_client.post(
        reverse("portal:family_staff_answer", kwargs={"pk": question.pk}), {"answer": "On 3 March at 10am."}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.answered_by == officer
    event = CaseEvent.objects.get(child=child, kind=EventKind.QUESTION_ANSWERED)
    assert event.visible_to_family
    page = parent_client.get(
        reverse("portal:family_question", kwargs={"pk": child.pk, "question_pk": question.pk})
    ).content.decode()
    assert "On 3 March at 10am." in page


def test_answer_twice_is_refused(officer_client, parent, child):
    question = QuestionFactory(child=child, asked_by=parent)
    url = reverse("portal:family_staff_answer", kwargs={"pk": question.pk})
    officer_client.post(url, {"answer": "First"})
    response = officer_client.post(url, {"answer": "Second"})
    assert "already been answered" in response.content.decode()


def test_family_cannot_answer(parent_client, parent, child):
    question = QuestionFactory(child=child, asked_by=parent)
    response = parent_client.post(
        reverse("portal:family_staff_answer", kwargs={"pk": question.pk}), {"answer": "x"}
    )
    assert response.status_code == 403


def test_overdue_questions_on_the_officers_worklist(officer_client, officer, team, parent, child):
    AllocationFactory(child=child, officer=officer, team=team)
    QuestionFactory(child=child, asked_by=parent, subject="Overdue one")
    QuestionFactory(child=child, asked_by=parent, subject="Not yet due", respond_by=timezone.localdate())
    page = officer_client.get(reverse("caseload:worklist")).content.decode()
    assert "Questions waiting for an answer" in page
    assert "Overdue one" in page and "Not yet due" not in page


def test_other_officers_worklist_has_no_section(other_officer, parent, child, officer, team):
    from django.test import Client

    AllocationFactory(child=child, officer=officer, team=team)
    QuestionFactory(child=child, asked_by=parent)
    client = Client()
    client.force_login(other_officer)
    assert "Questions waiting for an answer" not in client.get(reverse("caseload:worklist")).content.decode()
