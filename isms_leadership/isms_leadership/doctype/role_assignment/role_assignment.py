# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

from __future__ import annotations

import dataclasses

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, today

from isms_leadership.core.assignment import (
	CompetenceGap,
	Status,
	assignment_status,
	competence_gap,
	holding_lapse,
	overlapping,
)
from isms_leadership.exceptions import (
	CompetenceEvidenceError,
	ConflictingRoleError,
	EmployeeNotEligibleError,
	InvalidDeputyError,
	InvalidPeriodError,
	OverlappingAssignmentError,
)
from isms_leadership.guards import approval, integrity
from isms_leadership.guards.records import validate_attachments
from isms_leadership.integrations.user_roles import sync_desk_role
from isms_leadership.queries import appointments
from isms_leadership.settings import get_settings


class RoleAssignment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from isms_leadership.isms_leadership.doctype.isms_approval_step.isms_approval_step import (
			ISMSApprovalStep,
		)
		from isms_leadership.isms_leadership.doctype.isms_competence_evidence.isms_competence_evidence import (
			ISMSCompetenceEvidence,
		)

		accepted_by: DF.Link | None
		accepted_on: DF.Datetime | None
		amended_from: DF.Link | None
		approval_fingerprint: DF.Data | None
		approval_trail: DF.Table[ISMSApprovalStep]
		approved_by: DF.Link | None
		approved_by_bootstrap: DF.Check
		approved_on: DF.Datetime | None
		authorities: DF.Text | None
		company: DF.Link
		competence_evidence: DF.Table[ISMSCompetenceEvidence]
		department: DF.Link | None
		deputy: DF.Link | None
		deputy_name: DF.Data | None
		desk_role: DF.Data | None
		designation: DF.Link | None
		employee: DF.Link
		employee_name: DF.Data | None
		end_reason: DF.SmallText | None
		ended_on: DF.Date | None
		from_date: DF.Date
		handed_over_from: DF.Link | None
		is_top_management: DF.Check
		isms_role: DF.Link
		naming_series: DF.Literal["ISMS-RA-.YYYY.-"]
		requested_by: DF.Link | None
		responsibilities: DF.Text | None
		status: DF.Literal["Draft", "Pending Approval", "Scheduled", "Active", "Expiring", "Ended", "Vacated"]
		to_date: DF.Date | None
		user: DF.Link | None
		vacated: DF.Check
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		integrity.before_insert(self)

	def validate(self):
		validate_attachments(self)
		integrity.validate(self)
		self.set_grants()
		self.validate_dates()
		self.validate_employee()
		self.validate_deputy()
		self.validate_no_overlap()
		self.validate_no_conflicting_role()
		if self.workflow_state == "Pending Approval":
			self.validate_competence()
		self.set_status()

	def before_save(self):
		integrity.before_save(self)

	def before_submit(self):
		integrity.before_submit(self)
		# what the appointment grants is fixed now, from the records, whatever the request says
		self.set_grants()
		self.validate_competence()
		self.enforce_approval()
		self.set_status()

	def on_submit(self):
		sync_desk_role(self)

	def before_update_after_submit(self):
		integrity.before_update_after_submit(self)
		self.validate_dates()
		self.set_status()

	def on_update_after_submit(self):
		sync_desk_role(self)

	def before_cancel(self):
		integrity.before_cancel(self)
		self.enforce_end_rule()

	def on_cancel(self):
		self.db_set("status", Status.ENDED.value)
		sync_desk_role(self)

	# validations -----------------------------------------------------------------------

	def validate_dates(self):
		if self.to_date and getdate(self.to_date) < getdate(self.from_date):
			frappe.throw(
				_("To Date {0} is before From Date {1}.").format(
					frappe.bold(frappe.format(self.to_date, "Date")),
					frappe.bold(frappe.format(self.from_date, "Date")),
				),
				exc=InvalidPeriodError,
				title=_("Invalid Period"),
			)

	def validate_employee(self):
		status, company = frappe.db.get_value("Employee", self.employee, ["status", "company"]) or (
			None,
			None,
		)
		if company != self.company:
			frappe.throw(
				_("Employee {0} belongs to {1}, not to {2}.").format(
					frappe.bold(self.employee_label(self.employee)),
					frappe.bold(company),
					frappe.bold(self.company),
				),
				exc=EmployeeNotEligibleError,
				title=_("Wrong Company"),
			)
		if status != "Active":
			frappe.throw(
				_("Employee {0} is {1}; only an active employee can be appointed.").format(
					frappe.bold(self.employee_label(self.employee)), _(status or "")
				),
				exc=EmployeeNotEligibleError,
				title=_("Employee Not Active"),
			)

	def validate_deputy(self):
		if not self.deputy:
			return
		if self.deputy == self.employee:
			frappe.throw(
				_("{0} cannot be their own deputy.").format(frappe.bold(self.employee_label(self.employee))),
				exc=InvalidDeputyError,
				title=_("Invalid Deputy"),
			)
		status, company = frappe.db.get_value("Employee", self.deputy, ["status", "company"]) or (None, None)
		if status != "Active" or company != self.company:
			frappe.throw(
				_("Deputy {0} must be an active employee of {1}.").format(
					frappe.bold(self.employee_label(self.deputy)), frappe.bold(self.company)
				),
				exc=InvalidDeputyError,
				title=_("Invalid Deputy"),
			)

	def validate_no_overlap(self):
		clashes = overlapping(
			getdate(self.from_date),
			getdate(self.to_date) if self.to_date else None,
			appointments.approved_periods(self.employee, [self.isms_role], exclude=self.name),
		)
		if clashes:
			frappe.throw(
				_("{0} already holds {1} in an overlapping period: {2}.").format(
					frappe.bold(self.employee_label(self.employee)),
					frappe.bold(self.isms_role),
					", ".join(frappe.bold(name) for name in clashes),
				),
				exc=OverlappingAssignmentError,
				title=_("Overlapping Assignment"),
			)

	def validate_no_conflicting_role(self):
		conflicting = appointments.conflicting_roles(self.isms_role)
		if not conflicting:
			return
		clashes = overlapping(
			getdate(self.from_date),
			getdate(self.to_date) if self.to_date else None,
			[
				(f"{name}|{role}", start, end)
				for name, start, end, role in appointments.approved_periods(
					self.employee, conflicting, exclude=self.name, with_role=True
				)
			],
		)
		if clashes:
			name, role = clashes[0].split("|", 1)
			frappe.throw(
				_(
					"{0} holds {1} ({2}) in an overlapping period, and {1} conflicts with {3}: one person may not hold both (segregation of duties)."
				).format(
					frappe.bold(self.employee_label(self.employee)),
					frappe.bold(role),
					frappe.bold(name),
					frappe.bold(self.isms_role),
				),
				exc=ConflictingRoleError,
				title=_("Conflicting Roles"),
			)

	def validate_competence(self):
		if not frappe.get_cached_value("ISMS Role", self.isms_role, "requires_competence_evidence"):
			return
		on_date = max(getdate(self.from_date), getdate(today()))
		gap = competence_gap(
			True,
			[getdate(row.valid_until) if row.valid_until else None for row in self.competence_evidence],
			on_date,
		)
		if gap is CompetenceGap.MISSING:
			frappe.throw(
				_("{0} requires competence evidence: add at least one row under Competence.").format(
					frappe.bold(self.isms_role)
				),
				exc=CompetenceEvidenceError,
				title=_("Competence Evidence Missing"),
			)
		if gap is CompetenceGap.EXPIRED:
			frappe.throw(
				_("All competence evidence for {0} expired before {1}.").format(
					frappe.bold(self.isms_role), frappe.bold(frappe.format(on_date, "Date"))
				),
				exc=CompetenceEvidenceError,
				title=_("Competence Evidence Expired"),
			)

	def set_grants(self):
		"""The user, the top-management flag and the desk role this appointment grants, read
		from the Employee and the ISMS Role while it is a draft; fixed once approved."""
		before = self.get_doc_before_save()
		if before and before.docstatus.is_submitted():
			return
		self.user = frappe.db.get_value("Employee", self.employee, "user_id") if self.employee else None
		top, desk_role = (
			frappe.db.get_value("ISMS Role", self.isms_role, ["is_top_management", "desk_role"])
			if self.isms_role
			else None
		) or (0, None)
		self.is_top_management = int(top or 0)
		self.desk_role = desk_role

	def enforce_approval(self):
		decision = approval.enforce(
			self,
			company=self.company,
			requesters=[self.requested_by],
			subjects=[self.user, self.deputy_user()],
			bootstrap_possible=bool(self.is_top_management)
			and not appointments.company_has_top_management(self.company),
		)
		self.approved_by = frappe.session.user
		self.approved_on = now_datetime()
		self.approved_by_bootstrap = int(decision.bootstrap)

	def enforce_end_rule(self):
		"""Ending an appointment before its time (cancel, or hand-over of a top-management
		appointment) obeys the approval rule: a serving top-management holder of the company
		other than the holder decides; the holder may resign their own appointment."""
		if self.holder_resigns():
			return
		approval.enforce(self, company=self.company, subjects=[self.user], author=None)

	def deputy_user(self) -> str | None:
		return frappe.db.get_value("Employee", self.deputy, "user_id") if self.deputy else None

	def holder_resigns(self) -> bool:
		"""The session user is the holder fixed at approval and still serves in it (judged
		on the approved record: a cancel in progress already says docstatus 2)."""
		return bool(self.user) and self.user == frappe.session.user and not self.lapse(docstatus=1)

	def lapse(self, on_date=None, docstatus: int | None = None):
		"""Why this appointment is not held today (``core.assignment.holding_lapse``), or None."""
		facts = appointments.holding(self)
		if docstatus is not None:
			facts = dataclasses.replace(facts, docstatus=docstatus)
		return holding_lapse(facts, getdate(on_date or today()))

	# derived values --------------------------------------------------------------------

	def set_status(self):
		self.status = self.derive_status().value

	def derive_status(self, on_date=None) -> Status:
		return assignment_status(
			docstatus=self.docstatus,
			workflow_state=self.workflow_state,
			from_date=getdate(self.from_date),
			to_date=getdate(self.to_date) if self.to_date else None,
			vacated=bool(self.vacated),
			today=getdate(on_date or today()),
			lead_days=get_settings().reminder_lead_days,
		)

	@staticmethod
	def employee_label(employee):
		name = frappe.db.get_value("Employee", employee, "employee_name")
		return f"{name} ({employee})" if name and name != employee else employee

	def end(self, end_date, reason: str, vacated: bool = False):
		"""End an approved assignment on ``end_date`` (inclusive) and record why."""
		end_date = getdate(end_date)
		self.flags.isms_system_update = True
		if not self.to_date or getdate(self.to_date) > end_date:
			self.to_date = end_date
		self.ended_on = end_date
		self.end_reason = reason
		self.vacated = int(vacated)
		# The caller decided this end (an employee event, the daily job or a permitted
		# hand-over); the change is recorded as a new Version of the approved record.
		self.save(ignore_permissions=True)
