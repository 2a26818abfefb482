"""Reminders already sent stay sent: the markers the daily jobs kept on policies, objectives
and planned communications become ISMS Reminders (the one record of "reminded once")."""

import frappe
from frappe.utils import now_datetime

#: (doctype, old marker column, new marker from the old value)
MARKERS = (
	("Security Policy", "review_reminder", lambda value: value),
	("Security Objective", "measurement_reminder", lambda value: f"Measurement Due:{value}"),
	("ISMS Planned Communication", "reminder", lambda value: f"Overdue:{value}"),
)


def execute():
	for doctype, column, marker in MARKERS:
		if not frappe.db.has_column(doctype, column):
			continue
		table = frappe.qb.DocType(doctype)
		rows = (
			frappe.qb.from_(table)
			.select(table.name, table.company, table[column])
			.where(table[column].isnotnull() & (table[column] != ""))
		).run()
		for name, company, value in rows:
			key = {"reference_doctype": doctype, "reference_name": name, "marker": marker(value)}
			if frappe.db.exists("ISMS Reminder", key):
				continue
			frappe.get_doc(
				{"doctype": "ISMS Reminder", **key, "company": company, "reminded_on": now_datetime()}
			).insert(ignore_permissions=True)  # a patch: the system records what it sent before
