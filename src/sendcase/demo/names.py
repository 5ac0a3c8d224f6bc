"""Names, addresses and contact details that look real but belong to nobody.

Names come from Faker's en_GB provider data, drawn with the demo's own seeded generator: calling Faker
per name is about fifteen times slower at 25,000 children, and its output can change between Faker
releases for the same seed. Telephone numbers are in Ofcom's ranges reserved for drama (never issued);
email addresses use example.com (reserved by RFC 2606); NHS numbers are in the 999 test range.
"""

from __future__ import annotations

import random
import re
import unicodedata

from faker.providers.person.en_GB import Provider as PersonProvider

from .sampling import Weighted, between, one_of

FIRST_NAMES = {"F": tuple(PersonProvider.first_names_female), "M": tuple(PersonProvider.first_names_male)}
LAST_NAMES: Weighted[str] = Weighted.of(PersonProvider.last_names)

# British street types (Faker's en_GB list is mostly American: "Canyon", "Burg").
_STREET_TYPES = Weighted.of(
    {
        "Road": 30,
        "Street": 14,
        "Avenue": 10,
        "Close": 9,
        "Lane": 8,
        "Grove": 6,
        "Drive": 6,
        "Way": 4,
        "Crescent": 4,
        "Gardens": 3,
        "Place": 2,
        "Croft": 2,
        "Walk": 1,
        "Mews": 1,
        "Terrace": 2,
    }
)
_STREET_STEMS = (
    "Oak", "Ash", "Elm", "Beech", "Rowan", "Willow", "Hawthorn", "Chestnut", "Station", "Church", "Mill",
    "Park", "Victoria", "Albert", "Kings", "Queens", "Meadow", "Brook", "Green", "Holly", "Cedar", "Linden",
    "Orchard", "Canal", "Wharf", "Bridge", "School", "Grange", "Moor", "Heath",
)  # fmt: skip

# Languages a family may prefer, by the child's ethnicity code; the rest speak English. Used for the
# contact's language and whether they need an interpreter, which the service must plan letters around.
LANGUAGES: dict[str, Weighted[str]] = {
    "APKN": Weighted.of({"Urdu": 5, "Punjabi": 3, "Pahari": 2, "Mirpuri": 1}),
    "ABAN": Weighted.of({"Bengali": 5, "Sylheti": 4}),
    "AIND": Weighted.of({"Punjabi": 5, "Gujarati": 3, "Hindi": 2}),
    "AOTH": Weighted.of({"Tamil": 2, "Pashto": 3, "Nepali": 1, "Dari": 2}),
    "BAFR": Weighted.of({"Somali": 5, "Tigrinya": 2, "Arabic": 2, "French": 2, "Amharic": 1}),
    "BOTH": Weighted.of({"French": 1, "Portuguese": 1}),
    "WOTH": Weighted.of({"Polish": 4, "Romanian": 4, "Portuguese": 2, "Lithuanian": 1, "Ukrainian": 2}),
    "WROM": Weighted.of({"Romanes": 2, "Romanian": 2, "Slovak": 1}),
    "CHNE": Weighted.of({"Cantonese": 3, "Mandarin": 3}),
    "OOTH": Weighted.of({"Arabic": 5, "Kurdish": 3, "Farsi": 2, "Pashto": 1}),
    "MOTH": Weighted.of({"Arabic": 1, "Spanish": 1}),
}
# Share of contacts of each ethnicity whose main language is not English (a demo assumption; the DfE
# files publish no language figures).
OTHER_LANGUAGE_SHARE = {
    "APKN": 0.30, "ABAN": 0.35, "AIND": 0.2, "AOTH": 0.35, "BAFR": 0.35, "BOTH": 0.1, "WOTH": 0.45,
    "WROM": 0.5, "CHNE": 0.4, "OOTH": 0.45, "MOTH": 0.05,
}  # fmt: skip
# Of those, the share who ask for an interpreter.
INTERPRETER_SHARE = 0.45

_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # Royal Mail never uses C, I, K, M, O or V here


def first_name(rng: random.Random, sex: str) -> str:
    pool = FIRST_NAMES.get(sex) or FIRST_NAMES[one_of(rng, "FM")]
    return one_of(rng, pool)


def last_name(rng: random.Random) -> str:
    return LAST_NAMES.pick(rng)


def street(rng: random.Random) -> str:
    stem = one_of(rng, _STREET_STEMS) if rng.random() < 0.6 else last_name(rng)
    return f"{stem} {_STREET_TYPES.pick(rng)}"


def house_address(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return f"Flat {between(rng, 1, 40)}, {one_of(rng, _STREET_STEMS)} Court"
    return f"{between(rng, 1, 240)} {street(rng)}"


def postcode(rng: random.Random, district: str) -> str:
    """A postcode in `district` (an outward code such as "B23") with a made-up inward code."""
    return f"{district} {between(rng, 1, 9)}{one_of(rng, _INWARD_LETTERS)}{one_of(rng, _INWARD_LETTERS)}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", folded.lower())


def email(first: str, last: str, serial: int) -> str:
    return f"{_ascii(first)}.{_ascii(last)}{serial}@example.com"


def mobile(rng: random.Random) -> str:
    # Ofcom reserves 07700 900000 to 900999 for drama: they are never allocated to a real line.
    return f"07700 900{between(rng, 0, 999):03d}"


def landline(rng: random.Random) -> str:
    # Ofcom's drama range for the 0121 area: 0121 496 0000 to 0999.
    return f"0121 496 0{between(rng, 0, 999):03d}"


def language_for(rng: random.Random, ethnicity: str) -> str:
    """The family's main language: English unless drawn otherwise for their background."""
    table = LANGUAGES.get(ethnicity)
    if table is None or rng.random() >= OTHER_LANGUAGE_SHARE.get(ethnicity, 0.0):
        return "English"
    return table.pick(rng)
