"""The load_establishments command on a small, messy GIAS-layout file, and the synthetic file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sendcase.core.models import AuditAction, AuditEntry
from sendcase.settings_data.codes import EstablishmentType
from sendcase.settings_data.gias import SYNTHETIC_FILE, load_synthetic_establishments
from sendcase.settings_data.models import Establishment, Locality

pytestmark = pytest.mark.django_db

COLUMNS = [
    "URN",
    "LA (code)",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "Street",
    "Postcode",
    "UKPRN",
    "TypeOfResourcedProvision (name)",
    "ResourcedProvisionOnRoll",
    "DistrictAdministrative (name)",
]
MAINTAINED = "Local authority maintained schools"


def _row(
    urn: str, name: str, kind: str = "Community school", group: str = MAINTAINED, **extra: str
) -> list[str]:
    values = {
        "URN": urn,
        "LA (code)": "330",
        "EstablishmentName": name,
        "TypeOfEstablishment (name)": kind,
        "EstablishmentTypeGroup (name)": group,
        "EstablishmentStatus (name)": "Open",
        "PhaseOfEducation (name)": "Primary",
        "Postcode": "B8 1RX",
        "TypeOfResourcedProvision (name)": "Not applicable",
        "DistrictAdministrative (name)": "North",
        **{key.replace("_", " "): value for key, value in extra.items()},
    }
    return [values.get(column, "") for column in COLUMNS]


# Line numbers matter: the report names them. Line 11's Street runs onto line 12, so the next row is line 13.
MESSY_ROWS: list[list[str]] = [
    _row("990501", "Gorsecote Primary School"),  # 2
    _row("99O502", "Typo Primary School"),  # 3: the letter O in the URN
    _row("990503", "Moonbase School", "Space academy", "Other types"),  # 4: a type GIAS does not have
    _row(
        "990504",
        "Zoëmere Primary Academy",  # 5: an accent, written in Windows-1252
        "Academy converter",
        "Academies",
        UKPRN="19900504",
        **{"TypeOfResourcedProvision (name)": "Resourced provision", "ResourcedProvisionOnRoll": "12"},
        **{"DistrictAdministrative (name)": "South"},
    ),
    _row("990501", "Gorsecote Primary School"),  # 6: the same row again
    _row("990506", "Cwm Synthetig School", "Welsh establishment", "Welsh schools"),  # 7: out of scope
    _row(
        "990507",
        "Kestrelwick School",
        "Community special school",
        **{"PhaseOfEducation (name)": "Not applicable"},
    ),
    _row("990508", "Nowhere School", Postcode="NOT A PC"),  # 9
    [],  # 10: a blank line is not a row
    _row(
        "990509",
        "Larchford College",  # 11-12: closed, with a street over two lines
        "Further education",
        "Colleges",
        Street="1 Long Road\nLarchford",
        UKPRN="19900509",
        **{"EstablishmentStatus (name)": "Closed", "PhaseOfEducation (name)": "16 plus"},
        **{"DistrictAdministrative (name)": "Central"},
    ),
    _row("990510", "Bad Status School", **{"EstablishmentStatus (name)": "Sort of open"}),  # 13
    _row("990511", "Neighbour Primary School", UKPRN="20012345", **{"LA (code)": "331"}),  # 14
]


def _write(
    tmp_path: Path, rows: list[list[str]], encoding: str = "cp1252", name: str = "edubasealldata.csv"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("load_establishments", *args, stdout=out)
    return out.getvalue()


def test_a_messy_file_loads_what_it_can_and_lists_every_row_it_could_not(tmp_path) -> None:
    output = _run(str(_write(tmp_path, MESSY_ROWS)))

    assert "11 rows read (cp1252): 4 created, 0 updated, 0 unchanged, 7 skipped." in output
    for expected in [
        "line 3: URN '99O502' Typo Primary School: URN '99O502' is not a whole number of up to 7 digits",
        "line 4: URN '990503' Moonbase School: Unknown TypeOfEstablishment (name) 'Space academy'",
        "line 6: URN '990501' Gorsecote Primary School: URN 990501 appears again: the row on line 2 was",
        "line 7: URN '990506' Cwm Synthetig School: Welsh establishment is not a setting this service",
        "line 9: URN '990508' Nowhere School: Postcode 'NOT A PC' is not a UK postcode",
        "line 13: URN '990510' Bad Status School: Unknown EstablishmentStatus (name) 'Sort of open'",
        "line 14: URN '990511' Neighbour Primary School: UKPRN '20012345' is not 8 digits starting with 1",
    ]:
        assert expected in output
    assert set(Establishment.objects.values_list("urn", flat=True)) == {990501, 990504, 990507, 990509}


def test_the_loaded_rows_are_mapped_and_the_accented_name_survives(tmp_path) -> None:
    _run(str(_write(tmp_path, MESSY_ROWS)))

    academy = Establishment.objects.get(urn=990504)
    assert academy.name == "Zoëmere Primary Academy"  # read from Windows-1252
    assert (academy.kind, academy.has_resourced_provision, academy.ukprn) == (
        EstablishmentType.RESOURCED_PROVISION,
        True,
        19900504,
    )
    assert Establishment.objects.get(urn=990507).kind == EstablishmentType.SPECIAL
    college = Establishment.objects.get(urn=990509)
    assert (college.kind, college.phase, college.is_open) == (
        EstablishmentType.FURTHER_EDUCATION,
        "post16",
        False,
    )
    primary = Establishment.objects.get(urn=990501)
    assert (primary.kind, primary.postcode, primary.la_code, primary.locality) == (
        "mainstream",
        "B8 1RX",
        "330",
        None,
    )


def test_rejected_rows_are_written_next_to_the_input_with_their_reasons(tmp_path) -> None:
    source = _write(tmp_path, MESSY_ROWS)
    output = _run(str(source), "--rejects", "rejects.csv")

    rejects = tmp_path / "rejects.csv"
    assert f"7 skipped rows written to {rejects}" in output
    with rejects.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["line"] for row in rows] == ["3", "4", "6", "7", "9", "13", "14"]
    assert rows[0]["reason"].startswith("URN '99O502'")
    assert rows[0]["EstablishmentName"] == "Typo Primary School"  # the row as it was, to fix and load again


def test_a_rejects_path_with_a_folder_is_used_as_given(tmp_path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    _run(str(_write(tmp_path, MESSY_ROWS[:3])), "--rejects", str(folder / "bad.csv"))
    assert (folder / "bad.csv").is_file()


def test_the_closed_college_keeps_its_line_and_loads(tmp_path) -> None:
    """Line 11's quoted street runs onto line 12, and the report still counts lines as the file has them."""
    output = _run(str(_write(tmp_path, MESSY_ROWS)))
    assert "line 11" not in output  # it loaded
    assert "line 13: " in output and "line 12: " not in output


def test_loading_again_changes_nothing_then_a_changed_row_is_an_update(tmp_path) -> None:
    source = _write(tmp_path, MESSY_ROWS)
    _run(str(source))
    created = AuditEntry.objects.filter(action=AuditAction.CREATE).count()

    assert "4 unchanged" in _run(str(source))
    assert AuditEntry.objects.filter(action=AuditAction.CREATE).count() == created

    renamed = [_row("990501", "Gorsecote Primary Academy"), *MESSY_ROWS[1:]]
    assert "0 created, 1 updated, 3 unchanged" in _run(str(_write(tmp_path, renamed)))
    assert Establishment.objects.get(urn=990501).name == "Gorsecote Primary Academy"
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, username="load_establishments").count() == 1


def test_utf8_with_a_byte_order_mark_is_read(tmp_path) -> None:
    source = _write(tmp_path, [MESSY_ROWS[3]], encoding="utf-8-sig")
    assert "(utf-8-sig): 1 created" in _run(str(source))
    assert Establishment.objects.get(urn=990504).name == "Zoëmere Primary Academy"


def test_only_the_chosen_local_authorities_are_loaded(tmp_path) -> None:
    output = _run(str(_write(tmp_path, MESSY_ROWS)), "--la", "331")
    assert "0 created, 0 updated, 0 unchanged, 1 skipped, 10 outside the chosen local authorities" in output
    assert "line 14:" in output and "line 3:" not in output


def test_a_locality_column_sets_localities(tmp_path) -> None:
    _run(str(_write(tmp_path, MESSY_ROWS)), "--locality-column", "DistrictAdministrative (name)")
    assert Establishment.objects.get(urn=990504).locality.name == "South"
    assert set(Locality.objects.values_list("name", flat=True)) >= {"North", "South", "Central"}


def test_a_dry_run_saves_nothing(tmp_path) -> None:
    output = _run(str(_write(tmp_path, MESSY_ROWS)), "--dry-run")
    assert output.startswith("Dry run, nothing saved.") and "4 created" in output
    assert not Establishment.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give either a GIAS CSV file or --synthetic."),
        (("--synthetic", "x.csv"), "Give either a GIAS CSV file or --synthetic."),
        (("/no/such/file.csv",), "Cannot read /no/such/file.csv"),
    ],
)
def test_command_usage_errors(args, message) -> None:
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_a_file_that_is_not_a_gias_extract_is_refused(tmp_path) -> None:
    source = tmp_path / "other.csv"
    source.write_text("Name,Postcode\nA,B1 1AA\n")
    with pytest.raises(CommandError, match="not a GIAS establishments extract"):
        _run(str(source))
    with pytest.raises(CommandError, match="has no 'Ward' column"):
        _run(str(_write(tmp_path, MESSY_ROWS)), "--locality-column", "Ward")
    with pytest.raises(CommandError):
        _run(
            str(_write(tmp_path, ["990599,330,Zoë,Community school,x,Open,,,,,,,"], encoding="latin-1")),
            "--encoding",
            "utf-8",
        )


# --- the synthetic establishments ------------------------------------------------------------------


def test_the_synthetic_file_loads_every_kind_with_localities(db) -> None:
    report = load_synthetic_establishments()

    assert (report.created, report.skipped) == (report.rows, 0)
    assert 100 <= report.rows <= 140
    assert set(Establishment.objects.values_list("kind", flat=True)) == set(EstablishmentType.values)
    assert not Establishment.objects.filter(urn__lt=990000).exists()
    assert set(Establishment.objects.values_list("la_code", flat=True)) == {"330"}
    assert set(Locality.objects.values_list("name", flat=True)) == {
        "North",
        "South",
        "East",
        "West",
        "Central",
    }
    assert Establishment.objects.filter(has_resourced_provision=True).exists()
    assert Establishment.objects.filter(has_sen_unit=True).exists()
    assert Establishment.objects.filter(is_open=False).count() >= 2
    # A closed school and the academy that replaced it share a UKPRN in the file: the academy keeps it.
    closed = Establishment.objects.get(name="Dunnockholme Primary School")
    academy = Establishment.objects.get(name="Dunnockholme Primary Academy")
    assert (closed.ukprn, academy.ukprn is not None) == (None, True)


def test_the_synthetic_file_can_be_loaded_again_without_changes(db) -> None:
    load_synthetic_establishments()
    again = load_synthetic_establishments()
    assert (again.created, again.updated, again.unchanged) == (0, 0, again.rows)


def test_the_command_loads_the_synthetic_file(db) -> None:
    output = _run("--synthetic")
    assert f"{SYNTHETIC_FILE.name}: " in output and " created, 0 updated" in output
    assert Establishment.objects.count() > 100
