"""What a donor's attestation may say about each device: plain rules, no Odoo import.

A row is final when the device's data is provably gone (erased or destroyed, with a valid
certificate) or when it never held any (no storage medium). Anything else is still pending,
and the attestation says so instead of counting it as erased.
"""

ERASED = "erased"
DESTROYED = "destroyed"
NO_STORAGE = "no_storage"
PENDING = "pending"
FAILED = "failed"

FINAL = (ERASED, DESTROYED, NO_STORAGE)
STATUSES = (ERASED, DESTROYED, NO_STORAGE, FAILED, PENDING)

# NIST SP 800-88 sanitization categories, weakest first.
NIST_RANK = {"clear": 1, "purge": 2, "destroy": 3}
# The donation agreement's erasure standard -> the NIST category it commits to.
AGREED_CATEGORY = {"nist_clear": "clear", "nist_purge": "purge", "destroy": "destroy"}


def row_status(certificate_result, erasure_status):
    """The status the attestation gives a device.

    ``certificate_result``: result of the device's valid certificate (None without one);
    ``erasure_status``: the device's live erasure status (pending / erased / failed / no_storage).
    An erasure without a certificate stays pending: the attestation only states what is certified.
    """
    if certificate_result in FINAL:
        return certificate_result
    if erasure_status == NO_STORAGE:
        return NO_STORAGE
    if erasure_status == FAILED:
        return FAILED
    return PENDING


def device_category(media):
    """The weakest category over a device's media, each medium at its strongest successful pass.

    ``media``: iterable of (medium key, NIST category) of the successful erasures. None when empty.
    """
    best = {}
    for key, category in media:
        if NIST_RANK.get(category, 0) > NIST_RANK.get(best.get(key), 0):
            best[key] = category
    if not best:
        return None
    return min(best.values(), key=lambda category: NIST_RANK[category])


def below_agreed(category, agreed_standard):
    """True when ``category`` is weaker than what the agreement's ``agreed_standard`` commits to."""
    agreed = AGREED_CATEGORY.get(agreed_standard)
    if not category or not agreed:
        return False
    return NIST_RANK.get(category, 0) < NIST_RANK[agreed]


def count_statuses(statuses):
    """Number of rows per status, plus ``incomplete``: the rows still waiting (pending or failed)."""
    counts = dict.fromkeys(STATUSES, 0)
    for status in statuses:
        counts[status] += 1
    counts["incomplete"] = counts[PENDING] + counts[FAILED]
    return counts
