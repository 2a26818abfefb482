"""Whitelisted methods of Role Assignment: the appointee accepts, a holder hands over."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from isms_leadership.core.assignment import HELD, Status, may_end_early
from isms_leadership.exceptions import InvalidDeputyError, InvalidPeriodError
from isms_leadership.guards import approval


@frappe.whitelist(methods=["POST"])
def accept(assignment: str) -> str:
	"""The appointee accepts their approved assignment. Returns the acceptance time."""
	doc = frappe.get_doc("Role Assignment", assignment)
	doc.check_permission("read")
	if not doc.user or doc.user != frappe.session.user:
		frappe.throw(
			_("Only {0}, the user this assignment was approved for, can accept it.").format(
				frappe.bold(doc.user or doc.employee)
			),
			exc=frappe.PermissionError,
			title=_("Not Permitted"),
		)
	lapse = doc.lapse()
	if doc.docstatus != 1 or doc.derive_status() not in (Status.SCHEDULED, Status.ACTIVE, Status.EXPIRING):
		frappe.throw(
			_("Only an approved assignment that has not ended can be accepted."), title=_("Cannot Accept")
		)
	if lapse and doc.derive_status() is not Status.SCHEDULED:
		frappe.throw(
			_("This assignment cannot be accepted: {0}.").format(approval.lapse_message(lapse)),
			exc=frappe.PermissionError,
			title=_("Cannot Accept"),
		)
	if doc.accepted_on:
		return str(doc.accepted_on)
	doc.flags.isms_system_update = True
	doc.accepted_on = now_datetime()
	doc.accepted_by = frappe.session.user
	# The appointee was checked above; acceptance is the one fact they record on their own
	# approved assignment, and it is kept as a Version of the record.
	doc.save(ignore_permissions=True)
	return str(doc.accepted_on)


@frappe.whitelist(methods=["POST"])
def hand_over(assignment: str, to_employee: str, handover_date: str | None = None) -> str:
	"""End a held assignment and open a draft of the same role for ``to_employee``.

	The hand-over day is today or later. A top-management appointment is handed over by its
	holder, or by a serving top-management holder of the company under the approval rule;
	any other by a user who may change and create assignments. Returns the new draft's name.
	"""
	doc = frappe.get_doc("Role Assignment", assignment)
	doc.check_permission("read")
	day = getdate(handover_date or today())
	if not may_end_early(getdate(today()), day):
		frappe.throw(
			_("A hand-over takes effect today or later, not on {0}: the past stays as it was.").format(
				frappe.bold(frappe.format(day, "Date"))
			),
			exc=InvalidPeriodError,
			title=_("Cannot Hand Over"),
		)
	lapse = doc.lapse()
	if doc.docstatus != 1 or doc.derive_status() not in HELD or lapse:
		frappe.throw(
			_("Only an active assignment can be handed over{0}.").format(
				": " + approval.lapse_message(lapse) if lapse else ""
			),
			title=_("Cannot Hand Over"),
		)
	if to_employee == doc.employee:
		frappe.throw(
			_("Hand the role over to another employee."), exc=InvalidDeputyError, title=_("Cannot Hand Over")
		)
	if doc.is_top_management:
		doc.enforce_end_rule()
	else:
		doc.check_permission("write")
		frappe.has_permission("Role Assignment", "create", throw=True)
	successor = frappe.get_doc(
		{
			"doctype": "Role Assignment",
			"employee": to_employee,
			"company": doc.company,
			"isms_role": doc.isms_role,
			"from_date": day,
			"to_date": doc.to_date if doc.to_date and getdate(doc.to_date) > day else None,
			"responsibilities": doc.responsibilities,
			"authorities": doc.authorities,
			"handed_over_from": doc.name,
		}
	)
	successor.flags.isms_system_update = True  # handed_over_from is the server's to write
	# The caller was checked above (the holder, the approval rule, or create rights); the
	# successor's draft grants nothing until top management approves it.
	successor.insert(ignore_permissions=True)
	doc.end(day, _("Handed over to {0} in {1}.").format(to_employee, successor.name))
	return successor.name
