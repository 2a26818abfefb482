# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

from frappe.model.document import Document


class ISMSApprovalStep(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action: DF.Data | None
		fingerprint: DF.Data | None
		from_state: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		step_on: DF.Datetime | None
		to_state: DF.Data | None
		user: DF.Link | None
	# end: auto-generated types
	"""One move of an approved record: written by the server, never by a request."""
