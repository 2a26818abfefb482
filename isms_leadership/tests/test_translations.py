"""The app's gettext catalogues on a site: main.pot matches the code, and a German user gets
German prints and report columns.

Frappe 15 reads an app's translations from compiled catalogues,
sites/assets/locale/<lang>/LC_MESSAGES/isms_leadership.mo, which `bench build` or
`bench compile-po-to-mo --app isms_leadership` make from isms_leadership/locale/<lang>.po;
`bench migrate` clears the cached translations. The plain test tests/test_translations.py
checks the catalogues themselves (complete, placeholders and tags kept).
"""

from pathlib import Path
from tempfile import TemporaryDirectory
from unittest.mock import patch

import git
from babel.messages.pofile import read_po

import frappe
from frappe.desk.query_report import run as run_report
from frappe.gettext import translate as gettext
from frappe.translate import clear_cache as clear_translation_cache

from isms_leadership.tests.factories import (
	TEST_COMPANY,
	make_policy,
	make_top_management,
	make_user,
	publish,
)
from isms_leadership.tests.utils import ISMSTestCase

APP = "isms_leadership"
#: an auditor of the test company (an Employee who reads the company), German for the test
GERMAN_READER = "auditor@isms.test"
COMPILE = f"bench compile-po-to-mo --app {APP}"
FIND_GITIGNORED = gettext.get_is_gitignored_function_for_app


def read_catalog(path) -> list:
	with open(path, "rb") as f:
		return [m for m in read_po(f) if m.id]


def gitignored_dirs(app: str):
	"""Frappe asks git which directories to skip; the bench's copy of the app, made by
	scripts/install-into-bench from the files git does not ignore, is no git checkout."""
	try:
		return FIND_GITIGNORED(app)
	except (git.InvalidGitRepositoryError, git.NoSuchPathError):
		return lambda directory: False


class TestThePotMatchesTheCode(ISMSTestCase):
	def test_regenerating_the_pot_gives_the_committed_messages(self):
		committed = {(m.context, m.id) for m in read_catalog(gettext.get_pot_path(APP))}
		with TemporaryDirectory() as tmp:
			fresh_path = Path(tmp) / "main.pot"
			with (
				patch.object(gettext, "get_pot_path", return_value=fresh_path),
				patch.object(gettext, "get_is_gitignored_function_for_app", gitignored_dirs),
			):
				gettext.generate_pot(APP)
			fresh = {(m.context, m.id) for m in read_catalog(fresh_path)}
		self.assertGreater(len(fresh), 300, "Frappe's extractor found almost nothing in the app")
		fix = "main.pot is stale: run scripts/update-translations and translate what it reports"
		self.assertEqual(sorted(fresh - committed, key=str), [], f"{fix} (in the code, not in main.pot)")
		self.assertEqual(sorted(committed - fresh, key=str), [], f"{fix} (in main.pot, gone from the code)")


class TestAGermanUser(ISMSTestCase):
	@classmethod
	def setUpClass(cls):
		# the site reads the compiled catalogue, as after `bench build`
		po, mo = gettext.get_po_path(APP, "de"), gettext.get_mo_path(APP, "de")
		if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
			raise AssertionError(f"{mo} is missing or older than {po}: run `{COMPILE}` in the bench")
		super().setUpClass()
		cls.german = {m.id: m.string for m in read_catalog(po)}
		# translations merged before the catalogue was compiled may still be cached
		clear_translation_cache()

	def setUp(self):
		super().setUp()
		self.addCleanup(setattr, frappe.local, "lang", frappe.local.lang)
		self.addCleanup(frappe.clear_cache, user=GERMAN_READER)
		frappe.db.set_value("User", GERMAN_READER, "language", "de")
		frappe.clear_cache(user=GERMAN_READER)

	def speak_as_the_german_reader(self):
		frappe.set_user(GERMAN_READER)
		frappe.set_user_lang(GERMAN_READER)
		self.assertEqual(frappe.local.lang, "de")

	def german_of(self, *msgids: str) -> list[str]:
		"""What de.po says for each message; each must differ from the English."""
		translated = [self.german.get(msgid) for msgid in msgids]
		for msgid, german in zip(msgids, translated, strict=True):
			self.assertTrue(german and german != msgid, f"de.po does not translate {msgid!r}")
		return translated

	def test_the_security_policy_prints_in_german(self):
		make_top_management()
		policy = publish(make_policy())
		labels = ("Effective From", "Next Review Due", "Policy Owner", "Approval Trail")
		self.speak_as_the_german_reader()
		html = frappe.get_print("Security Policy", policy.name, print_format="Security Policy")
		for english, german in zip(labels, self.german_of(*labels), strict=True):
			self.assertIn(german, html)
			self.assertNotIn(english, html)
		self.assertIn("Gültig ab", html)  # what a German reader sees for "Effective From"

	def test_report_columns_are_german(self):
		self.speak_as_the_german_reader()
		result = run_report("Role Coverage", filters={"company": TEST_COMPANY}, ignore_prepared_report=True)
		columns = {column["fieldname"]: column["label"] for column in result["columns"]}
		fields = {
			"isms_role": "ISMS Role",
			"active_holders": "Active Holders",
			"deputies": "Deputies",
			"without_deputy": "Without Required Deputy",
		}
		self.assertEqual([columns[f] for f in fields], self.german_of(*fields.values()))
		self.assertEqual(columns["deputies"], "Stellvertretungen")
