"""establishment_upsert: create or update by URN, write nothing when nothing changed, and settle a UKPRN
that GIAS shows on a closed school and its open successor."""

from __future__ import annotations

import pytest

from sendcase.core.errors import NotPermitted, ServiceError
from sendcase.core.models import AuditAction, AuditEntry
from sendcase.settings_data.codes import EstablishmentType, Phase
from sendcase.settings_data.models import Establishment, Locality
from sendcase.settings_data.services import establishment_upsert, locality_get_or_create
from tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db


def _values(**extra) -> dict:
    values = {
        "name": "Gorsecote Primary School",
        "kind": EstablishmentType.MAINSTREAM,
        "phase": Phase.PRIMARY,
        "is_open": True,
        "ukprn": None,
        "la_code": "330",
        "postcode": "B8 1RX",
        "has_resourced_provision": False,
        "has_sen_unit": False,
    }
    values.update(extra)
    return values


def test_a_new_urn_is_created_and_audited_as_the_command(db) -> None:
    result = establishment_upsert(acting_user=None, urn=990001, data=_values(), source="load_establishments")

    assert result.outcome == "created"
    establishment = Establishment.objects.get(urn=990001)
    assert (establishment.name, establishment.kind, establishment.la_code) == (
        "Gorsecote Primary School",
        "mainstream",
        "330",
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.username, entry.object_type) == (
        AuditAction.CREATE,
        None,
        "load_establishments",
        "settings_data.Establishment",
    )


def test_the_same_values_again_change_nothing_and_write_nothing(db) -> None:
    establishment_upsert(acting_user=None, urn=990001, data=_values())
    result = establishment_upsert(acting_user=None, urn=990001, data=_values())
    assert (result.outcome, result.changed) == ("unchanged", ())
    assert AuditEntry.objects.count() == 1


def test_changed_values_update_the_record_and_say_what_changed(administrator) -> None:
    establishment_upsert(acting_user=None, urn=990001, data=_values())
    result = establishment_upsert(
        acting_user=administrator, urn=990001, data=_values(name="Gorsecote Academy", is_open=False)
    )

    assert (result.outcome, result.changed) == ("updated", ("is_open", "name"))
    establishment = Establishment.objects.get(urn=990001)
    assert (establishment.name, establishment.is_open, establishment.updated_by) == (
        "Gorsecote Academy",
        False,
        administrator,
    )
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.user == administrator and entry.summary == "Establishment changed: is_open, name"


def test_fields_not_given_are_kept(db) -> None:
    locality = LocalityFactory(name="North")
    establishment_upsert(acting_user=None, urn=990001, data=_values(locality=locality))
    establishment_upsert(acting_user=None, urn=990001, data=_values(name="Renamed"))
    assert Establishment.objects.get(urn=990001).locality == locality


def test_a_closed_school_gives_its_ukprn_to_the_open_successor(db) -> None:
    establishment_upsert(acting_user=None, urn=990001, data=_values(ukprn=19900001, is_open=False))
    result = establishment_upsert(
        acting_user=None, urn=990002, data=_values(ukprn=19900001, name="Gorsecote Academy")
    )

    assert result.outcome == "created"
    assert Establishment.objects.get(urn=990001).ukprn is None
    assert Establishment.objects.get(urn=990002).ukprn == 19900001
    assert AuditEntry.objects.filter(summary__contains="UKPRN 19900001 moved to URN 990002").count() == 1


def test_a_ukprn_held_by_an_open_school_is_not_taken_by_another_open_one(db) -> None:
    establishment_upsert(acting_user=None, urn=990001, data=_values(ukprn=19900001))
    with pytest.raises(ServiceError) as refused:
        establishment_upsert(acting_user=None, urn=990002, data=_values(ukprn=19900001))
    assert refused.value.field == "ukprn"
    assert "UKPRN 19900001 already belongs to Gorsecote Primary School (URN 990001)" in refused.value.message
    assert not Establishment.objects.filter(urn=990002).exists()


def test_a_closed_school_is_loaded_without_a_ukprn_an_open_one_holds(db) -> None:
    establishment_upsert(acting_user=None, urn=990002, data=_values(ukprn=19900001))
    result = establishment_upsert(acting_user=None, urn=990001, data=_values(ukprn=19900001, is_open=False))
    assert result.outcome == "created"
    assert Establishment.objects.get(urn=990001).ukprn is None
    assert Establishment.objects.get(urn=990002).ukprn == 19900001
    # Loading the same rows again changes nothing.
    again = establishment_upsert(acting_user=None, urn=990001, data=_values(ukprn=19900001, is_open=False))
    assert again.outcome == "unchanged"


@pytest.mark.parametrize(
    ("urn", "data", "field"),
    [
        (0, _values(), "urn"),
        (990001, _values(kind="castle"), "kind"),
        (990001, _values(phase="tertiary"), "phase"),
        (990001, _values(la_code="3300"), "la_code"),
        (990001, {**_values(), "website": "x"}, "website"),
    ],
)
def test_bad_values_are_refused(db, urn, data, field) -> None:
    with pytest.raises(ServiceError) as refused:
        establishment_upsert(acting_user=None, urn=urn, data=data)
    assert refused.value.field == field
    assert not Establishment.objects.exists()


@pytest.mark.parametrize("who", ["officer", "manager", "read_only_user", "outsider"])
def test_only_administrators_and_commands_may_change_establishments(request, who) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(NotPermitted):
        establishment_upsert(acting_user=user, urn=990001, data=_values())
    with pytest.raises(NotPermitted):
        locality_get_or_create(acting_user=user, name="North")
    assert not Establishment.objects.exists()
    assert not Locality.objects.filter(name="North").exists()


def test_locality_get_or_create_matches_names_in_any_case(db) -> None:
    north = locality_get_or_create(acting_user=None, name="  North  ")
    assert (north.code, north.name) == ("north", "North")
    assert locality_get_or_create(acting_user=None, name="NORTH") == north
    LocalityFactory(code="south", name="Southern fringe")
    south = locality_get_or_create(acting_user=None, name="South")
    assert south.code == "south-2"
    assert AuditEntry.objects.filter(object_type="settings_data.Locality").count() == 2
