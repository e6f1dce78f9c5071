from . import filiere_erasure_import
from . import filiere_erasure_certificate_cancel
from . import filiere_erasure_attestation_confirm
