"""French rules on devices given by public bodies and on the guarantee of what is handed over.

Plain module (no Odoo import); the models turn its answers into refusals and documents.

- Devices given by public bodies: articles L3212-2 3° and L3212-3 of the Code général de la
  propriété des personnes publiques (CGPPP), as amended by loi n° 2022-217 « 3DS », art. 178.
  The unit value of a device given must not exceed the threshold of article D. 3212-3 CGPPP:
  300 € (décret n° 2022-791 du 6 mai 2022). The receiving association resells such devices only
  to people in precarity or associations serving them, at a solidarity price capped per kind of
  device by the décret of 7 November 2022 (the caps are data of each device type).
- Legal guarantee of conformity: articles L217-3 and L217-7 of the Code de la consommation. A
  seller answers for defects of conformity appearing within 2 years of delivery; for used goods,
  those appearing within 12 months are presumed to have existed at delivery. A free donation is
  no sale: what the structure gives then is its own commitment, for the months it chose.
"""

from dateutil.relativedelta import relativedelta

# Article D. 3212-3 CGPPP (décret n° 2022-791 du 6 mai 2022).
PUBLIC_TRANSFER_VALUE_LIMIT = 300.0
# Article L217-3 Code de la consommation.
LEGAL_GUARANTEE_MONTHS = 24
# Article L217-7 Code de la consommation, goods sold used.
USED_GOODS_PRESUMPTION_MONTHS = 12

LEGAL = "legal"
COMMITMENT = "commitment"


def _cents(amount):
    return round((amount or 0.0) * 100)


def above_public_transfer_limit(value):
    """True when a device declared at ``value`` may not be given by a public body."""
    return _cents(value) > _cents(PUBLIC_TRANSFER_VALUE_LIMIT)


def above_price_cap(price, cap):
    """True when ``price`` (incl. VAT) exceeds ``cap``; to the cent, whatever the float noise."""
    return _cents(price) > _cents(cap)


def guarantee_kind(sale_format, price):
    """LEGAL for a sale at a price, COMMITMENT for what is given, lent or rented."""
    return LEGAL if sale_format == "sale" and _cents(price) > 0 else COMMITMENT


def guarantee_end(kind, handover_date, commitment_months):
    """Last day covered: 2 years after the handover for the legal guarantee, else the commitment's months."""
    months = LEGAL_GUARANTEE_MONTHS if kind == LEGAL else commitment_months
    return handover_date + relativedelta(months=months)


def presumption_end(handover_date):
    """Until this day a defect of a used device sold is presumed to have existed at delivery."""
    return handover_date + relativedelta(months=USED_GOODS_PRESUMPTION_MONTHS)
