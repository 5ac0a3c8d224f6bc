"""Load schools and settings from DfE's Get Information about Schools (GIAS) extract.

    manage.py load_establishments edubasealldata20250601.csv [--la 330 --la 331]
        [--locality-column "DistrictAdministrative (name)"] [--rejects rejects.csv] [--encoding cp1252]
        [--dry-run]
    manage.py load_establishments --synthetic      # the made-up establishments shipped for the demo

The file is GIAS's "all establishment data" CSV (Downloads > Establishment fields CSV). Columns read:

    URN, EstablishmentName, TypeOfEstablishment (name), EstablishmentStatus (name)     (required)
    UKPRN, EstablishmentTypeGroup (name), PhaseOfEducation (name), LA (code), Postcode,
    TypeOfResourcedProvision (name), ResourcedProvisionOnRoll, SenUnitOnRoll           (optional)

plus the column named by --locality-column, whose values become localities. Every other column is
ignored. Each establishment is created or updated by URN (so the command can be run again on each new
extract); the counts of rows created, updated, unchanged and skipped are printed, then every skipped row
with its line number and the reason. With --rejects FILE those rows are also written, with the reason,
to a CSV: a FILE given without a folder is written next to the input file. See docs/establishments.md
for how GIAS types map to the service's kinds of establishment.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendcase.settings_data.gias import SYNTHETIC_FILE, SYNTHETIC_LOCALITY_COLUMN, load_establishments


class Command(BaseCommand):
    help = "Load establishments from a GIAS all-establishments CSV extract (upsert by URN)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="The GIAS CSV file (edubasealldataYYYYMMDD.csv).")
        parser.add_argument(
            "--synthetic",
            action="store_true",
            help="Load the synthetic establishments shipped with the service instead of a file.",
        )
        parser.add_argument(
            "--la",
            action="append",
            dest="la_codes",
            metavar="CODE",
            help="Only load rows whose 'LA (code)' is CODE (repeat for several LAs). Default: every row.",
        )
        parser.add_argument(
            "--locality-column",
            help="A column whose values become localities, e.g. 'DistrictAdministrative (name)'.",
        )
        parser.add_argument(
            "--rejects", metavar="FILE", help="Write the skipped rows, with reasons, to this CSV."
        )
        parser.add_argument(
            "--encoding", help="Read the file in this encoding (default: UTF-8, else Windows-1252)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count, but save nothing.")

    def handle(self, *args, **options) -> None:
        if options["synthetic"] == bool(options["file"]):
            raise CommandError("Give either a GIAS CSV file or --synthetic.")
        path = SYNTHETIC_FILE if options["synthetic"] else Path(options["file"])
        locality_column = options["locality_column"]
        if options["synthetic"] and not locality_column:
            locality_column = SYNTHETIC_LOCALITY_COLUMN
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            report = load_establishments(
                raw,
                encoding=options["encoding"],
                la_codes=set(options["la_codes"] or []) or None,
                locality_column=locality_column,
                dry_run=options["dry_run"],
            )
        except (ValueError, LookupError) as exc:
            # A file that is not a GIAS extract, or an encoding Python does not know.
            raise CommandError(str(exc)) from None

        prefix = "Dry run, nothing saved. " if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{path.name}: {report.summary()}"))
        for item in report.rejected:
            self.stdout.write(f"  line {item.line}: URN '{item.urn}' {item.name}: {item.reason}")
        if options["rejects"]:
            rejects = Path(options["rejects"])
            if rejects.parent == Path("."):
                rejects = path.parent / rejects
            report.write_rejects(rejects)
            self.stdout.write(f"{report.skipped} skipped rows written to {rejects}")
