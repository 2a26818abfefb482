# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class ManagementReviewAttendee(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		apologies: DF.Check
		attended: DF.Check
		employee: DF.Link
		employee_name: DF.Data | None
		isms_roles: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		top_management: DF.Check
		user: DF.Link | None
	# end: auto-generated types
	pass
