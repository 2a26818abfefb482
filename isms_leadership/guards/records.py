"""What a request may and may not change on the app's records, whatever door it comes through.

Frappe v15 cancels a document through a save: a `PUT {"docstatus": 2, ...}`, `savedocs` or
`frappe.client.save` writes every field and child row the request carries, without
validation, and `before_cancel`/`on_cancel` then see those values. A cancel of ours acts on
the record as stored: `keep_stored_on_cancel` puts the stored values back before anything
reads them.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model import default_fields, no_value_fields, table_fields
from frappe.model.workflow import get_workflow_name

from isms_leadership.core.links import safe_attachment_url
from isms_leadership.exceptions import UnsafeLinkError

#: set by the cancel itself
CANCEL_WRITES = frozenset({"docstatus", "modified", "modified_by", "workflow_state"})


def stored(doc):
	"""The record as it is in the database (before the request's values)."""
	return frappe.get_doc(doc.doctype, doc.name)


def keep_stored_on_cancel(doc) -> None:
	"""Put every field and child row of ``doc`` back to its stored value; the workflow state
	becomes the workflow's cancelled state (or stays as stored when there is none)."""
	before = stored(doc)
	for df in doc.meta.fields:
		if df.fieldname in CANCEL_WRITES:
			continue
		if df.fieldtype in table_fields:
			doc.set(df.fieldname, [row.as_dict() for row in before.get(df.fieldname)])
		elif df.fieldtype not in no_value_fields:
			doc.set(df.fieldname, before.get(df.fieldname))
	for fieldname in default_fields:
		if fieldname not in CANCEL_WRITES and fieldname not in ("doctype", "name"):
			doc.set(fieldname, before.get(fieldname))
	if doc.meta.has_field("workflow_state"):
		doc.workflow_state = cancelled_state(doc.doctype) or before.get("workflow_state")


def validate_attachments(doc) -> None:
	"""Attachment fields of the record and its rows hold a file of the site or an http(s)
	address, nothing a browser would run when somebody opens it."""
	for row in (doc, *doc.get_all_children()):
		for df in row.meta.fields:
			if df.fieldtype in ("Attach", "Attach Image") and not safe_attachment_url(row.get(df.fieldname)):
				frappe.throw(
					_("{0} must be a file of this site or an http(s) address.").format(
						frappe.bold(_(df.label or df.fieldname))
					),
					exc=UnsafeLinkError,
					title=_("Not a File"),
				)


def cancelled_state(doctype: str) -> str | None:
	"""The state of the doctype's active workflow whose documents are cancelled (docstatus 2)."""
	workflow = get_workflow_name(doctype)
	if not workflow:
		return None
	return frappe.db.get_value(
		"Workflow Document State", {"parent": workflow, "doc_status": "2"}, "state", order_by="idx asc"
	)


def returned_without_reason(doc, fieldname: str = "return_reason") -> bool:
	"""Whether ``doc`` goes back from Pending Approval to Draft with ``fieldname`` empty: a
	director who returns a record says why."""
	before = doc.get_doc_before_save()
	return bool(
		before
		and before.workflow_state == "Pending Approval"
		and doc.workflow_state == "Draft"
		and not (doc.get(fieldname) or "").strip()
	)
