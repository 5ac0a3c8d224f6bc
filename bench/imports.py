"""Importing a large children spreadsheet: a 100,000-row list as CSV and as XLSX, on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendcase_bench_imports \\
        .venv/bin/python bench/imports.py [--rows 100000]

Makes a synthetic list (1 row in 100 with a problem, so the quarantine is exercised; a main contact on
every tenth row), then for each format, each in its own forked process (so peak memory is that run's):

  read only   reading every row of the file and mapping it to fields: the floor the import pays
  import      upload (file checks, header, column suggestion) and commit into an empty database:
              children, contacts, events and a provenance record per record, in one transaction
  re-import   the same rows again in a file that differs by one byte (so the same-file shortcut does
              not apply): every row matched on its natural key and found unchanged

and prints seconds, rows per second, the import's time as a multiple of reading only, and the peak
resident memory of the process (ru_maxrss). The target is under 60 s for the import of each format.
Figures are printed, never asserted. The database is recreated at the start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import multiprocessing
import random
import resource
import time

import _common

HEADER = [
    "UPN",
    "Forename",
    "Surname",
    "DOB",
    "Gender",
    "Ethnicity",
    "Postcode",
    "Parent first name",
    "Parent surname",
    "Relationship",
]
FIRST = ["Ada", "Ben", "Cara", "Dev", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jade", "Kai", "Lena", "Mo", "Nia"]
LAST = ["Okafor", "Ahmed", "Lewis", "Patel", "Stone", "Hart", "Mead", "Ito", "Ras", "Khan", "Smith", "Jones"]
ETHNICITY = ["WBRI", "APKN", "AIND", "BAFR", "MWBC", "White - British", "Pakistani", "NOBT"]


def rows(count: int) -> list[list]:
    from sendcase.core.identifiers import make_upn

    rng = random.Random(_common.SEED)
    out = []
    for i in range(count):
        born = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randrange(8500))
        style = i % 4
        dob = [
            born.strftime("%d/%m/%Y"),
            f"{born.day}/{born.month}/{born:%y}",
            born.strftime("%d %b %Y"),
            born.isoformat(),
        ][style]
        if i % 100 == 99:
            dob = "31/02/2015"  # quarantined
        upn = make_upn(la=300 + i // 100_000 % 600, estab=i // 1000 % 10_000, year=15, serial=i % 1000)
        contact = ["Sam", LAST[i % len(LAST)], "Mum"] if i % 10 == 0 else ["", "", ""]
        out.append(
            [
                upn,
                FIRST[i % len(FIRST)],
                LAST[(i // 7) % len(LAST)],
                dob,
                "MF"[i % 2],
                ETHNICITY[i % len(ETHNICITY)],
                f"B{1 + i % 30} {i % 10}AB",
                *contact,
            ]
        )
    return out


def csv_content(data: list[list], extra: str = "") -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(data)
    return (buffer.getvalue() + extra).encode("utf-8-sig")


def xlsx_content(data: list[list], extra: str = "") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Children")
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    if extra:
        sheet.append([extra])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE people_contact, people_caseevent, imports_importedrecord, imports_quarantinedrow, "
            "imports_importbatch, imports_columnmapping, people_child RESTART IDENTITY CASCADE"
        )


def _in_child(queue, task: str, name: str, content: bytes) -> None:
    from django.db import connections

    for conn in connections.all():
        conn.close()
    from sendcase.imports.engine import batch_commit
    from sendcase.imports.models import ImportBatch
    from sendcase.imports.reading import iter_rows
    from sendcase.imports.services import batch_upload

    started = time.perf_counter()
    if task == "read":
        kind = "xlsx" if name.endswith(".xlsx") else "csv"
        from sendcase.imports.reading import as_text

        count = sum(1 for _, values in iter_rows(content, kind) if [as_text(v) for v in values])
        result = {"rows": count - 1}
    else:
        batch = batch_upload(acting_user=None, kind="children", file_name=name, content=content)
        batch = batch_commit(acting_user=None, batch=ImportBatch.objects.get(pk=batch.pk))
        result = dict(batch.counts)
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(json.dumps(result))


def run(task: str, name: str, content: bytes) -> dict:
    from django.db import connections

    for conn in connections.all():
        conn.close()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_in_child, args=(queue, task, name, content))
    process.start()
    result = json.loads(queue.get())
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the list (100,000)")
    parser.add_argument("--formats", default="csv,xlsx", help="formats to measure (csv,xlsx)")
    args = parser.parse_args()
    _common.prepare(fresh=True)
    data = rows(args.rows)
    files = {}
    wanted = set(args.formats.split(","))
    for label, make in (("csv", csv_content), ("xlsx", xlsx_content)):
        if label not in wanted:
            continue
        started = time.perf_counter()
        files[label] = (make(data), make(data, "\r\n" if label == "csv" else " "))
        print(f"made {label}: {len(files[label][0]) / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
    print(f"\n{args.rows:,} rows per file; times in seconds; peak = the process's peak resident memory\n")
    print(f"{'':6} {'step':10} {'seconds':>8} {'rows/s':>9} {'x read':>7} {'peak MB':>8}  counts")
    for label, (content, changed) in files.items():
        _reset()
        name = f"children.{label}"
        read = run("read", name, content)
        first = run("import", name, content)
        again = run("import", f"children-again.{label}", changed)
        for step, result in (("read only", read), ("import", first), ("re-import", again)):
            counts = {k: result[k] for k in ("created", "unchanged", "quarantined") if k in result}
            ratio = result["seconds"] / read["seconds"]
            print(
                f"{label:6} {step:10} {result['seconds']:8.1f} {args.rows / result['seconds']:9,.0f} "
                f"{ratio:7.1f} {result['peak_mb']:8.0f}  {counts}"
            )


if __name__ == "__main__":
    main()
