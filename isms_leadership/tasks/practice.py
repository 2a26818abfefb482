"""The daily jobs of leadership in practice: objectives measured, communications made,
top management's awareness kept up."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from isms_leadership.core.practice import (
	AwarenessState,
	awareness_expires,
	awareness_state,
	measurement_due,
)
from isms_leadership.permissions import isms_managers
from isms_leadership.queries.appointments import responsible_users
from isms_leadership.queries.practice import (
	approved_objectives,
	last_communications,
	leader_awareness,
	measurements_of,
	plan_row_state,
	planned_rows,
	status_of,
)
from isms_leadership.queries.reviews import isms_companies
from isms_leadership.settings import get_settings
from isms_leadership.tasks.reminders import remind


def remind_awareness() -> list[str]:
	"""Daily: a top-management holder whose security awareness lapses within the reminder
	lead days (or has lapsed, or was never recorded) gets a ToDo on their top-management
	assignment, and so do the ISMS Managers; once per holder, state and expiry. Returns the
	employees reminded."""
	day, lead = getdate(today()), get_settings().reminder_lead_days
	managers = isms_managers()
	reminded = []
	for company in isms_companies():
		for leader in leader_awareness(company, day):
			state = awareness_state(leader.last_completed, day, lead)
			if state is AwarenessState.CURRENT:
				continue
			if state is AwarenessState.NONE:
				expires = None
				message = _(
					"{0} holds a top-management ISMS role in {1} and has no security awareness on record."
				).format(leader.employee_name, company)
			else:
				expires = awareness_expires(leader.last_completed)
				message = _(
					"The security awareness of {0} ({1}) lapses on {2}: plan the next session."
				).format(leader.employee_name, company, frappe.format(expires, "Date"))
			if remind(
				"Role Assignment",
				leader.assignment,
				marker=f"Awareness {state.value}:{expires or ''}",
				message=message,
				company=company,
				assign_to=[*managers, leader.user],
				priority="High" if state is not AwarenessState.LAPSING else "Medium",
			):
				reminded.append(leader.employee)
	return reminded


def update_objectives() -> list[str]:
	"""Daily: bring the status of approved objectives up to date, and when a measurement is
	overdue give its owner and the ISMS Managers a ToDo, once per due date. Returns the
	objectives reminded."""
	day = getdate(today())
	objectives = approved_objectives()
	measured = measurements_of([o.name for o in objectives])
	managers = isms_managers()
	reminded = []
	for o in objectives:
		rows = measured.get(o.name, [])
		status = status_of(o, rows, day)
		due = measurement_due(rows, getdate(o.measuring_since or o.creation), o.measurement_frequency)
		changes = {}
		if status != o.status:
			changes["status"] = status
		if str(due) != str(o.next_measurement_due or ""):
			changes["next_measurement_due"] = due
		if changes:
			frappe.db.set_value("Security Objective", o.name, changes, update_modified=False)
		if due < day and remind(
			"Security Objective",
			o.name,
			marker=f"Measurement Due:{due}",
			message=_("The measurement of objective {0} was due on {1}.").format(
				o.objective, frappe.format(due, "Date")
			),
			company=o.company,
			assign_to=[*managers, o.owner_user],
			date=due,
			priority="High",
		):
			reminded.append(o.name)
	return reminded


def remind_overdue_communications() -> list[str]:
	"""Daily: a planned communication whose time passed without a record becomes overdue and
	the holders of its responsible ISMS role and the ISMS Managers get a ToDo, once per due
	date. Returns the rows reminded."""
	rows = planned_rows()
	last = last_communications([row.name for row in rows])
	managers = isms_managers()
	reminded = []
	for row in rows:
		state = plan_row_state(row, last.get(row.name))
		changes = {key: value for key, value in state.items() if as_text(value) != as_text(row.get(key))}
		if changes:
			frappe.db.set_value("ISMS Planned Communication", row.name, changes, update_modified=False)
		if state["overdue"] and remind(
			"ISMS Planned Communication",
			row.name,
			marker=f"Overdue:{state['next_due']}",
			message=_("Planned communication {0} was due on {1}.").format(
				row.what, frappe.format(state["next_due"], "Date")
			),
			company=row.company,
			assign_to=[*managers, *responsible_users(row.responsible_role, row.company)],
			date=state["next_due"],
		):
			reminded.append(row.name)
	return reminded


def as_text(value) -> str:
	return "" if value is None else str(value)
