from datetime import date

from plain import load

pricing = load("filiere_reemploi", "pricing")

LAPTOP, PHONE = 1, 2
GRADE_A, GRADE_B = 10, 11
SENIOR, STUDENT, REFUGEE = 20, 21, 22
GAP, CHORGES = 100, 101
TODAY = date(2027, 3, 1)


def line(line_id, price, segment=SENIOR, fmt="sale", company=None, date_from=None, date_to=None, **kw):
    return {
        "id": line_id,
        "device_type_id": kw.get("device_type", LAPTOP),
        "grade_id": kw.get("grade", GRADE_A),
        "segment_id": segment,
        "company_id": company,
        "price": price,
        "sale_format": fmt,
        "date_from": date_from,
        "date_to": date_to,
    }


def best(lines, segments, company=GAP, on=TODAY, device_type=LAPTOP, grade=GRADE_A):
    return pricing.best_line(lines, device_type, grade, segments, company, on)


def test_network_line_applies_to_every_structure():
    found, missing = best([line(1, 80.0)], [SENIOR], company=CHORGES)
    assert found["id"] == 1
    assert missing == []


def test_structure_override_beats_network_line_even_if_dearer():
    lines = [line(1, 80.0), line(2, 95.0, company=GAP), line(3, 10.0, company=CHORGES)]
    assert best(lines, [SENIOR], company=GAP)[0]["id"] == 2
    assert best(lines, [SENIOR], company=CHORGES)[0]["id"] == 3


def test_most_favourable_segment_wins():
    lines = [line(1, 80.0, SENIOR), line(2, 50.0, STUDENT), line(3, 0.0, REFUGEE, fmt="donation")]
    assert best(lines, [SENIOR, STUDENT])[0]["id"] == 2
    assert best(lines, [SENIOR, STUDENT, REFUGEE])[0]["id"] == 3


def test_same_price_prefers_owning_the_device():
    lines = [line(1, 0.0, SENIOR, fmt="loan"), line(2, 0.0, STUDENT, fmt="donation")]
    assert best(lines, [SENIOR, STUDENT])[0]["id"] == 2


def test_validity_dates():
    lines = [
        line(1, 80.0, date_to=date(2026, 12, 31)),
        line(2, 90.0, date_from=date(2027, 1, 1)),
    ]
    assert best(lines, [SENIOR], on=date(2026, 6, 1))[0]["id"] == 1
    assert best(lines, [SENIOR], on=date(2027, 1, 1))[0]["id"] == 2
    assert best(lines, [SENIOR], on=date(2026, 12, 31))[0]["id"] == 1


def test_latest_line_of_a_level_wins_when_lines_overlap():
    lines = [line(1, 80.0, date_from=date(2026, 1, 1)), line(2, 70.0, date_from=date(2027, 2, 1))]
    assert best(lines, [SENIOR])[0]["id"] == 2


def test_other_type_grade_or_expired_line_gives_no_price():
    lines = [
        line(1, 80.0, device_type=PHONE),
        line(2, 80.0, grade=GRADE_B),
        line(3, 80.0, date_to=date(2027, 2, 28)),
        line(4, 80.0, segment=STUDENT),
    ]
    found, missing = best(lines, [SENIOR])
    assert found is None
    assert missing == [SENIOR]


def test_segments_without_price_are_reported():
    found, missing = best([line(1, 80.0, SENIOR)], [SENIOR, STUDENT])
    assert found["id"] == 1
    assert missing == [STUDENT]


def test_no_segment_no_price():
    assert best([line(1, 80.0)], []) == (None, [])
