"""Staff pages for the family portal: giving and ending online access from the child's record, and
reading and answering the family's questions and views.

Only staff who may read records open these pages; only case editors change anything (403 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sendcase.core import permissions
from sendcase.core.audit import audit_view
from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.forms import error_title
from sendcase.people.selectors import child_for_user

from ..models import FamilyLink
from . import access, selectors, services
from .forms import AnswerForm, EndLinkForm, InvitationForm, VerifyForm
from .models import FamilyInvitation


def _require_reader(request) -> None:
    if not permissions.can_read_records(request.user):
        raise PermissionDenied


def _show_error(form, exc: ServiceError) -> None:
    if isinstance(exc, NotPermitted):
        raise PermissionDenied
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _access_url(child_pk: int) -> str:
    return reverse("portal:family_staff_access", kwargs={"pk": child_pk})


@require_http_methods(["GET", "POST"])
def online_access(request, pk: int):
    """Who can see this child's case online, pending invitations, and "Give online access"."""
    _require_reader(request)
    child = child_for_user(request.user, pk)
    can_edit = permissions.can_edit_cases(request.user)
    if request.method == "POST":
        permissions.require_case_editor(request)
    form = InvitationForm(request.POST if request.method == "POST" else None, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = access.family_invitation_create(
                acting_user=request.user,
                child=child,
                email=form.cleaned_data["email"],
                verification_method=form.cleaned_data["verification_method"],
                verification_notes=form.cleaned_data["verification_notes"],
                base_url=request.build_absolute_uri("/"),
                **form.invitee(),
            )
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            note = (
                " Their account will see the case once you record how you verified the relationship."
                if not invitation.is_verified
                else ""
            )
            messages.success(request, f"An invitation has been emailed to {invitation.email}.{note}")
            return redirect(_access_url(child.pk))
    if request.method == "GET":
        audit_view(user=request.user, obj=child, summary="Viewed who has online access")
    title = f"Online access to {child.full_name}'s case"
    return render(
        request,
        "portal/family/staff/access.html",
        {
            "page_title": error_title(form, title),
            "heading": title,
            "child": child,
            "form": form if can_edit else None,
            "links": selectors.links_for_staff(request.user, child),
            "invitations": selectors.invitations_for_staff(request.user, child).distinct(),
        },
    )


@require_http_methods(["GET", "POST"])
def invitation_verify(request, pk: int):
    permissions.require_case_editor(request)
    invitation = get_object_or_404(FamilyInvitation.objects.select_related("child"), pk=pk)
    child = child_for_user(request.user, invitation.child_id)
    form = VerifyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            link = access.family_invitation_verify(
                acting_user=request.user, invitation=invitation, **form.cleaned_data
            )
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request,
                "The relationship is verified. "
                + (
                    "They can now see the case online."
                    if link
                    else "They will see the case once they accept."
                ),
            )
            return redirect(_access_url(child.pk))
    title = f"Record how you verified {invitation.first_name} {invitation.last_name}"
    return render(
        request,
        "portal/family/staff/verify.html",
        {"page_title": error_title(form, title), "heading": title, "form": form, "child": child},
    )


@require_POST
def invitation_cancel(request, pk: int):
    permissions.require_case_editor(request)
    invitation = get_object_or_404(FamilyInvitation, pk=pk)
    child = child_for_user(request.user, invitation.child_id)
    try:
        access.family_invitation_cancel(acting_user=request.user, invitation=invitation)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The invitation has been cancelled. Its link no longer works.")
    return redirect(_access_url(child.pk))


@require_http_methods(["GET", "POST"])
def link_end(request, pk: int):
    permissions.require_case_editor(request)
    link = get_object_or_404(FamilyLink.objects.select_related("user", "child"), pk=pk, ended_at__isnull=True)
    child = child_for_user(request.user, link.child_id)
    form = EndLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            access.family_link_end(acting_user=request.user, link=link, reason=form.cleaned_data["reason"])
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, f"{link.user.display_name} can no longer see the case online.")
            return redirect(_access_url(child.pk))
    title = f"End {link.user.display_name}'s online access"
    return render(
        request,
        "portal/family/staff/end_link.html",
        {
            "page_title": error_title(form, title),
            "heading": title,
            "form": form,
            "child": child,
            "link": link,
        },
    )


@require_http_methods(["GET"])
def questions(request, pk: int):
    """The family's questions and the views they gave, for the officer."""
    _require_reader(request)
    child = child_for_user(request.user, pk)
    audit_view(user=request.user, obj=child, summary="Viewed the family's questions and views")
    return render(
        request,
        "portal/family/staff/questions.html",
        {
            "page_title": f"Questions and views from {child.full_name}'s family",
            "child": child,
            "questions": selectors.questions_for_staff(request.user, child),
            "views_given": selectors.views_for_staff(request.user, child),
            "can_edit": permissions.can_edit_cases(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def question_answer(request, pk: int):
    permissions.require_case_editor(request)
    question = selectors.question_for_staff(request.user, pk)
    child = child_for_user(request.user, question.child_id)
    if request.method == "GET":
        audit_view(user=request.user, obj=question, summary="Opened a family's question to answer it")
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_answer(
                acting_user=request.user, question=question, answer=form.cleaned_data["answer"]
            )
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, "Your answer has been sent. The family can read it online.")
            return redirect(reverse("portal:family_staff_questions", kwargs={"pk": child.pk}))
    title = f"Answer: {question.subject}"
    return render(
        request,
        "portal/family/staff/answer.html",
        {
            "page_title": error_title(form, title),
            "heading": title,
            "form": form,
            "child": child,
            "question": question,
        },
    )
