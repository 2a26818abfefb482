"""Sites installed before the communication record get the default of 14 days."""

import frappe


def execute():
	singles = frappe.qb.DocType("Singles")
	stored = (
		frappe.qb.from_(singles)
		.select(singles.value)
		.where(singles.doctype == "ISMS Settings")
		.where(singles.field == "communication_due_days")
		.run(pluck=True)
	)
	if not stored or stored[0] in (None, ""):
		frappe.db.set_single_value("ISMS Settings", "communication_due_days", 14)
