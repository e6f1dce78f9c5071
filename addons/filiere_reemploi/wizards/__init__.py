from . import filiere_inventory_import
