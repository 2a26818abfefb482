"""Appointments as the database holds them: who holds which ISMS role on a day, who serves in
top management, what desk roles the held appointments grant.

Every function is one query (``holding``: one per assignment); the query criteria
``held_on`` and ``serving`` are the query form of ``core.assignment.holding_lapse``.
"""

from __future__ import annotations

import frappe
from frappe.query_builder import Criterion
from frappe.utils import getdate, today

from isms_leadership.core.assignment import Holding, Status


def held_on(ra, on_date=None) -> Criterion:
	"""Criterion: the Role Assignment ``ra`` is approved, not vacated and covers ``on_date``.

	It says nothing of the person; ``serving`` adds that (no query: a criterion to add to one)."""
	day = getdate(on_date or today())
	return Criterion.all(
		[
			ra.docstatus == 1,
			ra.status != "Vacated",
			ra.vacated == 0,
			ra.from_date <= day,
			ra.to_date.isnull() | (ra.to_date >= day),
		]
	)


def serving(ra, emp, on_date=None) -> Criterion:
	"""Criterion: ``ra`` is held on ``on_date`` by the person it was approved for.

	The query form of ``core.assignment.holding_lapse``: held on the day, the Employee
	(joined as ``emp``) Active with no relieving date on or before the day, and still
	pointing at the user fixed when the appointment was approved."""
	day = getdate(on_date or today())
	return Criterion.all(
		[
			held_on(ra, day),
			emp.status == "Active",
			emp.relieving_date.isnull() | (emp.relieving_date > day),
			ra.user.isnotnull(),
			emp.user_id == ra.user,
		]
	)


def held_by_user(user: str, on_date=None):
	"""Query over the assignments ``user`` serves in on ``on_date`` (see ``serving``).

	Returns (query, assignment table); callers choose what to select. What an assignment
	grants is read from the assignment (``is_top_management``, ``desk_role``), fixed at
	approval, never from the ISMS Role as it is today."""
	ra = frappe.qb.DocType("Role Assignment")
	emp = frappe.qb.DocType("Employee")
	query = (
		frappe.qb.from_(ra)
		.join(emp)
		.on(emp.name == ra.employee)
		.where(ra.user == user)
		.where(serving(ra, emp, on_date))
	)
	return query, ra


def top_management_companies(user: str, on_date=None) -> set[str]:
	"""Companies in which ``user`` serves in a top-management appointment on ``on_date`` (one query)."""
	query, ra = held_by_user(user, on_date)
	return set(query.select(ra.company).distinct().where(ra.is_top_management == 1).run(pluck=True))


def company_has_top_management(company: str, on_date=None) -> bool:
	"""Whether anybody serves in a top-management appointment of ``company`` on ``on_date`` (one query)."""
	ra = frappe.qb.DocType("Role Assignment")
	emp = frappe.qb.DocType("Employee")
	return bool(
		frappe.qb.from_(ra)
		.join(emp)
		.on(emp.name == ra.employee)
		.select(ra.name)
		.where(ra.company == company)
		.where(ra.is_top_management == 1)
		.where(serving(ra, emp, on_date))
		.limit(1)
		.run()
	)


def holding(assignment) -> Holding:
	"""The facts ``holding_lapse`` judges, for a Role Assignment as stored (one query)."""
	status, relieving_date, employee_user = frappe.db.get_value(
		"Employee", assignment.employee, ["status", "relieving_date", "user_id"]
	) or (None, None, None)
	return Holding(
		docstatus=int(assignment.docstatus),
		vacated=bool(assignment.vacated),
		from_date=getdate(assignment.from_date),
		to_date=getdate(assignment.to_date) if assignment.to_date else None,
		approved_user=assignment.user,
		employee_status=status,
		relieving_date=getdate(relieving_date) if relieving_date else None,
		employee_user=employee_user,
	)


def conflicting_roles(isms_role: str) -> list[str]:
	"""Roles that conflict with ``isms_role``, read from both sides of the conflict table (one query)."""
	rows = frappe.get_all(
		"ISMS Role Conflict",
		filters={"parenttype": "ISMS Role"},
		or_filters={"parent": isms_role, "isms_role": isms_role},
		fields=["parent", "isms_role"],
	)
	return sorted({r.isms_role if r.parent == isms_role else r.parent for r in rows} - {isms_role})


def held_desk_roles(user: str, exclude: str | None = None) -> set[str]:
	"""Desk roles granted to ``user`` by appointments they serve in today (other than
	``exclude``), as fixed at their approval (one query)."""
	query, ra = held_by_user(user)
	query = query.select(ra.desk_role).distinct().where(ra.desk_role.isnotnull())
	if exclude:
		query = query.where(ra.name != exclude)
	return {r for r in query.run(pluck=True) if r}


def held_roles(employees, company: str, on_date) -> dict[str, list[tuple[str, bool]]]:
	"""(ISMS role, is top management) held by each of ``employees`` in ``company`` on a day (one query)."""
	if not employees:
		return {}
	ra = frappe.qb.DocType("Role Assignment")
	rows = (
		frappe.qb.from_(ra)
		.select(ra.employee, ra.isms_role, ra.is_top_management)
		.distinct()
		.where(ra.employee.isin(list(employees)))
		.where(ra.company == company)
		.where(held_on(ra, on_date))
		.orderby(ra.isms_role)
	).run()
	held: dict[str, list[tuple[str, bool]]] = {}
	for employee, name, top in rows:
		held.setdefault(employee, []).append((name, bool(top)))
	return held


OPEN_STATUSES = (Status.SCHEDULED.value, Status.ACTIVE.value, Status.EXPIRING.value)


def open_assignments(employee: str) -> list[str]:
	"""Open approved assignments of ``employee``, oldest first (one query)."""
	return frappe.get_all(
		"Role Assignment",
		filters={"employee": employee, "docstatus": 1, "status": ["in", OPEN_STATUSES]},
		pluck="name",
		order_by="from_date asc",
	)


def responsible_users(isms_role: str, company: str) -> list[str]:
	"""Users of the employees holding ``isms_role`` in ``company`` today (one query)."""
	ra = frappe.qb.DocType("Role Assignment")
	emp = frappe.qb.DocType("Employee")
	return (
		frappe.qb.from_(ra)
		.join(emp)
		.on(emp.name == ra.employee)
		.select(emp.user_id)
		.distinct()
		.where(ra.isms_role == isms_role)
		.where(ra.company == company)
		.where(emp.user_id.isnotnull())
		.where(held_on(ra, getdate(today())))
	).run(pluck=True)


def top_management_holders(company: str, day) -> list:
	"""Employees holding an active top-management ISMS role in ``company`` on ``day`` (one query)."""
	ra = frappe.qb.DocType("Role Assignment")
	emp = frappe.qb.DocType("Employee")
	return (
		frappe.qb.from_(ra)
		.join(emp)
		.on(emp.name == ra.employee)
		.select(ra.name, ra.employee, emp.employee_name, emp.user_id, ra.isms_role)
		.distinct()
		.where(ra.company == company)
		.where(ra.is_top_management == 1)
		.where(held_on(ra, day))
		.orderby(emp.employee_name)
	).run(as_dict=True)


def no_longer_employed(emp, on_date=None) -> Criterion:
	"""Criterion: the Employee ``emp`` is not Active, or was relieved on or before the day (no query: a criterion)."""
	day = getdate(on_date or today())
	return (emp.status != "Active") | (emp.relieving_date <= day)


def top_management_roles_held(user: str, company: str, on_date) -> list[str]:
	"""The top-management ISMS roles approved for ``user`` in ``company`` and held on a day
	(the appointments as they stood that day), sorted (one query)."""
	ra = frappe.qb.DocType("Role Assignment")
	return sorted(
		frappe.qb.from_(ra)
		.select(ra.isms_role)
		.distinct()
		.where(ra.user == user)
		.where(held_on(ra, on_date))
		.where(ra.company == company)
		.where(ra.is_top_management == 1)
		.run(pluck=True)
	)


def approved_periods(
	employee: str, roles, exclude: str | None = None, with_role: bool = False
) -> list[tuple]:
	"""Approved assignments of ``employee`` to ``roles`` other than ``exclude``:
	(name, from, to[, role]) (one query)."""
	rows = frappe.get_all(
		"Role Assignment",
		filters={
			"employee": employee,
			"isms_role": ["in", list(roles)],
			"docstatus": 1,
			"name": ["!=", exclude or ""],
		},
		fields=["name", "from_date", "to_date", "isms_role"],
	)
	return [
		(
			r.name,
			getdate(r.from_date),
			getdate(r.to_date) if r.to_date else None,
			*([r.isms_role] if with_role else []),
		)
		for r in rows
	]


def top_management_holdings(user: str, company: str) -> list:
	"""The approved top-management appointments of ``company`` approved for ``user`` or
	held by the Employee that points at ``user`` today, with the facts of their holder,
	newest first (one query)."""
	ra = frappe.qb.DocType("Role Assignment")
	emp = frappe.qb.DocType("Employee")
	return (
		frappe.qb.from_(ra)
		.join(emp)
		.on(emp.name == ra.employee)
		.select(
			ra.name,
			ra.docstatus,
			ra.vacated,
			ra.from_date,
			ra.to_date,
			ra.user,
			emp.status,
			emp.relieving_date,
			emp.user_id,
		)
		.where(ra.company == company)
		.where(ra.is_top_management == 1)
		.where(ra.docstatus == 1)
		.where((ra.user == user) | (emp.user_id == user))
		.orderby(ra.from_date, order=frappe.qb.desc)
		.run(as_dict=True)
	)
