"""Portal sign-in: email and password, then the authenticator app (set up on first sign-in), recovery
codes, accepting an invitation, and GOV.UK One Login.

These pages are open before sign-in (`login_not_required`); the two-factor pages work only for someone who
has just given a correct password (held in the session for a few minutes, see two_factor.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from sendcase.core.audit import audit_record
from sendcase.core.errors import ServiceError
from sendcase.core.forms import error_title
from sendcase.core.middleware import client_ip
from sendcase.core.models import AuditAction
from sendcase.core.throttle import sign_in_locked
from sendcase.core.views import SignInView

from ..family import access
from . import services, totp, two_factor
from .forms import AcceptInvitationForm, CodeForm, EmailSignInForm, SetUpCodeForm

LOCKED_MESSAGE = (
    "There have been too many failed attempts to sign in. Wait 15 minutes and try again, or contact the "
    "SEND team."
)


class PortalSignInView(SignInView):
    """The same throttled, audited sign-in as staff, asking for an email address."""

    template_name = "portal/auth/sign_in.html"
    authentication_form = EmailSignInForm

    def get_context_data(self, **kwargs):
        from . import one_login

        context = super().get_context_data(**kwargs)
        context["one_login"] = one_login.configured()
        return context

    def post(self, request, *args, **kwargs):
        # Family usernames are their email address in lower case: throttle on the same spelling.
        request.POST = request.POST.copy()
        request.POST["username"] = request.POST.get("username", "").strip().lower()
        return super().post(request, *args, **kwargs)


sign_in = login_not_required(PortalSignInView.as_view())


def _no_pending(request: HttpRequest) -> HttpResponse:
    messages.error(request, "Your sign-in timed out. Sign in again.")
    return redirect("portal:account_sign_in")


@login_not_required
@require_http_methods(["GET", "POST"])
def two_factor_check(request: HttpRequest) -> HttpResponse:
    user = two_factor.pending_user(request)
    if user is None:
        return _no_pending(request)
    if not two_factor.has_device(user):
        return redirect("portal:account_set_up")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if sign_in_locked(username=user.username, ip_address=client_ip(request)):
            audit_record(
                user=None, action=AuditAction.SIGN_IN_FAILED, username=user.username, summary="Locked out"
            )
            form.add_error("code", LOCKED_MESSAGE)
            status = 429
        else:
            used = services.second_factor_check(acting_user=user, code=form.cleaned_data["code"])
            if used:
                next_url = two_factor.finish(request, user)
                audit_record(
                    user=user, action=AuditAction.SIGN_IN, summary=f"Signed in with password and {used}"
                )
                return redirect(next_url)
            audit_record(
                user=None,
                action=AuditAction.SIGN_IN_FAILED,
                username=user.username,
                summary="Wrong authenticator or recovery code",
            )
            form.add_error("code", "The code is not right. Enter the code your authenticator app shows now")
    return render(
        request,
        "portal/auth/two_factor.html",
        {"page_title": error_title(form, "Enter the code from your authenticator app"), "form": form},
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    user = two_factor.pending_user(request)
    if user is None:
        return _no_pending(request)
    if two_factor.has_device(user):
        return redirect("portal:account_two_factor")
    secret = request.session.get(two_factor.SETUP_SECRET_KEY)
    if not secret:
        secret = totp.new_secret()
        request.session[two_factor.SETUP_SECRET_KEY] = secret
    form = SetUpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(
                acting_user=user, secret=secret, code=form.cleaned_data["code"]
            )
        except ServiceError as exc:
            form.add_error("code", exc.message)
        else:
            next_url = two_factor.finish(request, user)
            audit_record(
                user=user, action=AuditAction.SIGN_IN, summary="Signed in and set up an authenticator app"
            )
            request.session[two_factor.NEW_CODES_KEY] = {"codes": codes, "next": next_url}
            return redirect("portal:account_recovery_codes")
    uri = totp.provisioning_uri(user, secret)
    return render(
        request,
        "portal/auth/set_up.html",
        {
            "page_title": error_title(form, "Set up your authenticator app"),
            "form": form,
            "qr_svg": totp.qr_svg(uri),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@require_GET
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once, straight after set-up."""
    shown = request.session.pop(two_factor.NEW_CODES_KEY, None)
    if not shown:
        raise Http404("Recovery codes are shown only once")
    return render(
        request,
        "portal/auth/recovery_codes.html",
        {"page_title": "Save your recovery codes", "codes": shown["codes"], "next": shown["next"]},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = access.invitation_for_token(token)
    if invitation is None:
        return render(
            request,
            "portal/auth/invitation_invalid.html",
            {"page_title": "This link has expired or has already been used"},
            status=404,
        )
    from django.contrib.auth import get_user_model

    existing = get_user_model().objects.filter(username=invitation.email).first()
    form = AcceptInvitationForm(request.POST if request.method == "POST" else None, user=existing)
    if existing is not None:
        form.fields["password1"].label = "Your password"
        form.fields["password1"].help_text = "You already have an account with this email address."
        del form.fields["password2"]
    if request.method == "POST" and form.is_valid():
        try:
            user = access.family_invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ServiceError as exc:
            form.add_error("password1" if exc.field else None, exc.message)
        else:
            return two_factor.begin_second_factor(request, user, next_url=None)
    return render(
        request,
        "portal/auth/accept_invitation.html",
        {
            "page_title": error_title(form, "Create your account"),
            "form": form,
            "invitation": invitation,
            "existing": existing is not None,
        },
    )
