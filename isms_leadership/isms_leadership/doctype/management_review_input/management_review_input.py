# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class ManagementReviewInput(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		discussion_summary: DF.SmallText | None
		input: DF.Data | None
		input_code: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		system_summary: DF.SmallText | None
	# end: auto-generated types
	pass
