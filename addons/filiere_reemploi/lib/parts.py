"""Spare parts harvested from a device: their serials and how their weight is counted.

Plain module (no Odoo import): the naming and the weight arithmetic are tested without a server.

Weights are counted once. A harvested part carries its own weight; the device it comes from keeps
its weight as received (collected kg do not change), but what leaves it for recycling is the
carcass only: its weight less the weights of the parts harvested from it. In the eco-organisation
report, the spare-parts channel counts the harvested parts' kg, or the whole device while it sits
undismantled in the parts stock (never once it went to recycling whole).
"""

KINDS = ("ram", "disk", "battery", "screen", "keyboard", "charger", "other")

# Kinds that hold a previous user's data: they leave only once erased or destroyed.
DATA_KINDS = frozenset({"disk"})


def part_serials(device_serial, serials):
    """The serial of each harvested part: its own, else one made from the device's and its rank.

    ``serials`` holds the serial typed for each part (empty when the part has none). A made-up
    serial (``<device>-P<n>``) keeps each part traceable to its device and labelled like the others.
    """
    names = []
    for index, serial in enumerate(serials, start=1):
        serial = (serial or "").strip()
        names.append(serial or f"{device_serial}-P{index}")
    return names


def duplicates(names):
    """Names that occur more than once, in the order of their second occurrence (case-insensitive)."""
    seen, repeated = set(), []
    for name in names:
        key = name.strip().casefold()
        if key in seen and name not in repeated:
            repeated.append(name)
        seen.add(key)
    return repeated


def residual_kg(device_kg, harvested_kg):
    """What remains of a device once its parts are harvested: never below zero."""
    return round(max((device_kg or 0.0) - (harvested_kg or 0.0), 0.0), 3)


def recycling_channel_kg(device_kg, harvested_kg, recycled):
    """Kg a device counts in the recycling channel: what is left of it, once it went to recycling."""
    return residual_kg(device_kg, harvested_kg) if recycled else 0.0


def parts_channel_kg(device_kg, harvested_kg, dismantled, recycled):
    """Kg a device sent to spare parts counts in the parts channel.

    Dismantled: the parts harvested from it. Not dismantled: the whole device while it waits in the
    parts stock, nothing once it went to recycling whole (the recycling channel counts it then).
    """
    if dismantled:
        return round(harvested_kg or 0.0, 3)
    return 0.0 if recycled else round(device_kg or 0.0, 3)
