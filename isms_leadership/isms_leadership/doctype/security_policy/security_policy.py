# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import getdate, now_datetime, today

from isms_leadership.core.frameworks import MEASURE_POLICY
from isms_leadership.core.policy import (
	COPIED_FIELDS,
	ONE_PER_COMPANY,
	REQUIRED_STATEMENTS,
	TOP_LEVEL,
	TOPIC,
	PolicyStatus,
	missing_statements,
	next_review_due,
	policy_status,
)
from isms_leadership.exceptions import (
	FrameworkMeasureError,
	MissingPolicyStatementError,
	PolicyContentTooLargeError,
	PolicyVersionError,
)
from isms_leadership.guards import approval, integrity
from isms_leadership.guards.records import returned_without_reason
from isms_leadership.queries.policies import policy_acknowledgement_counts
from isms_leadership.settings import get_settings
from isms_leadership.tasks.campaign import start_campaign


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
		from isms_leadership.isms_leadership.doctype.security_policy_measure.security_policy_measure import (
			SecurityPolicyMeasure,
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
		framework_measures: DF.TableMultiSelect[SecurityPolicyMeasure]
		includes_objectives: DF.Check
		last_reviewed_on: DF.Date | None
		material_change: DF.Check
		next_review_due: DF.Date | None
		parent_policy: DF.Link | None
		policy_family: DF.Link | None
		policy_owner: DF.Link
		policy_owner_name: DF.Data | None
		policy_type: DF.Literal[
			"Information Security Policy",
			"Topic-specific Policy",
			"Digital Operational Resilience Strategy",
			"ICT Internal Audit Plan",
		]
		previous_version: DF.Link | None
		requested_by: DF.Link | None
		requires_acknowledgement: DF.Check
		retired_by: DF.Link | None
		retired_on: DF.Date | None
		return_reason: DF.SmallText | None
		review_interval_months: DF.Int
		reviews: DF.Table[SecurityPolicyReview]
		scope: DF.SmallText | None
		states_risk_tolerance: DF.Check
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
		self.validate_framework_measures()
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
		self.set_onload("acknowledgements", policy_acknowledgement_counts(self.name))
		if self.docstatus == 1 and self.status == PolicyStatus.PUBLISHED.value:
			decision = approval.check(self, company=self.company)
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
			self.review_interval_months = get_settings().policy_review_interval_months
		if self.version == 1:
			self.material_change = 1

	def validate_parent_policy(self):
		if self.policy_type != TOPIC:
			self.parent_policy = None
		elif self.parent_policy and self.parent_policy == self.name:
			frappe.throw(_("A policy cannot be its own parent."), title=_("Invalid Parent Policy"))

	def validate_return_reason(self):
		if returned_without_reason(self):
			frappe.throw(
				_("Say why the policy goes back to draft: fill in Reason for Return."),
				title=_("Reason Needed"),
			)

	def validate_content_size(self):
		limit_kb = get_settings().max_policy_content_kb
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

	def validate_framework_measures(self):
		"""The measures a policy answers are requirements judged by the policies that list them
		(NIS2 Article 21(2), DORA's policies), each listed once."""
		names = [row.requirement for row in self.framework_measures]
		rules = dict(
			frappe.get_all(
				"ISMS Requirement",
				filters={"name": ["in", names or [""]]},
				fields=["name", "rule"],
				as_list=True,
			)
		)
		refused = sorted({name for name in names if rules.get(name) != MEASURE_POLICY})
		if refused:
			frappe.throw(
				_("{0} is not a measure a policy answers: choose among the framework measures.").format(
					", ".join(frappe.bold(name) for name in refused)
				),
				exc=FrameworkMeasureError,
				title=_("Not a Framework Measure"),
			)
		if len(set(names)) != len(names):
			frappe.throw(_("A framework measure is listed twice."), exc=FrameworkMeasureError)

	def validate_statements(self):
		missing = missing_statements(self.policy_type, {f: self.get(f) for f in REQUIRED_STATEMENTS})
		if not missing:
			return
		statements = "; ".join(_(REQUIRED_STATEMENTS[f]) for f in missing)
		if self.policy_type == TOP_LEVEL:
			message = _("The information security policy must contain {0} before it can be approved.")
			title = _("Clause 5.2 Statements Missing")
		else:
			message = _("The {0} must state {1} before it can be approved.")
			title = _("Statements Missing")
		frappe.throw(
			message.format(statements)
			if self.policy_type == TOP_LEVEL
			else message.format(_(self.policy_type), statements),
			exc=MissingPolicyStatementError,
			title=title,
		)

	def validate_single_open_version(self):
		if self.policy_type not in ONE_PER_COMPANY:
			return
		other = frappe.db.get_value(
			"Security Policy",
			{
				"company": self.company,
				"policy_type": self.policy_type,
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
				).format(frappe.bold(self.company), frappe.bold(other))
				if self.policy_type == TOP_LEVEL
				else _("{0} already has a published {1} ({2}); publish a new version of it instead.").format(
					frappe.bold(self.company), _(self.policy_type), frappe.bold(other)
				),
				exc=PolicyVersionError,
				title=_("One Top-Level Policy"),
			)

	def enforce_approval(self):
		owner = frappe.db.get_value("Employee", self.policy_owner, "user_id") if self.policy_owner else None
		approval.enforce(self, company=self.company, requesters=[self.requested_by], subjects=[owner])

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

	# permissions ------------------------------------------------------------------------

	# daily ------------------------------------------------------------------------------

	# print ------------------------------------------------------------------------------

	def make_new_version(self) -> str:
		"""Open the draft of the next version of this published policy (or return the one
		already open). Callers check that the user may create policies or, after a review
		that found a change needed, is top management."""
		if self.docstatus != 1 or self.status != PolicyStatus.PUBLISHED.value:
			frappe.throw(_("Only the published version of a policy can be revised."), exc=PolicyVersionError)
		open_draft = frappe.db.get_value(
			"Security Policy", {"policy_family": self.policy_family, "docstatus": 0}, "name"
		)
		if open_draft:
			return open_draft
		draft = frappe.new_doc("Security Policy")
		for field in COPIED_FIELDS:
			draft.set(field, self.get(field))
		draft.effective_from = None
		draft.previous_version = self.name
		draft.set(
			"audience", [{"audience_type": r.audience_type, "audience": r.audience} for r in self.audience]
		)
		draft.set("framework_measures", [{"requirement": r.requirement} for r in self.framework_measures])
		draft.flags.isms_system_update = True  # previous_version and the family are the server's to write
		# the callers checked the user (above); the draft is a copy of what they may read
		draft.insert(ignore_permissions=True)
		return draft.name
