"""Devices given by public bodies (CGPPP L3212-2 3°, L3212-3, D. 3212-3) and the guarantee of
what is handed over (Code de la consommation L217-3, L217-7): the plain arithmetic."""

from datetime import date

import pytest
from plain import load, xlsx_bytes

public_rules = load("filiere_reemploi", "public_rules")
pricing = load("filiere_reemploi", "pricing")
inventory = load("filiere_reemploi", "inventory")

LAPTOP, GRADE_A, SENIOR, JOB_SEEKER, GAP = 1, 10, 20, 23, 100
TODAY = date(2027, 3, 1)


def line(line_id, price, segment=JOB_SEEKER, company=None, public_origin=False, fmt="sale"):
    return {
        "id": line_id,
        "device_type_id": LAPTOP,
        "grade_id": GRADE_A,
        "segment_id": segment,
        "company_id": company,
        "price": price,
        "sale_format": fmt,
        "date_from": None,
        "date_to": None,
        "public_origin": public_origin,
    }


def best(lines, segments, public_origin):
    return pricing.best_line(lines, LAPTOP, GRADE_A, segments, GAP, TODAY, public_origin)[0]


@pytest.mark.parametrize(
    ("value", "refused"), [(0.0, False), (300.0, False), (300.004, False), (300.01, True), (320.0, True)]
)
def test_a_public_body_gives_devices_of_300_euros_at_most(value, refused):
    assert public_rules.above_public_transfer_limit(value) is refused


def test_the_cap_is_compared_to_the_cent():
    assert not public_rules.above_price_cap(180.0, 180.0)
    assert not public_rules.above_price_cap(0.1 + 0.2 + 179.7, 180.0)
    assert public_rules.above_price_cap(181.0, 180.0)
    assert public_rules.above_price_cap(180.01, 180.0)
    # A type the décret does not name has no cap: its devices of public origin are only given.
    assert public_rules.above_price_cap(1.0, 0.0)
    assert not public_rules.above_price_cap(0.0, 0.0)


def test_public_lines_price_public_devices_first_and_only_them():
    lines = [line(1, 200.0), line(2, 150.0, public_origin=True), line(3, 170.0, company=GAP, public_origin=True)]
    assert best(lines, [JOB_SEEKER], public_origin=False)["id"] == 1
    # The structure's own public line overrides the network's public line.
    assert best(lines, [JOB_SEEKER], public_origin=True)["id"] == 3
    # Without any public line the general line prices it (and the allocation checks the cap).
    assert best([line(1, 200.0)], [JOB_SEEKER], public_origin=True)["id"] == 1
    # A public line never prices a device from another donor.
    assert best([line(2, 150.0, public_origin=True)], [JOB_SEEKER], public_origin=False) is None


def test_a_network_public_line_beats_a_structure_general_line_for_a_public_device():
    lines = [line(1, 200.0, company=GAP), line(2, 150.0, public_origin=True)]
    assert best(lines, [JOB_SEEKER], public_origin=True)["id"] == 2
    assert best(lines, [JOB_SEEKER], public_origin=False)["id"] == 1


@pytest.mark.parametrize(
    ("sale_format", "price", "kind"),
    [
        ("sale", 80.0, "legal"),
        ("sale", 0.0, "commitment"),
        ("donation", 0.0, "commitment"),
        ("loan", 0.0, "commitment"),
        ("rental", 15.0, "commitment"),
    ],
)
def test_only_a_sale_at_a_price_carries_the_legal_guarantee(sale_format, price, kind):
    assert public_rules.guarantee_kind(sale_format, price) == kind


def test_legal_guarantee_two_years_presumption_one_year_commitment_its_months():
    handover = date(2026, 12, 1)
    assert public_rules.guarantee_end("legal", handover, 12) == date(2028, 12, 1)
    assert public_rules.presumption_end(handover) == date(2027, 12, 1)
    assert public_rules.guarantee_end("commitment", handover, 12) == date(2027, 12, 1)
    assert public_rules.guarantee_end("commitment", handover, 6) == date(2027, 6, 1)
    # The legal guarantee does not depend on the structure's setting.
    assert public_rules.guarantee_end("legal", date(2028, 2, 29), 3) == date(2030, 2, 28)


def _resolve(text):
    return {"portable": "laptop", "imprimante": "printer"}.get(inventory.normalise(text))


def test_inventory_reads_the_net_book_value_in_french_and_english_shapes():
    content = (
        "Matériel;N° de série;Valeur nette comptable\n"
        "Portable;VNC-1;0\n"
        "Portable;VNC-2;1 234,56 €\n"
        "Portable;VNC-3;\n"
        "Portable;VNC-4;320.00\n"
    ).encode()
    devices = inventory.parse_inventory(content, "inventaire.csv", _resolve, max_year=2027)
    assert [(d["serial"], d["value"]) for d in devices] == [
        ("VNC-1", 0.0),
        ("VNC-2", 1234.56),
        ("VNC-3", None),
        ("VNC-4", 320.0),
    ]
    for header in ("VNC", "Valeur", "Net book value", "valeur_residuelle"):
        assert inventory.guess_columns(["Matériel", "N° de série", header])[2] == "value"


def test_inventory_value_from_a_workbook_number():
    content = xlsx_bytes([["Matériel", "N° de série", "VNC"], ["Portable", "X-1", 299.5], ["Portable", "X-2", 0]])
    devices = inventory.parse_inventory(content, "inventaire.xlsx", _resolve, max_year=2027)
    assert [d["value"] for d in devices] == [299.5, 0.0]


def test_inventory_value_that_is_no_amount_is_a_row_error():
    content = "Matériel;N° de série;Valeur\nPortable;V-1;gratuit\nPortable;V-2;-5\n".encode()
    with pytest.raises(inventory.InventoryError) as info:
        inventory.parse_inventory(content, "inventaire.csv", _resolve, max_year=2027)
    assert [(row, code) for row, code, _params in info.value.errors] == [
        (2, inventory.E_BAD_VALUE),
        (3, inventory.E_BAD_VALUE),
    ]


def test_printers_are_their_own_types_in_donor_sheets():
    resolver = inventory.TypeResolver({"printer": 7, "multifunction_printer": 8, "other": 9})
    assert resolver.resolve({"device_type": "Imprimante"})[0] == 7
    assert resolver.resolve({"device_type": "Imprimante multifonction"})[0] == 8
    assert resolver.resolve({"device_type": "Copieur"})[0] == 8
    assert resolver.resolve({"device_type": "Scanner"})[0] == 9
