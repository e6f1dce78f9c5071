from odoo import Command
from odoo.tests import TransactionCase, new_test_user


def inventory_csv(rows, header="Matériel;Quantité;Marque;Modèle;Année;Usage;Statut;N° de série"):
    """A donor inventory as the field writes it: French headers, semicolons."""
    lines = [header, *(";".join(str(cell) for cell in row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


class FiliereCase(TransactionCase):
    """Two structures of one network, their users, a donor and a signed agreement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env["res.company"].create({"name": "Ressourcerie de test (Gap)"})
        cls.other_company = cls.env["res.company"].create({"name": "Atelier de test (Briançon)"})
        cls.laptop = cls.env.ref("filiere_reemploi.device_type_laptop")
        cls.smartphone = cls.env.ref("filiere_reemploi.device_type_smartphone")
        cls.screen = cls.env.ref("filiere_reemploi.device_type_screen")
        cls.grade_a = cls.env.ref("filiere_reemploi.grade_a")
        cls.grade_c = cls.env.ref("filiere_reemploi.grade_c")
        cls.grade_recycling = cls.env.ref("filiere_reemploi.grade_recycling")
        cls.technician = cls._user("technicien", "filiere_reemploi.group_filiere_user", cls.company)
        cls.manager = cls._user("responsable", "filiere_reemploi.group_filiere_manager", cls.company)
        cls.auditor = cls._user("comptable", "filiere_reemploi.group_filiere_auditor", cls.company)
        cls.donor = cls.env["res.partner"].create(
            {"name": "Mairie de Test", "is_company": True, "filiere_donor_type": "public"}
        )
        cls.donation = cls.env["filiere.donation"].create(
            {"partner_id": cls.donor.id, "company_id": cls.company.id, "expected_quantity": 600}
        )
        cls.donation.action_sign()

    @classmethod
    def _user(cls, login, group, company, companies=None):
        return new_test_user(
            cls.env,
            login=login,
            groups=group,
            company_id=company.id,
            company_ids=[Command.set((companies or company).ids)],
        )

    def make_device(self, serial="SN-0001", device_type=None, **values):
        device_type = device_type or self.laptop
        return self.env["stock.lot"].create(
            {
                "name": serial,
                "device_type_id": device_type.id,
                "company_id": self.company.id,
                "donation_id": self.donation.id,
                **values,
            }
        )

    def walk(self, device, *actions):
        """Click the buttons one by one, each in its own 'transaction' as far as tracking goes."""
        for action in actions:
            getattr(device, action)()
            self.flush_tracking()
        return device

    def flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def ready_for_reuse(self, device, grade=None):
        """A refurbished device with every test passed and a grade."""
        self.walk(
            device, "action_mark_diagnosed", "action_mark_erased", "action_mark_refurbished", "action_pass_all_tests"
        )
        device.condition_id = grade or self.grade_a
        self.declare_no_data(device)
        return device

    def declare_no_data(self, device):
        """Satisfy filiere_wipe's erasure gate when it is installed (it is tested there)."""
        if "no_storage_declared" in device._fields:
            device.action_declare_no_storage()
