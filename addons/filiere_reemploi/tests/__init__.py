from . import test_device_lifecycle
from . import test_functional_test
from . import test_triage
from . import test_donation
from . import test_inventory_import
from . import test_security
from . import test_tour
