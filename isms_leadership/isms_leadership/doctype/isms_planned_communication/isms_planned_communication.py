# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""One row of the communication plan (7.4): what, to whom, when, how and who is responsible."""

from __future__ import annotations

from frappe.model.document import Document

from isms_leadership.queries.practice import last_communications, plan_row_state


class ISMSPlannedCommunication(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		active: DF.Check
		audience: DF.Literal[
			"All employees", "Departments", "ISMS role holders", "Top management", "External parties"
		]
		audience_detail: DF.Data | None
		channel: DF.Literal[
			"Email", "Newsletter", "Meeting", "Intranet", "Training session", "Notice board", "Other"
		]
		company: DF.Link
		event: DF.Literal[
			"",
			"Policy published",
			"Management review signed off",
			"Objective approved",
			"Role appointed",
			"Security incident",
		]
		frequency: DF.Literal["", "Monthly", "Quarterly", "Half-yearly", "Yearly"]
		last_communicated_on: DF.Date | None
		next_due: DF.Date | None
		overdue: DF.Check
		planned_since: DF.Date
		responsible_role: DF.Link
		trigger: DF.Literal["Frequency", "Event"]
		what: DF.Data

	# end: auto-generated types
	def validate(self):
		if self.trigger == "Frequency":
			self.event = None
		else:
			self.frequency = None
		if self.is_new():
			last = None
		else:
			last = last_communications([self.name]).get(self.name)
		self.update(plan_row_state(self, last))

	def refresh_state(self) -> dict:
		"""Store when this planned communication last happened and when it is next due
		(after a communication was recorded, changed or deleted)."""
		state = plan_row_state(self, last_communications([self.name]).get(self.name))
		self.db_set(state, update_modified=False)
		return state
