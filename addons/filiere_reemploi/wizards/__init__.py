from . import filiere_inventory_import
from . import filiere_referral_allocate
