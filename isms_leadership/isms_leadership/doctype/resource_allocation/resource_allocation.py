# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""The security budget and people (7.1, 5.1 c), approved by top management and carried
out as lines of the ERPNext Budget of the cost center and fiscal year."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime

from isms_leadership.core.budget import (
	CATEGORIES,
	CATEGORY_TOTAL_FIELDS,
	Line,
	Share,
	invalid_amounts,
	invalid_share,
	money,
	over_allocations,
	totals_by_category,
)
from isms_leadership.exceptions import (
	ConcurrentApprovalError,
	SeparationOfDutiesError,
	TimeShareError,
)
from isms_leadership.guards import approval, integrity
from isms_leadership.integrations import budget as erpnext_budget
from isms_leadership.queries.budget import approved_shares
from isms_leadership.settings import get_settings

DRAFT_STATES = ("Draft", "Finance Review", "Pending Approval", "Rejected")


class ResourceAllocation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from isms_leadership.isms_leadership.doctype.isms_approval_step.isms_approval_step import (
			ISMSApprovalStep,
		)
		from isms_leadership.isms_leadership.doctype.resource_allocation_line.resource_allocation_line import (
			ResourceAllocationLine,
		)
		from isms_leadership.isms_leadership.doctype.resource_allocation_person.resource_allocation_person import (
			ResourceAllocationPerson,
		)

		amended_from: DF.Link | None
		approval_fingerprint: DF.Data | None
		approval_trail: DF.Table[ISMSApprovalStep]
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		budget: DF.Link | None
		budget_action: DF.Literal["Stop", "Warn"]
		company: DF.Link
		cost_center: DF.Link
		currency: DF.Link | None
		finance_reviewed_by: DF.Link | None
		fiscal_year: DF.Link
		justification: DF.TextEditor | None
		lines: DF.Table[ResourceAllocationLine]
		management_review: DF.Link | None
		naming_series: DF.Literal["ISMS-ALLOC-.YYYY.-"]
		people: DF.Table[ResourceAllocationPerson]
		purpose: DF.Data
		rejection_reason: DF.SmallText | None
		requested_by: DF.Link | None
		status: DF.Literal["Draft", "Finance Review", "Pending Approval", "Rejected", "Approved", "Cancelled"]
		total_amount: DF.Currency
		total_audit: DF.Currency
		total_external_services: DF.Currency
		total_other: DF.Currency
		total_personnel: DF.Currency
		total_tools: DF.Currency
		total_training: DF.Currency
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		integrity.before_insert(self)

	def validate(self):
		integrity.validate(self)
		self.set_defaults()
		self.validate_company_records()
		self.validate_accounts()
		self.validate_amounts()
		self.validate_people()
		self.set_totals()
		self.record_workflow_steps()
		self.set_status()

	def before_save(self):
		integrity.before_save(self)

	def before_submit(self):
		integrity.before_submit(self)
		self.validate_review_steps()
		# refuses before anything is written when the Budget cannot follow (a draft of finance)
		erpnext_budget.find_budget(self.company, self.cost_center, self.fiscal_year)
		approval.enforce(
			self,
			company=self.company,
			requesters=[self.requested_by],
			reviewers=[self.finance_reviewed_by],
		)
		self.approved_by = frappe.session.user
		self.approved_on = now_datetime()
		self.set_status()

	def on_submit(self):
		self.sync_budget(erpnext_budget.add_allocation)

	def before_update_after_submit(self):
		integrity.before_update_after_submit(self)

	def before_cancel(self):
		# acts on the allocation as stored: the Budget is reversed from the stored lines
		integrity.before_cancel(self)
		approval.enforce(self, company=self.company)

	def on_cancel(self):
		self.db_set("status", "Cancelled")
		self.sync_budget(erpnext_budget.take_back_allocation)

	# -------------------------------------------------------------------------------

	def set_defaults(self):
		settings = get_settings()
		if not self.cost_center:
			self.cost_center = settings.default_cost_center
		if not self.budget_action:
			self.budget_action = settings.default_budget_action

	def validate_company_records(self):
		if not (self.company and self.cost_center and self.fiscal_year):
			return  # the mandatory check reports what is missing
		erpnext_budget.check_cost_center_and_year(self.company, self.cost_center, self.fiscal_year)

	def validate_accounts(self):
		erpnext_budget.check_expense_accounts(self.company, self.lines)

	def validate_amounts(self):
		if not self.lines:
			frappe.throw(_("Add at least one budget line."), title=_("No Budget Lines"))
		rows = invalid_amounts(self.budget_lines())
		if rows:
			frappe.throw(
				_("Amounts must be greater than zero (rows {0}).").format(", ".join(map(str, rows))),
				title=_("Invalid Amount"),
			)

	def validate_people(self):
		shares = []
		for row in self.people:
			share = Share(
				row.employee,
				float(row.time_share or 0),
				getdate(row.from_date),
				getdate(row.to_date) if row.to_date else None,
				self.name,
			)
			problem = invalid_share(share)
			if problem == "percent":
				frappe.throw(
					_(
						"People row {0}: the share of working time must be more than 0% and at most 100%."
					).format(row.idx),
					exc=TimeShareError,
					title=_("Invalid Time Share"),
				)
			if problem == "dates":
				frappe.throw(
					_("People row {0}: the end date is before the start date.").format(row.idx),
					exc=TimeShareError,
					title=_("Invalid Dates"),
				)
			shares.append(share)
		if not shares:
			return
		for found in over_allocations(shares, approved_shares({s.employee for s in shares}, self.name)):
			others = [s for s in found.sources if s and s != self.name]
			frappe.throw(
				_(
					"{0} would give {1}% of their working time to the ISMS on {2}, more than all of it. Approved allocations: {3}."
				).format(
					frappe.bold(
						frappe.db.get_value("Employee", found.employee, "employee_name") or found.employee
					),
					found.percent,
					frappe.format(found.on_date, "Date"),
					", ".join(others) or _("none"),
				),
				exc=TimeShareError,
				title=_("Over 100% of Working Time"),
			)

	def set_totals(self):
		by_category = totals_by_category(self.budget_lines())
		for category, field in CATEGORY_TOTAL_FIELDS.items():
			self.set(field, by_category.get(category, 0))
		self.total_amount = money(sum(by_category.values()))

	def record_workflow_steps(self):
		"""Who sent it and who reviewed it come from the approval trail (``integrity``)."""
		if not self.has_value_changed("workflow_state"):
			return
		user = frappe.session.user
		if self.workflow_state == "Pending Approval":
			if self.finance_reviewed_by == self.requested_by:
				frappe.throw(
					_("{0} sent this allocation to finance and cannot also do its finance review.").format(
						user
					),
					exc=SeparationOfDutiesError,
					title=_("Separation of Duties"),
				)
		elif self.workflow_state == "Rejected" and not (self.rejection_reason or "").strip():
			frappe.throw(
				_("Say why the allocation is rejected: fill in Rejection Reason."), title=_("Reason Needed")
			)

	def validate_review_steps(self):
		if not self.requested_by or not self.finance_reviewed_by:
			frappe.throw(
				_("An allocation is approved after its finance review: send it to finance first."),
				exc=SeparationOfDutiesError,
				title=_("Finance Review Missing"),
			)

	def set_status(self):
		if self.docstatus == 2:
			self.status = "Cancelled"
		elif self.docstatus == 1:
			self.status = "Approved"
		else:
			self.status = self.workflow_state if self.workflow_state in DRAFT_STATES else "Draft"

	def budget_lines(self) -> list[Line]:
		return [Line(row.category, row.account, row.amount) for row in self.lines]

	def sync_budget(self, change):
		try:
			budget = change(self)
		except (frappe.QueryDeadlockError, frappe.QueryTimeoutError, frappe.TimestampMismatchError):
			# Two approvals of the same Budget at one moment: the database chose this one to
			# give way; nothing of it was written. Say so instead of a raw server error.
			frappe.throw(
				_("Another approval was being recorded on Budget of {0} at the same time: try again.").format(
					frappe.bold(self.cost_center)
				),
				exc=ConcurrentApprovalError,
				title=_("Try Again"),
			)
		erpnext_budget.point_allocations_at(budget, self.company, self.cost_center, self.fiscal_year)
		self.budget = budget
