"""Employee events reach ISMS role assignments the same day.

Hooked as ``doc_events`` on ERPNext's Employee (never by overriding its class, which HRMS
already does). ``on_change`` fires on save and on ``db_set`` (HRMS sets Left that way); a
daily job catches what no event reported, such as a relieving date that arrives, or a
change made with ``frappe.db.set_value``.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as assign
from frappe.utils import getdate, today
from frappe.utils.user import get_users_with_role

from isms_leadership import ack_counts
from isms_leadership.core.assignment import HELD, vacate_date
from isms_leadership.core.policy import AckStatus
from isms_leadership.permissions import isms_managers
from isms_leadership.queries.appointments import no_longer_employed, open_assignments
from isms_leadership.queries.policies import status_moves


def on_change(doc, method=None):
	"""Vacate the employee's assignments when they leave, are suspended or become inactive,
	and close the policy acknowledgements they were still asked for."""
	if vacate_date(doc.status, getdate(doc.relieving_date) if doc.relieving_date else None, getdate(today())):
		vacate_assignments(doc.name)
		close_for_leavers([doc.name])


def on_update(doc, method=None):
	"""A change of user ends the appointments approved for the old user; a change of
	department or designation asks the ISMS Manager to review the roles held."""
	before = doc.get_doc_before_save()
	if before and (before.user_id or None) != (doc.user_id or None):
		end_for_user_change(doc.name, before.user_id, doc.user_id)
	if not before or doc.status != "Active":
		return
	changed = [f for f in ("department", "designation") if before.get(f) != doc.get(f)]
	if not changed:
		return
	for name in open_assignments(doc.name):
		notify_isms_managers(
			name,
			_("{0} moved ({1}): review whether they should keep this ISMS role.").format(
				doc.employee_name or doc.name,
				", ".join(
					_("{0}: {1} → {2}").format(
						_(doc.meta.get_label(f)), before.get(f) or "-", doc.get(f) or "-"
					)
					for f in changed
				),
			),
		)


def vacate_assignments(employee: str) -> list[str]:
	"""End every open assignment of a leaving employee as Vacated. Idempotent."""
	status, relieving_date, employee_name = frappe.db.get_value(
		"Employee", employee, ["status", "relieving_date", "employee_name"]
	)
	day = vacate_date(status, getdate(relieving_date) if relieving_date else None, getdate(today()))
	if not day:
		return []
	vacated = []
	for name in open_assignments(employee):
		assignment = frappe.get_doc("Role Assignment", name)
		reason = (
			_("Employee {0} left on {1}.").format(employee_name, frappe.format(relieving_date, "Date"))
			if relieving_date and getdate(relieving_date) <= getdate(today())
			else _("Employee {0} is {1}.").format(employee_name, _(status))
		)
		# A scheduled assignment that never started ends on the day before it would have.
		end_day = max(day, getdate(assignment.from_date)) if assignment.derive_status() not in HELD else day
		assignment.end(end_day, reason, vacated=True)
		notify_isms_managers(
			name,
			_("{0} is vacant: {1} Appoint a successor.").format(assignment.isms_role, reason),
		)
		vacated.append(name)
	return vacated


def end_for_user_change(employee: str, old_user: str | None, new_user: str | None) -> list[str]:
	"""The Employee now points at another user: every open appointment approved for a user
	other than ``new_user`` ends today, so the old user's desk roles go at once; the new user
	holds nothing until an appointment of theirs is approved. Idempotent."""
	employee_name = frappe.db.get_value("Employee", employee, "employee_name") or employee
	ended = []
	for name in open_assignments(employee):
		assignment = frappe.get_doc("Role Assignment", name)
		if not assignment.user or assignment.user == new_user:
			continue
		reason = _(
			"The user of Employee {0} changed from {1} to {2}; the appointment was approved for {3}."
		).format(employee_name, old_user or "-", new_user or "-", assignment.user)
		day = getdate(today())
		if assignment.derive_status() not in HELD:
			day = max(day, getdate(assignment.from_date))
		assignment.end(day, reason, vacated=True)
		notify_isms_managers(
			name,
			_("{0} is vacant: {1} Appoint the person again if they are to keep it.").format(
				assignment.isms_role, reason
			),
		)
		ended.append(name)
	return ended


def notify_isms_managers(assignment: str, description: str) -> None:
	"""A ToDo on the assignment for each ISMS Manager who can read it, other than the person
	it is about (HR Managers when that leaves nobody)."""
	subject = frappe.db.get_value(
		"Employee", frappe.db.get_value("Role Assignment", assignment, "employee"), "user_id"
	)

	def may_read(user: str) -> bool:
		# on a site of several companies, only those who can read the assignment (User
		# Permissions) are told; assigning others would make the system share the record
		return user != subject and frappe.has_permission("Role Assignment", "read", doc=assignment, user=user)

	managers = [u for u in isms_managers() if may_read(u)] or [
		u for u in sorted(get_users_with_role("HR Manager")) if may_read(u)
	]
	if not managers:
		return
	# Raised by the system on an event the ISMS Managers must act on; they can read Role
	# Assignments, and an open ToDo of the same user on the same record is not repeated.
	assign(
		{
			"doctype": "Role Assignment",
			"name": assignment,
			"assign_to": managers,
			"description": description,
			"priority": "High",
		},
		ignore_permissions=True,
	)


def get_dashboard_data(data):
	"""Show the employee's ISMS role assignments among the Employee's connections."""
	data = frappe._dict(data or {})
	data.setdefault("transactions", [])
	data.setdefault("fieldname", "employee")
	data["transactions"].append({"label": _("ISMS"), "items": ["Role Assignment"]})
	return data


def close_for_leavers(employees: list[str] | None = None) -> int:
	"""Acknowledgements still open of people who are no longer employed (not Active, or
	relieved on or before today) become Not Required: they are not asked any more and do not
	count against a policy's rate. Called by the employee events for one employee and daily
	for all (which also catches changes no event reported), a batch of
	``ack_counts.SWEEP_BATCH`` at a time. Returns how many changed."""
	ack = frappe.qb.DocType("Policy Acknowledgement")
	emp = frappe.qb.DocType("Employee")
	day = getdate(today())
	query = (
		frappe.qb.from_(ack)
		.join(emp)
		.on(emp.name == ack.employee)
		.select(ack.name)
		.where(ack.status.isin([AckStatus.PENDING.value, AckStatus.OVERDUE.value]))
		.where(no_longer_employed(emp, day))
	)
	if employees is not None:
		if not employees:
			return 0
		query = query.where(ack.employee.isin(employees))
	changed = 0
	while names := query.limit(ack_counts.SWEEP_BATCH).run(pluck=True):
		# a status the system derives from the Employee record; the acknowledgement itself is
		# not touched (nobody acknowledged anything)
		changes = status_moves(names, AckStatus.NOT_REQUIRED.value)
		frappe.qb.update(ack).set(ack.status, AckStatus.NOT_REQUIRED.value).where(ack.name.isin(names)).run()
		ack_counts.move(changes)
		changed += len(names)
	return changed
