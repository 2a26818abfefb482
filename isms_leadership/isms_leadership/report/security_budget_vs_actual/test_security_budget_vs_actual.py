# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe

from erpnext.accounts.report.budget_variance_report.budget_variance_report import (
	execute as budget_variance,
)

from isms_leadership.isms_leadership.report.security_budget_vs_actual.security_budget_vs_actual import (
	execute,
)
from isms_leadership.tests.factories import (
	EXPENSE,
	MAIN_CC,
	OTHER_COMPANY,
	TEST_COMPANY,
	approve_allocation,
	as_user,
	fiscal_year_of,
	make_allocation,
	make_cost_center,
	make_top_management,
	post_expense,
)
from isms_leadership.tests.utils import ISMSTestCase


class TestSecurityBudgetVsActual(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		approve_allocation(
			make_allocation(
				[
					("Training & Awareness", EXPENSE["training"], 1200),
					("Tools & Technology", EXPENSE["tools"], 3000),
					("External Services", EXPENSE["services"], 900),
				]
			)
		)
		post_expense(EXPENSE["training"], 250)
		post_expense(EXPENSE["tools"], 1000)
		post_expense(EXPENSE["tools"], 500)
		self.group = make_cost_center("Security", is_group=1)
		self.child = make_cost_center("Security Operations", parent=self.group)
		approve_allocation(
			make_allocation([("Audit & Certification", EXPENSE["services"], 5000)], cost_center=self.group)
		)
		post_expense(EXPENSE["services"], 2000, cost_center=self.child)

	def run_report(self, user="auditor@isms.test", **filters):
		with as_user(user):
			_columns, data, _message, _chart, summary = execute(
				{"company": TEST_COMPANY, "fiscal_year": fiscal_year_of(), **filters}
			)
		return {(r["cost_center"], r["account"]): r for r in data}, {s["label"]: s["value"] for s in summary}

	def test_figures(self):
		rows, summary = self.run_report(period="Quarterly")
		tools = rows[(MAIN_CC, EXPENSE["tools"])]
		self.assertEqual(
			(
				tools["category"],
				tools["allocated"],
				tools["budget"],
				tools["actual"],
				tools["variance"],
				tools["utilisation"],
			),
			("Tools & Technology", 3000, 3000, 1500, 1500, 50.0),
		)
		# a group cost center rolls its children up
		audit = rows[(self.group, EXPENSE["services"])]
		self.assertEqual((audit["allocated"], audit["actual"]), (5000, 2000))
		self.assertEqual(summary["Total Allocated"], 1200 + 3000 + 900 + 5000)
		self.assertEqual(summary["Spent"], 250 + 1500 + 2000)
		quarter_fields = [k for k in tools if k.startswith("actual_q")]
		self.assertEqual(len(quarter_fields), 4)
		self.assertEqual(sum(tools[k] for k in quarter_fields), 1500)

	def test_equals_erpnext_budget_variance_for_a_plain_cost_center(self):
		rows, _summary = self.run_report(cost_center=MAIN_CC, period="Yearly")
		_columns, data, *_rest = budget_variance(
			frappe._dict(
				company=TEST_COMPANY,
				from_fiscal_year=fiscal_year_of(),
				to_fiscal_year=fiscal_year_of(),
				period="Yearly",
				budget_against="Cost Center",
				budget_against_filter=[MAIN_CC],
			)
		)
		# ERPNext adds twelve monthly twelfths of the budget: equal to the cent
		theirs = {(row[0], row[1]): tuple(round(v, 2) for v in row[2:5]) for row in data}
		self.assertEqual(len(rows), 3)
		for key, ours in rows.items():
			self.assertEqual((ours["budget"], ours["actual"], ours["variance"]), theirs[key], key)

	def test_filters(self):
		for filters, keys in (
			({"cost_center": MAIN_CC}, 3),
			({"cost_center": self.group}, 1),
			({"category": "Tools & Technology"}, 1),
			({"category": "Personnel"}, 0),
		):
			rows, _summary = self.run_report(**filters)
			self.assertEqual(len(rows), keys, filters)
		for period, columns in (("Monthly", 12), ("Quarterly", 4), ("Half-Yearly", 2), ("Yearly", 0)):
			with as_user("finance@isms.test"):
				cols = execute({"company": TEST_COMPANY, "fiscal_year": fiscal_year_of(), "period": period})[
					0
				]
			self.assertEqual(len([c for c in cols if c["fieldname"].startswith("actual_")]), columns, period)
		# another company: refused for this auditor (User Permission), empty for its own director
		with self.assertRaises(frappe.PermissionError):
			self.run_report(company=OTHER_COMPANY)
		self.assertEqual(self.run_report(company=OTHER_COMPANY, user="other.director@isms.test")[0], {})

	def test_without_a_fiscal_year_the_current_one_is_shown(self):
		"""The workspace chart names no year (ERPNext keeps no fiscal year default)."""
		rows, _summary = self.run_report()
		with as_user("auditor@isms.test"):
			data = execute({"company": TEST_COMPANY, "period": "Monthly"})[1]
		self.assertEqual({(r["cost_center"], r["account"]) for r in data}, set(rows))
		with as_user("auditor@isms.test"), self.assertRaises(frappe.ValidationError):
			execute({"fiscal_year": fiscal_year_of()})

	def test_query_count_does_not_grow_with_lines(self):
		def count_queries():
			execute({"company": TEST_COMPANY, "fiscal_year": fiscal_year_of()})
			before = frappe.db.sql("show session status like 'Questions'")[0][1]
			execute({"company": TEST_COMPANY, "fiscal_year": fiscal_year_of(), "period": "Monthly"})
			return int(frappe.db.sql("show session status like 'Questions'")[0][1]) - int(before)

		first = count_queries()
		approve_allocation(
			make_allocation([("Other", EXPENSE["travel"], 10), ("Personnel", "Salary - ISMST", 20)])
		)
		post_expense(EXPENSE["travel"], 5)
		self.assertEqual(count_queries(), first)

	def test_who_may_run_it(self):
		report = frappe.get_doc("Report", "Security Budget vs Actual")
		for user, allowed in (
			("finance@isms.test", True),
			("accounts@isms.test", True),
			("auditor@isms.test", True),
			("manager@isms.test", True),
			("employee1@isms.test", False),
			("hr@isms.test", False),
		):
			with as_user(user):
				self.assertEqual(bool(report.is_permitted()), allowed, user)
