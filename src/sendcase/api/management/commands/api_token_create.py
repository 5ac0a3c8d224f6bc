"""Print an API token for a service account (or a member of staff): `manage.py api_token_create --username U`.

The token goes in each request's header: `Authorization: Token <key>`. Running the command again prints
the same token; `--rotate` replaces it, so the old one stops working at once. Portal users (families,
schools, advisers) and inactive accounts are refused: the API is for the authority's staff and systems.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rest_framework.authtoken.models import Token

from sendcase.core import permissions
from sendcase.core.audit import audit_record
from sendcase.core.models import AuditAction, Role, User


class Command(BaseCommand):
    help = "Print an API token for a service account or a member of staff (creating it if needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True, help="The account the token is for.")
        parser.add_argument(
            "--rotate", action="store_true", help="Replace the account's token: the old one stops working."
        )

    def handle(self, *args: Any, username: str, rotate: bool = False, **options: Any) -> None:
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"There is no account with the username {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"The account {username!r} is not active.")
        if not (user.role == Role.SERVICE_ACCOUNT or permissions.is_staff_member(user)):
            raise CommandError(
                f"The account {username!r} has the role {user.get_role_display()!r}. API tokens are only "
                "for service accounts and the authority's staff."
            )
        with transaction.atomic():
            if rotate:
                Token.objects.filter(user=user).delete()
            token, created = Token.objects.get_or_create(user=user)
            if created:
                # The key itself is never written to the audit log.
                audit_record(
                    user=None,
                    username=f"manage.py ({_operator()})"[:150],
                    action=AuditAction.CREATE,
                    summary=f"API token {'replaced' if rotate else 'issued'} for {user.username}",
                )
        self.stdout.write(token.key)


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"
