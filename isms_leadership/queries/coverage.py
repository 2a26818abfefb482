"""Role coverage from the records: each ISMS role and company with its holders, deputies,
vacancies and conflicts. Three queries whatever the number of assignments."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, today

from isms_leadership.core.assignment import assignment_status
from isms_leadership.core.coverage import Holding, RoleSpec, coverage
from isms_leadership.settings import get_settings


def coverage_rows(filters):
	"""Coverage of each ISMS role per company (three queries). The caller checks the company."""
	day, days = getdate(today()), get_settings().reminder_lead_days
	roles = role_specs(filters.get("isms_role"))
	companies = (
		[filters.company]
		if filters.get("company")
		else frappe.get_list("Company", pluck="name", order_by="name")
	)
	return coverage(roles, holdings(filters, day, days), companies, day, days)


def role_specs(only: str | None = None) -> list[RoleSpec]:
	"""Each ISMS role (or ``only``) with its minimum, deputy rule and conflicts (two queries)."""
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
	"""The approved assignments held or scheduled on ``day``, with their status (one query)."""
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
