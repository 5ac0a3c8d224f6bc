"""Children and their contacts, as plain values ready to become rows.

Who the children are follows the authority's requests for assessment (requests.csv): sex, ethnicity and
age when the request came in. Identifiers are synthetic but valid: UPNs from `make_upn` (LA 330, the
synthetic establishments' authority, with establishment numbers 9000 upwards that no real school uses),
NHS numbers from `make_nhs_number` (999 test range), ULNs with a correct check digit.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sendcase.core.identifiers import SYNTHETIC_NHS_SEEDS, make_nhs_number, make_upn, uln_check_digit
from sendcase.people.models import ContactMethod, Relationship

from . import names
from .proportions import Proportions
from .reference import LocalityRef
from .sampling import Weighted, between, one_of

UPN_LA = 330
# Establishment numbers 9000-9999 in a UPN: one block of 1,000 serials each, so every child gets a
# different UPN for up to a million children.
UPN_ESTABLISHMENT_BASE = 9000
TOWN = "Synthetic City"

# DfE's "Unclassified" covers refused and not yet obtained without saying how it splits: half each.
_UNCLASSIFIED = Weighted.of({"NOBT": 1, "REFU": 1})

# Demo assumptions (the DfE files publish none of these): how many contacts a child has, who they are,
# and how they like to be contacted. Letters matter: the service must post to those who ask.
_CONTACT_COUNT = Weighted.of({1: 34, 2: 58, 3: 8})
_FIRST_CONTACT = Weighted.of(
    {
        Relationship.MOTHER: 70,
        Relationship.FATHER: 12,
        Relationship.PARENT: 4,
        Relationship.FOSTER_CARER: 5,
        Relationship.KINSHIP_CARER: 3,
        Relationship.GRANDPARENT: 4,
        Relationship.STEP_PARENT: 2,
    }
)
_OTHER_CONTACT = Weighted.of(
    {
        Relationship.FATHER: 55,
        Relationship.MOTHER: 10,
        Relationship.STEP_PARENT: 10,
        Relationship.GRANDPARENT: 12,
        Relationship.SOCIAL_WORKER: 8,
        Relationship.ADVOCATE: 3,
        Relationship.OTHER: 2,
    }
)
_PREFERRED_CONTACT = Weighted.of(
    {ContactMethod.EMAIL: 52, ContactMethod.TEXT: 18, ContactMethod.PHONE: 14, ContactMethod.LETTER: 16}
)
_COMMUNICATION_NEEDS = (
    "Please send letters in large print.",
    "Parent is Deaf and uses British Sign Language: book a BSL interpreter for meetings.",
    "Please phone before sending anything by post.",
    "Parent has dyslexia: please explain letters by phone as well.",
    "Prefers meetings after 3pm because of work.",
    "Please use easy read documents.",
)
_WITH_PARENTAL_RESPONSIBILITY = {
    Relationship.MOTHER,
    Relationship.FATHER,
    Relationship.PARENT,
    Relationship.STEP_PARENT,
}
_FEMALE = {Relationship.MOTHER}
_MALE = {Relationship.FATHER}


@dataclass(slots=True)
class ContactSpec:
    first_name: str
    last_name: str
    relationship: str
    parental_responsibility: bool
    email: str
    phone: str
    address: str
    postcode: str
    preferred_contact: str
    communication_needs: str
    language: str
    interpreter_needed: bool
    is_main_contact: bool


@dataclass(slots=True)
class ChildSpec:
    legal_first_name: str
    legal_middle_names: str
    legal_last_name: str
    preferred_name: str
    date_of_birth: dt.date
    sex: str
    ethnicity: str
    upn: str
    uln: str
    nhs_number: str
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    locality_id: int
    first_language: str
    interpreter_needed: bool
    acts_for_self: bool
    contacts: list[ContactSpec] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.preferred_name or self.legal_first_name} {self.legal_last_name}"


def age_on(born: dt.date, on: dt.date) -> int:
    """Whole years of age on a date (a 29 February birthday counts from 1 March in other years)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def date_of_birth_for(
    rng: random.Random, props: Proportions, received_on: dt.date, as_of: dt.date
) -> dt.date:
    """A birth date giving the published age mix at request, and nobody older than 25 on `as_of`."""
    for _ in range(100):
        low, high = props.age_at_request.pick(rng)
        # Under-ones are rarely referred: the youngest band starts at six months.
        days = between(rng, low * 365 + (180 if low == 0 else 0), high * 365 + 364)
        born = received_on - dt.timedelta(days=days)
        if age_on(born, as_of) <= 25:
            return born
    # Only reachable for requests more than 25 years before as_of, which the histories never make.
    return as_of - dt.timedelta(days=20 * 365)


def _uln(rng: random.Random) -> str:
    while True:
        nine = f"{between(rng, 1, 9)}{between(rng, 0, 99_999_999):08d}"
        check = uln_check_digit(nine)
        if check is not None:
            return f"{nine}{check}"


def make_child(
    rng: random.Random,
    *,
    index: int,
    props: Proportions,
    locality: LocalityRef,
    born: dt.date,
    as_of: dt.date,
    nhs_offset: int,
) -> ChildSpec:
    sex = props.sex.pick(rng)
    ethnicity = props.ethnicity.pick(rng)
    if ethnicity == "UNCLASSIFIED":
        ethnicity = _UNCLASSIFIED.pick(rng)
    last = names.last_name(rng)
    first = names.first_name(rng, sex)
    middle = names.first_name(rng, sex) if rng.random() < 0.45 else ""
    preferred = names.first_name(rng, sex) if rng.random() < 0.04 else ""
    age = age_on(born, as_of)
    # A UPN is issued when a child first joins a school (around four); some records still lack one.
    upn = ""
    if age >= 4 and rng.random() < 0.93:
        issued = min(born.year + 4 + between(rng, 0, 1), as_of.year)
        upn = make_upn(UPN_LA, UPN_ESTABLISHMENT_BASE + index // 1000, issued % 100, index % 1000)
    # Unique within a run: an affine walk over the test range (7919 is prime, so coprime with 900,000).
    nhs = make_nhs_number((nhs_offset + index * 7919) % SYNTHETIC_NHS_SEEDS) if rng.random() < 0.96 else ""
    uln = _uln(rng) if age >= 14 and rng.random() < 0.8 else ""
    district = one_of(rng, locality.districts)
    language = names.language_for(rng, ethnicity)
    child = ChildSpec(
        legal_first_name=first,
        legal_middle_names=middle,
        legal_last_name=last,
        preferred_name=preferred,
        date_of_birth=born,
        sex=sex,
        ethnicity=ethnicity,
        upn=upn,
        uln=uln,
        nhs_number=nhs,
        address_line_1=names.house_address(rng),
        address_line_2=locality.name if rng.random() < 0.3 else "",
        town=TOWN,
        postcode=names.postcode(rng, district),
        locality_id=locality.id,
        # Children new to English sometimes need an interpreter themselves; most families do not.
        first_language=language if rng.random() < 0.6 else "English",
        interpreter_needed=False,
        acts_for_self=age >= 16 and rng.random() < 0.55,
    )
    child.interpreter_needed = child.first_language != "English" and rng.random() < 0.25
    child.contacts = _contacts(rng, child, language, index)
    return child


def _contacts(rng: random.Random, child: ChildSpec, language: str, index: int) -> list[ContactSpec]:
    out: list[ContactSpec] = []
    count = _CONTACT_COUNT.pick(rng)
    address = "\n".join(line for line in (child.address_line_1, child.address_line_2, child.town) if line)
    for n in range(count):
        relationship = _FIRST_CONTACT.pick(rng) if n == 0 else _OTHER_CONTACT.pick(rng)
        if out and relationship == out[0].relationship and relationship in (_FEMALE | _MALE):
            relationship = Relationship.FATHER if relationship == Relationship.MOTHER else Relationship.MOTHER
        sex = "F" if relationship in _FEMALE else "M" if relationship in _MALE else one_of(rng, "FM")
        first = names.first_name(rng, sex)
        shares_name = relationship in (_FEMALE | _MALE | {Relationship.PARENT}) and rng.random() < 0.75
        last = child.legal_last_name if shares_name else names.last_name(rng)
        professional = relationship in (Relationship.SOCIAL_WORKER, Relationship.ADVOCATE)
        lives_with = n == 0 or (not professional and rng.random() < 0.6)
        speaks = "English" if professional else (language if rng.random() < 0.9 else "English")
        interpreter = speaks != "English" and rng.random() < names.INTERPRETER_SHARE
        preferred = _PREFERRED_CONTACT.pick(rng)
        if interpreter and preferred == ContactMethod.EMAIL and rng.random() < 0.5:
            # Families who need an interpreter more often ask for a call or a letter they can have read.
            preferred = one_of(rng, [ContactMethod.PHONE, ContactMethod.LETTER])
        out.append(
            ContactSpec(
                first_name=first,
                last_name=last,
                relationship=relationship,
                parental_responsibility=relationship in _WITH_PARENTAL_RESPONSIBILITY
                or (relationship == Relationship.KINSHIP_CARER and rng.random() < 0.5),
                email=names.email(first, last, index * 10 + n) if rng.random() < 0.9 else "",
                phone=names.mobile(rng) if rng.random() < 0.85 else names.landline(rng),
                address=address if lives_with else "",
                postcode=child.postcode if lives_with else "",
                preferred_contact=preferred,
                communication_needs=one_of(rng, _COMMUNICATION_NEEDS) if rng.random() < 0.06 else "",
                language=speaks,
                interpreter_needed=interpreter,
                is_main_contact=n == 0,
            )
        )
    return out
