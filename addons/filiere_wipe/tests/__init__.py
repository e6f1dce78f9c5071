from . import test_erasure_gate
from . import test_certificate
from . import test_import_report
from . import test_public_page
from . import test_trust_certificates
from . import test_trust_proofs
from . import test_import_real_reports
from . import test_scan_station
