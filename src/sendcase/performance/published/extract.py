"""Rebuild the packaged copy of DfE's release from a full download.

The full release is about 36 MB, almost all of it breakdowns by age, sex and ethnicity. Comparators use
only the headline row of each file (all children, every geography, every year), so the package carries
those rows, unchanged, column for column, plus the statistical neighbours file. Run:

    python -m sendcase.performance.published.extract /path/to/dfe-ehcp-statistics-2025

and commit the result. Tests check the copy still matches the full release row for row.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

from .release import HEADLINE_BREAKDOWNS, NEIGHBOURS_FILE, PACKAGED_RELEASE_DIR


def headline_rows(source: Path, file_stem: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the headline rows of one published file."""
    with (source / "data" / f"{file_stem}.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        wanted = HEADLINE_BREAKDOWNS[file_stem]
        rows = [row for row in reader if row["breakdown"] == wanted]
        return list(reader.fieldnames or []), rows


def extract(source: Path, target: Path = PACKAGED_RELEASE_DIR) -> list[Path]:
    """Write the headline rows of every file comparators read, and the neighbours file, under `target`."""
    written = []
    (target / "data").mkdir(parents=True, exist_ok=True)
    (target / "supporting-files").mkdir(parents=True, exist_ok=True)
    for stem in HEADLINE_BREAKDOWNS:
        header, rows = headline_rows(source, stem)
        path = target / "data" / f"{stem}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    neighbours = target / "supporting-files" / NEIGHBOURS_FILE
    shutil.copyfile(source / "supporting-files" / NEIGHBOURS_FILE, neighbours)
    written.append(neighbours)
    return written


if __name__ == "__main__":  # pragma: no cover - an operator's command
    for written_path in extract(Path(sys.argv[1])):
        print(written_path)
