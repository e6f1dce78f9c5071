from . import filiere_sad_waiver
