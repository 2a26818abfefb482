"""Base class of the app's integration tests."""

import frappe

try:  # Frappe 16
	from frappe.tests import IntegrationTestCase as FrappeTestCase
except ImportError:  # Frappe 15
	from frappe.tests.utils import FrappeTestCase

from isms_leadership.queries.budget import KEPT_SPENDING
from isms_leadership.tests.factories import TEST_USERS


class ISMSTestCase(FrappeTestCase):
	"""Each test starts as Administrator and leaves nothing behind: its writes are rolled
	back after it, and cached roles of the test users are dropped with them, as is the
	spending last read from the General Ledger (it may hold a test's own entries)."""

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.cache.delete_value(KEPT_SPENDING)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for user in TEST_USERS:
			frappe.clear_cache(user=user)
		frappe.cache.delete_value(KEPT_SPENDING)

	def assertNotSaved(self, doctype, **filters):
		self.assertFalse(frappe.db.exists(doctype, filters), f"{doctype} {filters} was saved")

	def assertPermissions(self, doctype, expectations):
		"""expectations: {user: {ptype: expected bool}} on the doctype as a whole."""
		for user, rights in expectations.items():
			for ptype, expected in rights.items():
				self.assertEqual(
					bool(frappe.has_permission(doctype, ptype, user=user)),
					expected,
					f"{user} {ptype} {doctype}",
				)
