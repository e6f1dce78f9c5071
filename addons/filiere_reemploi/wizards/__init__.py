from . import filiere_inventory_import
from . import filiere_inventory_import_column
from . import filiere_inventory_import_word
from . import filiere_referral_allocate
from . import filiere_statement_wizard
from . import filiere_label_print
