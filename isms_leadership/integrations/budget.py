"""The one place that knows ERPNext's Budget and General Ledger.

Approved resource allocations become lines of the ERPNext Budget of their company, cost
center and fiscal year, through ERPNext's own path: a Budget is created and submitted, or
cancelled and amended so that it keeps its own history. Actual spending is read from GL
Entry in one aggregate query. ERPNext 16 reshapes the Budget doctype; only this module
should have to follow it.
"""

from __future__ import annotations

import frappe
from frappe import _

from isms_leadership.core.budget import (
	Line,
	apply_allocation,
	budget_changed,
	stricter_action,
	totals_by_account,
)
from isms_leadership.exceptions import AllocationAccountError, BudgetSyncError
from isms_leadership.queries.budget import BUDGET_AGAINST, budget_lines

# the Budget --------------------------------------------------------------------------


def find_budget(company: str, cost_center: str, fiscal_year: str) -> str | None:
	"""The submitted Budget of a cost center and fiscal year, or None.

	A draft Budget for the same cost center and year is finance's work in progress: the app
	refuses to go around it.
	"""
	budgets = frappe.get_all(
		"Budget",
		filters={
			"company": company,
			"budget_against": BUDGET_AGAINST,
			"cost_center": cost_center,
			"fiscal_year": fiscal_year,
			"docstatus": ["<", 2],
		},
		fields=["name", "docstatus"],
		order_by="creation desc",
	)
	drafts = [b.name for b in budgets if b.docstatus == 0]
	if drafts:
		frappe.throw(
			_(
				"Budget {0} for cost center {1} and fiscal year {2} is a draft. Finance must submit or delete it before the security budget can be put on it."
			).format(frappe.bold(drafts[0]), frappe.bold(cost_center), frappe.bold(fiscal_year)),
			exc=BudgetSyncError,
			title=_("Draft Budget in the Way"),
		)
	submitted = [b.name for b in budgets if b.docstatus == 1]
	if len(submitted) > 1:
		frappe.throw(
			_("Cost center {0} has more than one submitted Budget for {1}: {2}. Merge them first.").format(
				frappe.bold(cost_center), frappe.bold(fiscal_year), ", ".join(submitted)
			),
			exc=BudgetSyncError,
			title=_("Several Budgets"),
		)
	return submitted[0] if submitted else None


def add_allocation(allocation) -> str | None:
	"""Put an approved allocation's amounts on its Budget. Returns the Budget now in force."""
	return _change_budget(allocation, sign=1)


def take_back_allocation(allocation) -> str | None:
	"""Take a cancelled allocation's amounts back off its Budget. Returns the Budget now in
	force (None when nothing is left on it)."""
	return _change_budget(allocation, sign=-1)


def _change_budget(allocation, sign: int) -> str | None:
	company, cost_center, fiscal_year = allocation.company, allocation.cost_center, allocation.fiscal_year
	current_name = find_budget(company, cost_center, fiscal_year)
	current = budget_lines(current_name)
	amounts = totals_by_account(_lines(allocation))
	wanted = apply_allocation(current, amounts, sign)

	old = frappe.get_doc("Budget", current_name) if current_name else None
	action = old.action_if_annual_budget_exceeded if old else ""
	if sign > 0:
		action = stricter_action(action, allocation.budget_action)
	if old and not budget_changed(current, wanted) and action == old.action_if_annual_budget_exceeded:
		return current_name

	if old:
		new = frappe.copy_doc(old)
		new.amended_from = old.name
		# The caller approved or cancelled the allocation under the approval rule; the Budget
		# follows that decision through ERPNext's own cancel-and-amend.
		old.flags.ignore_permissions = True
		old.cancel()
		old.add_comment(
			"Info",
			_("Amended by {0} for resource allocation {1}.").format(frappe.session.user, allocation.name),
		)
	else:
		new = frappe.new_doc("Budget")
		new.update(
			{
				"budget_against": BUDGET_AGAINST,
				"company": company,
				"cost_center": cost_center,
				"fiscal_year": fiscal_year,
			}
		)
	if not wanted:
		return None

	new.set("accounts", [{"account": account, "budget_amount": amount} for account, amount in wanted.items()])
	new.applicable_on_booking_actual_expenses = 1
	new.action_if_annual_budget_exceeded = action or allocation.budget_action or "Stop"
	# as above: the Budget carries out an approved decision on the security budget
	new.insert(ignore_permissions=True)
	new.submit()
	new.add_comment(
		"Info",
		_("Security budget: {0} {1} by {2}.").format(
			allocation.name, _("approved") if sign > 0 else _("cancelled"), frappe.session.user
		),
	)
	return new.name


def before_budget_cancel(doc, method=None):
	"""doc_events: approved allocations point at the Budget they were put on, for display;
	that must not stop finance (or the app) from cancelling and amending it."""
	doc.ignore_linked_doctypes = (*(doc.get("ignore_linked_doctypes") or ()), "Resource Allocation")


def _lines(allocation):
	return [Line(row.category, row.account, row.amount) for row in allocation.get("lines") or []]


# approved allocations ----------------------------------------------------------------


def point_allocations_at(budget: str | None, company: str, cost_center: str, fiscal_year: str) -> None:
	"""Approved allocations of a cost center and year show the Budget now in force."""
	# read the names first, then write by primary key: an UPDATE with these filters would
	# lock every row it scans, drafts of a concurrent approval included (a deadlock)
	names = frappe.get_all(
		"Resource Allocation",
		filters={"docstatus": 1, "company": company, "cost_center": cost_center, "fiscal_year": fiscal_year},
		pluck="name",
	)
	if names:
		allocation = frappe.qb.DocType("Resource Allocation")
		frappe.qb.update(allocation).set(allocation.budget, budget).where(allocation.name.isin(names)).run()


# actuals -----------------------------------------------------------------------------


# what an allocation may point at --------------------------------------------------------


def check_cost_center_and_year(company: str, cost_center: str, fiscal_year: str) -> None:
	"""Refuse a cost center of another company or disabled, or a fiscal year not open for
	``company``."""
	record = frappe.db.get_value("Cost Center", cost_center, ["company", "disabled"], as_dict=True)
	if not record or record.company != company:
		frappe.throw(
			_("Cost center {0} does not belong to {1}.").format(
				frappe.bold(cost_center), frappe.bold(company)
			),
			exc=AllocationAccountError,
			title=_("Wrong Cost Center"),
		)
	if record.disabled:
		frappe.throw(
			_("Cost center {0} is disabled.").format(frappe.bold(cost_center)),
			exc=AllocationAccountError,
			title=_("Wrong Cost Center"),
		)
	year = frappe.db.get_value("Fiscal Year", fiscal_year, ["disabled"], as_dict=True)
	companies = frappe.get_all(
		"Fiscal Year Company",
		filters={"parent": fiscal_year, "parenttype": "Fiscal Year"},
		pluck="company",
	)
	if not year or year.disabled or (companies and company not in companies):
		frappe.throw(
			_("Fiscal year {0} is not open for {1}.").format(frappe.bold(fiscal_year), frappe.bold(company)),
			exc=AllocationAccountError,
			title=_("Wrong Fiscal Year"),
		)


def check_expense_accounts(company: str, lines) -> None:
	"""Refuse a line whose account is of another company, a group, disabled or not an
	income or expense account."""
	names = {row.account for row in lines if row.account}
	details = (
		{
			a.name: a
			for a in frappe.get_all(
				"Account",
				filters={"name": ["in", list(names)]},
				fields=["name", "company", "is_group", "disabled", "report_type"],
			)
		}
		if names
		else {}
	)
	for row in lines:
		account = details.get(row.account)
		problem = None
		if not account or account.company != company:
			problem = _("does not belong to {0}").format(company)
		elif account.is_group:
			problem = _("is a group account")
		elif account.disabled:
			problem = _("is disabled")
		elif account.report_type != "Profit and Loss":
			problem = _("is not an income or expense account")
		if problem:
			frappe.throw(
				_("Row {0}: account {1} {2}.").format(row.idx, frappe.bold(row.account), problem),
				exc=AllocationAccountError,
				title=_("Wrong Account"),
			)


# the index the app adds to GL Entry --------------------------------------------------------

#: Spending per cost center, account and month (``queries.budget.actuals``) is read from
#: this index alone: the rows of a cost center subtree, for the allocation's accounts,
#: in a date range, with the amounts. Added at install and by a patch, dropped on
#: uninstall; ERPNext's own indexes are never touched.
GL_INDEX = "isms_leadership_spending"
GL_INDEX_COLUMNS = ("cost_center", "account", "posting_date", "company", "is_cancelled", "debit", "credit")


def ensure_gl_index() -> None:
	"""Add the app's index to GL Entry unless it is there (``add_index`` commits first)."""
	frappe.db.add_index("GL Entry", list(GL_INDEX_COLUMNS), index_name=GL_INDEX)


def drop_gl_index() -> None:
	"""Remove the app's index from GL Entry (on uninstall)."""
	if frappe.db.has_index("tabGL Entry", GL_INDEX):
		# a constant statement: the table and the index name are the app's own
		frappe.db.sql_ddl(f"ALTER TABLE `tabGL Entry` DROP INDEX `{GL_INDEX}`")
