"""Setting up and checking the second factor. Each function runs in one transaction and is audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sendcase.core.audit import audit_record
from sendcase.core.errors import ServiceError
from sendcase.core.models import AuditAction, User

from . import totp
from .models import TotpDevice


@transaction.atomic
def totp_device_confirm(*, acting_user: User, secret: str, code: str) -> list[str]:
    """Save the authenticator app once the user proves it works with a code; return new recovery codes
    (shown once, stored only as hashes)."""
    counter = totp.matching_counter(secret, code)
    if counter is None:
        raise ServiceError(
            "Enter the 6-digit code shown in your authenticator app. The code changes every 30 seconds",
            field="code",
        )
    if TotpDevice.objects.select_for_update().filter(user=acting_user).exists():
        raise ServiceError("An authenticator app is already set up for this account", field="code")
    device = TotpDevice.objects.create(
        user=acting_user, secret=secret, confirmed_at=timezone.now(), last_counter=counter
    )
    codes = totp.new_recovery_codes()
    totp.store_recovery_codes(acting_user, codes)
    audit_record(
        user=acting_user, action=AuditAction.CREATE, obj=device, summary="Set up an authenticator app"
    )
    return codes


@transaction.atomic
def second_factor_check(*, acting_user: User, code: str) -> str | None:
    """'app' or 'recovery code' if the code is good (and now spent), else None."""
    device = TotpDevice.objects.select_for_update().filter(user=acting_user).first()
    if device is None:
        return None
    if totp.device_accepts(device, code):
        return "app"
    if totp.use_recovery_code(acting_user, code):
        audit_record(user=acting_user, action=AuditAction.UPDATE, summary="Used a recovery code to sign in")
        return "recovery code"
    return None
