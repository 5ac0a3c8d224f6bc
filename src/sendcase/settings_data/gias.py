"""Reading DfE's Get Information about Schools (GIAS) all-establishments extract.

The extract (`edubasealldataYYYYMMDD.csv`, from get-information-schools.service.gov.uk/Downloads) has
one row per establishment and about 130 columns. These are the ones read here; the rest are ignored:

    URN                               the establishment's unique reference number (required)
    EstablishmentName                 its name (required)
    TypeOfEstablishment (name)        e.g. "Community special school" (required; mapped to our kind)
    EstablishmentStatus (name)        Open / Open, but proposed to close / Closed / Proposed to open
                                      (required; the first two count as open)
    UKPRN                             UK provider reference number: 8 digits starting 1 (optional)
    EstablishmentTypeGroup (name)     e.g. "Academies"; places types we do not list (optional)
    PhaseOfEducation (name)           Nursery, Primary, Middle deemed ..., Secondary, 16 plus,
                                      All-through, Not applicable (optional)
    LA (code)                         the old three-digit LA code, e.g. 330 (optional)
    Postcode                          (optional)
    TypeOfResourcedProvision (name)   Resourced provision / SEN unit / both / Not applicable (optional)
    ResourcedProvisionOnRoll          pupils in resourced provision; more than 0 sets the flag (optional)
    SenUnitOnRoll                     pupils in an SEN unit; more than 0 sets the flag (optional)

and, when asked for, one more column whose values become localities (for example
"DistrictAdministrative (name)").

GIAS publishes the file in Windows-1252; it is read as UTF-8 when it is valid UTF-8, else as
Windows-1252, else as Latin-1 (which accepts any byte), unless an encoding is given.
Names of types, phases and statuses are compared ignoring case, hyphens and extra spaces, because GIAS
has spelt them differently over the years ("Free Schools - 16-19", "Free schools 16 to 19").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sendcase.core.errors import ServiceError
from sendcase.core.identifiers import validate_postcode
from sendcase.core.models import User

from .codes import EstablishmentType, Phase
from .models import Locality
from .services import establishment_upsert, locality_get_or_create

URN = "URN"
NAME = "EstablishmentName"
TYPE = "TypeOfEstablishment (name)"
STATUS = "EstablishmentStatus (name)"
UKPRN = "UKPRN"
TYPE_GROUP = "EstablishmentTypeGroup (name)"
PHASE = "PhaseOfEducation (name)"
LA_CODE = "LA (code)"
POSTCODE = "Postcode"
PROVISION_TYPE = "TypeOfResourcedProvision (name)"
PROVISION_ON_ROLL = "ResourcedProvisionOnRoll"
SEN_UNIT_ON_ROLL = "SenUnitOnRoll"
REQUIRED_COLUMNS = (URN, NAME, TYPE, STATUS)
SYNTHETIC_FILE = Path(__file__).resolve().parent / "data" / "synthetic_establishments.csv"
SYNTHETIC_LOCALITY_COLUMN = "DistrictAdministrative (name)"
SOURCE = "load_establishments"


def _key(text: str | None) -> str:
    return " ".join((text or "").replace("-", " ").casefold().split())


def _keys(*names: str) -> frozenset[str]:
    return frozenset(_key(name) for name in names)


# Types whose kind follows from the type alone.
_SPECIAL = _keys(
    "Community special school",
    "Foundation special school",
    "Academy special converter",
    "Academy special sponsor led",
    "Free schools special",
)
_INDEPENDENT_SPECIAL = _keys(
    "Non-maintained special school",
    "Other independent special school",
    # Specialist post-16 institutions are independent specialist colleges.
    "Special post 16 institution",
)
_ALTERNATIVE_PROVISION = _keys(
    "Pupil referral unit",
    "Academy alternative provision converter",
    "Academy alternative provision sponsor led",
    "Free schools alternative provision",
    "Free schools - alternative provision",
)
_FURTHER_EDUCATION = _keys("Further education", "Sixth form centres")
_EARLY_YEARS = _keys("Local authority nursery school", "LA nursery school")
# Settings the service may place a child in that fit none of the kinds above. Independent mainstream
# schools are here rather than under mainstream, as the DfE's SEN statistics count them separately.
_OTHER = _keys(
    "Other independent school",
    "Secure units",
    "Academy secure 16 to 19",
    "Service children's education",
    "Miscellaneous",
    "Institution funded by other government department",
    "Online provider",
)
# Not places the service names in a plan: they are reported as skipped with this reason.
_OUT_OF_SCOPE = _keys(
    "Welsh establishment",
    "Higher education institutions",
    "British schools overseas",
    "Offshore schools",
    "Children's centre",
    "Children's centre linked site",
)
# Mainstream schools: these types, and any other type in these groups (so a type GIAS adds later still
# loads), are mainstream, or resourced provision when they have a unit, or early years in the nursery
# phase.
_MAINSTREAM = _keys(
    "Community school",
    "Voluntary aided school",
    "Voluntary controlled school",
    "Foundation school",
    "City technology college",
    "Academy sponsor led",
    "Academy converter",
    "Free schools",
    "University technical college",
    "Studio schools",
    "Academy 16-19 converter",
    "Academy 16 to 19 sponsor led",
    "Free schools 16 to 19",
    "Free schools - 16-19",
)
_MAINSTREAM_GROUPS = _keys("Local authority maintained schools", "Academies", "Free Schools")

_PHASES = {
    _key("Not applicable"): Phase.NOT_APPLICABLE,
    _key("Nursery"): Phase.NURSERY,
    _key("Primary"): Phase.PRIMARY,
    _key("Middle deemed primary"): Phase.MIDDLE,
    _key("Middle deemed secondary"): Phase.MIDDLE,
    _key("Secondary"): Phase.SECONDARY,
    _key("16 plus"): Phase.POST16,
    _key("All-through"): Phase.ALL_THROUGH,
}
_STATUSES = {
    _key("Open"): True,
    _key("Open, but proposed to close"): True,
    _key("Closed"): False,
    # Not yet taking pupils, so not offered as open; loaded so it is known when it opens.
    _key("Proposed to open"): False,
}


class RowProblem(Exception):
    """A row that cannot be loaded, with the reason a person fixing the file needs."""


def establishment_kind(type_name: str, group_name: str, phase: str, provision: str) -> str:
    """Our EstablishmentType for a GIAS row, from its type, type group, phase and resourced provision."""
    key = _key(type_name)
    if not key:
        raise RowProblem("TypeOfEstablishment (name) is empty")
    if key in _OUT_OF_SCOPE:
        raise RowProblem(f"{type_name.strip()} is not a setting this service places children in")
    for kinds, kind in (
        (_SPECIAL, EstablishmentType.SPECIAL),
        (_INDEPENDENT_SPECIAL, EstablishmentType.INDEPENDENT_SPECIAL),
        (_ALTERNATIVE_PROVISION, EstablishmentType.ALTERNATIVE_PROVISION),
        (_FURTHER_EDUCATION, EstablishmentType.FURTHER_EDUCATION),
        (_EARLY_YEARS, EstablishmentType.EARLY_YEARS),
        (_OTHER, EstablishmentType.OTHER),
    ):
        if key in kinds:
            return kind
    if key in _MAINSTREAM or _key(group_name) in _MAINSTREAM_GROUPS:
        if phase == Phase.NURSERY:
            return EstablishmentType.EARLY_YEARS
        if _has_unit(provision):
            return EstablishmentType.RESOURCED_PROVISION
        return EstablishmentType.MAINSTREAM
    raise RowProblem(f"Unknown TypeOfEstablishment (name) '{type_name.strip()}'")


def _has_unit(provision: str) -> bool:
    key = _key(provision)
    return "resourced provision" in key or "sen unit" in key


def _on_roll(row: dict[str, str], column: str) -> bool:
    value = (row.get(column) or "").strip()
    return value.isdigit() and int(value) > 0


def parse_row(row: dict[str, str]) -> tuple[int, dict]:
    """The URN and the establishment's values from one GIAS row, or RowProblem saying what is wrong."""
    urn_text = (row.get(URN) or "").strip()
    if not urn_text.isdigit() or len(urn_text) > 7 or int(urn_text) == 0:
        raise RowProblem(f"URN '{urn_text}' is not a whole number of up to 7 digits")
    name = " ".join((row.get(NAME) or "").split())
    if not name:
        raise RowProblem("EstablishmentName is empty")
    if len(name) > 200:
        raise RowProblem("EstablishmentName is longer than 200 characters")
    status = (row.get(STATUS) or "").strip()
    if _key(status) not in _STATUSES:
        raise RowProblem(f"Unknown EstablishmentStatus (name) '{status}'")
    phase_name = (row.get(PHASE) or "").strip()
    if phase_name and _key(phase_name) not in _PHASES:
        raise RowProblem(f"Unknown PhaseOfEducation (name) '{phase_name}'")
    phase = _PHASES.get(_key(phase_name), Phase.NOT_APPLICABLE)
    provision = row.get(PROVISION_TYPE) or ""
    kind = establishment_kind(row.get(TYPE) or "", row.get(TYPE_GROUP) or "", phase, provision)
    ukprn_text = (row.get(UKPRN) or "").strip()
    if ukprn_text and not (len(ukprn_text) == 8 and ukprn_text.isdigit() and ukprn_text[0] == "1"):
        raise RowProblem(f"UKPRN '{ukprn_text}' is not 8 digits starting with 1")
    la_code = (row.get(LA_CODE) or "").strip()
    if la_code and not (len(la_code) == 3 and la_code.isdigit()):
        raise RowProblem(f"LA (code) '{la_code}' is not three digits")
    postcode = (row.get(POSTCODE) or "").strip()
    if postcode:
        try:
            postcode = validate_postcode(postcode)
        except ValidationError:
            raise RowProblem(f"Postcode '{postcode}' is not a UK postcode") from None
    key = _key(provision)
    return int(urn_text), {
        "name": name,
        "kind": kind,
        "phase": phase,
        "is_open": _STATUSES[_key(status)],
        "ukprn": int(ukprn_text) if ukprn_text else None,
        "la_code": la_code,
        "postcode": postcode,
        "has_resourced_provision": "resourced provision" in key or _on_roll(row, PROVISION_ON_ROLL),
        "has_sen_unit": "sen unit" in key or _on_roll(row, SEN_UNIT_ON_ROLL),
    }


# --- Reading the file ----------------------------------------------------------------------------


def decode(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding it was read with."""
    if encoding:
        return raw.decode(encoding), encoding
    for candidate in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    # cp1252 leaves five byte values undefined; Latin-1 maps every byte, so this always succeeds.
    return raw.decode("latin-1"), "latin-1"


def read_rows(text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header, and each row with the line number it starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise ValueError("The file is empty.") from None
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ValueError(
            "The file is not a GIAS establishments extract: it has no "
            + ", ".join(f"'{column}'" for column in missing)
            + " column."
        )

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            yield start, dict(zip(header, cells, strict=False))

    return header, rows()


@dataclass(frozen=True)
class Rejected:
    line: int
    urn: str
    name: str
    reason: str
    row: dict[str, str]


@dataclass
class LoadReport:
    encoding: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    outside_las: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    header: list[str] = field(default_factory=list)

    def reject(self, line: int, row: dict[str, str], reason: str) -> None:
        urn, name = (row.get(URN) or "").strip(), (row.get(NAME) or "").strip()
        self.rejected.append(Rejected(line, urn, name, reason, row))

    @property
    def skipped(self) -> int:
        return len(self.rejected)

    def summary(self) -> str:
        text = (
            f"{self.rows} rows read ({self.encoding}): {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped"
        )
        if self.outside_las:
            text += f", {self.outside_las} outside the chosen local authorities"
        return text + "."

    def write_rejects(self, path: Path) -> None:
        """Every skipped row with its line and reason, then the row as it was, to fix and load again.

        Text is neutralised as every export is (`core.exports.neutralise`): the rows came from a file
        nobody here controls, and this one is opened in a spreadsheet program to be corrected."""
        from sendcase.core.exports import neutralise

        columns = ["line", "reason", *self.header]
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=[neutralise(c) for c in columns], extrasaction="ignore"
            )
            writer.writeheader()
            for item in self.rejected:
                row = {**item.row, "line": item.line, "reason": item.reason}
                writer.writerow({neutralise(k): neutralise(v) for k, v in row.items()})


def load_establishments(
    raw: bytes,
    *,
    acting_user: User | None = None,
    encoding: str | None = None,
    la_codes: set[str] | None = None,
    locality_column: str | None = None,
    dry_run: bool = False,
) -> LoadReport:
    """Upsert every establishment in a GIAS extract; rows that cannot be taken are kept with a reason.

    The load is one transaction (each row a savepoint), so a crash leaves nothing half-loaded, and a
    dry run rolls everything back after counting. `la_codes` keeps only rows for those LAs (other rows
    are counted, not listed). `locality_column` names a column whose values become localities.
    """
    text, used = decode(raw, encoding)
    header, rows = read_rows(text)
    if locality_column and locality_column not in header:
        raise ValueError(f"The file has no '{locality_column}' column for localities.")
    report = LoadReport(encoding=used, header=header)
    first_seen: dict[int, int] = {}
    localities: dict[str, Locality] = {}
    with transaction.atomic():
        for line, row in rows:
            report.rows += 1
            if la_codes and (row.get(LA_CODE) or "").strip() not in la_codes:
                report.outside_las += 1
                continue
            try:
                urn, values = parse_row(row)
            except RowProblem as problem:
                report.reject(line, row, str(problem))
                continue
            if urn in first_seen:
                report.reject(
                    line, row, f"URN {urn} appears again: the row on line {first_seen[urn]} was loaded"
                )
                continue
            first_seen[urn] = line
            try:
                if locality_column:
                    values["locality"] = _locality(acting_user, (row.get(locality_column) or ""), localities)
                result = establishment_upsert(acting_user=acting_user, urn=urn, data=values, source=SOURCE)
            except ServiceError as exc:
                report.reject(line, row, exc.message)
                continue
            except IntegrityError as exc:
                report.reject(line, row, f"Conflicts with an establishment already recorded ({exc})")
                continue
            setattr(report, result.outcome, getattr(report, result.outcome) + 1)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _locality(acting_user: User | None, name: str, cache: dict[str, Locality]) -> Locality | None:
    name = " ".join(name.split())
    if not name:
        return None
    if name.casefold() not in cache:
        cache[name.casefold()] = locality_get_or_create(acting_user=acting_user, name=name, source=SOURCE)
    return cache[name.casefold()]


def load_synthetic_establishments(*, acting_user: User | None = None) -> LoadReport:
    """Load the made-up establishments shipped with the service (URNs 990001 upwards, LA 330), with
    their localities, for the demo and for tests. Safe to run again: unchanged rows are not written."""
    return load_establishments(
        SYNTHETIC_FILE.read_bytes(), acting_user=acting_user, locality_column=SYNTHETIC_LOCALITY_COLUMN
    )
