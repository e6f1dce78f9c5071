import pytest
from plain import load

parts = load("filiere_reemploi", "parts")


def test_a_part_keeps_its_own_serial_and_the_others_get_one_from_the_device():
    assert parts.part_serials("PC-42", ["WD-123", "", "  ", " BAT-9 "]) == ["WD-123", "PC-42-P2", "PC-42-P3", "BAT-9"]


def test_duplicates_are_found_whatever_the_case():
    assert parts.duplicates(["WD-1", "wd-1", "BAT-2", "BAT-3"]) == ["wd-1"]
    assert parts.duplicates(["WD-1", "BAT-2"]) == []


@pytest.mark.parametrize(
    "device_kg,harvested_kg,expected",
    [(2.2, 0.55, 1.65), (2.2, 0.0, 2.2), (0.18, 0.3, 0.0), (0.0, 0.0, 0.0)],
)
def test_residual_weight_never_below_zero(device_kg, harvested_kg, expected):
    assert parts.residual_kg(device_kg, harvested_kg) == expected


def test_parts_channel_counts_each_kilogram_once():
    # A 2.2 kg laptop, 0.55 kg harvested, its carcass recycled: 0.55 + 1.65 = 2.2.
    assert parts.parts_channel_kg(2.2, 0.55, dismantled=True, recycled=True) == 0.55
    assert parts.recycling_channel_kg(2.2, 0.55, recycled=True) == 1.65
    # Waiting whole in the parts stock: the whole device.
    assert parts.parts_channel_kg(2.2, 0.0, dismantled=False, recycled=False) == 2.2
    # Recycled whole without dismantling: the recycling channel counts it, not the parts one.
    assert parts.parts_channel_kg(2.2, 0.0, dismantled=False, recycled=True) == 0.0
    assert parts.recycling_channel_kg(2.2, 0.0, recycled=True) == 2.2
    # Dismantled, carcass still here: only the parts.
    assert parts.parts_channel_kg(2.2, 0.55, dismantled=True, recycled=False) == 0.55
    assert parts.recycling_channel_kg(2.2, 0.55, recycled=False) == 0.0
