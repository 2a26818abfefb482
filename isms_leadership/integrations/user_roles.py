"""Desk roles follow held appointments: the User's roles, changed through Frappe's own
``User.add_roles`` / ``User.remove_roles``."""

from __future__ import annotations

import frappe
from frappe import _

from isms_leadership.core.assignment import HELD, roles_to_revoke
from isms_leadership.queries.appointments import held_desk_roles


def sync_desk_role(assignment) -> None:
	"""Grant the desk role fixed at approval to the user fixed at approval while they serve
	in the appointment; take it back when no appointment they serve in grants it."""
	desk_role, user = assignment.desk_role, assignment.user
	if not desk_role or not user or not frappe.db.exists("User", user):
		return
	serves = assignment.docstatus == 1 and assignment.derive_status() in HELD and not assignment.lapse()
	user_doc = frappe.get_doc("User", user)
	current = {r.role for r in user_doc.roles}
	if serves:
		if desk_role not in current:
			set_user_roles(user_doc, add=[desk_role])
			assignment.add_comment(
				"Info", _("Desk role {0} granted to {1}.").format(frappe.bold(desk_role), frappe.bold(user))
			)
		return
	revoke = roles_to_revoke([desk_role], held_desk_roles(user, exclude=assignment.name)) & current
	if revoke:
		set_user_roles(user_doc, remove=sorted(revoke))
		assignment.add_comment(
			"Info", _("Desk role {0} removed from {1}.").format(frappe.bold(desk_role), frappe.bold(user))
		)


def set_user_roles(user_doc, add=(), remove=()):
	# Roles follow approved ISMS appointments: the approval (or the employee event / daily
	# job acting on recorded facts) is the authority, not the session user's User rights.
	user_doc.flags.ignore_permissions = True
	if add:
		user_doc.add_roles(*add)
	if remove:
		user_doc.remove_roles(*remove)
