# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class PolicyAcknowledgementCount(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acknowledged: DF.Int
		asked_without_user: DF.Int
		company: DF.Link | None
		not_required: DF.Int
		overdue: DF.Int
		pending: DF.Int
		reconciled_on: DF.Datetime | None
		security_policy: DF.Link

	# end: auto-generated types
	pass
