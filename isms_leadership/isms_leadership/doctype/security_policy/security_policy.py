# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.desk.form.assign_to import add as assign
from frappe.desk.form.assign_to import close_all_assignments
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.query_builder.functions import Count
from frappe.utils import add_days, getdate, now_datetime, today
from frappe.utils.html_utils import sanitize_html

from isms_leadership import approvals, integrity
from isms_leadership.core.policy import (
	REQUIRED_STATEMENTS,
	TOP_LEVEL,
	AckStatus,
	PolicyStatus,
	ReviewState,
	asked_and_acknowledged,
	changed_fields,
	content_diff,
	missing_statements,
	next_review_due,
	policy_status,
	review_state,
)
from isms_leadership.exceptions import (
	ApprovalRefusedError,
	MissingPolicyStatementError,
	PolicyContentTooLargeError,
	PolicyVersionError,
)

#: fields compared between versions (besides the content)
COMPARED_FIELDS = (
	"title",
	"policy_type",
	"parent_policy",
	"policy_owner",
	"scope",
	"includes_objectives",
	"commits_to_requirements",
	"commits_to_improvement",
	"available_to_interested_parties",
	"requires_acknowledgement",
	"review_interval_months",
	"effective_from",
)
#: what a new version copies from the one before
COPIED_FIELDS = (*COMPARED_FIELDS, "company", "content")


class SecurityPolicy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from isms_leadership.isms_leadership.doctype.isms_approval_step.isms_approval_step import (
			ISMSApprovalStep,
		)
		from isms_leadership.isms_leadership.doctype.security_policy_audience.security_policy_audience import (
			SecurityPolicyAudience,
		)
		from isms_leadership.isms_leadership.doctype.security_policy_review.security_policy_review import (
			SecurityPolicyReview,
		)

		approval_fingerprint: DF.Data | None
		approval_trail: DF.Table[ISMSApprovalStep]
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		audience: DF.Table[SecurityPolicyAudience]
		available_to_interested_parties: DF.Check
		change_summary: DF.SmallText | None
		commits_to_improvement: DF.Check
		commits_to_requirements: DF.Check
		company: DF.Link
		content: DF.TextEditor
		effective_from: DF.Date | None
		includes_objectives: DF.Check
		last_reviewed_on: DF.Date | None
		material_change: DF.Check
		next_review_due: DF.Date | None
		parent_policy: DF.Link | None
		policy_family: DF.Link | None
		policy_owner: DF.Link
		policy_owner_name: DF.Data | None
		policy_type: DF.Literal["Information Security Policy", "Topic-specific Policy"]
		previous_version: DF.Link | None
		requested_by: DF.Link | None
		requires_acknowledgement: DF.Check
		retired_by: DF.Link | None
		retired_on: DF.Date | None
		return_reason: DF.SmallText | None
		review_interval_months: DF.Int
		review_reminder: DF.Data | None
		reviews: DF.Table[SecurityPolicyReview]
		scope: DF.SmallText | None
		status: DF.Literal["Draft", "In Review", "Pending Approval", "Published", "Superseded", "Retired"]
		superseded_by: DF.Link | None
		title: DF.Data
		version: DF.Int
		workflow_state: DF.Link | None

	# end: auto-generated types
	def autoname(self):
		if self.previous_version:
			family = frappe.db.get_value("Security Policy", self.previous_version, "policy_family")
			self.name = f"{family}-v{self.version}"
		else:
			self.name = make_autoname("ISMS-POL-.#####", doc=self)

	def before_insert(self):
		integrity.before_insert(self)
		self.set_version()

	def after_insert(self):
		if not self.policy_family:
			self.db_set("policy_family", self.name, update_modified=False)

	def validate(self):
		integrity.validate(self)
		self.set_defaults()
		self.validate_parent_policy()
		self.validate_previous_version()
		self.validate_content_size()
		self.validate_return_reason()
		if self.workflow_state in ("Pending Approval", "Published") or self.docstatus == 1:
			self.validate_statements()
		self.set_status()

	def before_save(self):
		integrity.before_save(self)

	def before_submit(self):
		integrity.before_submit(self)
		self.validate_statements()
		self.validate_single_open_version()
		self.enforce_approval()
		self.approved_by = frappe.session.user
		self.approved_on = now_datetime()
		if not self.effective_from:
			self.effective_from = getdate(today())
		self.set_next_review_due()
		self.set_status()

	def on_submit(self):
		self.supersede_previous_versions()
		if self.requires_acknowledgement:
			from isms_leadership.isms_leadership.doctype.policy_acknowledgement.policy_acknowledgement import (
				start_campaign,
			)

			start_campaign(self.name)

	def before_update_after_submit(self):
		integrity.before_update_after_submit(self)
		before = self.get_doc_before_save()
		if before and before.workflow_state != self.workflow_state and self.workflow_state == "Retired":
			self.enforce_approval()
			self.retired_by = frappe.session.user
			self.retired_on = getdate(today())
		self.set_next_review_due()
		self.set_status()

	def before_cancel(self):
		# a published policy is retired, never cancelled: the workflow has no such move
		integrity.before_cancel(self)

	def onload(self):
		self.set_onload("acknowledgements", acknowledgement_counts(self.name))
		if self.docstatus == 1 and self.status == PolicyStatus.PUBLISHED.value:
			decision = approvals.check(self, company=self.company)
			self.set_onload("can_review", decision.allowed and self.has_permission("submit"))

	# -------------------------------------------------------------------------------

	def set_version(self):
		if self.previous_version:
			previous = frappe.db.get_value(
				"Security Policy", self.previous_version, ["version", "policy_family"], as_dict=True
			)
			self.version = (previous.version or 1) + 1
			self.policy_family = previous.policy_family
		else:
			self.version = 1
			self.policy_family = None

	def set_defaults(self):
		if not self.review_interval_months:
			self.review_interval_months = (
				frappe.db.get_single_value("ISMS Settings", "policy_review_interval_months") or 12
			)
		if self.version == 1:
			self.material_change = 1

	def validate_parent_policy(self):
		if self.policy_type == TOP_LEVEL:
			self.parent_policy = None
		elif self.parent_policy and self.parent_policy == self.name:
			frappe.throw(_("A policy cannot be its own parent."), title=_("Invalid Parent Policy"))

	def validate_return_reason(self):
		before = self.get_doc_before_save()
		if (
			before
			and before.workflow_state == "Pending Approval"
			and self.workflow_state == "Draft"
			and not (self.return_reason or "").strip()
		):
			frappe.throw(
				_("Say why the policy goes back to draft: fill in Reason for Return."),
				title=_("Reason Needed"),
			)

	def validate_content_size(self):
		limit_kb = int(frappe.db.get_single_value("ISMS Settings", "max_policy_content_kb") or 1024)
		size = len((self.content or "").encode("utf-8"))
		if size > limit_kb * 1024:
			frappe.throw(
				_("The policy text is {0} KB; the largest accepted is {1} KB (ISMS Settings).").format(
					size // 1024, limit_kb
				),
				exc=PolicyContentTooLargeError,
				title=_("Policy Too Long"),
			)

	def validate_previous_version(self):
		"""A version continues a policy of the same company (set by New Version only)."""
		if not self.previous_version:
			return
		company = frappe.db.get_value("Security Policy", self.previous_version, "company")
		if company != self.company:
			frappe.throw(
				_("{0} is a policy of {1}; a new version stays in its company.").format(
					frappe.bold(self.previous_version), frappe.bold(company)
				),
				exc=PolicyVersionError,
				title=_("Wrong Company"),
			)

	def validate_statements(self):
		missing = missing_statements(self.policy_type, {f: self.get(f) for f in REQUIRED_STATEMENTS})
		if missing:
			frappe.throw(
				_("The information security policy must contain {0} before it can be approved.").format(
					"; ".join(_(REQUIRED_STATEMENTS[f]) for f in missing)
				),
				exc=MissingPolicyStatementError,
				title=_("Clause 5.2 Statements Missing"),
			)

	def validate_single_open_version(self):
		if self.policy_type != TOP_LEVEL:
			return
		other = frappe.db.get_value(
			"Security Policy",
			{
				"company": self.company,
				"policy_type": TOP_LEVEL,
				"docstatus": 1,
				"status": PolicyStatus.PUBLISHED.value,
				"policy_family": ["!=", self.policy_family or self.name],
			},
			"name",
		)
		if other:
			frappe.throw(
				_(
					"{0} already has a published information security policy ({1}); publish a new version of it instead."
				).format(frappe.bold(self.company), frappe.bold(other)),
				exc=PolicyVersionError,
				title=_("One Top-Level Policy"),
			)

	def enforce_approval(self):
		owner = frappe.db.get_value("Employee", self.policy_owner, "user_id") if self.policy_owner else None
		approvals.enforce(self, company=self.company, requesters=[self.requested_by], subjects=[owner])

	def set_next_review_due(self):
		self.next_review_due = next_review_due(
			getdate(self.effective_from) if self.effective_from else None,
			getdate(self.last_reviewed_on) if self.last_reviewed_on else None,
			int(self.review_interval_months or 0),
		)

	def set_status(self):
		if self.workflow_state == "Superseded" or self.superseded_by:
			self.status = PolicyStatus.SUPERSEDED.value
			return
		self.status = policy_status(self.docstatus, self.workflow_state).value

	def supersede_previous_versions(self):
		"""The versions published before this one are superseded: their status changes,
		their content never does."""
		for name in frappe.get_all(
			"Security Policy",
			filters={
				"policy_family": self.policy_family,
				"docstatus": 1,
				"status": PolicyStatus.PUBLISHED.value,
				"name": ["!=", self.name],
			},
			pluck="name",
		):
			old = frappe.get_doc("Security Policy", name)
			old.db_set(
				{
					"status": PolicyStatus.SUPERSEDED.value,
					"workflow_state": "Superseded",
					"superseded_by": self.name,
				}
			)
			old.add_comment(
				"Info",
				_("Superseded by version {0} ({1}), published by {2}.").format(
					self.version, self.name, frappe.session.user
				),
			)


# whitelisted actions ------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def new_version(policy: str) -> str:
	"""Open a draft of the next version of a published policy. Returns its name."""
	doc = frappe.get_doc("Security Policy", policy)
	frappe.has_permission("Security Policy", "create", throw=True)
	doc.check_permission("read")
	return make_new_version(doc)


def make_new_version(doc) -> str:
	if doc.docstatus != 1 or doc.status != PolicyStatus.PUBLISHED.value:
		frappe.throw(_("Only the published version of a policy can be revised."), exc=PolicyVersionError)
	open_draft = frappe.db.get_value(
		"Security Policy", {"policy_family": doc.policy_family, "docstatus": 0}, "name"
	)
	if open_draft:
		return open_draft
	draft = frappe.new_doc("Security Policy")
	for field in COPIED_FIELDS:
		draft.set(field, doc.get(field))
	draft.effective_from = None
	draft.previous_version = doc.name
	draft.set("audience", [{"audience_type": r.audience_type, "audience": r.audience} for r in doc.audience])
	draft.flags.isms_system_update = True  # previous_version and the family are the server's to write
	# Callers checked that the user may create policies or, after a review that found a
	# change needed, is top management; the draft is a copy of what they may read.
	draft.insert(ignore_permissions=True)
	return draft.name


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
	approvals.enforce(doc, company=doc.company)
	draft = make_new_version(doc) if outcome == "Change Needed" else None
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


def acknowledgement_counts(policy: str) -> dict[str, int]:
	"""Acknowledgements of ``policy`` by status, in one query whatever their number."""
	ack = frappe.qb.DocType("Policy Acknowledgement")
	rows = (
		frappe.qb.from_(ack)
		.select(ack.status, Count("*"))
		.where(ack.security_policy == policy)
		.groupby(ack.status)
	).run()
	counts = {status.value: 0 for status in AckStatus}
	counts.update({status: count for status, count in rows})
	# those who left before acknowledging are no longer asked
	counts["total"] = asked_and_acknowledged(counts)[0]
	return counts


# permissions ------------------------------------------------------------------------

#: roles that read every version of every policy; everybody else reads the policies in
#: force that are meant for them
FULL_READ_ROLES = frozenset({"System Manager", "ISMS Manager", "ISMS Top Management", "ISMS Auditor"})


def has_full_read(user: str) -> bool:
	return bool(FULL_READ_ROLES & set(frappe.get_roles(user)))


def has_permission(doc, ptype=None, user=None):
	"""A published policy is meant for an employee who is asked to acknowledge it, or, when
	it asks nobody, for every employee of its company."""
	user = user or frappe.session.user
	if has_full_read(user):
		return None
	if doc.status != PolicyStatus.PUBLISHED.value:
		return False
	if doc.requires_acknowledgement:
		return bool(frappe.db.exists("Policy Acknowledgement", {"security_policy": doc.name, "user": user}))
	return bool(frappe.db.exists("Employee", {"user_id": user, "company": doc.company}))


def get_permission_query_conditions(user=None):
	user = user or frappe.session.user
	if has_full_read(user):
		return ""
	user = frappe.db.escape(user)
	return (
		f"(`tabSecurity Policy`.`status` = 'Published' and ("
		f"(`tabSecurity Policy`.`requires_acknowledgement` = 1 and `tabSecurity Policy`.`name` in "
		f"(select `security_policy` from `tabPolicy Acknowledgement` where `user` = {user}))"
		f" or (`tabSecurity Policy`.`requires_acknowledgement` = 0 and `tabSecurity Policy`.`company` in "
		f"(select `company` from `tabEmployee` where `user_id` = {user}))))"
	)


# daily ------------------------------------------------------------------------------


def remind_reviews() -> list[str]:
	"""Daily: for each policy in force whose review falls due within the lead days or is
	overdue, a ToDo to its owner and a notification to the ISMS Managers, once per state
	and due date. Returns the policies reminded."""
	from isms_leadership.integrations.employee import users_with_role

	day = getdate(today())
	lead = lead_days()
	managers = users_with_role("ISMS Manager")
	reminded = []
	for row in frappe.get_all(
		"Security Policy",
		filters={
			"docstatus": 1,
			"status": PolicyStatus.PUBLISHED.value,
			"next_review_due": ["<=", add_days(day, lead)],
		},
		fields=["name", "title", "version", "policy_owner", "next_review_due", "review_reminder"],
	):
		state = review_state(getdate(row.next_review_due), day, lead)
		marker = f"{state.value}:{row.next_review_due}"
		if state is ReviewState.OK or row.review_reminder == marker:
			continue
		if state is ReviewState.OVERDUE:
			message = _("The review of policy {0} (version {1}) was due on {2} and is overdue.")
		else:
			message = _("The review of policy {0} (version {1}) is due on {2}.")
		message = message.format(row.title, row.version, frappe.format(row.next_review_due, "Date"))
		owner = frappe.db.get_value("Employee", row.policy_owner, "user_id")
		assignees = [owner] if owner else managers
		if assignees:
			# Raised by the system for the policy's owner (the ISMS Managers when it has none); an
			# open ToDo of the same user on the same policy is not repeated.
			assign(
				{
					"doctype": "Security Policy",
					"name": row.name,
					"assign_to": assignees,
					"description": message,
					"date": row.next_review_due,
					"priority": "High" if state is ReviewState.OVERDUE else "Medium",
				},
				ignore_permissions=True,
			)
		if managers:
			enqueue_create_notification(
				managers,
				{
					"type": "Alert",
					"document_type": "Security Policy",
					"document_name": row.name,
					"subject": message,
					"from_user": "Administrator",
				},
			)
		frappe.db.set_value("Security Policy", row.name, "review_reminder", marker, update_modified=False)
		reminded.append(row.name)
	return reminded


def lead_days() -> int:
	days = frappe.db.get_single_value("ISMS Settings", "reminder_lead_days")
	return 30 if days is None else int(days)


# print ------------------------------------------------------------------------------


def isms_policy_approval(doc) -> dict | None:
	"""Jinja: who approved ``doc``, with the top-management ISMS roles they held that day."""
	if not doc.get("approved_by"):
		return None
	# the appointments as they stood that day: who approved, and what was approved for them
	ra = frappe.qb.DocType("Role Assignment")
	roles = (
		frappe.qb.from_(ra)
		.select(ra.isms_role)
		.distinct()
		.where(ra.user == doc.approved_by)
		.where(approvals.held_on(ra, getdate(doc.approved_on)))
		.where(ra.company == doc.company)
		.where(ra.is_top_management == 1)
		.run(pluck=True)
	)
	return {
		"full_name": frappe.utils.get_fullname(doc.approved_by),
		"roles": sorted(roles),
		"approved_on": doc.approved_on,
	}
