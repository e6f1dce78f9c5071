from . import filiere_sad_waiver
from . import filiere_sad_handover
from . import filiere_overview
