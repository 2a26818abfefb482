"""Jinja methods of the print formats and the workflow e-mails (``hooks.jinja``)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, format_date, get_fullname, getdate

from isms_leadership.core.policy import COMPARED_FIELDS, changed_fields, content_diff
from isms_leadership.queries.appointments import top_management_roles_held
from isms_leadership.queries.decisions import one


def isms_policy_approval(doc) -> dict | None:
	"""Jinja: who approved ``doc``, with the top-management ISMS roles they held that day."""
	if not doc.get("approved_by"):
		return None
	return {
		"full_name": get_fullname(doc.approved_by),
		"roles": top_management_roles_held(doc.approved_by, doc.company, getdate(doc.approved_on)),
		"approved_on": doc.approved_on,
	}


def isms_decision(doctype: str, name: str) -> dict | None:
	"""Jinja: the decision a workflow e-mail asks of top management, as the queue says it:
	the sentence, who prepared it, the fingerprint of the content and, for a policy, what
	changed against the version in force. Every text is escaped here (e-mail templates are
	rendered without autoescape)."""
	decision = one(doctype, name)
	if not decision:
		return None
	return {
		"what": escape_html(decision.text(_)),
		"details": [escape_html(line) for line in decision.detail_lines(_)],
		"prepared_by": escape_html(get_fullname(decision.prepared_by)) if decision.prepared_by else "",
		"reviewed_by": escape_html(get_fullname(decision.reviewed_by)) if decision.reviewed_by else "",
		"waiting_since": format_date(decision.waiting_since) if decision.waiting_since else "",
		"fingerprint": escape_html(decision.fingerprint or ""),
		"changes": policy_changes(name) if doctype == "Security Policy" else [],
	}


def policy_changes(name: str) -> list[str]:
	"""What a policy's draft changes against the version before, as escaped lines."""
	doc = frappe.get_doc("Security Policy", name)
	if not doc.previous_version:
		return []
	previous = frappe.get_doc("Security Policy", doc.previous_version)
	meta = frappe.get_meta("Security Policy")
	lines = [
		escape_html(f"{_(meta.get_label(f))}: {old or ''} → {new or ''}")
		for f, old, new in changed_fields(previous.as_dict(), doc.as_dict(), COMPARED_FIELDS)
	]
	lines += [
		escape_html(f"{kind} {line}")
		for kind, line in content_diff(previous.content, doc.content)
		if kind != "="
	]
	return lines
