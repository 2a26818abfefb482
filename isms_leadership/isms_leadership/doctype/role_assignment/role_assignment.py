# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

from __future__ import annotations

import dataclasses

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, today

from isms_leadership import approvals, integrity
from isms_leadership.core.assignment import (
	HELD,
	CompetenceGap,
	Status,
	assignment_status,
	competence_gap,
	holding_lapse,
	may_end_early,
	overlapping,
	roles_to_revoke,
)
from isms_leadership.exceptions import (
	ApprovalRefusedError,
	ApprovedRecordChangeError,
	CompetenceEvidenceError,
	ConflictingRoleError,
	EmployeeNotEligibleError,
	InvalidDeputyError,
	InvalidPeriodError,
	OverlappingAssignmentError,
)
from isms_leadership.records import validate_attachments

#: desk roles that see every assignment; anyone else sees only their own
FULL_ACCESS_ROLES = frozenset(
	{"System Manager", "HR User", "HR Manager", "ISMS Manager", "ISMS Top Management", "ISMS Auditor"}
)


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
			self.approved_periods(self.isms_role),
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
		conflicting = conflicting_roles(self.isms_role)
		if not conflicting:
			return
		clashes = overlapping(
			getdate(self.from_date),
			getdate(self.to_date) if self.to_date else None,
			[
				(f"{name}|{role}", start, end)
				for name, start, end, role in self.approved_periods(conflicting, with_role=True)
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
		decision = approvals.enforce(
			self,
			company=self.company,
			requesters=[self.requested_by],
			subjects=[self.user, self.deputy_user()],
			bootstrap_possible=bool(self.is_top_management)
			and not approvals.company_has_top_management(self.company),
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
		approvals.enforce(self, company=self.company, subjects=[self.user], author=None)

	def deputy_user(self) -> str | None:
		return frappe.db.get_value("Employee", self.deputy, "user_id") if self.deputy else None

	def holder_resigns(self) -> bool:
		"""The session user is the holder fixed at approval and still serves in it (judged
		on the approved record: a cancel in progress already says docstatus 2)."""
		return bool(self.user) and self.user == frappe.session.user and not self.lapse(docstatus=1)

	def lapse(self, on_date=None, docstatus: int | None = None):
		"""Why this appointment is not held today (``core.assignment.holding_lapse``), or None."""
		facts = approvals.holding(self)
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
			lead_days=lead_days(),
		)

	# helpers ---------------------------------------------------------------------------

	def approved_periods(self, roles, with_role=False):
		"""Approved assignments of this employee to ``roles`` (name, from, to[, role])."""
		rows = frappe.get_all(
			"Role Assignment",
			filters={
				"employee": self.employee,
				"isms_role": ["in", roles if isinstance(roles, list | tuple | set) else [roles]],
				"docstatus": 1,
				"name": ["!=", self.name or ""],
			},
			fields=["name", "from_date", "to_date", "isms_role"],
		)
		return [
			(
				r.name,
				getdate(r.from_date),
				getdate(r.to_date) if r.to_date else None,
				*([r.isms_role] if with_role else []),
			)
			for r in rows
		]

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


def lead_days() -> int:
	return frappe.db.get_single_value("ISMS Settings", "reminder_lead_days") or 0


def conflicting_roles(isms_role: str) -> list[str]:
	"""Roles that conflict with ``isms_role``, read from both sides of the conflict table."""
	rows = frappe.get_all(
		"ISMS Role Conflict",
		filters={"parenttype": "ISMS Role"},
		or_filters={"parent": isms_role, "isms_role": isms_role},
		fields=["parent", "isms_role"],
	)
	return sorted({r.isms_role if r.parent == isms_role else r.parent for r in rows} - {isms_role})


# desk roles -------------------------------------------------------------------------


def held_desk_roles(user: str, exclude: str | None = None) -> set[str]:
	"""Desk roles granted to ``user`` by appointments they serve in today (other than
	``exclude``), as fixed at their approval."""
	query, ra = approvals.held_by_user(user)
	query = query.select(ra.desk_role).distinct().where(ra.desk_role.isnotnull())
	if exclude:
		query = query.where(ra.name != exclude)
	return {r for r in query.run(pluck=True) if r}


def sync_desk_role(assignment) -> None:
	"""Grant the desk role fixed at approval to the user fixed at approval while they serve
	in the appointment; take it back when no appointment they serve in grants it."""
	desk_role, user = assignment.desk_role, assignment.user
	if not desk_role or not user or not frappe.db.exists("User", user):
		return
	serves = assignment.docstatus == 1 and assignment.derive_status() in HELD and not assignment.lapse()
	user_doc = frappe.get_doc("User", user)
	current = {r.role for r in user_doc.roles}
	if serves:
		if desk_role not in current:
			set_user_roles(user_doc, add=[desk_role])
			assignment.add_comment(
				"Info", _("Desk role {0} granted to {1}.").format(frappe.bold(desk_role), frappe.bold(user))
			)
		return
	revoke = roles_to_revoke([desk_role], held_desk_roles(user, exclude=assignment.name)) & current
	if revoke:
		set_user_roles(user_doc, remove=sorted(revoke))
		assignment.add_comment(
			"Info", _("Desk role {0} removed from {1}.").format(frappe.bold(desk_role), frappe.bold(user))
		)


def set_user_roles(user_doc, add=(), remove=()):
	if add:
		user_doc.append_roles(*add)
	if remove:
		user_doc.set("roles", [r for r in user_doc.roles if r.role not in set(remove)])
	# Roles follow approved ISMS appointments: the approval (or the employee event / daily
	# job acting on recorded facts) is the authority, not the session user's User rights.
	user_doc.flags.ignore_permissions = True
	user_doc.save()


# permissions ------------------------------------------------------------------------


def has_full_access(user: str) -> bool:
	return bool(FULL_ACCESS_ROLES & set(frappe.get_roles(user)))


def has_permission(doc, ptype=None, user=None):
	"""Employees without an ISMS or HR role see only assignments where they are the appointee."""
	user = user or frappe.session.user
	if has_full_access(user):
		return None
	return frappe.db.get_value("Employee", doc.employee, "user_id") == user


def get_permission_query_conditions(user=None):
	user = user or frappe.session.user
	if has_full_access(user):
		return ""
	return f"`tabRole Assignment`.`employee` in (select `name` from `tabEmployee` where `user_id` = {frappe.db.escape(user)})"


# actions ----------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def accept(assignment: str) -> str:
	"""The appointee accepts their approved assignment. Returns the acceptance time."""
	doc = frappe.get_doc("Role Assignment", assignment)
	doc.check_permission("read")
	if not doc.user or doc.user != frappe.session.user:
		frappe.throw(
			_("Only {0}, the user this assignment was approved for, can accept it.").format(
				frappe.bold(doc.user or doc.employee)
			),
			exc=frappe.PermissionError,
			title=_("Not Permitted"),
		)
	lapse = doc.lapse()
	if doc.docstatus != 1 or doc.derive_status() not in (Status.SCHEDULED, Status.ACTIVE, Status.EXPIRING):
		frappe.throw(
			_("Only an approved assignment that has not ended can be accepted."), title=_("Cannot Accept")
		)
	if lapse and doc.derive_status() is not Status.SCHEDULED:
		frappe.throw(
			_("This assignment cannot be accepted: {0}.").format(approvals.lapse_message(lapse)),
			exc=frappe.PermissionError,
			title=_("Cannot Accept"),
		)
	if doc.accepted_on:
		return str(doc.accepted_on)
	doc.flags.isms_system_update = True
	doc.accepted_on = now_datetime()
	doc.accepted_by = frappe.session.user
	# The appointee was checked above; acceptance is the one fact they record on their own
	# approved assignment, and it is kept as a Version of the record.
	doc.save(ignore_permissions=True)
	return str(doc.accepted_on)


@frappe.whitelist(methods=["POST"])
def hand_over(assignment: str, to_employee: str, handover_date: str | None = None) -> str:
	"""End a held assignment and open a draft of the same role for ``to_employee``.

	The hand-over day is today or later. A top-management appointment is handed over by its
	holder, or by a serving top-management holder of the company under the approval rule;
	any other by a user who may change and create assignments. Returns the new draft's name.
	"""
	doc = frappe.get_doc("Role Assignment", assignment)
	doc.check_permission("read")
	day = getdate(handover_date or today())
	if not may_end_early(getdate(today()), day):
		frappe.throw(
			_("A hand-over takes effect today or later, not on {0}: the past stays as it was.").format(
				frappe.bold(frappe.format(day, "Date"))
			),
			exc=InvalidPeriodError,
			title=_("Cannot Hand Over"),
		)
	lapse = doc.lapse()
	if doc.docstatus != 1 or doc.derive_status() not in HELD or lapse:
		frappe.throw(
			_("Only an active assignment can be handed over{0}.").format(
				": " + approvals.lapse_message(lapse) if lapse else ""
			),
			title=_("Cannot Hand Over"),
		)
	if to_employee == doc.employee:
		frappe.throw(
			_("Hand the role over to another employee."), exc=InvalidDeputyError, title=_("Cannot Hand Over")
		)
	if doc.is_top_management:
		doc.enforce_end_rule()
	else:
		doc.check_permission("write")
		frappe.has_permission("Role Assignment", "create", throw=True)
	successor = frappe.get_doc(
		{
			"doctype": "Role Assignment",
			"employee": to_employee,
			"company": doc.company,
			"isms_role": doc.isms_role,
			"from_date": day,
			"to_date": doc.to_date if doc.to_date and getdate(doc.to_date) > day else None,
			"responsibilities": doc.responsibilities,
			"authorities": doc.authorities,
			"handed_over_from": doc.name,
		}
	)
	successor.flags.isms_system_update = True  # handed_over_from is the server's to write
	# The caller was checked above (the holder, the approval rule, or create rights); the
	# successor's draft grants nothing until top management approves it.
	successor.insert(ignore_permissions=True)
	doc.end(day, _("Handed over to {0} in {1}.").format(to_employee, successor.name))
	return successor.name


# scheduler --------------------------------------------------------------------------


def update_statuses() -> dict[str, int]:
	"""Daily: move approved assignments to the status their dates give today, and make
	desk roles follow (scheduled ones start, expired ones end). Idempotent."""
	changed = {}
	rows = frappe.get_all(
		"Role Assignment",
		filters={"docstatus": 1, "status": ["not in", [Status.ENDED.value, Status.VACATED.value]]},
		fields=["name", "status", "from_date", "to_date", "vacated"],
	)
	day, days = getdate(today()), lead_days()
	for row in rows:
		status = assignment_status(
			docstatus=1,
			workflow_state=None,
			from_date=getdate(row.from_date),
			to_date=getdate(row.to_date) if row.to_date else None,
			vacated=bool(row.vacated),
			today=day,
			lead_days=days,
		)
		if status.value == row.status:
			continue
		doc = frappe.get_doc("Role Assignment", row.name)
		if status is Status.ENDED:
			doc.flags.isms_system_update = True
			doc.ended_on = doc.to_date
			doc.end_reason = doc.end_reason or _("The appointment period ended.")
			doc.status = status.value
			# derived status and end facts of an approved record, recorded as a Version
			doc.save(ignore_permissions=True)
		else:
			doc.db_set("status", status.value)
			sync_desk_role(doc)
		changed[row.name] = status.value
	return changed
