import itertools

import pytest
from plain import load

lifecycle = load("filiere_reemploi", "lifecycle")

MAIN_CHAIN = ["received", "diagnosed", "erased", "refurbished", "available", "reserved", "delivered"]


def test_main_chain_is_walkable_step_by_step():
    for source, target in itertools.pairwise(MAIN_CHAIN):
        assert lifecycle.is_allowed(source, target), (source, target)


@pytest.mark.parametrize(
    "source,target",
    [
        ("received", "available"),  # skipping diagnosis, erasure and refurbishing
        ("diagnosed", "refurbished"),  # skipping the erasure
        ("refurbished", "reserved"),  # not offered yet
        ("available", "delivered"),  # never handed over unreserved
        ("delivered", "available"),  # a delivered device has left
        ("delivered", "recycled"),
        ("recycled", "received"),
        ("parts", "available"),
    ],
)
def test_forbidden_shortcuts(source, target):
    assert not lifecycle.is_allowed(source, target)


def test_side_exits_before_delivery_only():
    assert lifecycle.allowed_targets("received") == ["diagnosed", "parts", "recycled"]
    assert lifecycle.allowed_targets("reserved") == ["available", "delivered"]
    assert lifecycle.allowed_targets("parts") == ["recycled"]
    assert lifecycle.allowed_targets("recycled") == []
    assert lifecycle.allowed_targets("delivered") == []


def test_unknown_state_goes_nowhere():
    assert not lifecycle.is_allowed("received", "sold")
    assert lifecycle.allowed_targets("sold") == []


def test_reservation_and_handover_belong_to_the_referral():
    assert lifecycle.is_referral_driven("available", "reserved")
    assert lifecycle.is_referral_driven("reserved", "delivered")
    assert lifecycle.is_referral_driven("reserved", "available")  # the release
    assert not lifecycle.is_referral_driven("refurbished", "available")
    assert not lifecycle.is_referral_driven("available", "parts")
    assert not lifecycle.is_referral_driven("reserved", "reserved")


def test_device_form_offers_the_table_minus_the_referral_steps():
    assert lifecycle.manual_targets("received") == ["diagnosed", "parts", "recycled"]
    assert lifecycle.manual_targets("refurbished") == ["available", "parts", "recycled"]
    assert lifecycle.manual_targets("available") == ["parts", "recycled"]
    assert lifecycle.manual_targets("reserved") == []
    assert lifecycle.manual_targets("delivered") == []
