"""Role coverage from the records: each ISMS role and company with its holders, deputies,
vacancies and conflicts. Three queries whatever the number of assignments; the figures alone
(``coverage_figures``, no holders named) are counted by the database, one row per role."""

from __future__ import annotations

from pypika.terms import Case, ExistsCriterion, ValueWrapper

import frappe
from frappe.query_builder.functions import Count, IfNull, Sum
from frappe.utils import add_days, getdate, today

from isms_leadership.core.assignment import assignment_status
from isms_leadership.core.coverage import Holding, RoleCounts, RoleSpec, coverage, coverage_from_counts
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


def coverage_figures(company: str, conflicts: bool = True):
	"""The rows of ``coverage_rows`` for one company without naming the holders, counted by
	the database (three queries; memory independent of the number of assignments). Without
	``conflicts`` they are not counted (zero), which saves a look-up per holder."""
	day, days = getdate(today()), get_settings().reminder_lead_days
	return coverage_from_counts(role_specs(), role_counts(company, day, days, conflicts), [company])


def role_counts(
	company: str, day, lead_days: int, conflicts: bool = True
) -> dict[tuple[str, str], RoleCounts]:
	"""The approved assignments of ``company`` held or scheduled on ``day``, counted per role
	as ``core.coverage.count_holdings`` counts them (one query; ``conflicts`` False: those
	are not counted)."""
	ra = frappe.qb.DocType("Role Assignment")
	other = frappe.qb.DocType("Role Assignment").as_("other")
	conflict = frappe.qb.DocType("ISMS Role Conflict")
	held = ra.from_date <= day

	def count(criterion):
		return Sum(Case().when(criterion, 1).else_(0))

	# the holder also holds, in the same company on the same day, a role in conflict with this
	# one (conflicts are kept on either of the two roles)
	conflicted = ExistsCriterion(
		frappe.qb.from_(other)
		.join(conflict)
		.on((conflict.isms_role == other.isms_role) | (conflict.parent == other.isms_role))
		.select(other.name)
		.where(conflict.parenttype == "ISMS Role")
		.where(
			((conflict.parent == ra.isms_role) & (conflict.isms_role == other.isms_role))
			| ((conflict.isms_role == ra.isms_role) & (conflict.parent == other.isms_role))
		)
		.where(other.employee == ra.employee)
		.where(other.company == ra.company)
		.where(other.docstatus == 1)
		.where(other.vacated == 0)
		.where(other.from_date <= day)
		.where(other.to_date.isnull() | (other.to_date >= day))
	)
	rows = (
		frappe.qb.from_(ra)
		.select(
			ra.isms_role,
			count(held),
			count(held & (IfNull(ra.deputy, "") != "")),
			count(held & ra.accepted_on.isnull()),
			count(held & ra.to_date.notnull() & (ra.to_date <= add_days(day, lead_days))),
			count(ra.from_date > day),
			count(held & conflicted) if conflicts else ValueWrapper(0),
		)
		.where(ra.company == company)
		.where(ra.docstatus == 1)
		.where(ra.vacated == 0)
		.where(ra.to_date.isnull() | (ra.to_date >= day))
		.groupby(ra.isms_role)
	).run()
	return {(company, role): RoleCounts(*(int(n or 0) for n in counts)) for role, *counts in rows}


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
