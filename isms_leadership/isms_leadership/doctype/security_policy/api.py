"""Whitelisted methods of Security Policy: a new version, a periodic review, what changed."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as assign
from frappe.desk.form.assign_to import close_all_assignments
from frappe.utils import getdate, today
from frappe.utils.html_utils import sanitize_html

from isms_leadership.core.policy import COMPARED_FIELDS, PolicyStatus, changed_fields, content_diff
from isms_leadership.guards import approval


@frappe.whitelist(methods=["POST"])
def new_version(policy: str) -> str:
	"""Open a draft of the next version of a published policy. Returns its name."""
	doc = frappe.get_doc("Security Policy", policy)
	frappe.has_permission("Security Policy", "create", throw=True)
	doc.check_permission("read")
	return doc.make_new_version()


@frappe.whitelist(methods=["POST"])
def record_review(policy: str, outcome: str, reviewed_on: str | None = None, note: str | None = None) -> dict:
	"""Top management records a periodic review of a published policy.

	"No Change Needed" moves the next review date; "Change Needed" also opens the draft of
	the next version. Returns the new next review date and the draft, if any.
	"""
	# a row added after approval escapes Frappe's own sanitising: clean the text here
	note = sanitize_html(note) if note else note
	doc = frappe.get_doc("Security Policy", policy)
	doc.check_permission("submit")
	if doc.docstatus != 1 or doc.status != PolicyStatus.PUBLISHED.value:
		frappe.throw(_("Only a published policy can be reviewed."), title=_("Cannot Review"))
	if outcome not in ("No Change Needed", "Change Needed"):
		frappe.throw(_("Outcome must be No Change Needed or Change Needed."), title=_("Invalid Outcome"))
	day = getdate(reviewed_on or today())
	if day > getdate(today()):
		frappe.throw(_("A review cannot be recorded in the future."), title=_("Invalid Date"))
	approval.enforce(doc, company=doc.company)
	draft = doc.make_new_version() if outcome == "Change Needed" else None
	if draft:
		owner = frappe.db.get_value("Employee", doc.policy_owner, "user_id")
		if owner:
			# the system asks the policy's owner for the change top management decided on
			assign(
				{
					"doctype": "Security Policy",
					"name": draft,
					"assign_to": [owner],
					"description": _("Revise {0} as decided in the review of {1}: {2}").format(
						doc.title, frappe.format(day, "Date"), note or ""
					),
				},
				ignore_permissions=True,
			)
	doc.append(
		"reviews",
		{
			"reviewed_on": day,
			"outcome": outcome,
			"note": note,
			"reviewed_by": frappe.session.user,
			"new_version": draft,
		},
	)
	doc.last_reviewed_on = max(day, getdate(doc.last_reviewed_on)) if doc.last_reviewed_on else day
	# the review row and date are the app's to write on the approved policy (checked above)
	doc.flags.isms_system_update = True
	doc.save()
	# the review reminders on this policy are done; the caller was checked above
	close_all_assignments("Security Policy", doc.name, ignore_permissions=True)
	return {"next_review_due": str(doc.next_review_due), "new_version": draft}


@frappe.whitelist()
@frappe.read_only()
def compare_with_previous(policy: str) -> dict:
	"""What changed in ``policy`` against the version before it."""
	doc = frappe.get_doc("Security Policy", policy)
	doc.check_permission("read")
	if not doc.previous_version:
		return {"previous_version": None, "fields": [], "content": []}
	previous = frappe.get_doc("Security Policy", doc.previous_version)
	previous.check_permission("read")
	meta = frappe.get_meta("Security Policy")
	return {
		"previous_version": previous.name,
		"fields": [
			{"label": _(meta.get_label(f)), "old": old, "new": new}
			for f, old, new in changed_fields(previous.as_dict(), doc.as_dict(), COMPARED_FIELDS)
		],
		"content": [
			{"kind": kind, "line": line} for kind, line in content_diff(previous.content, doc.content)
		],
	}
