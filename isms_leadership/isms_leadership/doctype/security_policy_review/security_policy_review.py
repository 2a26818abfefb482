# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class SecurityPolicyReview(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		new_version: DF.Link | None
		note: DF.SmallText | None
		outcome: DF.Literal["No Change Needed", "Change Needed"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reviewed_by: DF.Link | None
		reviewed_on: DF.Date
	# end: auto-generated types
	pass
