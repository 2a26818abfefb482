"""The daily jobs of appointments: statuses follow the dates, leavers and moved users lose
what they held."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from isms_leadership.core.assignment import Status, assignment_status
from isms_leadership.integrations.employee import close_for_leavers, end_for_user_change, vacate_assignments
from isms_leadership.integrations.user_roles import sync_desk_role
from isms_leadership.queries.appointments import OPEN_STATUSES, no_longer_employed
from isms_leadership.settings import get_settings


def update_statuses() -> dict[str, int]:
	"""Daily: move approved assignments to the status their dates give today, and make
	desk roles follow (scheduled ones start, expired ones end). Idempotent."""
	changed = {}
	rows = frappe.get_all(
		"Role Assignment",
		filters={"docstatus": 1, "status": ["not in", [Status.ENDED.value, Status.VACATED.value]]},
		fields=["name", "status", "from_date", "to_date", "vacated"],
	)
	day, days = getdate(today()), get_settings().reminder_lead_days
	for row in rows:
		status = assignment_status(
			docstatus=1,
			workflow_state=None,
			from_date=getdate(row.from_date),
			to_date=getdate(row.to_date) if row.to_date else None,
			vacated=bool(row.vacated),
			today=day,
			lead_days=days,
		)
		if status.value == row.status:
			continue
		doc = frappe.get_doc("Role Assignment", row.name)
		if status is Status.ENDED:
			doc.flags.isms_system_update = True
			doc.ended_on = doc.to_date
			doc.end_reason = doc.end_reason or _("The appointment period ended.")
			doc.status = status.value
			# derived status and end facts of an approved record, recorded as a Version
			doc.save(ignore_permissions=True)
		else:
			doc.db_set("status", status.value)
			sync_desk_role(doc)
		changed[row.name] = status.value
	return changed


def vacate_leavers() -> list[str]:
	"""Daily backstop: vacate the assignments of every employee who has left by today, close
	the acknowledgements they were still asked for, and end the appointments whose Employee
	points at another user than the one approved. Returns the assignments ended."""
	ra = frappe.qb.DocType("Role Assignment")
	emp = frappe.qb.DocType("Employee")
	day = getdate(today())
	employees = (
		frappe.qb.from_(ra)
		.join(emp)
		.on(emp.name == ra.employee)
		.select(emp.name)
		.distinct()
		.where(ra.docstatus == 1)
		.where(ra.status.isin(OPEN_STATUSES))
		.where(no_longer_employed(emp, day))
	).run(pluck=True)
	vacated = []
	for employee in employees:
		vacated += vacate_assignments(employee)
	moved = (
		frappe.qb.from_(ra)
		.join(emp)
		.on(emp.name == ra.employee)
		.select(emp.name, emp.user_id)
		.distinct()
		.where(ra.docstatus == 1)
		.where(ra.status.isin(OPEN_STATUSES))
		.where(ra.user.isnotnull())
		.where(emp.user_id.isnull() | (emp.user_id != ra.user))
	).run()
	for employee, user in moved:
		vacated += end_for_user_change(employee, None, user)
	close_for_leavers()
	return vacated
