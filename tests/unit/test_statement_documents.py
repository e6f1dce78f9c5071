import io

from openpyxl import load_workbook
from plain import load
from pypdf import PdfReader

statement_pdf = load("filiere_reemploi", "statement_pdf")
statement_xlsx = load("filiere_reemploi", "statement_xlsx")

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
