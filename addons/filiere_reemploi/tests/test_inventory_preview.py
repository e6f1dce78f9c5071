import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import FiliereCase

GLPI_HEADER = "Nom;Entité;Statut;Fabricant;Numéro de série;Type;Modèle;Lieu;Utilisateur"


def glpi_export(prefix, extra_rows=()):
    """A GLPI computer export (French interface): semicolons, chassis words, two words no one knows yet."""
    rows = [
        f"PC-01;Mairie;En stock;Dell Inc.;{prefix}-01;Notebook;Latitude 5490;Compta;jdupont",
        f"PC-02;Mairie;En stock;HP;{prefix}-02;Mini Tower;ProDesk 600 G3;Accueil;",
        f"PC-03;Mairie;En stock;Lenovo;{prefix}-03;All in One;ThinkCentre M820z;État civil;",
        f"BORNE-1;Mairie;En stock;Elo;{prefix}-04;Borne interactive;ESY15;Hall;",
        f"BORNE-2;Mairie;En stock;Elo;{prefix}-05;Borne interactive;ESY15;Hall;",
        f"TC-1;Mairie;En stock;HP;{prefix}-06;Client léger;t530;Médiathèque;",
        *extra_rows,
    ]
    return ("\n".join([GLPI_HEADER, *rows]) + "\n").encode()


@tagged("post_install", "-at_install")
class TestInventoryPreview(FiliereCase):
    def _wizard(self, content, user=None, donation=None):
        return (
            self.env["filiere.inventory.import"]
            .with_user(user or self.technician)
            .create(
                {
                    "donation_id": (donation or self.donation).id,
                    "file": base64.b64encode(content),
                    "filename": "glpi_export.csv",
                }
            )
        )

    def _counts(self):
        return (
            self.env["stock.lot"].search_count([]),
            self.env["stock.picking"].search_count([]),
            self.env["filiere.device.type.alias"].search_count([]),
        )

    def test_preview_maps_columns_lists_words_once_and_remembers_choices(self):
        wizard = self._wizard(glpi_export("GLPI1"))
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(wizard.row_count, 6)
        mapping = {line.header: line.field for line in wizard.column_ids}
        self.assertEqual(
            mapping,
            {
                "Nom": "ignore",
                "Entité": "ignore",
                "Statut": "status",
                "Fabricant": "brand",
                "Numéro de série": "serial",
                "Type": "device_type",
                "Modèle": "model",
                "Lieu": "ignore",
                "Utilisateur": "ignore",
            },
        )
        self.assertEqual(
            wizard.column_ids.filtered(lambda line: line.header == "Modèle").sample,
            "Latitude 5490, ProDesk 600 G3, ThinkCentre M820z",
        )
        self.assertEqual(
            [(word.name, word.row_count) for word in wizard.word_ids],
            [("Borne interactive", 2), ("Client léger", 1)],
        )
        desktop = self.env.ref("filiere_reemploi.device_type_desktop")
        other = self.env.ref("filiere_reemploi.device_type_other")
        wizard.word_ids[0].device_type_id = other
        wizard.word_ids[1].device_type_id = desktop
        action = wizard.action_import()["params"]["next"]
        lots = self.env["stock.lot"].search(action["domain"])
        self.assertEqual(len(lots), 6)
        self.assertEqual(
            {lot.name: lot.device_type_id.code for lot in lots},
            {
                "GLPI1-01": "laptop",
                "GLPI1-02": "desktop",
                "GLPI1-03": "desktop",
                "GLPI1-04": "other",
                "GLPI1-05": "other",
                "GLPI1-06": "desktop",
            },
        )
        laptop = lots.filtered(lambda lot: lot.name == "GLPI1-01")
        self.assertEqual(laptop.brand, "Dell Inc.")
        # The values given at creation are those the device would compute.
        self.assertEqual(laptop.weight_kg, self.laptop.default_weight_kg)
        self.assertTrue(all(lots.mapped("is_device")))
        self.assertEqual(set(lots.mapped("functional_test_state")), {"todo"})
        self.assertEqual(lots.filiere_zone_id, self.donor.filiere_zone_id or self.company.filiere_zone_id)
        aliases = self.env["filiere.device.type.alias"].search([("company_id", "=", self.company.id)])
        self.assertEqual(
            {(alias.name, alias.device_type_id) for alias in aliases},
            {("Borne interactive", other), ("Client léger", desktop)},
        )

        # The next export of the same shape: no word to choose, nothing to map.
        donation = self.env["filiere.donation"].create({"partner_id": self.donor.id, "company_id": self.company.id})
        second = self._wizard(glpi_export("GLPI2"), donation=donation)
        second.action_preview()
        self.assertFalse(second.word_ids)
        second.action_import()
        self.assertEqual(donation.device_count, 6)
        # The direct import (no preview) applies the remembered words too.
        third = self.env["filiere.donation"].create({"partner_id": self.donor.id, "company_id": self.company.id})
        self.assertEqual(len(third.import_inventory(glpi_export("GLPI3"), "glpi.csv")), 6)

    def test_devices_take_the_donor_zone_and_their_type_weight(self):
        zone = self.env["filiere.zone"].create({"name": "Zone du donateur"})
        self.donor.filiere_zone_id = zone
        content = "Type;Modèle;Numéro de série\nNotebook;Latitude 5490;Z-1\nMonitor;P2219H;Z-2\n".encode()
        lots = self.donation.import_inventory(content, "glpi.csv")
        self.assertEqual(lots.filiere_zone_id, zone)
        self.assertEqual(
            {lot.name: lot.weight_kg for lot in lots},
            {"Z-1": self.laptop.default_weight_kg, "Z-2": self.screen.default_weight_kg},
        )

    def test_skip_choice_leaves_rows_out(self):
        wizard = self._wizard(glpi_export("SKIP"))
        wizard.action_preview()
        wizard.word_ids.write({"skip": True})
        action = wizard.action_import()["params"]["next"]
        self.assertEqual(len(self.env["stock.lot"].search(action["domain"])), 3)
        alias = self.env["filiere.device.type.alias"].search([("word_key", "=", "client leger")])
        self.assertTrue(alias.skip)

    def test_edited_mapping_is_used(self):
        content = b"Hostname;Kind;Maker;Reference;Numero\nh1;Laptop;Dell;E7470;MAP-1\n"
        wizard = self._wizard(content)
        with self.assertRaisesRegex(UserError, "lacks the columns"):
            wizard.action_preview()
        # The guess found nothing: the user maps the columns by hand on a preview of the header.
        wizard.state = "preview"
        wizard.column_ids = [
            (0, 0, {"index": index, "header": header, "field": field})
            for index, (header, field) in enumerate(
                [
                    ("Hostname", "ignore"),
                    ("Kind", "device_type"),
                    ("Maker", "brand"),
                    ("Reference", "model"),
                    ("Numero", "serial"),
                ]
            )
        ]
        wizard.action_preview()
        self.assertEqual(wizard.column_ids.filtered(lambda line: line.header == "Kind").field, "device_type")
        action = wizard.action_import()["params"]["next"]
        [lot] = self.env["stock.lot"].search(action["domain"])
        self.assertEqual(
            (lot.name, lot.device_type_id, lot.brand, lot.model_name), ("MAP-1", self.laptop, "Dell", "E7470")
        )

    def test_bad_row_still_refuses_the_whole_file(self):
        content = glpi_export("BAD", extra_rows=["PC-07;Mairie;En stock;Dell;;Notebook;Latitude 7490;;"])
        wizard = self._wizard(content)
        wizard.action_preview()
        wizard.word_ids[0].device_type_id = self.env.ref("filiere_reemploi.device_type_other")
        wizard.word_ids[1].device_type_id = self.env.ref("filiere_reemploi.device_type_desktop")
        before = self._counts()
        with self.assertRaises(UserError) as error:
            wizard.action_import()
        self.assertIn("nothing was created", str(error.exception))
        self.assertIn("row 8: the serial number is missing for a single device", str(error.exception))
        self.assertEqual(self._counts(), before, "no device, no receipt, no remembered word")

        # A word left without a choice refuses the file too, naming its rows.
        wizard.word_ids[1].device_type_id = False
        with self.assertRaises(UserError) as error:
            wizard.action_import()
        self.assertIn("row 7: unknown device type 'Client léger'", str(error.exception))
        self.assertEqual(self._counts(), before)

    def test_same_field_twice_is_refused(self):
        wizard = self._wizard(glpi_export("TWICE"))
        wizard.action_preview()
        wizard.column_ids.filtered(lambda line: line.header == "Nom").field = "serial"
        with self.assertRaisesRegex(UserError, "Two columns are mapped to the same field"):
            wizard.action_import()

    def test_desk_phones_are_asked_not_taken_for_smartphones(self):
        content = (
            "Matériel;Marque;Modèle;N° de série\n"
            "Téléphone;Cisco;CP-7821;FCH-1\n"
            "Téléphone;Apple;iPhone SE;IPH-1\n"
            "Téléphone;Crosscall;Core-X4;CC-1\n"
            "Téléphone fixe;Alcatel;;AL-1\n"
        ).encode()
        wizard = self._wizard(content)
        wizard.action_preview()
        self.assertEqual([(word.name, word.row_count) for word in wizard.word_ids], [("Téléphone", 1)])
        with self.assertRaisesRegex(UserError, "row 4: unknown device type 'Téléphone'"):
            self.donation.import_inventory(content, "mairie.csv")
        wizard.word_ids.device_type_id = self.smartphone
        lots = self.env["stock.lot"].search(wizard.action_import()["params"]["next"]["domain"])
        self.assertEqual(
            {lot.name: lot.device_type_id.code for lot in lots},
            {"FCH-1": "other", "IPH-1": "smartphone", "CC-1": "smartphone", "AL-1": "other"},
        )

    def test_preview_and_import_queries_do_not_grow_with_rows(self):
        def export(count, prefix):
            rows = [f"PC-{n};M;En stock;Dell;{prefix}-{n:04d};Notebook;Latitude 5490;;" for n in range(count)]
            return ("\n".join([GLPI_HEADER, *rows]) + "\n").encode()

        for count in (10, 200):
            donation = self.env["filiere.donation"].create({"partner_id": self.donor.id, "company_id": self.company.id})
            wizard = self._wizard(export(count, f"Q{count}"), donation=donation)
            with self.assertQueryCount(__system__=40):
                wizard.action_preview()
            with self.assertQueryCount(__system__=150):
                wizard.action_import()
            self.assertEqual(donation.device_count, count)


@tagged("post_install", "-at_install")
class TestDeviceTypeAliasAccess(FiliereCase):
    def test_staff_create_their_structures_words_only(self):
        Alias = self.env["filiere.device.type.alias"]
        mine = Alias.with_user(self.technician).create(
            {"name": "Borne", "device_type_id": self.laptop.id, "company_id": self.company.id}
        )
        self.assertEqual(mine.word_key, "borne")
        before = Alias.search_count([])
        with self.assertRaises(AccessError):
            Alias.with_user(self.technician).create(
                {"name": "Network word", "device_type_id": self.laptop.id, "company_id": False}
            )
        with self.assertRaises(AccessError):
            Alias.with_user(self.technician).create(
                {"name": "Their word", "device_type_id": self.laptop.id, "company_id": self.other_company.id}
            )
        with self.assertRaises(AccessError):
            mine.with_user(self.technician).write({"device_type_id": self.smartphone.id})
        with self.assertRaises(AccessError):
            mine.with_user(self.technician).unlink()
        with self.assertRaises(AccessError):
            Alias.with_user(self.auditor).create({"name": "Audit", "device_type_id": self.laptop.id})
        self.assertEqual(Alias.search_count([]), before)
        self.assertEqual(mine.device_type_id, self.laptop)

    def test_managers_manage_network_words_and_structures_do_not_see_each_other(self):
        Alias = self.env["filiere.device.type.alias"]
        network = Alias.with_user(self.manager).create(
            {"name": "Kiosque", "device_type_id": self.laptop.id, "company_id": False}
        )
        network.with_user(self.manager).write({"device_type_id": self.screen.id})
        theirs = Alias.create({"name": "Borne", "skip": True, "company_id": self.other_company.id})
        visible = Alias.with_user(self.technician).search([])
        self.assertIn(network, visible)
        self.assertNotIn(theirs, visible)
        # Their choice does not apply to this structure's imports.
        with self.assertRaisesRegex(UserError, "unknown device type 'Borne'"):
            self.donation.import_inventory("Matériel;N° de série\nBorne;B-1\n".encode(), "a.csv")
        lots = self.donation.import_inventory("Matériel;N° de série\nKiosque;K-1\n".encode(), "a.csv")
        self.assertEqual(lots.device_type_id, self.screen)

    def test_a_word_needs_a_type_or_skip(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.env["filiere.device.type.alias"].create({"name": "Vide", "company_id": self.company.id})
