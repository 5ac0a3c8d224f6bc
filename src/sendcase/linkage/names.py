"""Standardising the items compared, so that spelling conventions do not hide a match: names lower case
with accents and punctuation removed, common English nicknames mapped to one form, postcodes without
spaces, identifiers upper case. Pure functions: the matcher and the synthetic generator share them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Short forms seen on school and health records, mapped to one form so "Kate" and "Katherine" agree.
# Deliberately small: a nickname that maps two unrelated names together would lower precision.
NICKNAMES: dict[str, str] = {
    "alex": "alexander",
    "alexandra": "alexander",
    "sandy": "alexander",
    "andy": "andrew",
    "drew": "andrew",
    "ben": "benjamin",
    "benji": "benjamin",
    "charlie": "charles",
    "chaz": "charles",
    "chris": "christopher",
    "kit": "christopher",
    "dan": "daniel",
    "danny": "daniel",
    "dave": "david",
    "davey": "david",
    "ed": "edward",
    "eddie": "edward",
    "ted": "edward",
    "teddy": "edward",
    "freddie": "frederick",
    "fred": "frederick",
    "freddy": "frederick",
    "harry": "henry",
    "hal": "henry",
    "jack": "john",
    "johnny": "john",
    "jon": "john",
    "jake": "jacob",
    "jim": "james",
    "jimmy": "james",
    "jamie": "james",
    "joe": "joseph",
    "joey": "joseph",
    "josh": "joshua",
    "matt": "matthew",
    "mike": "michael",
    "mikey": "michael",
    "mick": "michael",
    "nick": "nicholas",
    "ollie": "oliver",
    "olly": "oliver",
    "sam": "samuel",
    "sammy": "samuel",
    "tom": "thomas",
    "tommy": "thomas",
    "will": "william",
    "bill": "william",
    "billy": "william",
    "liam": "william",
    "zack": "zachary",
    "zach": "zachary",
    "abbie": "abigail",
    "abby": "abigail",
    "beth": "elizabeth",
    "liz": "elizabeth",
    "lizzie": "elizabeth",
    "betty": "elizabeth",
    "eliza": "elizabeth",
    "cathy": "catherine",
    "kate": "catherine",
    "katie": "catherine",
    "katherine": "catherine",
    "kathryn": "catherine",
    "kat": "catherine",
    "ellie": "eleanor",
    "nell": "eleanor",
    "em": "emily",
    "emmy": "emily",
    "izzy": "isabella",
    "bella": "isabella",
    "isabel": "isabella",
    "isabelle": "isabella",
    "jess": "jessica",
    "jessie": "jessica",
    "lucy": "lucinda",
    "maddie": "madison",
    "maddy": "madison",
    "meg": "margaret",
    "maggie": "margaret",
    "peggy": "margaret",
    "millie": "amelia",
    "milly": "amelia",
    "molly": "mary",
    "polly": "mary",
    "rosie": "rose",
    "sophie": "sophia",
    "tilly": "matilda",
    "tillie": "matilda",
    "mo": "mohammed",
    "mohammad": "mohammed",
    "muhammad": "mohammed",
    "mohamed": "mohammed",
    "muhammed": "mohammed",
}


def clean_name(name: str | None) -> str | None:
    """'Zoë O'Brien-Smith' -> 'zoe obriensmith' style key; None when nothing is left."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    key = "".join(ch for ch in decomposed.casefold() if ch.isalpha())
    return key or None


def canonical_first_name(name: str | None) -> str | None:
    key = clean_name(name)
    return NICKNAMES.get(key, key) if key else None


def clean_postcode(postcode: str | None) -> str | None:
    compact = re.sub(r"[^0-9A-Za-z]", "", postcode or "").upper()
    return compact or None


def clean_identifier(value: str | None) -> str | None:
    compact = re.sub(r"[\s-]+", "", value or "").upper()
    return compact or None


def iso_date(value: dt.date | str | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def swapped_day_month(iso: str | None) -> str | None:
    """'2015-03-07' -> '2015-07-03' (the date with day and month transposed), or None when that date
    cannot exist or day and month are equal (the swap changes nothing)."""
    if not iso or len(iso) < 10:
        return None
    year, month, day = iso[:4], iso[5:7], iso[8:10]
    if month == day:
        return None
    try:
        return dt.date(int(year), int(day), int(month)).isoformat()
    except ValueError:
        return None
