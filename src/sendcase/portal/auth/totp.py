"""Time-based one-time passwords (RFC 6238) from an authenticator app, and recovery codes.

A code is accepted for the current 30-second step and one step either side (clocks drift), and never twice:
the device remembers the last step it accepted. Recovery codes are shown once and kept only as hashes.
"""

from __future__ import annotations

import secrets
import time

import pyotp
import segno
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password

from sendcase.core.models import User

from .models import RecoveryCode, TotpDevice

RECOVERY_CODE_COUNT = 10
_STEP = 30
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: codes are typed from paper


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email or user.username, issuer_name=f"{settings.SERVICE_NAME} ({settings.AUTHORITY_NAME})"
    )


def qr_svg(uri: str) -> str:
    """The set-up QR code as inline SVG (no inline styles, so the strict CSP allows it)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, title="QR code to scan with your authenticator app")
    return svg.replace(
        "<svg ", '<svg role="img" aria-label="QR code to scan with your authenticator app" ', 1
    )


def clean_code(code: str) -> str:
    return "".join(ch for ch in str(code or "") if not ch.isspace() and ch != "-").lower()


def matching_counter(secret: str, code: str, *, at: float | None = None) -> int | None:
    """The time step the code belongs to (current, previous or next), or None if it matches none."""
    code = clean_code(code)
    if len(code) != 6 or not code.isdigit():
        return None
    now = int((at if at is not None else time.time()) // _STEP)
    totp = pyotp.TOTP(secret)
    for counter in (now, now - 1, now + 1):
        if secrets.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def device_accepts(device: TotpDevice, code: str) -> bool:
    """Check a code against a saved device and remember its step so it cannot be used again.

    The caller holds the device row locked (select_for_update)."""
    counter = matching_counter(device.secret, code)
    if counter is None or counter <= device.last_counter:
        return False
    device.last_counter = counter
    device.save(update_fields=["last_counter"])
    return True


def new_recovery_codes() -> list[str]:
    return [
        "-".join("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def store_recovery_codes(user: User, codes: list[str]) -> None:
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=make_password(clean_code(code))) for code in codes]
    )


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code that matches; the caller runs this in a transaction."""
    code = clean_code(code)
    if len(code) != 10:
        return False
    for stored in RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True):
        if check_password(code, stored.code_hash):
            from django.utils import timezone

            stored.used_at = timezone.now()
            stored.save(update_fields=["used_at"])
            return True
    return False
