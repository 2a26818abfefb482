"""Whitelisted methods of Resource Allocation."""

from __future__ import annotations

import frappe

from isms_leadership.queries.budget import allocation_figures


@frappe.whitelist()
@frappe.read_only()
def budget_figures(allocation: str) -> dict:
	"""Per account: this allocation, all approved allocations, the ERPNext Budget, actual
	spending in the fiscal year and what remains, with the drift between the Budget and
	the approved allocations. Asked by the form after it opens: the General Ledger is
	aggregated here, never while the form loads (served by a read replica where the site
	has one)."""
	doc = frappe.get_doc("Resource Allocation", allocation)
	doc.check_permission("read")
	return {"name": doc.name, **allocation_figures(doc)}
