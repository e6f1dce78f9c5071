"""The outcome of a coaching session as a mediator types it in the portal form.

Plain module (no Odoo import): every value is parsed and bounded here; the reasons are codes that
the controller turns into translated messages. Nothing outside ``FIELDS`` is ever returned.
"""

import math

OUTCOMES = ("held", "no_show")
SCORES = ("1", "2", "3", "4", "5")
SCORE_FIELDS = ("satisfaction", "skills_before", "skills_after")
# A getting-started session lasts an hour or two; a day is the most anyone can have held.
MAX_SESSION_HOURS = 8
MAX_NOTE_LENGTH = 5000
MAX_TOPICS = 50
# What the form may set, and nothing else.
FIELDS = ("duration_held", "topic_ids", *SCORE_FIELDS, "outcome_note")

# Why a value was refused.
BAD_OUTCOME = "bad_outcome"
BAD_DURATION = "bad_duration"
DURATION_RANGE = "duration_range"
BAD_SCORE = "bad_score"
BAD_TOPIC = "bad_topic"
NOTE_TOO_LONG = "note_too_long"

_MAX_ID = 2**31 - 1


class InvalidOutcome(ValueError):
    """A value of the form is refused; ``reason`` is one of the codes above, ``field`` names it."""

    def __init__(self, reason, field=None):
        super().__init__(reason, field)
        self.reason = reason
        self.field = field


def hours_in_range(value, allow_zero=True):
    """True when ``value`` is a finite number of hours a session can last."""
    if value is None or isinstance(value, bool):
        return False
    try:
        value = float(value)
    except (TypeError, ValueError):
        return False
    if not math.isfinite(value) or value > MAX_SESSION_HOURS:
        return False
    return value >= 0 if allow_zero else value > 0


def parse_hours(raw):
    """Hours held from what was typed ("1,5", "1.5", "2"): finite, above zero, at most a day."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError as exc:
        raise InvalidOutcome(BAD_DURATION, "duration_held") from exc
    if not math.isfinite(value):
        raise InvalidOutcome(BAD_DURATION, "duration_held")
    if not hours_in_range(value, allow_zero=False):
        raise InvalidOutcome(DURATION_RANGE, "duration_held")
    return value


def parse_score(raw, field):
    """A score from 1 to 5, or False when left empty."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return False
    if text not in SCORES:
        raise InvalidOutcome(BAD_SCORE, field)
    return text


def parse_ids(raws, field="topic_ids"):
    """Record ids from form values: positive integers written in digits only, without duplicates."""
    ids = []
    for raw in raws or ():
        text = str(raw).strip()
        if not text.isascii() or not text.isdigit() or not 0 < int(text) <= _MAX_ID:
            raise InvalidOutcome(BAD_TOPIC, field)
        if int(text) not in ids:
            ids.append(int(text))
    if len(ids) > MAX_TOPICS:
        raise InvalidOutcome(BAD_TOPIC, field)
    return ids


def parse(form, topic_raws):
    """``(outcome, values)`` from the posted ``form`` (a dict) and the checked topics (a list).

    A no-show records no duration, scores or topics: only that the person did not come.
    """
    outcome = form.get("outcome")
    if outcome not in OUTCOMES:
        raise InvalidOutcome(BAD_OUTCOME, "outcome")
    note = str(form.get("outcome_note") or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidOutcome(NOTE_TOO_LONG, "outcome_note")
    if outcome == "no_show":
        return outcome, {"outcome_note": note or False}
    values = {
        "duration_held": parse_hours(form.get("duration_held")),
        "topic_ids": parse_ids(topic_raws),
        "outcome_note": note or False,
    }
    for field in SCORE_FIELDS:
        values[field] = parse_score(form.get(field), field)
    return outcome, values
