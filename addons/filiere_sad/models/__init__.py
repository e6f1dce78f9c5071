from . import res_company
from . import res_partner
from . import filiere_sad_topic
from . import filiere_sad_appointment
from . import helpdesk_ticket
from . import filiere_referral
from . import filiere_beneficiary
from . import filiere_statement
