"""Read DfE's "Education, health and care plans" release: headline rows, cells and neighbours.

A release directory holds `data/<file>.csv` (DfE's tidy-data layout: one row per period, geography and
breakdown) and `supporting-files/statistical_neighbours_2025.csv` (one column per authority, its ten
statistical neighbours below it, closest first). Only the headline row of each file is read.

DfE's symbols are never read as numbers: `x` is suppressed or unavailable, `z` not applicable, `c` and
`low` a low figure withheld; an empty cell is a figure not published for that period.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from django.conf import settings

PACKAGED_RELEASE_DIR = Path(__file__).resolve().parent / "data" / "dfe-ehcp-statistics-2025"
NEIGHBOURS_FILE = "statistical_neighbours_2025.csv"

# The breakdown that means "all children" in each file DfE publishes.
HEADLINE_BREAKDOWNS = {
    "caseload": "All EHC plans",
    "newplans": "New EHC plans",
    "requests": "All requests for EHC needs assessments",
    "assessments": "All EHC needs assessments",
    "timeliness_20_week": "All EHC plans issued",
    "annual_reviews": "All annual reviews",
    "sen_needs_all_plans": "All EHC plans",
    "sen_need_newplans": "All EHC plans",
    "ceased_plans": "All ceased EHC plans",
}

# Cell symbol -> PublishedValue status.
SYMBOLS = {"x": "suppressed", "z": "not_applicable", "c": "low", "low": "low", "": "missing"}

# The neighbours file spells a few authorities differently from the data files.
_NAME_ALIASES = {
    "bedford borough": "bedford",
    "herefordshire": "herefordshire, county of",
    "durham": "county durham",
}


def release_dir() -> Path:
    """The release in use: the `PUBLISHED_STATISTICS_DIR` setting, or the copy packaged with sendcase."""
    configured = getattr(settings, "PUBLISHED_STATISTICS_DIR", None)
    return Path(configured) if configured else PACKAGED_RELEASE_DIR


def parse_cell(raw: str | None) -> tuple[Decimal | None, str]:
    """(value, status) for one published cell. Symbols and anything unreadable never become numbers."""
    text = (raw or "").strip()
    status = SYMBOLS.get(text.lower())
    if status is not None:
        return None, status
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None, "missing"
    if not value.is_finite():
        return None, "missing"
    return value, "ok"


def normalise_name(name: str) -> str:
    key = re.sub(r"\s+", " ", name.replace("St.", "St").strip()).casefold()
    return _NAME_ALIASES.get(key, key)


@dataclass(frozen=True)
class Authority:
    old_code: str
    new_code: str
    name: str
    region_code: str
    region_name: str


@dataclass
class Release:
    """Headline rows keyed by file, then (period, geography key); and the authorities named in them.

    Geography keys: ("National", "E92000001"), ("Regional", region code), ("Local authority", old code).
    """

    path: Path
    rows: dict[str, dict[tuple[str, tuple[str, str]], dict[str, str]]] = field(default_factory=dict)
    authorities: dict[str, Authority] = field(default_factory=dict)  # by old code, latest row wins
    neighbours: dict[str, list[str]] = field(default_factory=dict)  # normalised name -> names

    def authority(self, la_code: str | int) -> Authority | None:
        code = str(la_code).strip().upper()
        if code in self.authorities:
            return self.authorities[code]
        if code.isdigit() and code.zfill(3) in self.authorities:
            return self.authorities[code.zfill(3)]
        for authority in self.authorities.values():
            if authority.new_code.upper() == code:
                return authority
        return None

    def authority_named(self, name: str) -> Authority | None:
        wanted = normalise_name(name)
        for authority in self.authorities.values():
            if normalise_name(authority.name) == wanted:
                return authority
        return None

    def la_rows(self, file_stem: str, period: str) -> dict[str, dict[str, str]]:
        """Every authority's headline row in one file for one period, by old code."""
        return {
            geo[1]: row
            for (row_period, geo), row in self.rows.get(file_stem, {}).items()
            if row_period == period and geo[0] == "Local authority"
        }

    def periods(self, file_stem: str) -> list[str]:
        return sorted({period for period, _ in self.rows.get(file_stem, {})})


def _geography_key(row: dict[str, str]) -> tuple[str, str] | None:
    level = row.get("geographic_level", "")
    if level == "National":
        return ("National", row.get("country_code", ""))
    if level == "Regional":
        return ("Regional", row.get("region_code", ""))
    if level == "Local authority":
        return ("Local authority", row.get("old_la_code", ""))
    return None


def _read_file(path: Path, headline: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row.get("breakdown") == headline]


def _read_neighbours(path: Path) -> dict[str, list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    if not table:
        return {}
    names = table[0]
    neighbours: dict[str, list[str]] = {}
    for column, name in enumerate(names):
        if not name.strip():
            continue
        below = [row[column].strip() for row in table[1:] if column < len(row) and row[column].strip()]
        neighbours[normalise_name(name)] = below
    return neighbours


@lru_cache(maxsize=4)
def load_release(path: Path) -> Release:
    """Read a release directory once; missing files simply publish nothing."""
    release = Release(path=path)
    latest: dict[str, str] = {}  # old code -> the period its name and region were last read from
    for stem, headline in HEADLINE_BREAKDOWNS.items():
        csv_path = path / "data" / f"{stem}.csv"
        if not csv_path.exists():
            continue
        keyed: dict[tuple[str, tuple[str, str]], dict[str, str]] = {}
        for row in _read_file(csv_path, headline):
            geo = _geography_key(row)
            if geo is None:
                continue
            keyed[(row["time_period"], geo)] = row
            if geo[0] == "Local authority" and geo[1] and row["time_period"] >= latest.get(geo[1], ""):
                latest[geo[1]] = row["time_period"]
                release.authorities[geo[1]] = Authority(
                    old_code=geo[1],
                    new_code=row.get("new_la_code", ""),
                    name=row.get("la_name", ""),
                    region_code=row.get("region_code", ""),
                    region_name=row.get("region_name", ""),
                )
        release.rows[stem] = keyed
    neighbours_path = path / "supporting-files" / NEIGHBOURS_FILE
    if neighbours_path.exists():
        release.neighbours = _read_neighbours(neighbours_path)
    return release


def current_release() -> Release:
    return load_release(release_dir().resolve())
