"""Second factors and outside identities for people who sign in: an authenticator app (TOTP), one-use
recovery codes (kept only as hashes), and the GOV.UK One Login subject an account is matched by."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TotpDevice(models.Model):
    """An authenticator app a user has set up. `last_counter` refuses a code used twice (replay)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField()
    last_counter = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Authenticator app for {self.user}"


class RecoveryCode(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Recovery code for {self.user}"


class OneLoginIdentity(models.Model):
    """The GOV.UK One Login `sub` (subject identifier) that signs in as this account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="one_login_identity"
    )
    sub = models.CharField(max_length=255, unique=True)
    linked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"One Login identity of {self.user}"
