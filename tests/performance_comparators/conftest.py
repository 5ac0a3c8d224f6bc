"""Fixtures: the full DfE release as published (the real files), and hand-made releases."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

RELEASE_NAME = "dfe-ehcp-statistics-2025"


def full_release_dir() -> Path:
    """The full published release: $DFE_EHCP_RELEASE_DIR, or shared/data/ beside the repository."""
    if os.environ.get("DFE_EHCP_RELEASE_DIR"):
        return Path(os.environ["DFE_EHCP_RELEASE_DIR"])
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "data" / RELEASE_NAME
        if (candidate / "data" / "caseload.csv").exists():
            return candidate
    raise FileNotFoundError(f"Set DFE_EHCP_RELEASE_DIR to DfE's {RELEASE_NAME} release directory.")


@pytest.fixture
def full_release(settings):
    """Comparators read the full release exactly as DfE published it."""
    settings.PUBLISHED_STATISTICS_DIR = str(full_release_dir())
    return full_release_dir()


def raw_headline_rows(release: Path, stem: str, headline: str) -> list[dict[str, str]]:
    with (release / "data" / f"{stem}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["breakdown"] == headline]


TIMELINESS_HEADER = [
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
    "region_name", "new_la_code", "old_la_code", "la_name", "breakdown_topic", "breakdown",
    "plans_issued_den", "pc_plans_issued_within_20_weeks", "PC_plans_issued_20_weeks_ex",
]  # fmt: skip


def write_release(root: Path, rows: list[tuple], neighbours: dict[str, list[str]]) -> Path:
    """A small release: timeliness rows (period, level, region, new, old, name, den, pc, pc_ex)."""
    (root / "data").mkdir(parents=True)
    (root / "supporting-files").mkdir()
    with (root / "data" / "timeliness_20_week.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(TIMELINESS_HEADER)
        for period, level, region, new, old, name, den, pc, pc_ex in rows:
            region_name = {"E12000001": "North East", "E12000002": "North West"}.get(region, "")
            writer.writerow([
                period, "Calendar year", level, "E92000001", "England", region, region_name, new, old, name,
                "All EHC plans issued", "All EHC plans issued", den, pc, pc_ex,
            ])  # fmt: skip
        # A breakdown row that must never be read as the headline.
        writer.writerow([
            "2024", "Calendar year", "Local authority", "E92000001", "England", "E12000001", "North East",
            "E06000001", "801", "Alpha", "Sex", "Female", "1", "0", "0",
        ])  # fmt: skip
    names = list(neighbours)
    depth = max(len(v) for v in neighbours.values())
    with (root / "supporting-files" / "statistical_neighbours_2025.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for i in range(depth):
            writer.writerow([neighbours[n][i] if i < len(neighbours[n]) else "" for n in names])
    return root
