"""The authority's reference data and staff: localities, establishments, teams and user accounts.

Establishments and their localities come from the synthetic GIAS file shipped with settings_data
(`load_synthetic_establishments`). Users are made with Django's user manager (`create_user`), teams and
memberships with the caseload services, so they are exactly what the service itself would create.

Only the demo logins (one per role, plus the busiest officer) get the demo password; every other
synthetic colleague has an unusable password, so no account exists that nobody was told about.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db.models import Q

from sendcase.caseload.services import team_create, team_member_set
from sendcase.core.models import Role, User
from sendcase.settings_data.gias import SYNTHETIC_FILE, load_synthetic_establishments
from sendcase.settings_data.models import Establishment, Locality

from . import names
from .allocations import Staffing
from .reference import EstablishmentRef, LocalityRef, Reference
from .sampling import one_of
from .writer import StaffIds

# Outward codes for a locality with no establishments to take them from.
_FALLBACK_DISTRICTS = ("B1", "B2", "B3", "B4", "B5")
EMAIL_DOMAIN = "example.org"


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    name: str
    password: str
    note: str = ""


# The demo logins: username, role, job title, what the account shows off.
FIXED_ACCOUNTS = (
    ("head", Role.HEAD_OF_SERVICE, "Head of SEND Service", "every team's caseloads and overdue steps"),
    ("board", Role.READ_ONLY, "Improvement Board member", "read-only oversight"),
    ("admin", Role.ADMINISTRATOR, "System administrator", "audit log and Django admin"),
    ("integration", Role.SERVICE_ACCOUNT, "Integration (API)", "API access"),
    (
        "programme",
        Role.PROGRAMME_OFFICER,
        "SEND Improvement Programme Officer",
        "the improvement plan and board packs",
    ),
    (
        "data",
        Role.DATA_OFFICER,
        "Data and performance officer",
        "imports, duplicates, data quality and the SEN2 return",
    ),
)
MANAGER_USERNAME = "manager"
OFFICER_USERNAME = "officer"
BUSY_OFFICER_USERNAME = "busy.officer"
# Family portal demo logins (made by sendcase.portal.demo, linked to seeded children).
FAMILY_DEMO_USERNAMES = frozenset(
    {"parent.draft@example.org", "parent.plan@example.org", "parent.assessment@example.org"}
)
# The school and advice-service logins made by sendcase.portal.partners_demo.
PARTNER_USERNAMES = ("senco", "ep")
DEMO_USERNAMES = frozenset(
    {
        *(a[0] for a in FIXED_ACCOUNTS),
        MANAGER_USERNAME,
        OFFICER_USERNAME,
        BUSY_OFFICER_USERNAME,
        *FAMILY_DEMO_USERNAMES,
        *PARTNER_USERNAMES,
    }
)


def _synthetic_urns() -> set[int]:
    with SYNTHETIC_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return {int(row["URN"]) for row in csv.DictReader(handle) if (row.get("URN") or "").strip().isdigit()}


def load_reference() -> Reference:
    """Load the synthetic establishments (idempotent) and return them, with their localities, as values.

    Only the synthetic file's establishments are used, so a database that also holds a real GIAS extract
    still gets the same demo for the same seed.
    """
    load_synthetic_establishments(acting_user=None)
    rows = list(
        Establishment.objects.filter(urn__in=_synthetic_urns(), is_open=True)
        .order_by("urn")
        .values("id", "name", "kind", "phase", "locality_id", "postcode")
    )
    locality_ids = {row["locality_id"] for row in rows if row["locality_id"]}
    localities = []
    for locality in Locality.objects.filter(Q(id__in=locality_ids)).order_by("name"):
        districts = sorted(
            {
                row["postcode"].split()[0]
                for row in rows
                if row["locality_id"] == locality.id and row["postcode"]
            }
        )
        localities.append(LocalityRef(locality.id, locality.name, tuple(districts) or _FALLBACK_DISTRICTS))
    establishments = [
        EstablishmentRef(row["id"], row["name"], row["kind"], row["phase"], row["locality_id"])
        for row in rows
    ]
    return Reference(localities=localities, establishments=establishments)


def _person(rng: random.Random, taken: set[str], username: str | None = None) -> tuple[str, str, str]:
    first, last = names.first_name(rng, one_of(rng, "FM")), names.last_name(rng)
    if username is None:
        base = f"{names._ascii(first)}.{names._ascii(last)}"
        username, n = base, 1
        while username in taken:
            n += 1
            username = f"{base}{n}"
    taken.add(username)
    return username, first, last


def _user(username: str, first: str, last: str, role: str, title: str, encoded: str | None, **extra) -> User:
    """A user made by Django's user manager. `encoded` is the demo password already hashed, or None for
    an unusable password (the account exists but nobody can sign in as it)."""
    create = User.objects.create_superuser if extra.pop("superuser", False) else User.objects.create_user
    user = create(
        username=username,
        email=f"{username}@{EMAIL_DOMAIN}",
        password=None,
        first_name=first,
        last_name=last,
        role=role,
        job_title=title,
        **extra,
    )
    if encoded is not None:
        user.password = encoded
        user.save(update_fields=["password"])
    return user


def create_staff(
    *, reference: Reference, staffing: Staffing, password: str, seed: int
) -> tuple[StaffIds, list[Login]]:
    """Every user, team and membership; returns who acts in the histories and the demo logins."""
    rng = random.Random(f"sendcase-demo:{seed}:staff")
    # Hashed once for every demo login: the hasher is deliberately slow (about half a second here), and
    # these accounts share one published password anyway, so a salt each would protect nothing.
    encoded = make_password(password)
    taken: set[str] = set(DEMO_USERNAMES)
    logins: list[Login] = []
    fixed: dict[str, User] = {}
    for username, role, title, note in FIXED_ACCOUNTS:
        _, first, last = _person(rng, taken, username)
        fixed[username] = _user(
            username,
            first,
            last,
            role,
            title,
            encoded,
            superuser=role == Role.ADMINISTRATOR,
        )
        logins.append(Login(username, Role(role).label, f"{first} {last}", password, note))
    head = fixed["head"]

    managers: list[User] = []
    teams = []
    officers: dict[tuple[int, int], User] = {}
    normal_login_done = False
    for team_index, locality in enumerate(reference.localities):
        username, first, last = _person(rng, taken, MANAGER_USERNAME if team_index == 0 else None)
        manager = _user(
            username,
            first,
            last,
            Role.TEAM_MANAGER,
            f"SEND Team Manager, {locality.name}",
            encoded if team_index == 0 else None,
        )
        if team_index == 0:
            logins.append(
                Login(
                    username, Role.TEAM_MANAGER.label, f"{first} {last}", password, f"manages {locality.name}"
                )
            )
        team = team_create(
            acting_user=head,
            name=f"{locality.name} SEND team",
            locality=Locality.objects.get(pk=locality.id),
            manager=manager,
        )
        team_member_set(acting_user=head, user=manager, team=team)
        managers.append(manager)
        teams.append(team)
        for number in range(staffing.officers_per_team[team_index]):
            key = (team_index, number)
            login_name = None
            if key in staffing.overloaded and BUSY_OFFICER_USERNAME not in {x.username for x in logins}:
                login_name = BUSY_OFFICER_USERNAME
            elif team_index == 0 and key not in staffing.overloaded and not normal_login_done:
                login_name = OFFICER_USERNAME
                normal_login_done = True
            username, first, last = _person(rng, taken, login_name)
            officer = _user(
                username,
                first,
                last,
                Role.CASE_OFFICER,
                "SEN Case Officer",
                encoded if login_name else None,
            )
            team_member_set(acting_user=head, user=officer, team=team)
            officers[key] = officer
            if login_name == BUSY_OFFICER_USERNAME:
                note = f"over the caseload threshold ({staffing.overloaded[key]} open cases)"
                logins.append(Login(username, Role.CASE_OFFICER.label, f"{first} {last}", password, note))
            elif login_name:
                logins.append(
                    Login(username, Role.CASE_OFFICER.label, f"{first} {last}", password, locality.name)
                )
    # Officers first after the head: the order people look for them in.
    order = {Role.CASE_OFFICER.label: 0, Role.TEAM_MANAGER.label: 1}
    logins.sort(key=lambda x: order.get(x.role, 2))
    return StaffIds(managers=managers, officers=officers, teams=teams), logins
