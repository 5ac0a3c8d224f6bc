"""Import a legacy case-management export: a folder of CSV files, one per table (docs/imports.md).

manage.py import_legacy /path/to/export [--dry-run] [--user USERNAME]
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sendcase.core.errors import ServiceError
from sendcase.core.models import User
from sendcase.imports.engine import batch_commit, batch_dry_run
from sendcase.imports.kinds import LEGACY, LEGACY_TABLES
from sendcase.imports.services import batch_upload


class Command(BaseCommand):
    help = (
        "Import a legacy system's export (one CSV per table) as one batch; --dry-run shows the counts only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; keep nothing."
        )
        parser.add_argument(
            "--user", help="Username recorded as the importer (a data officer or administrator)."
        )

    def handle(self, *args, directory: str, dry_run: bool, user: str | None, **options) -> None:
        folder = Path(directory)
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        acting_user = None
        if user:
            acting_user = User.objects.filter(username=user).first()
            if acting_user is None:
                raise CommandError(f"No user called {user}")
        # The folder is packed as the web page receives it (a ZIP), so both run the very same import.
        buffer = io.BytesIO()
        found = []
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for kind in LEGACY_TABLES:
                path = folder / f"{kind.table}.csv"
                if path.is_file():
                    archive.write(path, path.name)
                    found.append(path.name)
        if not found:
            raise CommandError(
                f"{folder} has none of the tables: " + ", ".join(f"{k.table}.csv" for k in LEGACY_TABLES)
            )
        try:
            batch = batch_upload(
                acting_user=acting_user,
                kind=LEGACY,
                file_name=f"{folder.name}.zip",
                content=buffer.getvalue(),
            )
            if dry_run:
                counts = batch_dry_run(acting_user=acting_user, batch=batch).counts
                batch.delete()
            else:
                counts = batch_commit(acting_user=acting_user, batch=batch).counts
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        label = "Would import" if dry_run else f"Imported as batch {batch.pk}"
        self.stdout.write(f"{label}: tables {', '.join(found)}")
        for key in ("rows", "created", "updated", "unchanged", "quarantined", "blank"):
            self.stdout.write(f"  {key}: {counts.get(key, 0)}")
