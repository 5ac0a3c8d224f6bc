from django.core.management.base import BaseCommand, CommandError

from sendcase.core import permissions
from sendcase.core.models import User
from sendcase.plans.cohort import phase_transfer_cohort_record


class Command(BaseCommand):
    help = "Record the phase transfers, with legal deadlines, of every child with a plan moving in a year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Calendar year of the September move.")
        parser.add_argument("--as-user", required=True, help="Username recorded as having done it.")

    def handle(self, *args, **options):
        try:
            user = User.objects.get(username=options["as_user"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {options['as_user']!r}.") from None
        if not permissions.can_edit_cases(user):
            raise CommandError("The user must be able to edit cases.")
        result = phase_transfer_cohort_record(acting_user=user, transfer_year=options["year"])
        self.stdout.write(
            f"{result.recorded} phase transfers recorded for {options['year']}; "
            f"{result.already_recorded} were already recorded; {len(result.refused)} refused."
        )
        for plan, reason in result.refused:
            self.stdout.write(f"  refused: plan {plan.pk} ({plan.child.full_name}): {reason}")
