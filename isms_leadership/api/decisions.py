"""The director's decision queue: what waits for the logged-in director, and deciding it.

Deciding goes through Frappe's own workflow action (``apply_workflow``), the same door as
the form's workflow buttons, so the approval rule of each controller decides; the queue
adds only that the decision is taken on the content the director saw (its fingerprint).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.utils import format_date, get_fullname, get_url_to_form, getdate, today
from frappe.utils.html_utils import sanitize_html

from isms_leadership.core import decisions as rules
from isms_leadership.exceptions import StaleDecisionError
from isms_leadership.permissions import allowed_companies
from isms_leadership.queries.appointments import top_management_companies
from isms_leadership.queries.decisions import pending


def waiting_for(user: str) -> list[rules.Decision]:
	"""The decisions waiting in the companies where ``user`` serves in top management today
	(and may see), in queue order."""
	companies = top_management_companies(user)
	permitted = allowed_companies(user)
	if permitted is not None:
		companies &= permitted
	decisions = [
		d for d in pending(companies) if frappe.has_permission(d.doctype, "read", doc=d.name, user=user)
	]
	return rules.in_queue_order(decisions, getdate(today()))


def as_dict(d: rules.Decision, day) -> dict:
	kind = rules.KINDS[d.doctype]
	return {
		"doctype": d.doctype,
		"doctype_label": _(d.doctype),
		"name": d.name,
		"company": d.company,
		"what": d.text(_),
		"details": d.detail_lines(_),
		"prepared_by": get_fullname(d.prepared_by) if d.prepared_by else None,
		"reviewed_by": get_fullname(d.reviewed_by) if d.reviewed_by else None,
		"waiting_since": format_date(d.waiting_since) if d.waiting_since else None,
		"overdue": rules.is_overdue(d.waiting_since, day),
		"fingerprint": d.fingerprint,
		"approve": {"action": kind.approve, "label": _(kind.approve)},
		"send_back": {"action": kind.send_back, "label": _(kind.send_back)},
		"has_changes": d.doctype == "Security Policy",
		"url": get_url_to_form(d.doctype, d.name),
	}


@frappe.whitelist()
@frappe.read_only()
def queue() -> list[dict]:
	"""The decisions waiting for the logged-in director, each as a sentence with who
	prepared and reviewed it, since when it waits and its fingerprint."""
	day = getdate(today())
	return [as_dict(d, day) for d in waiting_for(frappe.session.user)]


@frappe.whitelist(methods=["POST"])
def decide(doctype: str, name: str, action: str, fingerprint: str, reason: str | None = None) -> dict:
	"""Take ``action`` on a record waiting for top management, if its content is still the
	one shown (``fingerprint``). Sending back needs a reason. Returns the new state."""
	kind = rules.KINDS.get(doctype)
	if not kind or action not in (kind.approve, kind.send_back):
		frappe.throw(_("Not a decision of the queue."), frappe.PermissionError)
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	if doc.docstatus != 0 or doc.workflow_state != kind.waiting_state:
		frappe.throw(
			_("{0} no longer waits for a decision: it is {1}.").format(
				frappe.bold(name), _(doc.workflow_state) if doc.workflow_state else "-"
			),
			exc=StaleDecisionError,
			title=_("Already Decided"),
		)
	if not fingerprint or fingerprint != doc.get("approval_fingerprint"):
		frappe.throw(
			_("{0} changed since you saw it: open the queue again and decide on what it says now.").format(
				frappe.bold(name)
			),
			exc=StaleDecisionError,
			title=_("Changed Since Shown"),
		)
	reason = sanitize_html(reason or "").strip()
	if rules.needs_reason(doctype, action) and not reason:
		frappe.throw(_("Say why you send it back."), title=_("Reason Needed"))
	if reason and kind.reason_field:
		# the workflow action reads the record from the database: the reason is saved first,
		# as the form does, in the same transaction (a refused action keeps nothing)
		doc.set(kind.reason_field, reason)
		doc.save()
	apply_workflow(doc.as_dict(), action)
	decided = frappe.get_doc(doctype, name)
	if reason and not kind.reason_field:
		decided.add_comment("Comment", _("{0}: {1}").format(_(action), reason))
	return {"name": name, "workflow_state": decided.workflow_state, "docstatus": decided.docstatus}
