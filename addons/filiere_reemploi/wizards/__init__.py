from . import filiere_inventory_import
from . import filiere_referral_allocate
from . import filiere_statement_wizard
