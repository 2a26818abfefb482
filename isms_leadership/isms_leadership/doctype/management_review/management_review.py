# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""The management review (9.3): held at planned intervals, every input addressed, decisions
turned into tracked ISMS Actions, signed off by top management."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as assign
from frappe.model.document import Document
from frappe.utils import fmt_money, getdate, now_datetime, today

from isms_leadership.core.review import (
	CLOSED,
	INPUTS,
	Attendee,
	default_period_start,
	review_status,
	sign_off_problems,
	system_summaries,
)
from isms_leadership.exceptions import SignOffError
from isms_leadership.guards import approval, integrity
from isms_leadership.queries.appointments import held_roles
from isms_leadership.queries.evidence import leadership_figures
from isms_leadership.queries.reviews import company_next_review_due


class ManagementReview(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from isms_leadership.isms_leadership.doctype.isms_approval_step.isms_approval_step import (
			ISMSApprovalStep,
		)
		from isms_leadership.isms_leadership.doctype.management_review_attendee.management_review_attendee import (
			ManagementReviewAttendee,
		)
		from isms_leadership.isms_leadership.doctype.management_review_carried_action.management_review_carried_action import (
			ManagementReviewCarriedAction,
		)
		from isms_leadership.isms_leadership.doctype.management_review_decision.management_review_decision import (
			ManagementReviewDecision,
		)
		from isms_leadership.isms_leadership.doctype.management_review_input.management_review_input import (
			ManagementReviewInput,
		)

		amended_from: DF.Link | None
		approval_fingerprint: DF.Data | None
		approval_trail: DF.Table[ISMSApprovalStep]
		attendees: DF.Table[ManagementReviewAttendee]
		carried_actions: DF.Table[ManagementReviewCarriedAction]
		chair: DF.Link
		chair_name: DF.Data | None
		company: DF.Link
		decisions: DF.Table[ManagementReviewDecision]
		facts_gathered_on: DF.Datetime | None
		inputs: DF.Table[ManagementReviewInput]
		minutes: DF.TextEditor | None
		naming_series: DF.Literal["ISMS-MR-.YYYY.-"]
		period_from: DF.Date | None
		period_to: DF.Date | None
		prepared_by: DF.Link | None
		previous_review: DF.Link | None
		review_date: DF.Date
		signed_off_by: DF.Link | None
		signed_off_on: DF.Datetime | None
		signed_off_role: DF.Data | None
		status: DF.Literal["Planned", "In Progress", "Awaiting Sign-off", "Completed", "Cancelled"]
		title: DF.Data
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		integrity.before_insert(self)
		self.set_previous_review()
		self.set_inputs()
		self.carry_actions()
		self.gather_facts()

	def validate(self):
		integrity.validate(self)
		self.set_period()
		self.validate_chair()
		self.set_attendee_roles()
		self.set_inputs()
		self.validate_decisions()
		self.set_status()

	def before_save(self):
		integrity.before_save(self)

	def before_submit(self):
		integrity.before_submit(self)
		self.validate_sign_off()
		self.signed_off_by = frappe.session.user
		self.signed_off_on = now_datetime()
		self.signed_off_role = ", ".join(self.top_management_roles_of(frappe.session.user)) or None
		self.set_status()

	def on_submit(self):
		self.create_actions()

	def before_update_after_submit(self):
		integrity.before_update_after_submit(self)

	def before_cancel(self):
		# a signed-off review is the record of the meeting: the workflow has no cancel
		integrity.before_cancel(self)

	def onload(self):
		self.set_onload("next_review_due", str(company_next_review_due(self.company) or ""))

	# -------------------------------------------------------------------------------

	def set_previous_review(self):
		if not (self.company and self.review_date):
			return  # the mandatory check reports it
		previous = frappe.db.get_value(
			"Management Review",
			{"company": self.company, "docstatus": 1, "review_date": ["<", self.review_date]},
			["name", "review_date"],
			order_by="review_date desc",
			as_dict=True,
		)
		if previous:
			self.previous_review = previous.name
			if not self.period_from:
				self.period_from = default_period_start(getdate(previous.review_date))

	def set_period(self):
		if not self.period_to:
			self.period_to = self.review_date
		if self.period_from and getdate(self.period_from) > getdate(self.period_to):
			frappe.throw(_("The period covered ends before it starts."), title=_("Invalid Period"))

	def set_inputs(self):
		"""One row per 9.3.2 input, in clause order; rows are never removed."""
		have = {row.input_code for row in self.inputs}
		for code, label in INPUTS:
			if code not in have:
				self.append("inputs", {"input_code": code, "input": _(label)})
		order = {code: i for i, (code, _label) in enumerate(INPUTS)}
		self.inputs.sort(key=lambda row: order.get(row.input_code, len(order)))
		for i, row in enumerate(self.inputs, start=1):
			row.idx = i

	def carry_actions(self):
		"""Every action still open from earlier reviews of the company comes to this one."""
		have = {row.isms_action for row in self.carried_actions}
		for action in frappe.get_all(
			"ISMS Action",
			filters={
				"company": self.company,
				"status": ["not in", [s.value for s in CLOSED]],
				"management_review": ["is", "set"],
			},
			fields=["name", "description", "owner_name", "due_date", "status"],
			order_by="due_date asc",
		):
			if action.name not in have:
				self.append(
					"carried_actions",
					{
						"isms_action": action.name,
						"description": action.description,
						"owner_name": action.owner_name,
						"due_date": action.due_date,
						"action_status": action.status,
					},
				)

	def gather_facts(self):
		"""Fill the system summaries from the records the app holds, as of now."""
		if not self.company:
			return
		currency = frappe.get_cached_value("Company", self.company, "default_currency")
		summaries = system_summaries(
			leadership_figures(self.company, today()),
			currency_format=lambda value: fmt_money(value, currency=currency),
		)
		for row in self.inputs:
			row.system_summary = summaries.get(row.input_code)
		self.facts_gathered_on = now_datetime()

	def validate_chair(self):
		if self.chair and not self.top_management_roles_of_employee(self.chair):
			frappe.throw(
				_("The chair {0} holds no top-management ISMS role in {1} on {2}.").format(
					frappe.bold(self.chair_name or self.chair),
					frappe.bold(self.company),
					frappe.format(self.review_date, "Date"),
				),
				exc=SignOffError,
				title=_("Chair Not Top Management"),
			)

	def set_attendee_roles(self):
		"""Each attendee's ISMS roles on the review date, and whether one is top management."""
		employees = [row.employee for row in self.attendees if row.employee]
		held = held_roles(employees, self.company, self.review_date)
		for row in self.attendees:
			roles = held.get(row.employee, [])
			row.isms_roles = ", ".join(name for name, _top in roles) or None
			row.top_management = int(any(top for _name, top in roles))
			if row.apologies:
				row.attended = 0

	def validate_decisions(self):
		for row in self.decisions:
			if row.decision_type == "Policy Change" and row.security_policy:
				company = frappe.db.get_value("Security Policy", row.security_policy, "company")
				if company != self.company:
					frappe.throw(
						_("Decision row {0}: policy {1} is not a policy of {2}.").format(
							row.idx, row.security_policy, self.company
						),
						title=_("Wrong Policy"),
					)

	def set_status(self):
		self.status = review_status(self.docstatus, self.workflow_state).value

	def validate_sign_off(self):
		problems = sign_off_problems(
			approver=frappe.session.user,
			attendees=[
				Attendee(row.user, bool(row.top_management), bool(row.attended) and not row.apologies)
				for row in self.attendees
			],
			inputs_without_summary=[
				row.input_code for row in self.inputs if not (row.discussion_summary or "").strip()
			],
			carried_without_note=[
				row.isms_action for row in self.carried_actions if not (row.status_note or "").strip()
			],
		)
		if problems:
			frappe.throw(
				"<br>".join(p.text(_) for p in problems),
				exc=SignOffError,
				title=_("Cannot Sign Off"),
			)
		approval.enforce(self, company=self.company, requesters=[self.prepared_by])

	def top_management_roles_of(self, user: str) -> list[str]:
		employee = frappe.db.get_value("Employee", {"user_id": user, "company": self.company}, "name")
		return self.top_management_roles_of_employee(employee) if employee else []

	def top_management_roles_of_employee(self, employee: str) -> list[str]:
		return [
			name
			for name, top in held_roles([employee], self.company, self.review_date).get(employee, [])
			if top
		]

	def create_actions(self):
		"""Each decision becomes an ISMS Action with a ToDo for its owner; a policy change
		opens the draft of the policy's next version."""
		for row in self.decisions:
			action = frappe.get_doc(
				{
					"doctype": "ISMS Action",
					"company": self.company,
					"management_review": self.name,
					"decision_type": row.decision_type,
					"description": row.description,
					"owner_employee": row.owner_employee,
					"due_date": row.due_date,
				}
			)
			action.flags.isms_system_update = True
			# Signed off by top management under the approval rule; the actions are the
			# record of their decisions and belong to the system, not to the signer's rights.
			action.insert(ignore_permissions=True)
			row.db_set("isms_action", action.name)
			owner = frappe.db.get_value("Employee", row.owner_employee, "user_id")
			if owner:
				# the system tells the owner of the action just created; owners read their actions
				assign(
					{
						"doctype": "ISMS Action",
						"name": action.name,
						"assign_to": [owner],
						"description": row.description,
						"date": row.due_date,
						"priority": "Medium",
					},
					ignore_permissions=True,
				)
			if row.decision_type == "Policy Change" and row.security_policy:
				policy = frappe.get_doc("Security Policy", row.security_policy)
				if policy.docstatus == 1 and policy.status == "Published":
					row.db_set(
						{"follow_up_doctype": "Security Policy", "follow_up": policy.make_new_version()}
					)
