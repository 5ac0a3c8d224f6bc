"""A children list's contact columns: a contact is added once, and a second one is not made main."""

from __future__ import annotations

from sendcase.people.models import Child, Contact

from .factories import csv_bytes, run_import, upn

HEAD = [
    "UPN",
    "First name",
    "Last name",
    "Date of birth",
    "Parent first name",
    "Parent surname",
    "Relationship",
]


def test_contacts_are_added_once_and_one_is_main(data_officer):
    run_import(
        data_officer,
        "children",
        "a.csv",
        csv_bytes([HEAD, [upn(1), "Ada", "Okafor", "01/03/2015", "Grace", "Okafor", "Mum"]]),
    )
    again = run_import(
        data_officer,
        "children",
        "b.csv",
        csv_bytes([HEAD, [upn(1), "Ada", "Okafor", "1/3/15", "grace", "OKAFOR", "mother"]]),
    )
    assert again.counts["unchanged"] == 1
    second = run_import(
        data_officer,
        "children",
        "c.csv",
        csv_bytes([HEAD, [upn(1), "Ada", "Okafor", "1/3/15", "Sam", "Okafor", "Dad"]]),
    )
    assert second.counts["updated"] == 1
    ada = Child.objects.get()
    contacts = {c.first_name: c for c in Contact.objects.filter(child=ada)}
    assert set(contacts) == {"Grace", "Sam"}
    assert contacts["Grace"].is_main_contact and not contacts["Sam"].is_main_contact
    assert contacts["Sam"].relationship == "father"
    assert second.records.get().content_type.model == "contact"
