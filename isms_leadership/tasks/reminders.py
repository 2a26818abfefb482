"""Reminding once: the one helper every daily job reminds through.

A reminder is about a record (a policy whose review is due, a company whose management
review is overdue, …) in a state on a date: the *marker*, e.g. ``Overdue:2026-11-30``.
Each record and marker is reminded once, whatever the number of runs (an ISMS Reminder
with a unique key records it); a new state or a new due date is a new marker.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.desk.form.assign_to import add as assign
from frappe.utils import now_datetime

REMINDER = "ISMS Reminder"


def reminded(doctype: str, name: str, marker: str) -> bool:
	"""Whether ``doctype`` ``name`` was reminded of ``marker`` before."""
	return bool(
		frappe.db.exists(REMINDER, {"reference_doctype": doctype, "reference_name": name, "marker": marker})
	)


def remind(
	doctype: str,
	name: str,
	*,
	marker: str,
	message: str,
	company: str | None = None,
	assign_to: Iterable[str | None] = (),
	notify: Iterable[str | None] = (),
	date=None,
	priority: str = "Medium",
) -> bool:
	"""Once per record and marker: a ToDo on the record for each of ``assign_to`` and a desk
	notification for each of ``notify``. Returns False when the marker was reminded before."""
	if reminded(doctype, name, marker):
		return False
	todo_users = sorted({u for u in assign_to if u})
	alert_users = sorted({u for u in notify if u})
	if todo_users:
		# Raised by the system on a record the job's recipients read (its owner, the people
		# responsible, the ISMS Managers); assign_to does not repeat an open ToDo of a user.
		assign(
			{
				"doctype": doctype,
				"name": name,
				"assign_to": todo_users,
				"description": message,
				"date": date,
				"priority": priority,
			},
			ignore_permissions=True,
		)
	if alert_users:
		enqueue_create_notification(
			alert_users,
			{
				"type": "Alert",
				"document_type": doctype,
				"document_name": name,
				"subject": message,
				"from_user": "Administrator",
			},
		)
	frappe.get_doc(
		{
			"doctype": REMINDER,
			"reference_doctype": doctype,
			"reference_name": name,
			"company": company,
			"marker": marker,
			"reminded_on": now_datetime(),
			"subject": message,
			"recipients": ", ".join(sorted({*todo_users, *alert_users})),
		}
	).insert(
		# the record of a reminder the system sent; nobody creates reminders by hand
		ignore_permissions=True
	)
	return True
