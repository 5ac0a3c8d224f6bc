"""Shared helpers for the benchmarks: a dedicated PostgreSQL database, Django set-up, and statistics.

The benchmarks always work in a database called `sendcase_bench` on the PostgreSQL server that
DATABASE_URL names (default postgres://postgres@127.0.0.1:5432/), never in the database DATABASE_URL
itself names: they drop and re-create it, so they cannot touch anyone's data. Set BENCH_DATABASE_URL to
use a differently named database.

Figures are printed, never asserted: timings depend on the machine (see ARCHITECTURE.md, "bench/").
"""

from __future__ import annotations

import math
import os
import secrets
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "sendcase_bench"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
DEFAULT_CHILDREN = 25_000
SEED = 1


def bench_database_url() -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        # The benchmarks are about PostgreSQL, the production database; SQLite figures would mislead.
        parts = urlsplit(DEFAULT_SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_DB}", parts.query, ""))


def _maintenance_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def recreate_database(url: str) -> None:
    """Drop (forcibly: a stale benchmark may still hold connections) and create the bench database."""
    import psycopg

    name = _database_name(url)
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to recreate database {name!r}")
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        quoted = psycopg.sql.Identifier(name)
        conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(quoted))
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(quoted))


def database_exists(url: str) -> bool:
    import psycopg

    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_database_name(url)]).fetchone()
    return row is not None


def setup_django(url: str) -> None:
    """Configure Django for the bench database, as production runs it (DEBUG off)."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "sendcase.config.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    # django.test.Client asks for "testserver".
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # WhiteNoise warns when the collected-static folder is missing; the benchmarks serve no static files.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
    import django

    django.setup()


def migrate() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    return time.perf_counter() - started


def prepare(*, fresh: bool) -> str:
    """The bench database, recreated and migrated when `fresh` (or when it does not exist yet)."""
    url = bench_database_url()
    created = fresh or not database_exists(url)
    if created:
        recreate_database(url)
    setup_django(url)
    if created:
        seconds = migrate()
        print(f"Created {_database_name(url)} and migrated it in {seconds:.1f} s")
    return url


def children_in_database() -> int:
    from sendcase.people.models import Child

    return Child.objects.count()


def settle() -> None:
    """VACUUM ANALYZE, as autovacuum would leave the database soon after a bulk load: statistics for the
    planner, and the visibility map that lets index-only scans skip the tables. Without it the first
    minutes after seeding measure a state a running service is never in."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    raw = connection.connection
    if not raw.autocommit:
        raw.commit()  # keep what was loaded
    autocommit, raw.autocommit = raw.autocommit, True  # VACUUM cannot run inside a transaction
    try:
        with raw.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        raw.autocommit = autocommit


def seed(children: int, *, insert: str = "auto", report: bool = False) -> float:
    """Seed the synthetic authority; returns wall-clock seconds (including the commit). With `report`,
    prints the command's own breakdown of where the time went."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    started = time.perf_counter()
    call_command(
        "seed_demo",
        children=children,
        seed=SEED,
        demo_password=secrets.token_urlsafe(16),
        insert=insert,
        stdout=out,
    )
    seconds = time.perf_counter() - started
    settle()
    if report:
        lines = out.getvalue().splitlines()
        # The command's timing lines: "Done in ..." and the indented steps under it.
        start = next(i for i, line in enumerate(lines) if line.startswith("Done in"))
        end = next(i for i, line in enumerate(lines) if line.startswith("Rows written"))
        print("\n".join(lines[start:end]))
    return seconds


def ensure_seeded(children: int) -> None:
    """Reuse the bench database if it already holds the authority, else build it (for running one
    benchmark on its own)."""
    have = children_in_database()
    if have == 0:
        print(f"Seeding {children:,} children first ...")
        print(f"  seeded in {seed(children):.1f} s")
    elif have != children:
        print(f"Note: the bench database holds {have:,} children (not {children:,}); measuring those.")


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 200 samples is the 190th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def summary_ms(samples: Sequence[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds of samples in seconds."""
    return median(samples) * 1000, percentile(samples, 95) * 1000


def time_calls(call: Callable[[], object], *, repeat: int, warmup: int = 10) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


@contextmanager
def timed(label: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    print(f"{label}: {time.perf_counter() - started:.2f} s")


def table_rows() -> list[tuple[str, int]]:
    """Rows per table the seed writes, counted in the database."""
    from django.apps import apps

    labels = [
        "people.Child",
        "people.Contact",
        "caseload.Allocation",
        "assessments.AssessmentRequest",
        "assessments.AdviceRequest",
        "assessments.Consultation",
        "assessments.StepException",
        "plans.EHCPlan",
        "people.CaseEvent",
        "core.User",
        "settings_data.Establishment",
    ]
    return [(label, apps.get_model(label).objects.count()) for label in labels]


def add_common_arguments(parser) -> None:
    parser.add_argument("--children", type=int, default=DEFAULT_CHILDREN, help="children to seed (25,000)")
