"""Whitelisted methods of Policy Acknowledgement: an employee acknowledges a policy."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.form.assign_to import close_all_assignments
from frappe.utils import now_datetime

from isms_leadership.core.policy import PolicyStatus
from isms_leadership.exceptions import AcknowledgementError


@frappe.whitelist(methods=["POST"])
def acknowledge(acknowledgement: str) -> str:
	"""The employee confirms they have read and accept the policy. Returns the time."""
	doc = frappe.get_doc("Policy Acknowledgement", acknowledgement)
	doc.check_permission("read")
	if not doc.user or doc.user != frappe.session.user:
		frappe.throw(
			_("Only {0} can acknowledge this policy for themselves.").format(
				frappe.bold(doc.employee_name or doc.employee)
			),
			exc=frappe.PermissionError,
			title=_("Not Permitted"),
		)
	if doc.acknowledged_on:
		return str(doc.acknowledged_on)
	status = frappe.db.get_value("Security Policy", doc.security_policy, "status")
	if status != PolicyStatus.PUBLISHED.value:
		frappe.throw(
			_("{0} is no longer in force and needs no acknowledgement.").format(
				frappe.bold(doc.policy_title)
			),
			exc=AcknowledgementError,
			title=_("Policy Not in Force"),
		)
	doc.flags.isms_system_update = True
	doc.acknowledged_on = now_datetime()
	# The caller was checked above: the employee's own user records the one fact that is
	# theirs to record, on their own acknowledgement; the change is kept as a Version.
	doc.save(ignore_permissions=True)
	close_all_assignments("Policy Acknowledgement", doc.name, ignore_permissions=True)
	return str(doc.acknowledged_on)


@frappe.whitelist(methods=["POST"])
def acknowledge_policy(policy: str) -> str:
	"""Acknowledge ``policy`` as the logged-in employee (used by the /policies page)."""
	name = frappe.db.get_value(
		"Policy Acknowledgement", {"security_policy": policy, "user": frappe.session.user}, "name"
	)
	if not name:
		frappe.throw(
			_("You are not asked to acknowledge this policy."),
			exc=frappe.PermissionError,
			title=_("Not Asked"),
		)
	return acknowledge(name)
