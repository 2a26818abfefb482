# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""What was actually communicated about information security (7.4, 5.1 d): when, to whom,
how, by whom, with its evidence. Sending is Frappe's: a Newsletter or an Email sent from
the desk is linked as evidence."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from isms_leadership.exceptions import CommunicationEvidenceError
from isms_leadership.guards.records import validate_attachments
from isms_leadership.queries.appointments import held_roles

#: linked records that must belong to the communication's company
COMPANY_LINKS = (
	("planned_communication", "ISMS Planned Communication"),
	("security_policy", "Security Policy"),
	("management_review", "Management Review"),
	("security_objective", "Security Objective"),
	("sender", "Employee"),
)


class ISMSCommunication(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach | None
		audience: DF.Literal[
			"All employees", "Departments", "ISMS role holders", "Top management", "External parties"
		]
		audience_detail: DF.Data | None
		channel: DF.Literal[
			"Email", "Newsletter", "Meeting", "Intranet", "Training session", "Notice board", "Other"
		]
		communicated_on: DF.Date
		company: DF.Link
		email: DF.Link | None
		management_review: DF.Link | None
		naming_series: DF.Literal["ISMS-COM-.YYYY.-"]
		newsletter: DF.DynamicLink | None
		newsletter_doctype: DF.Link | None
		planned_communication: DF.Link | None
		security_objective: DF.Link | None
		security_policy: DF.Link | None
		sender: DF.Link
		sender_is_top_management: DF.Check
		sender_name: DF.Data | None
		summary: DF.SmallText | None
		topic: DF.Data

	# end: auto-generated types
	def validate(self):
		validate_attachments(self)
		if self.communicated_on and getdate(self.communicated_on) > getdate(today()):
			frappe.throw(
				_("A communication is recorded once it happened; {0} is in the future.").format(
					frappe.format(self.communicated_on, "Date")
				),
				title=_("Invalid Date"),
			)
		self.validate_company_links()
		self.validate_evidence()
		self.set_sender_is_top_management()

	def on_update(self):
		self.update_plan_rows()

	def on_trash(self):
		self.flags.plan_rows = [self.planned_communication]

	def after_delete(self):
		for name in self.flags.plan_rows or []:
			if name and frappe.db.exists("ISMS Planned Communication", name):
				frappe.get_doc("ISMS Planned Communication", name).refresh_state()

	# -------------------------------------------------------------------------------

	def validate_company_links(self):
		for fieldname, doctype in COMPANY_LINKS:
			value = self.get(fieldname)
			if value and frappe.db.get_value(doctype, value, "company") != self.company:
				frappe.throw(
					_("{0} {1} does not belong to {2}.").format(_(doctype), value, self.company),
					title=_("Wrong Company"),
				)

	def validate_evidence(self):
		if not (self.attachment or self.newsletter or self.email):
			frappe.throw(
				_("Attach the evidence, or link the Newsletter or the Email sent from the desk."),
				exc=CommunicationEvidenceError,
				title=_("Evidence Needed"),
			)
		if self.newsletter and not frappe.db.exists("DocType", "Newsletter"):
			# Frappe 16 moved Newsletter to an app of its own: without it, attach the evidence
			frappe.throw(
				_("This site has no Newsletters: attach the evidence or link the Email instead."),
				exc=CommunicationEvidenceError,
				title=_("No Newsletters"),
			)
		self.newsletter_doctype = "Newsletter"
		if self.newsletter and not frappe.db.get_value("Newsletter", self.newsletter, "email_sent"):
			frappe.throw(
				_("Newsletter {0} has not been sent yet; send it first, then record it.").format(
					self.newsletter
				),
				exc=CommunicationEvidenceError,
				title=_("Newsletter Not Sent"),
			)
		if self.email:
			email = frappe.db.get_value(
				"Communication",
				self.email,
				["communication_type", "communication_medium", "sent_or_received"],
				as_dict=True,
			)
			if not email or (email.communication_medium, email.sent_or_received) != ("Email", "Sent"):
				frappe.throw(
					_("{0} is not an email sent from the desk.").format(self.email),
					exc=CommunicationEvidenceError,
					title=_("Not a Sent Email"),
				)

	def set_sender_is_top_management(self):
		roles = held_roles([self.sender], self.company, self.communicated_on).get(self.sender, [])
		self.sender_is_top_management = int(any(top for _name, top in roles))

	def update_plan_rows(self):
		before = self.get_doc_before_save()
		names = {self.planned_communication, before.planned_communication if before else None}
		for name in sorted(n for n in names if n):
			frappe.get_doc("ISMS Planned Communication", name).refresh_state()
