"""Jinja methods of the print formats (``hooks.jinja``)."""

from __future__ import annotations

from frappe.utils import get_fullname, getdate

from isms_leadership.queries.appointments import top_management_roles_held


def isms_policy_approval(doc) -> dict | None:
	"""Jinja: who approved ``doc``, with the top-management ISMS roles they held that day."""
	if not doc.get("approved_by"):
		return None
	return {
		"full_name": get_fullname(doc.approved_by),
		"roles": top_management_roles_held(doc.approved_by, doc.company, getdate(doc.approved_on)),
		"approved_on": doc.approved_on,
	}
