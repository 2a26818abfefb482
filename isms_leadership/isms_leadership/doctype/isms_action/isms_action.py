# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Actions decided by management reviews (9.3.3, 10.1), followed up to their close."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.form.assign_to import close_all_assignments
from frappe.model.document import Document
from frappe.utils import getdate, today

from isms_leadership.core.review import CLOSED, ActionStatus, action_status, is_overdue
from isms_leadership.exceptions import ActionChangeError
from isms_leadership.guards.records import validate_attachments
from isms_leadership.permissions import is_isms_manager

#: roles that manage every action; owners without them report progress on their own
#: what an owner may change on their own action
OWNER_FIELDS = frozenset({"progress_note", "completed_on", "completion_note", "evidence"})
#: what nobody changes once the action exists
FIXED_FIELDS = ("company", "management_review", "decision_type")


class ISMSAction(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		cancellation_reason: DF.SmallText | None
		cancelled: DF.Check
		closed_by: DF.Link | None
		closed_on: DF.Date | None
		company: DF.Link
		completed_on: DF.Date | None
		completion_note: DF.SmallText | None
		decision_type: DF.Literal[
			"",
			"Improvement Opportunity",
			"Change to the ISMS",
			"Resource Need",
			"Policy Change",
			"Objective Change",
		]
		description: DF.SmallText
		due_date: DF.Date
		evidence: DF.Attach | None
		management_review: DF.Link | None
		naming_series: DF.Literal["ISMS-ACT-.YYYY.-"]
		overdue: DF.Check
		owner_employee: DF.Link
		owner_name: DF.Data | None
		owner_user: DF.Link | None
		progress_note: DF.SmallText | None
		status: DF.Literal["Open", "In Progress", "Completed", "Cancelled"]

	# end: auto-generated types
	def validate(self):
		validate_attachments(self)
		self.validate_changes()
		self.validate_completion()
		self.set_status()

	def validate_changes(self):
		if self.is_new() or self.flags.isms_system_update:
			return
		before = self.get_doc_before_save()
		if not before:
			return
		for field in FIXED_FIELDS:
			if self.has_value_changed(field):
				frappe.throw(
					_("{0} of an action cannot be changed.").format(_(self.meta.get_label(field))),
					exc=ActionChangeError,
					title=_("Not Editable"),
				)
		if is_isms_manager(frappe.session.user):
			return
		changed = {
			df.fieldname
			for df in self.meta.fields
			if df.fieldtype not in ("Section Break", "Column Break", "Tab Break")
			and not df.fetch_from  # copied from the owner's Employee, not typed by anyone
			and self.has_value_changed(df.fieldname)
			and df.fieldname not in ("status", "overdue", "closed_on", "closed_by")
		}
		if changed - OWNER_FIELDS:
			frappe.throw(
				_(
					"As the owner you report progress and completion; {0} is changed by the ISMS Manager."
				).format(", ".join(_(self.meta.get_label(f)) for f in sorted(changed - OWNER_FIELDS))),
				exc=ActionChangeError,
				title=_("Not Permitted"),
			)
		if before.status in {s.value for s in CLOSED}:
			frappe.throw(
				_("A closed action can only be reopened by the ISMS Manager."), exc=ActionChangeError
			)

	def validate_completion(self):
		if self.completed_on and getdate(self.completed_on) > getdate(today()):
			frappe.throw(_("An action cannot be completed in the future."), title=_("Invalid Date"))
		if self.completed_on and not (self.completion_note or "").strip():
			frappe.throw(_("Say how the action was completed."), title=_("Completion Note Needed"))
		if self.cancelled and not (self.cancellation_reason or "").strip():
			frappe.throw(_("Say why the action is called off."), title=_("Reason Needed"))

	def set_status(self):
		status = action_status(
			completed_on=getdate(self.completed_on) if self.completed_on else None,
			cancelled=bool(self.cancelled),
			progress_noted=bool((self.progress_note or "").strip()),
		)
		if status in CLOSED and self.status not in {s.value for s in CLOSED}:
			self.closed_on = (
				getdate(self.completed_on) if status is ActionStatus.COMPLETED else getdate(today())
			)
			self.closed_by = frappe.session.user
		elif status not in CLOSED:
			self.closed_on = self.closed_by = None
		self.status = status.value
		self.overdue = int(
			is_overdue(status, getdate(self.due_date) if self.due_date else None, getdate(today()))
		)

	def on_update(self):
		if self.status in {s.value for s in CLOSED} and self.has_value_changed("status"):
			# the owner's reminder is done with the action; assignments are the system's
			close_all_assignments(self.doctype, self.name, ignore_permissions=True)
