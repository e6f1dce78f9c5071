from . import test_sad
from . import test_sad_portal
from . import test_trust_sad
from . import test_guarantee_ticket
from . import test_overview
