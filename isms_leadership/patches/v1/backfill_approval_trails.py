"""Records approved or sent for approval before the approval trail existed get one.

The trail is rebuilt from Frappe's own "Workflow" comments (one per workflow action: the
new state, by whom, when); a record without such comments gets the steps its fields
remember (created, requested, approved). Records waiting for approval or approved get the
fingerprint of their content as it stands, so their approval can be checked from now on.
Idempotent: a record with a trail is left alone.
"""

import frappe
from frappe.model.workflow import get_workflow_name
from frappe.utils import now_datetime

from isms_leadership.core.integrity import FLOWS
from isms_leadership.guards.integrity import FINGERPRINT, TRAIL, content_fingerprint, workflow_states


def execute():
	for doctype, flow in FLOWS.items():
		if not frappe.db.has_column(doctype, FINGERPRINT):
			continue
		with_trail = set(
			frappe.get_all(
				"ISMS Approval Step", filters={"parenttype": doctype}, pluck="parent", distinct=True
			)
		)
		for name in frappe.get_all(doctype, pluck="name"):
			if name not in with_trail:
				backfill(frappe.get_doc(doctype, name), flow)


def backfill(doc, flow) -> None:
	initial = workflow_states(doc.doctype)[1] if get_workflow_name(doc.doctype) else None
	fingerprint = content_fingerprint(doc, flow)
	steps = [(doc.owner, None, initial, "Created", doc.creation)]
	comments = frappe.get_all(
		"Comment",
		filters={"reference_doctype": doc.doctype, "reference_name": doc.name, "comment_type": "Workflow"},
		fields=["owner", "content", "creation"],
		order_by="creation asc",
	)
	state = initial
	for c in comments:
		steps.append((c.owner, state, c.content, None, c.creation))
		state = c.content
	if not comments:
		requested = doc.get("requested_by") or doc.get("prepared_by")
		if requested and doc.workflow_state and doc.workflow_state != initial:
			steps.append((requested, initial, flow.pending_state, None, doc.modified))
			state = flow.pending_state
		if doc.docstatus == 1 and doc.get("approved_by"):
			steps.append((doc.approved_by, state, doc.workflow_state, None, doc.approved_on or doc.modified))
	for idx, (user, from_state, to_state, action, on) in enumerate(steps, start=1):
		frappe.get_doc(
			{
				"doctype": "ISMS Approval Step",
				"parent": doc.name,
				"parenttype": doc.doctype,
				"parentfield": TRAIL,
				"idx": idx,
				"step_on": on or now_datetime(),
				"user": user,
				"action": action or "Recorded before the approval trail",
				"from_state": from_state,
				"to_state": to_state,
				"fingerprint": fingerprint if idx == len(steps) else None,
			}
		).db_insert()
	if doc.docstatus == 1 or doc.workflow_state == flow.pending_state:
		# the content as it stands is the best record of what was sent and approved
		frappe.db.set_value(doc.doctype, doc.name, FINGERPRINT, fingerprint, update_modified=False)
