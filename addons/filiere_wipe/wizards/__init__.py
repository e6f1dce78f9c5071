from . import filiere_erasure_import
from . import filiere_erasure_certificate_cancel
