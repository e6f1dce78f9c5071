import math

import pytest
from plain import load

outcome = load("filiere_sad", "outcome")


@pytest.mark.parametrize(("raw", "expected"), [("1,5", 1.5), ("1.5", 1.5), (" 2 ", 2.0), ("8", 8.0), ("0.25", 0.25)])
def test_hours_typed_the_french_or_the_english_way(raw, expected):
    assert outcome.parse_hours(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("abc", outcome.BAD_DURATION),
        ("", outcome.BAD_DURATION),
        (None, outcome.BAD_DURATION),
        ("nan", outcome.BAD_DURATION),
        ("inf", outcome.BAD_DURATION),
        ("-inf", outcome.BAD_DURATION),
        ("1e400", outcome.BAD_DURATION),
        ("40", outcome.DURATION_RANGE),
        ("1e308", outcome.DURATION_RANGE),
        ("0", outcome.DURATION_RANGE),
        ("-1", outcome.DURATION_RANGE),
    ],
)
def test_hours_must_be_finite_and_within_a_day(raw, reason):
    with pytest.raises(outcome.InvalidOutcome) as error:
        outcome.parse_hours(raw)
    assert error.value.reason == reason
    assert error.value.field == "duration_held"


@pytest.mark.parametrize(
    ("value", "allow_zero", "expected"),
    [
        (0.0, True, True),
        (0.0, False, False),
        (8, True, True),
        (8.01, True, False),
        (-0.5, True, False),
        (math.nan, True, False),
        (math.inf, True, False),
        (None, True, False),
        (True, True, False),
        ("2", True, True),
        ("deux", True, False),
    ],
)
def test_hours_in_range(value, allow_zero, expected):
    assert outcome.hours_in_range(value, allow_zero=allow_zero) is expected


@pytest.mark.parametrize(("raw", "expected"), [("", False), (None, False), ("1", "1"), (" 5 ", "5")])
def test_scores(raw, expected):
    assert outcome.parse_score(raw, "satisfaction") == expected


@pytest.mark.parametrize("raw", ["0", "6", "9", "5.0", "'; DROP", "٣"])
def test_scores_outside_one_to_five_are_refused(raw):
    with pytest.raises(outcome.InvalidOutcome) as error:
        outcome.parse_score(raw, "skills_after")
    assert (error.value.reason, error.value.field) == (outcome.BAD_SCORE, "skills_after")


def test_ids_are_positive_integers_without_duplicates():
    assert outcome.parse_ids(["3", " 7", "3"]) == [3, 7]
    assert outcome.parse_ids([]) == []
    assert outcome.parse_ids(None) == []


@pytest.mark.parametrize("raw", ["abc", "-3", "0", "1.5", "²", "٣", "99999999999", ""])
def test_ids_that_are_not_record_ids_are_refused(raw):
    with pytest.raises(outcome.InvalidOutcome) as error:
        outcome.parse_ids(["1", raw])
    assert error.value.reason == outcome.BAD_TOPIC


def test_too_many_ids_are_refused():
    with pytest.raises(outcome.InvalidOutcome):
        outcome.parse_ids([str(i) for i in range(1, outcome.MAX_TOPICS + 2)])


def test_a_held_session_returns_the_outcome_fields_only():
    result, values = outcome.parse(
        {
            "outcome": "held",
            "duration_held": "1,5",
            "satisfaction": "4",
            "skills_before": "",
            "skills_after": "3",
            "outcome_note": "  Bien passé  ",
            "state": "scheduled",
            "mediator_partner_id": "1",
        },
        ["2", "5"],
    )
    assert result == "held"
    assert values == {
        "duration_held": 1.5,
        "topic_ids": [2, 5],
        "satisfaction": "4",
        "skills_before": False,
        "skills_after": "3",
        "outcome_note": "Bien passé",
    }
    assert set(values) <= set(outcome.FIELDS)


def test_a_no_show_ignores_durations_and_scores():
    result, values = outcome.parse({"outcome": "no_show", "duration_held": "40", "satisfaction": "5"}, ["1"])
    assert (result, values) == ("no_show", {"outcome_note": False})


@pytest.mark.parametrize("value", ["cancelled", "scheduled", "", None])
def test_only_held_or_no_show(value):
    with pytest.raises(outcome.InvalidOutcome) as error:
        outcome.parse({"outcome": value}, [])
    assert error.value.reason == outcome.BAD_OUTCOME


def test_notes_are_bounded():
    with pytest.raises(outcome.InvalidOutcome) as error:
        outcome.parse({"outcome": "no_show", "outcome_note": "x" * (outcome.MAX_NOTE_LENGTH + 1)}, [])
    assert error.value.reason == outcome.NOTE_TOO_LONG
