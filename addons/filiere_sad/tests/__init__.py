from . import test_sad
from . import test_sad_portal
