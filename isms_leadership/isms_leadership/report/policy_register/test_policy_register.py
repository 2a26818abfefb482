# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, today

from isms_leadership.isms_leadership.doctype.policy_acknowledgement.api import acknowledge
from isms_leadership.isms_leadership.doctype.security_policy.api import new_version
from isms_leadership.isms_leadership.report.policy_register.policy_register import execute
from isms_leadership.tests.factories import (
	OTHER_COMPANY,
	TEST_COMPANY,
	as_user,
	make_policy,
	make_top_management,
	publish,
)
from isms_leadership.tests.utils import ISMSTestCase


class TestPolicyRegister(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		self.top = publish(make_policy())
		self.topic = publish(
			make_policy(
				"Access Control Policy",
				policy_type="Topic-specific Policy",
				audience=[{"audience_type": "Department", "audience": "Operations - ISMST"}],
			)
		)
		with as_user("manager@isms.test"):
			self.draft_v2 = new_version(self.top.name)
		self.draft = make_policy("Cryptography Policy", policy_type="Topic-specific Policy")
		ack = frappe.db.get_value(
			"Policy Acknowledgement", {"security_policy": self.topic.name, "user": "employee1@isms.test"}
		)
		with as_user("employee1@isms.test"):
			acknowledge(ack)
		frappe.db.set_value("Security Policy", self.topic.name, "next_review_due", add_days(today(), -2))

	def run_report(self, user="auditor@isms.test", **filters):
		with as_user(user):
			_columns, data, _message, _chart, summary = execute({"company": TEST_COMPANY, **filters})
		return {row["title"]: row for row in data}, {s["label"]: s["value"] for s in summary}

	def test_one_row_per_policy_in_its_current_version(self):
		rows, summary = self.run_report()
		self.assertEqual(
			{t: (r["name"], r["status"]) for t, r in rows.items()},
			{
				"Information Security Policy": (self.top.name, "Published"),  # not the v2 draft
				"Access Control Policy": (self.topic.name, "Published"),
				"Cryptography Policy": (self.draft.name, "Draft"),
			},
		)
		topic = rows["Access Control Policy"]
		operations = frappe.db.count("Employee", {"department": "Operations - ISMST", "status": "Active"})
		self.assertEqual((topic["asked"], topic["acknowledged"]), (operations, 1))
		self.assertEqual(topic["acknowledgement_rate"], round(100 / operations, 1))
		self.assertEqual((topic["review_state"], topic["review_overdue"]), ("Overdue", 1))
		self.assertEqual(topic["approved_by"], "director@isms.test")
		self.assertEqual(rows["Cryptography Policy"]["acknowledgement_rate"], None)
		self.assertEqual(summary["Policies"], 3)
		self.assertEqual(summary["Overdue Reviews"], 1)
		self.assertEqual(
			summary["Average Acknowledgement Rate"], round((0 + round(100 / operations, 1)) / 2, 1)
		)

	def test_filters(self):
		for filters, titles in (
			({"policy_type": "Topic-specific Policy"}, {"Access Control Policy", "Cryptography Policy"}),
			({"status": "Published"}, {"Information Security Policy", "Access Control Policy"}),
			({"status": "Draft"}, {"Information Security Policy", "Cryptography Policy"}),
			({"status": "Retired"}, set()),
		):
			rows, _summary = self.run_report(**filters)
			self.assertEqual(set(rows), titles, filters)
		# another company: refused for this auditor (User Permission), empty for its own director
		with self.assertRaises(frappe.PermissionError):
			self.run_report(company=OTHER_COMPANY)
		rows, summary = self.run_report(company=OTHER_COMPANY, user="other.director@isms.test")
		self.assertEqual((rows, summary["Policies"]), ({}, 0))

	def test_employees_cannot_run_it(self):
		with as_user("employee1@isms.test"):
			self.assertFalse(frappe.get_doc("Report", "Policy Register").is_permitted())
		with as_user("auditor@isms.test"):
			self.assertTrue(frappe.get_doc("Report", "Policy Register").is_permitted())


class TestPolicyPrint(ISMSTestCase):
	def test_the_print_shows_the_approval(self):
		make_top_management("director@isms.test")
		policy = publish(make_policy())
		with as_user("auditor@isms.test"):
			html = frappe.get_print("Security Policy", policy.name, print_format="Security Policy")
		self.assertIn(policy.title, html)
		self.assertIn("Director", html)  # the approver's full name
		self.assertIn("(Top Management)", html)  # the ISMS role they held
		self.assertIn("protected according to its classification", html)
