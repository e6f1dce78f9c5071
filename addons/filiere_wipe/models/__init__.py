from . import filiere_erasure
from . import filiere_erasure_certificate
from . import stock_lot
from . import filiere_donation
from . import filiere_statement
