# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""A completed security awareness session or course of an employee (7.3)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from isms_leadership.guards.records import validate_attachments


class ISMSAwarenessRecord(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company: DF.Link | None
		completed_on: DF.Date
		course: DF.Data
		employee: DF.Link
		employee_name: DF.Data | None
		evidence: DF.Attach | None
		naming_series: DF.Literal["ISMS-AWR-.YYYY.-"]
		notes: DF.SmallText | None

	# end: auto-generated types
	def validate(self):
		validate_attachments(self)
		if self.completed_on and getdate(self.completed_on) > getdate(today()):
			frappe.throw(
				_("Awareness cannot be completed in the future ({0}).").format(
					frappe.format(self.completed_on, "Date")
				),
				title=_("Invalid Date"),
			)
