from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.filiere_reemploi.tests.common import DistributionCase


class SadCase(DistributionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.filiere_sad_required = True
        cls.getting_started = cls.env.ref("filiere_sad.topic_getting_started")
        cls.email_topic = cls.env.ref("filiere_sad.topic_email")

    @classmethod
    def portal_mediator(cls, login, structure):
        """A mediator of a partner structure: a portal account, as in production."""
        # Messages are read in English; a database installed in French may have deactivated it.
        cls.env["res.lang"]._activate_lang("en_US")
        organisation = cls.env["res.partner"].create({"name": structure, "is_company": True})
        contact = cls.env["res.partner"].create({"name": f"Médiateur {login}", "parent_id": organisation.id})
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            lang="en_US",
        )

    def reserved_referral(self, serial, name="Jeanne Martin", **beneficiary_values):
        device = self.stocked_device(serial)
        referral = self.make_referral(self.make_beneficiary(name, **beneficiary_values))
        referral.action_accept()
        referral.action_allocate_device(device)
        return referral

    def appointment(self, referral, hours_from_now=48, **values):
        return self.env["filiere.sad.appointment"].create(
            {
                "ticket_id": referral.sad_ticket_id.id,
                "start": fields.Datetime.now() + timedelta(hours=hours_from_now),
                "mediator_user_id": self.distribution.id,
                "topic_ids": [fields.Command.set(self.getting_started.ids)],
                **values,
            }
        )
