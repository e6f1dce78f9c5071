"""Phone numbers of beneficiaries and mediators, stored in E.164 (+33612345678).

Plain module (no Odoo import): the reasons are codes that the models turn into translated messages.
"""

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

DEFAULT_REGION = "FR"

# Why a number was refused.
NOT_A_NUMBER = "not_a_number"
TOO_SHORT = "too_short"
TOO_LONG = "too_long"
BAD_COUNTRY = "bad_country"
NOT_VALID = "not_valid"

_POSSIBLE_REASONS = {
    ValidationResult.TOO_SHORT: TOO_SHORT,
    ValidationResult.INVALID_LENGTH: TOO_SHORT,
    ValidationResult.TOO_LONG: TOO_LONG,
    ValidationResult.INVALID_COUNTRY_CODE: BAD_COUNTRY,
}

_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: BAD_COUNTRY,
    NumberParseException.TOO_SHORT_NSN: TOO_SHORT,
    NumberParseException.TOO_SHORT_AFTER_IDD: TOO_SHORT,
    NumberParseException.TOO_LONG: TOO_LONG,
}


class InvalidPhone(ValueError):
    """``reason`` is one of the codes above; ``raw`` the text as typed."""

    def __init__(self, raw, reason):
        super().__init__(f"{raw!r}: {reason}")
        self.raw = raw
        self.reason = reason


def normalize(raw, region=DEFAULT_REGION):
    """Return ``raw`` in E.164, or "" when it is empty; raise InvalidPhone when it is no valid number.

    A number without a country prefix is read as a number of ``region`` (France by default).
    """
    text = (raw or "").strip()
    if not text:
        return ""
    if not any(char.isdigit() for char in text):
        raise InvalidPhone(raw, NOT_A_NUMBER)
    try:
        number = phonenumbers.parse(text, region or DEFAULT_REGION)
    except NumberParseException as exc:
        raise InvalidPhone(raw, _PARSE_REASONS.get(exc.error_type, NOT_A_NUMBER)) from exc
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible not in (ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        raise InvalidPhone(raw, _POSSIBLE_REASONS.get(possible, NOT_VALID))
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw, NOT_VALID)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def is_mobile(e164):
    """True for a mobile number (SMS reminders go only to those)."""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def display(e164, region=DEFAULT_REGION):
    """A stored number as people of ``region`` write it: "06 12 34 56 78" for a French number in
    France, "+32 470 12 34 56" for a foreign one; the text unchanged when it is no number."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, region or DEFAULT_REGION)
    except NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == (region or DEFAULT_REGION):
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
