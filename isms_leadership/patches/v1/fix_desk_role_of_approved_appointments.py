"""Approved appointments keep the desk role their ISMS Role granted when they were approved.

Before this patch an appointment read its desk role from the ISMS Role live. Record it on
each approved appointment that has none yet, from its ISMS Role as it is now (the best
record of what was approved). Idempotent: appointments that have one are left alone.
"""

import frappe


def execute():
	ra = frappe.qb.DocType("Role Assignment")
	role = frappe.qb.DocType("ISMS Role")
	rows = (
		frappe.qb.from_(ra)
		.join(role)
		.on(role.name == ra.isms_role)
		.select(ra.name, role.desk_role)
		.where(ra.docstatus == 1)
		.where(ra.desk_role.isnull() | (ra.desk_role == ""))
		.where(role.desk_role.isnotnull() & (role.desk_role != ""))
	).run()
	for name, desk_role in rows:
		# a fact of the approval, recorded without touching the record's modified time
		frappe.db.set_value("Role Assignment", name, "desk_role", desk_role, update_modified=False)
