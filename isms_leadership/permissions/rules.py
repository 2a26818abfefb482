"""The record rules of each doctype: which records a user reads beyond the ISMS readers.

Hooked in ``hooks.py`` as ``has_permission`` (one record) and ``permission_query_conditions``
(lists and reports); both encode the same rule, and the SQL fragments take the user only
through ``frappe.db.escape``. A rule answers None ("the DocPerms decide") for ISMS readers.
"""

from __future__ import annotations

import frappe

from isms_leadership.core.policy import PolicyStatus
from isms_leadership.permissions import HR_READERS, is_isms_manager, is_isms_reader

#: what reading is; anything else changes a record
READ_PTYPES = frozenset({None, "read", "select", "print", "email", "export", "report", "share"})


# Role Assignment ----------------------------------------------------------------------


def role_assignment(doc, ptype=None, user=None):
	"""Employees without an ISMS or HR role see only assignments where they are the appointee."""
	user = user or frappe.session.user
	if is_isms_reader(user, also=HR_READERS):
		return None
	return frappe.db.get_value("Employee", doc.employee, "user_id") == user


def role_assignment_query(user=None):
	user = user or frappe.session.user
	if is_isms_reader(user, also=HR_READERS):
		return ""
	return f"`tabRole Assignment`.`employee` in (select `name` from `tabEmployee` where `user_id` = {frappe.db.escape(user)})"


# Security Policy ----------------------------------------------------------------------


def security_policy(doc, ptype=None, user=None):
	"""A published policy is meant for an employee who is asked to acknowledge it, or, when
	it asks nobody, for every employee of its company. ISMS readers read every version."""
	user = user or frappe.session.user
	if is_isms_reader(user):
		return None
	if doc.status != PolicyStatus.PUBLISHED.value:
		return False
	if doc.requires_acknowledgement:
		return bool(frappe.db.exists("Policy Acknowledgement", {"security_policy": doc.name, "user": user}))
	return bool(frappe.db.exists("Employee", {"user_id": user, "company": doc.company}))


def security_policy_query(user=None):
	user = user or frappe.session.user
	if is_isms_reader(user):
		return ""
	user = frappe.db.escape(user)
	return (
		f"(`tabSecurity Policy`.`status` = 'Published' and ("
		f"(`tabSecurity Policy`.`requires_acknowledgement` = 1 and `tabSecurity Policy`.`name` in "
		f"(select `security_policy` from `tabPolicy Acknowledgement` where `user` = {user}))"
		f" or (`tabSecurity Policy`.`requires_acknowledgement` = 0 and `tabSecurity Policy`.`company` in "
		f"(select `company` from `tabEmployee` where `user_id` = {user}))))"
	)


# Policy Acknowledgement ---------------------------------------------------------------

#: HR Managers follow up acknowledgements; HR Users do not read them
_ACK_HR = frozenset({"HR Manager"})


def policy_acknowledgement(doc, ptype=None, user=None):
	"""Employees without an ISMS or HR role see only their own acknowledgements."""
	user = user or frappe.session.user
	if is_isms_reader(user, also=_ACK_HR):
		return None
	return doc.user == user


def policy_acknowledgement_query(user=None):
	user = user or frappe.session.user
	if is_isms_reader(user, also=_ACK_HR):
		return ""
	return f"`tabPolicy Acknowledgement`.`user` = {frappe.db.escape(user)}"


# Management Review --------------------------------------------------------------------


def management_review(doc, ptype=None, user=None):
	"""Employees read the reviews they attend."""
	user = user or frappe.session.user
	if is_isms_reader(user):
		return None
	return any(row.user == user for row in doc.get("attendees") or [])


def management_review_query(user=None):
	user = user or frappe.session.user
	if is_isms_reader(user):
		return ""
	return (
		"`tabManagement Review`.`name` in (select `parent` from `tabManagement Review Attendee` "
		f"where `parenttype` = 'Management Review' and `user` = {frappe.db.escape(user)})"
	)


# ISMS Action --------------------------------------------------------------------------


def isms_action(doc, ptype=None, user=None):
	"""The ISMS Manager and top management manage every action; auditors read them all; the
	owner reads and updates their own. Judged on the action as stored: Frappe asks before
	the request's values are checked, so an owner sent in the request counts for nothing."""
	user = user or frappe.session.user
	if is_isms_manager(user):
		return None
	if ptype in ("create", "delete", "submit", "cancel", "amend"):
		return False
	if ptype in READ_PTYPES and is_isms_reader(user):
		return None
	owner = stored_action_owner(doc)
	return bool(owner) and owner == user


def stored_action_owner(doc) -> str | None:
	"""The user who owns the action, as stored (for a new action, as given)."""
	name = doc.get("name") if not isinstance(doc, str) else doc
	if name and frappe.db.exists("ISMS Action", name):
		return frappe.db.get_value("ISMS Action", name, "owner_user") or frappe.db.get_value(
			"Employee", frappe.db.get_value("ISMS Action", name, "owner_employee"), "user_id"
		)
	return doc.get("owner_user") if not isinstance(doc, str) else None


def isms_action_query(user=None):
	user = user or frappe.session.user
	if is_isms_reader(user):
		return ""
	return f"`tabISMS Action`.`owner_user` = {frappe.db.escape(user)}"


# Security Objective -------------------------------------------------------------------


def security_objective(doc, ptype=None, user=None):
	"""Employees read the objectives they own."""
	user = user or frappe.session.user
	if is_isms_reader(user):
		return None
	if ptype not in (None, "read", "print"):
		return False
	return bool(doc.owner_user) and doc.owner_user == user


def security_objective_query(user=None):
	user = user or frappe.session.user
	if is_isms_reader(user):
		return ""
	return f"`tabSecurity Objective`.`owner_user` = {frappe.db.escape(user)}"


def may_record_measurement(doc, user: str) -> bool:
	"""The objective's owner or an ISMS Manager records its measurements (top management
	approves objectives; it does not measure them)."""
	return bool({"ISMS Manager", "System Manager"} & set(frappe.get_roles(user))) or (
		bool(doc.owner_user) and doc.owner_user == user
	)
