"""A policy review is reminded in one place, the daily job (``tasks.policies.remind_reviews``,
with the lead days of ISMS Settings): the standard Notification that repeated it by email
with its own 30 days goes. A copy a site made its own (no longer standard) stays."""

import frappe


def execute():
	name = "ISMS Policy Review Due"
	if frappe.db.get_value("Notification", name, "is_standard"):
		frappe.delete_doc("Notification", name, ignore_permissions=True, force=True)
