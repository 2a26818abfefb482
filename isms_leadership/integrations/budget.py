"""The one place that knows ERPNext's Budget and General Ledger.

Approved resource allocations become lines of the ERPNext Budget of their company, cost
center and fiscal year, through ERPNext's own path: a Budget is created and submitted, or
cancelled and amended so that it keeps its own history. Actual spending is read from GL
Entry in one aggregate query. ERPNext 16 reshapes the Budget doctype; only this module
should have to follow it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pypika.enums import DatePart

import frappe
from frappe import _
from frappe.query_builder import Criterion
from frappe.query_builder.functions import Extract, Sum

from isms_leadership.core.budget import (
	apply_allocation,
	budget_changed,
	money,
	stricter_action,
	totals_by_account,
)
from isms_leadership.exceptions import BudgetSyncError

BUDGET_AGAINST = "Cost Center"


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


def find_budget_quietly(company: str, cost_center: str, fiscal_year: str) -> str | None:
	"""The newest submitted Budget of a cost center and fiscal year, for display."""
	return frappe.db.get_value(
		"Budget",
		{
			"company": company,
			"budget_against": BUDGET_AGAINST,
			"cost_center": cost_center,
			"fiscal_year": fiscal_year,
			"docstatus": 1,
		},
		"name",
		order_by="creation desc",
	)


def budget_lines(budget: str | None) -> dict[str, float]:
	if not budget:
		return {}
	lines: dict[str, float] = {}
	for row in frappe.get_all(
		"Budget Account",
		filters={"parent": budget, "parenttype": "Budget"},
		fields=["account", "budget_amount"],
	):
		lines[row.account] = money(lines.get(row.account, 0) + float(row.budget_amount or 0))
	return lines


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
	from isms_leadership.core.budget import Line

	return [Line(row.category, row.account, row.amount) for row in allocation.get("lines") or []]


# approved allocations ----------------------------------------------------------------


def approved_amounts(company: str, cost_center: str, fiscal_year: str) -> dict[str, float]:
	"""Per account, what all approved allocations of a cost center and year add up to."""
	alloc = frappe.qb.DocType("Resource Allocation")
	line = frappe.qb.DocType("Resource Allocation Line")
	rows = (
		frappe.qb.from_(line)
		.join(alloc)
		.on(alloc.name == line.parent)
		.select(line.account, Sum(line.amount))
		.where(line.parenttype == "Resource Allocation")
		.where(alloc.docstatus == 1)
		.where(alloc.company == company)
		.where(alloc.cost_center == cost_center)
		.where(alloc.fiscal_year == fiscal_year)
		.groupby(line.account)
	).run()
	return {account: money(amount) for account, amount in rows}


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


def actuals(
	company: str,
	cost_centers: Iterable[str],
	accounts: Iterable[str] | None,
	from_date: date,
	to_date: date,
) -> list[tuple[str, str, date, float]]:
	"""Spending from the General Ledger in one query: (cost center asked for, account, first
	day of the month, debit - credit), each cost center rolled up over its descendants.

	``accounts`` None means every account.
	"""
	cost_centers = list(cost_centers)
	if not cost_centers:
		return []
	gle = frappe.qb.DocType("GL Entry")
	cc = frappe.qb.DocType("Cost Center")
	root = frappe.qb.DocType("Cost Center").as_("root")
	year = Extract(DatePart.year, gle.posting_date)
	month = Extract(DatePart.month, gle.posting_date)
	conditions = [
		gle.company == company,
		gle.is_cancelled == 0,
		gle.posting_date[from_date:to_date],
		root.name.isin(cost_centers),
	]
	accounts = None if accounts is None else list(accounts)
	if accounts is not None:
		if not accounts:
			return []
		conditions.append(gle.account.isin(accounts))
	query = (
		frappe.qb.from_(gle)
		.join(cc)
		.on(cc.name == gle.cost_center)
		.join(root)
		.on((cc.lft >= root.lft) & (cc.rgt <= root.rgt))
		.select(root.name, gle.account, year, month, Sum(gle.debit - gle.credit))
		.where(Criterion.all(conditions))
		.groupby(root.name, gle.account, year, month)
	)
	return [
		(cost_center, account, date(int(y), int(m), 1), money(amount))
		for cost_center, account, y, m, amount in query.run()
	]
