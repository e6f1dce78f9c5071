import csv
import io

import pytest
from openpyxl import load_workbook
from plain import load

eco = load("filiere_reemploi", "eco_organisation")

REUSE_LABELS = {
    "period": "Période",
    "category_code": "Catégorie",
    "category": "Catégorie d'équipement",
    "units": "Unités réemployées",
    "tonnes": "Tonnes réemployées",
    "origin_siret": "SIRET de la source",
    "origin_departement": "Département de la source",
    "installation": "Installation de réemploi",
    "installation_siret": "SIRET de l'installation",
    "installation_departement": "Département de l'installation",
}
INSTALLATION = {
    "period": "2027-01-01/2027-12-31",
    "name": "La Petite Ourse",
    "siret": "73282932000074",
    "departement": "05",
}


@pytest.mark.parametrize(
    ("zip_code", "country", "expected"),
    [
        ("05000", "FR", "05"),
        ("05 000", "FR", "05"),
        ("20090", "FR", "2A"),
        ("20200", "FR", "2B"),
        ("97400", "FR", "974"),
        ("75011", None, "75"),
        ("1000", "BE", ""),
        ("", "FR", ""),
        ("ABCDE", "FR", ""),
    ],
)
def test_departement_of_a_postcode(zip_code, country, expected):
    assert eco.departement(zip_code, country) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("160214", "16 02 14"), ("16 02 14", "16 02 14"), (" 20 01 36 ", "20 01 36"), ("16 02 13 *", "16 02 13*")],
)
def test_waste_codes_are_written_as_the_list_writes_them(code, expected):
    assert eco.normalise_waste_code(code) == expected


@pytest.mark.parametrize("code", ["", None, "16 02", "16-02-14", "1602145", "16 02 1A"])
def test_a_code_outside_the_list_is_refused(code):
    with pytest.raises(eco.WasteCodeError):
        eco.normalise_waste_code(code)


def test_reuse_rows_merge_donors_of_one_departement_and_turn_kg_into_tonnes():
    groups = [
        {
            "category": "2",
            "category_name": "Écrans",
            "siret": "21050061200018",
            "zip": "05000",
            "country": "FR",
            "units": 3,
            "kg": 6.6,
        },
        {
            "category": "2",
            "category_name": "Écrans",
            "siret": "21050061200018",
            "zip": "05 000",
            "country": "FR",
            "units": 2,
            "kg": 9.0,
        },
        # Two private people of the same département: one line, known by the département only.
        {
            "category": "6",
            "category_name": "Petits IT",
            "siret": None,
            "zip": "05200",
            "country": "FR",
            "units": 1,
            "kg": 0.18,
        },
        {
            "category": "6",
            "category_name": "Petits IT",
            "siret": "",
            "zip": "05100",
            "country": "FR",
            "units": 4,
            "kg": 0.72,
        },
    ]
    rows = eco.reuse_rows(groups)
    assert [(r["category"], r["origin_siret"], r["origin_departement"], r["units"], r["tonnes"]) for r in rows] == [
        ("2", "21050061200018", "05", 5, 0.016),
        ("6", "", "05", 5, 0.001),
    ]
    assert rows[0]["kg"] == 15.6


def test_reuse_table_and_its_csv_as_a_french_spreadsheet_reads_it():
    rows = eco.reuse_rows(
        [
            {
                "category": "2",
                "category_name": "Écrans",
                "siret": "21050061200018",
                "zip": "05000",
                "country": "FR",
                "units": 600,
                "kg": 1320.0,
            }
        ]
    )
    header, lines = eco.reuse_table(rows, INSTALLATION, REUSE_LABELS)
    content = eco.to_csv(header, lines)
    assert content.startswith("\ufeff".encode())
    read = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert read[0][3] == "Unités réemployées"
    assert read[1] == [
        "2027-01-01/2027-12-31",
        "2",
        "Écrans",
        "600",
        "1,320",
        "21050061200018",
        "05",
        "La Petite Ourse",
        "73282932000074",
        "05",
    ]


def test_xlsx_keeps_numbers_and_names_typed_as_formulas_stay_text():
    header = ["Nom", "Tonnes"]
    content = eco.to_xlsx("Réemploi", header, [['=HYPERLINK("x")', 1.32], ["Mairie", 0.5]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Réemploi"
    assert [cell.value for cell in sheet[2]] == ['=HYPERLINK("x")', 1.32]
    assert sheet["A2"].data_type == "s"
    assert sheet["B3"].value == 0.5


def test_csv_names_typed_as_formulas_stay_text():
    content = eco.to_csv(["Nom"], [["=1+1"], ["@SUM(A1)"]]).decode("utf-8-sig")
    assert content.splitlines()[1:] == ["'=1+1", "'@SUM(A1)"]


def test_register_table_one_line_per_shipment_in_tonnes():
    labels = {
        key: key
        for key in (
            "date",
            "name",
            "waste_code",
            "tonnes",
            "units",
            "producer",
            "producer_siret",
            "transporter",
            "transporter_siret",
            "destination",
            "destination_address",
            "destination_siret",
        )
    }
    header, lines = eco.register_table(
        [
            {
                "date": "2027-03-02",
                "name": "DEEE : Écran",
                "waste_code": "16 02 14",
                "units": 3,
                "kg": 13.5,
                "producer": "La Petite Ourse",
                "producer_siret": "73282932000074",
                "transporter": "ESAT",
                "transporter_siret": "",
                "destination": "Envie 2E",
                "destination_address": "1 rue X, 13000 Marseille",
                "destination_siret": "",
            }
        ],
        labels,
    )
    assert header[2:5] == ["waste_code", "tonnes", "units"]
    assert lines == [
        [
            "2027-03-02",
            "DEEE : Écran",
            "16 02 14",
            0.014,
            3,
            "La Petite Ourse",
            "73282932000074",
            "ESAT",
            "",
            "Envie 2E",
            "1 rue X, 13000 Marseille",
            "",
        ]
    ]
