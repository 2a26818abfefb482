import frappe
from frappe.utils import add_days, today

from isms_leadership.isms_leadership.report.role_coverage.role_coverage import execute
from isms_leadership.queries.coverage import coverage_rows
from isms_leadership.tests.coverage_reference import rows_one_holding_each
from isms_leadership.tests.factories import (
	OTHER_COMPANY,
	TEST_COMPANY,
	as_user,
	employee_of,
	make_assignment,
	make_department,
	make_top_management,
)
from isms_leadership.tests.utils import ISMSTestCase


class TestRoleCoverage(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()
		e1, e2, e3 = (employee_of(f"employee{i}@isms.test") for i in (1, 2, 3))
		# ISM: one holder, no deputy although required, expiring, not accepted
		self.ism = make_assignment(
			e3, "Information Security Manager", to_date=add_days(today(), 10), submit=True
		)
		# Risk Owner: two holders, one with a deputy and accepted
		self.risk1 = make_assignment(e1, "Risk Owner", deputy=e2, submit=True)
		make_assignment(e2, "Risk Owner", submit=True)
		with as_user("employee1@isms.test"):
			frappe.call(
				"isms_leadership.isms_leadership.doctype.role_assignment.api.accept",
				assignment=self.risk1.name,
			)
		# Internal Auditor: only scheduled
		make_assignment(e1, "Internal Auditor", from_date=add_days(today(), 30), submit=True)

	def rows(self, **filters):
		_columns, data, _message, chart, summary = execute({"company": TEST_COMPANY, **filters})
		return {row["isms_role"]: row for row in data}, chart, summary

	def test_figures_match_the_assignments(self):
		rows, chart, summary = self.rows()
		self.assertEqual(
			{
				k: rows["Information Security Manager"][k]
				for k in ("active_holders", "vacancies", "expiring", "without_deputy", "not_accepted")
			},
			{"active_holders": 1, "vacancies": 0, "expiring": 1, "without_deputy": 1, "not_accepted": 1},
		)
		self.assertEqual(
			{k: rows["Risk Owner"][k] for k in ("active_holders", "deputies", "not_accepted", "vacancies")},
			{"active_holders": 2, "deputies": 1, "not_accepted": 1, "vacancies": 0},
		)
		self.assertEqual(
			{k: rows["Internal Auditor"][k] for k in ("active_holders", "scheduled", "vacancies")},
			{"active_holders": 0, "scheduled": 1, "vacancies": 1},
		)
		self.assertEqual(rows["Top Management"]["active_holders"], 1)
		# mandatory: Top Management, ISM, Risk Owner filled; Performance Reporter, Internal
		# Auditor and Incident Response Lead vacant
		self.assertEqual(summary[0]["value"], "3 of 6")
		self.assertEqual(len(chart["data"]["labels"]), len(rows))

	def test_filters(self):
		rows, _chart, _summary = self.rows(isms_role="Risk Owner")
		self.assertEqual(list(rows), ["Risk Owner"])
		ops = make_department("Operations", TEST_COMPANY)
		rows, _chart, _summary = self.rows(department=ops)
		self.assertEqual(rows["Risk Owner"]["active_holders"], 2)  # employee1 and 2 work in Operations
		self.assertEqual(rows["Information Security Manager"]["active_holders"], 0)

	def test_query_count_does_not_grow_with_assignments(self):
		def count_queries():
			execute({"company": TEST_COMPANY})  # warm the caches
			before = frappe.db.sql("show session status like 'Questions'")[0][1]
			execute({"company": TEST_COMPANY})
			return int(frappe.db.sql("show session status like 'Questions'")[0][1]) - int(before)

		first = count_queries()
		for i in range(5):
			make_assignment(
				employee_of("employee2@isms.test"),
				"Asset Owner",
				from_date=add_days(today(), -400 + i * 20),
				to_date=add_days(today(), -390 + i * 20),
				submit=True,
			)
		make_assignment(employee_of("employee3@isms.test"), "Asset Owner", submit=True)
		self.assertEqual(count_queries(), first)

	def test_the_figures_counted_by_the_database_equal_the_rows(self):
		"""Counted by the database, the figures are those of reading one holding at a time
		(conflicts included), whatever the filters."""
		# a conflict declared after both roles were given to the same person
		make_assignment(employee_of("employee2@isms.test"), "Asset Owner", submit=True)
		role = frappe.get_doc("ISMS Role", "Asset Owner")
		role.append("conflicting_roles", {"isms_role": "Risk Owner"})
		role.save(ignore_permissions=True)  # test set-up as Administrator

		def figures(rows):
			return {(r.company, r.role): {k: v for k, v in vars(r).items() if k != "holders"} for r in rows}

		counted = figures(coverage_rows(frappe._dict(company=TEST_COMPANY)))
		self.assertEqual(counted, figures(rows_one_holding_each(frappe._dict(company=TEST_COMPANY))))
		self.assertEqual(counted[(TEST_COMPANY, "Asset Owner")]["conflicts"], 1)
		self.assertEqual(counted[(TEST_COMPANY, "Risk Owner")]["conflicts"], 1)
		self.assertEqual(counted[(TEST_COMPANY, "Information Security Manager")]["expiring"], 1)
		self.assertEqual(counted[(TEST_COMPANY, "Internal Auditor")]["scheduled"], 1)
		ops = make_department("Operations", TEST_COMPANY)
		for filters in ({}, {"department": ops}, {"company": OTHER_COMPANY}):
			self.assertEqual(
				figures(coverage_rows(frappe._dict(filters))),
				figures(rows_one_holding_each(frappe._dict(filters))),
				filters,
			)
		# without the conflicts, the rest is the same
		without = figures(coverage_rows(frappe._dict(company=TEST_COMPANY), conflicts=False))
		for key, row in counted.items():
			self.assertEqual(without[key], {**row, "conflicts": 0})
