"""`manage.py team_setup`: teams set up from the command line go through the audited services."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from sendcase.caseload.models import Team, TeamMembership
from sendcase.core.models import AuditEntry, Role
from tests.factories import UserFactory


def test_creates_a_team_and_puts_officers_in_it(head_of_service, manager):
    newcomer = UserFactory(username="newcomer", role=Role.CASE_OFFICER)
    call_command(
        "team_setup",
        "East team",
        "--as",
        "head",
        "--threshold",
        "50",
        "--manager",
        "manager",
        "--member",
        "newcomer",
    )
    team = Team.objects.get(name="East team")
    assert (team.caseload_threshold, team.manager) == (50, manager)
    assert TeamMembership.objects.get(user=newcomer).team == team
    assert AuditEntry.objects.filter(user=head_of_service, object_type="caseload.Team").count() == 1
    assert AuditEntry.objects.filter(user=head_of_service, object_type="caseload.TeamMembership").count() == 1


def test_an_existing_team_gets_its_threshold_changed(head_of_service, team):
    call_command("team_setup", "north team", "--as", "head", "--threshold", "35")
    team.refresh_from_db()
    assert team.caseload_threshold == 35
    assert Team.objects.count() == 1


def test_refusals_are_command_errors(officer, head_of_service):
    with pytest.raises(CommandError, match="head of service or administrator"):
        call_command("team_setup", "West team", "--as", "officer")
    with pytest.raises(CommandError, match="no user called nobody"):
        call_command("team_setup", "West team", "--as", "nobody")
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("team_setup", "West team", "--as", "head", "--threshold", "0")
    assert not Team.objects.filter(name="West team").exists()
