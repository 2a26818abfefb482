# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""The management body statement (NIS2 Article 20, DORA Article 5): for a company and a period,
what top management approved, the reviews it held, the training its members followed and the
gaps still open, signed off by top management under the app's approval rule.

The lines are gathered from the records while the statement is a draft (each save, and the
sending for approval); from then on they are part of the approved content and its fingerprint."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime

from isms_leadership.core.statements import ANSWERS, STATEMENT_FRAMEWORKS, ordered_lines, period_refusal
from isms_leadership.exceptions import StatementError
from isms_leadership.guards import approval, integrity
from isms_leadership.guards.records import returned_without_reason
from isms_leadership.queries.statements import statement_lines

STATUS = {
	"Draft": "Draft",
	"Pending Approval": "Pending Approval",
	"Approved": "Approved",
	"Withdrawn": "Withdrawn",
}


class ManagementBodyStatement(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from isms_leadership.isms_leadership.doctype.isms_approval_step.isms_approval_step import (
			ISMSApprovalStep,
		)
		from isms_leadership.isms_leadership.doctype.management_body_statement_line.management_body_statement_line import (
			ManagementBodyStatementLine,
		)

		amended_from: DF.Link | None
		approval_fingerprint: DF.Data | None
		approval_trail: DF.Table[ISMSApprovalStep]
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		company: DF.Link
		framework: DF.Literal["NIS2", "DORA"]
		from_date: DF.Date
		gathered_on: DF.Datetime | None
		lines: DF.Table[ManagementBodyStatementLine]
		requested_by: DF.Link | None
		return_reason: DF.SmallText | None
		statement: DF.TextEditor | None
		status: DF.Literal["Draft", "Pending Approval", "Approved", "Withdrawn"]
		title: DF.Data
		to_date: DF.Date
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		integrity.before_insert(self)

	def validate(self):
		integrity.validate(self)
		self.validate_period()
		self.validate_return_reason()
		if self.gathering():
			self.gather()
		self.set_status()

	def before_save(self):
		integrity.before_save(self)

	def before_submit(self):
		integrity.before_submit(self)
		approval.enforce(self, company=self.company, requesters=[self.requested_by])
		self.approved_by = frappe.session.user
		self.approved_on = now_datetime()
		self.set_status()

	def before_update_after_submit(self):
		integrity.before_update_after_submit(self)
		self.set_status()

	def before_cancel(self):
		integrity.before_cancel(self)
		approval.enforce(self, company=self.company, author=None)
		self.status = STATUS["Withdrawn"]

	# -------------------------------------------------------------------------------

	def validate_period(self):
		if self.framework not in STATEMENT_FRAMEWORKS:
			frappe.throw(_("A statement is made for NIS2 or DORA."), exc=StatementError)
		refusal = period_refusal(
			getdate(self.from_date) if self.from_date else None,
			getdate(self.to_date) if self.to_date else None,
		)
		if refusal:
			frappe.throw(_(refusal), exc=StatementError, title=_("Invalid Period"))

	def validate_return_reason(self):
		if returned_without_reason(self):
			frappe.throw(
				_("Say why the statement goes back to draft: fill in Reason for Return."),
				exc=StatementError,
				title=_("Reason Needed"),
			)

	def gathering(self) -> bool:
		"""A draft, or a draft being sent for approval: what it says comes from the records."""
		before = self.get_doc_before_save()
		return self.docstatus == 0 and (before is None or before.workflow_state in (None, "", "Draft"))

	def gather(self):
		"""Read the lines from the records, as the server sees them (a request cannot bring its
		own), and clean their text as Frappe will store it, so that the fingerprint holds."""
		lines = statement_lines(
			self.company, self.framework, getdate(self.from_date), getdate(self.to_date), _
		)
		self.set("lines", [line.as_row() for line in ordered_lines(lines)])
		for row in self.lines:
			row._sanitize_content()
		self.gathered_on = now_datetime()
		if not (self.statement or "").strip():
			self.statement = "<p>{}</p>".format(
				frappe.utils.escape_html(
					_(
						"The management body of {0} approved the measures and records listed below, held the reviews and followed the training listed below, and knows of the open gaps listed below, for the period {1} to {2} ({3})."
					).format(
						self.company,
						frappe.format(self.from_date, "Date"),
						frappe.format(self.to_date, "Date"),
						_(ANSWERS[self.framework]),
					)
				)
			)
		# Frappe sanitises what it stores after the fingerprint is taken: store it as sanitised
		self._sanitize_content()

	def set_status(self):
		if self.docstatus == 2:
			self.status = STATUS["Withdrawn"]
		elif self.docstatus == 1:
			self.status = STATUS["Approved"]
		else:
			self.status = STATUS.get(self.workflow_state or "Draft", "Draft")
