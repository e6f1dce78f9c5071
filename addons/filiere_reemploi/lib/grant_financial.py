"""The figures of a grant's financial report ("compte rendu financier de subvention", Cerfa n° 15059*02).

Plain module (no Odoo import). The addon passes the posted accounting lines that carry the
grant's analytic account (account code, account name, balance, analytic distribution); this
module keeps the grant's share of each line, classifies it by the nature of its account (the
French chart: charges 60 to 68, products 70 to 75, subtotal per two-digit account) and adds the
contributions volontaires en nature (accounts 86 and 87): donated devices and volunteer hours.
"""

CHARGE_GROUPS = ("60", "61", "62", "63", "64", "65", "66", "67", "68")
PRODUCT_GROUPS = ("70", "71", "72", "73", "74", "75")
GRANT_GROUP = "74"  # subventions d'exploitation

# Contributions volontaires en nature (règlement ANC n° 2018-06): the uses (86) balance the
# contributions (87).
USE_DEVICES = "860"  # secours en nature: the donated devices handed on
USE_VOLUNTEERS = "864"  # personnel bénévole
CONTRIBUTION_VOLUNTEERS = "870"  # bénévolat
CONTRIBUTION_DEVICES = "875"  # dons en nature


def analytic_share(distribution, account_id):
    """The share (0 to 1) of a line that an analytic distribution gives to ``account_id``.

    Odoo 18 keys a distribution by analytic account ids, several plans' accounts joined by commas
    ("12,40": 50.0); every key naming the account counts.
    """
    wanted = str(account_id)
    percent = sum(float(value or 0.0) for key, value in (distribution or {}).items() if wanted in str(key).split(","))
    return percent / 100.0


def _nature(code):
    prefix = (code or "")[:2]
    if prefix in CHARGE_GROUPS:
        return "charges", prefix
    if prefix in PRODUCT_GROUPS:
        return "products", prefix
    return None, prefix


def summarise(lines, account_id, group_labels):
    """Charges and products of the grant from accounting lines.

    ``lines``: dicts with ``code``, ``name`` (of the general account), ``balance`` (debit minus
    credit) and ``distribution`` (the line's analytic distribution). ``group_labels``: two-digit
    account -> its title on the form. Charges are counted debit-positive, products credit-positive.
    Returns ``{"charges": [group...], "products": [group...], "total_charges", "total_products",
    "grant_received", "result", "outside"}`` where a group is ``{"code", "label", "amount",
    "accounts": [{"code", "name", "amount"}]}`` and ``outside`` is the amount of lines on other
    accounts (not on the form).
    """
    sections = {"charges": {}, "products": {}}
    outside = 0.0
    for line in lines:
        amount = float(line["balance"] or 0.0) * analytic_share(line["distribution"], account_id)
        nature, prefix = _nature(line["code"])
        if nature is None:
            outside += amount
            continue
        if nature == "products":
            amount = -amount
        accounts = sections[nature].setdefault(prefix, {})
        account = accounts.setdefault(line["code"], {"code": line["code"], "name": line["name"] or "", "amount": 0.0})
        account["amount"] += amount
    result = {"outside": round(outside, 2)}
    for nature, codes in (("charges", CHARGE_GROUPS), ("products", PRODUCT_GROUPS)):
        groups = []
        for code in codes:
            accounts = [
                dict(account, amount=round(account["amount"], 2))
                for _code, account in sorted(sections[nature].get(code, {}).items())
            ]
            groups.append(
                {
                    "code": code,
                    "label": group_labels.get(code, code),
                    "amount": round(sum(account["amount"] for account in accounts), 2),
                    "accounts": accounts,
                }
            )
        result[nature] = groups
        result[f"total_{nature}"] = round(sum(group["amount"] for group in groups), 2)
    result["grant_received"] = next(group["amount"] for group in result["products"] if group["code"] == GRANT_GROUP)
    result["result"] = round(result["total_products"] - result["total_charges"], 2)
    return result


def in_kind(devices_value, volunteer_hours, hourly_value, labels):
    """The contributions volontaires en nature: uses (86) and contributions (87), which balance.

    ``devices_value``: the value of the devices donated in the period; volunteer hours are valued
    at ``hourly_value``. ``labels``: account -> title (keys 860, 864, 870, 875).
    """
    devices = round(float(devices_value or 0.0), 2)
    volunteers = round(float(volunteer_hours or 0.0) * float(hourly_value or 0.0), 2)
    return {
        "uses": [
            {"code": USE_DEVICES, "label": labels[USE_DEVICES], "amount": devices},
            {"code": USE_VOLUNTEERS, "label": labels[USE_VOLUNTEERS], "amount": volunteers},
        ],
        "contributions": [
            {"code": CONTRIBUTION_VOLUNTEERS, "label": labels[CONTRIBUTION_VOLUNTEERS], "amount": volunteers},
            {"code": CONTRIBUTION_DEVICES, "label": labels[CONTRIBUTION_DEVICES], "amount": devices},
        ],
        "total": round(devices + volunteers, 2),
    }
