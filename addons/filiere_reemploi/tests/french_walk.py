"""Walk an addon's screens in French and name every string still in English.

Shared by the three addons' tests: the labels of the addon's views (their own terms and the
labels of every field they show), the selection labels of the addon's fields, and what a
scheduled job writes (compared with what it writes for an English-speaking structure).
"""

import re
from pathlib import Path

from markupsafe import Markup

from odoo.modules.module import get_module_path
from odoo.tools import html2plaintext

# Words a French reader reads the same in English: a term made only of these, of acronyms or
# of numbers is not a translation left out. Kept short: each is a French word as well.
SAME_IN_FRENCH = {
    "action",
    "actions",
    "association",
    "client",
    "code",
    "commune",
    "contact",
    "date",
    "description",
    "distribution",
    "distributions",
    "document",
    "documents",
    "email",
    "format",
    "grade",
    "grades",
    "mode",
    "intact",
    "kg",
    "note",
    "notes",
    "photo",
    "position",
    "ratio",
    "satisfaction",
    "segment",
    "segments",
    "situation",
    "source",
    "stock",
    "structure",
    "structures",
    "test",
    "ticket",
    "total",
    "type",
    "usage",
    "version",
    "zone",
    "zones",
}
# Names read as they are in both languages: tools, standards, French bodies.
NAMES = {
    "dmidecode",
    "eMMC",
    "eReuse",
    "inxi",
    "lshw",
    "Clear",  # NIST SP 800-88 Clear, a standard's level
    "Purge",  # NIST SP 800-88 Purge
    "Destroy",  # NIST SP 800-88 Destroy
    "NVMe",
    "smartctl",
    "upower",
    "Workbench",  # eReuse Workbench
    "France",  # France Services
    "Services",
    "Mission",  # Mission Locale
    "Locale",
}
WORD = re.compile(r"[^\W\d_]{2,}")
TAG = re.compile(r"<[^>]*>")


def english_left(english, french):
    """True when ``french`` is ``english`` unchanged and holds a word French does not share."""
    if (english or "").strip() != (french or "").strip():
        return False
    words = WORD.findall(TAG.sub(" ", english or ""))
    return any(word.lower() not in SAME_IN_FRENCH and word not in NAMES and not word.isupper() for word in words)


ADDONS = {"filiere_reemploi", "filiere_wipe", "filiere_sad"}


# Columns the ORM adds to every model, read from base's French, never shown as a label here.
MAGIC = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}


def speaks_for(field):
    """Whether the network's addons answer for the French of ``field``: theirs, or an addon's without French.

    Odoo's modules ship their French; a gap there (e.g. the activity mixin's selection) is Odoo's.
    """
    if field.name in MAGIC:
        return False
    if ADDONS & set(field._modules):
        return True
    path = get_module_path(field._module, display_warning=False)
    return bool(path) and not any((Path(path) / "i18n" / name).exists() for name in ("fr.po", "fr_FR.po"))


class FrenchWalkMixin:
    """For a TransactionCase of the French demo database; ``walked_module`` names the addon.

    Gives each addon's test class the walks of its views, the fields they show and its selections;
    the class adds the texts of its own scheduled jobs (``walk_cron``).
    """

    walked_module = None

    def setUp(self):
        super().setUp()
        self._french_ready()

    def test_view_terms_are_french(self):
        self.assert_french(self.walk_view_terms())

    def test_fields_shown_are_french(self):
        self.assert_french(self.walk_view_fields())

    def test_selections_are_french(self):
        self.assert_french(self.walk_selections())

    def _walk_env(self, lang):
        return self.env(context={"lang": lang})

    def _module_records(self, model):
        data = self.env["ir.model.data"].search([("module", "=", self.walked_module), ("model", "=", model)])
        return {record.res_id: f"{record.module}.{record.name}" for record in data}

    def _french_ready(self):
        french = self.env["res.lang"]._lang_get("fr_FR")
        self.assertTrue(french, "the test database has French loaded")

    def walk_view_terms(self):
        """Terms of the addon's own views (strings, help, placeholders, texts, buttons)."""
        offenders = []
        View = self.env["ir.ui.view"]
        arch_field = View._fields["arch_db"]
        for view_id, xmlid in sorted(self._module_records("ir.ui.view").items(), key=lambda item: item[1]):
            english = View.browse(view_id).with_context(lang="en_US").arch_db
            french = View.browse(view_id).with_context(lang="fr_FR").arch_db
            if not english:
                continue
            terms = arch_field.get_translation_dictionary(english, {"fr_FR": french})
            offenders += [
                f"{xmlid}: {term!r}"
                for term, translations in terms.items()
                if english_left(term, translations.get("fr_FR", term))
            ]
        return offenders

    def walk_view_fields(self):
        """Labels, help and selection labels of every field the addon's screens show."""
        roots = self.env["ir.ui.view"]
        for view in self.env["ir.ui.view"].browse(list(self._module_records("ir.ui.view"))):
            root = view
            while root.mode != "primary" and root.inherit_id:
                root = root.inherit_id
            if root.type not in ("qweb",) and root.model in self.env:
                roots |= root
        seen, offenders = set(), []
        for root in roots:
            english = self._walk_env("en_US")[root.model].get_views([(root.id, root.type)])["models"]
            french = self._walk_env("fr_FR")[root.model].get_views([(root.id, root.type)])["models"]
            for model, described in french.items():
                for fname, fr_field in described["fields"].items():
                    if (model, fname) in seen or not speaks_for(self.env[model]._fields[fname]):
                        continue
                    seen.add((model, fname))
                    en_field = english[model]["fields"][fname]
                    for attribute in ("string", "help"):
                        if english_left(en_field.get(attribute), fr_field.get(attribute)):
                            offenders.append(f"{model}.{fname} {attribute}: {en_field[attribute]!r}")
                    offenders += self._selection_offenders(model, fname, en_field, fr_field)
        return offenders

    def _selection_offenders(self, model, fname, en_field, fr_field):
        fr_labels = dict(fr_field.get("selection") or []) if isinstance(fr_field.get("selection"), list) else {}
        return [
            f"{model}.{fname} selection {value!r}: {label!r}"
            for value, label in (en_field.get("selection") or [] if isinstance(en_field.get("selection"), list) else [])
            if english_left(label, fr_labels.get(value))
        ]

    def walk_selections(self):
        """Selection labels of every selection field the addon defines, shown in a view or not."""
        offenders = []
        for field in self.env["ir.model.fields"].browse(list(self._module_records("ir.model.fields"))):
            if field.ttype != "selection" or field.model not in self.env:
                continue
            if not speaks_for(self.env[field.model]._fields[field.name]):
                continue
            english = self._walk_env("en_US")[field.model].fields_get([field.name], ["selection"])[field.name]
            french = self._walk_env("fr_FR")[field.model].fields_get([field.name], ["selection"])[field.name]
            offenders += self._selection_offenders(field.model, field.name, english, french)
        return offenders

    def cron_texts(self, run, lang, companies):
        """What ``run()`` (a scheduled job, without a language) writes when the structures speak ``lang``.

        Activities' summaries and notes, messages' bodies; everything is rolled back.
        """

        texts = []
        self.env.flush_all()
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            (companies.partner_id | self.env["res.users"].search([]).partner_id).write({"lang": lang})
            last_activity = self.env["mail.activity"].search([], order="id desc", limit=1).id
            last_message = self.env["mail.message"].search([], order="id desc", limit=1).id
            run(self.env(context={}))
            self.env.flush_all()
            for activity in self.env["mail.activity"].search([("id", ">", last_activity)]):
                texts += [activity.summary or "", html2plaintext(activity.note or Markup())]
            for message in self.env["mail.message"].search([("id", ">", last_message)]):
                texts += [html2plaintext(message.body or Markup()), message.subject or ""]
        finally:
            self.env.invalidate_all(flush=False)
            savepoint.close(rollback=True)
        self.env.invalidate_all(flush=False)
        return [text.strip() for text in texts if text and text.strip()]

    def walk_cron(self, run, companies):
        """Texts the job writes in French that it writes the same for an English structure."""
        english = self.cron_texts(run, "en_US", companies)
        self.assertTrue(english, "the scheduled job has something to write in the demo")
        french = self.cron_texts(run, "fr_FR", companies)
        return [f"scheduled job: {text!r}" for text in french if text in english and english_left(text, text)]

    def assert_french(self, offenders):
        self.assertFalse(offenders, "English left in the French screens:\n" + "\n".join(offenders))
