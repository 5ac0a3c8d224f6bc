# The SQL below is built only from constants and dates computed here (no outside input); the generator
# and the DuckDB queries read best as long lines.
# ruff: noqa: S608, E501
"""National-scale synthetic rows for the performance benchmark, written with COPY (not through the
demo generator), and the same indicators computed by DuckDB over a Parquet export of them: their
overall figures only (`duckdb_figures`), and, like for like, every figure we store, overall and by every
breakdown (`duckdb_all_figures`), each checked against our stored snapshot for the month.

Called by `bench/performance.py --national`. The database is `<bench database>_national`, generated on
the first run and reused (migrated) after that; `--fresh` drops and re-creates it. About 640,000
children, 540,000 plans, 1.3 million annual reviews and 5 million case events; dates run to the end of
last month.

The breakdowns by locality and primary need are read as at the month end (`CaseContext`), from events,
so the data has them too (from a random stream of their own, so every other row is as without them):

- every plan has version 1 (the plan as issued, on its issue date) and about 15% an amendment, version
  2, issued later (before the month end, and before the plan ceased) with a different primary need; each
  version has its 'plan_version_issued' event carrying its need, and the plan's own need is its latest
  version's, as the service keeps it (about 1.15 versions a plan, and as many events);
- about 8% of children moved locality once or twice in the last three years: 'child_updated' events
  naming the locality moved from and to, chained, the last "to" being where the child lives now; one
  mover in ten first had no locality recorded (about 1.3 moves a mover).

DuckDB reads those events' data as JSON and applies the same two rules. Every move and amendment comes
before the month timed, so as at its end every locality and need is today's: every figure is checked a
year earlier too (untimed), when the rules change many of them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import tempfile
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import _common

SEED = 7
BATCH = 50_000
LOCALITIES = 153
OFFICERS = 6_000
TEAMS = 600
ESTABLISHMENTS = 24_000
KINDS = [
    ("mainstream", 70),
    ("special", 15),
    ("resourced_provision", 3),
    ("independent_special", 4),
    ("further_education", 5),
    ("early_years", 2),
    ("alternative_provision", 1),
]
NEEDS = ["ASD", "SEMH", "SLCN", "MLD", "SLD", "PMLD", "SPLD", "HI", "VI", "MSI", "PD", "OTH"]
ADVISERS = ["educational_psychology", "health", "social_care", "education"]
# The rows the breakdowns read as at a date (plan versions, locality moves) come from their own random
# stream, so every other row is the same as without them.
AS_AT_SEED = SEED + 1
AMENDED = 0.15  # plans with a second version (an amendment) issued with a different primary need
MOVED = 0.08  # children who moved locality (once or twice) in the last MOVE_YEARS years
MOVE_YEARS = 3
MOVED_TWICE = 0.3  # of the children who moved
FROM_NOWHERE = 0.1  # of the children who moved: their first move was from no locality recorded


def team_of(officer: int, child: int) -> int:
    """The team an allocation is held for: the officer's own, except one case in 25 held for the next
    team (cover), so some officers hold cases for two teams, as the caseload breakdown must handle."""
    return 1 + (officer + (child % 25 == 0)) % TEAMS


def national_url() -> str:
    parts = urlsplit(_common.bench_database_url())
    return urlunsplit((parts.scheme, parts.netloc, parts.path + "_national", parts.query, ""))


class Copier:
    """COPY rows into a table, filling every NOT NULL column the generator does not give with a
    constant of its type (Django sets defaults in Python, not in the database)."""

    FILL = {"text": "", "character varying": "", "integer": "0", "smallint": "0", "bigint": "0"}

    def __init__(self, connection) -> None:
        self.connection = connection

    def _fill(self, table: str, given: list[str]) -> tuple[list[str], list[str]]:
        rows = self.connection.execute(
            "SELECT column_name, is_nullable, data_type FROM information_schema.columns WHERE table_name = %s",
            [table],
        ).fetchall()
        extra, values = [], []
        for name, nullable, kind in rows:
            if name in given or nullable == "YES" or name == "id":
                continue
            extra.append(name)
            if kind == "boolean":
                values.append("f")
            elif kind.startswith("timestamp"):
                values.append("2026-01-01 00:00:00+00")
            elif kind == "date":
                values.append("2026-01-01")
            elif kind == "jsonb":
                values.append("{}")
            else:
                values.append(self.FILL.get(kind, "0"))
        return extra, values

    def copy(self, table: str, columns: list[str], rows) -> int:
        extra, fill = self._fill(table, columns)
        tail = ("\t" + "\t".join(fill)) if fill else ""
        names = ", ".join(columns + extra)
        count = 0
        with self.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join(r"\N" if v is None else str(v) for v in row) + tail + "\n")
                count += 1
                if count % 50_000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        return count


def _json(value: object) -> str:
    """JSON text for a jsonb column, escaped for COPY's text format (backslash is its escape)."""
    return json.dumps(value).replace("\\", "\\\\")


def _content(need: str) -> str:
    """A plan version's content at its smallest: section B with the need ranked first, as
    `plans.content.primary_need` reads it."""
    return _json({"B": {"needs": [{"code": need, "rank": 1}]}})


def _issued(kind: str, need: str, based_on: int | None) -> str:
    """The data of a 'plan_version_issued' event, as the service writes it."""
    return _json(
        {"kind": kind, "primary_need": need, "named_establishment_id": None, "based_on_id": based_on}
    )


def _moved(locality_from: int | None, locality_to: int) -> str:
    """The data of a 'child_updated' event for a move, as the service writes it."""
    return _json({"fields": ["locality"], "locality": {"from": locality_from, "to": locality_to}})


def generate(connection, *, children: int, as_of: dt.date) -> dict[str, int]:
    rng = random.Random(SEED)
    as_at_rng = random.Random(AS_AT_SEED)
    contents = {need: _content(need) for need in NEEDS}
    today = as_of.toordinal()
    iso = {}

    def d(ordinal: int | None) -> str | None:
        if ordinal is None or ordinal > today:
            return None
        text = iso.get(ordinal)
        if text is None:
            text = iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    copier = Copier(connection)
    counts: dict[str, int] = {}
    counts["locality"] = copier.copy(
        "settings_data_locality",
        ["id", "code", "name"],
        ((i, f"la-{i}", f"Authority {i}") for i in range(1, LOCALITIES + 1)),
    )
    counts["team"] = copier.copy(
        "caseload_team",
        ["id", "name", "locality_id"],
        ((i, f"Team {i}", 1 + i % LOCALITIES) for i in range(1, TEAMS + 1)),
    )
    counts["user"] = copier.copy(
        "core_user",
        ["id", "username", "password", "role", "first_name", "last_name", "is_active"],
        ((i, f"officer{i}", "!", "case_officer", "Officer", str(i), "t") for i in range(1, OFFICERS + 1)),
    )
    kinds = [k for k, weight in KINDS for _ in range(weight)]
    counts["establishment"] = copier.copy(
        "settings_data_establishment",
        ["id", "urn", "name", "kind", "phase", "is_open"],
        (
            (i, 100000 + i, f"School {i}", kinds[i % len(kinds)], "primary", "t")
            for i in range(1, ESTABLISHMENTS + 1)
        ),
    )
    # Children and everything on their cases, built in one pass and written table by table.
    review_id = advice_id = version_id = 0
    start_2015 = dt.date(2015, 1, 1).toordinal()
    # In batches of children, so memory stays flat at national scale.
    for first in range(1, children + 1, BATCH):
        child_rows, request_rows, advice_rows, exception_rows, plan_rows = [], [], [], [], []
        review_rows, transfer_rows, placement_rows, allocation_rows, event_rows = [], [], [], [], []
        # Rows the breakdowns read as at a date: plan versions, and the events with data (versions
        # issued, locality moves).
        version_rows, data_event_rows = [], []
        for child in range(first, min(first + BATCH, children + 1)):
            dob = today - rng.randint(2 * 365, 24 * 365)
            locality = 1 + child % LOCALITIES
            child_rows.append((child, "Synthetic", f"Child{child}", d(dob), locality))
            if as_at_rng.random() < MOVED:
                # One or two moves in the last MOVE_YEARS years (after birth), on different days, chained
                # back from where the child lives now: each move's "from" is the previous move's "to".
                moves = 2 if as_at_rng.random() < MOVED_TWICE else 1
                earliest = max(dob, today - MOVE_YEARS * 365)
                days = sorted(as_at_rng.sample(range(earliest + 1, today + 1), moves))
                places = [locality]
                for _ in days:
                    places.insert(0, (places[0] + as_at_rng.randint(0, LOCALITIES - 2)) % LOCALITIES + 1)
                if as_at_rng.random() < FROM_NOWHERE:
                    places[0] = None
                for i, day in enumerate(days):
                    data_event_rows.append(
                        (child, "child", child, "child_updated", d(day), _moved(places[i], places[i + 1]))
                    )
            received = rng.randint(max(dob + 365, start_2015), today - 7)
            refused = rng.random() < 0.22
            decided = received + max(7, int(rng.gauss(36, 9)))
            decided = decided if decided <= today else None
            if decided and rng.random() < 0.03:
                event_rows.append(
                    (
                        child,
                        "assessmentrequest",
                        child,
                        "assessment_refused" if refused else "assessment_agreed",
                        d(decided),
                    )
                )
            final = None
            if decided and not refused and rng.random() < 0.93:
                final = received + rng.randint(85, 230)
                final = final if final <= today else None
            closed = final if final else (decided if refused else None)
            status = (
                "final_issued"
                if final
                else ("not_assessing" if refused and decided else ("assessing" if decided else "received"))
            )
            request_rows.append(
                (child, child, status, d(received), "parent", d(decided), d(final), d(closed))
            )
            event_rows.append((child, "assessmentrequest", child, "request_received", d(received)))
            if decided:
                event_rows.append(
                    (
                        child,
                        "assessmentrequest",
                        child,
                        "assessment_refused" if refused else "assessment_agreed",
                        d(decided),
                    )
                )
            if decided and not refused:
                for _ in range(2):
                    advice_id += 1
                    asked = decided + rng.randint(0, 5)
                    if asked > today:
                        break
                    got = asked + rng.randint(18, 75)
                    advice_rows.append((advice_id, child, rng.choice(ADVISERS), d(asked), d(got)))
                    event_rows.append((child, "advicerequest", advice_id, "advice_requested", d(asked)))
                    if got <= today:
                        event_rows.append((child, "advicerequest", advice_id, "advice_received", d(got)))
            if final:
                event_rows.append((child, "assessmentrequest", child, "final_plan_issued", d(final)))
                if rng.random() < 0.06:
                    exception_rows.append(
                        (child, "final_plan", "exceptional_personal_circumstances", d(received + 30))
                    )
                ceased = final + rng.randint(200, 3000) if rng.random() < 0.05 else None
                ceased = ceased if ceased and ceased <= today else None
                need = rng.choice(NEEDS)
                # Version 1 is the plan as issued; about AMENDED of plans have an amendment (version 2)
                # issued after it, before the month end and before the plan ceased, with another need. The
                # plan's own need is its latest version's, as issuing a version sets it.
                version_id += 1
                original = version_id
                version_rows.append(
                    (original, child, 1, "issued", "original", None, contents[need], d(final), 1)
                )
                data_event_rows.append(
                    (
                        child,
                        "planversion",
                        original,
                        "plan_version_issued",
                        d(final),
                        _issued("original", need, None),
                    )
                )
                last = (ceased if ceased else today) - 1
                if as_at_rng.random() < AMENDED and last > final:
                    amended_on = as_at_rng.randint(final + 1, last)
                    need = NEEDS[(NEEDS.index(need) + as_at_rng.randint(1, len(NEEDS) - 1)) % len(NEEDS)]
                    version_id += 1
                    version_rows.append(
                        (
                            version_id,
                            child,
                            2,
                            "issued",
                            "amendment",
                            original,
                            contents[need],
                            d(amended_on),
                            1,
                        )
                    )
                    data_event_rows.append(
                        (
                            child,
                            "planversion",
                            version_id,
                            "plan_version_issued",
                            d(amended_on),
                            _issued("amendment", need, original),
                        )
                    )
                plan_rows.append(
                    (
                        child,
                        child,
                        child,
                        "ceased" if ceased else "active",
                        d(final),
                        need,
                        d(ceased),
                    )
                )
                entry = final
                if rng.random() < 0.01:
                    placement_rows.append(
                        (child, child, None, "awaiting_place", d(max(entry, today - rng.randint(5, 300))))
                    )
                else:
                    placement_rows.append((child, child, rng.randint(1, ESTABLISHMENTS), "", d(entry)))
                if rng.random() < 0.95:
                    officer = rng.randint(1, OFFICERS)
                    allocation_rows.append((child, officer, team_of(officer, child), d(final) + " 12:00:00+00"))
                if rng.random() < 0.12:
                    deadline = rng.choice([dt.date(2025, 2, 14), dt.date(2026, 2, 14)]).toordinal()
                    named = deadline + rng.randint(-70, 20) if rng.random() < 0.9 else None
                    transfer_rows.append(
                        (child, "secondary", dt.date.fromordinal(deadline).year, d(deadline), d(named))
                    )
                year = 1
                due = dt.date.fromordinal(final)
                reviews = []
                while True:
                    try:
                        due_on = due.replace(year=due.year + year)
                    except ValueError:
                        due_on = due.replace(year=due.year + year, day=28)
                    if due_on.toordinal() > today:
                        break
                    reviews.append(due_on.toordinal())
                    year += 1
                for due_ordinal in reviews[-3:]:
                    review_id += 1
                    roll = rng.random()
                    held = (
                        due_ordinal - rng.randint(0, 40)
                        if roll < 0.68
                        else (due_ordinal + rng.randint(1, 80) if roll < 0.85 else None)
                    )
                    held = held if held and held <= today else None
                    decision = held + rng.randint(3, 50) if held else None
                    decision = decision if decision and decision <= today else None
                    notice = amended = None
                    if decision and rng.random() < 0.3:
                        notice = decision + rng.randint(0, 5)
                        amended = notice + rng.randint(20, 90) if rng.random() < 0.85 else None
                    cancelled = rng.random() < 0.02
                    review_rows.append(
                        (
                            review_id,
                            child,
                            "cancelled" if cancelled else ("held" if held else "due"),
                            d(due_ordinal),
                            d(held),
                            "amend" if notice else ("maintain" if decision else ""),
                            d(decision),
                            d(notice),
                            d(amended),
                        )
                    )
                    if held:
                        event_rows.append((child, "annualreview", review_id, "review_meeting_held", d(held)))
                    if decision:
                        event_rows.append((child, "annualreview", review_id, "review_decided", d(decision)))
                    if cancelled:
                        event_rows.append(
                            (child, "annualreview", review_id, "review_cancelled", d(min(today, due_ordinal)))
                        )
            elif not closed and rng.random() < 0.9:
                officer = rng.randint(1, OFFICERS)
                allocation_rows.append((child, officer, team_of(officer, child), d(received) + " 12:00:00+00"))
        counts["child"] = counts.get("child", 0) + copier.copy(
            "people_child",
            ["id", "legal_first_name", "legal_last_name", "date_of_birth", "locality_id"],
            child_rows,
        )
        counts["request"] = counts.get("request", 0) + copier.copy(
            "assessments_assessmentrequest",
            [
                "id",
                "child_id",
                "status",
                "received_on",
                "source",
                "assessment_decided_on",
                "final_issued_on",
                "closed_on",
            ],
            request_rows,
        )
        counts["advice"] = counts.get("advice", 0) + copier.copy(
            "assessments_advicerequest",
            ["id", "request_id", "adviser_type", "requested_on", "received_on"],
            advice_rows,
        )
        counts["exception"] = counts.get("exception", 0) + copier.copy(
            "assessments_stepexception", ["request_id", "step", "reason", "starts_on"], exception_rows
        )
        counts["plan"] = counts.get("plan", 0) + copier.copy(
            "plans_ehcplan",
            ["id", "child_id", "request_id", "status", "issued_on", "primary_need", "ceased_on"],
            plan_rows,
        )
        counts["review"] = counts.get("review", 0) + copier.copy(
            "plans_annualreview",
            [
                "id",
                "plan_id",
                "status",
                "due_on",
                "meeting_on",
                "decision",
                "decision_on",
                "amendment_notice_on",
                "amended_plan_issued_on",
            ],
            review_rows,
        )
        counts["phase_transfer"] = counts.get("phase_transfer", 0) + copier.copy(
            "plans_phasetransfer",
            ["plan_id", "transfer", "transfer_year", "deadline", "named_on"],
            transfer_rows,
        )
        counts["placement"] = counts.get("placement", 0) + copier.copy(
            "plans_placement",
            ["child_id", "plan_id", "establishment_id", "no_place_reason", "entry_on"],
            placement_rows,
        )
        counts["allocation"] = counts.get("allocation", 0) + copier.copy(
            "caseload_allocation", ["child_id", "officer_id", "team_id", "started_at"], allocation_rows
        )
        counts["event"] = counts.get("event", 0) + copier.copy(
            "people_caseevent", ["child_id", "subject_type", "subject_id", "kind", "occurred_on"], event_rows
        )
        counts["plan_version"] = counts.get("plan_version", 0) + copier.copy(
            "plans_planversion",
            [
                "id",
                "plan_id",
                "number",
                "status",
                "kind",
                "based_on_id",
                "content",
                "issued_on",
                "lock_version",
            ],
            version_rows,
        )
        counts["amendment"] = counts.get("amendment", 0) + sum(1 for row in version_rows if row[2] == 2)
        counts["version_event"] = counts.get("version_event", 0) + sum(
            1 for row in data_event_rows if row[3] == "plan_version_issued"
        )
        counts["move_event"] = counts.get("move_event", 0) + sum(
            1 for row in data_event_rows if row[3] == "child_updated"
        )
        counts["moved_child"] = counts.get("moved_child", 0) + len(
            {row[0] for row in data_event_rows if row[3] == "child_updated"}
        )
        copier.copy(
            "people_caseevent",
            ["child_id", "subject_type", "subject_id", "kind", "occurred_on", "data"],
            data_event_rows,
        )
    return counts


# --- DuckDB over Parquet ------------------------------------------------------------------------------

# Plain copies of the tables the indicators read (allocation times as microseconds since the epoch, so
# they compare exactly with the end of the day); DuckDB does the joins, as the database does for us.
EXPORTS = {
    "child": "SELECT id, date_of_birth, locality_id FROM people_child",
    "loc": "SELECT id, name FROM settings_data_locality",
    "req": "SELECT id, child_id, received_on, assessment_decided_on, issue_decided_on, draft_served_on, "
    "final_issued_on, closed_on FROM assessments_assessmentrequest",
    "adv": "SELECT id, request_id, adviser_type, received_on, requested_on FROM assessments_advicerequest",
    "exc": "SELECT request_id, step, starts_on FROM assessments_stepexception",
    "plan": "SELECT id, child_id, issued_on, ceased_on, transferred_out_on, primary_need FROM plans_ehcplan",
    "rev": "SELECT id, plan_id, due_on, meeting_on, decision_on, amendment_notice_on, amended_plan_issued_on "
    "FROM plans_annualreview",
    "pt": "SELECT plan_id, deadline, named_on FROM plans_phasetransfer",
    "pl": "SELECT id, child_id, establishment_id, entry_on, leaving_on, no_place_reason FROM plans_placement",
    "est": "SELECT id, kind FROM settings_data_establishment",
    "alloc": "SELECT id, child_id, officer_id, team_id, "
    "(extract(epoch FROM started_at) * 1000000)::bigint AS started, "
    "(extract(epoch FROM ended_at) * 1000000)::bigint AS ended FROM caseload_allocation",
    "team": "SELECT id, name FROM caseload_team",
    "ev": "SELECT subject_type, subject_id, kind, occurred_on FROM people_caseevent "
    "WHERE kind IN ('assessment_refused', 'review_meeting_held', 'review_cancelled')",
    # The events the breakdowns read as at a date (locality moves, plan versions issued), with their data
    # as JSON text for DuckDB to read as we do, and the versions' plans.
    "evdata": "SELECT id, child_id, subject_type, subject_id, kind, occurred_on, data FROM people_caseevent "
    "WHERE kind IN ('child_updated', 'plan_version_issued')",
    "ver": "SELECT id, plan_id FROM plans_planversion",
}


TEXT = {"subject_type", "kind", "step", "no_place_reason", "name", "adviser_type", "primary_need", "data"}
DATES = {"deadline", "date_of_birth"}


def export_parquet(connection, folder: Path) -> None:
    import duckdb

    for name, query in EXPORTS.items():
        csv_path = folder / f"{name}.csv"
        with (
            csv_path.open("wb") as handle,
            connection.cursor().copy(f"COPY ({query}) TO STDOUT WITH CSV HEADER") as copy,
        ):
            for chunk in copy:
                handle.write(chunk)
        # A column that is empty in every row would be read as text: give dates and numbers their types.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM ({query}) q LIMIT 0")
            names = [c.name for c in cursor.description]
        types = {
            n: "DATE" if n.endswith("_on") or n in DATES else ("VARCHAR" if n in TEXT else "BIGINT")
            for n in names
        }
        # PostgreSQL writes NULL as nothing and '' as "": keep them apart, as the database does.
        duckdb.sql(
            f"COPY (SELECT * FROM read_csv('{csv_path}', header=true, columns={types!r}, allow_quoted_nulls=false)) "
            f"TO '{folder / name}.parquet' (FORMAT parquet)"
        )
        csv_path.unlink()


def duckdb_connect(folder: Path):
    import duckdb

    con = duckdb.connect()
    for name in EXPORTS:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{folder / name}.parquet')")
    return con


def duckdb_figures(folder: Path, as_at: dt.date, year_start: dt.date, r12: dt.date, cutoff: int) -> dict:
    """The overall figure of each indicator only (`cutoff`: the end of the day in microseconds)."""
    con = duckdb_connect(folder)
    a, y, r = f"DATE '{as_at}'", f"DATE '{year_start}'", f"DATE '{r12}'"
    in_force = f"issued_on <= {a} AND (ceased_on IS NULL OR ceased_on > {a}) AND (transferred_out_on IS NULL OR transferred_out_on > {a})"
    placed = f"""(SELECT child_id, arg_max(kind, entry_on) AS kind, arg_max(no_place_reason, entry_on) AS npr,
                  max(entry_on) AS entry_on FROM pl LEFT JOIN est ON est.id = pl.establishment_id
                  WHERE entry_on <= {a} AND (leaving_on IS NULL OR leaving_on > {a}) GROUP BY child_id)"""
    allocated = f"(SELECT child_id, officer_id FROM alloc WHERE started < {cutoff} AND (ended IS NULL OR ended >= {cutoff}))"
    excepted = f"(SELECT request_id FROM exc WHERE step = 'final_plan' AND starts_on <= {a})"
    refused = f"(SELECT subject_id FROM ev WHERE kind = 'assessment_refused' AND subject_type = 'assessmentrequest' AND occurred_on <= {a})"
    open_req = f"received_on <= {a} AND (closed_on IS NULL OR closed_on > {a})"

    def rate(sql: str) -> str:
        return f"SELECT count(*) FILTER (WHERE hit), count(*) FROM ({sql})"

    def final(start: str, exclude: bool) -> str:
        extra = f" AND id NOT IN {excepted}" if exclude else ""
        return rate(
            f"SELECT final_issued_on <= received_on + 140 AS hit FROM req WHERE final_issued_on BETWEEN {start} AND {a} AND received_on <= {a}{extra}"
        )

    shares = f"SELECT coalesce(CASE WHEN kind IN ('mainstream','resourced_provision') THEN 'mainstream' WHEN kind IN ('special','independent_special') THEN 'special' END, 'other') AS grp FROM plan JOIN {placed} x USING (child_id) WHERE {in_force}"
    queries = {
        "plans_20_weeks_incl_year": final(y, False),
        "plans_20_weeks_excl_year": final(y, True),
        "plans_20_weeks_incl_rolling": final(r, False),
        "plans_20_weeks_excl_rolling": final(r, True),
        "decisions_6_weeks": rate(
            f"SELECT assessment_decided_on <= received_on + 42 AS hit FROM req WHERE assessment_decided_on BETWEEN {r} AND {a}"
        ),
        "advice_6_weeks": rate(
            f"SELECT received_on <= requested_on + 42 AS hit FROM adv WHERE received_on BETWEEN {r} AND {a} AND requested_on <= {a}"
        ),
        "open_requests": f"SELECT count(*), NULL FROM req WHERE {open_req}",
        "requests_refused": rate(
            f"SELECT id IN {refused} AS hit FROM req WHERE assessment_decided_on BETWEEN {r} AND {a}"
        ),
        "reviews_12_months": rate(
            f"""SELECT coalesce(h.held <= rev.due_on, false) AS hit FROM rev JOIN plan ON plan.id = rev.plan_id
            LEFT JOIN (SELECT subject_id, min(occurred_on) AS held FROM ev WHERE kind = 'review_meeting_held' AND occurred_on <= {a} GROUP BY 1) h ON h.subject_id = rev.id
            WHERE due_on BETWEEN {r} AND {a} AND (ceased_on IS NULL OR ceased_on > due_on) AND (transferred_out_on IS NULL OR transferred_out_on > due_on)
            AND rev.id NOT IN (SELECT subject_id FROM ev WHERE kind = 'review_cancelled' AND occurred_on <= {a})"""
        ),
        "review_decisions_4_weeks": rate(
            f"SELECT decision_on <= meeting_on + 28 AS hit FROM rev WHERE decision_on BETWEEN {r} AND {a} AND meeting_on IS NOT NULL"
        ),
        "amended_plans_8_weeks": rate(
            f"SELECT amended_plan_issued_on <= amendment_notice_on + 56 AS hit FROM rev WHERE amended_plan_issued_on BETWEEN {r} AND {a} AND amendment_notice_on IS NOT NULL"
        ),
        "phase_transfers_named": rate(
            f"""SELECT coalesce(named_on <= {a} AND named_on <= deadline, false) AS hit FROM pt JOIN plan ON plan.id = pt.plan_id
            WHERE deadline BETWEEN {r} AND {a} AND (ceased_on IS NULL OR ceased_on > deadline) AND (transferred_out_on IS NULL OR transferred_out_on > deadline)"""
        ),
        "caseload_mean": f"SELECT sum(n), count(*) FROM (SELECT officer_id, count(*) AS n FROM {allocated} GROUP BY 1)",
        "caseload_max": f"SELECT max(n), NULL FROM (SELECT officer_id, count(*) AS n FROM {allocated} GROUP BY 1)",
        "unallocated_cases": f"""SELECT count(*), NULL FROM (SELECT child_id FROM plan WHERE {in_force} UNION SELECT child_id FROM req WHERE {open_req})
            WHERE child_id NOT IN (SELECT child_id FROM {allocated})""",
        "no_place_children": f"SELECT count(*), NULL FROM plan JOIN {placed} x USING (child_id) WHERE {in_force} AND npr <> ''",
        "no_place_days": f"SELECT sum({a} - x.entry_on), count(*) FROM plan JOIN {placed} x USING (child_id) WHERE {in_force} AND npr <> ''",
        "plans_mainstream": rate(f"SELECT grp = 'mainstream' AS hit FROM ({shares})"),
        "plans_special": rate(f"SELECT grp = 'special' AS hit FROM ({shares})"),
        "plans_other_settings": rate(f"SELECT grp = 'other' AS hit FROM ({shares})"),
    }
    return {key: con.execute(sql).fetchone() for key, sql in queries.items()}


# --- DuckDB: every figure we store --------------------------------------------------------------------
#
# The like-for-like lower bound: DuckDB builds the same per-child table as `CaseContext`, runs one source
# per indicator mirroring ours (same rows, hit, amount and own breakdown columns) and groups each one
# overall and by every breakdown, as `counting.figures` does; the figures come out of `figure_of`, so
# they can be checked one by one against the snapshots we store.

MEASURES = "count(*), sum(r.hit), sum(r.amount), count(r.amount), max(r.amount)"
NO_AMOUNT = "CAST(NULL AS INTEGER) AS amount"


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _day(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


def _labels(expression: str, labels: dict[str, str], *, otherwise: str) -> str:
    """As `sql.case_of`: the label of each code, else `otherwise`."""
    if not labels:
        return otherwise
    whens = " ".join(f"WHEN {_text(code)} THEN {_text(label)}" for code, label in labels.items())
    return f"CASE {expression} {whens} ELSE {otherwise} END"


def _latest(
    columns: dict[str, str],
    source: str,
    *,
    key: str,
    latest: str,
    first: bool = False,
    name: str = "child_id",
) -> str:
    """As `sql.latest`: one row per `key` (as `name`) with `columns` (name: expression) from the row
    that is largest by `latest` (the latest started; the ties broken by the largest id, as ours), or with
    `first` the smallest (the earliest; the ties broken by the smallest id). About three times as fast in
    DuckDB as DISTINCT ON, which sorts. (Packed in a struct, which is never NULL, so a row whose columns
    are NULL is still the one taken.)"""
    packed = ", ".join(f"{column} := {expression}" for column, expression in columns.items())
    pick = "arg_min" if first else "arg_max"
    return (
        f"SELECT {key} AS {name}, unnest({pick}(struct_pack({packed}), ({latest}))) {source} GROUP BY {key}"
    )


def _within(later: str, earlier: str, days: int) -> str:
    return f"CASE WHEN date_diff('day', {earlier}, {later}) <= {days} THEN 1 ELSE 0 END"


def _in_force_on(day: str) -> str:
    """The row's plan (joined as `plan`) not ceased or transferred out by `day`."""
    return (
        f"(plan.ceased_on IS NULL OR plan.ceased_on > {day}) "
        f"AND (plan.transferred_out_on IS NULL OR plan.transferred_out_on > {day})"
    )


def duckdb_children(con, as_at: dt.date, cutoff: int) -> None:
    """The `CaseContext` table as at `as_at` (`cutoff`: the end of the day, microseconds since the epoch),
    as the table `kids`."""
    from sendcase.performance.indicators import context as c

    a = _day(as_at)
    ages = " ".join(
        f"WHEN k.date_of_birth > {_day(c.born_by(limit, as_at))} THEN {_text(label)}"
        for limit, label in c.AGE_GROUPS[:-1]
    )
    allocated = _latest(
        {"officer_id": "a.officer_id", "team": "t.name", "team_id": "a.team_id"},
        f"FROM alloc a JOIN team t ON t.id = a.team_id WHERE a.started < {cutoff} AND (a.ended IS NULL OR a.ended >= {cutoff})",
        key="a.child_id",
        latest="a.started, a.id",
    )
    in_force = _latest(
        {"id": "p.id", "primary_need": "p.primary_need"},
        f"FROM plan p WHERE p.issued_on <= {a} AND (p.ceased_on IS NULL OR p.ceased_on > {a}) "
        f"AND (p.transferred_out_on IS NULL OR p.transferred_out_on > {a})",
        key="p.child_id",
        latest="p.issued_on, p.id",
    )
    placed = _latest(
        {"kind": "e.kind", "no_place_reason": "pl.no_place_reason", "entry_on": "pl.entry_on"},
        f"FROM pl LEFT JOIN est e ON e.id = pl.establishment_id WHERE pl.entry_on <= {a} AND (pl.leaving_on IS NULL OR pl.leaving_on > {a})",
        key="pl.child_id",
        latest="pl.entry_on, pl.id",
    )
    # As `CaseContext`: the child's locality as at the day is the one their first move after it was
    # from (NULL: none recorded), else where they live now; the need is the one in the plan's latest
    # version issued by the day, else (no version, or no need in it) the plan's own; as there, only a plan
    # with a version issued after the day is looked up (issuing sets the plan's own need).
    moved = _latest(
        {"locality": "CAST(e.data ->> '$.locality.from' AS BIGINT)"},
        f"FROM evdata e WHERE e.kind = 'child_updated' AND e.subject_type = 'child' AND e.occurred_on > {a} "
        "AND json_exists(e.data, '$.locality')",
        key="e.child_id",
        latest="e.occurred_on, e.id",
        first=True,
    )
    versioned = _latest(
        {"primary_need": "e.data ->> '$.primary_need'"},
        f"FROM evdata e JOIN ver v ON v.id = e.subject_id WHERE e.kind = 'plan_version_issued' "
        f"AND e.subject_type = 'planversion' AND e.occurred_on <= {a} AND v.plan_id IN ("
        "SELECT lv.plan_id FROM evdata le JOIN ver lv ON lv.id = le.subject_id "
        f"WHERE le.kind = 'plan_version_issued' AND le.subject_type = 'planversion' AND le.occurred_on > {a})",
        key="v.plan_id",
        latest="e.occurred_on, e.id",
        name="plan_id",
    )
    at = "coalesce(need.primary_need, plan.primary_need)"
    need = _labels(at, c.NEED_LABELS, otherwise=at)
    kind = _labels("place.kind", c.KIND_LABELS, otherwise="place.kind")
    group = _labels("place.kind", c.SETTING_GROUP, otherwise="'other'")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kids AS
        SELECT k.id AS child_id,
            coalesce(loc.name, {_text(c.NOT_RECORDED)}) AS locality,
            alloc.officer_id,
            coalesce(alloc.team, {_text(c.NOT_ALLOCATED)}) AS team,
            alloc.team_id,
            plan.id AS plan_id,
            CASE WHEN {at} IS NULL OR {at} = '' THEN {_text(c.NOT_RECORDED)} ELSE {need} END AS primary_need,
            CASE WHEN k.date_of_birth IS NULL THEN {_text(c.NOT_RECORDED)} {ages} ELSE {_text(c.AGE_GROUPS[-1][1])} END
                AS age_group,
            CASE WHEN place.child_id IS NULL THEN {_text(c.NOT_RECORDED)}
                WHEN place.no_place_reason <> '' THEN {_text(c.NO_PLACE)}
                WHEN place.kind IS NULL OR place.kind = '' THEN {_text(c.SETTING_CODE)}
                ELSE {kind} END AS setting_type,
            CASE WHEN place.child_id IS NULL THEN '' ELSE {group} END AS setting_group,
            coalesce(place.no_place_reason, '') AS no_place_reason,
            CASE WHEN plan.id IS NOT NULL AND place.no_place_reason <> ''
                THEN date_diff('day', place.entry_on, {a}) END AS no_place_days,
            place.entry_on AS placed_on
        FROM child k
        LEFT JOIN ({moved}) moved ON moved.child_id = k.id
        LEFT JOIN loc ON loc.id = CASE WHEN moved.child_id IS NULL THEN k.locality_id ELSE moved.locality END
        LEFT JOIN ({allocated}) alloc ON alloc.child_id = k.id
        LEFT JOIN ({in_force}) plan ON plan.child_id = k.id
        LEFT JOIN ({versioned}) need ON need.plan_id = plan.id
        LEFT JOIN ({placed}) place ON place.child_id = k.id
    """)


# One source per indicator, as ours in `assessments`, `plans` and `caseload`: SQL returning child_ref,
# hit, amount and the indicator's own breakdown columns (named in the tuple).


def _final_plans(period, *, exclude_exceptions: bool) -> tuple[str, tuple[str, ...]]:
    from sendcase.performance.indicators.assessments import FINAL_PLAN_DAYS

    s, a = _day(period.start), _day(period.as_at)
    excepted = f"EXISTS (SELECT 1 FROM exc WHERE exc.request_id = req.id AND exc.step = 'final_plan' AND exc.starts_on <= {a})"
    return (
        f"SELECT child_id AS child_ref, {_within('final_issued_on', 'received_on', FINAL_PLAN_DAYS)} AS hit, {NO_AMOUNT} "
        f"FROM req WHERE final_issued_on BETWEEN {s} AND {a} AND received_on <= {a}"
        + (f" AND NOT {excepted}" if exclude_exceptions else ""),
        (),
    )


def _decisions(period) -> tuple[str, tuple[str, ...]]:
    from sendcase.performance.indicators.assessments import DECISION_DAYS

    return (
        f"SELECT child_id AS child_ref, {_within('assessment_decided_on', 'received_on', DECISION_DAYS)} AS hit, {NO_AMOUNT} "
        f"FROM req WHERE assessment_decided_on BETWEEN {_day(period.start)} AND {_day(period.as_at)}",
        (),
    )


def _refusals(period) -> tuple[str, tuple[str, ...]]:
    a = _day(period.as_at)
    refused = (
        "EXISTS (SELECT 1 FROM ev WHERE ev.kind = 'assessment_refused' AND ev.subject_type = 'assessmentrequest' "
        f"AND ev.subject_id = req.id AND ev.occurred_on <= {a})"
    )
    return (
        f"SELECT child_id AS child_ref, CASE WHEN {refused} THEN 1 ELSE 0 END AS hit, {NO_AMOUNT} "
        f"FROM req WHERE assessment_decided_on BETWEEN {_day(period.start)} AND {a}",
        (),
    )


def _advice(period) -> tuple[str, tuple[str, ...]]:
    from sendcase.performance.indicators.assessments import ADVICE_DAYS, ADVISER_LABELS

    a = _day(period.as_at)
    return (
        f"SELECT req.child_id AS child_ref, {_within('adv.received_on', 'adv.requested_on', ADVICE_DAYS)} AS hit, {NO_AMOUNT}, "
        f"{_labels('adv.adviser_type', ADVISER_LABELS, otherwise='adv.adviser_type')} AS adviser_type "
        f"FROM adv JOIN req ON req.id = adv.request_id "
        f"WHERE adv.received_on BETWEEN {_day(period.start)} AND {a} AND adv.requested_on <= {a}",
        ("adviser_type",),
    )


def _open_requests(period) -> tuple[str, tuple[str, ...]]:
    from sendcase.performance.indicators.assessments import FIRST_STAGE, STAGES, WEEK_BANDS

    a = _day(period.as_at)
    stage = " ".join(f"WHEN {column} <= {a} THEN {_text(label)}" for column, label in STAGES)
    band = " ".join(
        f"WHEN date_diff('day', received_on, {a}) <= {limit * 7 - 1} THEN {_text(label)}"
        for limit, label in WEEK_BANDS[:-1]
    )
    return (
        f"SELECT child_id AS child_ref, 1 AS hit, {NO_AMOUNT}, "
        f"CASE {stage} ELSE {_text(FIRST_STAGE)} END AS stage, "
        f"CASE {band} ELSE {_text(WEEK_BANDS[-1][1])} END AS weeks_open "
        f"FROM req WHERE received_on <= {a} AND (closed_on IS NULL OR closed_on > {a})",
        ("stage", "weeks_open"),
    )


def _reviews(period) -> tuple[str, tuple[str, ...]]:
    a = _day(period.as_at)
    events = f"ev.subject_type = 'annualreview' AND ev.occurred_on <= {a}"
    return (
        f"""SELECT plan.child_id AS child_ref, CASE WHEN h.held <= rev.due_on THEN 1 ELSE 0 END AS hit, {NO_AMOUNT}
        FROM rev JOIN plan ON plan.id = rev.plan_id
        LEFT JOIN (SELECT subject_id, min(occurred_on) AS held FROM ev WHERE {events} AND ev.kind = 'review_meeting_held'
            GROUP BY subject_id) h ON h.subject_id = rev.id
        WHERE rev.due_on BETWEEN {_day(period.start)} AND {a} AND {_in_force_on("rev.due_on")}
        AND NOT EXISTS (SELECT 1 FROM ev WHERE {events} AND ev.kind = 'review_cancelled' AND ev.subject_id = rev.id)""",
        (),
    )


def _review_decisions(period) -> tuple[str, tuple[str, ...]]:
    from sendcase.statutory.reviews import REVIEW_DECISION_DAYS

    return (
        f"SELECT plan.child_id AS child_ref, {_within('decision_on', 'meeting_on', REVIEW_DECISION_DAYS)} AS hit, {NO_AMOUNT} "
        f"FROM rev JOIN plan ON plan.id = rev.plan_id "
        f"WHERE decision_on BETWEEN {_day(period.start)} AND {_day(period.as_at)} AND meeting_on IS NOT NULL",
        (),
    )


def _amended_plans(period) -> tuple[str, tuple[str, ...]]:
    from sendcase.statutory.reviews import AMENDED_PLAN_DAYS

    return (
        f"SELECT plan.child_id AS child_ref, {_within('amended_plan_issued_on', 'amendment_notice_on', AMENDED_PLAN_DAYS)} AS hit, {NO_AMOUNT} "
        f"FROM rev JOIN plan ON plan.id = rev.plan_id "
        f"WHERE amended_plan_issued_on BETWEEN {_day(period.start)} AND {_day(period.as_at)} AND amendment_notice_on IS NOT NULL",
        (),
    )


def _phase_transfers(period) -> tuple[str, tuple[str, ...]]:
    a = _day(period.as_at)
    return (
        f"SELECT plan.child_id AS child_ref, CASE WHEN pt.named_on <= {a} AND pt.named_on <= pt.deadline THEN 1 ELSE 0 END AS hit, {NO_AMOUNT} "
        f"FROM pt JOIN plan ON plan.id = pt.plan_id "
        f"WHERE pt.deadline BETWEEN {_day(period.start)} AND {a} AND {_in_force_on('pt.deadline')}",
        (),
    )


def _caseloads(period) -> tuple[str, tuple[str, ...]]:
    return (
        # Each officer once, with all their cases, under the team holding most of them (lowest on a tie).
        "SELECT CAST(NULL AS INTEGER) AS child_ref, 1 AS hit, total AS amount, team FROM ("
        "SELECT team, sum(held) OVER (PARTITION BY officer_id) AS total, "
        "row_number() OVER (PARTITION BY officer_id ORDER BY held DESC, team_id) AS n FROM ("
        "SELECT officer_id, team_id, team, count(*) AS held FROM kids WHERE officer_id IS NOT NULL "
        "GROUP BY officer_id, team_id, team)) WHERE n = 1",
        ("team",),
    )


def _unallocated(period) -> tuple[str, tuple[str, ...]]:
    a = _day(period.as_at)
    return (
        f"SELECT k.child_id AS child_ref, 1 AS hit, {NO_AMOUNT} FROM kids k WHERE k.officer_id IS NULL "
        f"AND (k.plan_id IS NOT NULL OR k.child_id IN (SELECT DISTINCT child_id FROM req "
        f"WHERE received_on <= {a} AND (closed_on IS NULL OR closed_on > {a})))",
        (),
    )


def _no_place(period) -> tuple[str, tuple[str, ...]]:
    from sendcase.performance.indicators.context import CHILD_BREAKDOWNS
    from sendcase.performance.indicators.plans import NO_PLACE_LABELS

    reason = _labels("no_place_reason", NO_PLACE_LABELS, otherwise="no_place_reason")
    return (
        f"SELECT child_id AS child_ref, 1 AS hit, no_place_days AS amount, {reason} AS no_place_reason, "
        f"{', '.join(CHILD_BREAKDOWNS)} FROM kids WHERE plan_id IS NOT NULL AND no_place_reason <> ''",
        ("no_place_reason", *CHILD_BREAKDOWNS),
    )


def _settings_share(period, *, group: str) -> tuple[str, tuple[str, ...]]:
    from sendcase.performance.indicators.context import CHILD_BREAKDOWNS

    return (
        f"SELECT child_id AS child_ref, CASE WHEN setting_group = {_text(group)} THEN 1 ELSE 0 END AS hit, {NO_AMOUNT}, "
        f"{', '.join(CHILD_BREAKDOWNS)} FROM kids WHERE plan_id IS NOT NULL AND setting_group <> ''",
        CHILD_BREAKDOWNS,
    )


DUCKDB_SOURCES = {
    "plans_20_weeks_incl_year": partial(_final_plans, exclude_exceptions=False),
    "plans_20_weeks_excl_year": partial(_final_plans, exclude_exceptions=True),
    "plans_20_weeks_incl_rolling": partial(_final_plans, exclude_exceptions=False),
    "plans_20_weeks_excl_rolling": partial(_final_plans, exclude_exceptions=True),
    "decisions_6_weeks": _decisions,
    "advice_6_weeks": _advice,
    "open_requests": _open_requests,
    "requests_refused": _refusals,
    "reviews_12_months": _reviews,
    "review_decisions_4_weeks": _review_decisions,
    "amended_plans_8_weeks": _amended_plans,
    "phase_transfers_named": _phase_transfers,
    "caseload_mean": _caseloads,
    "caseload_max": _caseloads,
    "unallocated_cases": _unallocated,
    "no_place_children": _no_place,
    "no_place_days": _no_place,
    "plans_mainstream": partial(_settings_share, group="mainstream"),
    "plans_special": partial(_settings_share, group="special"),
    "plans_other_settings": partial(_settings_share, group="other"),
}


def _tally(count: int, hits: int | None, total: int | None, amounts: int, largest: int | None):
    """As `counting._tally`: the measures of a group as the `Tally` that `figure_of` reads."""
    from sendcase.performance.indicators.base import Tally

    tally = Tally()
    tally.rows, tally.hits, tally.total = count, hits or 0, total or 0
    tally.amounts, tally.largest = amounts, largest
    return tally


def duckdb_grouped(con, indicator, source: str, own: tuple[str, ...]) -> list[tuple[str, str, object]]:
    """As `counting.figures`: the source grouped overall and by each of the indicator's breakdowns (its own
    column where it has one, else the child's from `kids`), as (breakdown, value, figure); breakdown
    values that are NULL or empty are left out."""
    from sendcase.performance.indicators.base import Tally, figure_of
    from sendcase.performance.models import OVERALL

    names = indicator.breakdowns
    keys = [f"r.{name}" if name in own else f"a.{name}" for name in names]
    join = "LEFT JOIN kids a ON a.child_id = r.child_ref" if any(k.startswith("a.") for k in keys) else ""
    base = f"FROM ({source}) r {join}"
    if names:
        which = " ".join(f"WHEN GROUPING({key}) = 0 THEN {i}" for i, key in enumerate(keys))
        value = "coalesce(" + ", ".join(f"CAST({key} AS VARCHAR)" for key in keys) + ")"
        sets = ", ".join(["()", *(f"({key})" for key in keys)])
        sql = f"SELECT CASE {which} ELSE -1 END, {value}, {MEASURES} {base} GROUP BY GROUPING SETS ({sets})"
    else:
        sql = f"SELECT -1, NULL, {MEASURES} {base}"
    found = []
    for which, value, *measures in con.execute(sql).fetchall():
        fig = figure_of(indicator, _tally(*measures))
        if which == -1:
            found.append((OVERALL, OVERALL, fig))
        elif value:
            found.append((names[which], value[:120], fig))  # as stored (`snapshot_month`)
    if not any(name == OVERALL for name, _, _ in found):
        found.append((OVERALL, OVERALL, figure_of(indicator, Tally())))
    return found


def duckdb_all_figures(folder: Path, as_at: dt.date, cutoff: int) -> dict[tuple[str, str, str], object]:
    """Every figure we store for the month, keyed (indicator, breakdown, breakdown value)."""
    from sendcase.performance.indicators.registry import INDICATOR_LIST

    con = duckdb_connect(folder)
    duckdb_children(con, as_at, cutoff)
    figures = {}
    for indicator in INDICATOR_LIST:
        source, own = DUCKDB_SOURCES[indicator.id](indicator.period(as_at))
        for name, value, fig in duckdb_grouped(con, indicator, source, own):
            figures[(indicator.id, name, value)] = fig
    return figures


ROUNDS = 3


def _timed(call) -> list[float]:
    """Seconds taken by each of ROUNDS calls."""
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def _runs(samples: list[float]) -> str:
    return "(" + ", ".join(f"{s:.2f}" for s in samples) + ")"


def _year_before(period_end: dt.date) -> dt.date:
    """The month end 12 months before `period_end` (a month end)."""
    following = period_end + dt.timedelta(days=1)
    return following.replace(year=following.year - 1) - dt.timedelta(days=1)


def _as_at_changes(as_at: dt.date) -> tuple[int, int]:
    """How many children's locality as at `as_at` (as `CaseContext` reads it) is not where they live
    now, and how many plans in force then had a need other than the plan's own now: the rows the as-at
    rules change that month."""
    from django.db import connection

    from sendcase.performance.indicators.context import CaseContext

    with CaseContext(as_at) as context, connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE t.locality IS DISTINCT FROM c.locality_id), "
            "count(*) FILTER (WHERE t.plan_id IS NOT NULL AND t.primary_need IS DISTINCT FROM NULLIF(p.primary_need, '')) "
            f"FROM {context.table} t JOIN people_child c ON c.id = t.child_id "
            "LEFT JOIN plans_ehcplan p ON p.id = t.plan_id"
        )
        moved, needs = cursor.fetchone()
    return moved, needs


def _check(period_end: dt.date, duck_all: dict, label: str) -> None:
    """Every figure we store for `period_end` checked against DuckDB's, by indicator, breakdown and
    breakdown value."""
    from sendcase.performance.models import IndicatorSnapshot

    ours_all = {
        (indicator, name, value): (numerator, denominator, figure_value)
        for indicator, name, value, numerator, denominator, figure_value in IndicatorSnapshot.objects.filter(
            period_end=period_end
        ).values_list("indicator", "breakdown", "breakdown_value", "numerator", "denominator", "value")
    }
    theirs = {key: (f.numerator, f.denominator, f.value) for key, f in duck_all.items()}
    differ = sorted(key for key in ours_all.keys() | theirs.keys() if ours_all.get(key) != theirs.get(key))
    agreeing = sum(1 for key in ours_all if ours_all[key] == theirs.get(key))
    print(f"Figures agree{label}: {agreeing:,} of {len(ours_all):,} stored")
    for key in differ[:10]:
        print(f"  differ: {' / '.join(key)}: ours {ours_all.get(key)}, DuckDB {theirs.get(key)}")
    if len(differ) > 10:
        print(f"  ... and {len(differ) - 10:,} more")


def run(*, children: int, fresh: bool = False) -> None:
    url = national_url()
    name = urlsplit(url).path.lstrip("/")
    # Generating 640,000 children takes minutes: an existing national database is reused (migrated, so
    # new indexes are built) unless `fresh` is asked for or it holds a different number of children.
    reuse = not fresh and _common.database_exists(url)
    if not reuse:
        _common.recreate_database(url)
    _common.setup_django(url)
    print(f"{'Reusing' if reuse else 'Created'} {name}; migrated in {_common.migrate():.1f} s")

    from decimal import Decimal

    from django.db import connection
    from django.utils import timezone

    from sendcase.performance.compute import previous_month_end, snapshot_month
    from sendcase.performance.indicators.base import window_start
    from sendcase.performance.indicators.context import CaseContext, end_of_day
    from sendcase.performance.indicators.counting import figures_of_all
    from sendcase.performance.indicators.registry import INDICATOR_LIST
    from sendcase.performance.models import IndicatorSnapshot

    period_end = previous_month_end(timezone.localdate())
    connection.ensure_connection()
    raw = connection.connection
    from sendcase.people.models import CaseEvent, Child

    have = Child.objects.count() if reuse else 0
    if reuse and have != children:
        raise SystemExit(f"{name} holds {have:,} children, not {children:,}: run with --fresh")
    if not reuse:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")  # no FK triggers during the bulk load
        counts = generate(raw, children=children, as_of=period_end)
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
        _common.settle()
        print(
            f"Generated with COPY in {time.perf_counter() - started:.0f} s: "
            + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        )
    else:
        print(f"  {have:,} children, {CaseEvent.objects.count():,} case events")

    # Each side runs once to warm up (table pages into memory, DuckDB's file metadata), then ROUNDS times:
    # the figures compared are medians.
    snapshot_month(period_end)
    ours_runs = _timed(lambda: snapshot_month(period_end))
    ours = _common.median(ours_runs)
    overall = {
        s.indicator: s for s in IndicatorSnapshot.objects.filter(period_end=period_end, breakdown="all")
    }
    stored = IndicatorSnapshot.objects.filter(period_end=period_end).count()
    print(
        f"Ours: full recomputation of {len(INDICATOR_LIST)} indicators for {period_end:%B %Y} "
        f"(overall and every breakdown, {stored:,} figures, stored): median {ours:.1f} s {_runs(ours_runs)}"
    )

    def compute_only() -> None:
        with CaseContext(period_end) as context:  # as snapshot_month reads it
            figures_of_all(INDICATOR_LIST, period_end, context)

    compute_runs = _timed(compute_only)
    ours_compute = _common.median(compute_runs)
    print(f"Ours: the same computation without storing: median {ours_compute:.1f} s {_runs(compute_runs)}")

    with tempfile.TemporaryDirectory(prefix="kpi-parquet-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        export_parquet(raw, folder)
        print(
            f"Parquet export of the tables the indicators read: {time.perf_counter() - started:.1f} s "
            f"({sum(p.stat().st_size for p in folder.glob('*.parquet')) / 1e6:.0f} MB)"
        )
        # The end of the day in microseconds since the epoch, as the allocation times are exported.
        cutoff = int(end_of_day(period_end).timestamp()) * 1_000_000
        args = (
            folder,
            period_end,
            window_start(period_end, "calendar_year"),
            window_start(period_end, "rolling_12"),
            cutoff,
        )
        duck = duckdb_figures(*args)  # warm-up: file metadata and the query planner
        duck_runs = _timed(lambda: duckdb_figures(*args))
        duck_time = _common.median(duck_runs)
        duck_all = duckdb_all_figures(folder, period_end, cutoff)  # warm-up
        duck_all_runs = _timed(lambda: duckdb_all_figures(folder, period_end, cutoff))
        duck_all_time = _common.median(duck_all_runs)
        # Every figure a year earlier too. Moves and amendments all come before the month timed, so as at
        # its end every locality and need is today's; a year earlier the as-at rules change thousands of
        # them, and this is where both sides must apply them alike (and where looking them up costs most).
        year_before = _year_before(period_end)
        before_cutoff = int(end_of_day(year_before).timestamp()) * 1_000_000
        duck_before = duckdb_all_figures(folder, year_before, before_cutoff)  # warm-up
        duck_before_runs = _timed(lambda: duckdb_all_figures(folder, year_before, before_cutoff))

    def agrees(key: str) -> bool:
        snap, (n, dnm) = overall[key], duck[key]
        if key == "caseload_max":
            return Decimal(n or 0) == (snap.value or 0)
        if dnm is None:
            return Decimal(n) == snap.value
        return Decimal(n) == snap.numerator and Decimal(dnm) == snap.denominator

    disagree = [k for k in duck if not agrees(k)]
    print(
        f"DuckDB over Parquet: overall figures of the same {len(duck)} indicators: "
        f"median {duck_time:.2f} s {_runs(duck_runs)}"
    )
    print(
        f"Figures agree: {len(duck) - len(disagree)} of {len(duck)}"
        + (f" (differ: {', '.join(disagree)})" if disagree else "")
    )
    print(
        f"DuckDB over Parquet: every figure we store (overall and every breakdown, {len(duck_all):,} figures): "
        f"median {duck_all_time:.2f} s {_runs(duck_all_runs)}"
    )
    # Every stored figure checked against DuckDB's, by indicator, breakdown and breakdown value.
    _check(period_end, duck_all, "")
    snapshot_month(year_before)  # warm-up
    before_runs = _timed(lambda: snapshot_month(year_before))
    moved, needs = _as_at_changes(year_before)
    print(
        f"A year earlier, {year_before:%-d %B %Y}: ours (full, stored) median {_common.median(before_runs):.1f} s "
        f"{_runs(before_runs)}; DuckDB (every figure) median {_common.median(duck_before_runs):.2f} s "
        f"{_runs(duck_before_runs)}; ratio {_common.median(before_runs) / _common.median(duck_before_runs):.1f}"
    )
    _check(
        year_before,
        duck_before,
        f" as at {year_before:%-d %B %Y} ({moved:,} children's locality and {needs:,} plans' need then "
        "not today's)",
    )
    print(
        f"Ratio: ours (full, stored) / DuckDB = {ours / duck_time:.1f}; ours (compute only) / DuckDB = {ours_compute / duck_time:.1f}"
    )
    print(
        f"Ratio, like for like: ours (full, stored) / DuckDB (every figure) = {ours / duck_all_time:.1f}; "
        f"ours (compute only) / DuckDB (every figure) = {ours_compute / duck_all_time:.1f}"
    )
