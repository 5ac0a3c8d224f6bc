"""Breakdowns by locality, team, primary need, age group and setting type, as at the period end."""

from __future__ import annotations

import pytest

from sendcase.settings_data.codes import EstablishmentType
from tests.factories import ChildFactory, LocalityFactory, TeamFactory

from . import factories as f
from .helpers import run

D = f.D
JUNE = D(2025, 6, 30)
pytestmark = pytest.mark.django_db


def test_each_child_falls_in_its_breakdown_as_at_the_period_end() -> None:
    east = LocalityFactory(code="east", name="East")
    young = ChildFactory(date_of_birth=D(2021, 7, 1), locality=east)  # 3 at the end of June 2025
    teen = ChildFactory(date_of_birth=D(2009, 6, 30), locality=east)  # 16 on 30 June 2025
    f.plan(young, issued=D(2024, 1, 1), need="SLCN")
    f.plan(teen, issued=D(2024, 1, 1), need="SEMH")
    f.placement(young, entry=D(2024, 9, 1), kind=EstablishmentType.EARLY_YEARS)
    f.placement(teen, entry=D(2024, 9, 1), leaving=D(2025, 7, 1), kind=EstablishmentType.SPECIAL)
    f.placement(teen, entry=D(2025, 7, 1), kind=EstablishmentType.FURTHER_EDUCATION)
    f.allocation(young, team=TeamFactory(name="Early years"), started=D(2024, 1, 1))
    f.allocation(teen, team=TeamFactory(name="Old team"), started=D(2024, 1, 1), ended=D(2025, 7, 1))
    f.allocation(teen, team=TeamFactory(name="Post-16"), started=D(2025, 7, 1))
    result = run("plans_special", JUNE)
    counts = {
        name: {k: int(v.denominator) for k, v in values.items()} for name, values in result.breakdowns.items()
    }
    assert counts["locality"] == {"East": 2}
    assert counts["age_group"] == {"Under 5": 1, "16 to 19": 1}
    assert counts["primary_need"] == {
        "Social, emotional and mental health": 1,
        "Speech, language and communication needs": 1,
    }
    assert counts["team"] == {"Early years": 1, "Old team": 1}
    assert counts["setting_type"] == {"Early years setting": 1, "Special school": 1}
    july = run("plans_special", D(2025, 7, 31)).breakdowns
    assert set(july["team"]) == {"Early years", "Post-16"}
    assert set(july["setting_type"]) == {"Early years setting", "Further education"}
