# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Role Coverage: for each ISMS role and company, holders, deputies, vacancies and gaps.

Three queries whatever the number of roles, assignments or companies: the roles, their
conflicts, and the approved assignments held or scheduled today.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from isms_leadership.core.assignment import assignment_status
from isms_leadership.core.coverage import Holding, RoleSpec, coverage, mandatory_filled
from isms_leadership.isms_leadership.doctype.role_assignment.role_assignment import lead_days
from isms_leadership.permissions import check_company


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_rows(filters)
	filled, mandatory = mandatory_filled(rows)
	data = [row_dict(r) for r in rows]
	return columns(), data, None, chart(rows), summary(rows, filled, mandatory)


def get_rows(filters):
	day, days = getdate(today()), lead_days()
	roles = role_specs(filters.get("isms_role"))
	check_company(filters.get("company"))
	companies = (
		[filters.company]
		if filters.get("company")
		else frappe.get_list("Company", pluck="name", order_by="name")
	)
	return coverage(roles, holdings(filters, day, days), companies, day, days)


def role_specs(only: str | None = None) -> list[RoleSpec]:
	conflicts: dict[str, set[str]] = {}
	for row in frappe.get_all(
		"ISMS Role Conflict", filters={"parenttype": "ISMS Role"}, fields=["parent", "isms_role"]
	):
		conflicts.setdefault(row.parent, set()).add(row.isms_role)
		conflicts.setdefault(row.isms_role, set()).add(row.parent)
	roles = frappe.get_all(
		"ISMS Role",
		filters={"name": only} if only else {},
		fields=["name", "is_mandatory", "minimum_holders", "requires_deputy", "is_top_management"],
		order_by="is_top_management desc, is_mandatory desc, name asc",
	)
	return [
		RoleSpec(
			r.name,
			bool(r.is_mandatory),
			int(r.minimum_holders or 0),
			bool(r.requires_deputy),
			frozenset(conflicts.get(r.name, ())),
		)
		for r in roles
	]


def holdings(filters, day, days) -> list[Holding]:
	ra = frappe.qb.DocType("Role Assignment")
	query = (
		frappe.qb.from_(ra)
		.select(
			ra.name,
			ra.isms_role,
			ra.company,
			ra.employee,
			ra.from_date,
			ra.to_date,
			ra.deputy,
			ra.accepted_on,
		)
		.where(ra.docstatus == 1)
		.where(ra.vacated == 0)
		.where(ra.to_date.isnull() | (ra.to_date >= day))
	)
	if filters.get("company"):
		query = query.where(ra.company == filters.company)
	if filters.get("isms_role"):
		query = query.where(ra.isms_role == filters.isms_role)
	if filters.get("department"):
		# the employee's department today, not the one copied when the assignment was made
		emp = frappe.qb.DocType("Employee")
		query = query.join(emp).on(emp.name == ra.employee).where(emp.department == filters.department)
	result = []
	for r in query.run(as_dict=True):
		status = assignment_status(
			docstatus=1,
			workflow_state=None,
			from_date=getdate(r.from_date),
			to_date=getdate(r.to_date) if r.to_date else None,
			vacated=False,
			today=day,
			lead_days=days,
		)
		result.append(
			Holding(
				r.name,
				r.isms_role,
				r.company,
				r.employee,
				status.value,
				getdate(r.to_date) if r.to_date else None,
				r.deputy,
				bool(r.accepted_on),
			)
		)
	return result


def row_dict(r) -> dict:
	return {
		"isms_role": r.role,
		"company": r.company,
		"is_mandatory": int(r.is_mandatory),
		"minimum_holders": r.minimum_holders,
		"active_holders": r.active_holders,
		"deputies": r.deputies,
		"vacancies": r.vacancies,
		"expiring": r.expiring,
		"scheduled": r.scheduled,
		"not_accepted": r.not_accepted,
		"without_deputy": r.without_deputy,
		"conflicts": r.conflicts,
	}


def columns():
	def int_col(fieldname, label, width=110):
		return {"fieldname": fieldname, "label": label, "fieldtype": "Int", "width": width}

	return [
		{
			"fieldname": "isms_role",
			"label": _("ISMS Role"),
			"fieldtype": "Link",
			"options": "ISMS Role",
			"width": 220,
		},
		{
			"fieldname": "company",
			"label": _("Company"),
			"fieldtype": "Link",
			"options": "Company",
			"width": 160,
		},
		{"fieldname": "is_mandatory", "label": _("Mandatory"), "fieldtype": "Check", "width": 90},
		int_col("minimum_holders", _("Minimum")),
		int_col("active_holders", _("Active Holders")),
		int_col("deputies", _("Deputies")),
		int_col("vacancies", _("Vacancies")),
		int_col("expiring", _("Expiring")),
		int_col("scheduled", _("Scheduled")),
		int_col("not_accepted", _("Not Accepted")),
		int_col("without_deputy", _("Without Required Deputy"), 170),
		int_col("conflicts", _("Conflicts")),
	]


def chart(rows):
	if not rows:
		return None
	labels = [r.role if len({x.company for x in rows}) == 1 else f"{r.role} ({r.company})" for r in rows]
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": _("Minimum"), "values": [r.minimum_holders for r in rows]},
				{"name": _("Active Holders"), "values": [r.active_holders for r in rows]},
			],
		},
		"type": "bar",
		"colors": ["#c0c6cc", "#5e64ff"],
	}


def summary(rows, filled, mandatory):
	return [
		{
			"value": _("{0} of {1}").format(filled, mandatory),
			"label": _("Mandatory Roles Filled"),
			"indicator": "Green" if filled == mandatory else "Red",
			"datatype": "Data",
		},
		{
			"value": sum(r.vacancies for r in rows),
			"label": _("Vacancies"),
			"indicator": "Red" if any(r.vacancies for r in rows) else "Green",
			"datatype": "Int",
		},
		{
			"value": sum(r.not_accepted for r in rows),
			"label": _("Not Accepted"),
			"indicator": "Orange" if any(r.not_accepted for r in rows) else "Green",
			"datatype": "Int",
		},
		{
			"value": sum(r.conflicts for r in rows),
			"label": _("Conflicts"),
			"indicator": "Red" if any(r.conflicts for r in rows) else "Green",
			"datatype": "Int",
		},
	]
