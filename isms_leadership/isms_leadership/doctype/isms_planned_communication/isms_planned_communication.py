# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""One row of the communication plan (7.4): what, to whom, when, how and who is responsible."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as assign
from frappe.model.document import Document
from frappe.utils import getdate, today

from isms_leadership.practice import last_communications, plan_row_state


class ISMSPlannedCommunication(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		active: DF.Check
		audience: DF.Literal[
			"All employees", "Departments", "ISMS role holders", "Top management", "External parties"
		]
		audience_detail: DF.Data | None
		channel: DF.Literal[
			"Email", "Newsletter", "Meeting", "Intranet", "Training session", "Notice board", "Other"
		]
		company: DF.Link
		event: DF.Literal[
			"",
			"Policy published",
			"Management review signed off",
			"Objective approved",
			"Role appointed",
			"Security incident",
		]
		frequency: DF.Literal["", "Monthly", "Quarterly", "Half-yearly", "Yearly"]
		last_communicated_on: DF.Date | None
		next_due: DF.Date | None
		overdue: DF.Check
		planned_since: DF.Date
		reminder: DF.Data | None
		responsible_role: DF.Link
		trigger: DF.Literal["Frequency", "Event"]
		what: DF.Data

	# end: auto-generated types
	def validate(self):
		if self.trigger == "Frequency":
			self.event = None
		else:
			self.frequency = None
		if self.is_new():
			last = None
		else:
			last = last_communications([self.name]).get(self.name)
		self.update(plan_row_state(self, last))


# daily --------------------------------------------------------------------------------


def remind_overdue() -> list[str]:
	"""Daily: a planned communication whose time passed without a record becomes overdue and
	the holders of its responsible ISMS role and the ISMS Managers get a ToDo, once per due
	date. Returns the rows reminded."""
	from isms_leadership.integrations.employee import users_with_role
	from isms_leadership.practice import planned_rows

	rows = planned_rows()
	last = last_communications([row.name for row in rows])
	managers = users_with_role("ISMS Manager")
	reminded = []
	for row in rows:
		state = plan_row_state(row, last.get(row.name))
		changes = {key: value for key, value in state.items() if as_text(value) != as_text(row.get(key))}
		if state["overdue"] and row.reminder != str(state["next_due"]):
			users = sorted({*managers, *responsible_users(row.responsible_role, row.company)})
			if users:
				# Raised by the system for the people responsible and the ISMS Managers; an open
				# ToDo of the same user on the same planned communication is not repeated.
				assign(
					{
						"doctype": "ISMS Planned Communication",
						"name": row.name,
						"assign_to": users,
						"description": _("Planned communication {0} was due on {1}.").format(
							row.what, frappe.format(state["next_due"], "Date")
						),
						"date": state["next_due"],
						"priority": "Medium",
					},
					ignore_permissions=True,
				)
			changes["reminder"] = str(state["next_due"])
			reminded.append(row.name)
		if changes:
			frappe.db.set_value("ISMS Planned Communication", row.name, changes, update_modified=False)
	return reminded


def responsible_users(isms_role: str, company: str) -> list[str]:
	"""Users of the employees holding ``isms_role`` in ``company`` today."""
	from isms_leadership.approvals import held_on

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


def as_text(value) -> str:
	return "" if value is None else str(value)
