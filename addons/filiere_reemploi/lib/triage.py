"""Intake triage: route a received device to refurbishing, review, parts or recycling.

Plain module (no Odoo import). The rules are data edited by the network; this
module only evaluates them, first match wins (rules come sorted by the caller).
"""

REFURBISH = "refurbish"
REVIEW = "review"
PARTS = "parts"
RECYCLE = "recycle"

RULE_AGE = "age"  # older than ``threshold`` years
RULE_BIOS_LOCKED = "bios_locked"
RULE_BATTERY_BELOW = "battery_below"  # battery health below ``threshold`` %
RULE_ALWAYS = "always"  # every device (of the rule's types)


def device_age(year, today):
    """Age in whole years from the year of manufacture, or None when unknown."""
    if not year:
        return None
    return today.year - int(year)


def rule_matches(rule, device, today):
    """True when ``rule`` (a dict) applies to ``device`` (a dict)."""
    types = rule.get("device_type_ids")
    if types and device.get("device_type_id") not in types:
        return False
    kind = rule["rule_type"]
    if kind == RULE_AGE:
        age = device_age(device.get("year"), today)
        return age is not None and age > rule.get("threshold", 0)
    if kind == RULE_BIOS_LOCKED:
        return device.get("bios_lock") == "locked"
    if kind == RULE_BATTERY_BELOW:
        health = device.get("battery_health")
        return bool(health) and health < rule.get("threshold", 0)
    if kind == RULE_ALWAYS:
        return True
    raise ValueError(f"unknown triage rule type: {kind!r}")


def evaluate(rules, device, today):
    """Return ``(routing, rule)`` for the first matching rule.

    Without a match the device goes to refurbishing and ``rule`` is None.
    """
    for rule in rules:
        if rule_matches(rule, device, today):
            return rule["routing"], rule
    return REFURBISH, None
