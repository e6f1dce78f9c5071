"""Lifecycle of a donated device: which state may follow which.

Plain module (no Odoo import) so that the transition table is tested without a server.
"""

RECEIVED = "received"
DIAGNOSED = "diagnosed"
ERASED = "erased"
REFURBISHED = "refurbished"
AVAILABLE = "available"
RESERVED = "reserved"
DELIVERED = "delivered"
PARTS = "parts"
RECYCLED = "recycled"

STATES = (
    RECEIVED,
    DIAGNOSED,
    ERASED,
    REFURBISHED,
    AVAILABLE,
    RESERVED,
    DELIVERED,
    PARTS,
    RECYCLED,
)

# Side exits are open to every device that has not left the structure yet.
_BEFORE_DELIVERY = frozenset({RECEIVED, DIAGNOSED, ERASED, REFURBISHED, AVAILABLE})

# target state -> states it may be reached from
TRANSITIONS = {
    DIAGNOSED: frozenset({RECEIVED}),
    ERASED: frozenset({DIAGNOSED}),
    REFURBISHED: frozenset({ERASED}),
    AVAILABLE: frozenset({REFURBISHED, RESERVED}),
    RESERVED: frozenset({AVAILABLE}),
    DELIVERED: frozenset({RESERVED}),
    PARTS: _BEFORE_DELIVERY,
    RECYCLED: _BEFORE_DELIVERY | {PARTS},
}

# States a device enters and leaves only through a referral: allocation reserves it, the handover
# (or its delivery validated from Inventory) delivers it, the release gives it back.
REFERRAL_DRIVEN = frozenset({RESERVED, DELIVERED})

# States in which a device holds data of a previous user or is still in the
# chain, i.e. everything before the erasure.
NOT_YET_ERASED = frozenset({RECEIVED, DIAGNOSED})


def is_allowed(source, target):
    """True when a device in state ``source`` may move to ``target``."""
    return source in TRANSITIONS.get(target, ())


def allowed_targets(source):
    """States reachable in one step from ``source``, in lifecycle order."""
    return [state for state in STATES if is_allowed(source, state)]


def is_referral_driven(source, target):
    """True when moving from ``source`` to ``target`` belongs to a referral, not to the device form."""
    return source != target and (source in REFERRAL_DRIVEN or target in REFERRAL_DRIVEN)


def manual_targets(source):
    """States a person may move the device to from its own form: the table minus the referral's steps."""
    return [state for state in allowed_targets(source) if not is_referral_driven(source, state)]
