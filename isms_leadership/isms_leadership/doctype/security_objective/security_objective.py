# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Information security objectives (6.2): planned, owned, approved by top management and
measured over time; their status follows from the measurements (core.practice)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, now_datetime, today

from isms_leadership.core.practice import Measurement, measurement_due
from isms_leadership.exceptions import ApprovedRecordChangeError, ObjectiveError
from isms_leadership.guards import approval, integrity
from isms_leadership.guards.records import returned_without_reason
from isms_leadership.permissions.rules import may_record_measurement
from isms_leadership.queries.practice import status_of


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
		approval.enforce(self, company=self.company, subjects=[self.owner_user])
		self.approved_by = frappe.session.user
		self.approved_on = now_datetime()
		if not self.measurements:
			self.measuring_since = getdate(today())
		self.set_status()

	def before_cancel(self):
		integrity.before_cancel(self)

	def onload(self):
		self.set_onload(
			"can_record", self.docstatus < 2 and may_record_measurement(self, frappe.session.user)
		)

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
		if returned_without_reason(self):
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
