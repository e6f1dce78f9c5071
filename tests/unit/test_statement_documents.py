import io
import zipfile

from openpyxl import Workbook, load_workbook
from plain import load
from pypdf import PdfReader

statement_pdf = load("filiere_reemploi", "statement_pdf")
statement_xlsx = load("filiere_reemploi", "statement_xlsx")
spreadsheet = load("filiere_reemploi", "spreadsheet")

LABELS = {
    "title": "Bilan de subvention",
    "number": "Numéro",
    "funder": "Financeur",
    "grant": "Programme",
    "period": "Période",
    "structures": "Structures",
    "zones": "Zones",
    "all_zones": "Toutes les zones",
    "indicators": "Indicateurs",
    "indicator": "Indicateur",
    "value": "Valeur",
    "finance": "Dépenses au regard de la subvention",
    "grant_amount": "Montant de la subvention",
    "expenses": "Dépenses",
    "balance": "Solde",
    "advance": "Avance",
    "signature": "Certifié exact par le représentant légal",
    "place_date": "Fait à ......, le ......",
    "sign_here": "Signature et cachet",
    "hash": "SHA-256 des chiffres",
    "issued": "Émis le",
    "sources": "Chiffres issus de l'ERP.",
}


def data(**values):
    return {
        "labels": LABELS,
        "number": "BILAN/2027/0001",
        "funder": "Département des Hautes-Alpes",
        "grant": "Appel à projets inclusion numérique",
        "period": "2027-01-01 - 2027-12-31",
        "structures": "La Petite Ourse, Ateliers de Chorges",
        "zones": "",
        "rows": [("Équipements reçus", "1 234"), ("Taux de réemploi", "62.0 %")],
        "currency": "EUR",
        "grant_amount": 51000.0,
        "expenses": 20400.5,
        "advance_rate": 40.0,
        "hash": "ab" * 32,
        "issued": "2027-12-31 10:00:00",
        "company": "La Petite Ourse",
        **values,
    }


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_shows_funder_figures_money_and_signature():
    text = pdf_text(statement_pdf.render(data()))
    assert "Bilan de subvention BILAN/2027/0001" in text
    assert "Département des Hautes-Alpes" in text
    assert "Équipements reçus" in text and "1 234" in text
    assert "Toutes les zones" in text
    assert "51 000,00 EUR" in text
    assert "20 400,50 EUR" in text
    assert "30 599,50 EUR" in text  # balance
    assert "Avance (40 %)" in text and "20 400,00 EUR" in text
    assert "Signature et cachet" in text
    assert "ab" * 32 in text.replace("\n", "")


def test_pdf_without_advance_and_with_zones():
    text = pdf_text(statement_pdf.render(data(advance_rate=0.0, zones="Nord, Sud")))
    assert "Avance" not in text
    assert "Nord, Sud" in text


def test_many_indicators_flow_onto_several_pages():
    rows = [(f"Indicateur {index}", str(index)) for index in range(120)]
    reader = PdfReader(io.BytesIO(statement_pdf.render(data(rows=rows))))
    assert len(reader.pages) >= 3
    assert "Indicateur 119" in pdf_text(statement_pdf.render(data(rows=rows)))


def test_xlsx_has_the_same_figures():
    workbook = load_workbook(io.BytesIO(statement_xlsx.render(data())))
    sheet = workbook.active
    values = [tuple(cell for cell in row if cell is not None) for row in sheet.iter_rows(values_only=True)]
    assert ("Bilan de subvention BILAN/2027/0001",) in values
    assert ("Équipements reçus", "1 234") in values
    assert ("Montant de la subvention", 51000.0, "EUR") in values
    assert ("Solde", 30599.5, "EUR") in values
    assert ("SHA-256 des chiffres", "ab" * 32) in values


def test_money_format():
    assert statement_pdf.money(0, "EUR") == "0,00 EUR"
    assert statement_pdf.money(1234567.891, "") == "1 234 567,89"


FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def test_xlsx_writes_names_that_look_like_formulas_as_text():
    content = statement_xlsx.render(
        data(
            funder=FORMULAS[0],
            grant=FORMULAS[1],
            structures=FORMULAS[2],
            period=FORMULAS[4],
            zones=FORMULAS[5],
            rows=[(FORMULAS[3], "12"), ("Taux", FORMULAS[0])],
        )
    )
    sheet = load_workbook(io.BytesIO(content)).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value in FORMULAS}
    assert sorted(cells) == sorted(FORMULAS), "each name is written as typed"
    for text, cell in cells.items():
        assert cell.data_type == "s", f"{text!r} is a formula in {cell.coordinate}"
        assert cell.quotePrefix, f"{text!r} would become a formula when edited in {cell.coordinate}"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml"), "no formula in the sheet"


def test_xlsx_numbers_stay_numbers():
    sheet = load_workbook(io.BytesIO(statement_xlsx.render(data(expenses=60000.0)))).active
    balance = next(row for row in sheet.iter_rows() if row[0].value == "Solde")
    assert balance[1].value == -9000.0 and balance[1].data_type == "n", "a negative amount is a number"


def test_safe_cell_leaves_other_values_alone():
    sheet = Workbook().active
    assert spreadsheet.safe_cell(sheet, -1) == -1
    assert spreadsheet.safe_cell(sheet, 2.5) == 2.5
    assert spreadsheet.safe_cell(sheet, None) is None
    assert spreadsheet.safe_cell(sheet, "Mairie de Gap - service") == "Mairie de Gap - service"
    assert spreadsheet.safe_cell(sheet, "=1+1").data_type == "s"


def test_pdf_prints_the_public_key_and_the_signature():
    labels = {**LABELS, "public_key": "Clé publique", "digital_signature": "Signature Ed25519"}
    public_key = "MCowBQYDK2VwAyEA" + "A" * 28
    signature = "s" * 86 + "=="
    text = pdf_text(
        statement_pdf.render(data(labels=labels, public_key=public_key, digital_signature=signature))
    ).replace("\n", "")
    assert "Clé publique" in text and public_key in text
    assert "Signature Ed25519" in text and signature in text.replace(" ", "")


def test_pdf_without_a_key_prints_no_signature_line():
    assert "Signature Ed25519" not in pdf_text(statement_pdf.render(data()))


ISSUER = {"name": "La Petite Ourse", "address_lines": ["12 rue Carnot", "05000 Gap"], "siret": "73282932000074"}
ROWS = [
    {"name": "Équipements reçus", "text": "1 234", "number": 1234, "unit": "appareils"},
    {"name": "Matières premières évitées", "text": "1 600,00 kg", "number": 1600.0, "unit": "kg"},
    {"name": "CO2e évité", "text": "Non mesuré", "number": None, "unit": "kg CO2e"},
    {"name": "Taux de réemploi", "text": "62,0 %", "number": 62.0, "unit": "%"},
]


def test_pdf_has_the_structure_letterhead_notes_definitions_and_page_numbers():
    labels = {**LABELS, "page": "Page", "definitions": "Définitions des indicateurs", "siret": "SIRET"}
    rows = ROWS + [
        {"name": f"Indicateur {index}", "text": str(index), "number": index, "unit": ""} for index in range(90)
    ]
    content = statement_pdf.render(
        data(
            labels=labels,
            issuer=ISSUER,
            rows=rows,
            notes=["Une personne peut relever de plusieurs publics."],
            definitions=[("Équipements reçus", "Appareils entrés en stock sur la période.")],
        )
    )
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    assert "La Petite Ourse" in pages[0] and "12 rue Carnot" in pages[0] and "05000 Gap" in pages[0]
    assert "SIRET 73282932000074" in pages[0]
    text = "\n".join(pages)
    lines = text.splitlines()
    co2e = " ".join(lines[lines.index("CO2e évité") :][:2])
    assert co2e == "CO2e évité Non mesuré", co2e
    assert "Une personne peut relever de plusieurs publics." in text
    assert "Définitions des indicateurs" in text and "Appareils entrés en stock sur la période." in text
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number}" in page, f"page {number} is numbered"


def test_xlsx_figures_are_numbers_with_their_unit_apart():
    labels = {**LABELS, "unit": "Unité"}
    sheet = load_workbook(io.BytesIO(statement_xlsx.render(data(labels=labels, issuer=ISSUER, rows=ROWS)))).active
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    assert [cell.value for cell in rows["Indicateur"][:3]] == ["Indicateur", "Valeur", "Unité"]
    received = rows["Équipements reçus"]
    assert received[1].value == 1234 and received[1].data_type == "n" and received[2].value == "appareils"
    assert rows["Matières premières évitées"][1].value == 1600.0
    assert rows["Taux de réemploi"][1].value == 62.0 and rows["Taux de réemploi"][2].value == "%"
    assert rows["CO2e évité"][1].value == "Non mesuré", "a figure not measured is no false zero"
    assert rows["La Petite Ourse"][1].value == "12 rue Carnot, 05000 Gap"
    assert rows["SIRET"][1].value == "73282932000074"
