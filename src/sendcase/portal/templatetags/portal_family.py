"""Small panels the family portal adds to staff pages (the child's record and the officer's worklist), so
those pages need only one line each to show them."""

from __future__ import annotations

from django import template
from django.utils import timezone

from sendcase.core import permissions

from ..models import FamilyLink, Question, QuestionStatus

register = template.Library()


@register.inclusion_tag("portal/family/staff/_child_panel.html", takes_context=True)
def family_portal_panel(context, child) -> dict:
    user = context["request"].user
    if not permissions.can_read_records(user):
        return {"child": child, "hidden": True}
    open_ = Question.objects.filter(child=child, status=QuestionStatus.OPEN)
    return {
        "child": child,
        "can_edit": permissions.can_edit_cases(user),
        "link_count": FamilyLink.objects.filter(child=child, ended_at__isnull=True).count(),
        "open_questions": open_.count(),
        "overdue_questions": open_.filter(respond_by__lt=timezone.localdate()).count(),
    }


@register.inclusion_tag("portal/family/staff/_worklist_questions.html")
def overdue_family_questions(officer, limit: int = 20) -> dict:
    from ..family.selectors import overdue_questions_for_officer

    return {"questions": list(overdue_questions_for_officer(officer, as_of=timezone.localdate())[:limit])}
