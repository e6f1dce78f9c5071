"""Spreadsheet cells that cannot turn text into a formula (CSV/formula injection).

Plain module (no Odoo import). A name typed as ``=HYPERLINK(...)``, ``+1``, ``-1+2`` or
``@SUM(A1)`` by a user would run as a formula in the funder's spreadsheet program: every
XLSX the addons produce writes such text as text, with the quote prefix so that editing the
cell keeps it text. Numbers stay numbers.
"""

from openpyxl.cell import Cell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value):
    """True for text a spreadsheet program would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_cell(sheet, value):
    """What to append to an openpyxl sheet for ``value``: formula-like text as a text cell."""
    if not is_formula_like(value):
        return value
    cell = Cell(sheet)
    cell.value = value
    cell.data_type = "s"  # openpyxl makes any text starting with '=' a formula
    cell.quotePrefix = True
    return cell


def safe_row(sheet, values):
    """``sheet.append(safe_row(sheet, values))`` writes the values, formula-like text as text."""
    return [safe_cell(sheet, value) for value in values]
