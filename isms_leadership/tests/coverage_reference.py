"""Role coverage computed one holding at a time, as the app did before it let the database
count: the reference the counted figures (``queries.coverage.coverage_rows``) are checked
against. Reads every held assignment into memory; tests only."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, today

from isms_leadership.core.assignment import assignment_status
from isms_leadership.core.coverage import Holding, coverage
from isms_leadership.queries.coverage import role_specs
from isms_leadership.settings import get_settings


def rows_one_holding_each(filters):
	"""What ``coverage_rows`` returns, from one ``Holding`` per approved assignment."""
	day, days = getdate(today()), get_settings().reminder_lead_days
	companies = (
		[filters.company]
		if filters.get("company")
		else frappe.get_list("Company", pluck="name", order_by="name")
	)
	return coverage(role_specs(filters.get("isms_role")), holdings(filters, day, days), companies, day, days)


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
