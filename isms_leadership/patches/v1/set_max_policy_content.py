"""Sites installed before the policy size limit get its default of 1 MB (1024 KB)."""

import frappe


def execute():
	if not frappe.db.get_single_value("ISMS Settings", "max_policy_content_kb"):
		frappe.db.set_single_value("ISMS Settings", "max_policy_content_kb", 1024)
