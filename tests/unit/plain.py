"""Load an addon's plain modules (``addons/<addon>/lib/*.py``) without importing Odoo.

The modules of one addon share a package, ``plain_<addon>``, so they may import each
other relatively (``from .spreadsheet import safe_row``) as they do inside Odoo. Also the
builder of XLSX files the server-free tests read.
"""

import importlib.util
import io
import sys
import types
from pathlib import Path

import openpyxl

ADDONS = Path(__file__).resolve().parents[2] / "addons"


def _package(addon):
    name = f"plain_{addon}"
    if name not in sys.modules:
        package = types.ModuleType(name)
        package.__path__ = [str(ADDONS / addon / "lib")]  # lib/__init__.py is not run
        sys.modules[name] = package
    return name


def load(addon, name):
    module_name = f"{_package(addon)}.{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ADDONS / addon / "lib" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def xlsx_bytes(rows):
    """An XLSX workbook of these rows, as a spreadsheet program saves it (openpyxl)."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
