"""/policies: the logged-in employee reads the policies meant for them and acknowledges them."""

import frappe
from frappe import _

from isms_leadership.queries.policies import open_acknowledgements_of

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to read your policies."), frappe.PermissionError)

	context.show_sidebar = True
	context.title = _("Policies")
	context.acknowledgements = open_acknowledgements_of(frappe.session.user)
	context.policy = None

	name = frappe.form_dict.get("policy")
	if name:
		if not frappe.db.exists("Security Policy", name):
			raise frappe.DoesNotExistError(_("Policy {0} not found").format(name))
		policy = frappe.get_doc("Security Policy", name)
		# employees read only the published policies meant for them (has_permission hook)
		policy.check_permission("read")
		context.policy = policy
		context.acknowledgement = next(
			(a for a in context.acknowledgements if a.security_policy == policy.name), None
		)
		context.title = policy.title
