"""What was approved is what was sent for approval, whatever door a request comes through.

The five records top management approves (Role Assignment, Security Policy, Resource
Allocation, Management Review, Security Objective) call these functions first in their
``before_insert``, ``validate``, ``before_submit``, ``before_update_after_submit`` and
``before_cancel``. Together they make every save, submit and cancel through any path (the
desk, ``PUT /api/resource``, ``frappe.client.*``, ``savedocs``, ``run_doc_method``, workflow
actions and their e-mail links) obey the same rules:

- the workflow state moves only along a transition the user may take, and a state belongs
  to its document status (a draft is never "Published");
- every move appends a step to the record's **approval trail** (who, when, from, to, and the
  SHA-256 fingerprint of the approved content); the trail and the fields that mirror it
  (who requested, reviewed, prepared) are written by the server only;
- entering the pending state records the fingerprint; approval is refused when the content
  no longer has it; while pending the content cannot change (the management review's
  minutes may be completed by those who sign off, each change recorded in the trail);
- after approval only the app's own methods change what may change (``isms_system_update``);
- a cancel acts on the record as stored (``records.keep_stored_on_cancel``).

The rules themselves are pure, in ``isms_leadership.core.integrity``.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model import default_fields, table_fields
from frappe.model.workflow import get_transitions, get_workflow, get_workflow_name
from frappe.utils import cint, flt, get_datetime, getdate, now_datetime

from isms_leadership.core.integrity import (
	FLOWS,
	Flow,
	Step,
	canonical,
	fingerprint,
	mirror_values,
	state_refusal,
)
from isms_leadership.exceptions import (
	ApprovedRecordChangeError,
	ConcurrentApprovalError,
	ContentChangedError,
	WorkflowMoveError,
)
from isms_leadership.guards.records import cancelled_state, keep_stored_on_cancel

TRAIL = "approval_trail"
FINGERPRINT = "approval_fingerprint"


def is_system_update(doc) -> bool:
	"""The app's own code is writing (a job, an employee event, a whitelisted method that
	checked its caller): it sets ``flags.isms_system_update``."""
	return bool(doc.flags.isms_system_update)


# hooks of the controllers ---------------------------------------------------------------------


def before_insert(doc) -> None:
	"""A new record: server-written fields start empty whatever the request says."""
	flow = FLOWS[doc.doctype]
	if not is_system_update(doc):
		for fieldname in flow.server_fields:
			# set by the controller's own before_insert, from the stored previous version
			if fieldname not in ("version", "policy_family"):
				doc.set(fieldname, None)
	doc.set(TRAIL, [])
	doc.set(FINGERPRINT, None)


def validate(doc) -> None:
	"""Drafts and submit, before the controller: the state's move, the trail and its mirrors."""
	flow = FLOWS[doc.doctype]
	before = doc.get_doc_before_save()
	if doc.docstatus == 0:
		# Frappe sanitises drafts after validate; fingerprint what will be stored
		doc._sanitize_content()
	if before is None:
		check_new_state(doc)
		doc.flags.isms_step = append_step(doc, None, doc.workflow_state, _("Created"))
	else:
		restore(doc, before, (*flow.server_fields, TRAIL, FINGERPRINT))
		check_move(doc, before)
		if before.workflow_state == doc.workflow_state:
			check_allow_edit(doc, before)
		else:
			one_move_at_a_time()
			doc.flags.isms_step = append_step(doc, before.workflow_state, doc.workflow_state)
	set_mirrors(doc, flow)


def before_save(doc) -> None:
	"""Drafts, after the controller: fingerprint the content as it will be stored."""
	flow = FLOWS[doc.doctype]
	before = doc.get_doc_before_save()
	now = content_fingerprint(doc, flow)
	if doc.flags.isms_step:
		doc.flags.isms_step.fingerprint = now
	if doc.workflow_state == flow.pending_state:
		if before is not None and before.workflow_state == flow.pending_state:
			guard_pending(doc, flow, before, now)
		else:
			doc.set(FINGERPRINT, now)


def before_submit(doc) -> None:
	"""Approval binds to content: what is approved is what was sent for approval. Call it
	first in the controller's ``before_submit``."""
	flow = FLOWS[doc.doctype]
	sent = doc.get(FINGERPRINT)
	now = content_fingerprint(doc, flow)
	if not sent or now != sent:
		frappe.throw(
			_(
				"This is not the content that was sent for approval (fingerprint {0}): return it to draft and send it again."
			).format(frappe.bold((sent or _("none"))[:12])),
			exc=ContentChangedError,
			title=_("Content Changed"),
		)
	if doc.flags.isms_step:
		doc.flags.isms_step.fingerprint = now


def before_update_after_submit(doc) -> None:
	"""An approved record: only a legal move of its state, and only the app's own changes."""
	before = doc.get_doc_before_save()
	restore(doc, before, (TRAIL, FINGERPRINT))
	check_move(doc, before)
	if not is_system_update(doc):
		guard_after_submit(doc, before)
	if before.workflow_state != doc.workflow_state:
		one_move_at_a_time()
		append_step(doc, before.workflow_state, doc.workflow_state).fingerprint = content_fingerprint(doc)


def before_cancel(doc) -> None:
	"""A cancel acts on the stored record and moves it along a transition the user may take."""
	keep_stored_on_cancel(doc)
	before = doc.get_doc_before_save() or frappe.get_doc(doc.doctype, doc.name)
	target = cancelled_state(doc.doctype)
	if get_workflow_name(doc.doctype) and (not target or target not in allowed_next(before)):
		frappe.throw(
			_("You cannot cancel this record from {0}: use the workflow actions.").format(
				frappe.bold(_(before.workflow_state or ""))
			),
			exc=WorkflowMoveError,
			title=_("Not Permitted"),
		)
	one_move_at_a_time()
	append_step(doc, before.workflow_state, doc.workflow_state).fingerprint = content_fingerprint(doc)


def one_move_at_a_time() -> None:
	"""Workflow moves of the app's records are recorded one after the other on a site.

	Two approvals at the same moment (say of two allocations of one Budget) write the same
	tables (the Budget, the trail rows), and the database would break the tie with a
	deadlock anywhere in them, which reaches the user as a server error. Locking one row
	first, by its primary key (the app's settings doctype, which nothing writes while it
	runs), makes the second wait for the first to commit, or give way right here with a
	"try again". The lock ends with this request's transaction; moves are rare, human acts."""
	doctype = frappe.qb.DocType("DocType")
	try:
		frappe.qb.from_(doctype).select(doctype.name).where(
			doctype.name == "ISMS Settings"
		).for_update().run()
	except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
		# Frappe locks the record's rows (and the gaps beside them) before any app code runs,
		# so two moves can still meet there; the database then gives way here, where nothing
		# of this request is written yet: say so instead of a server error
		frappe.throw(
			_("Another approval was being recorded at the same time: try again."),
			exc=ConcurrentApprovalError,
			title=_("Try Again"),
		)


# the rules, fed from the records -------------------------------------------------------------


def restore(doc, before, fieldnames) -> None:
	"""Put back what only the server writes, before the controller derives anything."""
	for fieldname in fieldnames:
		df = doc.meta.get_field(fieldname)
		if not df:
			continue
		if df.fieldtype in table_fields:
			doc.set(fieldname, [row.as_dict() for row in before.get(fieldname)])
		elif not is_system_update(doc):
			doc.set(fieldname, before.get(fieldname))


def workflow_states(doctype: str) -> tuple[dict[str, int], str | None]:
	"""(state -> document status, first state) of the doctype's active workflow."""
	workflow = get_workflow(doctype)
	states = {row.state: cint(row.doc_status) for row in workflow.states}
	return states, workflow.states[0].state if workflow.states else None


def allowed_next(before) -> set[str]:
	"""States the session user may move the stored record to (roles and conditions).

	Self-approval is left to the app's approval rule, which refuses authors, requesters and
	subjects with its own message on every door (Frappe checks it in apply_workflow only)."""
	if not before.workflow_state:
		return set()
	return {t["next_state"] for t in get_transitions(before, raise_exception=True)}


def check_new_state(doc) -> None:
	if not get_workflow_name(doc.doctype):
		return
	states, initial = workflow_states(doc.doctype)
	refusal = state_refusal(
		before_state=None,
		state=doc.workflow_state,
		docstatus=doc.docstatus,
		state_docstatus=states,
		allowed_next=(),
		initial_state=initial,
		is_new=True,
	)
	raise_refusal(refusal)
	doc.workflow_state = doc.workflow_state or initial


def check_move(doc, before) -> None:
	if not get_workflow_name(doc.doctype) or is_system_update(doc):
		return
	states, initial = workflow_states(doc.doctype)
	before_state = before.workflow_state or initial
	refusal = state_refusal(
		before_state=before_state,
		state=doc.workflow_state or before_state,
		docstatus=int(doc.docstatus),
		state_docstatus=states,
		allowed_next=allowed_next(before) if doc.workflow_state != before_state else (),
		initial_state=initial,
		is_new=False,
	)
	raise_refusal(refusal)


def raise_refusal(refusal) -> None:
	if refusal:
		frappe.throw(
			_(refusal.reason).format(*(frappe.bold(_(str(a))) for a in refusal.args)),
			exc=WorkflowMoveError,
			title=_("Not a Workflow Action"),
		)


def check_allow_edit(doc, before) -> None:
	"""A save that keeps the state is an edit: only the roles the workflow lets edit in that
	state may make it (Frappe enforces this in the browser only)."""
	if is_system_update(doc) or not get_workflow_name(doc.doctype):
		return
	workflow = get_workflow(doc.doctype)
	editors = {row.allow_edit for row in workflow.states if row.state == before.workflow_state}
	if editors and not editors & set(frappe.get_roles()):
		frappe.throw(
			_("In the state {0} only {1} may change this record.").format(
				frappe.bold(_(before.workflow_state)), ", ".join(sorted(_(r) for r in editors))
			),
			exc=frappe.PermissionError,
			title=_("Not Permitted"),
		)


def guard_pending(doc, flow: Flow, before, now: str) -> None:
	"""While a record waits for approval its content stays what was sent. The management
	review is completed in the meeting: those who may edit it then (the workflow's rule)
	change it, and each change is a step of the trail with its new fingerprint."""
	if now == before.get(FINGERPRINT) or is_system_update(doc):
		return
	if flow.edited_while_pending:
		append_step(doc, before.workflow_state, doc.workflow_state, _("Changed")).fingerprint = now
		doc.set(FINGERPRINT, now)
		return
	frappe.throw(
		_(
			"{0} is waiting for approval and its content cannot change: return it to draft to change it."
		).format(frappe.bold(doc.name)),
		exc=ContentChangedError,
		title=_("Waiting for Approval"),
	)


def guard_after_submit(doc, before) -> None:
	"""Fields that may change after approval change only through the app's own methods."""
	changed = [
		df.fieldname
		for df in doc.meta.fields
		if df.allow_on_submit
		and df.fieldname not in ("workflow_state", TRAIL)
		and comparable(doc, df) != comparable(before, df)
	]
	if changed:
		frappe.throw(
			_("{0} of an approved record change only through the app's own actions.").format(
				", ".join(frappe.bold(_(doc.meta.get_label(f))) for f in changed)
			),
			exc=ApprovedRecordChangeError,
			title=_("Approved Record"),
		)


def comparable(doc, df):
	"""A field's value in one form, whether it came from a request or the database."""
	if df.fieldtype in table_fields:
		child_meta = frappe.get_meta(df.options)
		return [
			tuple(
				(f.fieldname, canonical(typed(row.get(f.fieldname), f.fieldtype)))
				for f in child_meta.fields
				if f.fieldname not in default_fields
			)
			for row in doc.get(df.fieldname) or []
		]
	return canonical(typed(doc.get(df.fieldname), df.fieldtype))


def typed(value, fieldtype: str):
	"""A value cast to its field type, so that a request's text and the database agree."""
	if value in (None, ""):
		return None
	if fieldtype == "Date":
		return getdate(value)
	if fieldtype == "Datetime":
		return get_datetime(value)
	if fieldtype in ("Int", "Check"):
		return cint(value)
	if fieldtype in ("Float", "Currency", "Percent"):
		return flt(value)
	return value


def content_fingerprint(doc, flow: Flow | None = None) -> str:
	"""The SHA-256 fingerprint of the record's approved content (``core.integrity``)."""
	flow = flow or FLOWS[doc.doctype]
	meta = doc.meta
	values = {f: typed(doc.get(f), meta.get_field(f).fieldtype) for f in flow.content if meta.get_field(f)}
	rows = {}
	for table in flow.tables:
		child = frappe.get_meta(meta.get_field(table).options)
		rows[table] = [
			{f: typed(row.get(f), child.get_field(f).fieldtype) for f in flow.tables[table]}
			for row in doc.get(table) or []
		]
	return fingerprint(flow, values, rows)


def append_step(doc, from_state, to_state, action: str | None = None):
	"""A step of the trail, written by the server; its fingerprint is set once the content
	of the save is final. Returns the row."""
	return doc.append(
		TRAIL,
		{
			"step_on": now_datetime(),
			"user": frappe.session.user,
			"action": action or transition_action(doc.doctype, from_state, to_state),
			"from_state": from_state,
			"to_state": to_state,
		},
	)


def transition_action(doctype: str, from_state, to_state) -> str | None:
	if not get_workflow_name(doctype):
		return None
	for t in get_workflow(doctype).transitions:
		if t.state == from_state and t.next_state == to_state:
			return t.action
	return None


def set_mirrors(doc, flow: Flow) -> None:
	"""Who requested, reviewed and prepared, read from the trail."""
	steps = [Step(row.user, row.from_state, row.to_state) for row in doc.get(TRAIL) or []]
	for fieldname, user in mirror_values(flow, steps).items():
		doc.set(fieldname, user)


def trail_users(doc) -> set[str]:
	"""Everybody who moved the record before its approval."""
	return {row.user for row in doc.get(TRAIL) or [] if row.user}
