# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class ManagementReviewCarriedAction(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action_status: DF.Data | None
		description: DF.SmallText | None
		due_date: DF.Date | None
		isms_action: DF.Link | None
		owner_name: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		status_note: DF.SmallText | None
	# end: auto-generated types
	pass
