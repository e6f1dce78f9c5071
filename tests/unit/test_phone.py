import pytest
from plain import load

phone = load("filiere_reemploi", "phone")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("04 92 51 00 00", "+33492510000"),
        ("+41 22 123 45 67", "+41221234567"),
        ("", ""),
        (None, ""),
        ("   ", ""),
    ],
)
def test_numbers_are_stored_in_e164(raw, expected):
    assert phone.normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("06 12", phone.TOO_SHORT),
        ("06 12 34 56 78 90 12 34", phone.TOO_LONG),
        ("pas de téléphone", phone.NOT_A_NUMBER),
        ("+999 12 34 56 78", phone.BAD_COUNTRY),
        ("01 00 00 00 00 00", phone.TOO_LONG),
        ("09 99 99 99 9", phone.NOT_VALID),
        ("+33 0 00 00 00 00", phone.NOT_VALID),
    ],
)
def test_invalid_numbers_say_why(raw, reason):
    with pytest.raises(phone.InvalidPhone) as info:
        phone.normalize(raw)
    assert info.value.reason == reason
    assert info.value.raw == raw


def test_region_is_used_for_national_numbers():
    assert phone.normalize("022 123 45 67", region="CH") == "+41221234567"
    assert phone.normalize("06 12 34 56 78", region=None) == "+33612345678"


def test_mobile_detection_for_sms():
    assert phone.is_mobile("+33612345678")
    assert phone.is_mobile("+33756123456")
    assert not phone.is_mobile("+33492510000")


def test_display_as_people_write_it():
    assert phone.display("+33612345678") == "06 12 34 56 78"
    assert phone.display("+33492515151") == "04 92 51 51 51"
    assert phone.display("+32470123456") == "+32 470 12 34 56"
    assert phone.display("") == ""
    assert phone.display("not a number") == "not a number"
