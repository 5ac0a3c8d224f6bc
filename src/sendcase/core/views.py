"""Start page, sign-in and sign-out, password reset, the audit log, and the error pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from . import permissions
from .audit import audit_record
from .forms import SignInForm, error_title
from .middleware import client_ip
from .models import AuditAction, AuditEntry
from .throttle import sign_in_locked


@login_not_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    return render(request, "core/start.html", {"page_title": "Start"})


def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the page their role starts from."""
    user = request.user
    if permissions.can_manage_caseload(user):
        return redirect("caseload:manager")
    if permissions.is_staff_member(user):
        return redirect("caseload:worklist")
    if permissions.is_family_user(user):
        return redirect("portal:family_home")
    if permissions.is_school_user(user):
        return redirect("portal:school_home")
    if permissions.is_adviser_user(user):
        return redirect("portal:advice_home")
    raise PermissionDenied


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"page_title": "Accessibility statement"})


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"page_title": "Privacy notice"})


class SignInView(auth_views.LoginView):
    """Sign-in with throttling: repeated failures for a username or address lock it for a while."""

    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = error_title(context.get("form"), "Sign in")
        return context

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "").strip()
        if sign_in_locked(username=username, ip_address=client_ip(request)):
            audit_record(
                user=None, action=AuditAction.SIGN_IN_FAILED, username=username[:150], summary="Locked out"
            )
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                "There have been too many failed attempts to sign in. Wait 15 minutes and try again, "
                "or ask your administrator to reset your password.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        from sendcase.portal.auth.two_factor import begin_second_factor, second_factor_required

        if second_factor_required(form.get_user()):
            # Not signed in yet: the password is right, the authenticator code comes next.
            return begin_second_factor(self.request, form.get_user(), next_url=self.get_success_url())
        response = super().form_valid(form)
        audit_record(user=form.get_user(), action=AuditAction.SIGN_IN)
        return response

    def form_invalid(self, form):
        username = self.request.POST.get("username", "").strip()
        if username:
            audit_record(user=None, action=AuditAction.SIGN_IN_FAILED, username=username[:150])
        return super().form_invalid(form)


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit_record(user=request.user, action=AuditAction.SIGN_OUT)
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")
    extra_context = {"page_title": "Reset your password"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = error_title(context.get("form"), "Reset your password")
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("core:password_reset_complete")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = error_title(context.get("form"), "Choose a new password")
        return context


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, for administrators only. It has no edit or delete actions."""
    if not permissions.can_read_audit(request.user):
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("user")
    child = request.GET.get("child", "").strip()
    username = request.GET.get("username", "").strip()
    if child.isdigit():
        entries = entries.filter(child_id=int(child))
    if username:
        entries = entries.filter(username__iexact=username)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {"page_title": "Audit log", "page": page, "child": child, "username": username},
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", {"page_title": "You do not have access"}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", {"page_title": "Page not found"}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(
        request, "errors/500.html", {"page_title": "Sorry, there is a problem with the service"}, status=500
    )
