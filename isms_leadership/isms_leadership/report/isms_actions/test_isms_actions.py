# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, today

from isms_leadership.isms_leadership.report.isms_actions.isms_actions import execute
from isms_leadership.tests.factories import (
	TEST_COMPANY,
	as_user,
	employee_of,
	make_review,
	make_top_management,
	sign_off,
	summarise,
)
from isms_leadership.tests.utils import ISMSTestCase


class TestISMSActionsReport(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		decisions = [
			{
				"decision_type": "Improvement Opportunity",
				"description": f"Action {i}",
				"owner_employee": employee_of(owner),
				"due_date": add_days(today(), 30),
			}
			for i, owner in enumerate(("employee1@isms.test", "manager@isms.test", "manager@isms.test"))
		]
		review = make_review(decisions=decisions)
		summarise(review)
		self.review = sign_off(review)
		actions = {
			a.description: a.name
			for a in frappe.get_all(
				"ISMS Action", {"management_review": self.review.name}, ["name", "description"]
			)
		}
		frappe.db.set_value("ISMS Action", actions["Action 0"], "due_date", add_days(today(), -3))
		with as_user("manager@isms.test"):
			done = frappe.get_doc("ISMS Action", actions["Action 1"])
			done.completed_on = today()
			done.completion_note = "Done."
			done.save()

	def run_report(self, **filters):
		with as_user("auditor@isms.test"):
			_columns, data, _message, _chart, summary = execute({"company": TEST_COMPANY, **filters})
		return {r["description"]: r for r in data}, {s["label"]: s["value"] for s in summary}

	def test_status_overdue_and_on_time(self):
		rows, summary = self.run_report()
		self.assertEqual(
			{d: (r["status"], r["overdue"], r["on_time"]) for d, r in rows.items()},
			{"Action 0": ("Open", 1, 0), "Action 1": ("Completed", 0, 1), "Action 2": ("Open", 0, 0)},
		)
		self.assertEqual((summary["Open"], summary["Overdue"], summary["Completed"]), (2, 1, 1))
		self.assertEqual(summary["Completed on Time"], 100.0)

	def test_filters(self):
		for filters, expected in (
			({"overdue_only": 1}, {"Action 0"}),
			({"status": "Completed"}, {"Action 1"}),
			({"owner_employee": employee_of("manager@isms.test")}, {"Action 1", "Action 2"}),
			({"management_review": self.review.name}, {"Action 0", "Action 1", "Action 2"}),
		):
			self.assertEqual(set(self.run_report(**filters)[0]), expected, filters)

	def test_who_may_run_it(self):
		report = frappe.get_doc("Report", "ISMS Actions")
		for user, allowed in (
			("auditor@isms.test", True),
			("director@isms.test", True),
			("employee1@isms.test", False),
		):
			with as_user(user):
				self.assertEqual(bool(report.is_permitted()), allowed, user)
