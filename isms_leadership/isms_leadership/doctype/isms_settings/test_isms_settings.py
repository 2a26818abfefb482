# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe

from isms_leadership.exceptions import InvalidSettingError
from isms_leadership.tests.utils import ISMSTestCase


class TestISMSSettings(ISMSTestCase):
	def test_defaults_are_stored_on_install(self):
		values = {
			field: frappe.db.get_single_value("ISMS Settings", field)
			for field in (
				"policy_review_interval_months",
				"management_review_interval_months",
				"acknowledgement_due_days",
				"reminder_lead_days",
				"default_budget_action",
			)
		}
		self.assertEqual(
			values,
			{
				"policy_review_interval_months": 12,
				"management_review_interval_months": 12,
				"acknowledgement_due_days": 14,
				"reminder_lead_days": 30,
				"default_budget_action": "Stop",
			},
		)

	def test_intervals_must_be_at_least_a_month(self):
		settings = frappe.get_single("ISMS Settings")
		settings.policy_review_interval_months = 0
		with self.assertRaises(InvalidSettingError):
			settings.save()
		self.assertEqual(frappe.db.get_single_value("ISMS Settings", "policy_review_interval_months"), 12)

	def test_permissions(self):
		expectations = {
			"manager@isms.test": {"read": True, "write": True},
			"director@isms.test": {"read": True, "write": False},
			"auditor@isms.test": {"read": True, "write": False},
			"employee1@isms.test": {"read": False, "write": False},
			"hr@isms.test": {"read": False, "write": False},
		}
		self.assertPermissions("ISMS Settings", expectations)

	def test_manager_can_save_and_auditor_cannot(self):
		frappe.set_user("manager@isms.test")
		settings = frappe.get_doc("ISMS Settings")
		settings.reminder_lead_days = 21
		settings.save()
		self.assertEqual(frappe.db.get_single_value("ISMS Settings", "reminder_lead_days"), 21)

		frappe.set_user("auditor@isms.test")
		settings = frappe.get_doc("ISMS Settings")
		settings.reminder_lead_days = 5
		with self.assertRaises(frappe.PermissionError):
			settings.save()
