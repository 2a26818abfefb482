"""Whitelisted methods of Management Review: gather its facts again, turn a resource need
into a Resource Allocation."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.mapper import get_mapped_doc

from erpnext.accounts.utils import get_fiscal_year


@frappe.whitelist(methods=["POST"])
def refresh_facts(review: str) -> str:
	"""Gather the system summaries again, until the review is signed off. Returns the time."""
	doc = frappe.get_doc("Management Review", review)
	doc.check_permission("write")
	if doc.docstatus != 0:
		frappe.throw(_("The facts of a signed-off review are frozen."), title=_("Review Signed Off"))
	doc.carry_actions()
	doc.gather_facts()
	doc.save()
	return str(doc.facts_gathered_on)


@frappe.whitelist()
@frappe.read_only()
def make_resource_allocation(review: str, decision: str):
	"""An unsaved Resource Allocation for a resource-need decision, linked to the review."""
	doc = frappe.get_doc("Management Review", review)
	doc.check_permission("read")
	frappe.has_permission("Resource Allocation", "create", throw=True)
	row = next((d for d in doc.decisions if d.name == decision), None)
	if not row or row.decision_type != "Resource Need":
		frappe.throw(_("Choose a resource-need decision of this review."), title=_("Not a Resource Need"))

	def from_decision(review, allocation):
		allocation.purpose = row.description[:140]
		allocation.justification = _("Decided in management review {0} on {1}.").format(
			review.name, frappe.format(review.review_date, "Date")
		)
		allocation.fiscal_year = get_fiscal_year(row.due_date or review.review_date, company=review.company)[
			0
		]

	# the company and the review link are mapped; everything else of the review is its own
	return get_mapped_doc(
		"Management Review",
		doc.name,
		{"Management Review": {"doctype": "Resource Allocation", "field_map": {"name": "management_review"}}},
		postprocess=from_decision,
	)
