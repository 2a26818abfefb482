# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""A completed security awareness session or course of an employee (7.3)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today


class ISMSAwarenessRecord(Document):
	def validate(self):
		if self.completed_on and getdate(self.completed_on) > getdate(today()):
			frappe.throw(
				_("Awareness cannot be completed in the future ({0}).").format(
					frappe.format(self.completed_on, "Date")
				),
				title=_("Invalid Date"),
			)
