"""What installing the app grants on ERPNext's own doctypes."""

import frappe

from isms_leadership.install import let_isms_managers_select_accounts
from isms_leadership.tests.factories import EXPENSE
from isms_leadership.tests.utils import ISMSTestCase


class TestAccountSelection(ISMSTestCase):
	def test_isms_manager_may_select_accounts_but_not_read_the_ledger(self):
		"""The lines of the security budget name an expense account: the ISMS Manager picks it
		(search and link validation take Select) without reading accounts or their balances."""
		manager = "manager@isms.test"
		self.assertTrue(frappe.has_permission("Account", "select", user=manager))
		self.assertFalse(frappe.has_permission("Account", "read", user=manager))
		self.assertFalse(frappe.has_permission("GL Entry", "read", user=manager))
		self.assertFalse(frappe.has_permission("Account", "select", user="employee1@isms.test"))
		frappe.set_user(manager)
		from frappe.client import validate_link

		self.assertEqual(validate_link("Account", EXPENSE["tools"]).name, EXPENSE["tools"])

	def test_granted_once_and_a_site_change_is_kept(self):
		rules = {"parent": "Account", "role": "ISMS Manager"}
		self.assertEqual(frappe.db.count("Custom DocPerm", rules), 1)
		let_isms_managers_select_accounts()
		self.assertEqual(frappe.db.count("Custom DocPerm", rules), 1)
		# a System Manager widened it to Read: a later migrate leaves that as it is
		frappe.db.set_value("Custom DocPerm", rules, "read", 1)
		let_isms_managers_select_accounts()
		self.assertEqual(frappe.db.get_value("Custom DocPerm", rules, "read"), 1)
