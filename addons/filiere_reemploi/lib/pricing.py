"""The shared solidarity price grid: which line gives a device's price to a beneficiary.

Plain module (no Odoo import). A grid line is a dict with the keys ``id``, ``device_type_id``,
``grade_id``, ``segment_id``, ``company_id`` (None for the network-wide grid), ``price``,
``sale_format``, ``date_from`` and ``date_to`` (dates or None for open-ended), and optionally
``public_origin`` (True for a line that prices only devices given by a public body).
"""

# At the same price, what the person gets: owning the device beats renting or borrowing it.
FORMAT_PREFERENCE = ("donation", "sale", "rental", "loan")


def _valid_on(line, on_date):
    return (line["date_from"] is None or line["date_from"] <= on_date) and (
        line["date_to"] is None or on_date <= line["date_to"]
    )


def _most_specific(candidates, on_date):
    """A structure's own line overrides the network's; then the most recent one (latest start)."""
    if not candidates:
        return None
    own = [line for line in candidates if line["company_id"] is not None]
    level = own or candidates
    return max(level, key=lambda line: (line["date_from"] or on_date.min, -line["price"]))


def line_for_segment(lines, device_type_id, grade_id, segment_id, company_id, on_date, public_origin=False):
    """The line that prices this device type and grade for one segment, or None.

    A structure's own line overrides the network's; among several valid lines of the same level
    the most recent one (latest start) applies. Lines for devices of public origin price only
    those devices, and take precedence over the general lines for them.
    """
    candidates = [
        line
        for line in lines
        if line["device_type_id"] == device_type_id
        and line["grade_id"] == grade_id
        and line["segment_id"] == segment_id
        and line["company_id"] in (None, company_id)
        and _valid_on(line, on_date)
    ]
    general = [line for line in candidates if not line.get("public_origin")]
    if public_origin:
        public = [line for line in candidates if line.get("public_origin")]
        return _most_specific(public, on_date) or _most_specific(general, on_date)
    return _most_specific(general, on_date)


def _favour_key(line):
    fmt = line["sale_format"]
    rank = FORMAT_PREFERENCE.index(fmt) if fmt in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)
    return (line["price"], rank, line["id"])


def best_line(lines, device_type_id, grade_id, segment_ids, company_id, on_date, public_origin=False):
    """Return (line, segments_without_price): the most favourable line over the person's segments.

    ``line`` is None when no segment has a price for this device type and grade on ``on_date``.
    """
    found = []
    missing = []
    for segment_id in segment_ids:
        line = line_for_segment(lines, device_type_id, grade_id, segment_id, company_id, on_date, public_origin)
        if line is None:
            missing.append(segment_id)
        else:
            found.append(line)
    if not found:
        return None, missing
    return min(found, key=_favour_key), missing
