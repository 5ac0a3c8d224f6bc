"""The copy packaged with sendcase is the release's headline rows, unchanged."""

from __future__ import annotations

import csv

import pytest

from sendcase.performance.comparators import available_measures, comparators_for
from sendcase.performance.published.extract import extract, headline_rows
from sendcase.performance.published.release import HEADLINE_BREAKDOWNS, NEIGHBOURS_FILE, PACKAGED_RELEASE_DIR

from .conftest import full_release_dir


@pytest.mark.parametrize("stem", sorted(HEADLINE_BREAKDOWNS))
def test_packaged_rows_equal_the_published_headline_rows(stem):
    header, rows = headline_rows(full_release_dir(), stem)
    with (PACKAGED_RELEASE_DIR / "data" / f"{stem}.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        packaged = list(reader)
    assert reader.fieldnames == header
    assert packaged == rows
    assert rows  # a file with no headline rows would mean the breakdown label changed


def test_packaged_neighbours_file_is_the_published_one():
    published = (full_release_dir() / "supporting-files" / NEIGHBOURS_FILE).read_bytes()
    assert (PACKAGED_RELEASE_DIR / "supporting-files" / NEIGHBOURS_FILE).read_bytes() == published


def test_packaged_copy_gives_the_same_comparators_as_the_full_release(settings):
    settings.PUBLISHED_STATISTICS_DIR = None
    packaged = {
        key: comparators_for(key, info.years[-1], "330") for key, info in available_measures().items()
    }
    settings.PUBLISHED_STATISTICS_DIR = str(full_release_dir())
    for key, info in available_measures().items():
        assert comparators_for(key, info.years[-1], "330") == packaged[key], key


def test_extract_writes_a_release_the_reader_understands(tmp_path, settings):
    extract(full_release_dir(), tmp_path)
    settings.PUBLISHED_STATISTICS_DIR = str(tmp_path)
    result = comparators_for("requests_received", 2024, "E08000025")
    assert result.authority.status == "ok"
    assert len(result.neighbours) == 10
