"""When to suggest the first coaching session: soon after the handover, in working hours."""

from datetime import datetime, time, timedelta

SUGGESTED_HOUR = 10
# Monday = 0 ... Friday = 4: no session suggested on a weekend.
LAST_WORKING_DAY = 4
DAYS_AFTER_HANDOVER = 2


def suggest_start(now, days_after=DAYS_AFTER_HANDOVER, hour=SUGGESTED_HOUR):
    """The local date and time to suggest, ``days_after`` days after ``now`` (local, naive).

    A weekend moves the suggestion to the next Monday; the person has a few days to try the
    device first, but not so many that they give up on it.
    """
    day = now.date() + timedelta(days=days_after)
    while day.weekday() > LAST_WORKING_DAY:
        day += timedelta(days=1)
    return datetime.combine(day, time(hour=hour))
