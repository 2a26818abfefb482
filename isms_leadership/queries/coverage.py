"""Role coverage from the records: each ISMS role and company with its holders, deputies,
vacancies and conflicts, counted by the database (one row per company and role): three
queries and no row per assignment in memory, whatever the number of assignments."""

from __future__ import annotations

from pypika.terms import Case, ExistsCriterion, ValueWrapper

import frappe
from frappe.query_builder.functions import Count, IfNull, Sum
from frappe.utils import add_days, getdate, today

from isms_leadership.core.coverage import RoleCounts, RoleSpec, coverage_from_counts
from isms_leadership.settings import get_settings


def coverage_rows(filters, conflicts: bool = True):
	"""Coverage of each ISMS role per company, counted by the database: no holder is read
	into memory (three queries, four without a company). Without ``conflicts`` those are not
	counted (zero), which saves a look-up per holder. The caller checks the company."""
	day, days = getdate(today()), get_settings().reminder_lead_days
	roles = role_specs(filters.get("isms_role"))
	companies = (
		[filters.company]
		if filters.get("company")
		else frappe.get_list("Company", pluck="name", order_by="name")
	)
	return coverage_from_counts(roles, role_counts(filters, day, days, conflicts), companies)


def role_counts(filters, day, lead_days: int, conflicts: bool = True) -> dict[tuple[str, str], RoleCounts]:
	"""The approved assignments held or scheduled on ``day`` (of the company, role and
	department of ``filters``), counted per company and role as
	``core.coverage.coverage`` counts them from one holding each (one query; ``conflicts`` False: those are
	not counted)."""
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
	query = (
		frappe.qb.from_(ra)
		.select(
			ra.company,
			ra.isms_role,
			count(held),
			count(held & (IfNull(ra.deputy, "") != "")),
			count(held & ra.accepted_on.isnull()),
			count(held & ra.to_date.notnull() & (ra.to_date <= add_days(day, lead_days))),
			count(ra.from_date > day),
			count(held & conflicted) if conflicts else ValueWrapper(0),
		)
		.where(ra.docstatus == 1)
		.where(ra.vacated == 0)
		.where(ra.to_date.isnull() | (ra.to_date >= day))
		.groupby(ra.company, ra.isms_role)
	)
	if filters.get("company"):
		query = query.where(ra.company == filters.company)
	if filters.get("isms_role"):
		query = query.where(ra.isms_role == filters.isms_role)
	if filters.get("department"):
		# the employee's department today, not the one copied when the assignment was made
		emp = frappe.qb.DocType("Employee")
		query = query.join(emp).on(emp.name == ra.employee).where(emp.department == filters.department)
	return {
		(company, role): RoleCounts(*(int(n or 0) for n in counts)) for company, role, *counts in query.run()
	}


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
