# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.document import Document


class ManagementReviewDecision(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		decision_type: DF.Literal[
			"Improvement Opportunity",
			"Change to the ISMS",
			"Resource Need",
			"Policy Change",
			"Objective Change",
		]
		description: DF.SmallText
		due_date: DF.Date
		follow_up: DF.DynamicLink | None
		follow_up_doctype: DF.Link | None
		isms_action: DF.Link | None
		owner_employee: DF.Link
		owner_name: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		security_policy: DF.Link | None
	# end: auto-generated types
	pass
