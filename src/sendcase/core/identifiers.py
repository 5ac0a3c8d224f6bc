"""Identifiers on a child's record: UPN, ULN, NHS number and postcode.

Pure functions with no database access. Each `validate_*` takes what a person typed, returns the
normalised value (upper case, no stray spaces) or raises Django's `ValidationError` with a message in the
GOV.UK style that says what to enter. The `make_*` helpers build valid synthetic identifiers for demo data
and tests; no real identifier is ever needed.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# --- Unique pupil number (UPN) -------------------------------------------------------------------
#
# DfE "Unique pupil numbers" guidance: 13 characters. Character 1 is a check letter; 2-4 the LA number,
# 5-8 the establishment number, 9-10 the last two digits of the year of issue, 11-12 a serial, and 13 a
# digit (permanent UPN) or a letter (temporary UPN). The check letter: multiply characters 2..13 by the
# weights 2..13 (a temporary UPN's final letter counts as its value in the table below), sum, take the
# remainder mod 23 and look it up in the same table. I, O and S are never used, so they cannot be
# confused with 1, 0 and 5.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # index = value, 0..22
_UPN_LETTER_VALUE = {letter: value for value, letter in enumerate(UPN_LETTERS)}
_UPN_SHAPE = re.compile(rf"^[{UPN_LETTERS}][0-9]{{11}}[0-9{UPN_LETTERS}]$")
UPN_MESSAGE = (
    "Enter a real UPN, like H801200001001. It has 13 characters: a letter, 11 numbers, "
    "then a number or (for a temporary UPN) a letter"
)


def upn_check_letter(twelve: str) -> str:
    """The check letter for the 12 characters that follow it (11 digits, then a digit or a letter)."""
    twelve = twelve.upper()
    if len(twelve) != 12 or not twelve[:11].isdigit():
        raise ValueError("A UPN's last 12 characters are 11 digits then a digit or a letter.")
    total = 0
    for weight, char in enumerate(twelve, start=2):
        if char.isdigit():
            value = int(char)
        elif char in _UPN_LETTER_VALUE and weight == 13:
            value = _UPN_LETTER_VALUE[char]
        else:
            raise ValueError(f"{char!r} cannot appear at position {weight} of a UPN.")
        total += weight * value
    return UPN_LETTERS[total % 23]


def validate_upn(value: str) -> str:
    """Return the UPN in upper case without spaces, or raise ValidationError."""
    upn = re.sub(r"\s+", "", str(value or "")).upper()
    if not _UPN_SHAPE.match(upn) or upn_check_letter(upn[1:]) != upn[0]:
        raise ValidationError(UPN_MESSAGE, code="invalid_upn")
    return upn


def is_temporary_upn(upn: str) -> bool:
    return len(upn) == 13 and upn[-1].isalpha()


def make_upn(la: int, estab: int, year: int, serial: int) -> str:
    """A valid permanent UPN built from its parts, for synthetic data.

    `serial` takes the last three characters (0-999): the two serial digits and the final digit.
    """
    if not (0 <= la <= 999 and 0 <= estab <= 9999 and 0 <= year <= 99 and 0 <= serial <= 999):
        raise ValueError("la 0-999, estab 0-9999, year 0-99 and serial 0-999 are the ranges a UPN holds.")
    twelve = f"{la:03d}{estab:04d}{year:02d}{serial:03d}"
    return upn_check_letter(twelve) + twelve


# --- Unique learner number (ULN) -----------------------------------------------------------------
#
# Learning Records Service rule (as used in the school census, error 1575, and by HESA): ten digits, the
# first not zero. Multiply digits 1..9 by the weights 10..2 and sum; take the remainder mod 11. The check
# digit (digit 10) is 10 minus the remainder. A remainder of 0 would need a check "digit" of 10, so no ULN
# has one: such a number is invalid. (Equivalently, HESA's form: the sum of all ten digits times 10..1
# leaves remainder 10 mod 11.)
ULN_MESSAGE = "Enter a real ULN. It has 10 numbers and does not start with 0, like 9276308686"


def uln_check_digit(nine: str) -> int | None:
    """The ULN check digit for the first nine digits, or None when no digit can make them valid."""
    if len(nine) != 9 or not nine.isdigit():
        raise ValueError("A ULN's first part is 9 digits.")
    remainder = sum(weight * int(d) for weight, d in zip(range(10, 1, -1), nine, strict=True)) % 11
    return None if remainder == 0 else 10 - remainder


def validate_uln(value: str) -> str:
    uln = re.sub(r"\s+", "", str(value or ""))
    if len(uln) != 10 or not uln.isdigit() or uln[0] == "0" or uln_check_digit(uln[:9]) != int(uln[9]):
        raise ValidationError(ULN_MESSAGE, code="invalid_uln")
    return uln


# --- NHS number ----------------------------------------------------------------------------------
#
# NHS Data Dictionary, modulus 11: multiply digits 1..9 by the weights 10..2, sum, take the remainder
# mod 11 and subtract it from 11. 11 becomes a check digit of 0; 10 means the nine digits can never form
# a valid number. Numbers starting 999 are reserved for testing and are never issued to patients, so the
# synthetic generator stays in that range.
NHS_MESSAGE = "Enter a real NHS number. It has 10 numbers, like 999 000 0026"


def nhs_check_digit(nine: str) -> int | None:
    """The NHS number check digit for the first nine digits, or None when it would be 10 (invalid)."""
    if len(nine) != 9 or not nine.isdigit():
        raise ValueError("An NHS number's first part is 9 digits.")
    check = 11 - sum(weight * int(d) for weight, d in zip(range(10, 1, -1), nine, strict=True)) % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def validate_nhs_number(value: str) -> str:
    """Return the 10 digits without spaces (or hyphens), or raise ValidationError."""
    number = re.sub(r"[\s-]+", "", str(value or ""))
    if len(number) != 10 or not number.isdigit() or nhs_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(NHS_MESSAGE, code="invalid_nhs_number")
    return number


def format_nhs_number(number: str) -> str:
    """'9990000026' as '999 000 0026', the grouping people read NHS numbers in."""
    return f"{number[:3]} {number[3:6]} {number[6:]}" if len(number) == 10 else number


SYNTHETIC_NHS_SEEDS = 900_000


def make_nhs_number(seed: int) -> str:
    """A valid NHS number in the 999 test range, different for every seed in 0..899,999.

    Digits 4-8 come from `seed % 100000`. For any fixed first eight digits, the nine values of digit 9
    change the weighted sum by 2 x digit (mod 11), which are all different, so at most one of the ten
    choices is invalid: `seed // 100000` (0-8) picks among the nine or ten that are valid.
    """
    if not 0 <= seed < SYNTHETIC_NHS_SEEDS:
        raise ValueError(f"seed must be between 0 and {SYNTHETIC_NHS_SEEDS - 1}.")
    stem = f"999{seed % 100_000:05d}"
    valid = [d for d in range(10) if nhs_check_digit(f"{stem}{d}") is not None]
    nine = f"{stem}{valid[seed // 100_000]}"
    return f"{nine}{nhs_check_digit(nine)}"


# --- Postcode ------------------------------------------------------------------------------------
#
# Royal Mail's format: an outward code (A9, A99, A9A, AA9, AA99 or AA9A) and an inward code (9AA), plus
# the special GIR 0AA. The letter rules catch common slips such as the letter O for a zero: the first
# letter is never Q, V or X; the second never I, J or Z; the third (A9A) is one of ABCDEFGHJKPSTUW; the
# fourth (AA9A) one of ABEHMNPRVWXY; the inward letters never C, I, K, M, O or V.
_OUTWARD = re.compile(
    r"^(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$"
)
_INWARD = re.compile(r"^[0-9][ABD-HJLNP-UW-Z]{2}$")
POSTCODE_MESSAGE = "Enter a real postcode, like B1 1AA"


def validate_postcode(value: str) -> str:
    """Return the postcode in upper case with one space before the inward code, or raise ValidationError."""
    compact = re.sub(r"\s+", "", str(value or "")).upper()
    outward, inward = compact[:-3], compact[-3:]
    if compact == "GIR0AA" or (_OUTWARD.match(outward) and _INWARD.match(inward)):
        return f"{outward} {inward}"
    raise ValidationError(POSTCODE_MESSAGE, code="invalid_postcode")
