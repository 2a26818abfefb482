# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Employees acknowledge the policies meant for them (A.5.1, 7.3, 7.4).

Acknowledgements are made by the system when a version is published (``run_campaign``) and
changed only by their own employee acknowledging (``acknowledge``) or by the daily job that
marks them overdue. Nobody edits them in the form.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from isms_leadership import ack_counts
from isms_leadership.core.policy import (
	acknowledgement_status,
	still_employed,
)
from isms_leadership.exceptions import AcknowledgementError


class PolicyAcknowledgement(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acknowledged_on: DF.Datetime | None
		carried_over_from: DF.Link | None
		company: DF.Link | None
		due_date: DF.Date | None
		employee: DF.Link
		employee_name: DF.Data | None
		policy_title: DF.Data | None
		security_policy: DF.Link
		status: DF.Literal["Pending", "Acknowledged", "Overdue", "Not Required"]
		user: DF.Link | None
		version: DF.Int
	# end: auto-generated types

	def validate(self):
		if not self.flags.isms_system_update:
			frappe.throw(
				_(
					"Acknowledgements are created when a policy is published and changed only by acknowledging."
				),
				exc=AcknowledgementError,
				title=_("Not Editable"),
			)
		self.set_status()

	def after_insert(self):
		ack_counts.shift(self.security_policy, None, self.status, without_user=not self.user)

	def on_update(self):
		before = self.get_doc_before_save()
		if before:
			ack_counts.shift(self.security_policy, before.status, self.status, without_user=not before.user)

	def on_trash(self):
		frappe.throw(
			_("An acknowledgement is evidence and cannot be deleted."),
			exc=AcknowledgementError,
			title=_("Not Deletable"),
		)

	def set_status(self, on_date=None):
		day = getdate(on_date or today())
		status, relieving_date = frappe.db.get_value(
			"Employee", self.employee, ["status", "relieving_date"]
		) or (None, None)
		self.status = acknowledgement_status(
			self.acknowledged_on,
			getdate(self.due_date) if self.due_date else None,
			day,
			employed=still_employed(status, getdate(relieving_date) if relieving_date else None, day),
		).value


def on_doctype_update():
	frappe.db.add_unique("Policy Acknowledgement", ["security_policy", "employee"])
	frappe.db.add_index("Policy Acknowledgement", ["user", "status"])
	# covers the counts by policy and status (Policy Register, Leadership Evidence, the policy
	# form): read from the index alone, never from the rows
	frappe.db.add_index("Policy Acknowledgement", ["security_policy", "status"])
	# the daily recount of the kept counts, those without a user included, from the index alone
	frappe.db.add_index("Policy Acknowledgement", ["security_policy", "user", "status"])
