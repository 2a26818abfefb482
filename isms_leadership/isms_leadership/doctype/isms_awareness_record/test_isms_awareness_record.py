# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, add_months, today

from isms_leadership.isms_leadership.doctype.policy_acknowledgement.api import acknowledge
from isms_leadership.isms_leadership.report.leadership_awareness.leadership_awareness import execute
from isms_leadership.queries.practice import awareness_facts, hrms_training_available
from isms_leadership.tasks.campaign import run_campaign
from isms_leadership.tasks.practice import remind_awareness
from isms_leadership.tests.factories import (
	TEST_COMPANY,
	as_user,
	employee_of,
	make_policy,
	make_top_management,
	ours,
	publish,
)
from isms_leadership.tests.utils import ISMSTestCase


def aware(user: str, completed_on, author: str = "hr@isms.test"):
	doc = frappe.get_doc(
		{
			"doctype": "ISMS Awareness Record",
			"employee": employee_of(user),
			"course": "Security awareness for directors",
			"completed_on": completed_on,
		}
	)
	with as_user(author):
		doc.insert()
	return doc


def lacking() -> tuple:
	return awareness_facts(TEST_COMPANY, today())["leaders_lacking_awareness"]


class TestLeadershipAwareness(ISMSTestCase):
	def setUp(self):
		super().setUp()
		self.assignment = make_top_management()
		self.director = frappe.db.get_value("Employee", employee_of("director@isms.test"), "employee_name")

	def test_a_top_management_holder_without_a_record_is_flagged_and_a_record_clears_it(self):
		self.assertEqual(awareness_facts(TEST_COMPANY, today())["top_management_holders"], 1)
		self.assertEqual(lacking(), (self.director,))
		aware("director@isms.test", add_months(today(), -2))
		self.assertEqual(lacking(), ())

	def test_awareness_older_than_twelve_months_no_longer_counts(self):
		aware("director@isms.test", add_days(add_months(today(), -12), -1))
		self.assertEqual(lacking(), (self.director,))

	def test_leaders_acknowledge_the_policy_in_force(self):
		aware("director@isms.test", add_months(today(), -1))
		policy = publish(make_policy(requires_acknowledgement=1))
		if not frappe.db.exists("Policy Acknowledgement", {"security_policy": policy.name}):
			run_campaign(policy.name)
		self.assertEqual(lacking(), (self.director,))
		ack = frappe.db.get_value(
			"Policy Acknowledgement",
			{"security_policy": policy.name, "employee": employee_of("director@isms.test")},
			"name",
		)
		with as_user("director@isms.test"):
			acknowledge(ack)
		self.assertEqual(lacking(), ())

	def test_daily_reminder_once_per_holder_and_expiry(self):
		self.assertEqual(ours(remind_awareness()), [employee_of("director@isms.test")])
		self.assertEqual(ours(remind_awareness()), [])
		todos = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Role Assignment", "reference_name": self.assignment.name},
			pluck="allocated_to",
		)
		self.assertIn("director@isms.test", todos)
		self.assertIn("manager@isms.test", todos)
		aware("director@isms.test", add_months(today(), -3))
		self.assertEqual(ours(remind_awareness()), [], "current awareness needs no reminder")
		aware("director@isms.test", add_days(add_months(today(), -12), 10))
		frappe.db.delete("ISMS Awareness Record", {"completed_on": [">", add_months(today(), -6)]})
		self.assertEqual(
			ours(remind_awareness()), [employee_of("director@isms.test")], "lapsing within the lead days"
		)

	def test_without_hrms_the_report_and_facts_work_on_awareness_records(self):
		self.assertEqual("hrms" in frappe.get_installed_apps(), hrms_training_available())
		aware("director@isms.test", add_months(today(), -1))
		with as_user("auditor@isms.test"):
			_columns, rows, message, _chart, summary = execute({"company": TEST_COMPANY})
		self.assertEqual([r["employee"] for r in rows], [employee_of("director@isms.test")])
		self.assertEqual(rows[0]["awareness"], "Current")
		self.assertEqual(rows[0]["source"], "ISMS Awareness Record")
		self.assertEqual(summary[1]["value"], 1, "aware, and no policy in force to acknowledge")
		if not hrms_training_available():
			self.assertIn("HRMS is not installed", message)

	def test_awareness_cannot_be_completed_in_the_future(self):
		with self.assertRaises(frappe.ValidationError):
			aware("director@isms.test", add_days(today(), 3))
		self.assertNotSaved("ISMS Awareness Record", employee=employee_of("director@isms.test"))

	def test_permissions(self):
		self.assertPermissions(
			"ISMS Awareness Record",
			{
				"hr@isms.test": {"create": True, "write": True},
				"manager@isms.test": {"create": True},
				"director@isms.test": {"read": True, "create": False},
				"auditor@isms.test": {"read": True, "write": False},
				"employee1@isms.test": {"read": False},
			},
		)
