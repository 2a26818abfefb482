# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Information security objectives (6.2): planned, owned, approved by top management and
measured over time; their status follows from the measurements (core.practice)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as assign
from frappe.model.document import Document
from frappe.utils import flt, getdate, now_datetime, today
from frappe.utils.html_utils import sanitize_html

from isms_leadership import approvals, integrity
from isms_leadership.core.practice import Measurement, measurement_due
from isms_leadership.exceptions import ApprovedRecordChangeError, ObjectiveError
from isms_leadership.practice import status_of


class SecurityObjective(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from isms_leadership.isms_leadership.doctype.isms_approval_step.isms_approval_step import (
			ISMSApprovalStep,
		)
		from isms_leadership.isms_leadership.doctype.security_objective_measurement.security_objective_measurement import (
			SecurityObjectiveMeasurement,
		)

		amended_from: DF.Link | None
		approval_fingerprint: DF.Data | None
		approval_trail: DF.Table[ISMSApprovalStep]
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		company: DF.Link
		direction: DF.Literal["Higher is better", "Lower is better"]
		due_date: DF.Date
		evaluation: DF.SmallText
		latest_measured_on: DF.Date | None
		latest_value: DF.Float
		measurement_frequency: DF.Literal["Monthly", "Quarterly", "Half-yearly", "Yearly"]
		measurement_reminder: DF.Data | None
		measurements: DF.Table[SecurityObjectiveMeasurement]
		measuring_since: DF.Date | None
		metric: DF.Data
		next_measurement_due: DF.Date | None
		objective: DF.Data
		owner_employee: DF.Link
		owner_name: DF.Data | None
		owner_user: DF.Link | None
		plan: DF.SmallText
		resources: DF.SmallText | None
		return_reason: DF.SmallText | None
		security_policy: DF.Link | None
		status: DF.Literal["Not measured", "On track", "At risk", "Off track", "Achieved"]
		target: DF.Float
		tolerance: DF.Percent
		unit: DF.Data | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		integrity.before_insert(self)

	def validate(self):
		integrity.validate(self)
		self.validate_company_links()
		self.validate_measurements()
		self.validate_return_reason()
		if not self.measuring_since:
			self.measuring_since = getdate(self.creation or today())
		self.set_status()

	def before_save(self):
		integrity.before_save(self)

	def before_submit(self):
		integrity.before_submit(self)
		approvals.enforce(self, company=self.company, subjects=[self.owner_user])
		self.approved_by = frappe.session.user
		self.approved_on = now_datetime()
		if not self.measurements:
			self.measuring_since = getdate(today())
		self.set_status()

	def before_cancel(self):
		integrity.before_cancel(self)

	def onload(self):
		self.set_onload("can_record", self.docstatus < 2 and can_record(self, frappe.session.user))

	def before_update_after_submit(self):
		integrity.before_update_after_submit(self)
		self.validate_measurements_kept()
		self.validate_measurements()
		self.set_status()

	# -------------------------------------------------------------------------------

	def validate_company_links(self):
		if self.security_policy:
			company = frappe.db.get_value("Security Policy", self.security_policy, "company")
			if company != self.company:
				frappe.throw(
					_("Policy {0} is not a policy of {1}.").format(self.security_policy, self.company),
					exc=ObjectiveError,
					title=_("Wrong Policy"),
				)
		if self.owner_employee:
			company = frappe.db.get_value("Employee", self.owner_employee, "company")
			if company != self.company:
				frappe.throw(
					_("The owner {0} is not an employee of {1}.").format(
						self.owner_name or self.owner_employee, self.company
					),
					exc=ObjectiveError,
					title=_("Wrong Owner"),
				)
		if self.due_date and getdate(self.due_date) < getdate(self.creation or today()):
			frappe.throw(_("The due date is before the objective was set."), exc=ObjectiveError)

	def validate_measurements(self):
		for row in self.measurements:
			if getdate(row.measured_on) > getdate(today()):
				frappe.throw(
					_("Measurement row {0}: {1} is in the future.").format(
						row.idx, frappe.format(row.measured_on, "Date")
					),
					exc=ObjectiveError,
					title=_("Invalid Measurement"),
				)
			if not row.recorded_by:
				row.recorded_by = frappe.session.user
		self.measurements.sort(key=lambda row: getdate(row.measured_on))
		for i, row in enumerate(self.measurements, start=1):
			row.idx = i

	def validate_measurements_kept(self):
		"""Measurements of an approved objective are added, never changed or removed."""
		before = self.get_doc_before_save()
		if not before:
			return
		now = {row.name: row for row in self.measurements}
		for old in before.measurements:
			new = now.get(old.name)
			if (
				not new
				or getdate(new.measured_on) != getdate(old.measured_on)
				or flt(new.value) != flt(old.value)
			):
				frappe.throw(
					_(
						"The measurement of {0} is part of the approved objective's record and cannot be changed or removed; record a new measurement instead."
					).format(frappe.format(old.measured_on, "Date")),
					exc=ApprovedRecordChangeError,
					title=_("Measurement Kept"),
				)

	def validate_return_reason(self):
		before = self.get_doc_before_save()
		if (
			before
			and before.workflow_state == "Pending Approval"
			and self.workflow_state == "Draft"
			and not (self.return_reason or "").strip()
		):
			frappe.throw(
				_("Say why the objective goes back to draft: fill in Reason for Return."),
				exc=ObjectiveError,
				title=_("Reason Needed"),
			)

	def measurement_list(self) -> list[Measurement]:
		return [Measurement(getdate(row.measured_on), flt(row.value)) for row in self.measurements]

	def set_status(self):
		rows = self.measurement_list()
		self.status = status_of(self, rows, today())
		self.latest_value = rows[-1].value if rows else None
		self.latest_measured_on = rows[-1].day if rows else None
		self.next_measurement_due = measurement_due(
			rows, getdate(self.measuring_since or today()), self.measurement_frequency
		)


# whitelisted --------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def record_measurement(objective: str, measured_on: str, value, note: str | None = None) -> dict:
	"""The objective's owner or an ISMS Manager records a measurement. Returns the status."""
	# a row added after approval escapes Frappe's own sanitising: clean the text here
	note = sanitize_html(note) if note else note
	doc = frappe.get_doc("Security Objective", objective)
	doc.check_permission("read")
	if not can_record(doc, frappe.session.user):
		frappe.throw(
			_("Only the owner of the objective or an ISMS Manager records its measurements."),
			frappe.PermissionError,
		)
	if doc.docstatus == 2:
		frappe.throw(_("The objective is cancelled."), exc=ObjectiveError)
	try:
		value = float(value)
	except (TypeError, ValueError):
		frappe.throw(_("The value must be a number."), exc=ObjectiveError, title=_("Invalid Measurement"))
	doc.append(
		"measurements",
		{
			"measured_on": getdate(measured_on),
			"value": value,
			"note": note,
			"recorded_by": frappe.session.user,
		},
	)
	doc.measurement_reminder = None
	# The caller was checked above: the owner of the objective or an ISMS Manager; only a
	# measurement row is added (existing rows cannot change, see validate_measurements_kept).
	doc.flags.ignore_permissions = True
	doc.flags.isms_system_update = True
	doc.save()
	return {
		"status": doc.status,
		"latest_value": doc.latest_value,
		"next_measurement_due": doc.next_measurement_due,
	}


def can_record(doc, user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return bool({"ISMS Manager", "System Manager"} & roles) or (
		bool(doc.owner_user) and doc.owner_user == user
	)


# permissions --------------------------------------------------------------------------

FULL_READ_ROLES = frozenset({"System Manager", "ISMS Manager", "ISMS Top Management", "ISMS Auditor"})


def has_permission(doc, ptype=None, user=None):
	"""Employees read the objectives they own."""
	user = user or frappe.session.user
	if FULL_READ_ROLES & set(frappe.get_roles(user)):
		return None
	if ptype not in (None, "read", "print"):
		return False
	return bool(doc.owner_user) and doc.owner_user == user


def get_permission_query_conditions(user=None):
	user = user or frappe.session.user
	if FULL_READ_ROLES & set(frappe.get_roles(user)):
		return ""
	return f"`tabSecurity Objective`.`owner_user` = {frappe.db.escape(user)}"


# daily --------------------------------------------------------------------------------


def update_objectives() -> list[str]:
	"""Daily: bring the status of approved objectives up to date, and when a measurement is
	overdue give its owner and the ISMS Managers a ToDo, once per due date. Returns the
	objectives reminded."""
	from isms_leadership.integrations.employee import users_with_role
	from isms_leadership.practice import approved_objectives, measurements_of

	day = getdate(today())
	objectives = approved_objectives()
	measured = measurements_of([o.name for o in objectives])
	managers = users_with_role("ISMS Manager")
	reminded = []
	for o in objectives:
		rows = measured.get(o.name, [])
		status = status_of(o, rows, day)
		due = measurement_due(rows, getdate(o.measuring_since or o.creation), o.measurement_frequency)
		changes = {}
		if status != o.status:
			changes["status"] = status
		if str(due) != str(o.next_measurement_due or ""):
			changes["next_measurement_due"] = due
		if due < day and o.measurement_reminder != str(due):
			assignees = sorted({*managers, *([o.owner_user] if o.owner_user else [])})
			if assignees:
				# Raised by the system for the owner and the ISMS Managers, who read the
				# objective; an open ToDo of the same user on the same objective is not repeated.
				assign(
					{
						"doctype": "Security Objective",
						"name": o.name,
						"assign_to": assignees,
						"description": _("The measurement of objective {0} was due on {1}.").format(
							o.objective, frappe.format(due, "Date")
						),
						"date": due,
						"priority": "High",
					},
					ignore_permissions=True,
				)
			changes["measurement_reminder"] = str(due)
			reminded.append(o.name)
		if changes:
			frappe.db.set_value("Security Objective", o.name, changes, update_modified=False)
	return reminded
