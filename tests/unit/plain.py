"""Load an addon's plain modules (``addons/<addon>/lib/*.py``) without importing Odoo."""

import importlib.util
import sys
from pathlib import Path

ADDONS = Path(__file__).resolve().parents[2] / "addons"


def load(addon, name):
    module_name = f"plain_{addon}_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ADDONS / addon / "lib" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
