"""UPN, ULN, NHS number and postcode checks: worked examples worked by hand, and properties that must
hold for every value (a valid identifier normalises to itself; any one-digit slip is caught)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sendcase.core.identifiers import (
    NHS_MESSAGE,
    POSTCODE_MESSAGE,
    SYNTHETIC_NHS_SEEDS,
    ULN_MESSAGE,
    UPN_LETTERS,
    UPN_MESSAGE,
    format_nhs_number,
    is_temporary_upn,
    make_nhs_number,
    make_upn,
    nhs_check_digit,
    uln_check_digit,
    upn_check_letter,
    validate_nhs_number,
    validate_postcode,
    validate_uln,
    validate_upn,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def _invalid(validator, value: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validator(value)
    assert caught.value.messages == [message]


# --- UPN -----------------------------------------------------------------------------------------


def test_upn_check_letter_worked_example() -> None:
    # 801200001001: 8x2 + 1x4 + 2x5 + 1x10 + 1x13 = 53; 53 mod 23 = 7; the letter with value 7 is H.
    assert upn_check_letter("801200001001") == "H"
    # 801200005001: 16 + 4 + 10 + 5x10 + 13 = 93; 93 mod 23 = 1, which is B.
    assert upn_check_letter("801200005001") == "B"


def test_temporary_upn_counts_its_final_letter_by_the_table() -> None:
    # 80120000100A: 16 + 4 + 10 + 10 (the 1 at weight 10) + A (0) x 13 = 40; 40 mod 23 = 17, which is U.
    assert upn_check_letter("80120000100A") == "U"
    assert validate_upn("u80120000100a") == "U80120000100A"
    assert is_temporary_upn("U80120000100A")
    assert not is_temporary_upn("H801200001001")


@pytest.mark.parametrize("typed", ["H801200001001", "h801200001001", " H801 2000 01001 ", "b801200005001"])
def test_valid_upns_are_normalised_to_upper_case_without_spaces(typed: str) -> None:
    assert validate_upn(typed) == typed.replace(" ", "").upper()


@pytest.mark.parametrize(
    "typed",
    [
        "A801200001001",  # wrong check letter
        "H80120000100",  # 12 characters
        "H8012000010011",  # 14 characters
        "H80120A001001",  # a letter in the middle
        "I801200001001",  # I is never a check letter
        "801200001001H",  # check letter at the wrong end
        "H80120000100I",  # I, O and S are never the final letter of a temporary UPN
        "",
    ],
)
def test_invalid_upns_are_refused_with_the_example_message(typed: str) -> None:
    _invalid(validate_upn, typed, UPN_MESSAGE)
    assert UPN_MESSAGE.startswith("Enter a real UPN, like H801200001001")


twelve_chars = st.builds(
    lambda body, last: body + last,
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.sampled_from("0123456789" + UPN_LETTERS),
)


@given(twelve_chars)
def test_every_upn_with_its_check_letter_is_valid_in_any_case(twelve: str) -> None:
    upn = upn_check_letter(twelve) + twelve
    assert validate_upn(upn) == upn
    assert validate_upn(upn.lower()) == upn


@given(twelve_chars, st.integers(min_value=1, max_value=11), st.integers(min_value=1, max_value=9))
def test_any_single_digit_slip_in_a_upn_is_caught(twelve: str, position: int, shift: int) -> None:
    upn = upn_check_letter(twelve) + twelve
    slipped_digit = str((int(upn[position]) + shift) % 10)
    slipped = upn[:position] + slipped_digit + upn[position + 1 :]
    # Weights 2..12 times a change of 1..9 is never a multiple of 23 (a prime), so the letter must change.
    with pytest.raises(ValidationError):
        validate_upn(slipped)


@given(twelve_chars, st.sampled_from(UPN_LETTERS))
def test_a_wrong_check_letter_is_caught(twelve: str, letter: str) -> None:
    if letter != upn_check_letter(twelve):
        with pytest.raises(ValidationError):
            validate_upn(letter + twelve)


@given(st.integers(0, 999), st.integers(0, 9999), st.integers(0, 99), st.integers(0, 999))
def test_make_upn_builds_valid_upns_from_their_parts(la: int, estab: int, year: int, serial: int) -> None:
    upn = make_upn(la, estab, year, serial)
    assert validate_upn(upn) == upn
    assert (upn[1:4], upn[4:8], upn[8:10], upn[10:]) == (
        f"{la:03d}",
        f"{estab:04d}",
        f"{year:02d}",
        f"{serial:03d}",
    )


def test_make_upn_refuses_parts_out_of_range() -> None:
    with pytest.raises(ValueError):
        make_upn(1000, 1, 1, 1)


# --- ULN -----------------------------------------------------------------------------------------


def test_uln_worked_example() -> None:
    # 927630868: 9x10 + 2x9 + 7x8 + 6x7 + 3x6 + 0x5 + 8x4 + 6x3 + 8x2 = 290; 290 mod 11 = 4; 10 - 4 = 6.
    assert uln_check_digit("927630868") == 6
    assert validate_uln("9276308686") == "9276308686"
    assert validate_uln(" 92763 08686 ") == "9276308686"


def test_a_remainder_of_zero_can_never_make_a_valid_uln() -> None:
    # 200000001: 2x10 + 1x2 = 22, remainder 0: the check digit would have to be 10.
    assert uln_check_digit("200000001") is None
    for last in range(10):
        with pytest.raises(ValidationError):
            validate_uln(f"200000001{last}")


@pytest.mark.parametrize("typed", ["9276308685", "927630868", "92763086861", "0276308686", "92763O8686", ""])
def test_invalid_ulns_are_refused(typed: str) -> None:
    _invalid(validate_uln, typed, ULN_MESSAGE)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda s: s[0] != "0"))
def test_every_uln_with_its_check_digit_is_valid_and_slips_are_caught(nine: str) -> None:
    check = uln_check_digit(nine)
    if check is None:
        return
    uln = f"{nine}{check}"
    assert validate_uln(uln) == uln
    for position in range(1, 10):  # the first digit is checked separately (never 0)
        for replacement in "0123456789":
            if replacement != uln[position]:
                with pytest.raises(ValidationError):
                    validate_uln(uln[:position] + replacement + uln[position + 1 :])


# --- NHS number ----------------------------------------------------------------------------------


def test_nhs_number_worked_examples() -> None:
    # 999000002: 9x10 + 9x9 + 9x8 + 2x2 = 247; 247 mod 11 = 5; 11 - 5 = 6.
    assert nhs_check_digit("999000002") == 6
    assert validate_nhs_number("999 000 0026") == "9990000026"
    assert validate_nhs_number("999-000-0026") == "9990000026"
    # 999000005: 243 + 10 = 253, remainder 0: 11 - 0 = 11, which becomes a check digit of 0.
    assert nhs_check_digit("999000005") == 0
    assert validate_nhs_number("9990000050") == "9990000050"
    # 999000000: 243, remainder 1: 11 - 1 = 10, so no number starts with these nine digits.
    assert nhs_check_digit("999000000") is None
    assert format_nhs_number("9990000026") == "999 000 0026"


@pytest.mark.parametrize("typed", ["9990000027", "999000002", "99900000266", "9990000000", "999OOO0026", ""])
def test_invalid_nhs_numbers_are_refused(typed: str) -> None:
    _invalid(validate_nhs_number, typed, NHS_MESSAGE)


@given(st.integers(min_value=0, max_value=SYNTHETIC_NHS_SEEDS - 1))
def test_synthetic_nhs_numbers_are_valid_and_in_the_test_range(seed: int) -> None:
    number = make_nhs_number(seed)
    assert number.startswith("999")
    assert validate_nhs_number(number) == number
    for position in range(10):
        replacement = str((int(number[position]) + 1) % 10)
        with pytest.raises(ValidationError):
            validate_nhs_number(number[:position] + replacement + number[position + 1 :])


@given(
    st.integers(min_value=0, max_value=SYNTHETIC_NHS_SEEDS - 1),
    st.integers(min_value=0, max_value=SYNTHETIC_NHS_SEEDS - 1),
)
def test_different_seeds_give_different_nhs_numbers(first: int, second: int) -> None:
    assert (make_nhs_number(first) == make_nhs_number(second)) == (first == second)


@pytest.mark.parametrize("seed", [-1, SYNTHETIC_NHS_SEEDS])
def test_make_nhs_number_refuses_seeds_out_of_range(seed: int) -> None:
    with pytest.raises(ValueError):
        make_nhs_number(seed)


# --- Postcode ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("b1 1aa", "B1 1AA"),
        ("B11AA", "B1 1AA"),
        ("  b23   6sd ", "B23 6SD"),
        ("m1 1ae", "M1 1AE"),
        ("CR2 6XH", "CR2 6XH"),
        ("dn551pt", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("ec1a1bb", "EC1A 1BB"),
        ("gir0aa", "GIR 0AA"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_postcodes_are_normalised(typed: str, normalised: str) -> None:
    assert validate_postcode(typed) == normalised


@pytest.mark.parametrize(
    "typed",
    [
        "B1O 1AA",  # the letter O for a zero
        "B1 1CA",  # C is never an inward letter
        "QA1 1AA",  # Q never starts a postcode
        "BJ1 1AA",  # J is never the second letter
        "B1 1AAA",
        "B1 AA",
        "12345",
        "GIR 1AA",
        "",
    ],
)
def test_invalid_postcodes_are_refused(typed: str) -> None:
    _invalid(validate_postcode, typed, POSTCODE_MESSAGE)


first_letters = st.sampled_from("ABCDEFGHIJKLMNOPRSTUWYZ")
second_letters = st.sampled_from("ABCDEFGHKLMNOPQRSTUVWXY")
inward_letters = st.sampled_from("ABDEFGHJLNPQRSTUWXYZ")
outward_codes = st.one_of(
    st.builds(lambda a, n: f"{a}{n}", first_letters, st.integers(1, 99)),
    st.builds(lambda a, b, n: f"{a}{b}{n}", first_letters, second_letters, st.integers(0, 99)),
    st.builds(
        lambda a, n, c: f"{a}{n}{c}", first_letters, st.integers(1, 9), st.sampled_from("ABCDEFGHJKPSTUW")
    ),
    st.builds(
        lambda a, b, n, c: f"{a}{b}{n}{c}",
        first_letters,
        second_letters,
        st.integers(1, 9),
        st.sampled_from("ABEHMNPRVWXY"),
    ),
)
postcodes = st.builds(
    lambda out, n, x, y: f"{out} {n}{x}{y}", outward_codes, st.integers(0, 9), inward_letters, inward_letters
)


@given(postcodes, st.sampled_from(["", " ", "  "]), st.booleans())
def test_any_spacing_and_case_of_a_postcode_normalises_to_the_same(
    postcode: str, gap: str, lower: bool
) -> None:
    outward, inward = postcode.split(" ")
    typed = f" {outward}{gap}{inward} "
    typed = typed.lower() if lower else typed
    assert validate_postcode(typed) == postcode
    assert validate_postcode(validate_postcode(typed)) == postcode
