"""What waits for top management in some companies, with the facts the queue says it with.

One query per kind of record, one for their approval trails, two for the decisions and
carried actions of the reviews, one for the lines of the statements and two for the
Budgets of the allocations."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import flt, fmt_money, format_date, getdate

from isms_leadership.core import decisions as rules
from isms_leadership.core.budget import CATEGORY_TOTAL_FIELDS
from isms_leadership.queries.budget import budget_totals

STATEMENT = "Management Body Statement"

#: the fields read for each kind, besides name, company, owner and the fingerprint
FIELDS = {
	"Security Policy": ("title", "policy_type", "version", "material_change"),
	"Role Assignment": ("employee_name", "isms_role", "from_date", "to_date", "is_top_management"),
	"Resource Allocation": (
		"purpose",
		"fiscal_year",
		"cost_center",
		"total_amount",
		"currency",
		"total_personnel",
		"total_training",
		"total_tools",
		"total_external_services",
		"total_audit",
		"total_other",
	),
	"Management Review": ("title", "review_date"),
	"Security Objective": ("objective", "target", "unit", "due_date"),
	"Management Body Statement": ("title", "framework", "from_date", "to_date"),
}


def pending(companies) -> list[rules.Decision]:
	"""Every record of ``companies`` waiting for top management's decision."""
	companies = sorted(companies)
	if not companies:
		return []
	records = []
	for doctype, kind in rules.KINDS.items():
		for row in frappe.get_all(
			doctype,
			filters={"company": ["in", companies], "docstatus": 0, "workflow_state": kind.waiting_state},
			fields=["name", "company", "owner", "approval_fingerprint", "modified", *FIELDS[doctype]],
		):
			records.append((doctype, row))
	if not records:
		return []
	trail = trails([name for _doctype, name in ((d, r.name) for d, r in records)])
	counts = {
		**review_counts([r.name for d, r in records if d == "Management Review"]),
		**statement_lines([r.name for d, r in records if d == STATEMENT]),
		**budgets_held([r for d, r in records if d == "Resource Allocation"]),
	}
	return [decision(doctype, row, trail.get(row.name, []), counts) for doctype, row in records]


def one(doctype: str, name: str) -> rules.Decision | None:
	"""The decision ``doctype`` ``name`` waits for, or None when it waits for none (a few
	queries)."""
	kind = rules.KINDS.get(doctype)
	if not kind:
		return None
	row = frappe.db.get_value(
		doctype,
		{"name": name, "docstatus": 0, "workflow_state": kind.waiting_state},
		["name", "company", "owner", "approval_fingerprint", "modified", *FIELDS[doctype]],
		as_dict=True,
	)
	if not row:
		return None
	counts = (
		review_counts([name])
		if doctype == "Management Review"
		else statement_lines([name])
		if doctype == STATEMENT
		else budgets_held([row])
		if doctype == "Resource Allocation"
		else {}
	)
	return decision(doctype, row, trails([name]).get(name, []), counts)


def trails(names: list[str]) -> dict[str, list]:
	"""The approval trail of each record, oldest step first (one query)."""
	step = frappe.qb.DocType("ISMS Approval Step")
	rows = (
		frappe.qb.from_(step)
		.select(step.parent, step.step_on, step.user, step.action, step.from_state, step.to_state)
		.where(step.parent.isin(names))
		.orderby(step.parent)
		.orderby(step.idx)
	).run(as_dict=True)
	by_parent: dict[str, list] = defaultdict(list)
	for row in rows:
		by_parent[row.parent].append(row)
	return by_parent


def review_counts(reviews: list[str]) -> dict[str, tuple[int, int]]:
	"""(decisions, carried actions) of each review (two queries; none without reviews)."""
	if not reviews:
		return {}
	counts: dict[str, list[int]] = {name: [0, 0] for name in reviews}
	for i, child in enumerate(("Management Review Decision", "Management Review Carried Action")):
		table = frappe.qb.DocType(child)
		for parent, n in (
			frappe.qb.from_(table)
			.select(table.parent, Count("*"))
			.where(table.parent.isin(reviews))
			.where(table.parenttype == "Management Review")
			.groupby(table.parent)
		).run():
			counts[parent][i] = n
	return {name: (d, c) for name, (d, c) in counts.items()}


def budgets_held(allocations: list) -> dict[str, float]:
	"""What the ERPNext Budget of each allocation's cost center and year holds already (two
	queries; none without allocations)."""
	totals = budget_totals({(a.company, a.cost_center, a.fiscal_year) for a in allocations})
	return {a.name: totals.get((a.company, a.cost_center, a.fiscal_year), 0.0) for a in allocations}


def statement_lines(statements: list[str]) -> dict[str, int]:
	"""How many lines each management body statement holds (one query; none without)."""
	if not statements:
		return {}
	line = frappe.qb.DocType("Management Body Statement Line")
	counts = dict.fromkeys(statements, 0)
	for parent, n in (
		frappe.qb.from_(line)
		.select(line.parent, Count("*"))
		.where(line.parent.isin(statements))
		.where(line.parenttype == STATEMENT)
		.groupby(line.parent)
	).run():
		counts[parent] = n
	return counts


def decision(doctype: str, row, trail: list, counts: dict) -> rules.Decision:
	kind = rules.KINDS[doctype]
	into_waiting = [s for s in trail if s.to_state == kind.waiting_state]
	sent = into_waiting[-1] if into_waiting else None
	prepared_by = row.owner
	reviewed_by = sent.user if sent and sent.user != prepared_by else None
	what, args, details = sentence(doctype, row, counts)
	return rules.Decision(
		doctype=doctype,
		name=row.name,
		company=row.company,
		what=what,
		args=args,
		details=details,
		prepared_by=prepared_by,
		reviewed_by=reviewed_by,
		waiting_since=getdate(sent.step_on if sent else row.modified),
		fingerprint=row.approval_fingerprint,
	)


def sentence(doctype: str, row, counts: dict) -> tuple[str, tuple, tuple]:
	if doctype == "Security Policy":
		return rules.policy(row.title, _(row.policy_type), int(row.version or 1), bool(row.material_change))
	if doctype == "Role Assignment":
		return rules.appointment(
			row.employee_name,
			row.isms_role,
			format_date(row.from_date),
			format_date(row.to_date) if row.to_date else None,
			bool(row.is_top_management),
		)
	if doctype == "Resource Allocation":
		money = lambda amount: fmt_money(flt(amount), currency=row.currency)  # noqa: E731
		categories = [(_(c), money(row.get(f))) for c, f in CATEGORY_TOTAL_FIELDS.items() if flt(row.get(f))]
		held = counts.get(row.name, 0.0)
		return rules.allocation(
			row.purpose,
			row.fiscal_year,
			money(row.total_amount),
			categories,
			money(held + flt(row.total_amount)),
		)
	if doctype == "Management Review":
		decided, carried = counts.get(row.name, (0, 0))
		return rules.review(format_date(row.review_date), decided, carried)
	if doctype == STATEMENT:
		return rules.statement(
			row.title,
			row.framework,
			format_date(row.from_date),
			format_date(row.to_date),
			counts.get(row.name, 0),
		)
	return rules.objective(
		row.objective, row.target, row.unit, format_date(row.due_date) if row.due_date else None
	)
