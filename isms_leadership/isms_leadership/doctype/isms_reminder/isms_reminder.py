# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class ISMSReminder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company: DF.Link | None
		marker: DF.Data
		recipients: DF.SmallText | None
		reference_doctype: DF.Link
		reference_name: DF.DynamicLink
		reminded_on: DF.Datetime | None
		subject: DF.SmallText | None

	# end: auto-generated types
	pass


def on_doctype_update():
	# once per record and marker, also when two workers run the same job
	frappe.db.add_unique("ISMS Reminder", ["reference_doctype", "reference_name", "marker"])
