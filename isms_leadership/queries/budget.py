"""ERPNext's Budget and General Ledger, read: what approved allocations add up to, what the
Budget holds, what the ledger shows as spent (one aggregate over GL Entry read from the
app's index, rolled up over each cost center's descendants). The writes are in
``integrations.budget``.

ERPNext 16 reshapes the Budget doctype; this module and ``integrations.budget`` are the
only ones that should have to follow it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pypika.enums import DatePart

import frappe
from frappe.query_builder import Criterion
from frappe.query_builder.functions import Extract, Sum
from frappe.utils import getdate, now_datetime, today

from erpnext.accounts.utils import get_fiscal_year

from isms_leadership.core.budget import Share, budget_drift, budget_vs_actual, money, totals_by_account

BUDGET_AGAINST = "Cost Center"

#: The spending of each company's security budget in a fiscal year as last read from the
#: General Ledger, with the time it was read: {"company::first day": {"question", "rows",
#: "as_of"}} in Frappe's cache. Written by the hourly job (``tasks.budget``) and by the
#: first read of a question not computed yet (allocations changed); read by the number
#: card, Leadership Evidence and a review's facts, which show the "as of" time. Not a copy
#: of GL amounts: the ledger's own totals, dated, dropped and recomputed at will.
KEPT_SPENDING = "isms_leadership:spending"


def find_budget_quietly(company: str, cost_center: str, fiscal_year: str) -> str | None:
	"""The newest submitted Budget of a cost center and fiscal year, for display (one query)."""
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


def budget_totals(keys) -> dict[tuple[str, str, str], float]:
	"""What the newest submitted Budget of each (company, cost center, fiscal year) holds in
	all, as ``find_budget_quietly`` and ``budget_lines`` find it (two queries; none without
	keys)."""
	keys = set(keys)
	if not keys:
		return {}
	newest: dict[tuple[str, str, str], tuple] = {}
	for name, company, cost_center, fiscal_year, creation in frappe.get_all(
		"Budget",
		filters={
			"company": ["in", sorted({k[0] for k in keys})],
			"cost_center": ["in", sorted({k[1] for k in keys})],
			"fiscal_year": ["in", sorted({k[2] for k in keys})],
			"budget_against": BUDGET_AGAINST,
			"docstatus": 1,
		},
		fields=["name", "company", "cost_center", "fiscal_year", "creation"],
		as_list=True,
	):
		key = (company, cost_center, fiscal_year)
		if key in keys and (key not in newest or creation > newest[key][1]):
			newest[key] = (name, creation)
	if not newest:
		return {}
	line = frappe.qb.DocType("Budget Account")
	held = dict(
		(
			frappe.qb.from_(line)
			.select(line.parent, Sum(line.budget_amount))
			.where(line.parenttype == "Budget")
			.where(line.parent.isin([name for name, _creation in newest.values()]))
			.groupby(line.parent)
		).run()
	)
	return {key: money(held.get(name) or 0) for key, (name, _creation) in newest.items()}


def budget_lines(budget: str | None) -> dict[str, float]:
	"""The lines of a Budget, per account (one query; none without a Budget)."""
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


def approved_amounts(company: str, cost_center: str, fiscal_year: str) -> dict[str, float]:
	"""Per account, what all approved allocations of a cost center and year add up to (one query)."""
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


def actuals(
	company: str,
	cost_centers: Iterable[str],
	accounts: Iterable[str] | None,
	from_date: date,
	to_date: date,
	by_month: bool = True,
) -> list[tuple[str, str, date, float]]:
	"""Spending from the General Ledger: (cost center asked for, account, first day of the
	month, debit - credit), each cost center rolled up over its descendants; without
	``by_month``, one row per cost center and account dated ``from_date``.

	Two queries: the cost centers of each subtree (lft/rgt), then one aggregate over GL
	Entry by cost center and account (and month) that reads the app's index alone
	(``cost_center IN … AND account IN …`` over a date range; in the index's order, with no
	temporary table, when not by month); the roll-up to the cost centers asked for is done
	here. ``accounts`` None means every account.
	"""
	cost_centers = list(cost_centers)
	if not cost_centers:
		return []
	accounts = None if accounts is None else list(accounts)
	if accounts is not None and not accounts:
		return []
	subtree = subtree_members(cost_centers)
	members = sorted({member for group in subtree.values() for member in group})
	if not members:
		return []
	gle = frappe.qb.DocType("GL Entry")
	year = Extract(DatePart.year, gle.posting_date)
	month = Extract(DatePart.month, gle.posting_date)
	conditions = [
		gle.cost_center.isin(members),
		gle.posting_date[from_date:to_date],
		gle.company == company,
		gle.is_cancelled == 0,
	]
	if accounts is not None:
		conditions.append(gle.account.isin(accounts))
	spending = Sum(gle.debit - gle.credit)
	query = frappe.qb.from_(gle).where(Criterion.all(conditions))
	if by_month:
		rows = (
			query.select(gle.cost_center, gle.account, year, month, spending).groupby(
				gle.cost_center, gle.account, year, month
			)
		).run()
		dated = [(cc, account, date(int(y), int(m), 1), amount) for cc, account, y, m, amount in rows]
	else:
		rows = (
			query.select(gle.cost_center, gle.account, spending).groupby(gle.cost_center, gle.account).run()
		)
		dated = [(cc, account, from_date, amount) for cc, account, amount in rows]
	spent: dict[tuple[str, str, date], float] = {}
	roots_of: dict[str, list[str]] = {}
	for root, group in subtree.items():
		for member in group:
			roots_of.setdefault(member, []).append(root)
	for cost_center, account, day, amount in dated:
		for root in roots_of.get(cost_center, ()):
			key = (root, account, day)
			spent[key] = spent.get(key, 0.0) + float(amount or 0)
	return [(root, account, day, money(amount)) for (root, account, day), amount in sorted(spent.items())]


def kept_actuals(
	company: str,
	cost_centers: Iterable[str],
	accounts: Iterable[str] | None,
	from_date: date,
	to_date: date,
	by_month: bool = True,
	refresh: bool = False,
) -> tuple[list[tuple[str, str, date, float]], object]:
	"""``actuals`` as last computed, with the time it was (its "as of"): from the cache when
	the same question was computed before (no query), else computed now and kept (two
	queries, those of ``actuals``); ``refresh`` computes it now whatever is kept."""
	question = [
		company,
		sorted(cost_centers),
		None if accounts is None else sorted(accounts),
		str(from_date),
		str(to_date),
		by_month,
	]
	slot = f"{company}::{from_date}"
	kept = None if refresh else frappe.cache.hget(KEPT_SPENDING, slot)
	if kept and kept.get("question") == question:
		return kept["rows"], kept["as_of"]
	rows = actuals(company, question[1], question[2], from_date, to_date, by_month)
	as_of = now_datetime()
	frappe.cache.hset(KEPT_SPENDING, slot, {"question": question, "rows": rows, "as_of": as_of})
	return rows, as_of


def subtree_members(cost_centers: list[str]) -> dict[str, list[str]]:
	"""Each cost center with itself and all its descendants (one query, over lft/rgt)."""
	cc = frappe.qb.DocType("Cost Center")
	root = frappe.qb.DocType("Cost Center").as_("root")
	members: dict[str, list[str]] = {name: [] for name in cost_centers}
	for root_name, member in (
		frappe.qb.from_(root)
		.join(cc)
		.on((cc.lft >= root.lft) & (cc.rgt <= root.rgt))
		.select(root.name, cc.name)
		.where(root.name.isin(cost_centers))
	).run():
		members[root_name].append(member)
	return members


def current_fiscal_year(company: str) -> str | None:
	"""The company's fiscal year today, or None (one query)."""
	found = get_fiscal_year(today(), company=company, boolean=True)
	return found[0][0] if found else None


def budget_rows(filters, start, end, all_periods, spending=None) -> list[dict]:
	"""Allocated, budgeted and spent per cost center, category and account (four queries).

	``spending``: how the ledger is read, ``actuals`` unless given (``kept_actuals`` for
	the figures shown with their "as of" time)."""
	allocated = allocated_amounts(filters)
	if not allocated:
		return []
	cost_centers = sorted({cc for cc, _category, _account in allocated})
	accounts = sorted({account for _cc, _category, account in allocated})
	monthly = {
		(cc, account, month): amount
		for cc, account, month, amount in (spending or actuals)(
			# one period (Yearly): no need to read the ledger by month
			filters.company,
			cost_centers,
			accounts,
			start,
			end,
			by_month=len(all_periods) > 1,
		)
	}
	rows = budget_vs_actual(allocated, budget_amounts(filters, cost_centers), monthly, all_periods)
	for row in rows:
		for period in all_periods:
			row[period_field(period)] = row["by_period"][period.key]
		del row["by_period"]
	return rows


def allocated_amounts(filters) -> dict[tuple[str, str, str], float]:
	"""What approved allocations add up to per cost center, category and account (one query)."""
	alloc = frappe.qb.DocType("Resource Allocation")
	line = frappe.qb.DocType("Resource Allocation Line")
	query = (
		frappe.qb.from_(line)
		.join(alloc)
		.on(alloc.name == line.parent)
		.select(alloc.cost_center, line.category, line.account, Sum(line.amount))
		.where(line.parenttype == "Resource Allocation")
		.where(alloc.docstatus == 1)
		.where(alloc.company == filters.company)
		.where(alloc.fiscal_year == filters.fiscal_year)
		.groupby(alloc.cost_center, line.category, line.account)
	)
	if filters.get("cost_center"):
		query = query.where(alloc.cost_center == filters.cost_center)
	if filters.get("category"):
		query = query.where(line.category == filters.category)
	return {(cc, category, account): money(amount) for cc, category, account, amount in query.run()}


def budget_amounts(filters, cost_centers: list[str]) -> dict[tuple[str, str], float]:
	"""What the submitted Budgets hold per cost center and account (one query)."""
	budget = frappe.qb.DocType("Budget")
	account = frappe.qb.DocType("Budget Account")
	rows = (
		frappe.qb.from_(account)
		.join(budget)
		.on(budget.name == account.parent)
		.select(budget.cost_center, account.account, Sum(account.budget_amount))
		.where(account.parenttype == "Budget")
		.where(budget.docstatus == 1)
		.where(budget.company == filters.company)
		.where(budget.fiscal_year == filters.fiscal_year)
		.where(budget.budget_against == BUDGET_AGAINST)
		.where(budget.cost_center.isin(cost_centers))
		.groupby(budget.cost_center, account.account)
	).run()
	return {(cc, acc): money(amount) for cc, acc, amount in rows}


def period_field(period) -> str:
	"""The report column of a period (no query)."""
	return "actual_" + frappe.scrub(period.key)


def approved_shares(employees: set[str], exclude: str | None) -> list[Share]:
	"""Time shares of ``employees`` in approved allocations other than ``exclude`` (one query)."""
	if not employees:
		return []
	alloc = frappe.qb.DocType("Resource Allocation")
	person = frappe.qb.DocType("Resource Allocation Person")
	query = (
		frappe.qb.from_(person)
		.join(alloc)
		.on(alloc.name == person.parent)
		.select(person.employee, person.time_share, person.from_date, person.to_date, alloc.name)
		.where(person.parenttype == "Resource Allocation")
		.where(alloc.docstatus == 1)
		.where(person.employee.isin(list(employees)))
	)
	if exclude:
		query = query.where(alloc.name != exclude)
	return [
		Share(employee, float(share or 0), getdate(start), getdate(end) if end else None, source)
		for employee, share, start, end, source in query.run()
	]


def allocation_figures(doc) -> dict:
	"""Per account: this allocation, all approved allocations, the ERPNext Budget, actual
	spending in the fiscal year and what remains; and the drift between the Budget and the
	approved allocations. Six queries whatever the number of lines."""
	mine = totals_by_account(doc.budget_lines())
	approved = approved_amounts(doc.company, doc.cost_center, doc.fiscal_year)
	budget = find_budget_quietly(doc.company, doc.cost_center, doc.fiscal_year)
	in_budget = budget_lines(budget)
	start, end = frappe.db.get_value("Fiscal Year", doc.fiscal_year, ["year_start_date", "year_end_date"])
	spent: dict[str, float] = {}
	for _cc, account, _month, amount in actuals(
		doc.company, [doc.cost_center], list(mine), getdate(start), getdate(end), by_month=False
	):
		spent[account] = money(spent.get(account, 0) + amount)
	rows = []
	for account, allocated in mine.items():
		budgeted = in_budget.get(account)
		rows.append(
			{
				"account": account,
				"allocated": allocated,
				"approved": approved.get(account, 0.0),
				"budget": budgeted,
				"actual": spent.get(account, 0.0),
				"remaining": None if budgeted is None else money(budgeted - spent.get(account, 0.0)),
			}
		)
	return {
		"budget": budget,
		"accounts": rows,
		"drift": [
			{"account": d.account, "approved": d.expected, "budget": d.in_budget}
			for d in budget_drift(approved, in_budget)
		],
	}
