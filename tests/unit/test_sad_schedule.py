from datetime import datetime

import pytest
from plain import load

schedule = load("filiere_sad", "schedule")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Tuesday 1 December 2026, 14:05 -> Thursday 3 at 10:00
        (datetime(2026, 12, 1, 14, 5), datetime(2026, 12, 3, 10, 0)),
        # Thursday -> Saturday -> next Monday
        (datetime(2026, 12, 3, 9, 0), datetime(2026, 12, 7, 10, 0)),
        # Friday evening -> Sunday -> next Monday
        (datetime(2026, 12, 4, 18, 30), datetime(2026, 12, 7, 10, 0)),
        # Saturday -> Monday
        (datetime(2026, 12, 5, 11, 0), datetime(2026, 12, 7, 10, 0)),
    ],
)
def test_first_session_suggested_two_days_later_on_a_working_day(now, expected):
    assert schedule.suggest_start(now) == expected


def test_suggestion_is_never_in_the_past():
    now = datetime(2026, 12, 1, 23, 59)
    assert schedule.suggest_start(now) > now
