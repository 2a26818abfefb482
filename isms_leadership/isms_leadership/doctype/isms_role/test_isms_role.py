# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe

from isms_leadership.core.catalogue import DEFAULT_ROLES
from isms_leadership.exceptions import PrivilegedDeskRoleError, RoleConflictDefinitionError
from isms_leadership.install import install_role_catalogue
from isms_leadership.tests.utils import ISMSTestCase


def conflicts_of(role):
	return sorted(frappe.get_all("ISMS Role Conflict", filters={"parent": role}, pluck="isms_role"))


def make_role(name, **kwargs):
	doc = frappe.get_doc({"doctype": "ISMS Role", "role_name": name, **kwargs})
	doc.insert()
	return doc


class TestISMSRole(ISMSTestCase):
	def test_catalogue_is_installed(self):
		for spec in DEFAULT_ROLES:
			role = frappe.get_doc("ISMS Role", spec["role_name"])
			for field in ("is_top_management", "is_mandatory", "requires_deputy", "desk_role"):
				self.assertEqual(role.get(field) or None, spec.get(field) or None, f"{role.name}.{field}")
		self.assertEqual(conflicts_of("Internal Auditor"), ["Information Security Manager"])
		self.assertEqual(conflicts_of("Information Security Manager"), ["Internal Auditor"])

	def test_catalogue_is_never_overwritten(self):
		frappe.db.set_value("ISMS Role", "Risk Owner", "description", "Our own wording")
		# gone from the catalogue (removed as a row: on a site in use, assignments still link it)
		frappe.db.delete("ISMS Role Conflict", {"parent": "Security Awareness Lead"})
		frappe.db.delete("ISMS Role", {"name": "Security Awareness Lead"})
		created = install_role_catalogue()
		self.assertEqual(frappe.db.get_value("ISMS Role", "Risk Owner", "description"), "Our own wording")
		# only what is missing is created again
		self.assertEqual(created, ["Security Awareness Lead"])

	def test_conflicts_are_kept_symmetric(self):
		make_role("Test Treasurer")
		payments = make_role("Test Payments Approver", conflicting_roles=[{"isms_role": "Test Treasurer"}])
		self.assertEqual(conflicts_of("Test Treasurer"), ["Test Payments Approver"])

		payments.reload()
		payments.set("conflicting_roles", [])
		payments.save()
		self.assertEqual(conflicts_of("Test Treasurer"), [])

		treasurer = frappe.get_doc("ISMS Role", "Test Treasurer")
		treasurer.append("conflicting_roles", {"isms_role": "Test Payments Approver"})
		treasurer.save()
		self.assertEqual(conflicts_of("Test Payments Approver"), ["Test Treasurer"])

		frappe.delete_doc("ISMS Role", "Test Treasurer")
		self.assertEqual(conflicts_of("Test Payments Approver"), [])

	def test_a_role_cannot_conflict_with_itself(self):
		role = make_role("Test Lonely Role")
		role.append("conflicting_roles", {"isms_role": "Test Lonely Role"})
		with self.assertRaises(RoleConflictDefinitionError):
			role.save()
		self.assertEqual(conflicts_of("Test Lonely Role"), [])

	def test_privileged_desk_roles_cannot_be_granted(self):
		with self.assertRaises(PrivilegedDeskRoleError):
			make_role("Test Admin Role", desk_role="System Manager")
		self.assertFalse(frappe.db.exists("ISMS Role", "Test Admin Role"))

	def test_mandatory_role_needs_at_least_one_holder(self):
		role = make_role("Test Mandatory Role", is_mandatory=1, minimum_holders=0)
		self.assertEqual(role.minimum_holders, 1)

	def test_permissions_of_the_three_roles(self):
		expectations = {
			"manager@isms.test": {"read": True, "write": True, "create": True},
			"director@isms.test": {"read": True, "write": False, "create": False},
			"auditor@isms.test": {"read": True, "write": False, "create": False},
			"hr@isms.test": {"read": True, "write": False, "create": False},
			"employee1@isms.test": {"read": False, "write": False, "create": False},
		}
		self.assertPermissions("ISMS Role", expectations)

	def test_auditor_cannot_change_a_role(self):
		frappe.set_user("auditor@isms.test")
		role = frappe.get_doc("ISMS Role", "Risk Owner")
		role.description = "changed by an auditor"
		with self.assertRaises(frappe.PermissionError):
			role.save()

		frappe.set_user("manager@isms.test")
		role = frappe.get_doc("ISMS Role", "Risk Owner")
		role.description = "changed by the ISMS manager"
		role.save()
		self.assertEqual(
			frappe.db.get_value("ISMS Role", "Risk Owner", "description"), "changed by the ISMS manager"
		)
