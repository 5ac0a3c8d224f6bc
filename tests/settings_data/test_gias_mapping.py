"""How a GIAS row becomes an establishment: kinds, phases, statuses, flags, and reading the file."""

from __future__ import annotations

import pytest

from sendcase.settings_data.codes import EstablishmentType as Kind
from sendcase.settings_data.codes import Phase
from sendcase.settings_data.gias import RowProblem, decode, establishment_kind, parse_row, read_rows

LA, ACADEMIES, FREE, INDEPENDENT, COLLEGES, OTHER = (
    "Local authority maintained schools",
    "Academies",
    "Free Schools",
    "Independent schools",
    "Colleges",
    "Other types",
)


@pytest.mark.parametrize(
    ("type_name", "group", "phase", "provision", "kind"),
    [
        ("Community special school", LA, Phase.NOT_APPLICABLE, "", Kind.SPECIAL),
        ("Foundation special school", LA, Phase.NOT_APPLICABLE, "", Kind.SPECIAL),
        ("Academy special converter", ACADEMIES, Phase.NOT_APPLICABLE, "", Kind.SPECIAL),
        ("Academy Special Sponsor Led", ACADEMIES, Phase.NOT_APPLICABLE, "", Kind.SPECIAL),
        ("Free schools special", FREE, Phase.NOT_APPLICABLE, "", Kind.SPECIAL),
        (
            "Non-maintained special school",
            "Special schools",
            Phase.NOT_APPLICABLE,
            "",
            Kind.INDEPENDENT_SPECIAL,
        ),
        ("Other independent special school", INDEPENDENT, Phase.NOT_APPLICABLE, "", Kind.INDEPENDENT_SPECIAL),
        ("Pupil referral unit", LA, Phase.NOT_APPLICABLE, "", Kind.ALTERNATIVE_PROVISION),
        (
            "Academy alternative provision converter",
            ACADEMIES,
            Phase.NOT_APPLICABLE,
            "",
            Kind.ALTERNATIVE_PROVISION,
        ),
        (
            "Academy alternative provision sponsor led",
            ACADEMIES,
            Phase.NOT_APPLICABLE,
            "",
            Kind.ALTERNATIVE_PROVISION,
        ),
        ("Free Schools - Alternative Provision", FREE, Phase.NOT_APPLICABLE, "", Kind.ALTERNATIVE_PROVISION),
        ("Further education", COLLEGES, Phase.POST16, "", Kind.FURTHER_EDUCATION),
        ("Sixth form centres", COLLEGES, Phase.POST16, "", Kind.FURTHER_EDUCATION),
        ("Local authority nursery school", LA, Phase.NURSERY, "", Kind.EARLY_YEARS),
        ("Community school", LA, Phase.NURSERY, "", Kind.EARLY_YEARS),
        ("Community school", LA, Phase.PRIMARY, "Not applicable", Kind.MAINSTREAM),
        ("Voluntary aided school", LA, Phase.SECONDARY, "", Kind.MAINSTREAM),
        ("Academy converter", ACADEMIES, Phase.SECONDARY, "Resourced provision", Kind.RESOURCED_PROVISION),
        ("Academy sponsor led", ACADEMIES, Phase.PRIMARY, "SEN unit", Kind.RESOURCED_PROVISION),
        ("Free schools", FREE, Phase.PRIMARY, "Resourced provision and SEN unit", Kind.RESOURCED_PROVISION),
        ("Free Schools - 16-19", FREE, Phase.POST16, "", Kind.MAINSTREAM),
        # A type GIAS might add later, in a mainstream group, still loads as mainstream.
        ("Academy something new", ACADEMIES, Phase.PRIMARY, "", Kind.MAINSTREAM),
        ("Other independent school", INDEPENDENT, Phase.ALL_THROUGH, "", Kind.OTHER),
        ("Secure units", OTHER, Phase.NOT_APPLICABLE, "", Kind.OTHER),
    ],
)
def test_gias_types_map_to_our_kinds(type_name, group, phase, provision, kind) -> None:
    assert establishment_kind(type_name, group, phase, provision) == kind


@pytest.mark.parametrize(
    ("type_name", "reason"),
    [
        ("Welsh establishment", "Welsh establishment is not a setting this service places children in"),
        ("Higher education institutions", "is not a setting this service places children in"),
        ("Children's centre", "is not a setting this service places children in"),
        ("Space academy", "Unknown TypeOfEstablishment (name) 'Space academy'"),
        ("", "TypeOfEstablishment (name) is empty"),
    ],
)
def test_other_types_are_refused_with_a_reason(type_name, reason) -> None:
    with pytest.raises(RowProblem) as refused:
        establishment_kind(type_name, OTHER, Phase.NOT_APPLICABLE, "")
    assert reason in str(refused.value)


def _row(**extra) -> dict:
    row = {
        "URN": "990001",
        "EstablishmentName": "  Gorsecote   Primary School ",
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentTypeGroup (name)": LA,
        "EstablishmentStatus (name)": "Open",
        "PhaseOfEducation (name)": "Primary",
        "LA (code)": "330",
        "Postcode": "b8 1rx",
        "UKPRN": "",
        "TypeOfResourcedProvision (name)": "Not applicable",
    }
    row.update(extra)
    return row


def test_parse_row_reads_each_column() -> None:
    urn, values = parse_row(_row(UKPRN="19900001"))
    assert urn == 990001
    assert values == {
        "name": "Gorsecote Primary School",
        "kind": Kind.MAINSTREAM,
        "phase": Phase.PRIMARY,
        "is_open": True,
        "ukprn": 19900001,
        "la_code": "330",
        "postcode": "B8 1RX",
        "has_resourced_provision": False,
        "has_sen_unit": False,
    }


@pytest.mark.parametrize(
    ("status", "is_open"),
    [("Open", True), ("Open, but proposed to close", True), ("Closed", False), ("Proposed to open", False)],
)
def test_statuses(status, is_open) -> None:
    assert parse_row(_row(**{"EstablishmentStatus (name)": status}))[1]["is_open"] is is_open


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        ("Middle deemed primary", Phase.MIDDLE),
        ("Middle deemed secondary", Phase.MIDDLE),
        ("All through", Phase.ALL_THROUGH),
        ("All-through", Phase.ALL_THROUGH),
        ("16 plus", Phase.POST16),
        ("", Phase.NOT_APPLICABLE),
    ],
)
def test_phases(phase, expected) -> None:
    assert parse_row(_row(**{"PhaseOfEducation (name)": phase}))[1]["phase"] == expected


def test_unit_flags_come_from_the_provision_type_or_pupils_on_roll() -> None:
    both = parse_row(_row(**{"TypeOfResourcedProvision (name)": "Resourced provision and SEN unit"}))[1]
    assert (both["has_resourced_provision"], both["has_sen_unit"]) == (True, True)
    counted = parse_row(_row(ResourcedProvisionOnRoll="0", SenUnitOnRoll="12"))[1]
    assert (counted["has_resourced_provision"], counted["has_sen_unit"]) == (False, True)


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"URN": "99O001"}, "URN '99O001' is not a whole number"),
        ({"URN": ""}, "URN '' is not a whole number"),
        ({"URN": "0"}, "URN '0' is not a whole number"),
        ({"EstablishmentName": " "}, "EstablishmentName is empty"),
        ({"EstablishmentStatus (name)": "Sort of open"}, "Unknown EstablishmentStatus (name) 'Sort of open'"),
        ({"PhaseOfEducation (name)": "Tertiary"}, "Unknown PhaseOfEducation (name) 'Tertiary'"),
        ({"UKPRN": "20012345"}, "UKPRN '20012345' is not 8 digits starting with 1"),
        ({"LA (code)": "33"}, "LA (code) '33' is not three digits"),
        ({"Postcode": "NOT A PC"}, "Postcode 'NOT A PC' is not a UK postcode"),
    ],
)
def test_parse_row_refuses_bad_values_with_a_reason(extra, reason) -> None:
    with pytest.raises(RowProblem) as refused:
        parse_row(_row(**extra))
    assert reason in str(refused.value)


def test_decode_prefers_utf8_then_windows_1252_then_latin1() -> None:
    assert decode("Zoëmere".encode()) == ("Zoëmere", "utf-8-sig")
    assert decode("\ufeffURN".encode()) == ("URN", "utf-8-sig")  # a byte-order mark is dropped
    assert decode("Zoëmere – school".encode("cp1252")) == ("Zoëmere – school", "cp1252")
    # 0x81 is undefined in Windows-1252, so only Latin-1 can read this.
    assert decode(b"caf\xe9 \x81") == ("café \x81", "latin-1")
    assert decode("Zoë".encode("latin-1"), "latin-1") == ("Zoë", "latin-1")


def test_read_rows_numbers_rows_by_the_line_they_start_on() -> None:
    text = (
        "URN,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),Street\n"
        '1,A,x,Open,"two\nlines"\n'
        "\n"
        "2,B,x,Open,\n"
    )
    header, rows = read_rows(text)
    assert header[:2] == ["URN", "EstablishmentName"]
    assert [(line, row["URN"]) for line, row in rows] == [(2, "1"), (5, "2")]


def test_read_rows_refuses_a_file_without_the_required_columns() -> None:
    with pytest.raises(
        ValueError, match="no 'TypeOfEstablishment \\(name\\)', 'EstablishmentStatus \\(name\\)' column"
    ):
        read_rows("URN,EstablishmentName\n1,A\n")
    with pytest.raises(ValueError, match="empty"):
        read_rows("")
