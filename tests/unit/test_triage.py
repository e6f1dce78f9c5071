import datetime

import pytest
from plain import load

triage = load("filiere_reemploi", "triage")

TODAY = datetime.date(2026, 11, 22)
DEFAULT_RULES = [
    {"id": 1, "rule_type": "age", "threshold": 10, "routing": "recycle"},
    {"id": 2, "rule_type": "bios_locked", "routing": "review"},
]


@pytest.mark.parametrize(
    "device,routing,rule_id",
    [
        ({"year": 2015, "bios_lock": "unlocked"}, "recycle", 1),  # 11 years old
        ({"year": 2016, "bios_lock": "unlocked"}, "refurbish", None),  # exactly 10: still reused
        ({"year": 2014, "bios_lock": "unknown"}, "recycle", 1),
        ({"year": 2020, "bios_lock": "locked"}, "review", 2),
        ({"year": 2010, "bios_lock": "locked"}, "recycle", 1),  # first match wins
        ({"year": 0, "bios_lock": "unknown"}, "refurbish", None),  # unknown age is not old
    ],
)
def test_default_rules(device, routing, rule_id):
    result, rule = triage.evaluate(DEFAULT_RULES, device, TODAY)
    assert result == routing
    assert (rule or {}).get("id") == rule_id


def test_rules_are_data_threshold_and_types():
    rules = [
        {"id": 7, "rule_type": "age", "threshold": 6, "routing": "parts", "device_type_ids": {3}},
        {"id": 8, "rule_type": "battery_below", "threshold": 50, "routing": "review"},
    ]
    assert triage.evaluate(rules, {"year": 2019, "device_type_id": 3}, TODAY)[0] == "parts"
    assert triage.evaluate(rules, {"year": 2019, "device_type_id": 4}, TODAY)[0] == "refurbish"
    assert triage.evaluate(rules, {"year": 2024, "battery_health": 42}, TODAY)[0] == "review"
    assert triage.evaluate(rules, {"year": 2024, "battery_health": 0}, TODAY)[0] == "refurbish"


def test_unknown_rule_type_is_refused():
    with pytest.raises(ValueError, match="unknown triage rule type"):
        triage.evaluate([{"rule_type": "moon_phase", "routing": "recycle"}], {}, TODAY)
