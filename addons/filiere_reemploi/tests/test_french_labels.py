from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import FiliereCase


@tagged("post_install", "-at_install")
class TestFrenchLabels(FiliereCase):
    """What a French structure reads where the words come from a selection or another addon."""

    def setUp(self):
        super().setUp()
        self.french = self.env(context={"lang": "fr_FR"})
        self.assertTrue(self.env["res.lang"]._lang_get("fr_FR").active, "the test database has French loaded")

    def selection(self, model, field):
        return dict(self.french[model]._fields[field]._description_selection(self.french))

    def test_keyboard_wanted_speaks_french_as_the_device_does(self):
        wanted = self.selection("filiere.referral", "keyboard_layout")
        self.assertEqual(wanted, self.selection("stock.lot", "keyboard_layout"))
        self.assertEqual(wanted["azerty_fr"], "AZERTY (français)")
        self.assertEqual(wanted["none"], "Sans clavier")
        self.assertEqual(wanted["other"], "Autre")

    def test_grade_settings_columns_are_french(self):
        fields = self.french["stock.lot.condition"].fields_get(["name", "description", "required_note"], ["string"])
        self.assertEqual(fields["name"]["string"], "Grade")
        self.assertEqual(fields["required_note"]["string"], "Note obligatoire")
        lot_fields = self.french["stock.lot"].fields_get(["condition_id", "condition_note"], ["string"])
        self.assertEqual(lot_fields["condition_note"]["string"], "Note sur le grade")

    def test_years_are_shown_without_a_thousands_separator(self):
        """ "2016", not "2 016": every integer year field of the addons' views disables the formatting
        (Odoo 18's option is ``enable_formatting``; an unknown option is silently ignored)."""
        views = self.env["ir.ui.view"].search([("model", "!=", False), ("type", "in", ("form", "list", "kanban"))])
        modules = {"filiere_reemploi", "filiere_wipe", "filiere_sad"}
        xmlids = views.get_external_id()
        checked, formatted = [], []

        def walk(node, model, view):
            for child in node:
                if not isinstance(child.tag, str):
                    continue
                field = model._fields.get(child.get("name")) if child.tag == "field" else None
                if field and field.type == "integer" and "year" in field.name:
                    checked.append(f"{xmlids[view.id]}: {field.name}")
                    options = safe_eval(child.get("options") or "{}", {"false": False, "true": True})
                    if options.get("enable_formatting") is not False:
                        formatted.append(checked[-1])
                # The fields of a one2many's own list or form belong to its comodel.
                walk(child, self.env[field.comodel_name] if field and field.relational else model, view)

        for view in views.filtered(lambda v: xmlids.get(v.id, "").split(".")[0] in modules):
            if view.model in self.env:
                walk(etree.fromstring(view.arch_db.encode()), self.env[view.model], view)
        self.assertGreaterEqual(len(checked), 4, checked)
        self.assertFalse(formatted, "years shown with a thousands separator")
