"""Set up a team from the command line: create it if needed, set its threshold, and put officers in it.

    manage.py team_setup "North team" --as head.of.service --threshold 55 --manager sam.manager \
        --member alex.officer --member jo.officer

Everything goes through the caseload services, so it is permission-checked and audited as the person
named with --as.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sendcase.caseload.models import Team
from sendcase.caseload.services import team_create, team_member_set, team_threshold_set
from sendcase.core.errors import ServiceError
from sendcase.core.models import User
from sendcase.settings_data.models import Locality


class Command(BaseCommand):
    help = "Create a team (if it does not exist), set its caseload threshold and put officers in it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="The team's name, for example 'North team'.")
        parser.add_argument("--as", dest="acting", required=True, help="Username the changes are audited as.")
        parser.add_argument(
            "--threshold", type=int, help="Cases per officer above which managers are warned."
        )
        parser.add_argument("--locality", help="Locality code (new teams only).")
        parser.add_argument("--manager", help="Username of the team's manager (new teams only).")
        parser.add_argument("--member", action="append", default=[], help="Username to put in the team.")

    def _user(self, username: str) -> User:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"There is no user called {username}.") from None

    def handle(self, *args, **options) -> None:
        acting = self._user(options["acting"])
        try:
            team = Team.objects.filter(name__iexact=options["name"].strip()).first()
            if team is None:
                locality = None
                if options["locality"]:
                    locality = Locality.objects.filter(code=options["locality"]).first()
                    if locality is None:
                        raise CommandError(f"There is no locality with code {options['locality']}.")
                team = team_create(
                    acting_user=acting,
                    name=options["name"],
                    locality=locality,
                    manager=self._user(options["manager"]) if options["manager"] else None,
                    caseload_threshold=options["threshold"],
                )
                self.stdout.write(f"Created {team.name}.")
            elif options["threshold"] is not None:
                team = team_threshold_set(acting_user=acting, team=team, threshold=options["threshold"])
                self.stdout.write(f"Set {team.name}'s threshold to {team.caseload_threshold}.")
            for username in options["member"]:
                team_member_set(acting_user=acting, user=self._user(username), team=team)
                self.stdout.write(f"Put {username} in {team.name}.")
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
