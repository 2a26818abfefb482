# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.workflow import WorkflowTransitionError
from frappe.utils import add_days, getdate, today

from erpnext.accounts.doctype.budget.budget import BudgetError

from isms_leadership.exceptions import (
	AllocationAccountError,
	ApprovalRefusedError,
	SeparationOfDutiesError,
	TimeShareError,
	WorkflowMoveError,
)
from isms_leadership.integrations.budget import find_budget
from isms_leadership.isms_leadership.doctype.resource_allocation.api import budget_figures
from isms_leadership.queries.budget import actuals, allocation_figures, budget_lines
from isms_leadership.tests.factories import (
	CASH,
	EXPENSE,
	MAIN_CC,
	TEST_COMPANY,
	approve_allocation,
	as_user,
	employee_of,
	fiscal_year_of,
	make_allocation,
	make_cost_center,
	make_top_management,
	make_user,
	post_expense,
	transition,
)
from isms_leadership.tests.utils import ISMSTestCase


def the_budget(cost_center=MAIN_CC):
	name = find_budget(TEST_COMPANY, cost_center, fiscal_year_of())
	return name, budget_lines(name)


def finance_budget(lines: dict, cost_center=MAIN_CC, action="Warn"):
	"""A Budget finance made themselves, before any security allocation."""
	budget = frappe.get_doc(
		{
			"doctype": "Budget",
			"budget_against": "Cost Center",
			"company": TEST_COMPANY,
			"cost_center": cost_center,
			"fiscal_year": fiscal_year_of(),
			"applicable_on_booking_actual_expenses": 1,
			"action_if_annual_budget_exceeded": action,
			"accounts": [{"account": a, "budget_amount": v} for a, v in lines.items()],
		}
	).insert(ignore_permissions=True)
	budget.submit()
	return budget.name


class TestResourceAllocationBudget(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")

	def test_approval_puts_the_amounts_on_an_erpnext_budget(self):
		allocation = approve_allocation(
			make_allocation(
				[
					("Training & Awareness", EXPENSE["training"], 1200),
					("Tools & Technology", EXPENSE["tools"], 800),
					("Tools & Technology", EXPENSE["tools"], 200),
				]
			)
		)
		self.assertEqual((allocation.status, allocation.docstatus), ("Approved", 1))
		self.assertEqual(allocation.approved_by, "director@isms.test")
		self.assertEqual(
			(allocation.total_amount, allocation.total_tools, allocation.total_training), (2200, 1000, 1200)
		)
		name, lines = the_budget()
		self.assertEqual(allocation.budget, name)
		self.assertEqual(lines, {EXPENSE["training"]: 1200.0, EXPENSE["tools"]: 1000.0})
		budget = frappe.get_doc("Budget", name)
		self.assertEqual((budget.docstatus, budget.action_if_annual_budget_exceeded), (1, "Stop"))
		self.assertTrue(budget.applicable_on_booking_actual_expenses)

	def test_allocations_add_up_cancelling_takes_back_and_finance_lines_survive(self):
		own = finance_budget({EXPENSE["travel"]: 750, EXPENSE["training"]: 100})
		first = approve_allocation(make_allocation([("Training & Awareness", EXPENSE["training"], 1000)]))
		second = approve_allocation(
			make_allocation(
				[("Training & Awareness", EXPENSE["training"], 500), ("Other", EXPENSE["services"], 300)]
			)
		)
		name, lines = the_budget()
		self.assertEqual(
			lines, {EXPENSE["training"]: 1600.0, EXPENSE["travel"]: 750.0, EXPENSE["services"]: 300.0}
		)
		# ERPNext's own history: each change cancelled the Budget and amended it
		self.assertEqual(frappe.db.get_value("Budget", own, "docstatus"), 2)
		self.assertEqual(
			frappe.get_doc("Budget", name).amended_from,
			frappe.db.get_value("Budget", {"amended_from": own}, "name"),
		)
		self.assertEqual(frappe.db.get_value("Resource Allocation", first.name, "budget"), name)

		with as_user("director@isms.test"):
			transition(first, "Cancel")
		name, lines = the_budget()
		self.assertEqual(
			lines, {EXPENSE["training"]: 600.0, EXPENSE["travel"]: 750.0, EXPENSE["services"]: 300.0}
		)
		self.assertEqual(frappe.db.get_value("Resource Allocation", first.name, "status"), "Cancelled")
		with as_user("director@isms.test"):
			transition(second, "Cancel")
		self.assertEqual(the_budget()[1], {EXPENSE["travel"]: 750.0, EXPENSE["training"]: 100.0})

	def test_drift_is_shown_not_overwritten(self):
		allocation = approve_allocation(make_allocation([("Other", EXPENSE["services"], 1000)]))
		name, _lines = the_budget()
		# finance lowers the line by hand: cancel and amend with another amount
		budget = frappe.get_doc("Budget", name)
		amended = frappe.copy_doc(budget)
		amended.amended_from = budget.name
		budget.cancel()
		amended.accounts[0].budget_amount = 400
		amended.insert()
		amended.submit()
		figures = allocation_figures(frappe.get_doc("Resource Allocation", allocation.name))
		self.assertEqual(figures["budget"], amended.name)
		self.assertEqual(
			figures["drift"], [{"account": EXPENSE["services"], "approved": 1000.0, "budget": 400.0}]
		)
		# the next approval adds its own amount to what finance left, and the drift stays visible
		approve_allocation(make_allocation([("Other", EXPENSE["services"], 100)]))
		self.assertEqual(the_budget()[1], {EXPENSE["services"]: 500.0})

	def test_actuals_come_from_the_general_ledger_with_child_cost_centers(self):
		group = make_cost_center("Security", is_group=1)
		child = make_cost_center("Security Operations", parent=group)
		allocation = approve_allocation(
			make_allocation([("Tools & Technology", EXPENSE["tools"], 5000)], cost_center=group)
		)
		post_expense(EXPENSE["tools"], 700, cost_center=child)
		post_expense(EXPENSE["tools"], 300, cost_center=child)
		post_expense(EXPENSE["tools"], 999, cost_center=MAIN_CC)  # another cost center
		post_expense(EXPENSE["travel"], 50, cost_center=child)  # another account
		figures = allocation_figures(frappe.get_doc("Resource Allocation", allocation.name))
		[row] = figures["accounts"]
		self.assertEqual(
			(row["allocated"], row["budget"], row["actual"], row["remaining"]), (5000, 5000, 1000, 4000)
		)
		year_start, year_end = frappe.db.get_value(
			"Fiscal Year", fiscal_year_of(), ["year_start_date", "year_end_date"]
		)
		by_cc = {}
		for cc, account, _month, amount in actuals(
			TEST_COMPANY, [group, child, MAIN_CC], None, year_start, year_end
		):
			by_cc[(cc, account)] = by_cc.get((cc, account), 0) + amount
		self.assertEqual(by_cc[(group, EXPENSE["tools"])], 1000)
		self.assertEqual(by_cc[(child, EXPENSE["travel"])], 50)
		self.assertEqual(by_cc[(MAIN_CC, EXPENSE["tools"])], 999)
		self.assertEqual(by_cc[(MAIN_CC, CASH)], -999)

	def test_erpnext_stops_or_warns_spending_beyond_the_budget(self):
		approve_allocation(make_allocation([("Other", EXPENSE["services"], 1000)], budget_action="Stop"))
		post_expense(EXPENSE["services"], 900)
		with self.assertRaises(BudgetError):
			post_expense(EXPENSE["services"], 200)
		warned = make_cost_center("Security Warned")
		approve_allocation(
			make_allocation([("Other", EXPENSE["services"], 1000)], budget_action="Warn", cost_center=warned)
		)
		post_expense(EXPENSE["services"], 1500, cost_center=warned)  # only a warning
		self.assertEqual(
			frappe.db.get_value(
				"Budget",
				find_budget(TEST_COMPANY, warned, fiscal_year_of()),
				"action_if_annual_budget_exceeded",
			),
			"Warn",
		)

	def test_the_form_shows_the_figures_to_its_readers_after_it_opens(self):
		from frappe.desk.form.load import getdoc

		allocation = approve_allocation(make_allocation([("Other", EXPENSE["services"], 1000)]))
		post_expense(EXPENSE["services"], 250)
		for user in ("manager@isms.test", "finance@isms.test", "director@isms.test", "auditor@isms.test"):
			with as_user(user):
				frappe.response.docs = []
				getdoc("Resource Allocation", allocation.name)
				# the form opens without aggregating the General Ledger ...
				self.assertNotIn("budget_figures", frappe.response.docs[0].get("__onload") or {})
				# ... and asks for the figures once it is open
				[row] = budget_figures(allocation.name)["accounts"]
				self.assertEqual((row["budget"], row["actual"], row["remaining"]), (1000, 250, 750), user)
		with as_user("employee1@isms.test"):
			with self.assertRaises(frappe.PermissionError):
				getdoc("Resource Allocation", allocation.name)
			with self.assertRaises(frappe.PermissionError):
				budget_figures(allocation.name)

	def test_a_draft_budget_of_finance_is_not_gone_around(self):
		frappe.get_doc(
			{
				"doctype": "Budget",
				"budget_against": "Cost Center",
				"company": TEST_COMPANY,
				"cost_center": MAIN_CC,
				"fiscal_year": fiscal_year_of(),
				"accounts": [{"account": EXPENSE["travel"], "budget_amount": 10}],
			}
		).insert(ignore_permissions=True)
		allocation = make_allocation()
		with self.assertRaisesRegex(frappe.ValidationError, "is a draft"):
			approve_allocation(allocation)
		self.assertEqual(frappe.db.get_value("Resource Allocation", allocation.name, "docstatus"), 0)


class TestResourceAllocationApproval(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")

	def test_the_isms_manager_and_finance_cannot_approve(self):
		allocation = make_allocation()
		with as_user("manager@isms.test"):
			allocation = transition(allocation, "Send to Finance")
		with as_user("finance@isms.test"):
			allocation = transition(allocation, "Submit for Approval")
		for user in ("manager@isms.test", "finance@isms.test", "accounts@isms.test"):
			with as_user(user), self.assertRaises(WorkflowTransitionError, msg=user):
				transition(allocation, "Approve")
		self.assertEqual(frappe.db.get_value("Resource Allocation", allocation.name, "docstatus"), 0)

	def test_a_desk_role_without_a_top_management_appointment_cannot_approve(self):
		with self.assertRaises(ApprovalRefusedError):
			approve_allocation(make_allocation(), approver="director2@isms.test")

	def test_the_finance_reviewer_cannot_approve(self):
		make_top_management("finance@isms.test")
		with self.assertRaisesRegex(ApprovalRefusedError, "reviewed this"):
			approve_allocation(make_allocation(), approver="finance@isms.test")

	def test_the_requester_cannot_approve(self):
		make_user("director@isms.test", ["ISMS Manager"])
		allocation = make_allocation(author="manager@isms.test")
		with self.assertRaisesRegex(ApprovalRefusedError, "requested this"):
			approve_allocation(allocation, author="director@isms.test")

	def test_the_requester_cannot_do_the_finance_review(self):
		make_user("manager@isms.test", ["Accounts Manager"])
		with self.assertRaises(SeparationOfDutiesError):
			approve_allocation(make_allocation(), finance="manager@isms.test")

	def test_approval_through_rest_cannot_skip_the_finance_review(self):
		allocation = make_allocation()
		# a draft cannot jump to Approved (and would have no finance reviewer if it could)
		with as_user("director@isms.test"), self.assertRaises((WorkflowMoveError, SeparationOfDutiesError)):
			doc = frappe.get_doc("Resource Allocation", allocation.name)
			doc.workflow_state = "Approved"
			doc.submit()
		self.assertFalse(find_budget(TEST_COMPANY, MAIN_CC, fiscal_year_of()))

	def test_rejection_needs_a_reason(self):
		allocation = make_allocation()
		with as_user("manager@isms.test"):
			allocation = transition(allocation, "Send to Finance")
		with as_user("finance@isms.test"):
			allocation = transition(allocation, "Submit for Approval")
		with as_user("director@isms.test"):
			with self.assertRaises(frappe.ValidationError):
				transition(allocation, "Reject")
			frappe.db.set_value("Resource Allocation", allocation.name, "rejection_reason", "Too much.")
			self.assertEqual(transition(allocation, "Reject").status, "Rejected")

	def test_permissions(self):
		self.assertPermissions(
			"Resource Allocation",
			{
				"manager@isms.test": {"read": True, "create": True, "write": True, "submit": False},
				"finance@isms.test": {"read": True, "create": False, "write": True, "submit": False},
				"accounts@isms.test": {"read": True, "create": False, "submit": False},
				"director@isms.test": {"read": True, "create": False, "submit": True, "cancel": True},
				"auditor@isms.test": {"read": True, "write": False},
				"employee1@isms.test": {"read": False},
				"hr@isms.test": {"read": False},
			},
		)


class TestResourceAllocationValidation(ISMSTestCase):
	def test_accounts_must_be_expense_accounts_of_the_company(self):
		for account in (CASH, "Expenses - ISMST", "Administrative Expenses - ISMSO"):
			with self.assertRaises(AllocationAccountError, msg=account):
				make_allocation([("Other", account, 10)])
		self.assertNotSaved("Resource Allocation", purpose="Security programme")

	def test_cost_center_and_fiscal_year_of_the_company(self):
		with self.assertRaises(AllocationAccountError):
			make_allocation(cost_center="Main - ISMSO")

	def test_a_missing_cost_center_is_reported_as_missing(self):
		with self.assertRaisesRegex(frappe.MandatoryError, "cost_center"):
			make_allocation(cost_center=None)

	def test_amounts_must_be_positive(self):
		with self.assertRaises(frappe.ValidationError):
			make_allocation([("Other", EXPENSE["services"], -5)])

	def test_time_shares_across_approved_allocations(self):
		make_top_management("director@isms.test")
		employee = employee_of("employee3@isms.test")
		start = getdate(today())
		approve_allocation(make_allocation(people=[(employee, 60, start, add_days(start, 90))]))
		with self.assertRaisesRegex(TimeShareError, "110.0%"):
			make_allocation(people=[(employee, 50, add_days(start, 30), None)])
		# after the first period ends, half of the time is free again
		make_allocation(people=[(employee, 50, add_days(start, 91), None)])
		with self.assertRaises(TimeShareError):
			make_allocation(people=[(employee, 0, start, None)])
